"""Section, person and tag pages: paginated, newest first, with roles."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Role
from tests.factories import add_byline, make_article, make_edition, make_person, make_photo

pytestmark = pytest.mark.django_db


def test_section_page_lists_its_articles_across_issues_newest_first(client, paper):
    older = make_edition(date=dt.date(2019, 7, 11))
    newer = make_edition(date=dt.date(2019, 7, 18))
    articles = list(client.get("/sections/要闻/").context["articles"])
    assert articles == [newer.inner, older.inner]


def test_section_page_is_paginated_by_twenty(client, edition):
    for n in range(20):
        make_article(page=edition.pages[1], headline=f"要闻{n}")
    first = client.get("/sections/要闻/")
    assert len(first.context["articles"]) == 20
    assert 'rel="next" href="?page=2"' in first.content.decode()
    assert len(client.get("/sections/要闻/?page=2").context["articles"]) == 1


def test_page_beyond_the_last_answers_404(client, edition):
    assert client.get("/sections/要闻/?page=9").status_code == 404


def test_second_page_is_its_own_canonical_url(client, edition):
    for _ in range(20):
        make_article(page=edition.pages[1])
    html = client.get("/sections/要闻/?page=2").content.decode()
    assert '<link rel="canonical" href="http://testserver/sections/%E8%A6%81%E9%97%BB/?page=2">' in html


def test_unknown_section_answers_404(client, edition):
    assert client.get("/sections/不存在/").status_code == 404


def test_section_page_advertises_its_own_feeds(client, edition):
    html = client.get("/sections/要闻/").content.decode()
    assert 'type="application/rss+xml" title="要闻 RSS" href="/sections/%E8%A6%81%E9%97%BB/rss/"' in html
    assert 'type="application/atom+xml" title="要闻 Atom" href="/sections/%E8%A6%81%E9%97%BB/atom/"' in html


def test_person_page_lists_a_reporters_articles_with_the_role(client, edition):
    response = client.get(edition.reporter.get_absolute_url())
    articles = list(response.context["articles"])
    assert {a.pk for a in articles} == {edition.lead.pk, edition.inner.pk}
    assert '<span class="roles">记者</span>' in response.content.decode()


def test_person_page_lists_a_photographers_credits_as_photography(client, edition):
    response = client.get(edition.photographer.get_absolute_url())
    assert list(response.context["articles"]) == [edition.photo_story]
    assert '<span class="roles">摄影</span>' in response.content.decode()


def test_person_with_two_roles_on_one_article_shows_both(client, edition):
    person = make_person("王鹏")
    add_byline(edition.inner, person, role=Role.CORRESPONDENT)
    add_byline(edition.inner, person, role=Role.PHOTOGRAPHER, order=1)
    assert '<span class="roles">通讯员、摄影</span>' in client.get(person.get_absolute_url()).content.decode()


def test_tag_page_lists_tagged_articles(client, edition):
    response = client.get("/tags/党建/")
    assert list(response.context["articles"]) == [edition.lead]
    assert "标签：党建" in response.content.decode()


def test_unknown_tag_answers_404(client, edition):
    assert client.get("/tags/没有/").status_code == 404


def test_section_without_readable_articles_says_what_is_coming(client, edition):
    response = client.get(edition.pages[3].section.get_absolute_url())  # 家园: its page has no text yet
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>栏目：家园</h1>" in html
    assert "“家园”栏目的文字稿还没有录入" in html
    assert f'<a href="{edition.pages[3].get_absolute_url()}">{edition.issue.date_line} 第04版</a>' in html


def test_section_never_printed_yet_still_answers_with_its_name(client, edition):
    from tests.factories import make_section

    make_section("副刊")
    response = client.get("/sections/副刊/")
    assert response.status_code == 200
    assert "本栏目最近见报的版面" not in response.content.decode()


def test_section_page_lists_its_latest_printed_pages(client, edition):
    second = make_edition()
    html = client.get("/sections/要闻/").content.decode()
    assert html.index(second.pages[1].get_absolute_url()) < html.index(edition.pages[1].get_absolute_url())


def test_listings_link_each_article_to_its_section(client, edition):
    html = client.get(edition.reporter.get_absolute_url()).content.decode()
    assert f'<a href="{edition.pages[1].section.get_absolute_url()}">要闻</a>' in html


def test_a_listed_story_without_text_is_excerpted_by_its_first_caption(client, edition):
    story = make_article(page=edition.pages[1], headline="航拍新城", body="")
    make_photo(story, caption="图为高新区新城全景。")
    assert '<p class="story__excerpt">图为高新区新城全景。</p>' in client.get("/sections/要闻/").content.decode()


def test_captions_of_stories_without_text_are_read_in_one_query_however_many(client, edition):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/sections/要闻/").status_code == 200
        return len(queries)

    make_photo(make_article(page=edition.pages[1], headline="航拍新城", body=""), caption="图为新城。")
    one = count()
    for n in range(3):
        make_photo(make_article(page=edition.pages[1], headline=f"航拍{n}", body=""), caption=f"图{n}。")
    assert count() == one
