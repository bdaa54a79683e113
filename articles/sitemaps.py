"""sitemap.xml: every published issue, page and article, and the section
and person pages that lead to them (an index of five).

The index states each sitemap's latest lastmod. Django works that out by
loading every item and calling `lastmod` on it; here each sitemap asks the
database for the one maximum instead, so the index costs the same at any
archive size.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import Article, Issue, Page, Person, Section


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
    "sections": SectionSitemap,
    "people": PersonSitemap,
}
