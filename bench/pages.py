"""Every public page type, uncached and in-process, with a profile per page.

The archive is `bench.archive.load_archive` (1,000 issues; 100 with
`--quick`), plus a tag on every lead article, the search index and the
articles' prepared display pieces. Each page
is requested through Django's test client with the page cache off
(NEWSROOM_PAGE_CACHE_TIMEOUT = 0), after one warm-up request: median and p95
server time, queries, response size, and the five functions with the most
cumulative time under cProfile among the project's own code (Django and the
libraries would otherwise fill the list with the request plumbing every page
pays alike; their share shows as the SQL and template columns).

Parts many pages share (the masthead, an issue's navigation; articles.reuse)
are reused between requests until the change log moves, so each page is
also timed as the first render after a change ("after a change": every
part loaded afresh), which is what a publish or a new deploy pays.

The same pages are measured on a 10-issue archive first, so the last table
shows how much each page's median grows with the archive (the goal: no more
than 20 %). Wall times move with the machine's load; the query counts and the
profile's function list are the steadier signal. The first row, robots.txt
(no query, no template), is the floor every request pays on this machine:
compare runs on different machines by it.

The pages are measured in a new Python process that opens the archive the
loader built (SQLite: restored from a snapshot into its own in-memory
database), as a server's worker would: the process that loaded a thousand
issues has a heap that made every page about 15 % slower (the same commit,
measured both ways).

`--against REV` also measures git revision REV (checked out into a
temporary worktree) on the same archive: the two alternate, AGAINST_ROUNDS
times, and the last table gives each page's median of their medians and
the change. On a machine whose speed drifts from minute to minute, only
figures taken this way compare two revisions; REV must share this
checkout's database schema.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import io
import json
import logging
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, median_ms, p95_ms, print_table, reset_database, run_worker, start_worker

SMALL = 10
REPEAT = 30
MIN_REPEAT = 5
BUDGET_SECONDS = 4.0  # per page and archive: a slow page gets fewer samples, never fewer than MIN_REPEAT
PROFILED_REQUESTS = 10
AFTER_CHANGE_REPEAT = 10
AGAINST_ROUNDS = 3
TOP = 5
SEARCH_TERM = "高新区"
# Frames every request passes through whatever the page: leaving them out
# lets the top five name the page's own work.
PLUMBING = ("bench/", "newsroom/ops/middleware.py", "newsroom/api/http.py")
# A frame holding this share of the request is an envelope (the view's get()),
# not a place to look.
ENVELOPE = 0.9
# Where the time goes, as shares of the profiled request: executing SQL (rows
# SQLite hands over later, while iterating, are not in it) and the outermost
# template render (the largest of the render functions in that file).
SHARES = {"SQL exec %": "django/db/backends/utils.py:_execute", "template %": "django/template/base.py:render"}


def run(args) -> None:
    from django.test import override_settings

    from articles import reuse

    big = 100 if args.quick else 1000
    if args.against:
        check_revision(args.against)  # before loading the archive, not after
    results: dict[int, dict[str, dict]] = {}
    against: list[tuple[dict, dict]] = []
    logging.disable(logging.INFO)  # the per-request access log would drown the tables
    try:
        with override_settings(NEWSROOM_PAGE_CACHE_TIMEOUT=0, NEWSROOM_REUSE_READS=True):
            for size in (SMALL, big):
                reset_database()
                reuse.forget()
                started = time.perf_counter()
                urls = generate(size)
                print(f"pages: loaded {size} issues in {time.perf_counter() - started:.1f}s")
                results[size] = measure_in_worker(urls, profile=size == big)
            if args.against:
                against = measure_against(args.against, urls)
    finally:
        logging.disable(logging.NOTSET)

    rows = [
        [name, m["median"], m["p95"], m["after_change"], m["queries"], m["bytes"], *m["shares"]]
        for name, m in results[big].items()
    ]
    print_table(
        f"Uncached pages on {big} issues (in-process, test client)",
        ["page type", "median ms", "p95 ms", "after a change ms", "queries", "bytes", *SHARES],
        rows,
    )
    for name, m in results[big].items():
        print_table(
            f"{name}: top {TOP} by cumulative time ({PROFILED_REQUESTS} requests, ms per request)",
            ["function", "cumulative ms", "own ms", "calls"],
            m["top"],
        )
    growth = []
    for name, m in results[big].items():
        small = results[SMALL][name]
        growth.append(
            [name, small["median"], m["median"], f"{(m['median'] / small['median'] - 1) * 100:+.0f} %",
             f"{small['queries']} → {m['queries']}", f"{m['bytes'] / small['bytes']:.1f}×"]
        )  # fmt: skip
    # A page whose content grows with the archive up to a bound (a year of
    # issues in the archive, 5,000 URLs in a sitemap file) grows with it: the
    # bytes column tells those from pages that should not grow at all.
    print_table(
        f"Growth from {SMALL} to {big} issues (median ms)",
        ["page type", f"{SMALL} issues", f"{big} issues", "growth", "queries", "bytes"],
        growth,
    )
    if against:
        rows = []
        for name in results[big]:
            before = statistics.median(theirs[name]["median"] for theirs, _ours in against)
            after = statistics.median(ours[name]["median"] for _theirs, ours in against)
            queries = f"{against[-1][0][name]['queries']} → {against[-1][1][name]['queries']}"
            rows.append([name, round(before, 2), round(after, 2), f"{(after / before - 1) * 100:+.0f} %", queries])
        print_table(
            f"{args.against} against this checkout on {big} issues, alternating {len(against)} times "
            "(median of the medians, ms)",
            ["page type", args.against, "this checkout", "change", "queries"],
            rows,
        )


def check_revision(revision: str) -> None:
    """Exit with what git says when `revision` names no commit here."""
    found = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], cwd=ROOT, capture_output=True, check=False
    )
    if found.returncode != 0:
        raise SystemExit(f"bench pages --against {revision}: no such commit in {ROOT}")


def measure_against(revision: str, urls: dict[str, str]) -> list[tuple[dict, dict]]:
    """`measure_in_worker` of `revision` (a temporary git worktree) and of
    this checkout, alternating AGAINST_ROUNDS times on the loaded archive:
    [(theirs, ours), ...]."""
    with tempfile.TemporaryDirectory(prefix="newsroom-against-") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(tree), revision], cwd=ROOT, check=True)
        try:
            # Compiled by `make install`, not in git: the pages render the same text.
            catalog = Path("locale/zh_Hans/LC_MESSAGES/django.mo")
            if (ROOT / catalog).exists():
                shutil.copy(ROOT / catalog, tree / catalog)
            rounds = []
            for round_number in range(AGAINST_ROUNDS):
                theirs = measure_in_worker(urls, profile=False, tree=tree)
                ours = measure_in_worker(urls, profile=False)
                rounds.append((theirs, ours))
                print(f"pages: {revision} against this checkout, round {round_number + 1} of {AGAINST_ROUNDS}")
            return rounds
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)


def measure_in_worker(urls: dict[str, str], *, profile: bool, tree: Path = ROOT) -> dict[str, dict]:
    """`measure` of every URL, in a new process on this archive (see the
    module docstring). `tree`: the checkout whose code runs."""
    return run_worker("bench.pages", {"urls": urls, "profile": profile}, tree=tree)


def worker() -> None:
    """The measuring process: measures the job's URLs, prints the results as JSON."""
    from django.test import override_settings

    job = start_worker()
    logging.disable(logging.INFO)
    with override_settings(NEWSROOM_PAGE_CACHE_TIMEOUT=0, NEWSROOM_REUSE_READS=True):
        results = {name: measure(url, profile=job["profile"]) for name, url in job["urls"].items()}
    json.dump(results, sys.stdout)


