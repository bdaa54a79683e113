"""deploy/varnish/default.vcl, run by a real varnishd in front of a scripted origin."""

from __future__ import annotations

import http.client
import threading
import time
import urllib.parse

from newsroom.ops.purge import VarnishPurger


def get(url: str, path: str, headers: dict[str, str] | None = None, method: str = "GET"):
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode()
    finally:
        connection.close()


def test_a_second_request_is_a_hit_with_an_age(varnish, backend):
    first = get(varnish.url, "/issues/")
    second = get(varnish.url, "/issues/")
    assert first[1]["x-cache"] == "MISS"
    assert second[1]["x-cache"] == "HIT"
    assert "age" in second[1]
    assert second[2] == first[2]
    assert backend.served == 1


def test_a_response_without_caching_instructions_is_not_kept(varnish, backend):
    backend.headers["/healthy-but-unmarked"] = {"xkey": "site"}
    get(varnish.url, "/healthy-but-unmarked")
    get(varnish.url, "/healthy-but-unmarked")
    assert backend.served == 2


def test_the_xkey_header_stays_inside_varnish(varnish, backend):
    assert "xkey" not in get(varnish.url, "/")[1]


def test_a_purge_by_key_drops_exactly_the_objects_with_that_key(varnish, backend):
    backend.headers["/a"] = {"Cache-Control": "public, s-maxage=300", "xkey": "site article:1"}
    backend.headers["/b"] = {"Cache-Control": "public, s-maxage=300", "xkey": "site article:2"}
    first_a, first_b = get(varnish.url, "/a")[2], get(varnish.url, "/b")[2]

    VarnishPurger(urls=[varnish.url], soft=False).purge({"article:1"})

    assert get(varnish.url, "/a")[2] != first_a
    assert get(varnish.url, "/b")[2] == first_b


def test_a_soft_purge_serves_the_old_page_once_while_fetching_the_new_one(varnish, backend):
    old = get(varnish.url, "/soft")[2]
    VarnishPurger(urls=[varnish.url]).purge({"site"})
    assert get(varnish.url, "/soft")[2] == old  # stale, from grace, while the refresh runs
    deadline = time.monotonic() + 5
    while get(varnish.url, "/soft")[2] == old and time.monotonic() < deadline:
        time.sleep(0.05)
    assert get(varnish.url, "/soft")[2] != old


def test_a_purge_without_keys_is_refused(varnish):
    assert get(varnish.url, "/", method="PURGE")[0] == 400


def test_during_a_slow_refresh_readers_get_the_stale_page_at_once(varnish, backend):
    stale = get(varnish.url, "/slow")[2]
    VarnishPurger(urls=[varnish.url]).purge({"site"})
    backend.delay = 2.0
    started = time.monotonic()
    answers = [get(varnish.url, "/slow")[2] for _ in range(5)]
    assert time.monotonic() - started < 1.0
    assert answers == [stale] * 5
    # One background fetch refreshes it for everyone.
    time.sleep(2.5)
    assert get(varnish.url, "/slow")[2] != stale
    assert backend.served == 2


def test_a_burst_of_misses_reaches_the_origin_once(varnish, backend):
    backend.delay = 1.0
    bodies = []
    threads = [threading.Thread(target=lambda: bodies.append(get(varnish.url, "/burst")[2])) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(bodies)) == 1
    assert backend.served == 1


def test_a_session_cookie_passes_straight_through_with_its_cookies(varnish, backend):
    get(varnish.url, "/page")
    status, headers, _ = get(varnish.url, "/page", {"Cookie": "csrftoken=x; sessionid=editor"})
    assert headers["x-cache"] == "MISS"
    assert backend.requests[-1]["headers"]["Cookie"] == "csrftoken=x; sessionid=editor"
    assert backend.served == 2


def test_anonymous_cookies_are_stripped_and_share_the_cached_page(varnish, backend):
    get(varnish.url, "/page")
    assert get(varnish.url, "/page", {"Cookie": "csrftoken=x; _ga=1"})[1]["x-cache"] == "HIT"
    assert "Cookie" not in backend.requests[0]["headers"]


def test_posts_go_to_the_origin(varnish, backend):
    get(varnish.url, "/admin/login/", method="POST")
    get(varnish.url, "/admin/login/", method="POST")
    assert backend.served == 2


def test_query_strings_are_sorted_and_stripped_of_marketing_and_unknown_parameters(varnish, backend):
    get(varnish.url, "/search/?utm_source=wechat&q=%E5%85%9A%E5%BB%BA&from=timeline&isappinstalled=0&page=2&x=1")
    assert backend.requests[-1]["path"] == "/search/?page=2&q=%E5%85%9A%E5%BB%BA"
    assert get(varnish.url, "/search/?page=2&q=%E5%85%9A%E5%BB%BA&fbclid=abc")[1]["x-cache"] == "HIT"


def test_only_marketing_parameters_are_dropped_from_api_queries(varnish, backend):
    get(varnish.url, "/api/v1/articles?updated_since=2024-01-01&utm_medium=x&limit=5")
    assert backend.requests[-1]["path"] == "/api/v1/articles?limit=5&updated_since=2024-01-01"


def test_a_url_left_without_parameters_loses_its_question_mark(varnish, backend):
    get(varnish.url, "/issues/?utm_source=a&spm=b")
    assert backend.requests[-1]["path"] == "/issues/"


def test_django_is_told_the_scheme_and_the_client_address(varnish, backend):
    get(varnish.url, "/scheme", {"X-Forwarded-Proto": "https"})
    headers = backend.requests[-1]["headers"]
    # Loopback is the TLS terminator in the test site.vcl: its word is kept.
    assert headers["X-Forwarded-Proto"] == "https"
    assert headers["X-Forwarded-For"].endswith("127.0.0.1")


def test_http_and_https_pages_are_cached_apart(varnish, backend):
    get(varnish.url, "/both", {"X-Forwarded-Proto": "https"})
    assert get(varnish.url, "/both", {"X-Forwarded-Proto": "http"})[1]["x-cache"] == "MISS"


def test_a_browser_that_just_wrote_passes_through_to_read_its_writes(varnish, backend):
    get(varnish.url, "/page")
    assert get(varnish.url, "/page", {"Cookie": "newsroom_primary=1"})[1]["x-cache"] == "MISS"
