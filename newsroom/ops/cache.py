"""A Redis cache that is an accelerator, never a dependency.

`ResilientRedisCache` is Django's RedisCache with two changes. A Redis that
refuses, drops or hangs is answered as an empty cache: reads miss, writes
are dropped (`set_many` returns every key as failed, as Django's contract
says), and the caller renders the page itself. And after one failure a
per-process circuit breaker stays open for `CIRCUIT_BREAKER_SECONDS`, during
which the cache is not asked at all, so a dead Redis costs one short timeout
per process per period, not one per request. The outage is logged once when
it starts and once when Redis answers again.

Short timeouts come from OPTIONS (socket_connect_timeout, socket_timeout:
see the settings); redis-py makes no retries unless told to.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from dataclasses import dataclass

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

DEFAULT_BREAKER_SECONDS = 5.0


@dataclass
class _Outage:
    reason: str
    retry_at: float


class CircuitBreaker:
    """Whether one Redis may be asked now; shared by every thread of the
    process (Django makes one cache object per thread)."""

    _by_location: dict[str, CircuitBreaker] = {}
    _lock = threading.Lock()

    def __init__(self, location: str, seconds: float):
        self.location = location
        self.seconds = seconds
        self.outage: _Outage | None = None

    @classmethod
    def for_location(cls, location: str, seconds: float) -> CircuitBreaker:
        with cls._lock:
            breaker = cls._by_location.get(location)
            if breaker is None:
                breaker = cls._by_location[location] = cls(location, seconds)
            breaker.seconds = seconds
            return breaker

    def is_open(self) -> bool:
        outage = self.outage
        return outage is not None and time.monotonic() < outage.retry_at

    def trip(self, exc: Exception) -> None:
        reason = type(exc).__name__
        if self.outage is None:
            # The location is not logged: it may hold a password.
            logger.warning("cache unreachable (%s); serving uncached for %ss at a time", reason, self.seconds)
        self.outage = _Outage(reason=reason, retry_at=time.monotonic() + self.seconds)

    def reset(self) -> None:
        if self.outage is not None:
            self.outage = None
            logger.warning("cache reachable again")


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one redis-py client per connection pool:
    Django builds a new one for every call, which sets up some 170 response
    callbacks each time (about a third of a millisecond, more than the
    round trip of a page-cache hit). redis-py clients are thread-safe."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """RedisCache that degrades to a miss when Redis is unreachable.

    OPTIONS may hold `CIRCUIT_BREAKER_SECONDS` (default 5); every other
    option goes to redis-py's connection pool as with RedisCache.
    """

    def __init__(self, server, params):
        params = {**params, "OPTIONS": dict(params.get("OPTIONS") or {})}
        seconds = float(params["OPTIONS"].pop("CIRCUIT_BREAKER_SECONDS", DEFAULT_BREAKER_SECONDS))
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self.breaker = CircuitBreaker.for_location(str(server), seconds)
        # Django makes one cache object per thread: this flag is the thread's own.
        self._despite_breaker = False

    @contextlib.contextmanager
    def despite_breaker(self):
        """Ask Redis inside this block even while the breaker is open: for
        the rare write that must not be skipped on a guess (an invalidation,
        when Redis may be back before the breaker knows). A success closes it."""
        self._despite_breaker = True
        try:
            yield
        finally:
            self._despite_breaker = False

    @property
    def outage(self) -> str | None:
        """Why the cache is not being used right now, or None when it is."""
        outage = self.breaker.outage
        return outage.reason if outage is not None else None

    def _call(self, method, fallback, *args, **kwargs):
        if self.breaker.is_open() and not self._despite_breaker:
            return fallback
        try:
            result = method(*args, **kwargs)
        except RedisError as exc:
            self.breaker.trip(exc)
            return fallback
        self.breaker.reset()
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._call(super().incr, missing, key, delta, version)
        if result is missing:
            # What incr() of a key that is not there does.
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, None, keys, version)

    def clear(self):
        return self._call(super().clear, False)
