"""Small hooks through which a capability app lends the core a function.

The core never imports the capability apps (see signals.py for events);
where it needs a capability's answer rather than to announce a change, the
app registers a function here from its `AppConfig.ready`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from django.db.models import QuerySet

if TYPE_CHECKING:
    from .models import Change

# (articles, text) -> those of `articles` that match `text`; raises
# ValueError, with a message for the editor, for a text it cannot search.
ArticleSearch = Callable[[QuerySet, str], QuerySet]

_article_search: ArticleSearch | None = None


def register_article_search(function: ArticleSearch | None) -> None:
    """Make `function` the admin's article search (None: back to field lookups)."""
    global _article_search
    _article_search = function


def article_search() -> ArticleSearch | None:
    return _article_search


# A batch of recorded changes, in seq order -> None. Must be idempotent (a
# batch may come again after a crash); raising leaves the batch pending for
# this consumer only, to be retried (see articles/changes.py).
ChangeConsumer = Callable[[Sequence["Change"]], None]

_change_consumers: dict[str, ChangeConsumer] = {}


def register_change_consumer(name: str, consume: ChangeConsumer) -> None:
    """Have `consume` receive every change recorded from now on, as `name`
    (a short word: it is stored with each change still pending for it)."""
    if not name or not name.replace("_", "").isalnum():
        raise ValueError(f"change consumer name {name!r} must be letters, digits and underscores")
    _change_consumers[name] = consume


def change_consumers() -> dict[str, ChangeConsumer]:
    return dict(_change_consumers)
