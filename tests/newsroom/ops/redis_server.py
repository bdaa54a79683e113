"""A redis-server of the test's own, on a free loopback port, that can be
snapshotted, stopped and started again from an older snapshot."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--dir", str(self.directory),
                "--dbfilename", "dump.rdb",
                "--save", "",
                "--appendonly", "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while self.cli("PING") != "PONG":
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server on port {self.port} did not start")
            time.sleep(0.05)

    def cli(self, *args: str) -> str:
        result = subprocess.run(
            [shutil.which("redis-cli"), "-p", str(self.port), *args], capture_output=True, text=True, timeout=10
        )
        return result.stdout.strip()

    def snapshot(self, name: str) -> Path:
        """SAVE, and keep a copy of the RDB file as `name`."""
        assert self.cli("SAVE") == "OK"
        return Path(shutil.copy(self.directory / "dump.rdb", self.directory / name))

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def restart_from(self, snapshot: Path) -> None:
        """Stop, put `snapshot` back as the data file, start again."""
        self.stop()
        shutil.copy(snapshot, self.directory / "dump.rdb")
        self.start()
