"""The site behind deploy/varnish/default.vcl: Django's live server, a real
varnishd in front, and the edge consumer purging it as editors publish."""

from __future__ import annotations

import time
import urllib.parse

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from articles.models import Article
from articles.services import workflow
from tests.support.varnish import Varnish
from tests.deploy.conftest import require_varnishd
from tests.deploy.test_varnish_vcl import get
from tests.factories import make_article, make_edition, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site_behind_varnish(live_server, paper, settings):
    require_varnishd()
    # Production's caching: the page cache marks pages shareable, Varnish keeps them an hour.
    settings.NEWSROOM_PAGE_CACHE_TIMEOUT = 300
    settings.NEWSROOM_SHARED_MAX_AGE = 3600
    cache.clear()
    port = urllib.parse.urlsplit(live_server.url).port
    with Varnish([("127.0.0.1", port)]) as varnish:
        settings.NEWSROOM_EDGE_PURGERS = [
            {"BACKEND": "newsroom.ops.purge.VarnishPurger", "OPTIONS": {"urls": [varnish.url]}}
        ]
        yield varnish
    cache.clear()


def until(predicate, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_a_page_is_served_from_varnish_with_its_shared_lifetime(site_behind_varnish):
    edition = make_edition()
    path = edition.pages[1].get_absolute_url()
    assert get(site_behind_varnish.url, path)[1]["x-cache"] == "MISS"
    status, headers, _body = get(site_behind_varnish.url, path)
    assert (status, headers["x-cache"]) == (200, "HIT")
    assert "s-maxage=300" in headers["cache-control"]
    assert "xkey" not in headers and f"page:{edition.pages[1].pk}" in headers["surrogate-key"]


def test_publishing_purges_the_page_so_readers_see_the_new_headline(site_behind_varnish):
    edition = make_edition()
    path = edition.pages[1].get_absolute_url()
    article = make_article(page=edition.pages[1], headline="刚刚发布的稿件", status=Article.Status.APPROVED)
    get(site_behind_varnish.url, path)
    assert "刚刚发布的稿件" not in get(site_behind_varnish.url, path)[2]

    workflow.publish(article=article, user=make_user(superuser=True))

    assert until(lambda: "刚刚发布的稿件" in get(site_behind_varnish.url, path)[2])


def test_an_unrelated_page_stays_cached_when_another_is_purged(site_behind_varnish):
    edition = make_edition()
    other = edition.pages[3].get_absolute_url()
    get(site_behind_varnish.url, other)
    article = make_article(page=edition.pages[1], headline="另一版的新稿件", status=Article.Status.APPROVED)
    workflow.publish(article=article, user=make_user(superuser=True))
    assert get(site_behind_varnish.url, other)[1]["x-cache"] == "HIT"


def test_a_logged_in_editor_passes_through_and_sees_the_draft(site_behind_varnish, client):
    edition = make_edition()
    draft = make_article(page=edition.pages[1], headline="还没发布的草稿", status=Article.Status.DRAFT)
    editor = get_user_model().objects.create_user("desk", password="pw-desk-12345", is_staff=True, is_superuser=True)
    client.force_login(editor)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    path = draft.get_absolute_url()

    assert get(site_behind_varnish.url, path)[0] == 404
    status, headers, body = get(site_behind_varnish.url, path, {"Cookie": cookie})
    assert (status, headers["x-cache"]) == (200, "MISS")
    assert "还没发布的草稿" in body and "private" in headers["cache-control"]
    # The reader still gets the 404, never the editor's preview.
    assert get(site_behind_varnish.url, path)[0] == 404
