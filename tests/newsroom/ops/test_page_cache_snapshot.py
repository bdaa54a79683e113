"""A Redis that comes back from an old snapshot brings old pages back with
it, but never serves them: a cached page counts only if it was built at or
after the database's version of its scopes."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from newsroom.ops import pagecache
from tests.factories import edit_article, make_edition

from .redis_server import RedisServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_redis(tmp_path, settings):
    server = RedisServer(tmp_path)
    server.start()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": server.url}}
    settings.NEWSROOM_PAGE_CACHE_TIMEOUT = 300
    pagecache.forget_versions()
    try:
        yield server
    finally:
        caches["default"].close()
        server.stop()


def test_a_redis_restored_from_an_old_snapshot_does_not_serve_the_old_page(
    own_redis, client, django_capture_on_commit_callbacks
):
    edition = make_edition()
    url = reverse("articles:page", kwargs={"date": edition.issue.date, "number": 2})
    assert client.get(url)["X-Cache"] == "MISS"
    assert client.get(url)["X-Cache"] == "HIT"
    before_the_edit = own_redis.snapshot("before-edit.rdb")

    with django_capture_on_commit_callbacks(execute=True):
        edit_article(edition.inner, headline="快照之后改过的标题")
    assert "快照之后改过的标题" in client.get(url).content.decode()

    own_redis.restart_from(before_the_edit)
    # The old page and the old generations are back in Redis…
    assert own_redis.cli("DBSIZE") != "0"
    pagecache.forget_versions()  # …and another process reads the versions afresh.
    response = client.get(url)
    assert response["X-Cache"] == "MISS"
    assert "快照之后改过的标题" in response.content.decode()
    assert client.get(url)["X-Cache"] == "HIT"


def test_a_page_cached_before_a_change_is_not_served_even_when_redis_missed_the_bump(
    own_redis, client, django_capture_on_commit_callbacks
):
    edition = make_edition()
    url = reverse("articles:page", kwargs={"date": edition.issue.date, "number": 2})
    client.get(url)
    # The change reaches the database's versions, but not Redis's generations
    # (as when Redis was unreachable at that moment): no callbacks run.
    edit_article(edition.inner, headline="只在数据库里记下的修改")
    pagecache.forget_versions()
    response = client.get(url)
    assert response["X-Cache"] == "MISS"
    assert "只在数据库里记下的修改" in response.content.decode()
