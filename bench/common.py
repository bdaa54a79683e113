"""Helpers shared by the benchmarks: a throwaway database and table output."""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    """Start Django on a fresh test database (SQLite, or DATABASE_URL's server)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)


def reset_database() -> None:
    """Empty every table, so each benchmark starts from nothing."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


def run_worker(module: str, job: dict, *, tree: Path = ROOT) -> dict:
    """`module.worker()` in a new Python process on this benchmark's
    database, given `job` (start_worker reads it); returns what it prints as
    JSON. A server's worker never loaded the archive: the process that did
    has a heap that makes every request slower (about 15 % for the pages).
    SQLite's in-memory database goes over as a snapshot; a server's test
    database is opened by name. `tree`: the checkout whose code runs (its
    directory comes first on the worker's path)."""
    from django.db import connection

    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as tmp:
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="newsroom.settings.test")
        if connection.vendor == "sqlite":
            snapshot = Path(tmp) / "archive.sqlite3"
            with sqlite3.connect(snapshot) as target:
                connection.connection.backup(target)
            env["DATABASE_URL"], env["BENCH_SNAPSHOT"] = "sqlite://:memory:", str(snapshot)
        else:
            # DATABASE_URL as given; the worker opens the test database in it.
            env["BENCH_DATABASE_NAME"] = connection.settings_dict["NAME"]
        done = subprocess.run(
            [sys.executable, "-c", f"import {module} as m; m.worker()"],
            input=json.dumps(job), capture_output=True, text=True, env=env, cwd=tree, check=False,
        )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"the {module} worker failed:\n{done.stderr}")
    return json.loads(done.stdout)


def start_worker() -> dict:
    """In a worker of run_worker: Django on the database handed over; the job."""
    import django
    from django.db import connection
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    if "BENCH_DATABASE_NAME" in os.environ:
        connection.settings_dict["NAME"] = os.environ["BENCH_DATABASE_NAME"]
    if snapshot := os.environ.get("BENCH_SNAPSHOT"):
        connection.ensure_connection()
        with sqlite3.connect(snapshot) as source:
            source.backup(connection.connection)
    return json.load(sys.stdin)


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of `repeat` calls of fn."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def median_ms(samples: Sequence[float]) -> float:
    return statistics.median(samples) * 1000


def p95_ms(samples: Sequence[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(h) for h in headers]] + [[_fmt(c) for c in row] for row in rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(headers))]
    print(f"\n## {title}\n")
    for n, row in enumerate(cells):
        print("| " + " | ".join(c + " " * (widths[i] - _width(c)) for i, c in enumerate(row)) + " |")
        if n == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def _fmt(value: object) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
