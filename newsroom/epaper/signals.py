"""Stored files go with their rows, however the rows go: a service removing a
scan, an editor deleting a page or an issue in the admin (cascades), or a
rendition replaced by a new upload. Deleted after commit, so a rolled-back
delete keeps its files. (The issue PDF follows publications and releases
through the change log: see consumers.py.)"""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import IssuePdf, PageScan, ScanRendition


def _delete_after_commit(*fields) -> None:
    stored = [(field.storage, field.name) for field in fields if field and field.name]
    if stored:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in stored])


@receiver(post_delete, sender=PageScan, dispatch_uid="epaper_scan_files")
def delete_scan_files(sender, instance: PageScan, **kwargs) -> None:
    _delete_after_commit(instance.file, instance.pdf)


@receiver(post_delete, sender=ScanRendition, dispatch_uid="epaper_rendition_file")
def delete_rendition_file(sender, instance: ScanRendition, **kwargs) -> None:
    _delete_after_commit(instance.file)


@receiver(post_delete, sender=IssuePdf, dispatch_uid="epaper_issue_pdf_file")
def delete_issue_pdf_file(sender, instance: IssuePdf, **kwargs) -> None:
    _delete_after_commit(instance.file)

