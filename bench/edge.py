"""Through Varnish: the cache tier in front of gunicorn (deploy/varnish/).

On the seed archive plus 1,000 generated issues: N concurrent readers (wrk)
over many public URLs for 60 s while an editor publishes an article every
3 s through the admin, (1) through Varnish, purged by surrogate key, and
(2) straight at gunicorn with its Redis page cache, as today; then a
cached page and a static file of the same HTML, served by Varnish and
served by gunicorn (the page cache against WhiteNoise). Prints req/s,
p50/p95/p99, errors, Varnish's hit ratio, the staleness window (from the
publication's commit to the new headline seen on its page) and how long
the editor's save took.

Needs PostgreSQL (DATABASE_URL), Redis, wrk and varnishd with
varnish-modules. `--quick`: 3 generated issues, 10 s at 10 readers.
`Varnish` (below) is also what the tests start.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from bench.common import print_table
from bench.load import EDITOR, editor_queue, fresh_archive, make_editor, missing_requirements, reader_paths, wrk
from tests.support.servers import (
    AppServer,
    Client,
    collectstatic,
    database_url,
    prod_env,
)
from tests.support.varnish import Varnish, varnishd

# --- The benchmark.

PUBLISH_EVERY = 3.0


def editor(admin_url: str, watch_url: str, queue: list[tuple[int, str, str]], stop: threading.Event,
           report: dict) -> None:  # fmt: skip
    """Log into the admin at `admin_url`, then every few seconds publish the
    next article and time, from the moment its publication is committed,
    until its headline shows on its page at `watch_url`.

    The publish request runs in a thread of its own, so watching starts
    before the editor's response arrives; the commit is seen by polling the
    database (a connection of this thread, autocommit) every few ms, the
    page by polling `watch_url`. Also kept: how long the editor's save took."""
    from django.conf import settings
    from django.db import connection

    from articles.models import Article

    client = Client(admin_url)
    client.admin_login(f"/{settings.ADMIN_URL}", *EDITOR)
    changelist = f"/{settings.ADMIN_URL}articles/article/"
    reader = Client(watch_url)
    published = Article.objects.filter(status=Article.Status.PUBLISHED)

    def publish(pk: int) -> None:
        started = time.monotonic()
        response = client.admin_action(changelist, "publish_selected", [pk])
        report["published" if response.status == 302 else "failed"] += 1
        report["save"].append(time.monotonic() - started)

    try:
        for pk, headline, page_path in queue:
            tick = time.monotonic()
            if stop.is_set():
                break
            saving = threading.Thread(target=publish, args=(pk,))
            saving.start()
            committed = seen = None
            while time.monotonic() - tick < 15 and seen is None:
                if committed is None and published.filter(pk=pk).exists():
                    committed = time.monotonic()
                if committed is not None and headline in reader.get(page_path).body:
                    seen = time.monotonic()
                time.sleep(0.005)
            saving.join()
            if seen is None:
                report["never_seen"] += 1
            else:
                report["staleness"].append(seen - committed)
            stop.wait(max(0.0, PUBLISH_EVERY - (time.monotonic() - tick)))
    finally:
        connection.close()


def publishing_run(*, readers_url: str, admin_url: str, paths: list[str], queue, seconds: int,
                   connections: int) -> tuple[dict, dict]:  # fmt: skip
    report = {"published": 0, "failed": 0, "never_seen": 0, "staleness": [], "save": []}
    stop = threading.Event()
    worker = threading.Thread(target=editor, args=(admin_url, readers_url, queue, stop, report), daemon=True)
    worker.start()
    try:
        stats = wrk(readers_url, paths=paths, seconds=seconds, connections=connections)
    finally:
        stop.set()
        worker.join(timeout=30)
    return stats, report


def queue_of(pks: list[int]) -> list[tuple[int, str, str]]:
    from articles.models import Article

    articles = Article.objects.select_related("page__issue").in_bulk(pks)
    return [(pk, articles[pk].headline, articles[pk].page.get_absolute_url()) for pk in pks]


