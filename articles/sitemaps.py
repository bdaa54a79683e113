"""sitemap.xml: every published issue, page and article (an index of three).

The index states each sitemap's latest lastmod. Django works that out by
loading every item and calling `lastmod` on it; here each sitemap asks the
database for the one maximum instead, so the index costs the same at any
archive size.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from . import surrogates
from .models import Article, Issue, Page


class ArchiveSitemap(Sitemap):
    # The field that `lastmod` reads, as a lookup from the items' model.
    lastmod_field = "updated_at"

    def get_urls(self, *args, **kwargs):
        surrogates.add(surrogates.SITEMAP)
        return super().get_urls(*args, **kwargs)

    def get_latest_lastmod(self):
        surrogates.add(surrogates.SITEMAP)  # the index
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


SITEMAPS = {"issues": IssueSitemap, "pages": PageSitemap, "articles": ArticleSitemap}
