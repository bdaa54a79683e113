"""Each public view's query count is pinned, and does not grow with the archive."""

import pytest
from django.apps import apps

from tests.factories import make_edition

pytestmark = pytest.mark.django_db

# (url, queries). Every HTML page spends 3 on the publication, the sections
# of the masthead and the media channels of the footer. An article's
# bylines and photos come in its own row (articles.inline): no query. An
# edition page: issue, pages, articles, own teasers, incoming teasers,
# referring photo stories. An article: itself, tags, corrections, pages, the
# issue's articles. Photos' renditions come with the article's prepared
# display pieces (articles.display): no query. Lists: the owner, count,
# articles (a section: + its latest printed pages). Feeds: the publication
# (a section's: + the section), articles, tags, and the photos of its photo
# stories, whose excerpt is a caption (the front page has one; 要闻 none).
# newsroom.epaper, when installed, adds the scan to the page and article
# views (articles.hooks context providers): +1 each.
SCAN = int(apps.is_installed("newsroom.epaper"))
VIEWS = {
    "home": (lambda e: "/", 9),
    "issue": (lambda e: e.issue.get_absolute_url(), 9),
    "front page": (lambda e: e.pages[0].get_absolute_url(), 9 + SCAN),
    "inner page": (lambda e: e.pages[1].get_absolute_url(), 9 + SCAN),
    "article": (lambda e: e.lead.get_absolute_url(), 8 + SCAN),
    "photo story": (lambda e: e.photo_story.get_absolute_url(), 8 + SCAN),
    "archive": (lambda e: "/issues/", 5),
    "section": (lambda e: "/sections/要闻/", 7),
    "person": (lambda e: e.reporter.get_absolute_url(), 6),
    "tag": (lambda e: "/tags/党建/", 6),
    "rss": (lambda e: "/feeds/rss/", 4),
    "atom": (lambda e: "/feeds/atom/", 4),
    "section rss": (lambda e: "/sections/要闻/rss/", 4),
    "sitemap index": (lambda e: "/sitemap.xml", 10),
    "sitemap of articles": (lambda e: "/sitemap-articles.xml", 2),
    "news sitemap": (lambda e: "/sitemap-news.xml", 3),
    "sitemap of sections": (lambda e: "/sitemap-sections.xml", 2),
    "sitemap of people": (lambda e: "/sitemap-people.xml", 2),
}


@pytest.fixture(params=[1, 30], ids=["1 issue", "30 issues"])
def archive(request, paper):
    """The newest of `n` issues of the same shape."""
    return [make_edition() for _ in range(request.param)][-1]


@pytest.mark.parametrize("view", VIEWS)
def test_query_count_is_pinned_and_independent_of_archive_size(client, archive, view, django_assert_num_queries):
    url, expected = VIEWS[view]
    with django_assert_num_queries(expected):
        assert client.get(url(archive)).status_code == 200
