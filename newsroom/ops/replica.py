"""Read replicas: anonymous readers' queries go to the `replica` database.

Active when DATABASE_REPLICA_URL is set (settings add the `replica` alias
and `ReplicaRouter`). `ReplicaReadsMiddleware` decides per request:

- only GET/HEAD without a session cookie (anyone logged in, every editor,
  the admin) and without the read-your-writes cookie, which any other
  request sets for NEWSROOM_READ_YOUR_WRITES_SECONDS, read from the replica;
- and only once the replica has replayed the last committed change: every
  change moves a fence (the primary's WAL position, kept in the shared
  cache, see `fence`) before caches are invalidated, so a page refetched
  after a purge is never rendered from a replica that lags behind it.

Writes, migrations and everything else use the primary (`default`). A
replica that does not answer sends readers to the primary: slower, not down.
"""

from __future__ import annotations

import logging
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
FENCE_KEY = "ops:replica:fence"
# A fence no replica reaches.
NEVER = 2**64

_use_replica: ContextVar[bool] = ContextVar("use_replica", default=False)
# What this process last saw the replica replay, and when it last failed.
_replayed = 0
_down_until = 0.0


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        return REPLICA if _use_replica.get() else "default"

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True

    def allow_migrate(self, db, app_label, **hints) -> bool:
        return db == "default"


def enabled() -> bool:
    return REPLICA in settings.DATABASES


def lsn(text: str) -> int:
    """A PostgreSQL WAL position ("16/B374D848") as a number."""
    high, low = text.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def fence() -> None:
    """Readers may use the replica again only once it has replayed what is committed now."""
    if not enabled():
        return
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            position = lsn(cursor.fetchone()[0])
    except DatabaseError:
        # Position unknown: no replica is trusted until the next change sets a real fence.
        logger.warning("could not read the primary's WAL position; readers use the primary", exc_info=True)
        position = NEVER
    cache.set(FENCE_KEY, position, timeout=None)


def caught_up() -> bool:
    """Whether the replica has replayed up to the fence (asked at most once per fence move)."""
    global _replayed, _down_until
    if time.monotonic() < _down_until:
        return False
    target = cache.get(FENCE_KEY)
    if target is None or _replayed >= target:
        return True
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn()::text")
            (replayed,) = cursor.fetchone()
    except DatabaseError:
        logger.warning("replica did not answer; reading from the primary for 5 s", exc_info=True)
        _down_until = time.monotonic() + 5
        return False
    # NULL: not a standby at all (a misconfigured URL): never trust it.
    _replayed = lsn(replayed) if replayed else 0
    return _replayed >= target


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled():
            return self.get_response(request)
        safe = request.method in ("GET", "HEAD")
        anonymous = not {settings.SESSION_COOKIE_NAME, settings.NEWSROOM_READ_YOUR_WRITES_COOKIE} & set(request.COOKIES)
        if safe and anonymous and caught_up():
            token = _use_replica.set(True)
            try:
                return self.get_response(request)
            finally:
                _use_replica.reset(token)
        response = self.get_response(request)
        if not safe:
            # This browser may have just written: its next reads see the primary.
            response.set_cookie(
                settings.NEWSROOM_READ_YOUR_WRITES_COOKIE,
                "1",
                max_age=settings.NEWSROOM_READ_YOUR_WRITES_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
