"""Writes to the search index. The change-log consumer (consumers.py) calls
`index_articles` with every article the recorded changes name; deleting an
article cascades to its `SearchDocument`, whose post_delete unindexes it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from articles.models import Article, Byline, Photo

from .backends import backend_for
from .documents import document_text, sort_key
from .models import SearchDocument


def articles_to_index(*, using: str = DEFAULT_DB_ALIAS) -> QuerySet[Article]:
    """Articles with what their document needs, in one query per relation."""
    return (
        Article.objects.using(using)
        .select_related("page__issue")
        .only("kicker", "headline", "deck", "body", "position", "page__number", "page__issue__date")
        .prefetch_related(
            Prefetch(
                "bylines",
                queryset=Byline.objects.using(using).select_related("person").only("article_id", "person__name"),
            ),
            Prefetch(
                "photos",
                queryset=Photo.objects.using(using).select_related("credit").only("article_id", "caption", "credit__name"),
            ),
        )
    )


@transaction.atomic
def index_articles(*, article_ids: Iterable[int], batch_size: int = 500, using: str = DEFAULT_DB_ALIAS) -> int:
    """Bring many articles' documents up to date, a batch at a time: one read
    of the articles and one of their documents per batch, then one write of
    each kind. Returns how many documents changed; articles that no longer
    exist are passed over (their documents went with them)."""
    backend = backend_for(using)
    ids = sorted(set(article_ids))
    changed = 0
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        documents = SearchDocument.objects.using(using).select_for_update().in_bulk(chunk)
        new, updated, stale = [], [], []
        now = timezone.now()
        for article in articles_to_index(using=using).filter(pk__in=chunk).order_by("pk"):
            title, text = document_text(article)
            key = sort_key(article)
            document = documents.get(article.pk)
            if document is None:
                new.append(SearchDocument(article_id=article.pk, title=title, text=text, sort_key=key))
            elif (document.title, document.text, document.sort_key) != (title, text, key):
                stale.append((document.sort_key, document.title, document.text))
                document.title, document.text, document.sort_key, document.indexed_at = title, text, key, now
                updated.append(document)
        if stale:
            backend.delete(using, stale)
        SearchDocument.objects.using(using).bulk_create(new)
        SearchDocument.objects.using(using).bulk_update(updated, ["title", "text", "sort_key", "indexed_at"])
        backend.write(using, [(d.sort_key, d.title, d.text) for d in [*new, *updated]])
        changed += len(new) + len(updated)
    return changed


def unindex_document(*, document: SearchDocument, using: str = DEFAULT_DB_ALIAS) -> None:
    """Called after a document row is deleted (its article was deleted)."""
    backend_for(using).delete(using, [(document.sort_key, document.title, document.text)])


@transaction.atomic
def rebuild_index(
    *,
    batch_size: int = 500,
    progress: Callable[[int, int], None] | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> int:
    """Drop the whole index and build it again from the articles; returns how
    many were indexed.

    One transaction, all or nothing: searches keep answering from the old
    index until the new one is committed, and a failed rebuild leaves it
    as it was. `progress(done, total)` is called after every batch.
    """
    backend = backend_for(using)
    backend.clear(using)
    ids = list(Article.objects.using(using).order_by("pk").values_list("pk", flat=True))
    total = len(ids)
    indexed = 0
    for start in range(0, total, batch_size):
        chunk = ids[start : start + batch_size]
        batch = articles_to_index(using=using).filter(pk__gte=chunk[0], pk__lte=chunk[-1]).order_by("pk")
        documents = []
        for article in batch:
            title, text = document_text(article)
            documents.append(SearchDocument(article_id=article.pk, title=title, text=text, sort_key=sort_key(article)))
        SearchDocument.objects.using(using).bulk_create(documents)
        backend.write(using, [(d.sort_key, d.title, d.text) for d in documents])
        indexed += len(documents)
        if progress is not None:
            progress(min(start + batch_size, total), total)
    return indexed
