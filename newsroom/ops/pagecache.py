"""The shared page cache: generation keys and the entries stored under them.

A cached page's key includes the current value of every generation it depends
on. Invalidating is bumping a generation: nothing is deleted, the old entries
are simply never asked for again and expire. Every page depends on the `site`
generation (masthead, footer, channels, people, which issues are public);
a page of one issue also on that issue's generation, any other page on the
`listings` generation (front page, archive, sections, feeds, search).
"""

from __future__ import annotations

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


def bump(*scopes: str) -> None:
    """Invalidate every cached page that depends on any of `scopes`."""
    cache.set_many({_PREFIX + scope: uuid.uuid4().hex for scope in scopes}, timeout=None)


def generations(scopes: list[str]) -> list[str]:
    """The current value of each scope, creating a missing one (one round trip
    when they all exist, which is nearly always)."""
    keys = [_PREFIX + scope for scope in scopes]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # add(): two app servers starting a scope at once agree on one value.
            cache.add(key, uuid.uuid4().hex, timeout=None)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def page_key(*, scheme: str, host: str, full_path: str, scopes: list[str]) -> str:
    digest = hashlib.sha256(f"{scheme}://{host}{full_path}".encode()).hexdigest()
    return f"ops:page:v2:{digest}:{hashlib.sha256(':'.join(generations(scopes)).encode()).hexdigest()[:32]}"


@dataclass
class Entry:
    """A stored page, as plain data (quicker to unpickle than a response
    object), and the moment it must no longer be served."""

    status: int
    headers: list[tuple[str, str]]
    content: bytes
    expires_at: float
    last_modified: int

    @classmethod
    def of(cls, response: HttpResponse, *, expires_at: float, last_modified: int) -> Entry:
        return cls(
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


def load(key: str) -> Entry | None:
    return cache.get(key)


def store(key: str, entry: Entry, timeout: int) -> None:
    cache.set(key, entry, timeout=timeout)
