"""Auto-zoning (标引): propose each article's zone from the page PDF's text
layer, and let editors accept what was proposed.

`layout` does the reading and matching (pure); these services feed it the
page's articles, store its proposals as zones with status "proposed" and its
findings on the scan (`PageScan.zoning_report`). Articles that already have
an accepted zone on the scan are left alone; earlier proposals are replaced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, Page

from . import layout
from .models import PageScan, Zone


@dataclass(frozen=True)
class ZoningResult:
    """What auto-zoning did to one scan."""

    text_layer: bool
    proposed: list[Zone] = field(default_factory=list)
    unmatched: list[layout.UnmatchedText] = field(default_factory=list)
    missed: list[Article] = field(default_factory=list)

    @property
    def summary(self) -> str:
        if not self.text_layer:
            return _("版面文件没有文字层（扫描图），请手工画区域。")
        articles = len({zone.article_id for zone in self.proposed})
        text = _("自动找到 {articles} 篇稿件的 {zones} 个区域，待确认").format(articles=articles, zones=len(self.proposed))
        if self.missed:
            text += _("；{n} 篇未找到：{names}").format(n=len(self.missed), names="、".join(a.headline for a in self.missed))
        if self.unmatched:
            text += _("；{n} 段文字不属于任何稿件（广告、报头等）").format(n=len(self.unmatched))
        return text + "。"


def article_text(article: Article) -> layout.ArticleText:
    """Everything the page prints of `article`, as `layout` matches it.
    Reads `bylines` and `photos` through prefetches when there are some."""
    people = [f"{b.printed_role or b.get_role_display()}{b.person.name}" for b in article.byline_list]
    captions = [
        part
        for photo in article.photo_list
        for part in (photo.caption, f"{photo.credit_role}{photo.credit.name}" if photo.credit else "")
    ]
    dateline = article.dateline_text if article.dateline_place or article.dateline_date else ""
    parts = (article.kicker, article.headline, article.deck, dateline, *people, article.body, *captions)
    return layout.ArticleText(key=article.pk, parts=tuple(p for p in parts if p))


def _page_articles(scan: PageScan) -> list[Article]:
    return list(
        Article.objects.filter(page_id=scan.page_id).order_by("position", "pk").with_bylines().with_photos()
    )


@transaction.atomic
def propose_zones(*, scan: PageScan, data: bytes | None = None) -> ZoningResult:
    """Replace the scan's proposed zones with new ones found in its PDF
    (`data`, or the stored page PDF) and record what matched no article.

    An image scan, or a PDF without text, proposes nothing and says so."""
    scan.zones.proposed().delete()
    if scan.kind != PageScan.Kind.PDF:
        return _record(scan, ZoningResult(text_layer=False))
    if data is None:
        with scan.file.open("rb") as fh:
            data = fh.read()
    try:
        layer = layout.read_text_layer(data)
    except layout.TextLayerError:
        # The page renders but its text cannot be read: hand drawing, as for a scan.
        return _record(scan, ZoningResult(text_layer=False))
    if not layer.has_text:
        return _record(scan, ZoningResult(text_layer=False))
    articles = _page_articles(scan)
    found = layout.propose(layer, [article_text(a) for a in articles])
    accepted = set(scan.zones.accepted().values_list("article_id", flat=True))
    by_pk = {a.pk: a for a in articles}
    zones = []
    for proposal in found.proposals:
        if proposal.key in accepted:
            continue
        for shape in proposal.shapes:
            zone = _zone(scan, by_pk[proposal.key], shape)
            if zone is not None:
                zone.save()
                zones.append(zone)
    missed = [by_pk[key] for key in found.missed if key not in accepted]
    return _record(scan, ZoningResult(text_layer=True, proposed=zones, unmatched=found.unmatched, missed=missed))


def _zone(scan: PageScan, article: Article, shape: layout.Polygon) -> Zone | None:
    """A proposed zone: a rectangle when the shape is one, else a polygon;
    None for a sliver too thin to be a zone."""
    points = [(round(min(max(x, 0.0), 1.0), 5), round(min(max(y, 0.0), 1.0), 5)) for x, y in shape]
    if layout.area(points) < layout.MIN_AREA:
        return None
    zone = Zone(scan=scan, article=article, status=Zone.Status.PROPOSED)
    if not layout.is_rectangle(points):
        zone.points = [list(p) for p in points]
    box = layout.bounds(points)
    # Rounded once, w and h from the rounded corners, and never past the page's edge.
    zone.x, zone.y = box.left, box.top
    zone.w = min(round(box.right - box.left, 5), 1 - zone.x)
    zone.h = min(round(box.bottom - box.top, 5), 1 - zone.y)
    return zone


def _record(scan: PageScan, result: ZoningResult) -> ZoningResult:
    scan.zoning_report = {
        "at": timezone.now().isoformat(timespec="seconds"),
        "text_layer": result.text_layer,
        "proposed": len(result.proposed),
        "missed": [{"id": a.pk, "headline": a.headline} for a in result.missed],
        "unmatched": [
            {"text": u.text, "box": [round(u.box.left, 4), round(u.box.top, 4), round(u.box.width, 4), round(u.box.height, 4)]}
            for u in result.unmatched
        ],
    }
    scan.save(update_fields=["zoning_report"])
    return result


@transaction.atomic
def accept_zones(*, zones: QuerySet[Zone]) -> int:
    """Mark proposed zones accepted (readers see them from now on); returns
    how many changed. Each page whose zones changed records its change, so
    the page cache and the edges let go of the page without them."""
    from .services import record_scan_change  # services imports this module

    changed = 0
    pages: dict[int, Page] = {}
    for zone in zones.select_related("scan__page__issue"):
        if zone.status != Zone.Status.ACCEPTED:
            zone.status = Zone.Status.ACCEPTED
            zone.save(update_fields=["status"])
            pages[zone.scan.page_id] = zone.scan.page
            changed += 1
    for page in pages.values():
        record_scan_change(page=page, action="zones accepted")
    return changed
