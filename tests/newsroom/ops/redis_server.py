"""A real `redis-server` of a test's own on a spare loopback port, which the
test may stop, hang (SIGSTOP), snapshot and start again from an older
snapshot, without touching the shared Redis."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from newsroom.ops import pagecache
from tests.support.servers import free_port


class RedisServer:
    def __init__(self, directory: Path | None = None, *, options: tuple[str, ...] = ()) -> None:
        """`options`: more of redis-server's own, as on its command line."""
        self.options = options
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.owns_directory = directory is None
        self.directory = Path(tempfile.mkdtemp(prefix="newsroom-redis-")) if directory is None else directory
        self.process: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--dir", str(self.directory),
                "--dbfilename", "dump.rdb",
                "--save", "",
                "--appendonly", "no",
                *self.options,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while self.cli("PING") != "PONG":
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server on port {self.port} did not answer within 10 s")
            time.sleep(0.05)
        return self

    def cli(self, *args: str) -> str:
        result = subprocess.run(
            [shutil.which("redis-cli"), "-p", str(self.port), *args], capture_output=True, text=True, timeout=10
        )
        return result.stdout.strip()

    def snapshot(self, name: str) -> Path:
        """SAVE, and keep a copy of the RDB file as `name`."""
        assert self.cli("SAVE") == "OK"
        return Path(shutil.copy(self.directory / "dump.rdb", self.directory / name))

    def restart_from(self, snapshot: Path) -> None:
        """Stop, put `snapshot` back as the data file, start again."""
        self.stop()
        shutil.copy(snapshot, self.directory / "dump.rdb")
        self.start()

    def stop(self) -> None:
        if self.process is not None:
            self.resume()
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def hang(self) -> None:
        """Accepts connections (the kernel does) but never answers."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)

    def close(self) -> None:
        self.stop()
        if self.owns_directory:
            shutil.rmtree(self.directory, ignore_errors=True)


def page_cache_in(settings, server: RedisServer) -> None:
    """The shared page cache on, in `server`, configured as settings.base
    configures it from REDIS_URL; nothing this process kept or read of
    another test's pages and versions."""
    settings.NEWSROOM_PAGE_CACHE_TIMEOUT = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.ops.cache.ResilientRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1, "CIRCUIT_BREAKER_SECONDS": 5},
        }
    }
    pagecache.forget_versions()