def run(args) -> None:
    from django.db import connection

    missing = missing_requirements()
    if varnishd() is None:
        missing.append("varnishd (apt-get install varnish varnish-modules)")
    if missing:
        print("\n## Edge (skipped: needs " + "; ".join(missing) + ")")
        return

    seconds, readers, hit_seconds = (10, 10, 3) if args.quick else (60, 50, 10)
    fresh_archive(3 if args.quick else 1000)
    paths = reader_paths(200)
    mixed = paths["page"] + paths["article"] + paths["search"] + ["/"] * 20
    random.Random(7).shuffle(mixed)
    per_run = seconds // int(PUBLISH_EVERY) + 5
    queue = queue_of(editor_queue(2 * per_run))
    queues = [queue[:per_run], queue[per_run:]]
    make_editor()
    static_root = Path(tempfile.mkdtemp(prefix="newsroom-static-"))
    database = database_url(connection.settings_dict)
    rows = []
    try:
        collectstatic(prod_env(database=database, static_root=static_root))
        # The static object: the front page's HTML as a file (WhiteNoise indexes STATIC_ROOT at start).
        varnish = Varnish([])  # its port first: the app server purges it
        env = prod_env(database=database, static_root=static_root, PAGE_CACHE_SECONDS="300",
                       SHARED_CACHE_SECONDS="3600", VARNISH_PURGE_URLS=varnish.url)  # fmt: skip
        with AppServer(env) as server:
            (static_root / "bench-front.html").write_text(Client(server.url).get("/").body, encoding="utf-8")
        with AppServer(env) as server:
            varnish.backends = [("127.0.0.1", server.port)]
            with varnish:
                for path in set(mixed):  # warm: a reader arriving later finds the archive cached
                    Client(varnish.url).get(path)
                before = varnish.counters()
                stats, report = publishing_run(readers_url=varnish.url, admin_url=varnish.url, paths=mixed,
                                               queue=queues[0], seconds=seconds, connections=readers)  # fmt: skip
                after = varnish.counters()
                delta = {name: after[name] - before[name] for name in ("cache_hit", "cache_hit_grace", "cache_miss",
                                                                      "backend_req")}  # fmt: skip
                ratio = f"{100 * delta['cache_hit'] / (delta['cache_hit'] + delta['cache_miss']):.3f} %"
                rows.append(_row("through Varnish, editor publishing", stats, report, ratio))
                Client(varnish.url).get("/")
                hit = wrk(varnish.url, paths=["/"], seconds=hit_seconds, connections=readers)
                Client(varnish.url).get("/static/bench-front.html")
                static = wrk(varnish.url, paths=["/static/bench-front.html"], seconds=hit_seconds, connections=readers)
            # Django's own page cache against WhiteNoise, same server, same bytes (#17's goal).
            Client(server.url).get("/")
            django_hit = wrk(server.url, paths=["/"], seconds=hit_seconds, connections=readers)
            django_static = wrk(server.url, paths=["/static/bench-front.html"], seconds=hit_seconds,
                                connections=readers)  # fmt: skip
            for path in set(mixed):  # warm, as through Varnish: its Host differs, so do its cache keys
                Client(server.url).get(path)
            stats, report = publishing_run(readers_url=server.url, admin_url=server.url, paths=mixed,
                                           queue=queues[1], seconds=seconds, connections=readers)  # fmt: skip
            rows.append(_row("straight at gunicorn (Redis page cache), editor publishing", stats, report, "–"))
        rows.append(_row("Varnish: a cached page (front page), no publishing", hit, None, "–"))
        rows.append(_row("Varnish: a static object (the same HTML)", static, None, "–"))
        rows.append(_row("gunicorn: a page cache hit (front page), no publishing", django_hit, None, "–"))
        rows.append(_row("gunicorn: the same HTML as a static file (WhiteNoise)", django_static, None, "–"))
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    print_table(
        f"Edge: {readers} concurrent readers, {seconds} s, an editor publishing every {PUBLISH_EVERY:.0f} s "
        f"(gunicorn 2 workers × 4 threads)",
        ["setup", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "hit ratio", "publishes (failed/unseen)",
         "staleness median ms", "staleness p95 ms", "save median ms"],  # fmt: skip
        rows,
    )
    print(f"\nThrough Varnish: {delta['cache_hit']} hits ({delta['cache_hit_grace']} of them stale in grace while "
          f"refreshing), {delta['cache_miss']} misses, {delta['backend_req']} requests to gunicorn (editor included).")
    print(f"Varnish hit vs static object: {static['rps'] / hit['rps']:.2f}× the time (req/s ratio, goal ≤ 1.2×); "
          f"Django page cache hit vs WhiteNoise: {django_static['rps'] / django_hit['rps']:.2f}× (goal ≤ 1.5×); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if rows[0][5] or any(row[5] for row in rows[2:]):
        raise SystemExit("errors through Varnish (see the table above)")


def _row(name: str, stats: dict, report: dict | None, hit_ratio: str) -> tuple:
    if report is None:
        publishing, median, p95, save = "–", "–", "–", "–"
    else:
        seen = sorted(report["staleness"])
        publishing = f"{report['published']} ({report['failed']}/{report['never_seen']})"
        median = statistics.median(seen) * 1000 if seen else "–"
        p95 = seen[min(len(seen) - 1, round(0.95 * (len(seen) - 1)))] * 1000 if seen else "–"
        save = statistics.median(report["save"]) * 1000 if report["save"] else "–"
    return (name, stats["rps"], stats["p50"], stats["p95"], stats["p99"], stats["errors"], hit_ratio, publishing,
            median, p95, save)  # fmt: skip
