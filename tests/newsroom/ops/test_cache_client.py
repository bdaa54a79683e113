"""The Redis cache's client: built once, not for every call."""

from django.core.cache import caches


def test_one_cache_uses_one_redis_client_for_all_its_calls(redis_cache):
    cache = caches["default"]
    cache.set("a", 1)
    assert cache.get_many(["a", "b"]) == {"a": 1}
    assert cache._cache.get_client() is cache._cache.get_client(write=True)

