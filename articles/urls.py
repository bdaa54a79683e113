"""The reader site's stable URLs: /issues/2019-07-11/02/<pk>/ and friends."""

import datetime as dt

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from . import feeds, views
from .sitemaps import SITEMAPS


class IsoDateConverter:
    """`2019-07-11` <-> datetime.date; an impossible date does not match (404)."""

    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> dt.date:
        return dt.date.fromisoformat(value)

    def to_url(self, value: dt.date | str) -> str:
        return value if isinstance(value, str) else value.isoformat()


class PageNumberConverter:
    """Page numbers as printed: two digits, zero-padded (`02`)."""

    regex = r"[0-9]{2}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{int(value):02d}"


class UnicodeSlugConverter:
    """A slug as sections, people and tags have them: letters of any script
    (`要闻`, `邓超`), digits, `-` and `_`. Anything else (a NUL byte, which
    PostgreSQL refuses in text) is a 404, not a database error."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(IsoDateConverter, "isodate")
register_converter(PageNumberConverter, "pageno")
register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("issues/", views.ArchiveView.as_view(), name="archive"),
    path("issues/<int:year>/", views.ArchiveView.as_view(), name="archive_year"),
    path("issues/<isodate:date>/", views.IssueView.as_view(), name="issue"),
    path("issues/<isodate:date>/<pageno:number>/", views.PageView.as_view(), name="page"),
    path("issues/<isodate:date>/<pageno:number>/<int:pk>/", views.ArticleView.as_view(), name="article"),
    path("sections/<uslug:slug>/", views.SectionView.as_view(), name="section"),
    path("sections/<uslug:slug>/rss/", feeds.SectionRssFeed(), name="section_feed_rss"),
    path("sections/<uslug:slug>/atom/", feeds.SectionAtomFeed(), name="section_feed_atom"),
    path("people/<uslug:slug>/", views.PersonView.as_view(), name="person"),
    path("tags/<uslug:slug>/", views.TagView.as_view(), name="tag"),
    path("feeds/rss/", feeds.LatestRssFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.LatestAtomFeed(), name="feed_atom"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "articles:sitemap_section"},
        name="sitemap",
    ),
    # Before the general pattern: the news sitemap has Google's own elements.
    path(
        "sitemap-news.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "section": "news", "template_name": "articles/sitemap_news.xml"},
        name="sitemap_news",
    ),
    path("sitemap-<str:section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots"),
]
