"""The board lives under /admin/planning/ (included before the admin's own URLs)."""

from django.urls import path

import articles.converters  # noqa: F401  (registers the "isodate" converter these paths use)

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.IssueListView.as_view(), name="issues"),
    path("new/", views.PlanIssueView.as_view(), name="plan_issue"),
    path("<isodate:date>/", views.BoardView.as_view(), name="board"),
    path("<isodate:date>/stories/add/", views.AddStoryView.as_view(), name="add_story"),
    path("<isodate:date>/changes/", views.ChangeLogView.as_view(), name="changes"),
    path("<isodate:date>/publish/", views.PublishIssueView.as_view(), name="publish"),
    path("stories/<int:pk>/edit/", views.EditStoryView.as_view(), name="edit_story"),
    path("stories/<int:pk>/move/", views.MoveStoryView.as_view(), name="move_story"),
    path("stories/<int:pk>/drop/", views.DropStoryView.as_view(), name="drop_story"),
    path("stories/<int:pk>/restore/", views.RestoreStoryView.as_view(), name="restore_story"),
    path("stories/<int:pk>/write/", views.StartWritingView.as_view(), name="start_writing"),
]
