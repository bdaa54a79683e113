"""Capabilities plug in and out: with all five, or any one of them, removed
from INSTALLED_APPS the project passes its checks, migrates, imports the
seeds and serves the front page, an article and the archive.

Each configuration runs in its own process: INSTALLED_APPS is fixed once
Django starts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CAPABILITIES = ("newsroom.search", "newsroom.epaper", "newsroom.api", "newsroom.planning", "newsroom.desk")

SERVE = """
import django
django.setup()
from django.test import Client
from articles.models import Article
client = Client()
article = Article.objects.published().select_related("page__issue").first()
for url in ("/", article.get_absolute_url(), "/issues/"):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    print(url, response.status_code)
"""


@pytest.mark.parametrize(
    "without", [" ".join(CAPABILITIES), *CAPABILITIES], ids=["core only", *(f"without {app}" for app in CAPABILITIES)]
)
def test_project_works_without(without, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test_core",
        "NEWSROOM_WITHOUT_APPS": without,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }

    def run(*args: str) -> str:
        done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    run("manage.py", "check", "--fail-level", "WARNING")
    run("manage.py", "migrate", "--noinput", "-v", "0")
    run("manage.py", "import_seeds", "-v", "0")
    assert run("-c", SERVE).count(" 200") == 3
