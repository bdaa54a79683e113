"""The pages each process keeps of those it served (pagecache.Kept): a hit on
one asks Redis whether it is current, not for the page, and is served on the
same terms as a page read from Redis. Each test runs a redis-server of its
own and reads what Redis sent from Redis's own counters."""

import time

import pytest
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from newsroom.ops import pagecache
from tests.factories import edit_article

pytestmark = pytest.mark.django_db


def sent_by_redis(server, request):
    """`request()`'s response and how many bytes Redis sent meanwhile (the
    INFO reply that opens the count is in it: a kilobyte or two)."""

    def sent() -> int:
        stats = dict(line.split(":", 1) for line in server.cli("INFO", "stats").splitlines() if ":" in line)
        return int(stats["total_net_output_bytes"])

    before = sent()
    response = request()
    return response, sent() - before


def test_a_hit_on_a_kept_page_gets_only_the_generations_from_redis(client, edition, redis_cache):
    page = edition.pages[1].get_absolute_url()
    size = len(client.get(page).content)

    response, sent = sent_by_redis(redis_cache, lambda: client.get(page))

    assert response["X-Cache"] == "HIT"
    assert size > 5000
    assert sent < size / 2


def test_a_kept_page_is_not_served_once_it_changed(client, edition, redis_cache, django_capture_on_commit_callbacks):
    page = edition.pages[1].get_absolute_url()
    client.get(page)
    assert client.get(page)["X-Cache"] == "HIT"

    with django_capture_on_commit_callbacks(execute=True):
        edit_article(edition.inner, headline="进程里留着旧页面也要改")
    response = client.get(page)

    assert response["X-Cache"] == "MISS"
    assert "进程里留着旧页面也要改" in response.content.decode()


def test_a_kept_page_another_server_stored_again_is_read_from_redis(
    client, edition, redis_cache, monkeypatch, django_capture_on_commit_callbacks
):
    page = edition.pages[1].get_absolute_url()
    size = len(client.get(page).content)
    ours = pagecache.kept
    # Another app server (its own memory) makes a change and stores the page again.
    monkeypatch.setattr(pagecache, "kept", pagecache.Kept())
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.bump(pagecache.SITE)
    assert client.get(page)["X-Cache"] == "MISS"
    monkeypatch.setattr(pagecache, "kept", ours)

    response, sent = sent_by_redis(redis_cache, lambda: client.get(page))

    assert response["X-Cache"] == "HIT"
    assert sent > size


def test_a_kept_page_is_not_served_while_redis_is_down(client, edition, redis_cache):
    page = edition.pages[1].get_absolute_url()
    client.get(page)
    assert client.get(page)["X-Cache"] == "HIT"
    redis_cache.stop()

    response = client.get(page)

    assert response.status_code == 200
    assert "X-Cache" not in response
    assert edition.inner.headline in response.content.decode()


def test_past_the_budget_the_page_served_longest_ago_is_no_longer_kept(client, edition, redis_cache, settings):
    first, second = edition.pages[1].get_absolute_url(), "/"
    first_size = len(client.get(first).content)
    second_size = len(client.get(second).content)
    settings.NEWSROOM_PAGE_CACHE_LOCAL_BYTES = max(first_size, second_size) + min(first_size, second_size) // 2
    pagecache.kept.clear()
    client.get(first)  # kept from Redis…
    client.get(second)  # …and dropped for this one

    first_hit, first_sent = sent_by_redis(redis_cache, lambda: client.get(first))
    assert first_hit["X-Cache"] == "HIT"
    assert first_sent > first_size
    second_hit, second_sent = sent_by_redis(redis_cache, lambda: client.get(second))
    assert second_hit["X-Cache"] == "HIT"
    assert second_sent > second_size  # dropped in turn when the first was kept again


def test_with_a_budget_of_zero_every_hit_reads_the_page_from_redis(client, edition, redis_cache, settings):
    settings.NEWSROOM_PAGE_CACHE_LOCAL_BYTES = 0
    page = edition.pages[1].get_absolute_url()
    size = len(client.get(page).content)

    response, sent = sent_by_redis(redis_cache, lambda: client.get(page))

    assert response["X-Cache"] == "HIT"
    assert sent > size


def entry(size: int) -> pagecache.Entry:
    stamp = pagecache.Stamp(generations=("g",), versions=(0,))
    return pagecache.Entry(generations=stamp, status=200, headers=[], content=b"x" * size, expires_at=0, last_modified=0)


@given(st.integers(0, 400), st.lists(st.tuples(st.integers(0, 5), st.integers(0, 200)), max_size=40))
def test_kept_pages_stay_within_the_budget_and_the_newest_that_fits_is_kept_unless_it_is_zero(budget, puts):
    kept = pagecache.Kept()
    with override_settings(NEWSROOM_PAGE_CACHE_LOCAL_BYTES=budget):
        for key, size in puts:
            kept.put(str(key), entry(size))
            held = [kept.get(str(k)) for k in range(6)]
            assert sum(len(e.content) for e in held if e is not None) <= budget
            assert (kept.get(str(key)) is not None) == (0 < budget and size <= budget)


def test_a_kept_page_past_its_time_is_read_from_redis_again(client, edition, redis_cache, settings, monkeypatch):
    page = edition.pages[1].get_absolute_url()
    settings.NEWSROOM_PAGE_CACHE_TIMEOUT = 1
    client.get(page)
    ours = pagecache.kept
    time.sleep(1.1)
    # Another app server stores the page again, for longer.
    settings.NEWSROOM_PAGE_CACHE_TIMEOUT = 300
    monkeypatch.setattr(pagecache, "kept", pagecache.Kept())
    assert client.get(page)["X-Cache"] == "MISS"
    monkeypatch.setattr(pagecache, "kept", ours)

    assert client.get(page)["X-Cache"] == "HIT"
