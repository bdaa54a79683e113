"""Page scans in and PDFs out.

A page file is checked and rendered completely before anything is written,
so a refused file leaves whatever the page already had untouched. PDFs are
opened with pypdf (page count, encryption) and rendered with pypdfium2
(PDFium itself, bundled in the wheel); images are checked with the photo
upload's checks. Renditions are made once per file, at NEWSROOM_SCAN_WIDTHS,
as JPEG and WebP. All of them are private files (articles.files), stored
under names with a random part, so nobody finds a page by its date.

The issue PDF is merged from the page PDFs by the services that change
what it holds or who may read it: attaching or removing a page file here, and
the change-log consumer (consumers.py) for publications and releases,
which the workflow records as changes. A reader's GET only reads it
(`issue_pdf`).
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from articles import changes
from articles.models import Article, Issue, Page
from articles.services.photos import validate_image_upload

from .models import IssuePdf, PageScan, ScanRendition, Zone
from .zoning import ZoningResult, propose_zones

# Resolution of the PDF made from an image scan: print-like, and the file
# stays the size of the JPEG inside it.
IMAGE_PDF_DPI = 200
RENDITION_FORMATS = {"JPEG": "jpg", "WEBP": "webp"}
logger = logging.getLogger(__name__)
SCAN_NAME = re.compile(r"^(?P<number>[0-9]{1,3})\.(?P<ext>pdf|jpe?g|png)$", re.IGNORECASE)


@dataclass(frozen=True)
class RenderedScan:
    """A checked page file: its kind, the full-size page image, and the page
    PDF made from an image scan (None when the upload is a PDF)."""

    kind: str
    image: Image.Image
    made_pdf: bytes | None


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def check_size(*, name: str, size: int) -> None:
    """Refuse a file over NEWSROOM_MAX_UPLOAD_BYTES, before it is read."""
    limit = settings.NEWSROOM_MAX_UPLOAD_BYTES
    if size > limit:
        raise _refuse(
            _("“{name}”有 {size}，超过上限 {limit}。").format(
                name=name, size=filesizeformat(size), limit=filesizeformat(limit)
            ),
            "too_large",
        )


def render_scan(*, name: str, data: bytes) -> RenderedScan:
    """Check a page file and render it; raises ValidationError naming the file."""
    check_size(name=name, size=len(data))
    if not data:
        raise _refuse(_("“{name}”是空文件。").format(name=name), "empty")
    if data.lstrip()[:5] == b"%PDF-":
        return RenderedScan(kind=PageScan.Kind.PDF, image=_render_pdf(name, data), made_pdf=None)
    fmt = validate_image_upload(ContentFile(data, name=name))
    if fmt not in ("JPEG", "PNG"):
        raise _refuse(_("“{name}”是 {fmt} 格式；版面文件只接受 PDF、JPEG 和 PNG。").format(name=name, fmt=fmt), "bad_format")
    with Image.open(io.BytesIO(data)) as opened:
        image = _flatten(ImageOps.exif_transpose(opened))
    pdf = io.BytesIO()
    image.save(pdf, format="PDF", resolution=IMAGE_PDF_DPI)
    kind = PageScan.Kind.JPEG if fmt == "JPEG" else PageScan.Kind.PNG
    return RenderedScan(kind=kind, image=image, made_pdf=pdf.getvalue())


def _render_pdf(name: str, data: bytes) -> Image.Image:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise _refuse(_("“{name}”是加密的 PDF；请导出不加密的版本再上传。").format(name=name), "encrypted")
        count = len(reader.pages)
    except (pypdf.errors.PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise _refuse(_("“{name}”已损坏，无法读取：{error}").format(name=name, error=error), "broken") from None
    if count != 1:
        raise _refuse(
            _("“{name}”有 {count} 页；每个版面文件只能有一页。").format(name=name, count=count), "multi_page"
        )
    width = max(settings.NEWSROOM_SCAN_WIDTHS)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise _refuse(_("“{name}”已损坏，无法读取：{error}").format(name=name, error=error), "broken") from None
    try:
        page = document[0]
        points_wide, points_high = page.get_size()
        if points_wide <= 0 or points_high <= 0:
            raise _refuse(_("“{name}”的页面尺寸为零。").format(name=name), "broken")
        scale = width / points_wide
        height = round(points_high * scale)
        if width * height > settings.NEWSROOM_MAX_IMAGE_PIXELS:
            raise _refuse(
                _("“{name}”按 {width} 像素宽渲染后为 {width}×{height}，超过 {limit} 像素的上限。").format(
                    name=name, width=width, height=height, limit=f"{settings.NEWSROOM_MAX_IMAGE_PIXELS:,}"
                ),
                "too_many_pixels",
            )
        image = page.render(scale=scale).to_pil().convert("RGB")
    except pdfium.PdfiumError as error:
        raise _refuse(_("“{name}”无法渲染：{error}").format(name=name, error=error), "broken") from None
    finally:
        document.close()
    return image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: transparent PNG areas print as paper, not black."""
    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


