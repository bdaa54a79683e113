"""The index's own bookkeeping. What to reindex comes from the change log
(consumers.py); these keep the engine tables in step with the documents."""

from __future__ import annotations

from django.db import connections
from django.db.models.signals import post_delete, post_migrate
from django.dispatch import receiver

from . import backends, services
from .models import SearchDocument


@receiver(post_delete, sender=SearchDocument, dispatch_uid="search_document_deleted")
def document_deleted(sender, instance: SearchDocument, using: str, **kwargs) -> None:
    """A document goes with its article (a cascade): its engine entries go too."""
    services.unindex_document(document=instance, using=using)


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
