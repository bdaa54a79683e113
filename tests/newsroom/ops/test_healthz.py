"""/healthz: the load balancer's probe of the database and the cache."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthy_when_database_and_cache_answer(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "changes": {"pending": 0, "oldest_age_seconds": None},
    }


def test_degraded_but_serving_when_a_plain_redis_cache_is_unreachable(client, settings):
    # A real Redis client pointed at a port nothing listens on: the node
    # still serves (uncached), so the load balancer must keep it.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "error: ConnectionError"}


def test_unhealthy_answer_does_not_leak_the_connection_string(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://:hunter2@127.0.0.1:1/0",
        }
    }
    body = client.get(reverse("healthz")).content.decode()
    assert "hunter2" not in body
    assert "127.0.0.1" not in body


def test_never_cached(client):
    assert "no-cache" in client.get(reverse("healthz"))["Cache-Control"]


def test_answers_plain_http_when_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get("/").status_code == 301


def test_refuses_writes(client):
    assert client.post(reverse("healthz")).status_code == 405