@dataclass(frozen=True)
class AttachResult:
    scan: PageScan
    outcome: str  # "created", "replaced" or "unchanged"
    zoning: ZoningResult | None = None  # None when the file was unchanged


@transaction.atomic
def attach_scan(
    *,
    page: Page,
    name: str,
    data: bytes,
    user=None,
    rendered: RenderedScan | None = None,
    rebuild_issue_pdf: bool = True,
) -> AttachResult:
    """Store `data` as the page's scan with its renditions and page PDF.

    The same bytes again change nothing. A new file replaces the old one and
    keeps the zones (they are fractions of the page); the old files are
    deleted once the new ones are committed. `rendered` is `render_scan`'s
    result for these bytes when a form has already checked them. The issue
    PDF is merged again (see `refresh_issue_pdf`) unless the caller does it
    once for a batch (`rebuild_issue_pdf=False`). Zones are then proposed
    from the file's text layer (see `zoning`).
    """
    digest = hashlib.sha256(data).hexdigest()
    existing = PageScan.objects.select_for_update().filter(page=page).first()
    if existing is not None and existing.content_hash == digest:
        return AttachResult(existing, "unchanged")
    rendered = rendered or render_scan(name=name, data=data)
    scan = existing or PageScan(page=page)
    # The old renditions' files go with their rows (signals); the scan's own
    # old files are dropped here, after commit, as the row itself stays.
    old_files = [(f.storage, f.name) for f in (existing.file, existing.pdf) if f] if existing is not None else []
    if existing is not None:
        existing.renditions.all().delete()
    stem = _file_stem(page)
    extension = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}[rendered.kind]
    scan.kind = rendered.kind
    scan.original_name = Path(name).name[:255]
    scan.width, scan.height = rendered.image.size
    scan.content_hash = digest
    scan.uploaded_by = user
    new_files: list = []
    try:
        scan.file.save(f"{stem}.{extension}", ContentFile(data), save=False)
        new_files.append(scan.file)
        if rendered.made_pdf is not None:
            scan.pdf.save(f"{stem}.pdf", ContentFile(rendered.made_pdf), save=False)
            new_files.append(scan.pdf)
        else:
            scan.pdf = ""
        scan.save()
        new_files += [r.file for r in make_renditions(scan=scan, image=rendered.image)]
    except BaseException:
        for stored in new_files:
            stored.delete(save=False)
        raise
    transaction.on_commit(lambda: _delete_stored(old_files))
    if rebuild_issue_pdf:
        refresh_issue_pdf(issue=page.issue)
    record_scan_change(page=page, action="replaced" if existing is not None else "created")
    zoning = propose_zones(scan=scan, data=data)
    return AttachResult(scan, "replaced" if existing is not None else "created", zoning)


