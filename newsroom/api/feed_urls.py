"""JSON Feed URLs, beside the reader site's RSS and Atom feeds."""

from django.urls import path

from . import feeds

app_name = "api_feeds"

urlpatterns = [
    path("feeds/json/", feeds.LatestJsonFeed.as_view(), name="latest"),
    path("sections/<str:slug>/json/", feeds.SectionJsonFeed.as_view(), name="section"),
]
