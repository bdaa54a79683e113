"""The core's extension points: how a capability app adds to the core's pages
and admin without the core naming it.

The core never imports the capability apps (see signals.py for the changes
it announces). Where a page or the admin has room for a capability, the app
registers something here from its `AppConfig.ready`; with the app removed
from INSTALLED_APPS nothing is registered and the core's pages still work.

- `register_article_search(function)`: the admin's article search engine.
- `register_context_provider(view, function)`: adds variables to a reader
  view's context. `view` is one of `VIEWS` ("page": a page at its own URL,
  /issues/DATE/NN/; "front": the home page and an issue's front page, which
  show its first page; "article": the article view). `function(view, context)` gets the view
  (its `request`, `issue`, `page`, `articles` or `object`) and the context so
  far, and returns a dict to merge. A page context may set `page_layout` to a
  template name: the page shows it instead of its list of stories.
- `register_template(slot, template_name)`: a template rendered, with the
  page's context, where a core template says `{% hook_slot "slot" %}`. The
  slots are `SLOTS` (see there).
- `register_head_link(title=…, type=…, url_name=…)`: a `<link rel="alternate">`
  in every reader page's head (a feed in another format, say).
- `register_admin_action(model, function)`: a button in the submit row of an
  admin change form. `model` is "app_label.model_name"; `function(request,
  obj)` returns an `AdminAction` or None (not for this user or object). With
  `submits_form=True` the button posts the form as it stands to its URL in a
  new tab, after the save buttons (so Enter still saves).
- `register_article_list_tool(AdminTool(...))`: a button above the admin's
  article list (an import page, say), shown to users with its permission.
- `register_change_form_extra(function)`: media and HTML at the top of the
  article change form (the editor's desk).
- `register_change_consumer(name, function)`: every change the services
  record reaches `function` in batches (see articles/changes.py); the core's
  signals.py announces events, this is the durable feed.

Registration is idempotent (registering the same thing twice keeps one), so a
test may call an app's `ready()` again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet
from django.forms import Media
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

if TYPE_CHECKING:
    from .models import Change

# (articles, text) -> those of `articles` that match `text`; raises
# ValueError, with a message for the editor, for a text it cannot search.
ArticleSearch = Callable[[QuerySet, str], QuerySet]
ContextProvider = Callable[[Any, dict], dict]

VIEWS = ("page", "front", "article")
SLOTS = {
    "head": "inside <head> of every reader page, after the site's stylesheet",
    "masthead": "the masthead's navigation bar, after the site links (a search box)",
    "page_before_stories": "a page (版), above its list of stories",
    "article_before": "an article page, between the breadcrumb and the article",
    "admin_index": "the admin's front page, above the list of apps",
    "admin_index_head": "the admin front page's <head> (its stylesheets)",
}


@dataclass(frozen=True)
class HeadLink:
    title: str
    type: str
    url_name: str


@dataclass(frozen=True)
class AdminAction:
    label: str
    url: str
    # True: a submit button sending the change form, unsaved, to `url` in a
    # new tab (a preview); False: a link to `url`.
    submits_form: bool = False


_article_search: ArticleSearch | None = None
_context_providers: dict[str, list[ContextProvider]] = {view: [] for view in VIEWS}
_templates: dict[str, list[str]] = {slot: [] for slot in SLOTS}
_head_links: list[HeadLink] = []
_admin_actions: dict[str, list[Callable[[HttpRequest, Model], AdminAction | None]]] = {}


def _add(items: list, item) -> None:
    if item not in items:
        items.append(item)


def register_article_search(function: ArticleSearch | None) -> None:
    """Make `function` the admin's article search (None: back to field lookups)."""
    global _article_search
    _article_search = function


def article_search() -> ArticleSearch | None:
    return _article_search


def register_context_provider(view: str, function: ContextProvider) -> None:
    if view not in _context_providers:
        raise ValueError(f"unknown view {view!r}; one of {', '.join(VIEWS)}")
    _add(_context_providers[view], function)


def extra_context(view: str, view_instance, context: dict) -> dict:
    """What the registered providers add to `view`'s context."""
    extra: dict = {}
    for provider in _context_providers[view]:
        extra.update(provider(view_instance, {**context, **extra}) or {})
    return extra


def register_template(slot: str, template_name: str) -> None:
    if slot not in _templates:
        raise ValueError(f"unknown template slot {slot!r}; one of {', '.join(SLOTS)}")
    _add(_templates[slot], template_name)


def templates(slot: str) -> list[str]:
    return list(_templates[slot])


def register_head_link(*, title: str, type: str, url_name: str) -> None:
    _add(_head_links, HeadLink(title=title, type=type, url_name=url_name))


def head_links() -> list[dict]:
    """The registered head links, resolved to URLs (one whose URL is gone is left out)."""
    links = []
    for link in _head_links:
        try:
            links.append({"title": link.title, "type": link.type, "url": reverse(link.url_name)})
        except NoReverseMatch:
            continue
    return links


def register_admin_action(model: str, function: Callable[[HttpRequest, Model], AdminAction | None]) -> None:
    _add(_admin_actions.setdefault(model.lower(), []), function)


def admin_actions(request: HttpRequest, obj: Model) -> list[AdminAction]:
    """The buttons the registered apps offer `request.user` for `obj`."""
    functions = _admin_actions.get(obj._meta.label_lower, [])
    return [action for function in functions if (action := function(request, obj)) is not None]


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
    _add(_article_list_tools, tool)


def article_list_tools() -> tuple[AdminTool, ...]:
    return tuple(_article_list_tools)


# (request, article or None for a new one) -> (media, html): extra assets and
# a block of HTML (safe, rendered by the app) at the top of the article form.
ChangeFormExtra = Callable[[HttpRequest, object], tuple[Media, str]]

_change_form_extras: list[ChangeFormExtra] = []


def register_change_form_extra(function: ChangeFormExtra) -> None:
    """Add `function`'s media and HTML to the article change form (once)."""
    _add(_change_form_extras, function)


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
