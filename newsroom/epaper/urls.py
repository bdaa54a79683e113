"""The 数字报 URLs. The page and article paths are the reader site's own: they
are included before `articles.urls`, so these views (subclasses of the
reader's) answer them and add the scan."""

from django.urls import path

import articles.urls  # noqa: F401  (registers the isodate and pageno converters)

from . import views

app_name = "epaper"

urlpatterns = [
    path("issues/<isodate:date>/issue.pdf", views.IssuePdfView.as_view(), name="issue_pdf"),
    path("issues/<isodate:date>/<pageno:number>/", views.ScanPageView.as_view(), name="page"),
    path("issues/<isodate:date>/<pageno:number>/page.pdf", views.PagePdfView.as_view(), name="page_pdf"),
    path("issues/<isodate:date>/<pageno:number>/scan/<str:name>", views.ScanImageView.as_view(), name="scan_image"),
    path("issues/<isodate:date>/<pageno:number>/<int:pk>/", views.ScanArticleView.as_view(), name="article"),
]
