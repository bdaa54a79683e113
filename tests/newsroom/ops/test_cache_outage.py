"""A Redis outage makes the site slower, never down: every test runs a real
redis-server of its own, then stops it or hangs it (SIGSTOP)."""

import logging
import time

import pytest
from django.db import transaction
from django.core.cache import cache
from django.urls import reverse

from newsroom.ops import pagecache
from tests.articles.admin.conftest import form_data
from tests.factories import make_user

pytestmark = pytest.mark.django_db

# What a reader, a search, the feeds and a partner ask for.
PUBLIC = ["/", "/search/?q=%E6%B9%BF%E5%9C%B0", "/feeds/rss/", "/feeds/json/", "/api/v1/articles"]
# The per-request budget asserted below: far above the 0.1 s timeouts, far
# below the seconds an unguarded hung Redis costs.
GENEROUS = 1.0


def test_public_pages_answer_200_uncached_when_redis_is_stopped(client, edition, redis_cache):
    assert client.get(PUBLIC[0])["X-Cache"] == "MISS"
    assert client.get(PUBLIC[0])["X-Cache"] == "HIT"
    redis_cache.stop()

    for url in [*PUBLIC, edition.lead.get_absolute_url(), edition.pages[1].get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Cache" not in response, url
    assert "<mark>湿地</mark>公园项目" in client.get("/search/", {"q": "湿地"}).content.decode()


def test_public_pages_answer_200_when_nothing_listens_on_the_redis_port(client, edition, redis_cache):
    redis_cache.stop()
    for url in PUBLIC:
        assert client.get(url).status_code == 200, url


def test_a_request_with_redis_hung_completes_well_under_a_second(client, edition, redis_cache):
    client.get("/")
    redis_cache.hang()

    started = time.perf_counter()
    response = client.get(edition.pages[1].get_absolute_url())

    assert time.perf_counter() - started < GENEROUS
    assert response.status_code == 200


def test_a_hung_redis_is_not_asked_again_by_every_request(client, edition, settings, redis_cache):
    # A timeout long enough to tell apart: ten requests that each waited on
    # Redis would take at least ten seconds.
    settings.CACHES["default"]["OPTIONS"]["socket_timeout"] = 1.0
    client.get("/")
    redis_cache.hang()
    assert client.get("/").status_code == 200

    started = time.perf_counter()
    responses = [client.get(url) for url in PUBLIC * 2]

    assert time.perf_counter() - started < 5
    assert all(response.status_code == 200 for response in responses)


def test_the_outage_is_logged_once_not_per_request(client, edition, redis_cache, caplog):
    redis_cache.stop()
    with caplog.at_level(logging.WARNING, logger="newsroom.ops.cache"):
        for url in PUBLIC * 3:
            client.get(url)
    assert [r.getMessage() for r in caplog.records if r.name == "newsroom.ops.cache"] == [
        "cache unreachable (ConnectionError); serving uncached for 5.0s at a time"
    ]


def test_the_cache_is_used_again_once_redis_is_back(client, edition, settings, redis_cache):
    settings.CACHES["default"]["OPTIONS"]["CIRCUIT_BREAKER_SECONDS"] = 0.2
    redis_cache.hang()
    assert client.get("/").status_code == 200
    redis_cache.resume()
    time.sleep(0.3)

    assert client.get("/")["X-Cache"] == "MISS"
    assert client.get("/")["X-Cache"] == "HIT"
    assert cache.outage is None


def test_an_edit_invalidates_a_redis_that_is_back_before_the_breaker_closes(
    client, edition, settings, redis_cache, django_capture_on_commit_callbacks
):
    settings.CACHES["default"]["OPTIONS"]["CIRCUIT_BREAKER_SECONDS"] = 60
    page = edition.pages[1].get_absolute_url()
    client.get(page)
    assert client.get(page)["X-Cache"] == "HIT"
    redis_cache.hang()
    client.get("/")  # opens the breaker for a minute
    redis_cache.resume()

    with django_capture_on_commit_callbacks(execute=True):
        edition.inner.headline = "恢复后改的标题"
        edition.inner.save()
    response = client.get(page)

    assert response["X-Cache"] == "MISS"
    assert "恢复后改的标题" in response.content.decode()


def test_an_editors_save_redirects_and_is_kept_when_redis_is_down(
    client, edition, redis_cache, django_capture_on_commit_callbacks
):
    editor = make_user(superuser=True)
    client.force_login(editor)
    change_url = reverse("admin:articles_article_change", args=[edition.inner.pk])
    data = form_data(client.get(change_url))
    redis_cache.stop()
    data["headline"] = "缓存停了也能保存"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url, data)

    assert response.status_code == 302
    edition.inner.refresh_from_db()
    assert edition.inner.headline == "缓存停了也能保存"


def test_an_editor_logs_in_and_opens_the_admin_when_redis_is_down(client, redis_cache):
    make_user("编辑", username="desk")
    redis_cache.stop()
    response = client.post(reverse("admin:login"), {"username": "desk", "password": "pw"})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_an_invalidation_with_redis_down_still_moves_the_database_version(redis_cache):
    """The database version is what decides; Redis only hears of it when it can."""
    before = pagecache.current_versions([pagecache.SITE])
    redis_cache.stop()
    with transaction.atomic():
        pagecache.bump(pagecache.SITE)
    pagecache.forget_versions()
    assert pagecache.current_versions([pagecache.SITE])[0] == before[0] + 1


def test_healthz_says_degraded_with_the_reason_when_redis_is_stopped(client, redis_cache):
    assert client.get(reverse("healthz")).json()["status"] == "ok"
    redis_cache.stop()
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"], body["cache"]) == ("degraded", "ok", "error: ConnectionError")


def test_healthz_says_degraded_quickly_when_redis_hangs(client, redis_cache):
    redis_cache.hang()
    started = time.perf_counter()
    response = client.get(reverse("healthz"))
    assert time.perf_counter() - started < GENEROUS
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["cache"] == "error: TimeoutError"
