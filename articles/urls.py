"""The reader site's stable URLs: /issues/2019-07-11/02/<pk>/ and friends."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import converters, feeds, views  # noqa: F401  (converters registers isodate, pageno, uslug)
from .sitemaps import SITEMAPS

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
    path(
        "sitemap-<str:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "articles/sitemap.xml"},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    # Photo files by stored name (photos/…, renditions/…), as the policy allows.
    path("files/<path:name>", views.PhotoFileView.as_view(), name="photo_file"),
]
