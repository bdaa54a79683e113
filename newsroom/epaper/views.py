"""The reading mode: what the scan adds to the reader's page and article
views (context providers registered in apps.py), the scan images, and the
page and issue PDF downloads. The print files follow `articles.policy`: a
page's scan, zones and PDF only for readers who may see every article printed
on it (or once the edition is released), the issue PDF likewise for the
whole issue."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View

from articles import policy
from articles.files import send_stored_file
from articles.models import Issue, Page
from articles.reuse import reused
from articles.views.mixins import ReaderMixin

from . import services
from .models import PageScan, ScanRendition, Zone, jpegs_of


def _page_kwargs(page: Page) -> dict:
    return {"date": page.issue.date, "number": page.number}


def page_context(view, context: dict) -> dict:
    """For the reader's page view (articles.hooks "page"): the printed page with
    its article zones as links (an SVG overlay of polygons, in print order)
    and the issue's thumbnail rail, beside the 标题导航; a page without a scan,
    or whose prints this reader may not see yet, keeps the text layout."""
    if getattr(view, "issue", None) is None:
        return {}
    page = view.page
    user = view.request.user
    pages = context["pages"]
    # The issue's scans are the same for every reader; which of them this
    # reader may see, and the zones, for readers who see what the public sees
    # (articles.reuse: a scan, its zones and a release each record a change).
    scans = reused(("scans", view.issue.pk), lambda: _issue_scans(pages))
    # Arrow keys and swipes turn the pages of an issue, with or without a scan.
    if page.pk not in scans:
        return {"epaper_pager": True}
    # Asked only of a scanned page, for all of the issue's at once (the rail
    # shows their thumbnails): not every article printed on a page may be
    # shown to this reader yet (articles.policy), and then it keeps its text layout.
    visible = view.shared(
        ("print_visible", view.issue.pk),
        lambda: set(Page.objects.print_visible_to(user, one=True).filter(pk__in=list(scans)).values_list("pk", flat=True)),
    )
    if page.pk not in visible:
        return {"epaper_pager": True}
    scan, renditions = scans[page.pk]
    by_pk = {article.pk: article for article in view.articles}
    print_order = {article.pk: n for n, article in enumerate(view.articles)}
    # Only zones of articles this reader may open become links; the tab
    # order follows the articles' print order, then top to bottom.
    zones = sorted(
        view.shared(("zones", scan.pk), lambda: list(Zone.objects.accepted().filter(scan=scan, article__in=list(by_pk)))),
        key=lambda zone: (print_order[zone.article_id], zone.y, zone.x, zone.pk),
    )
    label_size = max(12, round(scan.width / 50))
    for zone in zones:
        zone.article = by_pk[zone.article_id]
        zone.svg_points = " ".join(f"{x * scan.width:.1f},{y * scan.height:.1f}" for x, y in zone.outline)
        # The headline shown on hover and focus, just inside the zone's top edge.
        zone.label_x, zone.label_y = f"{zone.x * scan.width:.1f}", f"{zone.y * scan.height + label_size:.1f}"
    jpegs = jpegs_of(renditions)
    # The rail: each page's narrowest image, none for a page without a scan or whose prints are not shown yet.
    thumbs = {pk: next(iter(jpegs_of(rows)), None) for pk, (_scan, rows) in scans.items() if pk in visible}
    text_layout = view.request.GET.get("layout") == "text"
    return {
        "epaper_pager": True,
        "scan": scan,
        "zones": zones,
        "zone_label_size": label_size,
        "text_layout": text_layout,
        "page_layout": None if text_layout else "epaper/includes/scan.html",
        "scan_srcset": {
            fmt: ", ".join(f"{r.url} {r.width}w" for r in renditions if r.format == fmt) for fmt in ("jpg", "webp")
        },
        "scan_src": next((r for r in jpegs if r.width >= 1000), jpegs[-1] if jpegs else None),
        "scan_full": jpegs[-1] if jpegs else None,
        "page_pdf_url": reverse("epaper:page_pdf", kwargs=_page_kwargs(page)),
        "issue_pdf_url": reverse("epaper:issue_pdf", kwargs={"date": view.issue.date}),
        "rail": [(p, thumbs.get(p.pk)) for p in context["pages"]],
    }


def _issue_scans(pages: list[Page]) -> dict[int, tuple[PageScan, list[ScanRendition]]]:
    """The scans of the issue's `pages` by page id, each with its renditions
    (narrowest first), in one query: a scan always has renditions, made with
    it (services.attach_scan). The page objects at hand give the renditions
    their addresses without another join."""
    by_pk = {page.pk: page for page in pages}
    scans: dict[int, tuple[PageScan, list[ScanRendition]]] = {}
    renditions = (
        ScanRendition.objects.filter(scan__page__in=list(by_pk))
        .select_related("scan")
        .defer("scan__zoning_report")
        .order_by("width", "pk")
    )
    for rendition in renditions:
        if rendition.scan.page_id not in scans:
            rendition.scan.page = by_pk[rendition.scan.page_id]
            scans[rendition.scan.page_id] = (rendition.scan, [])
        scan, rows = scans[rendition.scan.page_id]
        rendition.scan = scan
        rows.append(rendition)
    return scans


def article_context(view, context: dict) -> dict:
    """For the reader's article view (articles.hooks "article"): a link back to
    the article's topmost accepted zone on the scan; the others are not needed."""
    article = view.object
    first = (
        Zone.objects.accepted()
        .filter(article=article, scan__page=article.page)
        .order_by("y", "x", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return {"scan_zone_url": f"{article.page.get_absolute_url()}#zone-{first}" if first else ""}


class ScanFileMixin(ReaderMixin):
    """The page of the URL, if the current reader may see its print files."""

    def get_page(self) -> Page:
        pages = Page.objects.print_visible_to(self.request.user).select_related("issue", "section")
        return get_object_or_404(pages, issue__date=self.kwargs["date"], number=self.kwargs["number"])

    def get_scan(self) -> PageScan:
        page = self.get_page()
        scan = PageScan.objects.filter(page=page).first()
        if scan is None:
            raise Http404("这一版还没有版面文件")
        scan.page = page
        return scan

    def is_public(self, scan: PageScan) -> bool:
        """Anonymous readers may fetch it too: shared caches may keep it."""
        return policy.prints_are_public(scan.page)


class ScanImageView(ScanFileMixin, View):
    """One rendition of the page's scan, by its stored name (which has a
    random part: the address cannot be guessed from the date and page)."""

    def get(self, request, *args, **kwargs):
        scan = self.get_scan()
        rendition = scan.renditions.filter(file__endswith=f"/{kwargs['name']}").first()
        if rendition is None:
            raise Http404("没有这张版面图")
        return send_stored_file(rendition.file, public=self.is_public(scan), max_age=365 * 86400)


class PagePdfView(ScanFileMixin, View):
    """The page as PDF: the uploaded one, or the one made from the image scan."""

    def get(self, request, *args, **kwargs):
        scan = self.get_scan()
        filename = f"{scan.page.issue.date:%Y-%m-%d}-{scan.page.number:02d}.pdf"
        return send_stored_file(scan.pdf_file, filename=filename, as_attachment=True, public=self.is_public(scan))


class IssuePdfView(ReaderMixin, View):
    """The whole issue as one PDF, merged by the services that publish the
    edition or change its page files; this view only reads it."""

    def get(self, request, *args, **kwargs):
        issue = get_object_or_404(Issue.objects.print_visible_to(request.user), date=kwargs["date"])
        pdf = services.issue_pdf(issue=issue)
        if pdf is None:
            raise Http404("这一期还没有整期 PDF")
        return send_stored_file(
            pdf.file,
            filename=f"{issue.date:%Y-%m-%d}.pdf",
            as_attachment=True,
            public=policy.may_see_issue_print(None, issue),
        )
