import pytest

from newsroom.epaper import services
from tests.factories import make_page

from .files import make_scan, pdf_bytes

pytestmark = pytest.mark.django_db


def test_deleting_an_issue_deletes_its_scan_files(django_capture_on_commit_callbacks):
    page = make_page()
    scan = make_scan(page, data=pdf_bytes())
    merged = services.issue_pdf(issue=page.issue)
    storage = scan.file.storage
    names = [scan.file.name, merged.file.name] + [r.file.name for r in scan.renditions.all()]
    assert len(names) > 2 and all(storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        page.issue.delete()
    assert not any(storage.exists(name) for name in names)


def test_files_stay_until_the_delete_is_committed(django_capture_on_commit_callbacks):
    scan = make_scan(make_page())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        scan.page.delete()
    assert callbacks and scan.file.storage.exists(scan.file.name)
