"""Each endpoint's query count, pinned and the same for 1 item as for many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import add_byline, make_article, make_channel, make_page, make_photo, set_publication

pytestmark = pytest.mark.django_db


def _rich_article(page=None):
    article = make_article(page=page)
    article.tags.add("党建", f"标签{article.pk}")
    add_byline(article)
    make_photo(article, credit=None)
    return article


def _grow(n: int, page=None) -> None:
    for _ in range(n):
        _rich_article(page)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# Articles (with bylines+people and photos+credits: articles.inline), renditions, tags.
ARTICLE_QUERIES = 3


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/v1/articles", ARTICLE_QUERIES),
        ("/api/v1/articles?updated_since=2000-01-01T00:00:00Z&tag=党建&person=nobody-or-anyone", ARTICLE_QUERIES - 2),
        ("/api/v1/issues", 2),
        ("/api/v1/sections", 1),
        ("/api/v1/people", 1),
        ("/api/v1/tags", 1),
        ("/api/v1/channels", 1),
        # The publication, and no query for renditions: its images come
        # from the prepared pieces.
        ("/feeds/json/", ARTICLE_QUERIES),
    ],
)
def test_list_query_count_is_pinned_and_flat(client, django_assert_num_queries, url, expected):
    set_publication()
    _grow(1)
    with django_assert_num_queries(expected):
        client.get(url)
    _grow(6)
    with django_assert_num_queries(expected):
        client.get(url)


def test_article_detail_query_count(client, django_assert_num_queries):
    article = _rich_article()

    with django_assert_num_queries(ARTICLE_QUERIES):
        client.get(f"/api/v1/articles/{article.pk}")


def test_page_query_count_is_flat_in_its_articles(client, django_assert_num_queries):
    page = make_page()
    _grow(1, page)
    url = f"/api/v1/issues/{page.issue.date}/pages/1"
    # The page with its teasers, then its articles.
    expected = 2 + ARTICLE_QUERIES

    assert _count(client, url) == expected
    _grow(5, page)
    with django_assert_num_queries(expected):
        client.get(url)


def test_issue_detail_query_count_is_flat(client, django_assert_num_queries):
    page = make_page()
    _grow(1, page)
    url = f"/api/v1/issues/{page.issue.date}"

    assert _count(client, url) == 3
    _grow(5, page)
    with django_assert_num_queries(3):
        client.get(url)


def test_publication_query_count(client, django_assert_num_queries):
    make_channel()
    client.get("/api/v1/publication")  # creates the singleton row once

    with django_assert_num_queries(2):
        client.get("/api/v1/publication")
