"""Stored files go with their rows, however the rows go: a service removing a
scan, an editor deleting a page or an issue in the admin (cascades), or a
rendition replaced by a new upload. Deleted after commit, so a rolled-back
delete keeps its files. And the issue PDF is merged when the workflow
publishes or releases the edition."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from articles.signals import edition_published

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


@receiver(edition_published, dispatch_uid="epaper_issue_pdf_on_publication")
def build_issue_pdf_for_readers(sender, issue, **kwargs) -> None:
    """The edition goes out: its PDF is ready before the first reader asks."""
    from .services import refresh_issue_pdf

    refresh_issue_pdf(issue=issue)
