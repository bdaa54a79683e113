"""JSON Feed URLs, beside the reader site's RSS and Atom feeds."""

from django.urls import path

import articles.converters  # noqa: F401  (registers the uslug converter)

from . import feeds

app_name = "api_feeds"

urlpatterns = [
    path("feeds/json/", feeds.LatestJsonFeed.as_view(), name="latest"),
    path("sections/<uslug:slug>/json/", feeds.SectionJsonFeed.as_view(), name="section"),
]
