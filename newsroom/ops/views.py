"""`/healthz`: what a load balancer probes before it sends readers here."""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.utils import timezone

from articles import changes
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    # A value of our own, so a cache that silently drops writes also fails.
    key, token = "ops:healthz", uuid.uuid4().hex
    cache.set(key, token, timeout=10)
    if cache.get(key) != token:
        raise RuntimeError("cache did not return what was just written")
    return "ok"


@never_cache
@require_safe
def healthz(request):
    """200 when the database and the shared cache answer, 503 otherwise;
    also how many changes are pending and how old the oldest is (seconds).

    The body names the failing part only by its kind of error: a probe's
    response must not leak connection strings or hosts.
    """
    checks = {}
    for name, check in (("database", _database), ("cache", _cache)):
        try:
            checks[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
            checks[name] = f"error: {type(exc).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "error", **checks}
    if checks["database"] == "ok":
        body["changes"] = _pending_changes()
    return JsonResponse(body, status=200 if healthy else 503)


def _pending_changes() -> dict:
    """How far the consumers (search, page cache, …) are behind the change
    log: informative only, a backlog never makes the site unready."""
    count, oldest = changes.pending_summary()
    age = round((timezone.now() - oldest).total_seconds(), 1) if oldest else None
    return {"pending": count, "oldest_age_seconds": age}
