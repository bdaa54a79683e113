"""Reads that many pages share, reused until the change log says otherwise.

The masthead and footer (the paper, the sections in print, the channels),
an issue's navigation (its pages, the headlines of its public articles) and
a page's teasers look the same on every page that shows them (capabilities
reuse their own parts the same way: the 数字报's scans and zones). Each
thread keeps what it loaded and reuses it while

- the change log's latest entry is still the one it was loaded after:
  every write goes through a service, which records a change
  (articles.changes); and
- no scheduled article or edition has gone public since
  (`policy.next_public_change`).

The check is one indexed query, made once per request however many parts
ask (`ReuseMiddleware` scopes it; outside a request every use checks).
Only what the public sees is reused: a view asks `reuse()` for readers
without an editorial role and loads afresh for staff. A reused part adds
the surrogate keys of what it loaded to every response that shows it
(articles.surrogates), so the edge cache still drops those responses.

NEWSROOM_REUSE_READS off loads every part on every use (the test settings:
factories write without recording changes).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.utils import timezone

from . import policy, surrogates

T = TypeVar("T")

# Parts kept per thread: beyond this the store starts again (an issue's
# navigation is a few kilobytes; a crawler walking the archive must not grow it).
MAX_PARTS = 256

_UNKNOWN = object()


class _Store(threading.local):
    """What this thread loaded, the change-log entry it was loaded after and
    when the schedule next changes what the public sees."""

    def __init__(self):
        self.stamp: object = _UNKNOWN
        self.valid_until = None
        self.parts: dict[Hashable, object] = {}


_store = _Store()
# The change-log entry as this request first read it (None: not yet read).
_request_stamp: ContextVar[list | None] = ContextVar("reuse_request_stamp", default=None)


def forget() -> None:
    """Load every part afresh on this thread's next use (after a database
    was replaced under the process: the tests, the benchmarks)."""
    _store.__init__()


def _latest_change() -> tuple | None:
    from .models import Change

    return Change.objects.order_by("-seq").values_list("seq", "created_at").first()


def _stamp() -> tuple | None:
    held = _request_stamp.get()
    if held is None:
        return _latest_change()
    if not held:
        held.append(_latest_change())
    return held[0]


def reused(key: Hashable, load: Callable[[], T]) -> T:
    """The part named `key`, from this thread's store while it is current,
    else `load()`ed and kept."""
    if not settings.NEWSROOM_REUSE_READS:
        return load()
    stamp, now = _stamp(), timezone.now()
    if stamp != _store.stamp or (_store.valid_until is not None and now >= _store.valid_until):
        _store.parts = {}
        _store.stamp, _store.valid_until = stamp, policy.next_public_change(at=now)
    if key not in _store.parts:
        if len(_store.parts) >= MAX_PARTS:
            _store.parts = {}
        _store.parts[key] = surrogates.keeping(load)
        return _store.parts[key][0]  # type: ignore[return-value]
    value, keys = _store.parts[key]  # type: ignore[misc]
    # What the part shows still names this response for the HTTP cache.
    surrogates.add(*keys)
    return value


def reuse(user) -> bool:
    """Whether parts may be reused for `user`: a reader who sees only what
    the public sees (staff may see drafts in an issue's navigation)."""
    return policy.sees_only_public(user)


def reused_for(user, key: Hashable, load: Callable[[], T]) -> T:
    """`reused(key, load)` for a reader who sees only what the public sees,
    `load()` afresh for the others (a part that may show them drafts)."""
    return reused(key, load) if reuse(user) else load()


class ReuseMiddleware:
    """Reads the change log once per request for every reused part."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_stamp.set([])
        try:
            return self.get_response(request)
        finally:
            _request_stamp.reset(token)
