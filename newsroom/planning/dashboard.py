"""The numbers on the admin's front page, each aggregated in the database (a
fixed number of queries, however large the archive), and the charts drawn
from them as plain SVG geometry for the templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
# Plain gettext: the dashboard is built per request, in the request's language.
from django.utils.translation import gettext as _

from articles.models import Article, Byline, ImportRun, Issue, Page, Photo, Role

from .querysets import plan_counts

WEEKS = 12
MONTHS = 6
RECENT_IMPORTS = 10
UPCOMING_ISSUES = 5
# Bylines that are not writing: photo credits are counted from the photos themselves.
NOT_WRITING = (Role.PHOTOGRAPHER, Role.PHOTO_REPORTER, Role.EDITOR)

# SVG geometry (user units): a label column, then the bars, then the value.
CHART_WIDTH = 460
LABEL_WIDTH = 120
BAR_WIDTH = 280
ROW_HEIGHT = 24
BAR_HEIGHT = 16
PADDING = 6


@dataclass(frozen=True)
class Segment:
    series: int
    x: float
    width: float
    value: int


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[int, ...]
    y: float
    segments: tuple[Segment, ...]
    value_x: float

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT - 4

    @property
    def value_text(self) -> str:
        return " / ".join(str(v) for v in self.values)


@dataclass
class Chart:
    """A horizontal bar chart (stacked when it has two series) and its table."""

    key: str
    title: str
    description: str
    series: tuple[str, ...]
    rows: list[tuple[str, tuple[int, ...]]]
    table_headers: tuple[str, ...] = ()
    table_rows: list[tuple] = field(default_factory=list)
    note: str = ""

    def __post_init__(self) -> None:
        if not self.table_headers:
            self.table_headers = ("", *self.series)
            self.table_rows = [(label, *values) for label, values in self.rows]

    @property
    def height(self) -> int:
        return max(1, len(self.rows)) * ROW_HEIGHT + 2 * PADDING

    @property
    def width(self) -> int:
        return CHART_WIDTH

    @property
    def label_x(self) -> int:
        return LABEL_WIDTH - PADDING

    @property
    def axis_x(self) -> int:
        return LABEL_WIDTH

    @property
    def is_empty(self) -> bool:
        return not any(sum(values) for _label, values in self.rows)

    @property
    def bars(self) -> list[Bar]:
        top = max((sum(values) for _label, values in self.rows), default=0) or 1
        bars = []
        for n, (label, values) in enumerate(self.rows):
            x, segments = float(LABEL_WIDTH), []
            for series, value in enumerate(values):
                width = BAR_WIDTH * value / top
                if value:
                    segments.append(Segment(series=series, x=round(x, 1), width=round(max(width, 1), 1), value=value))
                x += width
            y = PADDING + n * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
            bars.append(Bar(label=label, values=values, y=y, segments=tuple(segments), value_x=round(x + 4, 1)))
        return bars


@dataclass
class UpcomingIssue:
    issue: Issue
    n_planned: int
    n_blocking: int


@dataclass
class Dashboard:
    end: dt.datetime
    charts: list[Chart]
    upcoming: list[UpcomingIssue]


def _month_start(day: dt.date, back: int = 0) -> dt.date:
    """The first day of the month `back` months before `day`'s (-1: the next month)."""
    month = day.year * 12 + day.month - 1 - back
    return dt.date(month // 12, month % 12 + 1, 1)


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def build_dashboard(*, now: dt.datetime | None = None) -> Dashboard:
    """Everything the front page shows. The windows end at the latest publication
    (or now, if that is earlier), so an archive shows its own last months."""
    now = now or timezone.now()
    published = Article.objects.published(at=now)
    latest = published.aggregate(latest=Max("published_at"))["latest"]
    end = min(now, latest) if latest else now
    end_day = timezone.localtime(end).date()
    charts = [
        *_publishing_charts(published, end_day),
        *_people_charts(published, end_day),
        _photo_chart(),
        _scan_chart(),
        _import_chart(now),
    ]
    return Dashboard(end=end, charts=charts, upcoming=_upcoming(timezone.localdate(now)))


def _buckets(field: str, starts: list[dt.date], end: dt.date) -> dict[str, Q]:
    """One filter per period [start, next start): counted side by side in one
    query, with plain comparisons the published_at index serves on any database."""
    bounds = [_aware(day) for day in (*starts, end)]
    return {
        f"p{n}": Q(**{f"{field}__gte": bounds[n], f"{field}__lt": bounds[n + 1]}) for n in range(len(starts))
    }


def _publishing_charts(published, end_day: dt.date) -> list[Chart]:
    first_week = end_day - dt.timedelta(days=end_day.weekday() + 7 * (WEEKS - 1))
    weeks = [first_week + dt.timedelta(weeks=n) for n in range(WEEKS)]
    in_window = published.filter(published_at__gte=_aware(first_week))
    buckets = _buckets("published_at", weeks, weeks[-1] + dt.timedelta(weeks=1))
    per_week = in_window.aggregate(**{key: Count("pk", filter=q) for key, q in buckets.items()})
    week_rows = [(f"{w:%Y-%m-%d} 起", (per_week[f"p{n}"],)) for n, w in enumerate(weeks)]
    by_section = list(
        in_window.values("page__section__name").annotate(n=Count("pk")).order_by("-n", "page__section__name")
    )
    since = _("{start:%Y-%m-%d} 至 {end:%Y-%m-%d}").format(start=first_week, end=end_day)
    return [
        Chart(
            key="weekly",
            title=_("每周发布稿件"),
            description=_("最近 {n} 周（{since}）每周发布的稿件数，共 {total} 篇。").format(
                n=WEEKS, since=since, total=sum(per_week.values())
            ),
            series=(_("稿件"),),
            rows=week_rows,
            table_headers=(_("周"), _("稿件")),
            table_rows=[(label, values[0]) for label, values in week_rows],
        ),
        Chart(
            key="sections",
            title=_("各栏目发布稿件"),
            description=_("最近 {n} 周（{since}）各栏目发布的稿件数。").format(n=WEEKS, since=since),
            series=(_("稿件"),),
            rows=[(row["page__section__name"], (row["n"],)) for row in by_section],
            table_headers=(_("栏目"), _("稿件")),
            table_rows=[(row["page__section__name"], row["n"]) for row in by_section],
        ),
    ]


def _per_person(rows, name_field: str, months: int) -> tuple[list, list]:
    """(chart rows, table rows) from one row per person with a count per month: busiest first."""
    people = [(row[name_field], [row[f"p{n}"] for n in range(months)]) for row in rows]
    people = [(name, counts) for name, counts in people if sum(counts)]
    people.sort(key=lambda item: (-sum(item[1]), item[0]))
    chart_rows = [(name, (sum(counts),)) for name, counts in people]
    table_rows = [(name, *counts, sum(counts)) for name, counts in people]
    return chart_rows, table_rows


def _people_charts(published, end_day: dt.date) -> list[Chart]:
    months = [_month_start(end_day, back) for back in range(MONTHS - 1, -1, -1)]
    buckets = _buckets("article__published_at", months, _month_start(end_day, -1))
    in_window = published.filter(published_at__gte=_aware(months[0]))
    writing = (
        Byline.objects.filter(article__in=in_window)
        .exclude(role__in=NOT_WRITING)
        .values("person", "person__name")
        .annotate(**{key: Count("article", filter=q, distinct=True) for key, q in buckets.items()})
        .order_by()
    )
    photos = (
        Photo.objects.filter(article__in=in_window, credit__isnull=False)
        .values("credit", "credit__name")
        .annotate(**{key: Count("pk", filter=q) for key, q in buckets.items()})
        .order_by()
    )
    headers = (_("姓名"), *(f"{m:%Y-%m}" for m in months), _("合计"))
    span = _("{start:%Y-%m} 至 {end:%Y-%m}").format(start=months[0], end=months[-1])
    charts = []
    for key, title, description, unit, rows, name_field in (
        ("reporters", _("记者见报稿件"), _("最近 {n} 个月（{span}）每位作者署名见报的稿件数。"), _("稿件"), writing, "person__name"),
        ("photographers", _("摄影见报图片"), _("最近 {n} 个月（{span}）每位摄影者署名见报的图片数。"), _("图片"), photos, "credit__name"),
    ):
        chart_rows, table_rows = _per_person(rows, name_field, MONTHS)
        charts.append(
            Chart(
                key=key,
                title=title,
                description=description.format(n=MONTHS, span=span),
                series=(unit,),
                rows=chart_rows,
                table_headers=headers,
                table_rows=table_rows,
            )
        )
    return charts


def _photo_chart() -> Chart:
    no_file, no_credit = Q(image=""), Q(credit__isnull=True)
    counts = Photo.objects.aggregate(
        total=Count("pk"),
        no_file=Count("pk", filter=no_file),
        no_credit=Count("pk", filter=no_credit),
        neither=Count("pk", filter=no_file & no_credit),
    )
    total = counts["total"]
    rows = [
        (_("缺图片文件"), (counts["no_file"],)),
        (_("缺摄影署名"), (counts["no_credit"],)),
        (_("两者都缺"), (counts["neither"],)),
    ]
    return Chart(
        key="photos",
        title=_("待补的图片"),
        description=_("全部 {total} 张图片中，缺图片文件 {no_file} 张，缺摄影署名 {no_credit} 张。").format(**counts),
        series=(_("图片"),),
        rows=rows,
        table_headers=(_("问题"), _("图片"), _("占全部图片")),
        table_rows=[(label, values[0], f"{values[0] / total:.0%}" if total else "—") for label, values in rows],
    )


def _scan_chart() -> Chart:
    title, series = _("缺扫描的版面"), (_("有扫描"), _("缺扫描"))
    if not apps.is_installed("newsroom.epaper"):
        return Chart(
            key="scans",
            title=title,
            description=_("电子版应用（newsroom.epaper）未安装，无法统计版面扫描。"),
            series=series,
            rows=[],
            note=_("未安装电子版应用。"),
        )
    # Years bucketed by date ranges (not by extracting each page's year): plain
    # comparisons keep this one query cheap however long the archive.
    span = Issue.objects.aggregate(first=Min("date"), last=Max("date"))
    years = range(span["first"].year, span["last"].year + 1) if span["first"] else range(0)
    no_scan = Q(scan__isnull=True)
    counts = Page.objects.aggregate(
        **{
            f"{kind}{year}": Count("pk", filter=Q(issue__date__year=year) & extra)
            for year in years
            for kind, extra in (("total", Q()), ("missing", no_scan))
        }
    )
    by_year = [
        {"year": year, "total": counts[f"total{year}"], "missing": counts[f"missing{year}"]}
        for year in years
        if counts[f"total{year}"]
    ]
    missing = sum(row["missing"] for row in by_year)
    total = sum(row["total"] for row in by_year)
    return Chart(
        key="scans",
        title=title,
        description=_("全部 {total} 个版面中有 {missing} 个还没有扫描文件，按出版年份统计。").format(
            total=total, missing=missing
        ),
        series=series,
        rows=[(f"{row['year']}年", (row["total"] - row["missing"], row["missing"])) for row in by_year],
        table_headers=(_("年份"), _("版面"), _("有扫描"), _("缺扫描")),
        table_rows=[
            (f"{row['year']}年", row["total"], row["total"] - row["missing"], row["missing"]) for row in by_year
        ],
    )


def _import_chart(now: dt.datetime) -> Chart:
    Status = ImportRun.Status
    runs = ImportRun.objects.with_outcome(at=now)
    recent = list(
        runs.order_by("-started_at", "-pk").values("started_at", "dry_run", "outcome", "files_ok", "files_failed")[
            :RECENT_IMPORTS
        ]
    )
    totals = runs.aggregate(
        runs=Count("pk"),
        ok=Count("pk", filter=Q(files_failed=0, outcome=Status.FINISHED)),
        broken=Count("pk", filter=Q(outcome__in=(Status.INTERRUPTED, Status.FAILED))),
    )
    recent.reverse()

    def label(run) -> str:
        when = f"{timezone.localtime(run['started_at']):%m-%d %H:%M}"
        if run["outcome"] != Status.FINISHED:
            return f"{when}（{Status(run['outcome']).label}）"
        return f"{when}（试）" if run["dry_run"] else when

    return Chart(
        key="imports",
        title=_("导入记录"),
        description=_(
            "共导入 {runs} 次，其中 {ok} 次全部成功，{broken} 次中断或出错；下图是最近 {n} 次每次成功和失败的文件数。"
        ).format(n=len(recent), **totals),
        series=(_("成功文件"), _("失败文件")),
        rows=[(label(run), (run["files_ok"], run["files_failed"])) for run in recent],
        table_headers=(_("开始时间"), _("状态"), _("试运行"), _("成功文件"), _("失败文件")),
        table_rows=[
            (
                label(run),
                Status(run["outcome"]).label,
                _("是") if run["dry_run"] else _("否"),
                run["files_ok"],
                run["files_failed"],
            )
            for run in recent
        ],
    )


def _upcoming(today: dt.date) -> list[UpcomingIssue]:
    issues = Issue.objects.filter(date__gte=today).annotate(**plan_counts()).order_by("date")[:UPCOMING_ISSUES]
    return [UpcomingIssue(issue=i, n_planned=i.n_planned, n_blocking=i.n_blocking) for i in issues]
