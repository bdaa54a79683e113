"""Search speed on a generated archive (`bench.archive`): 100,000 articles
(5,000 with --quick), loaded with bulk_create, then indexed with
`rebuild_index`.

For 1-, 2-, 3- and 6-character queries and two-term queries it prints the
median and p95 time of a whole request to /search/ (count, first page,
snippets, template), next to a naive `icontains` scan of the article fields
that does the same work (count and first page), and the index size.
The masthead is reused between requests, as in production
(NEWSROOM_REUSE_READS, articles.reuse): the table measures search, not the masthead.
The requests are made by a new Python process, as a server's worker would
(bench.common.run_worker), all before the naive scans.
"""

from __future__ import annotations

import json
import logging
import math
import statistics
import sys
import time

from bench.archive import ARTICLES_PER_PAGE, PAGES_PER_ISSUE, analyze, load_archive
from bench.common import median_ms, p95_ms, print_table, reset_database, run_worker, start_worker, timed

# Per type: a common, a middling and a rare term of the generated text.
QUERIES = {
    "1 char": ["区", "邓", "霞"],
    "2 chars": ["街道", "清洁", "邓超"],
    "3 chars": ["高新区", "文明城", "黄屯街"],
    "6 chars": ["清洁取暖改造", "科技创新平台", "产业集聚区发"],
    "2 terms": ["街道 改造", "清洁 邓超", "文明 民生实事"],
}


def naive_scan(query: str):
    """What search would be without an index: icontains over the article fields."""
    from django.db.models import Q

    from articles.models import Article

    articles = Article.objects.published()
    for term in query.split():
        articles = articles.filter(
            Q(kicker__icontains=term) | Q(headline__icontains=term) | Q(deck__icontains=term) | Q(body__icontains=term)
        )
    count = articles.count()
    return count, list(articles.order_by("-page__issue__date", "page__number", "position")[:20])


def run(args) -> None:
    if args.quick:
        measure(5_000, repeat=10, naive_repeat=3)
    else:
        measure(100_000, repeat=20, naive_repeat=2)


def measure(count: int, *, repeat: int, naive_repeat: int) -> None:
    """Load `count` articles, index them, and print the table."""
    from django.db import connection

    from newsroom.search.backends import backend_for
    from newsroom.search.engine import search
    from newsroom.search.services import rebuild_index

    reset_database()
    start = time.perf_counter()
    count, characters = load_archive(math.ceil(count / (PAGES_PER_ISSUE * ARTICLES_PER_PAGE)))
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    rebuild_index(batch_size=2000)
    analyze()
    indexed = time.perf_counter() - start
    index_bytes = backend_for("default").size_bytes("default")
    print(
        f"\n{count:,} articles ({characters / count:,.0f} characters each on average) on {connection.vendor}: "
        f"loaded in {loaded:.0f} s, indexed in {indexed:.0f} s; index {index_bytes / 2**20:,.0f} MiB "
        f"for {characters / 2**20:,.0f} Mi characters of text"
    )

    # The view in a new process, as a server's worker has it (bench.common.run_worker).
    views = run_worker("bench.search", {"queries": [q for queries in QUERIES.values() for q in queries], "repeat": repeat})
    # The scans only after every view sample: each reads the whole articles
    # table, which pushes the search index out of the database's buffers, as
    # nothing does to a search server in use.
    rows = []
    for kind, queries in QUERIES.items():
        view_samples = [sample for query in queries for sample in views[query]]
        naive_samples = [sample for query in queries for sample in timed(lambda q=query: naive_scan(q), naive_repeat)]
        matches = [search(query).count() for query in queries]
        view_median, naive_median = median_ms(view_samples), median_ms(naive_samples)
        rows.append(
            (
                kind, " / ".join(queries), " / ".join(_matches(m) for m in matches), view_median,
                p95_ms(view_samples), naive_median, p95_ms(naive_samples), f"{naive_median / view_median:.0f}×",
            )
        )
    print_table(
        f"Search through /search/ vs naive icontains scan ({count:,} articles, {connection.vendor})",
        ["type", "queries", "matches", "view median ms", "view p95 ms", "scan median ms", "scan p95 ms", "speed-up"],
        rows,
    )
    print(f"\nall view p95 under 50 ms: {all(row[4] < 50 for row in rows)}; "
          f"median of medians {statistics.median(row[3] for row in rows):.1f} ms")


def worker() -> None:
    """The measuring process: `repeat` requests to /search/ for each of the
    job's queries after one to warm caches; prints their times as JSON."""
    from django.test import Client, override_settings

    job = start_worker()
    # One log line per request would drown the table.
    logging.getLogger("newsroom.requests").setLevel(logging.WARNING)
    client = Client()
    views = {}
    with override_settings(NEWSROOM_REUSE_READS=True):
        for query in job["queries"]:
            _ok(client.get("/search/", {"q": query}))
            views[query] = timed(lambda q=query: _ok(client.get("/search/", {"q": q})), job["repeat"])
    json.dump(views, sys.stdout)


def _matches(count: int) -> str:
    from newsroom.search.engine import RESULT_LIMIT

    return f"{count:,}+" if count >= RESULT_LIMIT else f"{count:,}"


def _ok(response):
    assert response.status_code == 200, response.status_code
    return response
