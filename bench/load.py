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

import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

from bench.common import print_table, reset_database

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


# --- App servers and an HTTP client that behaves like an editor's browser.


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """A postgres:// URL for the database Django is connected to (the test one)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host, port = settings_dict.get("HOST") or "127.0.0.1", settings_dict.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


def redis_reachable(url: str = REDIS_URL) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def prod_env(*, database: str, static_root: Path, **overrides: str) -> dict[str, str]:
    """The environment of a production app server on loopback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings.prod",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database,
        REDIS_URL=REDIS_URL,
        # A prefix of its own, so runs never read each other's cache entries.
        CACHE_KEY_PREFIX=f"run-{uuid.uuid4().hex[:12]}",
        STATIC_ROOT=str(static_root),
        SECURE_SSL_REDIRECT="0",
    )
    env.update(overrides)
    return env


def collectstatic(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
    )


class AppServer:
    """`gunicorn newsroom.wsgi` on a free loopback port, started and stopped."""

    def __init__(self, env: dict[str, str], *, workers: int = 2, threads: int = 4):
        self.env, self.workers, self.threads = env, workers, threads
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)

    def __enter__(self) -> AppServer:
        command = [
            sys.executable, "-m", "gunicorn", "newsroom.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers), "--worker-class", "gthread", "--threads", str(self.threads),
        ]  # fmt: skip
        # A session of its own, so stopping it stops the workers too.
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=self.log, stderr=self.log, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if Client(self.url).get("/healthz").status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer /healthz within 60 s:\n{self.log_tail()}")

    def __exit__(self, *exc_info) -> None:
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._signal(signal.SIGKILL)
            self.process.wait()
        self.log.close()
        os.unlink(self.log.name)

    def _signal(self, signum: int) -> None:
        try:
            os.killpg(self.process.pid, signum)
        except ProcessLookupError:
            pass  # already gone, workers and all

    def log_tail(self, lines: int = 30) -> str:
        self.log.flush()
        return "\n".join(Path(self.log.name).read_text(errors="replace").splitlines()[-lines:])


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str


@dataclass
class Client:
    """A minimal browser: keeps cookies (Secure ones too, the TLS being the load
    balancer's), sends CSRF tokens and, when `https`, the X-Forwarded-Proto
    header a TLS-terminating load balancer adds."""

    base_url: str
    https: bool = False
    cookies: dict[str, str] = field(default_factory=dict)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> Response:
        return self.request("POST", path, data)

    def request(self, method: str, path: str, data: dict | None = None) -> Response:
        host = self.base_url.removeprefix("http://")
        scheme = "https" if self.https else "http"
        headers = {"Host": host}
        if self.https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": f"{scheme}://{host}",
                    "Referer": f"{scheme}://{host}{path}",
                }
            )
        connection = http.client.HTTPConnection(host, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            text = raw.read().decode("utf-8", errors="replace")
            for header in raw.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, text)
        finally:
            connection.close()

    def admin_login(self, admin_path: str, username: str, password: str) -> None:
        self.get(f"{admin_path}login/")
        response = self.post(
            f"{admin_path}login/",
            {"csrfmiddlewaretoken": self.cookies["csrftoken"], "username": username, "password": password,
             "next": admin_path},
        )  # fmt: skip
        if response.status != 302:
            raise RuntimeError(f"admin login as {username} failed with {response.status}")

    def admin_action(self, changelist_path: str, action: str, pks: list[int]) -> Response:
        data = {
            "csrfmiddlewaretoken": self.cookies["csrftoken"],
            "action": action,
            "_selected_action": [str(pk) for pk in pks],
            "index": "0",
        }
        return self.post(changelist_path, data)


def prod_password_hash(password: str) -> str:
    """A hash production's hashers accept (the test settings' MD5 is not one)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    return hasher.encode(password, hasher.salt(), iterations=hasher.iterations)


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
        client.admin_login(f"/{settings.ADMIN_URL}", "bench-editor", "bench-password")
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


def run(args) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection

    missing = missing_requirements()
    if missing:
        print("\n## Load (skipped: needs " + "; ".join(missing) + ")")
        return

    measure_seconds, load_seconds, readers = (2, 5, 10) if args.quick else (10, 60, 50)
    fresh_archive(3 if args.quick else 1000)
    paths = reader_paths(200)
    pks = editor_queue(load_seconds // 3 + 5)
    get_user_model().objects.create(
        username="bench-editor", password=prod_password_hash("bench-password"), is_staff=True, is_superuser=True
    )

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
