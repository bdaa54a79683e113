"""`/healthz`: what a load balancer probes before it sends readers here."""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles import changes


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


class CacheUnreachable(RuntimeError):
    pass


def _cache() -> str:
    # A value of our own, so a cache that silently drops writes also fails.
    key, token = "ops:healthz", uuid.uuid4().hex
    cache.set(key, token, timeout=10)
    answer = cache.get(key)
    # A resilient cache answers a miss instead of raising, and says why.
    outage = getattr(cache, "outage", None)
    if outage:
        return f"error: {outage}"
    if answer != token:
        raise CacheUnreachable("cache did not return what was just written")
    return "ok"


# Parts the site cannot answer without (503: take this node out of the
# pool), and parts it only runs slower without (200, "degraded").
_REQUIRED = {"database": _database}
_OPTIONAL = {"cache": _cache}


@never_cache
@require_safe
def healthz(request):
    """`ok`, `degraded` (an accelerator such as the cache is unreachable:
    still 200, the node serves uncached) or `error` (503: the database);
    also how many changes are pending and how old the oldest is (seconds).

    The body names the failing part only by its kind of error: a probe's
    response must not leak connection strings or hosts.
    """
    checks = {}
    for name, check in (_REQUIRED | _OPTIONAL).items():
        try:
            checks[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
            checks[name] = f"error: {type(exc).__name__}"
    if any(checks[name] != "ok" for name in _REQUIRED):
        status = "error"
    elif any(checks[name] != "ok" for name in _OPTIONAL):
        status = "degraded"
    else:
        status = "ok"
    body = {"status": status, **checks}
    if checks["database"] == "ok":
        body["changes"] = _pending_changes()
    return JsonResponse(body, status=503 if status == "error" else 200)


def _pending_changes() -> dict:
    """How far the consumers (search, page cache, …) are behind the change
    log: informative only, a backlog never makes the site unready."""
    count, oldest = changes.pending_summary()
    age = round((timezone.now() - oldest).total_seconds(), 1) if oldest else None
    return {"pending": count, "oldest_age_seconds": age}
