"""One route per URL: no capability shadows a route of the core or of
another app, and the reader's page and article are the core's views."""

from collections import Counter

import pytest
from django.urls import URLResolver, get_resolver, resolve


def routes(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def test_no_two_url_patterns_claim_the_same_route():
    counts = Counter(routes(get_resolver().url_patterns))
    assert [route for route, n in counts.items() if n > 1] == []


@pytest.mark.parametrize(
    "url, view",
    [("/", "HomeView"), ("/issues/2019-07-11/01/", "PageView"), ("/issues/2019-07-11/01/1/", "ArticleView")],
)
def test_the_readers_pages_are_the_cores_views(url, view):
    view_class = resolve(url).func.view_class
    assert (view_class.__module__.split(".")[0], view_class.__name__) == ("articles", view)
