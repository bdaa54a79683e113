"""Anonymous reads from a real streaming replica; editors always see their own changes.

A PostgreSQL primary and a standby of it (`pg_basebackup -R`) are created
with initdb on free loopback ports for this module, two gunicorn app
servers of the production settings use them (DATABASE_REPLICA_URL), and the
standby's replay is paused to make it lag as far behind as a test likes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.support.servers import AppServer, Client, collectstatic, free_port, prod_env, redis_reachable

PG_BIN = Path("/usr/lib/postgresql/15/bin")
ROOT = Path(__file__).resolve().parents[3]


def as_postgres(*command: str, **kwargs) -> subprocess.CompletedProcess:
    """PostgreSQL refuses to run as root: run its tools as the `postgres` user when we are root."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command], check=True, capture_output=True, text=True, timeout=120, **kwargs)


class Cluster:
    def __init__(self, directory: Path, port: int):
        self.directory, self.port = directory, port
        self.url = f"postgres://postgres@127.0.0.1:{port}/newsroom"

    def start(self) -> Cluster:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.directory / "data"), "-o", options,
                    "-l", str(self.directory / "log"), "-w", "start")  # fmt: skip
        return self

    def stop(self) -> None:
        as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.directory / "data"), "-m", "fast", "-w", "stop")

    def sql(self, statement: str, database: str = "newsroom") -> str:
        result = as_postgres(str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                             "-d", database, "-Atc", statement)  # fmt: skip
        return result.stdout.strip()


