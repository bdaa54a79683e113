"""The 数字报 reading mode: how long an uploaded page takes to become its
renditions (a broadsheet-sized one-page PDF and a JPEG scan, at
NEWSROOM_SCAN_WIDTHS as JPEG and WebP), merging an issue PDF, the scan
view's server time (whole request through the test client) with 0 and 20 zones,
and how well auto-zoning finds the articles on pages of known layout
(`bench/autozone.py`).
"""

from __future__ import annotations

import datetime as dt
import io
import logging

from bench import autozone
from bench.common import median_ms, p95_ms, print_table, reset_database, timed


def _page_image(width: int, height: int):
    """A page-like image: masthead band, headline bars, columns of text lines, photos."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 30, width - 40, 150), fill="#b0000f")
    columns = 6
    column = (width - 80) // columns
    for n in range(columns):
        x0 = 40 + n * column
        draw.rectangle((x0 + 6, 180, x0 + column - 6, 215), fill="#222")
        for y in range(230, height - 40, 18):
            draw.line((x0 + 6, y, x0 + column - 6, y), fill="#888", width=6)
    draw.rectangle((40 + column, 500, 40 + 3 * column, 800), fill="#666")
    return image


def _pdf(width_pt: int = 842, height_pt: int = 1191) -> bytes:
    """An A3 page (842×1191 pt), as the layout system exports a page."""
    buffer = io.BytesIO()
    _page_image(width_pt * 2, height_pt * 2).save(buffer, format="PDF", resolution=144)
    return buffer.getvalue()


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    _page_image(3000, 4240).save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _render_rows(repeat: int) -> list[tuple]:
    from django.conf import settings

    from articles.models import Issue, Page, Section
    from newsroom.epaper.services import attach_scan

    section = Section.objects.create(name="要闻", slug="yaowen")
    issue = Issue.objects.create(date=dt.date(2019, 7, 11))
    pages = [Page.objects.create(issue=issue, number=n + 1, section=section) for n in range(repeat * 2)]
    rows = []
    for label, name, data in [("one-page PDF, A3", "01.pdf", _pdf()), ("JPEG scan, 3000×4240", "01.jpg", _jpeg())]:
        targets = iter(pages[:repeat] if name.endswith(".pdf") else pages[repeat:])
        samples = timed(lambda: attach_scan(page=next(targets), name=name, data=data), repeat)
        rows.append((label, f"{len(data) / 1024:.0f} KiB", len(settings.NEWSROOM_SCAN_WIDTHS) * 2, repeat, median_ms(samples), p95_ms(samples)))
    return rows


def _issue_pdf_row(pages: int) -> tuple:
    from articles.models import Issue, Page, Section
    from newsroom.epaper.models import IssuePdf
    from newsroom.epaper.services import attach_scan, build_issue_pdf, issue_pdf

    section = Section.objects.get_or_create(name="新城", defaults={"slug": "xincheng"})[0]
    issue = Issue.objects.create(date=dt.date(2019, 7, 18))
    data = _pdf()
    for n in range(pages):
        page = Page.objects.create(issue=issue, number=n + 1, section=section)
        attach_scan(page=page, name="p.pdf", data=data, rebuild_issue_pdf=False)

    def build():
        IssuePdf.objects.filter(issue=issue).delete()
        build_issue_pdf(issue=issue)

    cold = timed(build, 3)
    warm = timed(lambda: issue_pdf(issue=issue), 10)
    return (f"issue PDF, {pages} pages", median_ms(cold), median_ms(warm))


def _view_rows(repeat: int) -> list[tuple]:
    from django.test import Client

    from articles.models import Article, Issue, Page, Publication, Section
    from newsroom.epaper.models import Zone
    from newsroom.epaper.services import attach_scan

    Publication.load()
    section = Section.objects.get_or_create(name="头版", defaults={"slug": "toutiao"})[0]
    data = _pdf()
    client = Client()
    rows = []
    for n_zones in (0, 20):
        issue = Issue.objects.create(date=dt.date(2019, 8, 1) + dt.timedelta(days=n_zones))
        page = Page.objects.create(issue=issue, number=1, section=section)
        scan = attach_scan(page=page, name="01.pdf", data=data).scan
        published = dt.datetime(2019, 8, 1, tzinfo=dt.UTC)
        for n in range(max(n_zones, 1)):
            article = Article.objects.create(
                page=page, position=n, headline=f"稿件标题{n}", body="正文。", status="published", published_at=published
            )
            if n < n_zones:
                Zone.objects.create(scan=scan, article=article, x=0.0, y=n * 0.05, w=0.5, h=0.04)
        url = page.get_absolute_url()
        assert client.get(url).status_code == 200
        samples = timed(lambda: client.get(url), repeat)
        rows.append((n_zones, repeat, median_ms(samples), p95_ms(samples)))
    return rows


def run(args) -> None:
    # One access-log line per request would bury the tables.
    logging.getLogger("newsroom.requests").setLevel(logging.WARNING)
    reset_database()
    repeat = 3 if args.quick else 8
    print_table(
        "Page file → renditions (attach_scan: check, render, resize, encode, store)",
        ["upload", "size", "renditions", "runs", "median ms", "p95 ms"],
        _render_rows(repeat),
    )
    print_table(
        "Issue PDF merged from page PDFs",
        ["what", "build median ms", "cached median ms"],
        [_issue_pdf_row(4 if args.quick else 8)],
    )
    print_table(
        "Scan view server time (/issues/YYYY-MM-DD/NN/, whole request)",
        ["zones", "requests", "median ms", "p95 ms"],
        _view_rows(20 if args.quick else 100),
    )
    autozone.run(args)
