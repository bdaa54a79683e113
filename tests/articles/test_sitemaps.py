"""sitemap.xml: an index of the issues', pages', articles', news, sections' and people's sitemaps."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from articles.models import Article, Issue
from tests.factories import make_edition, make_page, make_section

pytestmark = pytest.mark.django_db
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locs(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{NS}loc")]


@pytest.fixture
def edition(db):
    return make_edition()


def test_index_lists_the_six_sitemaps(client, edition):
    assert locs(client, "/sitemap.xml") == [
        "http://testserver/sitemap-issues.xml",
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-news.xml",
        "http://testserver/sitemap-sections.xml",
        "http://testserver/sitemap-people.xml",
    ]


def test_index_states_the_latest_change_of_what_each_sitemap_lists(client, edition):
    utc = dt.timezone.utc
    Issue.objects.update(updated_at=dt.datetime(2019, 7, 11, 8, tzinfo=utc))
    Article.objects.update(updated_at=dt.datetime(2019, 7, 11, 8, tzinfo=utc))
    Article.objects.filter(pk=edition.lead.pk).update(updated_at=dt.datetime(2019, 7, 12, 9, tzinfo=utc))
    # A draft's later change is not the public sitemap's.
    Article.objects.filter(pk=edition.inner.pk).update(
        status=Article.Status.DRAFT, updated_at=dt.datetime(2019, 7, 13, tzinfo=utc)
    )
    root = ET.fromstring(client.get("/sitemap.xml").content)
    # Sections and people have no date of their own: their sitemaps state none.
    lastmods = {
        s.findtext(f"{NS}loc").removeprefix("http://testserver/"): dt.datetime.fromisoformat(s.findtext(f"{NS}lastmod"))
        for s in root.findall(f"{NS}sitemap")
        if s.findtext(f"{NS}lastmod")
    }
    assert lastmods == {
        "sitemap-issues.xml": dt.datetime(2019, 7, 11, 8, tzinfo=utc),
        "sitemap-pages.xml": dt.datetime(2019, 7, 11, 8, tzinfo=utc),
        "sitemap-articles.xml": dt.datetime(2019, 7, 12, 9, tzinfo=utc),
        # The edition was published just now: all of it is in the news sitemap's window.
        "sitemap-news.xml": dt.datetime(2019, 7, 12, 9, tzinfo=utc),
    }


def test_index_loads_no_items_whatever_the_archive_size(client, edition, django_assert_num_queries):
    """Each sitemap's latest lastmod and page count are one aggregate each, never a load of every row."""
    with django_assert_num_queries(10) as queries:
        assert client.get("/sitemap.xml").status_code == 200
    assert all(q["sql"].startswith(("SELECT MAX(", "SELECT COUNT(")) for q in queries.captured_queries)


def test_issue_sitemap_lists_published_issues(client, edition):
    assert locs(client, "/sitemap-issues.xml") == [f"http://testserver{edition.issue.get_absolute_url()}"]


def test_page_sitemap_lists_every_page_of_published_issues(client, edition):
    assert locs(client, "/sitemap-pages.xml") == [f"http://testserver{p.get_absolute_url()}" for p in edition.pages]


def test_article_sitemap_lists_published_articles_with_lastmod(client, edition):
    Article.objects.filter(pk=edition.inner.pk).update(status=Article.Status.DRAFT)
    response = client.get("/sitemap-articles.xml")
    root = ET.fromstring(response.content)
    assert [u.findtext(f"{NS}loc") for u in root.findall(f"{NS}url")] == [
        f"http://testserver{edition.lead.get_absolute_url()}",
        f"http://testserver{edition.photo_story.get_absolute_url()}",
    ]
    assert all(u.findtext(f"{NS}lastmod") for u in root.findall(f"{NS}url"))


def test_unknown_sitemap_section_answers_404(client, edition):
    assert client.get("/sitemap-secrets.xml").status_code == 404


def test_section_sitemap_lists_printed_sections_in_page_order(client, edition):
    make_section("未见报")  # never on a page of a public issue
    assert locs(client, "/sitemap-sections.xml") == [
        f"http://testserver{p.section.get_absolute_url()}" for p in edition.pages
    ]


def test_section_sitemap_leaves_out_a_section_only_on_an_unpublished_issue(client, edition):
    make_page(section="副刊")  # a new issue with no public article
    assert "副刊" not in str(locs(client, "/sitemap-sections.xml"))


def test_people_sitemap_lists_people_with_public_work(client, edition):
    Article.objects.filter(pk=edition.photo_story.pk).update(status=Article.Status.DRAFT)
    assert locs(client, "/sitemap-people.xml") == [f"http://testserver{edition.reporter.get_absolute_url()}"]


def test_article_sitemap_locations_are_the_articles_urls_under_a_script_prefix(edition):
    from django.urls import set_script_prefix

    from articles.sitemaps import ArticleSitemap

    set_script_prefix("/paper/")
    try:
        sitemap = ArticleSitemap()
        rows = list(sitemap.items())
        assert [sitemap.location(row) for row in rows] == [Article.objects.get(pk=row["pk"]).get_absolute_url() for row in rows]
        assert all(sitemap.location(row).startswith("/paper/issues/") for row in rows)
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("section", ["issues", "pages", "articles", "sections", "people"])
def test_each_sitemap_writes_the_elements_djangos_own_template_would(client, edition, section):
    from django.template.loader import render_to_string

    response = client.get(f"/sitemap-{section}.xml")
    theirs = render_to_string("sitemap.xml", {"urlset": response.context["urlset"]})

    def entries(xml):
        return [{child.tag: (child.text or "").strip() for child in url} for url in ET.fromstring(xml)]

    assert entries(response.content) == entries(theirs)
    assert entries(theirs)
