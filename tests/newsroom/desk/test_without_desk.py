"""Removing newsroom.desk from INSTALLED_APPS leaves the plain article form working."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_article_admin_tests_pass_without_the_desk():
    result = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider", "-q",
            "--ds=tests.newsroom.desk.settings_without_desk",
            "tests/articles/admin/test_article_admin.py", "-k", "change_form or stale or bumps_the_version",
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        # Its own SQLite test database, never the PostgreSQL one this run may be using.
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert " passed" in result.stdout
