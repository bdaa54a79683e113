"""GET /api/v1/articles/removed: what a syncing partner must delete —
every article a service took out of publication, withdrawn or deleted."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Change
from articles.services import records, workflow
from newsroom.api.models import Removal
from tests.factories import make_article, make_user

from .conftest import items

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(db):
    return make_user(superuser=True)


def removed_ids(client, since="2000-01-01T00:00:00Z") -> list[int]:
    return [r["id"] for r in items(client.get("/api/v1/articles/removed", {"since": since}))]


def test_withdrawn_article_is_listed_with_the_time_of_the_change(client, chief, django_capture_on_commit_callbacks):
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(article=article, user=chief)
    at = Change.objects.order_by("-seq").first().created_at

    data = items(client.get("/api/v1/articles/removed", {"since": (at - dt.timedelta(minutes=1)).isoformat()}))

    assert [r["id"] for r in data] == [article.pk]
    # JSON times carry milliseconds: rounded down, so passing one back as `since` misses nothing.
    removed_at = dt.datetime.fromisoformat(data[0]["removed_at"].replace("Z", "+00:00"))
    assert removed_at == at.replace(microsecond=at.microsecond // 1000 * 1000)


def test_deleted_article_is_listed(client, django_capture_on_commit_callbacks):
    article = make_article()
    article_id = article.pk
    with django_capture_on_commit_callbacks(execute=True):
        records.delete_article(article=article)

    assert removed_ids(client) == [article_id]


def test_removals_before_since_are_left_out(client, chief, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(article=make_article(), user=chief)
    Removal.objects.update(at=timezone.now() - dt.timedelta(days=2))

    assert removed_ids(client, since=(timezone.now() - dt.timedelta(days=1)).isoformat()) == []


def test_republished_article_is_not_listed(client, chief, django_capture_on_commit_callbacks):
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(article=article, user=chief)
        for action in ("send_back", "submit", "approve", "publish"):
            workflow.transition(article=article, action=action, user=chief)

    assert removed_ids(client) == []


def test_draft_that_was_never_published_is_not_listed(client, chief, django_capture_on_commit_callbacks):
    draft = make_article(status=Article.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(article=draft, user=chief)

    assert removed_ids(client) == []


def test_since_is_required(client, db):
    response = client.get("/api/v1/articles/removed")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "since"]


def test_an_article_deleted_in_the_admin_is_listed(client, chief, django_capture_on_commit_callbacks):
    article = make_article()
    admin = Client()
    admin.force_login(chief)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert Removal.objects.filter(article_id=article.pk).exists()
    assert removed_ids(client) == [article.pk]
