"""Page-cache invalidation follows the change log (articles/changes.py).

A change names what it altered in the core's vocabulary; this maps it to
the cache's scopes: `site` (every page), `listings` (lists, feeds, search)
and one scope per issue date. Services name the issues of what they touched
(`articles.changes.articles_affected`); an article on no page is on no
public page.
"""

from __future__ import annotations

from collections.abc import Sequence

from articles.models import Change

from . import pagecache


def scopes_of(change: Change) -> set[str]:
    affected = change.affected
    if affected.site:
        return {pagecache.SITE}
    scopes = {pagecache.issue_scope(date) for date in affected.issues}
    if affected.listings:
        scopes.add(pagecache.LISTINGS)
    return scopes


def consume_changes(changes: Sequence[Change]) -> None:
    scopes = set().union(*(scopes_of(change) for change in changes))
    if scopes:
        pagecache.bump(*scopes, seq=max(change.seq for change in changes))
