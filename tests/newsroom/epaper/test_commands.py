"""`manage.py attach_scans --issue YYYY-MM-DD DIR` and `manage.py move_scans_private`."""

import io

import pytest
from django.core.management import CommandError, call_command

from newsroom.epaper.models import PageScan, ScanRendition
from tests.factories import make_issue, make_page

from .files import encrypted_pdf_bytes, image_bytes, make_scan, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue():
    issue = make_issue()
    for n in (1, 2, 3):
        make_page(issue=issue, number=n, section=f"版{n}")
    return issue


def run(issue, directory, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("attach_scans", str(directory), "--issue", f"{issue.date:%Y-%m-%d}", stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_attaches_every_page_file_of_the_folder(issue, tmp_path):
    (tmp_path / "01.pdf").write_bytes(pdf_bytes())
    (tmp_path / "02.jpg").write_bytes(image_bytes("JPEG"))
    (tmp_path / "03.png").write_bytes(image_bytes("PNG"))
    out, _err = run(issue, tmp_path)
    assert "✓ 01.pdf: attached" in out and "3 of 3 file(s)" in out
    assert sorted(PageScan.objects.values_list("page__number", "kind")) == [(1, "pdf"), (2, "jpeg"), (3, "png")]


def test_bad_files_are_reported_and_the_rest_stay_attached(issue, tmp_path):
    (tmp_path / "01.pdf").write_bytes(pdf_bytes())
    (tmp_path / "02.pdf").write_bytes(encrypted_pdf_bytes())
    (tmp_path / "notes.txt").write_text("版面说明")
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 of 3 file"):
        call_command("attach_scans", str(tmp_path), "--issue", f"{issue.date:%Y-%m-%d}", stdout=io.StringIO(), stderr=err)
    assert "✗ 02.pdf: “02.pdf”是加密的 PDF" in err.getvalue()
    assert "✗ notes.txt: 文件名应为版次加扩展名" in err.getvalue()
    assert list(PageScan.objects.values_list("page__number", flat=True)) == [1]


def test_running_again_reports_files_unchanged(issue, tmp_path):
    (tmp_path / "01.pdf").write_bytes(pdf_bytes())
    run(issue, tmp_path)
    out, _err = run(issue, tmp_path)
    assert "✓ 01.pdf: unchanged (same file)" in out


def test_quiet_run_prints_only_errors(issue, tmp_path):
    (tmp_path / "01.pdf").write_bytes(pdf_bytes())
    out, err = run(issue, tmp_path, verbosity=0)
    assert out == "" and err == ""


def test_unknown_issue_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="--issue 2001-01-01: no such issue"):
        call_command("attach_scans", str(tmp_path), "--issue", "2001-01-01")


def test_malformed_issue_date_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="not a date"):
        call_command("attach_scans", str(tmp_path), "--issue", "11.7.2019")


def test_missing_folder_is_an_error(issue, tmp_path):
    with pytest.raises(CommandError, match="不是文件夹"):
        run(issue, tmp_path / "missing")


def test_empty_folder_is_an_error(issue, tmp_path):
    with pytest.raises(CommandError, match="no page files"):
        run(issue, tmp_path)


def test_move_scans_private_reports_a_missing_file_and_fails():
    scan = make_scan(make_page())
    ScanRendition.objects.filter(scan=scan).update(file="scans/renditions/2019/07/gone-200w.jpg")
    err = io.StringIO()
    with pytest.raises(CommandError, match="not moved"):
        call_command("move_scans_private", stderr=err, stdout=io.StringIO())
    assert "gone-200w.jpg: file not found in the media storage" in err.getvalue()
