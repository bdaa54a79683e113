"""Issues, pages, sections and front-page teasers; the sources they came from."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Issue, Page, PrintedChannel, Section, SourceFile, Teaser
from articles.services import workflow

from .common import RecordsChangesMixin, public_link


class PageInline(admin.TabularInline):
    model = Page
    extra = 0
    fields = ("number", "section", "articles_on_page", "public_page")
    readonly_fields = ("articles_on_page", "public_page")
    autocomplete_fields = ("section",)
    show_change_link = True

    @admin.display(description=_("稿件"))
    def articles_on_page(self, page: Page) -> str:
        if page.pk is None:
            return "—"
        rows = format_html_join(
            "",
            '<li><a href="{}">{}</a> <span class="nr-status nr-status-{}">{}</span></li>',
            (
                (reverse("admin:articles_article_change", args=[a.pk]), a.headline, a.status, a.get_status_display())
                for a in page.articles.all()
            ),
        )
        return format_html('<ul class="nr-page-articles">{}</ul>', rows) if rows else "—"

    @admin.display(description=_("网页"))
    def public_page(self, page: Page) -> str:
        return public_link(page) if page.pk else "—"

    def get_queryset(self, request):
        # The articles this user may see (articles.policy): a reporter never reads a colleague's draft's headline here.
        articles = Article.objects.visible_to(request.user).order_by("position", "pk")
        return (
            super()
            .get_queryset(request)
            .select_related("issue", "section")
            .prefetch_related(Prefetch("articles", queryset=articles))
        )


@admin.register(Issue)
class IssueAdmin(RecordsChangesMixin, admin.ModelAdmin):
    list_display = ("date_display", "number", "page_count", "article_count", "epaper_release", "public_issue")
    date_hierarchy = "date"
    search_fields = ("date", "number")
    inlines = (PageInline,)
    actions = ("publish_issues", "release_editions")
    fields = ("date", "number", "epaper_release_at", "epaper_released_by")
    readonly_fields = ("epaper_released_by",)

    class Media:
        css = {"all": ("articles/admin.css",)}

    @admin.display(description=_("出版日期"), ordering="date")
    def date_display(self, issue: Issue) -> str:
        return issue.date_line

    @admin.display(description=_("版数"), ordering="n_pages")
    def page_count(self, issue: Issue) -> int:
        return issue.n_pages

    @admin.display(description=_("稿件数"), ordering="n_articles")
    def article_count(self, issue: Issue) -> int:
        return issue.n_articles

    @admin.display(description=_("网页"))
    def public_issue(self, issue: Issue) -> str:
        return public_link(issue)

    @admin.display(description=_("数字报发布"), ordering="epaper_release_at")
    def epaper_release(self, issue: Issue) -> str:
        return date_format(timezone.localtime(issue.epaper_release_at), "Y-m-d H:i") if issue.epaper_release_at else "—"

    def get_readonly_fields(self, request, obj=None):
        # The release goes through the workflow service: only who may publish sets it.
        if self.has_publish_permission(request):
            return self.readonly_fields
        return (*self.readonly_fields, "epaper_release_at")

    def save_model(self, request, obj, form, change):
        release_changed = "epaper_release_at" in form.changed_data
        if release_changed:
            # Saved by the service below, which checks the right and records who.
            obj.epaper_release_at = form.initial.get("epaper_release_at")
        super().save_model(request, obj, form, change)
        if not release_changed:
            return
        at = form.cleaned_data["epaper_release_at"]
        try:
            if at is None:
                workflow.cancel_edition_release(issue=obj, user=request.user)
            else:
                workflow.release_edition(issue=obj, user=request.user, at=at)
        except workflow.WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(n_pages=Count("pages", distinct=True), n_articles=Count("pages__articles", distinct=True))
        )

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("articles.publish_article")

    @admin.action(description=_("整期发布（所有已审稿件）"), permissions=["publish"])
    def publish_issues(self, request, queryset):
        for issue in queryset:
            try:
                published = workflow.publish_issue(issue=issue, user=request.user)
            except workflow.WorkflowError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.log_change(request, issue, _("整期发布 {n} 篇稿件").format(n=len(published)))
                self.message_user(
                    request, _("{issue}：发布了 {n} 篇稿件。").format(issue=issue, n=len(published)), messages.SUCCESS
                )

    @admin.action(description=_("立即发布数字报（整期版面图和 PDF 公开）"), permissions=["publish"])
    def release_editions(self, request, queryset):
        for issue in queryset:
            workflow.release_edition(issue=issue, user=request.user)
            self.log_change(request, issue, _("发布数字报"))
            self.message_user(request, _("{issue}：数字报已发布。").format(issue=issue), messages.SUCCESS)


class TeaserInline(admin.TabularInline):
    model = Teaser
    fk_name = "page"
    extra = 0
    fields = ("order", "title", "target_page", "target_article")
    autocomplete_fields = ("target_page", "target_article")


class PrintedChannelInline(admin.TabularInline):
    """What the page printed of the 融媒矩阵: a record of the print, not editable."""

    model = PrintedChannel
    extra = 0
    fields = ("order", "label", "call_to_action", "channel")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Page)
class PageAdmin(RecordsChangesMixin, admin.ModelAdmin):
    list_display = ("__str__", "issue", "number", "section", "public_page")
    list_select_related = ("issue", "section")
    ordering = ("issue__date", "number")
    list_filter = ("section",)
    date_hierarchy = "issue__date"
    search_fields = ("section__name", "issue__date")
    autocomplete_fields = ("issue", "section")
    fields = ("issue", "number", "section", "printed_matrix_title", "printed_hotline_label", "printed_hotline")
    # The printed footer is a record of the print, kept by the importer.
    readonly_fields = ("printed_matrix_title", "printed_hotline_label", "printed_hotline")
    inlines = (TeaserInline, PrintedChannelInline)

    @admin.display(description=_("网页"))
    def public_page(self, page: Page) -> str:
        return public_link(page)

    def get_queryset(self, request):
        # Every page's name needs its issue and section, in autocomplete results too.
        return super().get_queryset(request).select_related("issue", "section")

    def get_search_results(self, request, queryset, search_term):
        # "02" finds page 2 as it is printed; longer terms search section and date.
        term = search_term.strip()
        if term.isdigit() and len(term) <= 2:
            return queryset.filter(number=int(term)), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(Section)
class SectionAdmin(RecordsChangesMixin, admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Teaser)
class TeaserAdmin(RecordsChangesMixin, admin.ModelAdmin):
    list_display = ("title", "page", "target_page", "target_article")
    list_select_related = ("page__issue", "page__section", "target_page__issue", "target_page__section", "target_article")
    search_fields = ("title",)
    autocomplete_fields = ("page", "target_page", "target_article")
    fields = ("page", "order", "title", "target_page", "target_article")


@admin.register(SourceFile)
class SourceFileAdmin(admin.ModelAdmin):
    list_display = ("name", "issue", "page", "encoding", "imported_at")
    list_select_related = ("issue", "page__issue", "page__section")
    search_fields = ("name", "raw_text")
    readonly_fields = ("name", "content_hash", "encoding", "issue", "page", "imported_at", "raw_text")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
