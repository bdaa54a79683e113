"""Through Varnish: the cache tier in front of gunicorn (deploy/varnish/).

On the seed archive plus 1,000 generated issues: N concurrent readers (wrk)
over many public URLs for 60 s while an editor publishes an article every
3 s through the admin, (1) through Varnish, purged by surrogate key, and
(2) straight at gunicorn with its Redis page cache, as today; then a
cached page and a static file, each served by Varnish. Prints req/s,
p50/p95/p99, errors, Varnish's hit ratio and the staleness window: from
sending a publish (its commit and purge happen inside that request) to the
new headline seen through Varnish.

Needs PostgreSQL (DATABASE_URL), Redis, wrk and varnishd with
varnish-modules. `--quick`: 3 generated issues, 10 s at 10 readers.
`Varnish` (below) is also what the tests start.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.common import print_table
from bench.load import (
    AppServer,
    Client,
    collectstatic,
    database_url,
    editor_queue,
    free_port,
    fresh_archive,
    missing_requirements,
    prod_env,
    prod_password_hash,
    reader_paths,
    wrk,
)

ROOT = Path(__file__).resolve().parent.parent
VCL_DIR = ROOT / "deploy" / "varnish"

SITE_VCL = """
import directors;

{backends}

sub vcl_init {{
    new app = directors.round_robin();
{adds}
}}

sub newsroom_backend {{
    set req.backend_hint = app.backend();
}}

acl purgers {{ "127.0.0.1"; "::1"; }}
acl tls_terminators {{ "127.0.0.1"; "::1"; }}
"""


def varnishd() -> str | None:
    return shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if os.access("/usr/sbin/varnishd", os.X_OK) else None
    )


def site_vcl(backends: list[tuple[str, int]]) -> str:
    """site.vcl for default.vcl: the given app servers in a round robin, loopback may purge."""
    definitions = "\n".join(
        f'backend app{n} {{ .host = "{host}"; .port = "{port}"; .first_byte_timeout = 60s; }}'
        for n, (host, port) in enumerate(backends)
    )
    adds = "\n".join(f"    app.add_backend(app{n});" for n in range(len(backends)))
    return SITE_VCL.format(backends=definitions, adds=adds)


class Varnish:
    """varnishd in the foreground on 127.0.0.1:<free port>, its own work
    directory, stopped (and the directory removed) on exit."""

    def __init__(self, backends: list[tuple[str, int]], *, memory: str = "256m", params: dict[str, str] | None = None):
        self.backends, self.memory, self.params = backends, memory, params or {}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Varnish:
        binary = varnishd()
        if binary is None:
            raise RuntimeError("varnishd not found: apt-get install varnish varnish-modules")
        self.workdir = Path(tempfile.mkdtemp(prefix="newsroom-varnish-"))
        (self.workdir / "site.vcl").write_text(site_vcl(self.backends))
        command = [
            binary, "-F", "-j", "none", "-a", f"127.0.0.1:{self.port}", "-n", str(self.workdir / "n"),
            "-f", str(VCL_DIR / "default.vcl"), "-p", f"vcl_path={self.workdir}:{VCL_DIR}",
            "-s", f"malloc,{self.memory}", "-T", "none",
        ]  # fmt: skip
        for name, value in self.params.items():
            command += ["-p", f"{name}={value}"]
        self.log = open(self.workdir / "varnishd.log", "w+b")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(command, stdout=self.log, stderr=self.log, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"varnishd exited with {self.process.returncode}:\n{self.log_text()}")
            try:
                urllib.request.urlopen(urllib.request.Request(self.url, method="PURGE"), timeout=2)
            except urllib.error.HTTPError:
                return self  # it answers (400: a PURGE without keys)
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"varnishd did not answer within 30 s:\n{self.log_text()}")

    def __exit__(self, *exc_info) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def counters(self) -> dict[str, int]:
        """varnishstat's MAIN counters, by name without the prefix."""
        result = subprocess.run(["varnishstat", "-n", str(self.workdir / "n"), "-1", "-j"], capture_output=True,
                                text=True, check=True, timeout=30)  # fmt: skip
        data = json.loads(result.stdout)
        fields = data.get("counters", data)
        return {k.removeprefix("MAIN."): v["value"] for k, v in fields.items() if k.startswith("MAIN.")}

    def log_text(self) -> str:
        self.log.flush()
        return (self.workdir / "varnishd.log").read_text(errors="replace")[-3000:]


