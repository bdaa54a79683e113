"""/admin/ninjs/import/: the ninjs upload (staff who may add articles)."""

from django.urls import path

from .ninjs_admin import NinjsImportView

app_name = "ninjs_import"

urlpatterns = [
    path("import/", NinjsImportView.as_view(), name="upload"),
]
