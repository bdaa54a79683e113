"""Surrogate keys: what a public response shows, named so that an HTTP cache
in front of the site (Varnish, a CDN) can drop exactly the responses a
change touches.

While a request is served inside `collecting()`, every article, page and
issue loaded from the database adds its key (the `post_init` receiver
below: keys come from what the view actually loaded, never from a list
kept by hand). Views add what loading cannot tell: the listing they are
(`home`, `archive`, `feeds`, …) and the owner of a list (`section:3`).
Every response also carries `site`: the masthead, footer and navigation
are on every page.

Keys are ASCII without spaces (the header separator): a tag's slug, which
may be Chinese, is percent-encoded. `kind:all` stands for every key of a
kind when a response shows too many of them for one header (`header_value`);
whoever purges a key of a kind also purges its `kind:all`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import quote

from typing import TypeVar

from django.db.models.signals import post_init

T = TypeVar("T")

SITE = "site"
HOME = "home"
ARCHIVE = "archive"
FEEDS = "feeds"
SITEMAP = "sitemap"
SEARCH = "search"
API = "api"
# Every listing key: what `Affected.listings` purges.
LISTINGS = frozenset({HOME, ARCHIVE, FEEDS, SITEMAP, SEARCH, API})

ALL = "all"

_collected: ContextVar[set[str] | None] = ContextVar("surrogate_keys", default=None)


def article_key(pk: int) -> str:
    return f"article:{pk}"


def page_key(pk: int) -> str:
    return f"page:{pk}"


def issue_key(date: dt.date) -> str:
    return f"issue:{date.isoformat()}"


def section_key(pk: int) -> str:
    return f"section:{pk}"


def person_key(pk: int) -> str:
    return f"person:{pk}"


def tag_key(slug: str) -> str:
    return f"tag:{quote(slug, safe='')}"


def all_key(kind: str) -> str:
    """The key that stands for every key of `kind` ("article" -> "article:all")."""
    return f"{kind}:{ALL}"


@contextmanager
def collecting() -> Iterator[set[str]]:
    """Collect the keys of what is loaded inside the block into the yielded set."""
    keys = {SITE}
    token = _collected.set(keys)
    try:
        yield keys
    finally:
        _collected.reset(token)


def add(*keys: str) -> None:
    """Add keys to the response being served (nothing outside `collecting()`)."""
    collected = _collected.get()
    if collected is not None:
        collected.update(keys)


def keeping(load: Callable[[], T]) -> tuple[T, frozenset[str]]:
    """`load()`, and the keys of what it loaded (added to the response being
    served as well): a part reused on later responses adds them again."""
    outer = _collected.get()
    keys: set[str] = set()
    token = _collected.set(keys)
    try:
        value = load()
    finally:
        _collected.reset(token)
    if outer is not None:
        outer.update(keys)
    return value, frozenset(keys)


def header_value(keys: Iterable[str], *, max_bytes: int) -> str:
    """The keys as one space-separated header value of at most `max_bytes`.

    Over the budget, the kind with the most bytes of keys (say 5,000 article
    keys in a sitemap) is replaced by its `kind:all`, then the next, until the
    value fits: such a response is purged by any change of that kind, which
    is right and, being rare, cheap.
    """
    keys = set(keys)
    while len(" ".join(keys)) > max_bytes:
        by_kind: dict[str, list[str]] = {}
        for key in keys:
            kind, sep, value = key.partition(":")
            if sep and value != ALL:
                by_kind.setdefault(kind, []).append(key)
        if not by_kind:
            break
        kind, members = max(by_kind.items(), key=lambda item: sum(len(k) + 1 for k in item[1]))
        keys.difference_update(members)
        keys.add(all_key(kind))
    return " ".join(sorted(keys))


def _collect_loaded(sender, instance, **kwargs) -> None:
    collected = _collected.get()
    if collected is None or instance.pk is None:
        return
    kind = sender._meta.model_name
    if kind == "issue":
        # Issues are keyed by date (what a change names); `.only()` may have left it out.
        date = instance.__dict__.get("date")
        collected.add(issue_key(date) if date is not None else all_key("issue"))
    else:
        collected.add(f"{kind}:{instance.pk}")


def connect() -> None:
    """Collect the keys of articles, pages and issues as they are loaded."""
    from .models import Article, Issue, Page

    for model in (Article, Page, Issue):
        post_init.connect(_collect_loaded, sender=model, dispatch_uid=f"surrogates.{model._meta.model_name}")
