"""The API's removals follow the change log (articles/changes.py): every
article a change takes out of publication — withdrawn, or deleted — is
listed by `/api/v1/articles/removed` from the time of that change."""

from __future__ import annotations

from collections.abc import Sequence

from articles.models import Change

from .models import Removal


def consume_changes(changes: Sequence[Change]) -> None:
    for change in changes:
        for article_id in sorted(change.affected.deleted_articles):
            Removal.objects.update_or_create(article_id=article_id, defaults={"at": change.created_at})