def measure(url: str, *, profile: bool) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles import reuse

    client = Client()
    response = client.get(url)  # warm-up: URL resolver, template loading, ContentType cache
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    size = len(response.getvalue())
    samples: list[float] = []
    deadline = time.perf_counter() + BUDGET_SECONDS
    while len(samples) < REPEAT and (len(samples) < MIN_REPEAT or time.perf_counter() < deadline):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(url)
            samples.append(time.perf_counter() - started)
    query_count = len(queries.captured_queries)
    after_change: list[float] = []
    for _ in range(AFTER_CHANGE_REPEAT):
        reuse.forget()
        started = time.perf_counter()
        client.get(url)
        after_change.append(time.perf_counter() - started)
    result = {
        "after_change": median_ms(after_change),
        "median": median_ms(samples),
        "p95": p95_ms(samples),
        "queries": query_count,
        "bytes": size,
    }
    if profile:
        profiler = cProfile.Profile()
        for _ in range(PROFILED_REQUESTS):
            profiler.runcall(client.get, url)
        result["top"], result["shares"] = top_functions(profiler)
    return result


def top_functions(profiler: cProfile.Profile) -> tuple[list[list[object]], list[float]]:
    """The project's TOP functions by cumulative time, and SHARES of the total."""
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = []
    shares = dict.fromkeys(SHARES.values(), 0.0)
    # (file, line, name) -> (calls, ncalls, own, cumulative, callers)
    for (filename, line, name), (_calls, ncalls, own, cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        label = _label(filename, line, name)
        short = f"{label.split(':', 1)[0]}:{name}"
        if short in shares:
            shares[short] = max(shares[short], cumulative)
        if not _ours(filename) or any(part in label for part in PLUMBING) or cumulative >= ENVELOPE * total:
            continue
        rows.append((cumulative, own, ncalls, label))
    rows.sort(reverse=True)
    return [
        [label, cumulative * 1000 / PROFILED_REQUESTS, own * 1000 / PROFILED_REQUESTS, ncalls // PROFILED_REQUESTS]
        for cumulative, own, ncalls, label in rows[:TOP]
    ], [shares[key] / total * 100 for key in SHARES.values()]


def _ours(filename: str) -> bool:
    path = Path(filename)
    return path.is_relative_to(ROOT) and not path.is_relative_to(ROOT / ".venv")


def _label(filename: str, line: int, name: str) -> str:
    """`articles/views.py:120:get`, `django/template/base.py:…`: short, and
    matching PLUMBING whether the file is the project's or a library's."""
    if filename == "~":
        return name
    path = filename.replace("\\", "/")
    for marker in ("/site-packages/", f"{ROOT.as_posix()}/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{path}:{name}" if "lib/python" in path else f"{path}:{line}:{name}"


def generate(issue_count: int) -> dict[str, str]:
    """The archive, its search index and a tag; returns a URL per page type."""
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import Tag, TaggedItem

    from articles import display
    from articles.models import Article, Issue, Person, Publication, Section
    from bench.archive import analyze, load_archive
    from newsroom.search.services import rebuild_index

    Publication.objects.update_or_create(pk=1, defaults={"hotline": "6557709", "matrix_title": "欢迎关注融媒矩阵"})
    load_archive(issue_count, first_date=dt.date(2024, 12, 31) - dt.timedelta(days=issue_count - 1))
    tag = Tag.objects.create(name="党建", slug="党建")
    article_type = ContentType.objects.get_for_model(Article)
    TaggedItem.objects.bulk_create(
        (
            TaggedItem(tag=tag, content_type=article_type, object_id=pk)
            for pk in Article.objects.filter(is_lead=True).values_list("pk", flat=True)
        ),
        batch_size=2000,
    )
    rebuild_index()
    # load_archive bulk-creates, past the change log: prepare what readers
    # see as `manage.py prepare_display` does after a deploy.
    display.refresh_all()
    newest = Issue.objects.order_by("-date").first()
    scan_issue(newest)
    analyze()

    lead = Article.objects.get(page__issue=newest, page__number=1, is_lead=True)
    page = newest.pages.get(number=2)
    section = Section.objects.get(name="要闻")
    person = Person.objects.filter(bylines__isnull=False).order_by("pk").first()
    return {
        # What every request pays on this machine before a page's own work:
        # the middleware and the test client, no query, no template.
        "floor: robots.txt": "/robots.txt",
        "article": lead.get_absolute_url(),
        "front /": "/",
        "issue": f"/issues/{newest.date.isoformat()}/",
        "page": page.get_absolute_url(),
        "section": section.get_absolute_url(),
        "person": person.get_absolute_url(),
        "tag": "/tags/党建/",
        "archive": "/issues/",
        "search": f"/search/?q={SEARCH_TERM}",
        "feed RSS": "/feeds/rss/",
        "feed Atom": "/feeds/atom/",
        "feed JSON": "/feeds/json/",
        "sitemap (articles)": "/sitemap-articles.xml",
        "API article": f"/api/v1/articles/{lead.pk}",
        "API list": "/api/v1/articles",
    }


def scan_issue(issue) -> None:
    """Every page of `issue` scanned (through the service, as editors attach
    one) and each of its articles zoned: the page measured shows the 数字报
    (scan, zones, the issue's thumbnail rail), its articles link to their zone."""
    from PIL import Image

    from newsroom.epaper.models import Zone
    from newsroom.epaper.services import attach_scan

    buffer = io.BytesIO()
    Image.new("RGB", (1400, 2000), "white").save(buffer, format="JPEG")
    for page in issue.pages.select_related("issue").order_by("number"):
        scan = attach_scan(page=page, name="scan.jpg", data=buffer.getvalue(), rebuild_issue_pdf=False).scan
        Zone.objects.bulk_create(
            Zone(scan=scan, article=article, x=0.05, y=0.05 + n * 0.3, w=0.9, h=0.25)
            for n, article in enumerate(page.articles.order_by("position", "pk"))
        )
