"""Keep the index in step with the articles, as part of the same transaction.

Only text and the sort order are indexed, so publishing, unpublishing and
scheduling need no reindexing: every search filters by
`Article.objects.published()` when it runs. Bulk `QuerySet.update()` of article text bypasses signals; run
`rebuild_search_index` after such a change.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from articles.models import Article, Byline, Issue, Page, Person, Photo

from . import backends, services
from .models import SearchDocument


@receiver(post_save, sender=Article, dispatch_uid="search_article_saved")
def article_saved(sender, instance: Article, raw: bool, using: str, **kwargs) -> None:
    if not raw:
        services.index_article(article_id=instance.pk, using=using)


@receiver(post_save, sender=Byline, dispatch_uid="search_byline_saved")
@receiver(post_save, sender=Photo, dispatch_uid="search_photo_saved")
def part_saved(sender, instance: Byline | Photo, raw: bool, using: str, **kwargs) -> None:
    if not raw:
        services.index_article(article_id=instance.article_id, using=using)


@receiver(post_delete, sender=Byline, dispatch_uid="search_byline_deleted")
@receiver(post_delete, sender=Photo, dispatch_uid="search_photo_deleted")
def part_deleted(sender, instance: Byline | Photo, using: str, origin=None, **kwargs) -> None:
    # When the article itself is being deleted its document goes too;
    # reindexing it halfway through the cascade would write a row for an
    # article about to vanish.
    if _is_article_deletion(origin):
        return
    services.index_article(article_id=instance.article_id, using=using)


@receiver(post_save, sender=Person, dispatch_uid="search_person_saved")
def person_saved(sender, instance: Person, created: bool, raw: bool, using: str, **kwargs) -> None:
    """A renamed person: the articles naming them are found by the new name."""
    if created or raw:
        return
    ids = set(Byline.objects.using(using).filter(person=instance).values_list("article_id", flat=True))
    ids.update(Photo.objects.using(using).filter(credit=instance).values_list("article_id", flat=True))
    for article_id in sorted(ids):
        services.index_article(article_id=article_id, using=using)


@receiver(post_save, sender=Page, dispatch_uid="search_page_saved")
def page_saved(sender, instance: Page, created: bool, raw: bool, using: str, **kwargs) -> None:
    """A renumbered page, or one moved to another issue: its articles sort anew."""
    if not (created or raw):
        _reindex(Article.objects.using(using).filter(page=instance), using)


@receiver(post_save, sender=Issue, dispatch_uid="search_issue_saved")
def issue_saved(sender, instance: Issue, created: bool, raw: bool, using: str, **kwargs) -> None:
    """A redated issue: its articles sort anew."""
    if not (created or raw):
        _reindex(Article.objects.using(using).filter(page__issue=instance), using)


def _reindex(articles, using: str) -> None:
    for article_id in articles.order_by("pk").values_list("pk", flat=True):
        services.index_article(article_id=article_id, using=using)


@receiver(post_delete, sender=SearchDocument, dispatch_uid="search_document_deleted")
def document_deleted(sender, instance: SearchDocument, using: str, **kwargs) -> None:
    services.unindex_document(document=instance, using=using)


def _is_article_deletion(origin) -> bool:
    if isinstance(origin, Article):
        return True
    return isinstance(origin, QuerySet) and origin.model is Article


@receiver(post_migrate, dispatch_uid="search_index_after_flush")
def documents_emptied(sender, using: str, **kwargs) -> None:
    """`flush` empties search_searchdocument with plain DELETEs (and then
    sends post_migrate); the FTS5 tables are not models, so clear them too or
    they would keep entries for documents that no longer exist."""
    if sender.label != "search":
        return
    if SearchDocument._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before the search tables
    if not SearchDocument.objects.using(using).exists():
        backends.backend_for(using).clear(using)
