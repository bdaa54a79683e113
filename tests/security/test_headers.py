"""Security headers and cookie flags on every response; password rules."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import make_edition, make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in policy.split(";")) if d}


@pytest.fixture
def urls(db):
    edition = make_edition()
    return {
        "front page": "/",
        "article": edition.lead.get_absolute_url(),
        "feed": reverse("articles:feed_rss"),
        "search": reverse("search:search") + "?q=高新区",
        "admin login": reverse("admin:login"),
        "404": "/no-such-page/",
    }


@pytest.mark.parametrize("name", ["front page", "article", "feed", "search", "admin login", "404"])
def test_every_response_has_a_csp_without_inline_script_or_style(client, urls, name):
    policy = directives(client.get(urls[name]))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


@pytest.mark.parametrize("name", ["front page", "article", "admin login", "404"])
def test_every_response_forbids_sniffing_framing_and_leaking_referrers(client, urls, name):
    response = client.get(urls[name])
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_session_cookie_is_httponly_and_samesite(client):
    make_user(superuser=True, username="chief")
    client.post(reverse("admin:login"), {"username": "chief", "password": "pw"})
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_csrf_cookie_is_httponly_and_samesite(client):
    client.get(reverse("admin:login"))
    cookie = client.cookies["csrftoken"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("x7#kq", "password_too_short"),
        ("8350279164", "password_entirely_numeric"),
        ("password123", "password_too_common"),
        ("chiefeditor", "password_too_similar"),
    ],
)
def test_weak_passwords_are_refused(password, code):
    user = make_user(username="chiefeditor")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert code in {error.code for error in refused.value.error_list}


def test_admin_url_is_configurable():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings.test", "ADMIN_URL": "desk-7f3a"}
    code = "import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "/desk-7f3a/"