# --- The benchmark.

PUBLISH_EVERY = 3.0


def editor(admin_url: str, watch_url: str, queue: list[tuple[int, str, str]], stop: threading.Event,
           report: dict) -> None:  # fmt: skip
    """Log into the admin at `admin_url`, then every few seconds publish the
    next article and time from the publication's commit (its Transition's
    time, taken inside the transaction) until its headline shows on its page
    at `watch_url`."""
    from django.conf import settings
    from django.db import connection

    from articles.models import Transition

    client = Client(admin_url)
    client.admin_login(f"/{settings.ADMIN_URL}", "bench-editor", "bench-password")
    changelist = f"/{settings.ADMIN_URL}articles/article/"
    reader = Client(watch_url)
    try:
        for pk, headline, page_path in queue:
            tick = time.monotonic()
            if stop.is_set():
                break
            response = client.admin_action(changelist, "publish_selected", [pk])
            report["published" if response.status == 302 else "failed"] += 1
            while time.monotonic() - tick < 15:
                if headline in reader.get(page_path).body:
                    seen = time.time()
                    committed = Transition.objects.filter(article_id=pk).latest("at").at.timestamp()
                    report["staleness"].append(seen - committed)
                    break
                time.sleep(0.01)
            else:
                report["never_seen"] += 1
            stop.wait(max(0.0, PUBLISH_EVERY - (time.monotonic() - tick)))
    finally:
        connection.close()


def publishing_run(*, readers_url: str, admin_url: str, paths: list[str], queue, seconds: int,
                   connections: int) -> tuple[dict, dict]:  # fmt: skip
    report = {"published": 0, "failed": 0, "never_seen": 0, "staleness": []}
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
    from django.contrib.auth import get_user_model
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
    get_user_model().objects.create(
        username="bench-editor", password=prod_password_hash("bench-password"), is_staff=True, is_superuser=True
    )
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
            stats, report = publishing_run(readers_url=server.url, admin_url=server.url, paths=mixed,
                                           queue=queues[1], seconds=seconds, connections=readers)  # fmt: skip
            rows.append(_row("straight at gunicorn (Redis page cache), editor publishing", stats, report, "–"))
        rows.append(_row("Varnish: a cached page (front page), no publishing", hit, None, "–"))
        rows.append(_row("Varnish: a static object (the same HTML)", static, None, "–"))
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    print_table(
        f"Edge: {readers} concurrent readers, {seconds} s, an editor publishing every {PUBLISH_EVERY:.0f} s "
        f"(gunicorn 2 workers × 4 threads)",
        ["setup", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "hit ratio", "publishes (failed/unseen)",
         "staleness median ms", "staleness p95 ms"],  # fmt: skip
        rows,
    )
    print(f"\nThrough Varnish: {delta['cache_hit']} hits ({delta['cache_hit_grace']} of them stale in grace while "
          f"refreshing), {delta['cache_miss']} misses, {delta['backend_req']} requests to gunicorn (editor included).")
    print(f"Varnish hit vs static object: {static['rps'] / hit['rps']:.2f}× the time (req/s ratio); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if rows[0][5] or any(row[5] for row in rows[2:]):
        raise SystemExit("errors through Varnish (see the table above)")


def _row(name: str, stats: dict, report: dict | None, hit_ratio: str) -> tuple:
    if report is None:
        publishing, median, p95 = "–", "–", "–"
    else:
        seen = sorted(report["staleness"])
        publishing = f"{report['published']} ({report['failed']}/{report['never_seen']})"
        median = statistics.median(seen) * 1000 if seen else "–"
        p95 = seen[min(len(seen) - 1, round(0.95 * (len(seen) - 1)))] * 1000 if seen else "–"
    return (name, stats["rps"], stats["p50"], stats["p95"], stats["p99"], stats["errors"], hit_ratio, publishing,
            median, p95)  # fmt: skip
