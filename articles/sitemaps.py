"""sitemap.xml: every published issue, page and article (an index of three)."""

from django.contrib.sitemaps import Sitemap

from .models import Article, Issue, Page


class IssueSitemap(Sitemap):
    priority = 0.6

    def items(self):
        return Issue.objects.published().order_by("-date")

    def lastmod(self, issue: Issue):
        return issue.updated_at


class PageSitemap(Sitemap):
    priority = 0.5

    def items(self):
        return Page.objects.published().select_related("issue").order_by("-issue__date", "number")

    def lastmod(self, page: Page):
        return page.issue.updated_at


class ArticleSitemap(Sitemap):
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
