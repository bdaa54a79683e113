import io

import pypdf
import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from newsroom.epaper import services
from newsroom.epaper.models import IssuePdf, PageScan, ScanRendition
from tests.factories import make_article, make_edition, make_issue, make_page

from .files import encrypted_pdf_bytes, image_bytes, make_scan, make_zone, pdf_bytes, pdf_page_count

pytestmark = pytest.mark.django_db


def test_pdf_page_is_rendered_at_the_widest_scan_width():
    scan = services.attach_scan(page=make_page(), name="01.pdf", data=pdf_bytes(width=300, height=450)).scan
    assert (scan.kind, scan.width, scan.height) == ("pdf", 400, 600)


def test_renditions_are_made_at_each_width_as_jpeg_and_webp():
    scan = make_scan(make_page())
    made = sorted((r.width, r.height, r.format) for r in scan.renditions.all())
    assert made == [(200, 300, "jpg"), (200, 300, "webp"), (400, 600, "jpg"), (400, 600, "webp")]
    with scan.renditions.get(width=200, format="webp").file.open("rb") as fh, Image.open(fh) as image:
        assert (image.format, image.size) == ("WEBP", (200, 300))


def test_small_image_scan_is_never_upscaled():
    scan = make_scan(make_page(), data=image_bytes(width=250, height=300), name="01.jpg")
    assert sorted({r.width for r in scan.renditions.all()}) == [200, 250]


def test_pdf_upload_is_its_own_page_pdf():
    data = pdf_bytes()
    scan = make_scan(make_page(), data=data)
    assert not scan.pdf
    with scan.pdf_file.open("rb") as fh:
        assert fh.read() == data


@pytest.mark.parametrize("fmt, kind", [("JPEG", "jpeg"), ("PNG", "png")])
def test_image_scan_gets_a_one_page_pdf_made_from_it(fmt, kind):
    scan = make_scan(make_page(), data=image_bytes(fmt), name="01.img")
    assert scan.kind == kind
    with scan.pdf_file.open("rb") as fh:
        assert pdf_page_count(fh.read()) == 1


def test_same_file_again_changes_nothing():
    page = make_page()
    data = pdf_bytes()  # once: Pillow stamps each PDF with the time it was made
    first = make_scan(page, data=data)
    again = services.attach_scan(page=page, name="01.pdf", data=data)
    assert again.outcome == "unchanged"
    assert list(again.scan.renditions.values_list("pk", flat=True)) == list(first.renditions.values_list("pk", flat=True))


def test_new_file_replaces_the_scan_and_keeps_its_zones(django_capture_on_commit_callbacks):
    page = make_page()
    scan = make_scan(page)
    zone = make_zone(scan, make_article(page=page))
    old_name = scan.file.name
    storage = scan.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        result = services.attach_scan(page=page, name="01.jpg", data=image_bytes("JPEG"))
    assert result.outcome == "replaced"
    assert result.scan.pk == scan.pk and result.scan.kind == "jpeg"
    assert list(result.scan.zones.all()) == [zone]
    assert not storage.exists(old_name)


@pytest.mark.parametrize(
    "data, code",
    [
        (b"%PDF-1.4\nnot really a pdf", "broken"),
        (encrypted_pdf_bytes(), "encrypted"),
        (pdf_bytes(pages=2), "multi_page"),
        (b"", "empty"),
        (b"plain text, not a page", "not_an_image"),
    ],
    ids=["broken", "encrypted", "two-pages", "empty", "text"],
)
def test_bad_page_files_are_refused_with_their_reason(data, code):
    with pytest.raises(ValidationError) as caught:
        services.render_scan(name="03.pdf", data=data)
    assert caught.value.code == code
    assert "03.pdf" in caught.value.messages[0]


def test_multi_page_message_says_how_many_pages():
    with pytest.raises(ValidationError, match="有 3 页"):
        services.render_scan(name="02.pdf", data=pdf_bytes(pages=3))


def test_webp_scan_is_refused_as_a_page_file():
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50)).save(buffer, format="WEBP")
    with pytest.raises(ValidationError, match="只接受 PDF、JPEG 和 PNG"):
        services.render_scan(name="01.webp", data=buffer.getvalue())


def test_file_over_the_byte_limit_is_refused(settings):
    settings.NEWSROOM_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError, match="超过上限") as caught:
        services.render_scan(name="01.pdf", data=pdf_bytes())
    assert caught.value.code == "too_large"


def test_pdf_over_the_pixel_limit_is_refused_before_rendering(settings):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 400 * 500
    with pytest.raises(ValidationError, match="400×600") as caught:
        services.render_scan(name="01.pdf", data=pdf_bytes(width=300, height=450))
    assert caught.value.code == "too_many_pixels"


def test_image_over_the_pixel_limit_is_refused(settings):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 10_000
    with pytest.raises(ValidationError) as caught:
        services.render_scan(name="01.png", data=image_bytes("PNG"))
    assert caught.value.code == "too_many_pixels"


def test_refused_file_leaves_the_stored_scan_untouched():
    page = make_page()
    scan = make_scan(page)
    zone = make_zone(scan, make_article(page=page))
    renditions = set(scan.renditions.values_list("pk", flat=True))
    with pytest.raises(ValidationError):
        services.attach_scan(page=page, name="01.pdf", data=pdf_bytes(pages=2))
    kept = PageScan.objects.get(page=page)
    assert kept.content_hash == scan.content_hash
    assert kept.file.storage.exists(kept.file.name)
    assert set(kept.renditions.values_list("pk", flat=True)) == renditions
    assert list(kept.zones.all()) == [zone]