def record_scan_change(*, page: Page, action: str) -> None:
    """A page's scan or zones changed: its issue's pages (and the issue PDF) follow."""
    changes.record(
        kind="scan",
        action=action,
        affected=changes.Affected(pages=frozenset({page.pk}), issues=frozenset({page.issue.date})),
    )


def _file_stem(page: Page) -> str:
    """The stored files' name for a page: 20190711-02-<random>. The random
    part, new for every file, keeps the name from being guessed from the
    date and page number."""
    return f"{page.issue.date:%Y%m%d}-{page.number:02d}-{secrets.token_urlsafe(12)}"


def make_renditions(*, scan: PageScan, image: Image.Image) -> list[ScanRendition]:
    """The scan's image at each configured width (never upscaled), JPEG and WebP."""
    widths = sorted({min(w, image.width) for w in settings.NEWSROOM_SCAN_WIDTHS}, reverse=True)
    stem = _file_stem(scan.page)
    made: list[ScanRendition] = []
    source = image
    try:
        for width in widths:
            height = max(1, round(image.height * width / image.width))
            # Each width from the next larger one: a fraction of the pixels to filter.
            resized = source if width == source.width else source.resize((width, height), Image.Resampling.LANCZOS)
            source = resized
            for fmt, extension in RENDITION_FORMATS.items():
                buffer = io.BytesIO()
                # WebP at its default effort: made once, read by every reader, so
                # the smaller file (about 20% smaller than a fast method) wins.
                resized.save(buffer, format=fmt, quality=82 if fmt == "JPEG" else 78)
                rendition = ScanRendition(scan=scan, width=width, height=height, format=extension)
                rendition.file.save(f"{stem}-{width}w.{extension}", ContentFile(buffer.getvalue()), save=False)
                made.append(rendition)
                rendition.save()
    except BaseException:
        # The rows roll back with the caller's transaction; the files must go by hand.
        for rendition in made:
            rendition.file.delete(save=False)
        raise
    return made


@transaction.atomic
def remove_scan(*, scan: PageScan) -> None:
    """Delete the page's scan with its renditions and zones; the files follow
    after commit (see signals). The issue PDF is merged again without it."""
    issue = scan.page.issue
    record_scan_change(page=scan.page, action="deleted")
    scan.delete()
    refresh_issue_pdf(issue=issue)


@transaction.atomic
def save_zones(*, scan: PageScan, formset) -> None:
    """Save an edited set of zones of the scan (the admin's zone editor)."""
    formset.save()
    record_scan_change(page=scan.page, action="zones")


def _delete_stored(files: list[tuple[object, str]]) -> None:
    for storage, name in files:
        storage.delete(name)


@dataclass(frozen=True)
class ScanFile:
    """One page file of a batch: its name, size, and how to read it."""

    name: str
    size: int
    read: Callable[[], bytes]

    @classmethod
    def from_path(cls, path: Path) -> ScanFile:
        return cls(name=path.name, size=path.stat().st_size, read=path.read_bytes)

    @classmethod
    def from_upload(cls, upload) -> ScanFile:
        return cls(name=Path(upload.name).name, size=upload.size, read=upload.read)


@dataclass
class FileOutcome:
    name: str
    page_number: int | None = None
    outcome: str = ""  # "created", "replaced", "unchanged" or "refused"
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome != "refused"


