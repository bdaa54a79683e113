import pytest
from django.core.cache import cache

from newsroom.ops import pagecache


@pytest.fixture
def page_cache(settings):
    """The shared page cache turned on, empty, with a long browser max-age so
    tests can read a page's remaining lifetime from its Cache-Control."""
    settings.NEWSROOM_PAGE_CACHE_TIMEOUT = 300
    settings.NEWSROOM_PAGE_BROWSER_MAX_AGE = 3600
    cache.clear()
    # The scope versions read by an earlier test belong to its database.
    pagecache.forget_versions()
    yield
    cache.clear()
