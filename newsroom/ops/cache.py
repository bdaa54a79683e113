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

`get_many_watched` reads keys that change rarely but are read on every
request (the page cache's generations) through a `Watch`: this process
holds their values while Redis says none of them changed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError, ResponseError

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


class TrackingRefused(Exception):
    """Redis will not track keys for this process (older than 6, a proxy, an ACL)."""


class Watch:
    """The values of keys under one prefix, held in this process while Redis
    says none of them changed.

    Redis's client-side caching in broadcasting mode: one connection of this
    process is subscribed to `__redis__:invalidate`, and another asks Redis
    (CLIENT TRACKING ON REDIRECT … BCAST PREFIX …) to name there every key
    under the prefix that changes, whoever changes it, in the same moment it
    answers the writer. A read first drains what arrived (a poll of both
    sockets, no round trip) and asks Redis only for keys it does not hold.

    A closed connection shows in that poll, and everything held is dropped
    with it. A connection lost without a word (no FIN, no RST) cannot show,
    so every CONFIRM_SECONDS everything held is read again: such a loss
    costs at most that long. One per process and prefix, shared by
    gunicorn's threads, hence the lock; made again in a forked child.
    """

    CONFIRM_SECONDS = 1.0
    _by_prefix: dict[tuple[str, str], Watch] = {}
    _registry_lock = threading.Lock()

    def __init__(self, url: str, prefix: str, options: dict, loads: Callable[[bytes], Any]) -> None:
        self.url, self.prefix, self._loads = url, prefix, loads
        # RESP2 on both: the invalidations arrive as ordinary pub/sub messages.
        self._pool = redis.ConnectionPool.from_url(url, **options, protocol=2)
        self._lock = threading.Lock()
        self._messages: redis.connection.AbstractConnection | None = None
        self._reads: redis.connection.AbstractConnection | None = None
        self._pid = 0
        self._values: dict[str, Any] = {}  # key -> its value, as `loads` makes it
        self._held_since = 0.0
        self.refused = False

    @classmethod
    def of(cls, url: str, prefix: str, options: dict, loads: Callable[[bytes], Any]) -> Watch:
        with cls._registry_lock:
            watch = cls._by_prefix.get((url, prefix))
            if watch is None:
                watch = cls._by_prefix[(url, prefix)] = cls(url, prefix, options, loads)
            return watch

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        """The values of those of `keys` (each under the prefix) that exist.

        Raises RedisError when Redis cannot be asked, TrackingRefused (once;
        `refused` says so after) when it will not track."""
        with self._lock:
            if self._messages is not None and self._pid == os.getpid():
                try:
                    return self._get_many(keys)
                except RedisError:
                    # Ended since the last read (Redis restarted, or dropped
                    # an idle client): once more, on new connections.
                    self.close()
            try:
                return self._get_many(keys)
            except BaseException:
                self.close()
                raise

    def close(self) -> None:
        """Forget everything held and close both connections."""
        for connection in (self._messages, self._reads):
            if connection is not None:
                connection.disconnect()
        self._messages = self._reads = None
        self._values.clear()

    def _get_many(self, keys: list[str]) -> dict[str, Any]:
        if self._messages is None or self._pid != os.getpid():
            # Also in a forked child, which must never read its parent's sockets.
            self._connect()
        self._drain()
        now = time.monotonic()
        if now - self._held_since >= self.CONFIRM_SECONDS:
            self._values.clear()
            self._held_since = now
        missing = [key for key in keys if key not in self._values]
        if missing:
            self._reads.send_command("MGET", *missing)
            for key, value in zip(missing, self._reads.read_response(), strict=True):
                if value is not None:
                    self._values[key] = self._loads(value)
            # An invalidation that crossed the reply drops what it names again.
            self._drain()
        return {key: self._values[key] for key in keys if key in self._values}

    def _connect(self) -> None:
        self._values.clear()
        self._pid = os.getpid()
        self._messages = self._pool.make_connection()
        self._reads = self._pool.make_connection()
        try:
            self._messages.send_command("CLIENT", "ID")
            subscriber = self._messages.read_response()
            self._messages.send_command("SUBSCRIBE", "__redis__:invalidate")
            self._messages.read_response()
            self._reads.send_command("CLIENT", "TRACKING", "ON", "REDIRECT", subscriber, "BCAST", "PREFIX", self.prefix)
            self._reads.read_response()
        except ResponseError as exc:
            self.refused = True
            raise TrackingRefused(str(exc)) from exc

    def _drain(self) -> None:
        while self._messages.can_read(timeout=0):
            kind, _channel, keys = self._messages.read_response()
            if kind != b"message":
                continue
            if keys is None:  # FLUSHDB, FLUSHALL
                self._values.clear()
            for key in keys or ():
                self._values.pop(key.decode(), None)
        if self._reads.can_read(timeout=0):
            # Nothing is owed on it: this is its end (a closed socket raises here too).
            raise RedisConnectionError("the tracking connection spoke unasked")


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
        self._watches: dict[str, tuple[str, Watch]] = {}  # prefix -> (its full key prefix, the process's Watch)

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

    def get_many_watched(self, keys: list[str], *, prefix: str) -> dict:
        """get_many() of keys under `prefix` that change rarely but are read
        on every request, through this process's `Watch` of the prefix: no
        round trip while Redis has said none of them changed. A Redis that
        will not track is asked with get_many() instead, from then on."""
        watched = self._watches.get(prefix)
        if watched is None:  # once per thread's cache object, not on every hit
            full_prefix = self.make_key(prefix)
            watch = Watch.of(self._servers[0], full_prefix, self._watch_options(), self._cache._serializer.loads)
            watched = self._watches[prefix] = (full_prefix, watch)
        full_prefix, watch = watched
        full_keys = {self.make_key(key): key for key in keys}
        # A KEY_FUNCTION may not keep the prefix in front.
        if watch.refused or not all(full_key.startswith(full_prefix) for full_key in full_keys):
            return self.get_many(keys)
        try:
            found = self._call(watch.get_many, None, list(full_keys))
        except TrackingRefused as exc:
            logger.warning("Redis will not track keys (%s): they are read from it on every request", exc)
            return self.get_many(keys)
        if found is None:
            return {}
        return {full_keys[full_key]: value for full_key, value in found.items()}

    def _watch_options(self) -> dict:
        # The pool's own options (timeouts, TLS) but its parser, which speaks RESP3.
        return {name: value for name, value in self._cache._pool_options.items() if name != "parser_class"}

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