def attach_files(*, issue: Issue, files: Iterable[ScanFile], user=None) -> list[FileOutcome]:
    """Attach page files named by page number (01.pdf, 02.jpg, …) to the
    issue's pages, one transaction per file: a refused file is reported and
    the rest are still attached."""
    files = sorted(files, key=lambda f: f.name)
    pages = {page.number: page for page in issue.pages.select_related("issue", "section")}
    numbers: dict[int, list[str]] = {}
    for item in files:
        match = SCAN_NAME.match(item.name)
        if match:
            numbers.setdefault(int(match["number"]), []).append(item.name)
    outcomes = []
    for item in files:
        outcome = FileOutcome(name=item.name)
        outcomes.append(outcome)
        match = SCAN_NAME.match(item.name)
        if not match:
            outcome.outcome = "refused"
            outcome.message = _("文件名应为版次加扩展名，如 01.pdf、02.jpg、03.png。")
            continue
        number = outcome.page_number = int(match["number"])
        if len(numbers[number]) > 1:
            outcome.outcome = "refused"
            outcome.message = _("第{number:02d}版有多个文件（{names}），请只保留一个。").format(
                number=number, names="、".join(numbers[number])
            )
            continue
        page = pages.get(number)
        if page is None:
            outcome.outcome = "refused"
            outcome.message = _("{issue}没有第{number:02d}版。").format(issue=issue.date_line, number=number)
            continue
        try:
            # Checked before reading: an oversized file is never loaded into memory.
            check_size(name=item.name, size=item.size)
            result = attach_scan(page=page, name=item.name, data=item.read(), user=user, rebuild_issue_pdf=False)
        except ValidationError as error:
            outcome.outcome = "refused"
            outcome.message = " ".join(error.messages)
        else:
            outcome.outcome = result.outcome
            outcome.message = result.zoning.summary if result.zoning else ""
    if any(o.outcome in ("created", "replaced") for o in outcomes):
        refresh_issue_pdf(issue=issue)
    return outcomes


def attach_directory(*, issue: Issue, directory: Path, user=None) -> list[FileOutcome]:
    """`attach_files` for the visible files of a folder from the layout system."""
    if not directory.is_dir():
        raise ValidationError(_("“{path}”不是文件夹。").format(path=directory), code="not_a_directory")
    files = [ScanFile.from_path(p) for p in directory.iterdir() if p.is_file() and not p.name.startswith(".")]
    return attach_files(issue=issue, files=files, user=user)


def page_hashes(issue: Issue) -> list[list]:
    """[page number, content hash] of the issue's scanned pages, in print order."""
    return [
        [number, digest]
        for number, digest in PageScan.objects.filter(page__issue=issue)
        .order_by("page__number")
        .values_list("page__number", "content_hash")
    ]


def issue_pdf(*, issue: Issue) -> IssuePdf | None:
    """The issue's merged PDF if it is current (merged from the page files
    the issue has now); None otherwise. Reads only: readers never build it."""
    current = IssuePdf.objects.filter(issue=issue).first()
    return current if _is_current(current, page_hashes(issue)) else None


def _is_current(pdf: IssuePdf | None, hashes: list[list]) -> bool:
    """The stored PDF was merged from these page files and its file is still there."""
    return pdf is not None and bool(hashes) and pdf.page_hashes == hashes and pdf.file.storage.exists(pdf.file.name)


@transaction.atomic
def build_issue_pdf(*, issue: Issue) -> IssuePdf | None:
    """Merge the issue's page PDFs in page order and store the result, unless
    the stored one is current; with no page file left, drop it. Returns the
    current PDF, or None when the issue has no page file."""
    # Lock the issue so two services do not merge the same PDF at once.
    Issue.objects.select_for_update().filter(pk=issue.pk).first()
    hashes = page_hashes(issue)
    pdf = IssuePdf.objects.filter(issue=issue).first()
    if not hashes:
        if pdf is not None:
            pdf.delete()
        return None
    if _is_current(pdf, hashes):
        return pdf
    scans = PageScan.objects.filter(page__issue=issue).select_related("page").order_by("page__number")
    writer = pypdf.PdfWriter()
    for scan in scans:
        with scan.pdf_file.open("rb") as fh:
            writer.append(io.BytesIO(fh.read()))
    buffer = io.BytesIO()
    writer.write(buffer)
    pdf = pdf or IssuePdf(issue=issue)
    old_name = pdf.file.name
    pdf.page_hashes = hashes
    pdf.file.save(f"{issue.date:%Y%m%d}-{secrets.token_urlsafe(12)}.pdf", ContentFile(buffer.getvalue()), save=False)
    pdf.save()
    if old_name:
        storage = pdf.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return pdf


