"""The search index follows the change log (articles/changes.py).

Only text and the sort order are indexed, so publishing, unpublishing and
scheduling change nothing here: every search filters by
`Article.objects.published()` when it runs. A change reindexes the articles
it names; a person's change the articles naming them; a page's or an
issue's change (renumbered, redated) the articles on it, whose sort keys
move. Deleted articles take their documents with them (see signals.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q

from articles.models import Article, Change

from . import services


def articles_to_reindex(changes: Sequence[Change]) -> set[int]:
    ids: set[int] = set()
    people: set[int] = set()
    pages: set[int] = set()
    issues: set = set()
    for change in changes:
        affected = change.affected
        ids |= affected.articles | affected.deleted_articles
        if change.kind == "person":
            people |= affected.people
        elif change.kind in ("page", "issue"):
            pages |= affected.pages
            issues |= affected.issues
    if people or pages or issues:
        related = Article.objects.filter(
            Q(bylines__person__in=people)
            | Q(photos__credit__in=people)
            | Q(page__in=pages)
            | Q(page__issue__date__in=issues)
        )
        ids.update(related.values_list("pk", flat=True).distinct())
    return ids


def consume_changes(changes: Sequence[Change]) -> None:
    """Bring the documents of every article the changes touched up to date."""
    services.index_articles(article_ids=articles_to_reindex(changes))
