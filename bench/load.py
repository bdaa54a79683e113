"""Load and speed behind gunicorn (2 workers) on loopback, PostgreSQL and Redis.

1. Requests/s and p50/p95/p99 latency for the front page, a page, an article
   and a search, without and with the shared page cache, next to the same
   front-page HTML served as a static file by the same server (WhiteNoise).
2. A load run: N concurrent readers (wrk) over many public URLs while an
   editor logs into the admin and publishes articles; prints errors,
   throughput and latency, and exits non-zero on any error.

Needs `wrk` (Debian package), DATABASE_URL pointing at PostgreSQL and Redis
at REDIS_URL (default redis://127.0.0.1:6379/0). `--quick` is the CI smoke:
3 generated issues, 5 seconds at 10 readers.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

from bench.common import print_table, reset_database
from tests.support.servers import (
    REDIS_URL,
    ROOT,
    AppServer,
    Client,
    collectstatic,
    database_url,
    prod_env,
    prod_password_hash,
    redis_reachable,
)



# --- The benchmark.


_WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,'
    .. '"timeout":%d,"p50":%d,"p95":%d,"p99":%d}\\n', summary.requests, summary.duration, e.connect, e.read,
    e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def wrk(url: str, *, paths: list[str], seconds: int, connections: int) -> dict:
    """Run wrk over `paths` in turn; requests/s, latency percentiles (ms), errors."""
    table = ", ".join(json.dumps(p) for p in paths)
    script = f"local paths = {{{table}}}\nlocal i = 0\n"
    script += "request = function()\n  i = i + 1\n  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n"
    script += _WRK_REPORT
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        threads = min(2, connections)
        command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", handle.name]
        result = subprocess.run([*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60)
    finally:
        os.unlink(handle.name)
    stats = json.loads(result.stdout.strip().splitlines()[-1])
    stats["rps"] = stats["requests"] / (stats["duration_us"] / 1e6)
    stats["errors"] = sum(stats[k] for k in ("connect", "read", "write", "status", "timeout"))
    for key in ("p50", "p95", "p99"):
        stats[key] = stats[key] / 1000
    return stats


def seed(issues: int) -> None:
    """The seed archive, imported, plus `issues` generated four-page issues,
    bulk-loaded and then indexed for search."""
    from articles.services.importing import SeedSource, import_files
    from bench.archive import analyze, load_archive
    from newsroom.search.services import rebuild_index

    real = [SeedSource(name=p.name, data=p.read_bytes()) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    report = import_files(sources=real)
    if report.failed:
        raise RuntimeError(f"seeding failed: {report.failed[0].message}")
    load_archive(issues)
    rebuild_index(batch_size=2000)
    analyze()


def reader_paths(limit: int) -> dict[str, list[str]]:
    from articles.models import Article, Page

    articles = list(Article.objects.published().select_related("page__issue").order_by("?")[:limit])
    pages = list(Page.objects.published().select_related("issue").order_by("?")[:limit])
    words = ["高新区", "项目建设", "营商环境", "党建", "济宁", "社区"]
    return {
        "front": ["/"],
        "page": [p.get_absolute_url() for p in pages],
        "article": [a.get_absolute_url() for a in articles],
        "search": [f"/search/?q={quote(w)}" for w in words],
    }


def editor_queue(count: int) -> list[int]:
    """Approved articles on the newest issue's inner pages, for the editor to publish."""
    from articles.models import Article, Issue

    issue = Issue.objects.published().latest_first().first()
    page = issue.pages.order_by("-number").first()
    return [
        Article.objects.create(
            page=page, headline=f"编辑刚发布的第{n}篇稿件", body="正文。", status=Article.Status.APPROVED, position=500 + n
        ).pk
        for n in range(count)
    ]


def editor(server_url: str, pks: list[int], ready: threading.Event, stop: threading.Event, report: dict) -> None:
    """Logs into the admin, says it is ready, and publishes one article after
    another until stopped."""
    from django.conf import settings

    client = Client(server_url)
    try:
        client.admin_login(f"/{settings.ADMIN_URL}", *EDITOR)
    finally:
        ready.set()
    changelist = f"/{settings.ADMIN_URL}articles/article/"
    for pk in pks:
        if stop.is_set():
            break
        response = client.admin_action(changelist, "publish_selected", [pk])
        report["published" if response.status == 302 else "failed"] += 1
        # A busy desk: one publication every few seconds.
        stop.wait(3)


def missing_requirements() -> list[str]:
    """What a run behind gunicorn needs and this machine lacks."""
    from django.db import connection

    missing = []
    if connection.vendor != "postgresql":
        missing.append("DATABASE_URL=postgres://… (app servers cannot share SQLite's in-memory test database)")
    if not redis_reachable():
        missing.append(f"Redis at {REDIS_URL}")
    if not shutil.which("wrk"):
        missing.append("wrk (apt-get install wrk)")
    return missing


