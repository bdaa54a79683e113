"""Importing seed files from the admin: the same service as `import_seeds`."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.models import ImportRun
from articles.services.importing import KINDS, OUTCOMES, ImportOptions, ImportReport, SeedSource, import_files

from .common import MultipleFileField

KIND_LABELS = {
    "files": _("来源文件"),
    "issues": _("期"),
    "pages": _("版面"),
    "articles": _("稿件"),
    "photos": _("图片"),
    "people": _("人员"),
    "teasers": _("导读"),
    "channels": _("融媒渠道"),
}
OUTCOME_LABELS = {"created": _("新建"), "updated": _("更新"), "unchanged": _("未变"), "skipped": _("跳过")}


def report_context(report: ImportReport) -> dict:
    """The report as the template shows it: totals per kind, and per file."""
    files = []
    for file in report.files:
        counts = "；".join(
            f"{KIND_LABELS[kind]} "
            + "、".join(f"{OUTCOME_LABELS[o]} {file.counts[(kind, o)]}" for o in OUTCOMES if file.counts[(kind, o)])
            for kind in KINDS
            if any(file.counts[(kind, o)] for o in OUTCOMES)
        )
        files.append({"name": file.name, "ok": file.ok, "error": file.error, "line": file.line, "counts": counts, "notes": file.notes})
    totals = [(KIND_LABELS[kind], *counts) for kind, *counts in report.table()]
    return {"dry_run": report.dry_run, "files": files, "totals": totals, "failed": len(report.failed)}


class ImportForm(forms.Form):
    files = MultipleFileField(label=_("报纸文件"), help_text=_("一个或多个 .txt 文件，每个文件一个版面"))
    date = forms.DateField(
        label=_("出版日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("文件中没有日期时使用"),
    )
    page = forms.IntegerField(label=_("版次"), required=False, min_value=1, help_text=_("内页文件未写版次时使用"))
    draft = forms.BooleanField(label=_("导入为草稿"), required=False)
    force = forms.BooleanField(label=_("覆盖编辑改过的内容"), required=False)
    dry_run = forms.BooleanField(label=_("试运行（只报告，不写入）"), required=False)


class OutcomeFilter(admin.SimpleListFilter):
    """By outcome, interrupted runs included (they are still marked running)."""

    title = _("状态")
    parameter_name = "outcome"

    def lookups(self, request, model_admin):
        return ImportRun.Status.choices

    def queryset(self, request, queryset):
        return queryset.filter(outcome=self.value()) if self.value() else queryset


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ("started_at", "outcome_display", "user", "dry_run", "files_ok", "files_failed", "heartbeat_at")
    list_select_related = ("user",)
    list_filter = (OutcomeFilter, "dry_run")
    date_hierarchy = "started_at"
    readonly_fields = (
        "started_at",
        "outcome_display",
        "heartbeat_at",
        "finished_at",
        "user",
        "dry_run",
        "files_ok",
        "files_failed",
        "summary",
        "errors",
    )
    change_list_template = "admin/articles/importrun/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_outcome()

    @admin.display(description=_("状态"), ordering="outcome")
    def outcome_display(self, run: ImportRun) -> str:
        label = ImportRun.Status(run.outcome).label
        if run.outcome in (ImportRun.Status.INTERRUPTED, ImportRun.Status.FAILED):
            return format_html("<strong>{}</strong>", label)
        return label

    def has_add_permission(self, request) -> bool:
        # Runs are made by the importer; "add" is the permission to import.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_import_permission(self, request) -> bool:
        return request.user.has_perm("articles.add_importrun")

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="%s_%s_upload" % info),
        ] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def upload_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        report = None
        form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            sources = [SeedSource(name=f.name, data=f.read()) for f in data["files"]]
            options = ImportOptions(
                date=data["date"], page=data["page"], draft=data["draft"], force=data["force"], dry_run=data["dry_run"]
            )
            report = report_context(import_files(sources=sources, options=options, user=request.user))
        context = {
            **self.admin_site.each_context(request),
            "title": _("导入报纸文件"),
            "opts": self.opts,
            "form": form,
            "report": report,
            "outcomes": [OUTCOME_LABELS[o] for o in OUTCOMES],
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/articles/importrun/upload.html", context)
