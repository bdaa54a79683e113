import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def attempt(client: Client, username: str, password: str):
    return client.post(reverse("admin:login"), {"username": username, "password": password})


def test_correct_password_logs_in():
    make_user("编辑", username="zhang")
    client = Client()

    response = attempt(client, "zhang", "pw")

    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_five_failures_lock_the_account_out_even_with_the_right_password(settings):
    make_user("编辑", username="zhang")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "zhang", "wrong").status_code == 200

    locked = attempt(client, "zhang", "wrong")
    after = attempt(client, "zhang", "pw")

    assert locked.status_code == 429
    assert after.status_code == 429
    assert "登录已被暂时锁定" in after.content.decode()


def test_failures_of_one_user_do_not_lock_out_another(settings):
    make_user("编辑", username="zhang")
    make_user("编辑", username="li")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "zhang", "wrong")

    assert attempt(client, "li", "pw").status_code == 302