def test_remove_scan_deletes_its_files(django_capture_on_commit_callbacks):
    scan = make_scan(make_page())
    names = [scan.file.name] + [r.file.name for r in scan.renditions.all()]
    storage = scan.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_scan(scan=scan)
    assert not PageScan.objects.exists() and not ScanRendition.objects.exists()
    assert not any(storage.exists(name) for name in names)


def _issue_with_scans(count: int = 3):
    issue = make_issue()
    pages = [make_page(issue=issue, number=n, section=f"版{n}") for n in range(1, count + 1)]
    for page in pages:
        make_scan(page, data=pdf_bytes())
    return issue, pages


def test_issue_pdf_merges_the_page_pdfs_in_page_order():
    issue, pages = _issue_with_scans(3)
    make_scan(pages[1], data=image_bytes("JPEG", width=200, height=200), name="02.jpg")
    pdf = services.issue_pdf(issue=issue)
    with pdf.file.open("rb") as fh:
        reader = pypdf.PdfReader(fh)
        sizes = [tuple(float(v) for v in page.mediabox[2:]) for page in reader.pages]
    assert len(sizes) == 3
    assert sizes[0] == (300.0, 450.0) and sizes[1] != (300.0, 450.0)
    assert pdf.page_hashes == [[p.number, PageScan.objects.get(page=p).content_hash] for p in pages]


def test_issue_pdf_is_made_once_and_reused():
    issue, _pages = _issue_with_scans(2)
    first = services.issue_pdf(issue=issue)
    again = services.issue_pdf(issue=issue)
    assert again.pk == first.pk and again.file.name == first.file.name
    assert IssuePdf.objects.count() == 1


def test_issue_pdf_is_remade_when_a_page_file_changes():
    issue, pages = _issue_with_scans(2)
    first_name = services.issue_pdf(issue=issue).file.name
    make_scan(pages[0], data=image_bytes("JPEG"), name="01.jpg")
    remade = services.issue_pdf(issue=issue)
    assert remade.file.name != first_name
    assert remade.page_hashes[0] == [1, PageScan.objects.get(page=pages[0]).content_hash]


def test_issue_without_scans_has_no_issue_pdf():
    assert services.issue_pdf(issue=make_page().issue) is None


def test_attach_files_attaches_good_files_and_reports_bad_ones():
    issue = make_issue()
    for n in (1, 2, 3):
        make_page(issue=issue, number=n, section=f"版{n}")
    files = [
        services.ScanFile(name, len(data), lambda data=data: data)
        for name, data in [
            ("01.pdf", pdf_bytes()),
            ("02.pdf", pdf_bytes(pages=2)),
            ("03.png", image_bytes("PNG")),
            ("09.pdf", pdf_bytes()),
            ("cover.pdf", pdf_bytes()),
        ]
    ]
    outcomes = {o.name: o for o in services.attach_files(issue=issue, files=files)}
    assert [n for n, o in outcomes.items() if o.ok] == ["01.pdf", "03.png"]
    assert "有 2 页" in outcomes["02.pdf"].message
    assert "没有第09版" in outcomes["09.pdf"].message
    assert "01.pdf" in outcomes["cover.pdf"].message
    assert sorted(PageScan.objects.values_list("page__number", flat=True)) == [1, 3]


def test_two_files_for_one_page_are_both_refused():
    page = make_page()
    files = [services.ScanFile(n, 10, lambda: pdf_bytes()) for n in ("01.pdf", "01.jpg")]
    outcomes = services.attach_files(issue=page.issue, files=files)
    assert all("多个文件" in o.message for o in outcomes)
    assert not PageScan.objects.exists()


def test_oversized_file_in_a_batch_is_refused_without_being_read(settings):
    settings.NEWSROOM_MAX_UPLOAD_BYTES = 100

    def unreadable() -> bytes:
        raise AssertionError("an oversized file must not be read")

    page = make_page()
    [outcome] = services.attach_files(issue=page.issue, files=[services.ScanFile("01.pdf", 10_000, unreadable)])
    assert "超过上限" in outcome.message


def test_attach_directory_refuses_a_missing_folder(tmp_path):
    with pytest.raises(ValidationError, match="不是文件夹"):
        services.attach_directory(issue=make_issue(), directory=tmp_path / "nope")


def test_coverage_lists_pages_without_scan_and_articles_without_zone():
    edition = make_edition()
    scan = make_scan(edition.pages[0])
    make_zone(scan, edition.lead)
    report = {row.page.number: row for row in services.coverage(issue=edition.issue)}
    assert report[1].scan == scan and report[1].without_zone == [edition.photo_story]
    assert report[2].scan is None and report[2].without_zone == [edition.inner]
    assert not report[1].complete and not report[3].complete


def test_coverage_counts_only_accepted_zones():
    edition = make_edition()
    scan = make_scan(edition.pages[0])
    make_zone(scan, edition.lead)
    make_zone(scan, edition.photo_story, status="proposed")
    assert services.coverage(issue=edition.issue)[0].without_zone == [edition.photo_story]
