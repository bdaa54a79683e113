"""sitemap.xml: every published issue, page and article, the Google News
sitemap of the last two days, and the section and person pages that lead to
them (an index of six).

The index states each sitemap's latest lastmod. Django works that out by
loading every item and calling `lastmod` on it; here each sitemap asks the
database for the one maximum instead, so the index costs the same at any
archive size.

The article sitemaps read rows, not model instances: a 5,000-URL file needs
four columns of each, and building an Article per row (with the surrogate
keys loading collects) was most of its time. Such a file is keyed by every
article, page and issue at once (`kind:all`, articles.surrogates).
"""

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.db.models import F, Max
from django.utils import timezone

from . import surrogates
from .models import Article, Issue, Page, Person, Publication, Section
from .templatetags.reader import to_fullwidth


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


class ArticleRowsSitemap(ArchiveSitemap):
    """Articles as rows: `pk`, `date`, `number`, `updated_at` and `fields`."""

    fields: tuple[str, ...] = ()

    def rows(self, articles):
        return articles.values(
            "pk", "updated_at", *self.fields, date=F("page__issue__date"), number=F("page__number")
        )

    def get_urls(self, *args, **kwargs):
        surrogates.add(*(surrogates.all_key(kind) for kind in ("article", "page", "issue")))
        return super().get_urls(*args, **kwargs)

    def lastmod(self, row: dict):
        return row["updated_at"]

    def location(self, row: dict) -> str:
        return Article.public_url(date=row["date"], number=row["number"], pk=row["pk"])


class ArticleSitemap(ArticleRowsSitemap):
    priority = 0.8
    # A daily paper passes 50,000 articles in a decade; smaller files stay fast to build.
    limit = 5000

    def items(self):
        return self.rows(Article.objects.published().order_by("-page__issue__date", "page__number", "position", "pk"))


class NewsSitemap(ArticleRowsSitemap):
    """Google News: what was published in the last two days, with the
    publication's name, the time of publication in the paper's time zone and
    the headline (rendered by articles/sitemap_news.xml)."""

    # Google reads at most 1,000 articles from a news sitemap.
    limit = 1000
    window = dt.timedelta(days=2)
    language = "zh-cn"
    fields = ("headline", "published_at")

    def items(self):
        recent = Article.objects.published().filter(published_at__gte=timezone.now() - self.window)
        return self.rows(recent.order_by("-published_at", "pk"))

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        name = Publication.load().name
        for url in urls:
            row = url["item"]
            url["news"] = {
                "name": name,
                "language": self.language,
                "publication_date": timezone.localtime(row["published_at"]).isoformat(timespec="seconds"),
                "title": to_fullwidth(row["headline"]),
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
