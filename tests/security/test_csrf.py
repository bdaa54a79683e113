"""CSRF: no URL of the site accepts a POST without the token, except the
read-only API, which accepts no writes at all."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

# Values for path converters; the CSRF check runs before the view, so they
# need not name existing records.
DUMMIES = {"int": "1", "str": "x", "slug": "x", "path": "1", "uuid": "00000000-0000-0000-0000-000000000001",
           "isodate": "2019-07-11", "pageno": "01", "uslug": "x"}  # fmt: skip
API_PREFIX = "api/v1/"


def routes(patterns=None, prefix=""):
    """(URL, whether the view is CSRF-exempt) for every path() route, with
    converters filled in."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and "^" not in prefix + str(pattern.pattern):
            url = re.sub(r"<(?:(\w+):)?\w+>", lambda m: DUMMIES[m.group(1) or "str"], prefix + str(pattern.pattern))
            yield url, getattr(pattern.callback, "csrf_exempt", False)


ALL_ROUTES = sorted(set(routes()))
FORMS = [url for url, exempt in ALL_ROUTES if not exempt]
EXEMPT = [url for url, exempt in ALL_ROUTES if exempt]


@pytest.fixture
def editor():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(superuser=True))
    return client


def test_the_walk_covers_the_admin_and_the_reader_site():
    assert any(r.endswith("articles/article/add/") for r in FORMS)
    assert any(r.endswith("importrun/upload/") for r in FORMS)
    assert "" in FORMS
    assert len(FORMS) > 50


@pytest.mark.parametrize("route", FORMS)
def test_post_without_token_is_refused(editor, route):
    response = editor.post("/" + route, {"headline": "伪造的请求"})
    assert response.status_code == 403, f"/{route} accepted a POST without a CSRF token"
    assert b"CSRF" in response.content


def test_only_the_read_api_is_exempt():
    assert EXEMPT
    assert all(url.startswith(API_PREFIX) for url in EXEMPT)


@pytest.mark.parametrize("route", EXEMPT)
def test_the_token_free_api_accepts_no_writes(editor, route):
    assert editor.post("/" + route, {}).status_code == 405


def test_admin_login_without_token_is_refused():
    make_user(superuser=True, username="chief")
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "chief", "password": "pw"})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_admin_login_with_token_succeeds():
    make_user(superuser=True, username="chief")
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("admin:login"))
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("admin:login"), {"username": "chief", "password": "pw", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_token_from_another_session_is_refused(editor):
    other = Client(enforce_csrf_checks=True)
    other.get(reverse("admin:login"))
    editor.get(reverse("admin:index"))
    response = editor.post(
        reverse("admin:articles_article_add"),
        {"headline": "伪造的请求", "csrfmiddlewaretoken": other.cookies["csrftoken"].value},
    )
    assert response.status_code == 403
