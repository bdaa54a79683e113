"""Parts many pages share (the masthead and footer, an issue's navigation),
reused until a change or the schedule says otherwise (articles.reuse)."""

import datetime as dt
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import reuse
from articles.context_processors import masthead
from articles.models import Article
from tests.factories import applied, make_article, make_edition, make_issue, make_page, make_teaser, make_user, save_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def reuse_reads(settings):
    settings.NEWSROOM_REUSE_READS = True
    reuse.forget()
    yield
    reuse.forget()


def names(shown) -> list[str]:
    return [section.name for section in shown.sections]


def test_a_second_page_reuses_the_masthead_with_one_query(django_assert_num_queries):
    make_article(page=make_page(section="要闻"))
    masthead()
    with django_assert_num_queries(1):
        assert names(masthead()) == ["要闻"]


def test_a_recorded_change_loads_the_masthead_again():
    section = make_article(page=make_page(section="要闻")).page.section
    masthead()
    section.name = "时政要闻"
    save_record(section)
    assert names(masthead()) == ["时政要闻"]


def test_a_scheduled_article_going_public_loads_the_masthead_again():
    make_article(page=make_page(section="要闻"))
    soon = timezone.now() + dt.timedelta(seconds=1)
    make_article(page=make_page(issue=make_issue(), section="民生"), published_at=soon)
    assert names(masthead()) == ["要闻"]
    time.sleep(max(0.0, (soon - timezone.now()).total_seconds()) + 0.05)
    assert set(names(masthead())) == {"要闻", "民生"}


def test_without_reuse_every_page_loads_it(settings, django_assert_num_queries):
    settings.NEWSROOM_REUSE_READS = False
    make_article(page=make_page(section="要闻"))
    masthead()
    with django_assert_num_queries(3):
        masthead()


def test_a_store_past_its_size_starts_again():
    for n in range(reuse.MAX_PARTS + 1):
        reuse.reused(("part", n), lambda n=n: n)
    loads = []
    reuse.reused(("part", 0), lambda: loads.append("again"))
    assert loads == ["again"]


def test_one_request_reads_the_change_log_once_for_every_part(client):
    article = applied(make_article())
    client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.get_absolute_url()).status_code == 200
    read = [q["sql"] for q in queries.captured_queries]
    assert sum('FROM "articles_change"' in sql for sql in read) == 1
    assert not any('FROM "articles_page"' in sql or '"articles_section"."id" IN' in sql for sql in read)


def test_a_reader_sees_a_newly_published_article_in_the_issue_navigation(client):
    lead = applied(make_article(headline="头条"))
    draft = make_article(page=lead.page, position=1, headline="待发稿件", status=Article.Status.DRAFT)
    assert "待发稿件" not in client.get(lead.get_absolute_url()).content.decode()
    draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now()
    draft.save()
    applied(draft)
    assert "待发稿件" in client.get(lead.get_absolute_url()).content.decode()


def test_an_editors_draft_in_the_navigation_is_never_reused_for_readers(client):
    lead = applied(make_article(headline="头条"))
    make_article(page=lead.page, position=1, headline="待发稿件", status=Article.Status.DRAFT)
    client.force_login(make_user("编辑"))
    assert "待发稿件" in client.get(lead.get_absolute_url()).content.decode()
    client.logout()
    assert "待发稿件" not in client.get(lead.get_absolute_url()).content.decode()


def test_a_reused_part_names_what_it_shows_for_the_http_cache_every_time():
    from articles import surrogates

    article = applied(make_article())
    loads = []

    def load():
        loads.append(1)
        return list(Article.objects.filter(pk=article.pk))

    with surrogates.collecting() as first:
        reuse.reused("part", load)
    with surrogates.collecting() as second:
        reuse.reused("part", load)
    assert surrogates.article_key(article.pk) in first
    assert second == first
    assert len(loads) == 1


def test_a_second_reader_of_a_page_reuses_its_teasers_and_pointers(client):
    edition = make_edition()
    applied(edition.lead)
    url = edition.pages[0].get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not any('FROM "articles_teaser"' in query["sql"] for query in queries.captured_queries)


def test_a_teaser_to_a_draft_previewed_by_an_editor_is_never_reused_for_readers(client):
    edition = make_edition()
    draft = make_article(page=edition.pages[1], position=1, headline="待发稿件", status=Article.Status.DRAFT)
    teaser = make_teaser(page=edition.pages[0], target_page=edition.pages[1], title="待发 导读", order=2)
    teaser.target_article = draft
    teaser.save()
    applied(edition.lead)
    client.force_login(make_user("编辑"))
    assert draft.get_absolute_url() in client.get(edition.pages[0].get_absolute_url()).content.decode()
    client.logout()
    assert draft.get_absolute_url() not in client.get(edition.pages[0].get_absolute_url()).content.decode()


# {% reused %}: a fragment's HTML, reused like the parts it shows.


def render_fragment(user, number: int) -> str:
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    fragment = engines["django"].from_string('{% load reader %}{% reused "fragment" %}第{{ n }}版{% endreused %}')
    return fragment.render({"n": number}, request)


def test_a_fragment_is_rendered_once_for_the_public():
    assert render_fragment(None, 1) == "第1版"
    assert render_fragment(None, 2) == "第1版"


def test_a_recorded_change_renders_the_fragment_again():
    render_fragment(None, 1)
    save_record(make_issue())
    assert render_fragment(None, 2) == "第2版"


def test_staff_get_the_fragment_rendered_afresh():
    editor = make_user("编辑")
    render_fragment(None, 1)
    assert render_fragment(editor, 2) == "第2版"


def test_the_site_footer_is_one_fragment_for_every_page(client):
    edition = make_edition()
    first = client.get(edition.pages[0].get_absolute_url())
    second = client.get(edition.pages[1].get_absolute_url())
    assert "includes/footer.html" in [template.name for template in first.templates]
    assert "includes/footer.html" not in [template.name for template in second.templates]
    assert 'class="site-footer"' in second.content.decode()


def test_a_lists_count_is_reused_until_a_change(client):
    edition = make_edition()
    section_url = edition.lead.page.section.get_absolute_url()
    counted = client.get(section_url).context["paginator"].count
    with CaptureQueriesContext(connection) as queries:
        assert client.get(section_url).context["paginator"].count == counted
    assert not any("COUNT(" in query["sql"] for query in queries.captured_queries)
    make_article(page=edition.lead.page, position=9)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(section_url).context["paginator"].count == counted + 1
    assert any("COUNT(" in query["sql"] for query in queries.captured_queries)


def test_the_archive_is_made_once_until_an_issue_is_published(client, django_assert_num_queries):
    first = make_edition(date=dt.date(2019, 7, 11))
    assert first.issue.date_line in client.get("/issues/").content.decode()
    with django_assert_num_queries(1):  # the change log's latest entry
        client.get("/issues/")
    second = make_edition(date=dt.date(2019, 7, 12))
    html = client.get("/issues/").content.decode()
    assert first.issue.date_line in html
    assert second.issue.date_line in html
