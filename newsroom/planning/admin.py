"""The plan in the admin's lists; the board (views.py) is where it is changed,
so every change goes through the services and into the log."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.admin.common import ReadOnlyAdmin

from .models import PlanChange, PlannedStory


@admin.register(PlannedStory)
class PlannedStoryAdmin(ReadOnlyAdmin):
    list_display = ("slug", "working_headline", "page", "position", "reporter", "photographer", "status", "on_board")
    list_filter = ("status", "page__section", "page__issue__date")
    list_select_related = ("page__issue", "page__section", "reporter", "photographer")
    search_fields = ("slug", "working_headline", "reporter__name", "photographer__name")
    autocomplete_fields = ("reporter", "photographer", "article")
    date_hierarchy = "page__issue__date"
    fieldsets = (
        (None, {"fields": ("page", "position", "slug", "working_headline", "reporter", "photographer", "status")}),
        (_("写作"), {"fields": ("expected_length", "due_at", "article")}),
        (_("备注与时间"), {"classes": ("collapse",), "fields": ("notes", "created_at", "updated_at")}),
    )

    @admin.display(description=_("策划板"))
    def on_board(self, story: PlannedStory) -> str:
        return format_html('<a href="{}">{}</a>', story.board_url(), _("打开策划板"))


@admin.register(PlanChange)
class PlanChangeAdmin(ReadOnlyAdmin):
    list_display = ("at", "issue_link", "action", "summary", "user")
    list_filter = ("action", "issue__date")
    list_select_related = ("issue", "user")
    search_fields = ("summary", "user__username")
    date_hierarchy = "at"
    fieldsets = (
        (None, {"fields": ("issue", "story", "user", "at", "action", "summary")}),
        (_("改动明细"), {"classes": ("collapse",), "fields": ("details",)}),
    )

    @admin.display(description=_("期"), ordering="issue__date")
    def issue_link(self, change: PlanChange) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("planning:board", kwargs={"date": change.issue.date}), change.issue
        )
