"""Small rendition widths keep rendering quick in tests."""

import pytest


@pytest.fixture(autouse=True)
def small_scans(settings):
    settings.NEWSROOM_SCAN_WIDTHS = (200, 400)
