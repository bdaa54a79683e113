"""The page cache's generations held in each process while Redis says they
have not changed (newsroom.ops.cache.Watch, Redis's client-side caching in
broadcasting mode). Each test runs a redis-server of its own, changes it the
way another app server or an operator would, and reads what Redis was asked
from its own counters."""

import time
import uuid

import pytest
import redis
from hypothesis import given, settings
from hypothesis import strategies as st
from django.core.cache import cache
from django.core.cache.backends.redis import RedisSerializer

from newsroom.ops import pagecache
from newsroom.ops.cache import Watch

from .redis_server import RedisServer, page_cache_in

pytestmark = pytest.mark.django_db


def commands(server) -> int:
    """How many commands Redis ran, INFO aside."""
    counts = 0
    for line in server.cli("INFO", "commandstats").splitlines():
        if line.startswith("cmdstat_") and not line.startswith("cmdstat_info:"):
            counts += int(line.split("calls=", 1)[1].split(",", 1)[0])
    return counts


def set_by_another_server(server, scope: str) -> None:
    """What another app server's pagecache.bump() does to Redis: a new generation."""
    connection = redis.Redis.from_url(server.url)
    connection.set(cache.make_key(pagecache._PREFIX + scope), RedisSerializer().dumps(uuid.uuid4().hex))
    connection.close()


def client_ids(server, flag: str) -> list[str]:
    """The ids of Redis's clients whose flags include `flag` (t: tracking, P: subscribed)."""
    clients = (dict(pair.split("=", 1) for pair in line.split()) for line in server.cli("CLIENT", "LIST").splitlines())
    return [client["id"] for client in clients if flag in client["flags"]]


def served_from_the_cache(client, page: str) -> None:
    """`page` rendered, stored, then served as a hit (and kept)."""
    client.get(page)
    assert client.get(page)["X-Cache"] == "HIT"


def test_a_hit_on_a_kept_page_asks_redis_nothing(client, edition, redis_cache):
    page = edition.pages[1].get_absolute_url()
    served_from_the_cache(client, page)
    before = commands(redis_cache)

    response = client.get(page)

    assert response["X-Cache"] == "HIT"
    assert commands(redis_cache) == before


def test_a_generation_another_server_set_is_seen_by_the_next_request(client, edition, redis_cache):
    page = edition.pages[1].get_absolute_url()
    served_from_the_cache(client, page)

    set_by_another_server(redis_cache, pagecache.SITE)

    assert client.get(page)["X-Cache"] == "MISS"


def test_a_flushed_redis_is_seen_by_the_next_request(client, edition, redis_cache):
    page = edition.pages[1].get_absolute_url()
    served_from_the_cache(client, page)

    redis_cache.cli("FLUSHALL")

    assert client.get(page)["X-Cache"] == "MISS"


@pytest.mark.parametrize("flag", ["t", "P"], ids=["tracking", "subscriber"])
def test_a_closed_connection_of_the_watch_is_noticed_before_the_next_hit(client, edition, redis_cache, flag):
    page = edition.pages[1].get_absolute_url()
    served_from_the_cache(client, page)
    (watching,) = client_ids(redis_cache, flag)
    redis_cache.cli("CLIENT", "KILL", "ID", watching)
    # Told to nobody: the killed connection took the tracking with it.
    set_by_another_server(redis_cache, pagecache.SITE)

    response = client.get(page)

    assert response["X-Cache"] == "MISS"
    assert client.get(page)["X-Cache"] == "HIT"  # watching again, on new connections
    assert client_ids(redis_cache, flag) != [watching]


def test_a_restarted_redis_is_watched_again_without_opening_the_breaker(client, edition, redis_cache):
    page = edition.pages[1].get_absolute_url()
    client.get(page)
    redis_cache.stop()
    redis_cache.start()

    assert client.get(page)["X-Cache"] == "MISS"
    assert cache.outage is None
    assert client.get(page)["X-Cache"] == "HIT"


def test_what_is_held_is_read_again_every_confirm_seconds(client, edition, redis_cache, monkeypatch):
    page = edition.pages[1].get_absolute_url()
    served_from_the_cache(client, page)
    monkeypatch.setattr(Watch, "CONFIRM_SECONDS", 0.2)
    client.get(page)
    before = commands(redis_cache)
    time.sleep(0.25)

    assert client.get(page)["X-Cache"] == "HIT"
    assert commands(redis_cache) == before + 1  # one MGET of the generations


def test_a_hung_redis_is_noticed_within_confirm_seconds(client, edition, redis_cache, monkeypatch):
    page = edition.pages[1].get_absolute_url()
    served_from_the_cache(client, page)
    monkeypatch.setattr(Watch, "CONFIRM_SECONDS", 0.2)
    client.get(page)
    redis_cache.hang()
    time.sleep(0.25)

    response = client.get(page)

    assert response.status_code == 200
    assert "X-Cache" not in response  # rendered, not served from what the watch held
    assert cache.outage is not None


@pytest.fixture
def untracking_redis(settings):
    """The page cache in a Redis that will not track keys, as behind a proxy
    that does not pass CLIENT on."""
    server = RedisServer(options=("--rename-command", "CLIENT", "")).start()
    page_cache_in(settings, server)
    yield server
    pagecache.forget_versions()
    server.close()


def test_a_redis_that_will_not_track_serves_hits_read_from_it(client, edition, untracking_redis, caplog):
    page = edition.pages[1].get_absolute_url()
    served_from_the_cache(client, page)
    before = commands(untracking_redis)

    response = client.get(page)

    assert response["X-Cache"] == "HIT"
    assert commands(untracking_redis) == before + 1  # the generations, asked for again
    assert cache.outage is None
    assert "will not track keys" in caplog.text


class NeverConfirming(Watch):
    """A watch right by Redis's word alone, never by reading again."""

    CONFIRM_SECONDS = float("inf")


@pytest.fixture(scope="module")
def watched_redis():
    server = RedisServer().start()
    yield server
    server.close()


KEYS = ["w:a", "w:b", "w:c", "x:a"]  # the last outside the watched prefix
CHANGES = st.one_of(
    st.tuples(st.just("set"), st.sampled_from(KEYS), st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("delete"), st.sampled_from(KEYS)),
    st.tuples(st.just("flush")),
    st.tuples(st.just("kill"), st.sampled_from(["t", "P"])),
    st.tuples(st.just("read"), st.lists(st.sampled_from(KEYS[:3]), min_size=1, unique=True)),
)


@settings(max_examples=60, deadline=None)
@given(changes=st.lists(CHANGES, max_size=12))
def test_a_watch_reads_what_redis_holds_whoever_changed_it(watched_redis, changes):
    other = redis.Redis.from_url(watched_redis.url)
    other.flushall()
    watch = NeverConfirming(watched_redis.url, "w:", {"socket_timeout": 1}, loads=bytes)
    try:
        for change, *args in [*changes, ("read", KEYS[:3])]:
            if change == "set":
                other.set(*args)
            elif change == "delete":
                other.delete(*args)
            elif change == "flush":
                other.flushall()
            elif change == "kill" and watch._messages is not None:
                for client in client_ids(watched_redis, args[0]):
                    watched_redis.cli("CLIENT", "KILL", "ID", client)
            elif change == "read":
                (keys,) = args
                held = {key: value for key, value in zip(keys, other.mget(keys)) if value is not None}
                assert watch.get_many(keys) == held
    finally:
        watch.close()
        other.close()
