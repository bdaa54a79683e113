"""The shared page cache: scopes, their versions and generations, and the
entries stored under them.

Every page depends on the `site` scope (masthead, footer, channels, people,
which issues are public); a page of one issue also on that issue's scope,
any other page on the `listings` scope (front page, archive, sections,
feeds, search). A cached page is stored with the stamp of its scopes and
served only while the stamp still admits it. Invalidating is bumping
scopes: nothing is deleted, the old entries are simply never served again
and are replaced or expire.

The stamp has two parts. The database's version of each scope (`CacheScope`)
is the authority: a Redis restarted from an old snapshot brings back old
pages, but never old versions. Each process reads the versions at most
once a `MEMO_SECONDS`, so a hit asks the database nothing. The Redis
generation of each scope is bumped too, so every app server stops serving
a changed page at once rather than within the memo's second.

The generations are read through the cache's `get_many_watched` when it
has one (newsroom.ops.cache.Watch): the process holds them while Redis says
they have not changed, so a hit need not ask for them. Each process also
keeps the pages it served last (`Kept`, a byte budget of
NEWSROOM_PAGE_CACHE_LOCAL_BYTES), so a hit on one of those asks Redis
nothing, and serves the kept copy when the stamp still admits it. Which
pages may be served is decided exactly as without either.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.http import HttpResponse
from django.utils import timezone

from . import replica
from .models import CacheScope

SITE = "site"
LISTINGS = "listings"
_PREFIX = "ops:gen:"
# How long a process trusts the scope versions it read from the database.
MEMO_SECONDS = 1.0

_versions: dict[str, tuple[int, float]] = {}  # scope -> (version, monotonic time read)


def issue_scope(date: dt.date) -> str:
    return f"issue:{date.isoformat()}"


def bump(*scopes: str, seq: int = 0) -> None:
    """Invalidate every cached page that depends on any of `scopes`.

    Called inside a transaction: the versions count once it commits; then
    the Redis generations follow (a failure there is logged and costs only
    the memo's second) and this process forgets the versions it read.
    """
    scopes = tuple(sorted(set(scopes)))
    CacheScope.objects.bulk_create([CacheScope(scope=scope) for scope in scopes], ignore_conflicts=True)
    CacheScope.objects.filter(scope__in=scopes).update(
        version=F("version") + 1, last_seq=Greatest("last_seq", Value(seq)), updated_at=timezone.now()
    )

    def announce_bumped_scopes() -> None:
        # First: a page rendered again after this must not come from a lagging replica.
        replica.fence()
        forget_versions(scopes)
        # Tried even while a resilient cache's circuit breaker is open: Redis
        # may be back already, still holding the old generations.
        with getattr(cache, "despite_breaker", contextlib.nullcontext)():
            cache.set_many({_PREFIX + scope: uuid.uuid4().hex for scope in scopes}, timeout=None)

    transaction.on_commit(announce_bumped_scopes, robust=True)


def forget_versions(scopes: Iterable[str] | None = None) -> None:
    """Read these scopes' versions (all, by default) afresh next time; all:
    also forget the pages this process kept."""
    if scopes is None:
        _versions.clear()
        kept.clear()
    for scope in scopes or ():
        _versions.pop(scope, None)


def current_versions(scopes: list[str]) -> list[int]:
    """The scopes' versions, read from the database at most once a MEMO_SECONDS."""
    now = time.monotonic()
    stale = [scope for scope in scopes if now - _versions.get(scope, (0, -MEMO_SECONDS))[1] >= MEMO_SECONDS]
    if stale:
        found = dict(CacheScope.objects.filter(scope__in=stale).values_list("scope", "version"))
        for scope in stale:
            _versions[scope] = (found.get(scope, 0), now)
    return [_versions[scope][0] for scope in scopes]


@dataclass(frozen=True)
class Stamp:
    """What a page was built at: the scopes' Redis generations and database versions."""

    generations: tuple[str, ...]
    versions: tuple[int, ...]

    def admits(self, built: Stamp) -> bool:
        """Whether a page built at `built` may be served now."""
        return built.generations == self.generations and all(
            then >= now for then, now in zip(built.versions, self.versions, strict=True)
        )


def lookup(*, scheme: str, host: str, full_path: str, scopes: list[str]) -> tuple[str, Stamp, Entry | None]:
    """The page's key, the scopes' current stamp and the stored page if that
    stamp admits it.

    At most one round trip (a single MGET of the page and the generations
    the process does not hold; none for a kept page whose generations it
    holds) when the scopes exist, which is nearly always; a missing scope is
    created. A kept copy the stamp no longer admits costs a second trip, for
    the page another app server may have stored since. The database
    versions come from the process's memo. When the cache is unreachable a
    generation is None: see `storable`.
    """
    key = "ops:page:v4:" + hashlib.sha256(f"{scheme}://{host}{full_path}".encode()).hexdigest()
    versions = tuple(current_versions(scopes))
    generation_keys = [_PREFIX + scope for scope in scopes]
    local = kept.get(key)
    watched = getattr(cache, "get_many_watched", None)  # ResilientRedisCache's
    found = watched(generation_keys, prefix=_PREFIX) if watched is not None else {}
    wanted = ([] if local is not None else [key]) + [k for k in generation_keys if k not in found]
    if wanted:
        found.update(cache.get_many(wanted))
    for generation_key in generation_keys:
        if generation_key not in found:
            # add(): two app servers starting a scope at once agree on one value.
            cache.add(generation_key, uuid.uuid4().hex, timeout=None)
            found[generation_key] = cache.get(generation_key)
    stamp = Stamp(generations=tuple(found[generation_key] for generation_key in generation_keys), versions=versions)
    if local is not None:
        # Past its time another server may have stored the page again.
        if stamp.admits(local.generations) and local.expires_at > time.time():
            return key, stamp, local
        kept.drop(key)
        if not storable(stamp):
            return key, stamp, None
        found[key] = cache.get(key)
    entry = found.get(key)
    if entry is None or not stamp.admits(entry.generations):
        return key, stamp, None
    kept.put(key, entry)
    return key, stamp, entry


@dataclass
class Entry:
    """A stored page, as plain data (quicker to unpickle than a response
    object), the stamp it was built at, and the moment it must no longer be
    served."""

    generations: Stamp
    status: int
    headers: list[tuple[str, str]]
    content: bytes
    expires_at: float
    last_modified: int

    @classmethod
    def of(cls, response: HttpResponse, *, generations: Stamp, expires_at: float, last_modified: int) -> Entry:
        return cls(
            generations=generations,
            status=response.status_code,
            headers=list(response.headers.items()),
            content=response.content,
            expires_at=expires_at,
            last_modified=last_modified,
        )

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response


def storable(stamp: Stamp) -> bool:
    """Whether a page built at `stamp` may be stored: not when the cache
    could not say what its generations are (it was unreachable)."""
    return None not in stamp.generations


def store(key: str, entry: Entry, timeout: int) -> None:
    cache.set(key, entry, timeout=timeout)
    kept.put(key, entry)


class Kept:
    """The pages this process served last, least recently served dropped
    first past NEWSROOM_PAGE_CACHE_LOCAL_BYTES of content (0: none kept).
    Each is served only while `lookup`'s stamp admits it, as if it came
    from Redis; gunicorn's threads share it, hence the lock."""

    def __init__(self) -> None:
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        budget = settings.NEWSROOM_PAGE_CACHE_LOCAL_BYTES
        with self._lock:
            self._pop(key)
            if not budget or len(entry.content) > budget:
                return
            self._entries[key] = entry
            self._bytes += len(entry.content)
            while self._bytes > budget:
                self._pop(next(iter(self._entries)))

    def drop(self, key: str) -> None:
        with self._lock:
            self._pop(key)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _pop(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= len(entry.content)


kept = Kept()