def fresh_archive(issues: int) -> None:
    """An empty database, then the seed archive plus `issues` generated issues."""
    reset_database()
    started = time.perf_counter()
    seed(issues)
    print(f"\nseeded the archive plus {issues} generated issues in {time.perf_counter() - started:.0f} s")


EDITOR = ("bench-editor", "bench-password")


def make_editor() -> None:
    """The superuser whose publishes the load and edge runs make (EDITOR)."""
    from django.contrib.auth import get_user_model

    username, password = EDITOR
    get_user_model().objects.create(
        username=username, password=prod_password_hash(password), is_staff=True, is_superuser=True
    )


def run(args) -> None:
    from django.db import connection

    missing = missing_requirements()
    if missing:
        print("\n## Load (skipped: needs " + "; ".join(missing) + ")")
        return

    measure_seconds, load_seconds, readers = (2, 5, 10) if args.quick else (10, 60, 50)
    fresh_archive(3 if args.quick else 1000)
    paths = reader_paths(200)
    pks = editor_queue(load_seconds // 3 + 5)
    make_editor()

    static_root = Path(tempfile.mkdtemp(prefix="newsroom-static-"))
    database = database_url(connection.settings_dict)
    try:
        collectstatic(prod_env(database=database, static_root=static_root))
        rows = _measure(database, static_root, paths, measure_seconds)
        print_table(
            "Speed behind gunicorn, 2 workers × 4 threads, 10 connections (ms)",
            ["URL", "uncached req/s", "p50", "p95", "p99", "cached req/s", "p50", "p95", "p99", "cached vs static"],
            rows,
        )
        _load_run(database, static_root, paths, pks, load_seconds, readers)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)


def _measure(database: str, static_root: Path, paths: dict[str, list[str]], seconds: int) -> list[tuple]:
    results: dict[str, dict] = {}
    for mode, cache_seconds in (("uncached", "0"), ("cached", "300")):
        env = prod_env(database=database, static_root=static_root, PAGE_CACHE_SECONDS=cache_seconds)
        with AppServer(env) as server:
            for name in ("front", "page", "article", "search"):
                one = paths[name][:1]
                Client(server.url).get(one[0])  # warm: the cached run then measures hits
                results[f"{mode} {name}"] = wrk(server.url, paths=one, seconds=seconds, connections=10)
            if mode == "cached":
                front = Client(server.url).get("/").body
                (static_root / "bench-front.html").write_text(front, encoding="utf-8")
    # WhiteNoise indexes STATIC_ROOT at start: a fresh server sees the file.
    with AppServer(prod_env(database=database, static_root=static_root)) as server:
        static = wrk(server.url, paths=["/static/bench-front.html"], seconds=seconds, connections=10)
    rows = []
    for name in ("front", "page", "article", "search"):
        u, c = results[f"uncached {name}"], results[f"cached {name}"]
        rows.append((name, u["rps"], u["p50"], u["p95"], u["p99"], c["rps"], c["p50"], c["p95"], c["p99"],
                     f"{static['rps'] / c['rps']:.2f}× slower"))  # fmt: skip
    rows.append(("static file (front page HTML)", "", "", "", "", static["rps"], static["p50"], static["p95"],
                 static["p99"], "1.00×"))  # fmt: skip
    failed = [key for key, stats in results.items() if stats["errors"]]
    if failed or static["errors"]:
        raise SystemExit(f"errors while measuring: {failed or ['static']}")
    return rows


def _load_run(database, static_root, paths, pks, seconds: int, readers: int) -> None:
    mixed = paths["page"] + paths["article"] + paths["search"] + ["/"] * 20
    random.Random(7).shuffle(mixed)
    env = prod_env(database=database, static_root=static_root, PAGE_CACHE_SECONDS="300")
    report = {"published": 0, "failed": 0}
    with AppServer(env) as server:
        ready, stop = threading.Event(), threading.Event()
        worker = threading.Thread(target=editor, args=(server.url, pks, ready, stop, report), daemon=True)
        worker.start()
        ready.wait(timeout=120)
        try:
            stats = wrk(server.url, paths=mixed, seconds=seconds, connections=readers)
        finally:
            stop.set()
            worker.join(timeout=30)
    print_table(
        f"Load run: {seconds} s, {readers} concurrent readers, an editor publishing meanwhile",
        ["requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors (connect/read/write/status/timeout)",
         "editor publishes", "editor failures"],  # fmt: skip
        [(stats["requests"], stats["rps"], stats["p50"], stats["p95"], stats["p99"],
          f"{stats['errors']} ({stats['connect']}/{stats['read']}/{stats['write']}/{stats['status']}/{stats['timeout']})",
          report["published"], report["failed"])],  # fmt: skip
    )
    if stats["errors"] or report["failed"] or not report["published"]:
        raise SystemExit("load run had errors (see the table above)")
