"""The reading mode: what the scan adds to the reader's page and article
views (context providers registered in apps.py), the zones' stylesheet, and
the page and issue PDF downloads."""

from __future__ import annotations

import hashlib

from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views import View

from articles.models import Issue, Page
from articles.views.mixins import ReaderMixin

from . import services
from .models import PageScan, ScanRendition, Zone


def _page_kwargs(page: Page) -> dict:
    return {"date": page.issue.date, "number": page.number}


def page_context(view, context: dict) -> dict:
    """For the reader's page view (articles.hooks "page"): the printed page with
    its article zones as links, beside the 标题导航; a page without a scan
    keeps the text layout."""
    if getattr(view, "issue", None) is None:
        return {}
    page = view.page
    scan = (
        PageScan.objects.filter(page=page)
        .prefetch_related(
            Prefetch("renditions", queryset=ScanRendition.objects.order_by("width")),
            Prefetch("zones", queryset=Zone.objects.order_by("y", "x", "pk")),
        )
        .first()
    )
    if scan is None:
        return {}
    by_pk = {article.pk: article for article in view.articles}
    # Only zones of articles this reader may open become links.
    zones = [zone for zone in scan.zones.all() if zone.article_id in by_pk]
    for zone in zones:
        zone.article = by_pk[zone.article_id]
    renditions = list(scan.renditions.all())
    jpegs = scan.jpegs()
    fingerprint = hashlib.sha256(";".join(f"{z.pk}:{z.x}:{z.y}:{z.w}:{z.h}" for z in zones).encode()).hexdigest()[:12]
    text_layout = view.request.GET.get("layout") == "text"
    return {
        "scan": scan,
        "zones": zones,
        "text_layout": text_layout,
        "page_layout": None if text_layout else "epaper/includes/scan.html",
        "scan_srcset": {
            fmt: ", ".join(f"{r.file.url} {r.width}w" for r in renditions if r.format == fmt) for fmt in ("jpg", "webp")
        },
        "scan_src": next((r for r in jpegs if r.width >= 1000), jpegs[-1] if jpegs else None),
        "scan_full": jpegs[-1] if jpegs else None,
        "zones_css_url": reverse("epaper:zones_css", kwargs=_page_kwargs(page)) + f"?v={fingerprint}",
        "page_pdf_url": reverse("epaper:page_pdf", kwargs=_page_kwargs(page)),
        "issue_pdf_url": reverse("epaper:issue_pdf", kwargs={"date": view.issue.date}),
    }


def article_context(view, context: dict) -> dict:
    """For the reader's article view (articles.hooks "article"): a link back to
    the article's topmost zone on the scan; the others are not needed."""
    article = view.object
    first = (
        Zone.objects.filter(article=article, scan__page=article.page)
        .order_by("y", "x", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return {"scan_zone_url": f"{article.page.get_absolute_url()}#zone-{first}" if first else ""}


class ScanFileMixin(ReaderMixin):
    """The page of the URL, as the current reader may see it."""

    def get_page(self) -> Page:
        pages = self.visible(Page.objects).select_related("issue", "section")
        return get_object_or_404(pages, issue__date=self.kwargs["date"], number=self.kwargs["number"])

    def get_scan(self) -> PageScan:
        page = self.get_page()
        scan = PageScan.objects.filter(page=page).first()
        if scan is None:
            raise Http404("这一版还没有版面文件")
        scan.page = page
        return scan


class ZonesCssView(ScanFileMixin, View):
    """Where the zones sit on the scan, as a stylesheet: percentages from the
    stored fractions, without inline styles (the CSP forbids those)."""

    def get(self, request, *args, **kwargs):
        scan = self.get_scan()
        rules = [
            f"#zone-{pk}{{left:{x * 100:.3f}%;top:{y * 100:.3f}%;width:{w * 100:.3f}%;height:{h * 100:.3f}%}}"
            for pk, x, y, w, h in scan.zones.values_list("pk", "x", "y", "w", "h")
        ]
        response = HttpResponse("\n".join(rules) + "\n", content_type="text/css; charset=utf-8")
        # The page links it with a fingerprint of the zones, so it may be kept a day.
        patch_cache_control(response, public=True, max_age=86400)
        return response


class PagePdfView(ScanFileMixin, View):
    """The page as PDF: the uploaded one, or the one made from the image scan."""

    def get(self, request, *args, **kwargs):
        scan = self.get_scan()
        filename = f"{scan.page.issue.date:%Y-%m-%d}-{scan.page.number:02d}.pdf"
        return FileResponse(
            scan.pdf_file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
        )


class IssuePdfView(ReaderMixin, View):
    """The whole issue as one PDF, merged from the page PDFs once and cached."""

    def get(self, request, *args, **kwargs):
        issue = get_object_or_404(self.visible(Issue.objects), date=kwargs["date"])
        pdf = services.issue_pdf(issue=issue)
        if pdf is None:
            raise Http404("这一期还没有版面文件")
        return FileResponse(
            pdf.file.open("rb"), as_attachment=True, filename=f"{issue.date:%Y-%m-%d}.pdf", content_type="application/pdf"
        )
