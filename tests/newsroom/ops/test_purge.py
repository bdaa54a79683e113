"""From a change's `Affected` to purged keys, at every configured edge."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles import surrogates
from articles.changes import Affected
from articles.services.photos import attach_image
from tests.factories import jpeg_upload, make_photo
from tests.support.servers import free_port
from newsroom.ops.purge import (
    CloudflarePurger,
    CloudFrontPurger,
    FastlyPurger,
    PurgeError,
    VarnishPurger,
    batches,
    consume_changes,
    keys_for,
    paths_for,
    purge,
)


@pytest.fixture
def edge():
    """An HTTP endpoint standing in for an edge's purge API: records each
    request; answers with `status` (a list: one per request, the last repeated)."""
    received: list[dict] = []
    statuses = [200]

    class Handler(BaseHTTPRequestHandler):
        def _any(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            received.append({"method": self.command, "path": self.path, "headers": self.headers, "body": body})
            self.send_response(statuses.pop(0) if len(statuses) > 1 else statuses[0])
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_PURGE = do_POST = _any

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.received, server.statuses = received, statuses
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


def test_an_article_edit_purges_its_article_page_and_issue_with_their_overflow_keys():
    keys = keys_for(Affected(articles=frozenset({7}), pages=frozenset({3}), issues=frozenset({dt.date(2019, 7, 11)})))
    assert keys == {"article:7", "article:all", "page:3", "page:all", "issue:2019-07-11", "issue:all"}


def test_a_deleted_article_is_purged_like_an_edited_one():
    assert "article:9" in keys_for(Affected(deleted_articles=frozenset({9})))


def test_listings_purge_every_listing_key_and_the_named_owners_lists():
    keys = keys_for(Affected(listings=True, sections=frozenset({2}), people=frozenset({5}), tags=frozenset({"党建"})))
    assert surrogates.LISTINGS <= keys
    assert {"section:2", "person:5", surrogates.tag_key("党建")} <= keys


def test_a_site_wide_change_purges_the_key_every_response_carries():
    assert keys_for(Affected(site=True, articles=frozenset({1}))) == {"site"}


def test_nothing_affected_purges_nothing():
    assert keys_for(Affected()) == set()


def test_tag_keys_are_ascii_without_separators():
    key = surrogates.tag_key("高新 区,党建")
    assert key.isascii() and " " not in key and "," not in key


keys_strategy = st.sets(
    st.one_of(
        st.integers(1, 10**7).map(surrogates.article_key),
        st.integers(1, 10**5).map(surrogates.page_key),
        st.dates().map(surrogates.issue_key),
        st.text(min_size=1, max_size=8).map(surrogates.tag_key),
        st.sampled_from(sorted(surrogates.LISTINGS | {surrogates.SITE})),
    ),
    max_size=800,
)


@given(keys=keys_strategy, budget=st.integers(200, 6000))
def test_a_header_fits_its_budget_and_still_names_everything_it_shows(keys, budget):
    value = surrogates.header_value(keys | {surrogates.SITE}, max_bytes=budget)
    sent = set(value.split())
    assert len(value) <= budget
    for key in keys:
        kind = key.partition(":")[0]
        assert key in sent or surrogates.all_key(kind) in sent


@given(keys=keys_strategy, budget=st.integers(30, 500))
def test_purge_batches_keep_every_key_once_and_stay_within_their_size(keys, budget):
    runs = list(batches(keys, max_bytes=budget))
    assert sorted(k for run in runs for k in run) == sorted(keys)
    assert all(len(" ".join(run)) <= budget or len(run) == 1 for run in runs)


def test_varnish_gets_a_soft_purge_with_the_keys_at_every_server(edge, settings):
    second = f"http://127.0.0.1:{edge.server_address[1]}/"
    settings.NEWSROOM_EDGE_PURGERS = [
        {"BACKEND": "newsroom.ops.purge.VarnishPurger", "OPTIONS": {"urls": [edge.url, second]}}
    ]
    purge({"article:1", "site"})
    assert [r["method"] for r in edge.received] == ["PURGE", "PURGE"]
    assert all(r["headers"]["xkey-softpurge"] == "article:1 site" for r in edge.received)


def test_many_keys_go_in_several_batches(edge):
    VarnishPurger(urls=[edge.url], max_bytes=100).purge({surrogates.article_key(n) for n in range(100)})
    assert len(edge.received) > 1
    assert sum(len(r["headers"]["xkey-softpurge"].split()) for r in edge.received) == 100


def test_a_failed_purge_is_tried_again_before_it_gives_up(edge):
    edge.statuses[:] = [503, 200]
    VarnishPurger(urls=[edge.url]).purge({"site"})
    assert len(edge.received) == 2


def test_a_server_that_is_down_raises_naming_it_after_the_others_were_purged(edge):
    down = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(PurgeError, match=f"Varnish: PURGE {down}"):
        VarnishPurger(urls=[down, edge.url], timeout=0.5).purge({"site"})
    assert len(edge.received) == 1


def test_servers_are_purged_at_the_same_time_so_a_slow_one_holds_back_no_other(edge):
    seen_while_waiting = threading.Event()

    class Slow(BaseHTTPRequestHandler):
        def do_PURGE(self):
            # Answers only once the other server got its purge (or after 5 s).
            for _ in range(500):
                if edge.received:
                    seen_while_waiting.set()
                    break
                time.sleep(0.01)
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    slow = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=slow.serve_forever, daemon=True).start()
    slow_url = f"http://127.0.0.1:{slow.server_address[1]}"
    try:
        with pytest.raises(PurgeError, match=f"Varnish: PURGE {slow_url}"):
            VarnishPurger(urls=[slow_url, edge.url], attempts=1, timeout=30).purge({"site"})
    finally:
        slow.shutdown()
        slow.server_close()
    assert seen_while_waiting.is_set()
    assert len(edge.received) == 1


def test_the_consumer_raises_when_an_edge_fails_so_the_changes_stay_pending(settings):
    settings.NEWSROOM_EDGE_PURGERS = [
        {"BACKEND": "newsroom.ops.purge.VarnishPurger", "OPTIONS": {"urls": [f"http://127.0.0.1:{free_port()}"]}}
    ]

    class Change:
        seq, affected = 1, Affected(articles=frozenset({1}))

    with pytest.raises(PurgeError):
        consume_changes([Change()])


def test_the_consumer_purges_the_union_of_a_batch_once(edge, settings):
    settings.NEWSROOM_EDGE_PURGERS = [{"BACKEND": "newsroom.ops.purge.VarnishPurger", "OPTIONS": {"urls": [edge.url]}}]

    class One:
        seq, affected = 1, Affected(articles=frozenset({1}))

    class Two:
        seq, affected = 2, Affected(articles=frozenset({2}))

    consume_changes([One(), Two()])
    assert len(edge.received) == 1
    assert edge.received[0]["headers"]["xkey-softpurge"] == "article:1 article:2 article:all"


def test_fastly_is_purged_by_surrogate_key_with_its_token(edge):
    FastlyPurger(service_id="svc", api_token="tok", api_url=edge.url).purge({"article:1", "site"})
    (request,) = edge.received
    assert (request["method"], request["path"]) == ("POST", "/service/svc/purge")
    assert request["headers"]["Surrogate-Key"] == "article:1 site"
    assert request["headers"]["Fastly-Key"] == "tok"
    assert request["headers"]["Fastly-Soft-Purge"] == "1"


def test_cloudflare_is_purged_by_tag_thirty_at_a_time(edge):
    CloudflarePurger(zone_id="zone", api_token="tok", api_url=edge.url).purge({f"article:{n}" for n in range(31)})
    assert [r["path"] for r in edge.received] == ["/zones/zone/purge_cache"] * 2
    assert edge.received[0]["headers"]["Authorization"] == "Bearer tok"
    assert sum(len(json.loads(r["body"])["tags"]) for r in edge.received) == 31


def test_no_configured_edge_means_nothing_to_purge(settings):
    settings.NEWSROOM_EDGE_PURGERS = []
    purge({"site"})


@pytest.mark.django_db
def test_cloudfront_paths_cover_what_each_key_stands_for(edition):
    page, person = edition.pages[1], edition.reporter
    keys = keys_for(
        Affected(articles=frozenset({edition.inner.pk}), pages=frozenset({page.pk}),
                 issues=frozenset({edition.issue.date}), people=frozenset({person.pk}), tags=frozenset({"党建"}),
                 listings=True)  # fmt: skip
    )
    paths = paths_for(keys)
    date = edition.issue.date.isoformat()
    assert {f"/issues/{date}/*", f"/api/v1/articles/{edition.inner.pk}", "/", "/search/*", "/sitemap*"} <= set(paths)
    assert f"/people/{quote(person.slug)}/*" in paths and f"/tags/{quote('党建')}/*" in paths
    assert all(path.isascii() for path in paths)


@pytest.mark.django_db
def test_cloudfront_paths_of_an_article_name_its_photo_files(edition, settings):
    """Photo files live at their stored names (articles:photo_file), so a withdrawal names each one."""
    settings.NEWSROOM_RENDITION_WIDTHS = (30,)
    photo = attach_image(photo=make_photo(edition.inner), upload=jpeg_upload("驿站.jpg"))
    paths = paths_for(keys_for(Affected(deleted_articles=frozenset({edition.inner.pk}))))
    stored = [photo.image, *(rendition.file for rendition in photo.renditions.all())]
    assert {stored_file.url for stored_file in stored} <= set(paths)


@pytest.mark.django_db
def test_cloudfront_invalidates_everything_for_a_site_wide_change():
    assert paths_for({"site"}) == ["/*"]


@pytest.mark.django_db
def test_cloudfront_gets_one_invalidation_of_the_paths(edge, monkeypatch, edition):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
    edge.statuses[:] = [201]
    CloudFrontPurger(distribution_id="E123", endpoint_url=edge.url).purge({"home", "search"})
    (request,) = edge.received
    assert (request["method"], request["path"]) == ("POST", "/2020-05-31/distribution/E123/invalidation")
    assert b"<Path>/</Path>" in request["body"] and b"<Path>/search/*</Path>" in request["body"]


@pytest.mark.django_db
def test_a_refused_cloudfront_invalidation_raises(edge, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
    edge.statuses[:] = [403]
    with pytest.raises(PurgeError, match="CloudFront"):
        CloudFrontPurger(distribution_id="E123", endpoint_url=edge.url).purge({"home"})
