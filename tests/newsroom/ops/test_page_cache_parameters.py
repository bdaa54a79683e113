"""Cache keys from what the view reads: a parameter the page does not declare
neither makes a new cache entry nor a new render, nor reaches the view."""

import pytest
import redis

pytestmark = pytest.mark.django_db


def page_entries(redis_server) -> int:
    return len(redis.Redis.from_url(redis_server.url).keys("*ops:page:*"))


def rendered(response) -> bool:
    # The test client lists the templates a response rendered: none for a hit.
    return bool(response.templates)


def test_five_hundred_unknown_parameters_make_one_render_and_one_entry(client, edition, redis_cache):
    responses = [client.get("/", {"x": n}) for n in range(1, 501)]

    assert all(response.status_code == 200 for response in responses)
    assert sum(rendered(response) for response in responses) == 1
    assert page_entries(redis_cache) == 1


def test_an_unknown_parameter_is_served_the_page_without_it(client, edition, redis_cache):
    plain = client.get("/")
    tracked = client.get("/", {"utm_source": "wechat", "from": "timeline"})
    assert tracked["X-Cache"] == "HIT"
    assert tracked.content == plain.content


def test_the_view_never_sees_an_undeclared_parameter(client, edition, settings):
    # Cache off: the masthead's search box would otherwise echo it.
    settings.NEWSROOM_PAGE_CACHE_TIMEOUT = 0
    html = client.get("/", {"q": "不该出现的词"}).content.decode()
    assert "不该出现的词" not in html


def test_declared_parameters_key_the_page(client, edition, redis_cache):
    first = client.get("/search/", {"q": "湿地"})
    second = client.get("/search/", {"q": "会议"})
    assert rendered(first) and rendered(second)
    assert first.content != second.content
    assert page_entries(redis_cache) == 2


def test_declared_parameters_in_another_order_or_with_extras_are_the_same_entry(client, edition, redis_cache):
    client.get("/search/?q=%E6%B9%BF%E5%9C%B0&date_from=2019-01-01")
    again = client.get("/search/?utm_source=x&date_from=2019-01-01&q=%E6%B9%BF%E5%9C%B0")
    assert again["X-Cache"] == "HIT"
    assert page_entries(redis_cache) == 1


def test_a_list_keeps_its_page_parameter(client, edition, redis_cache):
    section = edition.pages[1].section
    client.get(section.get_absolute_url(), {"page": 1})
    assert client.get(section.get_absolute_url(), {"page": 1, "x": 1})["X-Cache"] == "HIT"
    assert client.get(section.get_absolute_url())["X-Cache"] == "MISS"
