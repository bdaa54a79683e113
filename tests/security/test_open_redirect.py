"""Login and logout never send an editor to another site, whatever `next` says."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

EVIL = [
    "https://evil.example/",
    "//evil.example/",
    "http:\\\\evil.example",
    "/\\evil.example",
    "https:evil.example",
    " https://evil.example",
    "javascript:alert(1)",
    "https://evil.example@testserver/",
]


@pytest.mark.parametrize("target", EVIL)
def test_login_ignores_a_foreign_next(target):
    make_user(superuser=True, username="chief")
    response = Client().post(
        reverse("admin:login"), {"username": "chief", "password": "pw", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_login_follows_a_local_next():
    make_user(superuser=True, username="chief")
    target = reverse("admin:articles_article_changelist")
    response = Client().post(reverse("admin:login"), {"username": "chief", "password": "pw", "next": target})
    assert response["Location"] == target


@pytest.mark.parametrize("target", EVIL)
def test_login_page_does_not_offer_a_foreign_next_to_a_logged_in_editor(target):
    client = Client()
    client.force_login(make_user(superuser=True))
    response = client.get(reverse("admin:login"), {"next": target})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert not response["Location"].startswith("javascript:")


@pytest.mark.parametrize("target", EVIL)
def test_logout_ignores_a_foreign_next(target):
    client = Client()
    client.force_login(make_user(superuser=True))
    response = client.post(reverse("admin:logout"), {"next": target})
    assert "evil.example" not in response.get("Location", "")
    assert not response.get("Location", "").startswith("javascript:")
