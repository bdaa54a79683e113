"""The 数字报's own files under the reader's page URLs: the scan images and
the PDFs. The page and article pages themselves are the reader site's
(`articles.urls`); epaper adds the scan to them through `articles.hooks`."""

from django.urls import path

import articles.converters  # noqa: F401  (registers the isodate and pageno converters)

from . import views

app_name = "epaper"

urlpatterns = [
    path("issues/<isodate:date>/issue.pdf", views.IssuePdfView.as_view(), name="issue_pdf"),
    path("issues/<isodate:date>/<pageno:number>/page.pdf", views.PagePdfView.as_view(), name="page_pdf"),
    path("issues/<isodate:date>/<pageno:number>/scan/<str:name>", views.ScanImageView.as_view(), name="scan_image"),
]
