"""GET /api/v1/articles/removed: what a syncing partner must delete."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article, Transition
from tests.factories import make_article

from .conftest import items

pytestmark = pytest.mark.django_db


def _withdraw(article: Article, at: dt.datetime) -> None:
    Article.objects.filter(pk=article.pk).update(status=Article.Status.WITHDRAWN)
    Transition.objects.create(article=article, from_status="published", to_status="withdrawn", at=at)


def test_withdrawn_article_is_listed_with_its_time(client, db):
    article = make_article()
    at = timezone.now() - dt.timedelta(minutes=5)
    _withdraw(article, at)

    data = items(client.get("/api/v1/articles/removed", {"since": (at - dt.timedelta(minutes=1)).isoformat()}))

    assert [r["id"] for r in data] == [article.pk]
    # JSON times carry milliseconds: rounded down, so passing one back as `since` misses nothing.
    removed_at = dt.datetime.fromisoformat(data[0]["removed_at"].replace("Z", "+00:00"))
    assert removed_at == at.replace(microsecond=at.microsecond // 1000 * 1000)


def test_removals_before_since_are_left_out(client, db):
    _withdraw(make_article(), timezone.now() - dt.timedelta(days=2))

    since = (timezone.now() - dt.timedelta(days=1)).isoformat()

    assert items(client.get("/api/v1/articles/removed", {"since": since})) == []


def test_republished_article_is_not_listed(client, db):
    article = make_article()
    Transition.objects.create(article=article, from_status="published", to_status="withdrawn")
    # Published again since: public now, so not removed.

    assert items(client.get("/api/v1/articles/removed", {"since": "2000-01-01T00:00:00Z"})) == []


def test_draft_that_was_never_published_is_not_listed(client, db):
    draft = make_article(status=Article.Status.DRAFT)
    Transition.objects.create(article=draft, from_status="draft", to_status="review")

    assert items(client.get("/api/v1/articles/removed", {"since": "2000-01-01T00:00:00Z"})) == []


def test_since_is_required(client, db):
    response = client.get("/api/v1/articles/removed")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "since"]
