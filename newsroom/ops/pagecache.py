"""The shared page cache: generation keys and the entries stored under them.

A cached page is stored with the value of every generation it depends on,
and served only while they are all still current. Invalidating is bumping a
generation: nothing is deleted, the old entries are simply never served
again and are replaced or expire. Every page depends on the `site`
generation (masthead, footer, channels, people, which issues are public);
a page of one issue also on that issue's generation, any other page on the
`listings` generation (front page, archive, sections, feeds, search).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpResponse

SITE = "site"
LISTINGS = "listings"
_PREFIX = "ops:gen:"


def issue_scope(date: dt.date) -> str:
    return f"issue:{date.isoformat()}"


class CacheUnavailable(RuntimeError):
    """The cache did not take a write; the caller decides whether to retry."""


def bump(*scopes: str) -> None:
    """Invalidate every cached page that depends on any of `scopes`.

    Tried even while a resilient cache's circuit breaker is open (Redis may
    be back already, still holding the old pages). Raises CacheUnavailable
    when the cache refused the new generations, so a caller that can retry
    later knows the invalidation has not happened.
    """
    with getattr(cache, "despite_breaker", contextlib.nullcontext)():
        failed = cache.set_many({_PREFIX + scope: uuid.uuid4().hex for scope in scopes}, timeout=None)
    if failed:
        raise CacheUnavailable(f"page-cache generations not written: {', '.join(sorted(failed))}")


def lookup(*, scheme: str, host: str, full_path: str, scopes: list[str]) -> tuple[str, list[str], Entry | None]:
    """The page's key, the current generation of each scope and the stored
    page if it was built at exactly those generations.

    One round trip (a single MGET of the page and its generations) when the
    scopes exist, which is nearly always; a missing scope is created. When
    the cache is unreachable a generation is None: see `storable`.
    """
    key = "ops:page:v3:" + hashlib.sha256(f"{scheme}://{host}{full_path}".encode()).hexdigest()
    generation_keys = [_PREFIX + scope for scope in scopes]
    found = cache.get_many([key, *generation_keys])
    for generation_key in generation_keys:
        if generation_key not in found:
            # add(): two app servers starting a scope at once agree on one value.
            cache.add(generation_key, uuid.uuid4().hex, timeout=None)
            found[generation_key] = cache.get(generation_key)
    generations = [found[generation_key] for generation_key in generation_keys]
    entry = found.get(key)
    if entry is not None and entry.generations != generations:
        entry = None
    return key, generations, entry


@dataclass
class Entry:
    """A stored page, as plain data (quicker to unpickle than a response
    object), the generations it was built at, and the moment it must no
    longer be served."""

    generations: list[str]
    status: int
    headers: list[tuple[str, str]]
    content: bytes
    expires_at: float
    last_modified: int

    @classmethod
    def of(cls, response: HttpResponse, *, generations: list[str], expires_at: float, last_modified: int) -> Entry:
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


def storable(generations: list[str | None]) -> bool:
    """Whether a page built at `generations` may be stored: not when the
    cache could not say what they are (it was unreachable)."""
    return None not in generations


def store(key: str, entry: Entry, timeout: int) -> None:
    cache.set(key, entry, timeout=timeout)
