"""sitemap.xml: every published issue, page and article, the Google News
sitemap of the last two days, and the section and person pages that lead to
them (an index of six).

The index states each sitemap's latest lastmod. Django works that out by
loading every item and calling `lastmod` on it; here each sitemap asks the
database for the one maximum instead, so the index costs the same at any
archive size.
"""

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.utils import timezone

from .models import Article, Issue, Page, Person, Publication, Section
from .templatetags.reader import to_fullwidth


class ArchiveSitemap(Sitemap):
    # The field that `lastmod` reads, as a lookup from the items' model.
    lastmod_field = "updated_at"

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max(self.lastmod_field))["latest"]


class IssueSitemap(ArchiveSitemap):
    priority = 0.6

    def items(self):
        return Issue.objects.published().order_by("-date")

    def lastmod(self, issue: Issue):
        return issue.updated_at


class PageSitemap(ArchiveSitemap):
    priority = 0.5
    lastmod_field = "issue__updated_at"

    def items(self):
        return Page.objects.published().select_related("issue").order_by("-issue__date", "number")

    def lastmod(self, page: Page):
        return page.issue.updated_at


class ArticleSitemap(ArchiveSitemap):
    priority = 0.8
    # A daily paper passes 50,000 articles in a decade; smaller files stay fast to build.
    limit = 5000

    def items(self):
        # Only what the URL and lastmod need: a sitemap of a long archive must not load every body.
        return (
            Article.objects.published()
            .select_related("page__issue")
            .only("pk", "updated_at", "page__number", "page__issue__date")
            .order_by("-page__issue__date", "page__number", "position", "pk")
        )

    def lastmod(self, article: Article):
        return article.updated_at


class NewsSitemap(ArchiveSitemap):
    """Google News: what was published in the last two days, with the
    publication's name, the time of publication in the paper's time zone and
    the headline (rendered by articles/sitemap_news.xml)."""

    # Google reads at most 1,000 articles from a news sitemap.
    limit = 1000
    window = dt.timedelta(days=2)
    language = "zh-cn"

    def items(self):
        return (
            Article.objects.published()
            .filter(published_at__gte=timezone.now() - self.window)
            .select_related("page__issue")
            .only("pk", "headline", "published_at", "updated_at", "page__number", "page__issue__date")
            .order_by("-published_at", "pk")
        )

    def lastmod(self, article: Article):
        return article.updated_at

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        name = Publication.load().name
        for url in urls:
            article = url["item"]
            url["news"] = {
                "name": name,
                "language": self.language,
                "publication_date": timezone.localtime(article.published_at).isoformat(timespec="seconds"),
                "title": to_fullwidth(article.headline),
            }
        return urls


class SectionSitemap(Sitemap):
    """Sections printed in a public issue (no lastmod: a section has no date of its own)."""

    priority = 0.4

    def items(self):
        return Section.objects.in_print()


class PersonSitemap(Sitemap):
    """Reporters and photographers with public work."""

    priority = 0.3

    def items(self):
        return Person.objects.with_published_work().order_by("name", "pk")


SITEMAPS = {
    "issues": IssueSitemap,
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "news": NewsSitemap,
    "sections": SectionSitemap,
    "people": PersonSitemap,
}
