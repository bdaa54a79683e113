import pytest
from django.core.cache import cache

from newsroom.ops import pagecache

from .redis_server import RedisServer, page_cache_in


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


@pytest.fixture
def redis_server():
    """A redis-server of the test's own, to stop or hang at will."""
    server = RedisServer().start()
    yield server
    server.close()


@pytest.fixture
def redis_cache(settings, redis_server):
    """The shared page cache on, in the test's own Redis."""
    page_cache_in(settings, redis_server)
    yield redis_server
    pagecache.forget_versions()
