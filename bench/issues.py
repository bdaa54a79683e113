"""`Issue.objects.published()` at scale: the archive and issue listings.

An issue is public when one of its articles is, or when editors released its
数字报 (the OR in `articles.policy.issues_for`). The archive is
`bench.archive.load_archive` (1,000 issues, 12,000 articles; 100 with
`--quick`), the newest ten issues turned into drafts and half of those
released, so both sides of the OR decide something. Each listing query runs
as the views and the API run it: median and p95 milliseconds, rows, and the
database's plan in brief (SQLite's EXPLAIN QUERY PLAN; PostgreSQL's EXPLAIN
node types and the relations they read), so a full scan shows. Run it on
PostgreSQL with DATABASE_URL set.
"""

from __future__ import annotations

import datetime as dt
import re

from bench.common import median_ms, p95_ms, print_table, reset_database, timed

REPEAT = 30
UNRELEASED = 10


def _queries(year: int, date: dt.date) -> dict:
    """Each listing's queryset, as its view or endpoint builds it."""
    from articles.models import Issue, Page

    published = Issue.objects.published
    return {
        "archive years (往期回顾)": published().dates("date", "year", order="DESC"),
        f"archive, one year ({year})": published().filter(date__year=year).order_by("date"),
        "latest issue (home)": published().latest_first()[:1],
        "one issue by date": published().filter(date=date),
        "API issues, first page of 20": published().order_by("-date")[:20],
        "sitemap of issues": published().order_by("-date"),
        "API pages of public issues": Page.objects.filter(issue__in=published()).order_by("-issue__date", "number")[:20],
    }


def _plan(queryset) -> str:
    """The plan's steps, one line each, in brief."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return "; ".join(row[-1] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN {sql}", params)
        steps = []
        for (line,) in cursor.fetchall():
            match = re.search(r"(?:->\s*)?([A-Z][A-Za-z ]+?)(?: using (\w+))? on (\w+)", line)
            if match:
                node, index, table = match.groups()
                steps.append(f"{node.strip()} {table}" + (f" ({index})" if index else ""))
        return "; ".join(steps)


def _shape_newest_issues(count: int) -> None:
    """The newest `count` issues hold drafts only; every other one of them is released."""
    from django.utils import timezone

    from articles.models import Article, Issue

    newest = list(Issue.objects.order_by("-date").values_list("pk", flat=True)[:count])
    Article.objects.filter(page__issue__in=newest).update(status=Article.Status.DRAFT, published_at=None)
    Issue.objects.filter(pk__in=newest[::2]).update(epaper_release_at=timezone.now() - dt.timedelta(hours=1))


def _vacuum() -> None:
    """What autovacuum does on a live PostgreSQL: statistics, and the visibility
    map that lets an index-only scan skip the table."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE articles_article, articles_page, articles_issue")


def run(args) -> None:
    from django.db import connection

    from articles.models import Issue
    from bench.archive import load_archive

    size = 100 if args.quick else 1000
    reset_database()
    load_archive(size)
    _shape_newest_issues(UNRELEASED)
    _vacuum()
    first = Issue.objects.order_by("date").values_list("date", flat=True).first()
    middle = first + dt.timedelta(days=size // 2)
    queries = _queries(middle.year, middle)
    rows, plans = [], []
    for name, queryset in queries.items():
        samples = timed(lambda: list(queryset.all()), REPEAT)
        rows.append((name, median_ms(samples), p95_ms(samples), len(list(queryset.all()))))
        plans.append((name, _plan(queryset)))
    database = connection.vendor
    print_table(f"Issue listings, {size} issues ({database})", ["query", "median ms", "p95 ms", "rows"], rows)
    print_table(f"Their plans ({database})", ["query", "plan"], plans)
