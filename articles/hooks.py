"""Small hooks through which a capability app lends the core a function.

The core never imports the capability apps (see signals.py for events);
where it needs a capability's answer rather than to announce a change, the
app registers a function here from its `AppConfig.ready`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db.models import QuerySet

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


# INTERIM SHIM (replaced by issue 13a's change pipeline at merge).
ChangeConsumer = Callable[[Sequence], None]

_change_consumers: dict[str, ChangeConsumer] = {}


def register_change_consumer(name: str, consume: ChangeConsumer) -> None:
    _change_consumers[name] = consume


def change_consumers() -> dict[str, ChangeConsumer]:
    return dict(_change_consumers)
