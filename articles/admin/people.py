"""People: reporters, correspondents and photographers, with their articles."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Byline, Person

from .common import RecordsChangesMixin


class PersonBylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    fields = ("article", "role", "article_status", "issue_date")
    readonly_fields = fields
    can_delete = False
    show_change_link = False
    verbose_name = _("署名稿件")
    verbose_name_plural = _("署名稿件")

    @admin.display(description=_("状态"))
    def article_status(self, byline: Byline) -> str:
        return byline.article.get_status_display()

    @admin.display(description=_("出版日期"))
    def issue_date(self, byline: Byline):
        return byline.article.page.issue.date if byline.article.page_id else "—"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        # A colleague's drafts stay theirs: only the bylines of articles the policy lets this user see.
        return (
            super()
            .get_queryset(request)
            .filter(article__in=Article.objects.visible_to(request.user))
            .select_related("article__page__issue")
            .order_by("-article__page__issue__date")
        )


@admin.register(Person)
class PersonAdmin(RecordsChangesMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "user", "article_count")
    list_select_related = ("user",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "user", "bio")
    inlines = (PersonBylineInline,)

    @admin.display(description=_("稿件数"), ordering="n_articles")
    def article_count(self, person: Person) -> int:
        return person.n_articles

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_articles=Count("bylines__article", distinct=True))
