"""The desk's endpoints live under /admin/desk/ (included before the admin's own URLs),
behind the admin's own login check like every page there."""

from django.contrib import admin
from django.urls import path

from . import views

app_name = "desk"

urlpatterns = [
    path("articles/<int:pk>/autosave/", admin.site.admin_view(views.AutosaveView.as_view()), name="autosave"),
    path("articles/<int:pk>/autosave/discard/", admin.site.admin_view(views.DiscardView.as_view()), name="discard"),
    path("articles/<int:pk>/heartbeat/", admin.site.admin_view(views.HeartbeatView.as_view()), name="heartbeat"),
    path("articles/<int:pk>/leave/", admin.site.admin_view(views.LeaveView.as_view()), name="leave"),
    path("articles/<int:pk>/preview/", admin.site.admin_view(views.PreviewView.as_view()), name="preview"),
]
