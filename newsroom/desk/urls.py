"""The desk's endpoints live under /admin/desk/ (included before the admin's own URLs)."""

from django.urls import path

from . import views

app_name = "desk"

urlpatterns = [
    path("articles/<int:pk>/autosave/", views.AutosaveView.as_view(), name="autosave"),
    path("articles/<int:pk>/autosave/discard/", views.DiscardView.as_view(), name="discard"),
    path("articles/<int:pk>/heartbeat/", views.HeartbeatView.as_view(), name="heartbeat"),
    path("articles/<int:pk>/leave/", views.LeaveView.as_view(), name="leave"),
]
