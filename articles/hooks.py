"""Small hooks through which a capability app lends the core a function.

The core never imports the capability apps (see signals.py for events);
where it needs a capability's answer rather than to announce a change, the
app registers a function here from its `AppConfig.ready`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.forms import Media
from django.http import HttpRequest

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


@dataclass(frozen=True)
class AdminTool:
    """A button above the admin's article list: its label, the URL name it
    opens and the permission a user needs to see it."""

    label: str
    url_name: str
    permission: str


_article_list_tools: list[AdminTool] = []


def register_article_list_tool(tool: AdminTool) -> None:
    """Show `tool` above the admin's article list (once, however often registered)."""
    if tool not in _article_list_tools:
        _article_list_tools.append(tool)


def article_list_tools() -> tuple[AdminTool, ...]:
    return tuple(_article_list_tools)


# (request, article or None for a new one) -> (media, html): extra assets and
# a block of HTML (safe, rendered by the app) at the top of the article form.
ChangeFormExtra = Callable[[HttpRequest, object], tuple[Media, str]]

_change_form_extras: list[ChangeFormExtra] = []


def register_change_form_extra(function: ChangeFormExtra) -> None:
    """Add `function`'s media and HTML to the article change form (once)."""
    if function not in _change_form_extras:
        _change_form_extras.append(function)


def change_form_extras() -> tuple[ChangeFormExtra, ...]:
    return tuple(_change_form_extras)


# A batch of recorded changes, in seq order -> None. Must be idempotent (a
# batch may come again after a crash); raising leaves the batch pending for
# this consumer only, to be retried (see articles/changes.py).
ChangeConsumer = Callable[[Sequence["Change"]], None]

_change_consumers: dict[str, ChangeConsumer] = {}
_change_consumer_phases: dict[str, int] = {}


def register_change_consumer(name: str, consume: ChangeConsumer, *, phase: int = 0) -> None:
    """Have `consume` receive every change recorded from now on, as `name`
    (a short word: it is stored with each change still pending for it).

    Consumers of one phase run in one transaction; a later phase runs after
    the earlier one committed (an edge purge after the page cache's new
    versions are visible to every app server)."""
    if not name or not name.replace("_", "").isalnum():
        raise ValueError(f"change consumer name {name!r} must be letters, digits and underscores")
    _change_consumers[name] = consume
    _change_consumer_phases[name] = phase


def change_consumers(*, phase: int | None = None) -> dict[str, ChangeConsumer]:
    """The registered consumers (of one phase, when given), in registration order."""
    return {
        name: consume
        for name, consume in _change_consumers.items()
        if phase is None or _change_consumer_phases.get(name, 0) == phase
    }


def change_consumer_phases() -> list[int]:
    return sorted({_change_consumer_phases.get(name, 0) for name in _change_consumers})
