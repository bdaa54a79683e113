"""`kill -9` of a real `import_seeds` halfway through many pages: the run is on
record from its start, and shows as interrupted once its heartbeat is stale."""

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.support.seedgen import generate_page
from tests.support.servers import database_url

ROOT = Path(__file__).resolve().parents[3]
PAGES = 300
KILL_AFTER = 40

pytestmark = pytest.mark.django_db(transaction=True)

# Prints every run as its outcome reads now and once its heartbeat is stale.
REPORT = """
import datetime as dt, json, django
django.setup()
from django.conf import settings
from django.utils import timezone
from articles.models import ImportRun, SourceFile
later = timezone.now() + dt.timedelta(seconds=settings.NEWSROOM_IMPORT_STALE_SECONDS + 1)
print(json.dumps({
    "now": list(ImportRun.objects.with_outcome().values_list("outcome", flat=True)),
    "later": list(ImportRun.objects.with_outcome(at=later).values("outcome", "files_ok", "finished_at")),
    "sources": SourceFile.objects.count(),
}, default=str))
"""


@pytest.fixture
def environment(tmp_path):
    """The subprocesses' database: the test database on PostgreSQL (this
    test commits), a migrated file of their own on SQLite (the test's is in
    memory, which no other process can open)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings.test", "PYTHONUNBUFFERED": "1"}
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = database_url(connection.settings_dict)
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'import.sqlite3'}"
        manage(env, "migrate", "-v0")
    return env


def manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True
    )


def generated_pages(folder: Path) -> Path:
    folder.mkdir()
    rng = random.Random(13)
    start = dt.date(2019, 1, 1)
    for n in range(PAGES):
        date = start + dt.timedelta(days=n)
        text = generate_page(rng, date=date, front=True, page_number=1, section="头版")
        (folder / f"{n:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def report(env) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", REPORT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(result.stdout)


def test_a_killed_import_is_recorded_and_shown_as_interrupted(environment, tmp_path):
    pages = generated_pages(tmp_path / "pages")
    importer = subprocess.Popen(
        [sys.executable, "manage.py", "import_seeds", "-v", "2", str(pages)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    done = 0
    for line in importer.stdout:
        done += line.startswith("✓ ")
        if done == KILL_AFTER:
            importer.send_signal(signal.SIGKILL)
            break
    importer.wait(timeout=60)
    assert importer.returncode == -signal.SIGKILL

    state = report(environment)

    # Still beating a moment ago: running, as far as anyone can tell yet.
    assert state["now"] == ["running"]
    [run] = state["later"]
    assert run["outcome"] == "interrupted"
    assert run["finished_at"] is None
    # Progress is recorded after each file's own transaction: at most the
    # file in flight committed after the last heartbeat, and nothing partial.
    assert KILL_AFTER <= run["files_ok"] < PAGES
    assert run["files_ok"] <= state["sources"] <= run["files_ok"] + 1


def test_a_finished_import_stays_finished(environment, tmp_path):
    folder = tmp_path / "few"
    folder.mkdir()
    rng = random.Random(14)
    for n in range(3):
        text = generate_page(rng, date=dt.date(2020, 1, 1 + n), front=True, page_number=1, section="头版")
        (folder / f"{n}.txt").write_text(text, encoding="utf-8")
    manage(environment, "import_seeds", "-v", "0", str(folder))

    [run] = report(environment)["later"]
    assert (run["outcome"], run["files_ok"]) == ("finished", 3)
