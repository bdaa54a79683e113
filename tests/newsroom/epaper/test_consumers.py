"""The issue PDF follows the change log: a change to its issue's page files
drops a stale merged PDF at once (and its file after the commit)."""

import pytest

from newsroom.epaper import services
from newsroom.epaper.models import IssuePdf
from tests.factories import make_issue, make_page, processed

from .files import image_bytes, make_scan, pdf_bytes

pytestmark = pytest.mark.django_db


def _issue_with_a_merged_pdf():
    issue = make_issue()
    pages = [make_page(issue=issue, number=n, section=f"版{n}") for n in (1, 2)]
    for page in pages:
        make_scan(page, data=pdf_bytes())
    processed()
    services.issue_pdf(issue=issue)
    return issue, pages


def test_a_new_page_file_drops_the_stale_issue_pdf():
    issue, pages = _issue_with_a_merged_pdf()
    make_scan(pages[0], data=image_bytes("JPEG"), name="01.jpg")
    processed()
    assert not IssuePdf.objects.filter(issue=issue).exists()


def test_a_change_that_leaves_the_page_files_as_they_were_keeps_the_issue_pdf():
    issue, pages = _issue_with_a_merged_pdf()
    services.record_scan_change(page=pages[0], action="zones")
    processed()
    assert IssuePdf.objects.filter(issue=issue).exists()
