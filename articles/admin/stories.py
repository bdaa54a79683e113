"""Articles: the desk's list, the edit form with bylines, photos, tags and
corrections inline, workflow buttons and bulk actions, and the revision
history (django-reversion) with a diff and a restore of the text."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from reversion import create_revision, set_comment, set_user
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.models import TaggedItem

from articles import hooks, policy
from articles.models import Article, Byline, Correction, Photo, Transition
from articles.services import records, workflow

from .common import public_link, thumbnail
from .history import diff_text, has_changes
from .photos import PhotoInline, save_photo_forms

Status = Article.Status


class ArticleForm(forms.ModelForm):
    # The version this form was loaded at; a save from an older one is refused.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        exclude = ("tags",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
            self.fields["expected_version"].required = True

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "expected_version" in cleaned:
            try:
                workflow.check_current(article=self.instance, expected_version=cleaned["expected_version"])
            except workflow.StaleArticleError as error:
                raise ValidationError(str(error), code="stale") from None
        return cleaned


class ScheduleForm(forms.Form):
    at = forms.DateTimeField(
        label=_("发布时间"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("到时自动公开，不需要后台任务。"),
    )

    def clean_at(self) -> dt.datetime:
        at = self.cleaned_data["at"]
        if at <= timezone.now():
            raise ValidationError(_("定时发布的时间必须晚于现在。"), code="past")
        return at


class EditableWithArticle:
    """Inline rows change only with an article the user may edit."""

    def _article_editable(self, request, obj) -> bool:
        return obj is None or workflow.can_edit(request.user, obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return super().has_add_permission(request, obj) and self._article_editable(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._article_editable(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self._article_editable(request, obj)


class BylineInline(EditableWithArticle, admin.TabularInline):
    model = Byline
    extra = 0
    fields = ("person", "role", "printed_role", "order")
    autocomplete_fields = ("person",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class ArticlePhotoInline(EditableWithArticle, PhotoInline):
    pass


class TagInline(EditableWithArticle, GenericTabularInline):
    model = TaggedItem
    extra = 0
    fields = ("tag",)
    autocomplete_fields = ("tag",)
    verbose_name = _("标签")
    verbose_name_plural = _("标签")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        field.label = _("标签")
        return field

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("tag")


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ("date", "text", "created_by")
    readonly_fields = ("created_by",)

    def has_add_permission(self, request, obj=None) -> bool:
        # Corrections belong to what readers have seen: published articles only.
        return super().has_add_permission(request, obj) and obj is not None and obj.status == Status.PUBLISHED

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    fields = ("at", "from_status", "to_status", "user", "note")
    readonly_fields = fields
    can_delete = False
    classes = ("collapse",)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    form = ArticleForm
    list_display = ("issue_date", "page_label", "headline", "byline_names", "status_badge", "thumb")
    list_display_links = ("headline",)
    list_filter = (
        "status",
        "kind",
        ("page__section", admin.RelatedOnlyFieldListFilter),
        ("page__issue__date", admin.DateFieldListFilter),
        ("bylines__person", admin.RelatedOnlyFieldListFilter),
    )
    # Without a registered search engine (articles.hooks), icontains: a
    # substring match, which is what Chinese search needs, only slower.
    search_fields = ("headline", "deck", "kicker", "body", "bylines__person__name")
    search_help_text = _("在引题、主标题、副标题、正文、署名和图片说明中查找；空格分隔的多个词须同时出现")
    date_hierarchy = "page__issue__date"
    list_select_related = ("page__issue", "page__section")
    # Newest issue first, in print order: the list joins issue and page anyway.
    ordering = ("-page__issue__date", "page__number", "position", "pk")
    list_per_page = 50
    autocomplete_fields = ("page", "see_also_page", "continues")
    # reversion's list, with the buttons capabilities register (articles.hooks).
    change_list_template = "admin/articles/article/change_list.html"
    readonly_fields = ("status_line", "version", "created_by", "created_at", "updated_at", "source_text")
    fieldsets = (
        (None, {"fields": ("expected_version", "kind", "kicker", "headline", "deck", "body")}),
        (_("版面"), {"fields": (("page", "position", "is_lead"), "see_also_page", "continues")}),
        (_("电头"), {"fields": (("dateline_place", "dateline_date"),)}),
        (_("流程"), {"fields": ("status_line", ("version", "created_by"), ("created_at", "updated_at"))}),
        (
            _("来源与网址"),
            {
                "classes": ("collapse",),
                "fields": ("slug", "source", ("source_start_line", "source_end_line"), "source_text"),
            },
        ),
    )
    inlines = (BylineInline, ArticlePhotoInline, TagInline, CorrectionInline, TransitionInline)
    actions = ("submit_selected", "approve_selected", "send_back_selected", "publish_selected", "schedule_selected", "unpublish_selected")
    change_form_template = "admin/articles/article/change_form.html"

    class Media:
        css = {"all": ("articles/admin.css",)}
        js = ("articles/admin-a11y.js",)

    # The list.

    @admin.display(description=_("出版日期"), ordering="page__issue__date")
    def issue_date(self, article: Article):
        return article.page.issue.date if article.page_id else "—"

    @admin.display(description=_("版面"), ordering="page__number")
    def page_label(self, article: Article) -> str:
        return article.page.label if article.page_id else _("未排版")

    @admin.display(description=_("署名"))
    def byline_names(self, article: Article) -> str:
        return "、".join(b.person.name for b in article.byline_list) or "—"

    @admin.display(description=_("状态"), ordering="status")
    def status_badge(self, article: Article) -> str:
        if article.is_scheduled:
            label = _("定时 {at}").format(at=timezone.localtime(article.published_at).strftime("%m-%d %H:%M"))
            return format_html('<span class="nr-status nr-status-scheduled">{}</span>', label)
        return format_html(
            '<span class="nr-status nr-status-{}">{}</span>', article.status, article.get_status_display()
        )

    @admin.display(description=_("图片"))
    def thumb(self, article: Article) -> str:
        photos = article.photo_list
        return thumbnail(photos[0]) if photos else "—"

    @admin.display(description=_("状态"))
    def status_line(self, article: Article) -> str:
        if article.pk is None:
            return _("草稿（保存后可提交送审）")
        text = article.get_status_display()
        if article.published_at and article.status == Status.PUBLISHED:
            when = timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M")
            text = _("定时发布于 {when}").format(when=when) if article.is_scheduled else _("已发布于 {when}").format(when=when)
        if article.page_id:
            link_label = _("查看网页") if article.is_public else _("预览网页")
            return format_html("{} · {}", text, public_link(article, link_label))
        return text

    def get_queryset(self, request):
        queryset = super().get_queryset(request).with_relations()
        if not (request.user.is_superuser or workflow.can_edit_any(request.user)):
            queryset = queryset.filter(policy.own_articles(request.user))
        return queryset

    def get_search_results(self, request, queryset, search_term):
        engine = hooks.article_search()
        if engine is None or not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        try:
            return engine(queryset, search_term), False
        except ValueError as error:
            messages.warning(request, str(error))
            return queryset.none(), False

    # Permissions: reporters see and edit their own drafts; the rest by role.

    def has_view_permission(self, request, obj=None) -> bool:
        return super().has_view_permission(request, obj) and (obj is None or workflow.can_see(request.user, obj))

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))

    def has_submit_permission(self, request) -> bool:
        return request.user.has_perm("articles.submit_article")

    def has_review_permission(self, request) -> bool:
        return request.user.has_perm("articles.review_article")

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("articles.publish_article")

    # Saving goes through the workflow service (version check, ownership).

    def save_model(self, request, obj, form, change):
        if change:
            workflow.save_article(article=obj, user=request.user, expected_version=form.cleaned_data["expected_version"])
        else:
            workflow.create_article(article=obj, user=request.user)

    def delete_model(self, request, obj):
        records.delete_article(article=obj)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            records.delete_article(article=article)

    def save_formset(self, request, form, formset, change):
        if formset.model is Photo:
            save_photo_forms(formset)
        elif formset.model is Correction:
            formset.save(commit=False)
            for correction in formset.deleted_objects:
                records.delete_record(record=correction)
            for correction, _fields in formset.changed_objects:
                records.save_record(record=correction)
            for correction in formset.new_objects:
                workflow.add_correction(
                    article=formset.instance, text=correction.text, date=correction.date, user=request.user
                )
        else:
            super().save_formset(request, form, formset, change)

    # Workflow: buttons on the change form and bulk actions on the list.

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/workflow/<str:action>/", view(self.workflow_view), name="%s_%s_workflow" % info),
            path("<path:object_id>/history/<int:version_id>/diff/", view(self.diff_view), name="%s_%s_diff" % info),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                view(self.restore_view),
                name="%s_%s_restore" % info,
            ),
        ] + super().get_urls()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The form's own object: no second fetch of the article just for its buttons.
        context["workflow_actions"] = workflow.allowed_actions(obj, request.user) if obj else []
        context["schedule_form"] = ScheduleForm()
        extras = [extra(request, obj) for extra in hooks.change_form_extras()]
        for media, _html in extras:
            context["media"] += media
        context["change_form_extras"] = [html for _media, html in extras]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _article_or_404(self, request, object_id) -> Article:
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404(_("没有这篇稿件，或您无权查看。"))
        return obj

    def workflow_view(self, request, object_id, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_404(request, object_id)
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        at = None
        if action == "schedule":
            form = ScheduleForm(request.POST)
            if not form.is_valid():
                self.message_user(request, " ".join(form.errors["at"]), messages.ERROR)
                return HttpResponseRedirect(change_url)
            at = form.cleaned_data["at"]
        version = request.POST.get("version", "")
        try:
            before = article.get_status_display()
            workflow.transition(
                article=article,
                action=action,
                user=request.user,
                at=at,
                note=request.POST.get("note", ""),
                expected_version=int(version) if version.isdigit() else None,
            )
        except workflow.WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            label = workflow.ACTIONS[action].label
            self.log_change(request, article, f"{label}：{before} → {article.get_status_display()}")
            self.message_user(request, _("《{headline}》：{label}完成。").format(headline=article.headline, label=label))
        return HttpResponseRedirect(change_url)

    def _bulk(self, request, queryset, action: str, at: dt.datetime | None = None) -> None:
        label = workflow.ACTIONS[action].label
        done = 0
        for article in queryset:
            try:
                workflow.transition(article=article, action=action, user=request.user, at=at)
            except workflow.WorkflowError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                done += 1
                self.log_change(request, article, str(label))
        if done:
            self.message_user(request, _("{label}：{n} 篇稿件。").format(label=label, n=done), messages.SUCCESS)

    @admin.action(description=_("提交送审"), permissions=["submit"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description=_("审核通过"), permissions=["review"])
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, "approve")

    @admin.action(description=_("退回修改"), permissions=["review"])
    def send_back_selected(self, request, queryset):
        self._bulk(request, queryset, "send_back")

    @admin.action(description=_("立即发布"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "publish")

    @admin.action(description=_("撤稿"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, "unpublish")

    @admin.action(description=_("定时发布……"), permissions=["publish"])
    def schedule_selected(self, request, queryset):
        form = ScheduleForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._bulk(request, queryset, "schedule", at=form.cleaned_data["at"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("定时发布"),
            "opts": self.opts,
            "articles": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/articles/article/schedule.html", context)

    # History: reversion's versions, with a diff and a restore of the text only.

    def changelist_view(self, request, extra_context=None):
        tools = [
            (tool.label, reverse(tool.url_name))
            for tool in hooks.article_list_tools()
            if request.user.has_perm(tool.permission)
        ]
        return super().changelist_view(request, {**(extra_context or {}), "nr_tools": tools})

    def history_view(self, request, object_id, extra_context=None):
        article = self._article_or_404(request, object_id)
        versions = Version.objects.get_for_object(article).select_related("revision__user")
        context = {
            **self.admin_site.each_context(request),
            "title": _("《{headline}》的修改历史").format(headline=article.headline),
            "subtitle": None,
            "opts": self.opts,
            "object": article,
            "versions": versions,
            "transitions": article.transitions.select_related("user"),
            "media": self.media,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/article/object_history.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # reversion's own revert would also bring back status and version;
        # ours restores the text only, through the workflow service.
        return HttpResponseRedirect(reverse("admin:articles_article_diff", args=[object_id, version_id]))

    def _version(self, article: Article, version_id: int) -> Version:
        return get_object_or_404(Version.objects.get_for_object(article), pk=version_id)

    def diff_view(self, request, object_id, version_id):
        article = self._article_or_404(request, object_id)
        version = self._version(article, version_id)
        old = version.field_dict
        rows = []
        for name in workflow.CONTENT_FIELDS:
            field = Article._meta.get_field(name)
            before, after = old.get(field.attname), getattr(article, field.attname)
            lines = diff_text("" if before is None else str(before), "" if after is None else str(after))
            rows.append({"label": field.verbose_name, "lines": lines, "changed": has_changes(lines)})
        context = {
            **self.admin_site.each_context(request),
            "title": _("与历史版本比较"),
            "opts": self.opts,
            "object": article,
            "version": version,
            "rows": rows,
            "can_restore": self.has_change_permission(request, article),
            "media": self.media,
        }
        return TemplateResponse(request, "admin/articles/article/diff.html", context)

    def restore_view(self, request, object_id, version_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_404(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        version = self._version(article, version_id)
        expected = request.POST.get("version", "")
        saved_at = timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M")
        try:
            with create_revision():
                set_user(request.user)
                set_comment(_("恢复为 {when} 保存的版本").format(when=saved_at))
                workflow.restore_content(
                    article=article,
                    fields=version.field_dict,
                    user=request.user,
                    expected_version=int(expected) if expected.isdigit() else -1,
                )
        except workflow.WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:articles_article_diff", args=[article.pk, version.pk]))
        self.log_change(request, article, _("恢复为 {when} 保存的版本").format(when=saved_at))
        self.message_user(request, _("已恢复为 {when} 保存的版本。").format(when=saved_at), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
