"""Every URL pattern is classified (tests/security/inventory.py), and every
staff pattern turns anonymous readers away to the login page."""

from __future__ import annotations

import re

import pytest

from .inventory import INVENTORY, STAFF, url_patterns

SAMPLES = {"int": "1", "path": "1", "isodate": "2019-07-11", "pageno": "01", "str": "x", "uslug": "x", "slug": "x"}


def sample_url(route: str) -> str:
    """A concrete address for a route: each parameter filled with a sample of its kind."""
    url = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], route)
    url = re.sub(r"\(\?P<\w+>[^)]*\)", "x", url)
    return "/" + url.replace("^", "").replace("$", "")


def test_every_url_pattern_is_classified():
    unclassified = sorted({key for key, _route, _pattern in url_patterns()} - set(INVENTORY))
    assert not unclassified, f"classify these URL patterns in tests/security/inventory.py: {unclassified}"


def test_the_inventory_lists_only_existing_patterns():
    stale = sorted(set(INVENTORY) - {key for key, _route, _pattern in url_patterns()})
    assert not stale, f"these inventory entries match no URL pattern any more: {stale}"


STAFF_ROUTES = sorted({route for key, route, _pattern in url_patterns() if INVENTORY.get(key) == STAFF})


@pytest.mark.parametrize("route", STAFF_ROUTES)
def test_staff_pattern_sends_anonymous_readers_to_the_login_page(client, db, route):
    response = client.get(sample_url(route))
    assert response.status_code == 302, f"{route}: {response.status_code}"
    assert "login" in response["Location"], f"{route}: redirected to {response['Location']}"
