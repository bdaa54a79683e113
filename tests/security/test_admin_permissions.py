"""The admin's doors, beyond the role matrix (tests/articles/admin/): every
admin URL is closed to the public and to accounts without staff status, every
model's add/delete is closed to staff without the permission, and the bulk
workflow actions of the article list check the publishing permission."""

import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from articles.models import Article
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

DUMMIES = {"int": "1", "str": "x", "slug": "x", "path": "1", "isodate": "2019-07-11", "pageno": "01"}
# Open by design: the login page itself and the logout (POST only).
PUBLIC = {"login/", "logout/"}


def admin_routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from admin_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and route.startswith(settings.ADMIN_URL) and "^" not in route:
            yield re.sub(r"<(?:(\w+):)?\w+>", lambda m: DUMMIES[m.group(1) or "str"], route)


ROUTES = sorted(set(admin_routes()) - {settings.ADMIN_URL + p for p in PUBLIC})


def test_the_walk_covers_every_registered_model():
    for model in admin.site._registry:
        add = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist").lstrip("/")
        assert add in ROUTES


@pytest.mark.parametrize("route", ROUTES)
def test_the_public_is_sent_to_the_login(client, route):
    response = client.get("/" + route)
    assert response.status_code == 302, f"/{route} answered {response.status_code} to an anonymous reader"
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("route", ROUTES)
def test_an_account_without_staff_status_is_sent_to_the_login(route):
    client = Client()
    client.force_login(get_user_model().objects.create_user(username="reader", password="pw"))
    response = client.get("/" + route)
    assert response.status_code == 302, f"/{route} answered {response.status_code} to a non-staff account"
    assert response["Location"].startswith(reverse("admin:login"))


MODELS = [f"{m._meta.app_label}_{m._meta.model_name}" for m in admin.site._registry]


@pytest.mark.parametrize("model", MODELS)
def test_staff_without_permissions_cannot_add(model):
    client = Client()
    client.force_login(make_user())
    response = client.get(reverse(f"admin:{model}_add"))
    assert response.status_code == 403


@pytest.mark.parametrize("model", MODELS)
def test_staff_without_permissions_cannot_list(model):
    client = Client()
    client.force_login(make_user())
    # follow: the one-row Publication's list redirects to its change page.
    assert client.get(reverse(f"admin:{model}_changelist"), follow=True).status_code == 403


def test_staff_without_permissions_cannot_delete_an_article():
    article = make_article()
    client = Client()
    client.force_login(make_user())
    response = client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


@pytest.mark.parametrize("role", ["记者", "编辑"])
@pytest.mark.parametrize(
    ("action", "status", "unchanged"),
    [("publish_selected", Article.Status.APPROVED, Article.Status.APPROVED),
     ("unpublish_selected", Article.Status.PUBLISHED, Article.Status.PUBLISHED)],
)  # fmt: skip
def test_bulk_publishing_needs_the_publishing_permission(role, action, status, unchanged):
    user = make_user(role)
    article = make_article(status=status, created_by=user)
    client = Client()
    client.force_login(user)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": action, "_selected_action": [str(article.pk)], "index": "0"},
    )
    article.refresh_from_db()
    assert article.status == unchanged


def test_chief_editor_may_bulk_publish():
    article = make_article(status=Article.Status.APPROVED)
    client = Client()
    client.force_login(make_user("总编"))
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [str(article.pk)], "index": "0"},
    )
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