@pytest.fixture(scope="module")
def clusters():
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"needs PostgreSQL 15's server binaries in {PG_BIN} (apt-get install postgresql-15)")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("runs PostgreSQL as the postgres user, which needs runuser")
    base = Path(tempfile.mkdtemp(prefix="newsroom-replica-"))
    base.chmod(0o755)
    primary_dir, standby_dir = base / "primary", base / "standby"
    for directory in (primary_dir, standby_dir):
        directory.mkdir()
        shutil.chown(directory, "postgres") if os.geteuid() == 0 else None
    primary, standby = Cluster(primary_dir, free_port()), Cluster(standby_dir, free_port())
    started = []
    try:
        as_postgres(str(PG_BIN / "initdb"), "-D", str(primary_dir / "data"), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        with open(primary_dir / "data" / "postgresql.conf", "a") as conf:
            conf.write("wal_level = replica\nmax_wal_senders = 4\nfsync = off\n")
        with open(primary_dir / "data" / "pg_hba.conf", "a") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")
        started.append(primary.start())
        primary.sql("CREATE DATABASE newsroom", database="postgres")
        as_postgres(str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
                    "-D", str(standby_dir / "data"), "-R", "-X", "stream")  # fmt: skip
        started.append(standby.start())
        yield primary, standby
    finally:
        for cluster in reversed(started):
            cluster.stop()
        shutil.rmtree(base, ignore_errors=True)


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([os.sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    return result.stdout


@pytest.fixture(scope="module")
def site(clusters):
    if not redis_reachable():
        pytest.skip("needs Redis at REDIS_URL (default redis://127.0.0.1:6379/0)")
    primary, standby = clusters
    static_root = Path(tempfile.mkdtemp(prefix="newsroom-static-"))
    env = prod_env(database=primary.url, static_root=static_root, DATABASE_REPLICA_URL=standby.url,
                   PAGE_CACHE_SECONDS="0")  # fmt: skip
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "import_seeds", "-v0")
    manage(env, "shell", "-c", SETUP)
    collectstatic(env)
    try:
        with AppServer(env, workers=1, threads=2) as server:
            yield primary, standby, server
    finally:
        shutil.rmtree(static_root, ignore_errors=True)


# An editor, and an approved article on the newest issue's front page for them to publish.
SETUP = """
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from articles.models import Article, Issue
hasher = PBKDF2PasswordHasher()
get_user_model().objects.create(username="desk", is_staff=True, is_superuser=True,
    password=hasher.encode("desk-pw-12345", hasher.salt(), iterations=hasher.iterations))
page = Issue.objects.published().latest_first().first().pages.order_by("number").first()
Article.objects.create(page=page, headline="副本落后时编辑发布的稿件", body="正文。", status="approved", position=900)
"""


def wait_for_replay(primary: Cluster, standby: Cluster) -> None:
    target = primary.sql("SELECT pg_current_wal_lsn()")
    for _ in range(100):
        if standby.sql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") == "t":
            return
        time.sleep(0.1)
    raise AssertionError("the standby did not catch up")


def front_article(primary: Cluster) -> int:
    """The lead story of the newest issue's front page."""
    return int(primary.sql(
        "SELECT a.id FROM articles_article a JOIN articles_page p ON a.page_id = p.id JOIN articles_issue i"
        " ON p.issue_id = i.id WHERE a.status = 'published' AND p.number = 1 ORDER BY i.date DESC, a.position LIMIT 1"
    ))


def test_the_standby_is_a_streaming_replica(clusters):
    primary, standby = clusters
    assert standby.sql("SELECT pg_is_in_recovery()") == "t"
    assert primary.sql("SELECT count(*) FROM pg_stat_replication") == "1"


def test_a_lagging_replica_never_shows_an_editor_a_stale_page_of_their_own_change(site):
    primary, standby, server = site
    wait_for_replay(primary, standby)
    pk = int(primary.sql("SELECT id FROM articles_article WHERE headline = '副本落后时编辑发布的稿件'"))
    front = "/"
    reader, editor = Client(server.url), Client(server.url)
    editor.admin_login("/admin/", "desk", "desk-pw-12345")

    standby.sql("SELECT pg_wal_replay_pause()")
    try:
        published = editor.admin_action("/admin/articles/article/", "publish_selected", [pk])
        assert published.status == 302
        assert primary.sql(f"SELECT status FROM articles_article WHERE id = {pk}") == "published"

        # The editor reads from the primary: their change is there at once.
        assert "副本落后时编辑发布的稿件" in editor.get(front).body
        # The replica has not replayed it; the fence keeps readers off it meanwhile.
        assert standby.sql(f"SELECT status FROM articles_article WHERE id = {pk}") == "approved"
        assert "副本落后时编辑发布的稿件" in reader.get(front).body
    finally:
        standby.sql("SELECT pg_wal_replay_resume()")


def test_anonymous_reads_go_to_the_replica_once_it_has_caught_up(site):
    primary, standby, server = site
    wait_for_replay(primary, standby)
    reader = Client(server.url)
    reader.get("/")  # the app server learns the replica has caught up
    # A change only the replica shows proves where a read came from. Nothing
    # can write to a standby, so the primary's copy is changed instead,
    # without a change record and with replay paused: no fence moves.
    standby.sql("SELECT pg_wal_replay_pause()")
    try:
        primary.sql(f"UPDATE articles_article SET headline = '只有主库才有的标题' WHERE id = {front_article(primary)}")
        assert "只有主库才有的标题" not in reader.get("/").body
    finally:
        standby.sql("SELECT pg_wal_replay_resume()")
        wait_for_replay(primary, standby)


def test_a_browser_that_just_posted_reads_from_the_primary(site):
    primary, standby, server = site
    wait_for_replay(primary, standby)
    browser = Client(server.url)
    browser.get("/admin/login/")
    browser.post("/admin/login/", {"csrfmiddlewaretoken": browser.cookies["csrftoken"], "username": "x", "password": "y"})
    assert "newsroom_primary" in browser.cookies
    standby.sql("SELECT pg_wal_replay_pause()")
    try:
        primary.sql(f"UPDATE articles_article SET headline = '刚写入主库的标题' WHERE id = {front_article(primary)}")
        assert "刚写入主库的标题" in browser.get("/").body
        assert "刚写入主库的标题" not in Client(server.url).get("/").body
    finally:
        standby.sql("SELECT pg_wal_replay_resume()")
        wait_for_replay(primary, standby)


def test_a_replica_that_goes_away_sends_readers_to_the_primary(site):
    primary, standby, server = site
    wait_for_replay(primary, standby)
    standby.stop()
    try:
        # A change moves the fence, so the next read asks the (gone) replica.
        editor = Client(server.url)
        editor.admin_login("/admin/", "desk", "desk-pw-12345")
        pk = int(primary.sql("SELECT id FROM articles_article ORDER BY id LIMIT 1"))
        editor.admin_action("/admin/articles/article/", "unpublish_selected", [pk])
        response = Client(server.url).get("/")
        assert response.status == 200
    finally:
        standby.start()


def test_wal_positions_compare_as_numbers_not_as_text():
    from newsroom.ops.replica import lsn

    assert lsn("16/B374D848") > lsn("9/FFFFFFFF") > lsn("9/A")
