"""The board's moves are edits like any other: the articles' time and
version move, and search, the page cache and the API's sync hear of it."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article, Change
from articles.services import workflow
from newsroom.planning import services
from newsroom.search.models import SearchDocument
from newsroom.search.services import rebuild_index

LONG_AGO = timezone.make_aware(dt.datetime(2020, 1, 1))


@pytest.fixture
def published(pages, add, chief, editor, reporter, django_capture_on_commit_callbacks):
    """Two written and published stories on page 02, 'a' above 'b'."""
    stories = [add(pages[1], slug, reporter=reporter) for slug in ("a", "b")]
    with django_capture_on_commit_callbacks(execute=True):
        articles = [services.start_writing(story=story, user=editor) for story in stories]
        for article in articles:
            article.refresh_from_db()
            for step in ("submit", "approve", "publish"):
                workflow.transition(article=article, action=step, user=chief)
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(updated_at=LONG_AGO)
    return stories, articles


def test_moving_a_story_bumps_the_time_and_version_of_the_articles_that_moved(published, chief):
    (a, _b), articles = published
    versions = {x.pk: x.version for x in Article.objects.filter(pk__in=[x.pk for x in articles])}
    services.move_story(story=a, page=a.page, position=1, user=chief)
    for article in Article.objects.filter(pk__in=versions):
        assert article.updated_at > LONG_AGO
        assert article.version == versions[article.pk] + 1


def test_moving_a_story_records_a_change_naming_the_moved_articles(published, chief):
    (a, _b), articles = published
    services.move_story(story=a, page=a.page, position=1, user=chief)
    change = Change.objects.order_by("-seq").first()
    assert (change.kind, change.action) == ("article", "moved")
    assert change.affected.articles == {x.pk for x in articles}
    assert change.affected.issues == {a.page.issue.date}


def test_after_a_move_the_api_sync_returns_the_moved_articles(published, chief, client, django_capture_on_commit_callbacks):
    (a, _b), articles = published
    since = timezone.now() - dt.timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.move_story(story=a, page=a.page, position=1, user=chief)
    response = client.get("/api/v1/articles", {"updated_since": since.isoformat()})
    assert {item["id"] for item in response.json()["items"]} == {x.pk for x in articles}


def test_after_a_move_the_search_index_is_what_a_rebuild_makes(published, chief, django_capture_on_commit_callbacks):
    (a, _b), _articles = published
    with django_capture_on_commit_callbacks(execute=True):
        services.move_story(story=a, page=a.page, position=1, user=chief)
    moved = sorted(SearchDocument.objects.values_list("article_id", "sort_key", "text"))
    rebuild_index()
    assert sorted(SearchDocument.objects.values_list("article_id", "sort_key", "text")) == moved
