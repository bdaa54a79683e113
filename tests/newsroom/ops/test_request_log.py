"""One JSON line per request on `newsroom.requests`, with no secrets."""

import json
import logging

import pytest
from django.urls import reverse

from newsroom.ops.logging import JsonLineFormatter
from tests.factories import make_user

pytestmark = pytest.mark.django_db


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.setFormatter(JsonLineFormatter())
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def log_lines():
    handler = Lines()
    logger = logging.getLogger("newsroom.requests")
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


def test_one_json_line_per_request(client, log_lines):
    client.get(reverse("healthz"))
    assert len(log_lines) == 1
    assert "\n" not in log_lines[0]
    line = json.loads(log_lines[0])
    assert line["method"] == "GET"
    assert line["path"] == "/healthz"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["logger"] == "newsroom.requests"


def test_request_id_is_returned_and_logged(client, log_lines):
    response = client.get(reverse("healthz"), headers={"X-Request-ID": "lb-1234"})
    assert response["X-Request-ID"] == "lb-1234"
    assert json.loads(log_lines[0])["request_id"] == "lb-1234"


def test_forged_request_id_is_replaced(client, log_lines):
    response = client.get(reverse("healthz"), headers={"X-Request-ID": "x\" injected"})
    assert response["X-Request-ID"] != "x\" injected"
    assert len(response["X-Request-ID"]) == 32


def test_cookies_and_authorization_are_not_logged(client, log_lines):
    client.cookies["sessionid"] = "secret-session-value"
    client.get(reverse("healthz"), headers={"Authorization": "Bearer secret-token-value"})
    assert "secret-session-value" not in log_lines[0]
    assert "secret-token-value" not in log_lines[0]


def test_password_in_query_string_is_redacted(client, log_lines):
    client.get(reverse("healthz") + "?user=ann&password=hunter2&api_token=abc123")
    line = json.loads(log_lines[0])
    assert "hunter2" not in log_lines[0]
    assert "abc123" not in log_lines[0]
    assert "user=ann" in line["query"]
    assert "password=%5Bredacted%5D" in line["query"]


def test_posted_password_is_not_logged(client, log_lines):
    make_user(superuser=True, username="chief")
    client.post(reverse("admin:login"), {"username": "chief", "password": "wrong-password-xyz"})
    assert log_lines
    assert all("wrong-password-xyz" not in line for line in log_lines)


def test_logged_in_user_is_identified_by_id_only(client, log_lines):
    user = make_user(superuser=True, username="chief-editor")
    client.force_login(user)
    client.get(reverse("admin:index"))
    line = json.loads(log_lines[-1])
    assert line["user_id"] == user.pk
    assert "chief-editor" not in log_lines[-1]
