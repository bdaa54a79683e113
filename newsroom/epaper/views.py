"""The reading mode: the reader site's page and article views with the scan
added, the zones' stylesheet, the scan images, and the page and issue PDF
downloads. The print files follow `articles.policy`: a page's scan, zones and
PDF only for readers who may see every article printed on it (or once the
edition is released), the issue PDF likewise for the whole issue."""

from __future__ import annotations

import hashlib

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views import View

from articles import policy
from articles.files import send_stored_file
from articles.models import Issue, Page
from articles.views import ArticleView, PageView
from articles.views.mixins import ReaderMixin

from . import services
from .models import PageScan, ScanRendition, Zone


def _page_kwargs(page: Page) -> dict:
    return {"date": page.issue.date, "number": page.number}


class ScanPageView(PageView):
    """`/issues/2019-07-11/02/`: the printed page with its article zones as
    links, beside the 标题导航; a page without a scan keeps the text layout."""

    def load_page(self) -> None:
        super().load_page()
        # No scan when not every article printed here may be shown to this
        # reader (articles.policy): the page keeps its text layout.
        self.scan = (
            PageScan.objects.filter(page=self.page, page__in=Page.objects.print_visible_to(self.request.user))
            .select_related("page__issue")
            .prefetch_related(
                Prefetch("renditions", queryset=ScanRendition.objects.order_by("width")),
                Prefetch("zones", queryset=Zone.objects.order_by("y", "x", "pk")),
            )
            .first()
        )

    def get_template_names(self) -> list[str]:
        if self.issue is None:
            return super().get_template_names()
        return ["epaper/page.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scan = getattr(self, "scan", None)
        if scan is None:
            return context
        by_pk = {article.pk: article for article in self.articles}
        # Only zones of articles this reader may open become links.
        zones = [zone for zone in scan.zones.all() if zone.article_id in by_pk]
        for zone in zones:
            zone.article = by_pk[zone.article_id]
        renditions = list(scan.renditions.all())
        jpegs = scan.jpegs()
        fingerprint = hashlib.sha256(
            ";".join(f"{z.pk}:{z.x}:{z.y}:{z.w}:{z.h}" for z in zones).encode()
        ).hexdigest()[:12]
        context.update(
            scan=scan,
            zones=zones,
            text_layout=self.request.GET.get("layout") == "text",
            scan_srcset={fmt: ", ".join(f"{r.url} {r.width}w" for r in renditions if r.format == fmt) for fmt in ("jpg", "webp")},
            scan_src=next((r for r in jpegs if r.width >= 1000), jpegs[-1] if jpegs else None),
            scan_full=jpegs[-1] if jpegs else None,
            zones_css_url=reverse("epaper:zones_css", kwargs=_page_kwargs(self.page)) + f"?v={fingerprint}",
            page_pdf_url=reverse("epaper:page_pdf", kwargs=_page_kwargs(self.page)),
            issue_pdf_url=reverse("epaper:issue_pdf", kwargs={"date": self.issue.date}),
        )
        return context


class ScanArticleView(ArticleView):
    """The reader site's article page, linking back to its zones on the scan."""

    template_name = "epaper/article.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        # The link goes to the article's topmost zone; the others are not needed.
        first = (
            Zone.objects.filter(article=article, scan__page=article.page)
            .order_by("y", "x", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        context["scan_zone_url"] = f"{article.page.get_absolute_url()}#zone-{first}" if first else ""
        return context


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
        if self.is_public(scan):
            # The page links it with a fingerprint of the zones, so it may be kept a day.
            patch_cache_control(response, public=True, max_age=86400)
        else:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


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
