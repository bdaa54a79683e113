"""Two gunicorn app servers sharing one PostgreSQL and one Redis, behind a
(simulated) TLS-terminating load balancer."""

import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from articles.models import Article
from tests.support.servers import AppServer, Client, collectstatic, database_url, prod_env, prod_password_hash, redis_reachable
from tests.factories import make_article, make_edition, set_publication

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def two_servers(django_db_setup):
    """Started once for the module: the servers hold no state of their own."""
    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL=postgres://…: app servers cannot share SQLite's in-memory test database")
    if not redis_reachable():
        pytest.skip("needs Redis at REDIS_URL (default redis://127.0.0.1:6379/0)")
    static_root = Path(tempfile.mkdtemp(prefix="newsroom-static-"))
    # One deployment: the same secret, database, cache prefix and static files.
    env = prod_env(
        database=database_url(connection.settings_dict),
        static_root=static_root,
        SECURE_SSL_REDIRECT="1",
        TRUST_X_FORWARDED_PROTO="1",
    )
    collectstatic(env)
    try:
        with AppServer(env, workers=1, threads=2) as first, AppServer(env, workers=1, threads=2) as second:
            yield first, second
    finally:
        shutil.rmtree(static_root, ignore_errors=True)


def test_a_change_published_through_one_server_is_seen_on_the_other_at_once(two_servers):
    first, second = two_servers
    edition = make_edition()
    set_publication(hotline="6557709")
    article = make_article(page=edition.pages[1], headline="两台服务器之间的新稿件", status=Article.Status.APPROVED)
    page_path = edition.pages[1].get_absolute_url()
    get_user_model().objects.create(
        username="desk", password=prod_password_hash("desk-pw-1234"), is_staff=True, is_superuser=True
    )
    reader = Client(second.url, https=True)
    assert reader.get(page_path).status == 200
    cached = reader.get(page_path)
    assert cached.headers["x-cache"] == "HIT", cached.headers
    assert "两台服务器之间的新稿件" not in cached.body

    editor = Client(first.url, https=True)
    editor.admin_login(f"/{settings.ADMIN_URL}", "desk", "desk-pw-1234")
    published = editor.admin_action(f"/{settings.ADMIN_URL}articles/article/", "publish_selected", [article.pk])
    assert published.status == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED

    fresh = reader.get(page_path)
    assert fresh.headers["x-cache"] == "MISS"
    assert "两台服务器之间的新稿件" in fresh.body
    assert Client(second.url, https=True).get(article.get_absolute_url()).status == 200


def test_plain_http_is_redirected_to_https_but_healthz_answers(two_servers):
    first, _second = two_servers
    redirect = Client(first.url).get("/")
    assert redirect.status == 301
    assert redirect.headers["location"].startswith("https://")
    assert Client(first.url).get("/healthz").status == 200


def test_production_responses_carry_the_security_headers(two_servers):
    first, _second = two_servers
    headers = Client(first.url, https=True).get("/").headers
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "upgrade-insecure-requests" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_static_files_are_served_with_hashed_names_for_a_year(two_servers):
    first, _second = two_servers
    client = Client(first.url, https=True)
    html = client.get(f"/{settings.ADMIN_URL}login/").body
    css = next(part.split('"')[0] for part in html.split('href="/static/')[1:] if part.split('"')[0].endswith(".css"))
    assert css.count(".") >= 2, f"{css} has no content hash"
    response = client.get(f"/static/{css}")
    assert response.status == 200
    assert "immutable" in response.headers["cache-control"]