def refresh_issue_pdf(*, issue: Issue) -> IssuePdf | None:
    """`build_issue_pdf` after a page file changed or the edition went out.

    A page file that cannot be merged (a PDF pypdf cannot read) must not undo
    the upload or the publication that asked: it is logged, and the issue has
    no current PDF (its download answers 404) until the file is replaced.
    """
    try:
        with transaction.atomic():
            return build_issue_pdf(issue=issue)
    except (pypdf.errors.PyPdfError, OSError, ValueError, KeyError) as error:
        logger.error("issue PDF of %s not built: %s", issue.date, error)
        return None


@dataclass
class PageCoverage:
    """What one page still lacks for the reading mode."""

    page: Page
    scan: PageScan | None
    articles: list[Article] = field(default_factory=list)
    without_zone: list[Article] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.scan is not None and not self.without_zone


def coverage(*, issue: Issue) -> list[PageCoverage]:
    """Each page of the issue: its scan (or None) and its articles without an
    accepted zone (a proposed one still waits for an editor)."""
    has_zone = Exists(Zone.objects.accepted().filter(article=OuterRef("pk"), scan__page=OuterRef("page")))
    articles = Article.objects.annotate(has_zone=has_zone).order_by("position", "pk")
    pages = (
        issue.pages.select_related("section", "scan")
        .prefetch_related(Prefetch("articles", queryset=articles))
        .order_by("number")
    )
    report = []
    for page in pages:
        scan = getattr(page, "scan", None)
        page_articles = list(page.articles.all())
        report.append(
            PageCoverage(
                page=page,
                scan=scan,
                articles=page_articles,
                without_zone=[a for a in page_articles if not a.has_zone],
            )
        )
    return report


@dataclass
class MovedFile:
    """One stored file of `move_files_to_private_storage`: where it went, or why not."""

    label: str
    old_name: str
    new_name: str = ""
    error: str = ""


def _private_name(old_name: str) -> str:
    """`scans/2019/07/20190718-01-1280w.jpg` → the same folder, the name with a random part."""
    folder, _slash, base = old_name.rpartition("/")
    stem, dot, extension = base.rpartition(".")
    new_base = f"{stem}-{secrets.token_urlsafe(12)}{dot}{extension}" if dot else f"{base}-{secrets.token_urlsafe(12)}"
    return f"{folder}/{new_base}" if folder else new_base


def move_files_to_private_storage() -> list[MovedFile]:
    """Move scan, rendition and issue PDF files stored before they became
    private (in the public media storage, under guessable names) into the
    private storage under names with a random part; one transaction per row.

    A file already private is left alone, so running it again moves nothing;
    a file found in neither storage is reported and its row kept as it is.
    The old public copies are deleted once their row points at the new file.
    """
    from django.core.files.storage import default_storage

    rows = [
        *((f"scan {scan.pk}", scan, name) for scan in PageScan.objects.order_by("pk") for name in ("file", "pdf")),
        *((f"rendition {r.pk}", r, "file") for r in ScanRendition.objects.order_by("pk")),
        *((f"issue PDF {pdf.pk}", pdf, "file") for pdf in IssuePdf.objects.order_by("pk")),
    ]
    report = []
    for label, row, field_name in rows:
        stored = getattr(row, field_name)
        if not stored or stored.storage.exists(stored.name):
            continue
        moved = MovedFile(label=label, old_name=stored.name)
        report.append(moved)
        if not default_storage.exists(stored.name):
            moved.error = "file not found in the media storage"
            continue
        try:
            with default_storage.open(stored.name, "rb") as fh:
                new_name = stored.storage.save(_private_name(stored.name), fh)
            type(row).objects.filter(pk=row.pk).update(**{field_name: new_name})
        except OSError as error:
            moved.error = str(error)
            continue
        moved.new_name = new_name
        default_storage.delete(moved.old_name)
    return report
