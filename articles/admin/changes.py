"""The change log, read-only: what is still pending for which consumer, and why."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.models import Change

from .common import ReadOnlyAdmin


class PendingFilter(admin.SimpleListFilter):
    title = _("处理状态")
    parameter_name = "pending"

    def lookups(self, request, model_admin):
        return (("yes", _("待处理")), ("failed", _("处理失败过")), ("no", _("已处理")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(processed_at__isnull=True)
        if self.value() == "failed":
            return queryset.filter(processed_at__isnull=True, attempts__gt=0)
        if self.value() == "no":
            return queryset.filter(processed_at__isnull=False)
        return queryset


@admin.register(Change)
class ChangeAdmin(ReadOnlyAdmin):
    list_display = ("seq", "created_at", "kind", "action", "waiting_for", "attempts", "processed_at")
    list_filter = (PendingFilter, "kind")
    date_hierarchy = "created_at"
    fields = ("seq", "created_at", "kind", "action", "data", "pending", "attempts", "last_error", "processed_at")
    readonly_fields = fields

    @admin.display(description=_("等待的消费者"))
    def waiting_for(self, change: Change) -> str:
        names = [name for name in change.pending.split("|") if name]
        return format_html("<code>{}</code>", " ".join(names)) if names else "—"
