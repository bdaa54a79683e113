"""Real servers for tests and benchmarks: gunicorn app servers on free
loopback ports, and an HTTP client that behaves like an editor's browser.

Shared by the test suite (tests/newsroom/ops) and `bench/load.py`; the
benchmarks import from here, never the other way round.
"""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


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
