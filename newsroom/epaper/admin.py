"""The editors' side of the 数字报: upload page files (one by one or a whole
issue's folder at once), draw article zones on the scan, and see which
pages still lack a scan or have articles without a zone."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from articles.admin.common import MultipleFileField, MultipleFileInput, public_link
from articles.models import Article, Issue

from . import services, zoning
from .models import IssuePdf, PageScan, Zone


class ScanUploadForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("版面文件"),
        required=False,
        help_text=_("单页 PDF，或 JPEG、PNG 扫描图。换文件时已画的区域保留。"),
    )

    class Meta:
        model = PageScan
        fields = ("page",)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload is None:
            if self.instance.pk is None:
                self.add_error("upload", _("请选择版面文件。"))
            return cleaned
        try:
            services.check_size(name=upload.name, size=upload.size)
            self.data_bytes = upload.read()
            self.rendered = services.render_scan(name=upload.name, data=self.data_bytes)
        except ValidationError as error:
            self.add_error("upload", error)
        return cleaned


class ZoneInline(admin.TabularInline):
    model = Zone
    extra = 0
    fields = ("article", "status", "x", "y", "w", "h", "points")
    verbose_name = _("稿件区域")
    verbose_name_plural = _("稿件区域（在上方版面图上拖动画框，或直接填写比例；多边形填顶点）")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Only this page's articles can own a zone on its scan.
        article = formset.form.base_fields["article"]
        article.queryset = Article.objects.filter(page=obj.page).order_by("position", "pk") if obj else Article.objects.none()
        article.widget.can_add_related = article.widget.can_change_related = article.widget.can_view_related = False
        for name in ("x", "y", "w", "h"):
            widget = formset.form.base_fields[name].widget
            widget.attrs.update(step="0.0001", min="0", max="1", **{"data-zone-field": name})
        formset.form.base_fields["points"].widget.attrs.update(rows=2, cols=36, **{"data-zone-field": "points"})
        formset.form.base_fields["status"].widget.attrs.update({"data-zone-field": "status"})
        return formset


@admin.register(PageScan)
class PageScanAdmin(admin.ModelAdmin):
    form = ScanUploadForm
    list_display = ("page", "kind", "size", "zone_count", "proposed_count", "preview", "public_page")
    list_select_related = ("page__issue", "page__section")
    list_filter = ("kind",)
    date_hierarchy = "page__issue__date"
    search_fields = ("page__issue__date", "page__section__name", "original_name")
    autocomplete_fields = ("page",)
    readonly_fields = ("kind", "size", "original_name", "content_hash", "uploaded_at", "uploaded_by", "files", "zoning")
    inlines = (ZoneInline,)
    actions = ("accept_proposed", "propose_again")
    change_form_template = "admin/epaper/pagescan/change_form.html"
    change_list_template = "admin/epaper/pagescan/change_list.html"

    class Media:
        css = {"all": ("epaper/admin.css",)}
        js = ("epaper/zone-editor.js",)

    def get_fieldsets(self, request, obj=None):
        main = (None, {"fields": ("page", "upload")})
        if obj is None:
            return (main,)
        details = ("kind", "size", "original_name", "files", "content_hash", "uploaded_at", "uploaded_by")
        return (
            main,
            (_("自动标引"), {"fields": ("zoning",)}),
            (_("文件信息"), {"classes": ("collapse",), "fields": details}),
        )

    def get_readonly_fields(self, request, obj=None):
        # The page of a scan stays put; upload to the other page instead.
        return (*self.readonly_fields, "page") if obj else self.readonly_fields

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else ()

    def get_queryset(self, request):
        proposed = Count("zones", filter=Q(zones__status=Zone.Status.PROPOSED))
        return (
            super()
            .get_queryset(request)
            .annotate(n_zones=Count("zones"), n_proposed=proposed)
            .prefetch_related("renditions")
        )

    @admin.display(description=_("尺寸"))
    def size(self, scan: PageScan) -> str:
        return f"{scan.width}×{scan.height}" if scan.width else "—"

    @admin.display(description=_("区域数"), ordering="n_zones")
    def zone_count(self, scan: PageScan) -> int:
        return scan.n_zones

    @admin.display(description=_("待确认区域"), ordering="n_proposed")
    def proposed_count(self, scan: PageScan) -> int:
        return scan.n_proposed

    @admin.display(description=_("自动标引结果"))
    def zoning(self, scan: PageScan) -> str:
        report = scan.zoning_report
        if not report:
            return "—"
        if not report.get("text_layer"):
            return format_html("<strong>{}</strong>", _("版面文件没有文字层（扫描图或纯图片 PDF），无法自动找区域：请在下方版面图上手工画区域。"))
        missed = report.get("missed") or []
        unmatched = report.get("unmatched") or []
        return format_html(
            "<p>{}</p>{}{}",
            _("建议了 {n} 个区域（虚线框），确认、调整或删除后保存。").format(n=report.get("proposed", 0)),
            format_html(
                "<p>{}</p><ul class=\"epaper-list\">{}</ul>",
                _("没找到这些稿件的文字，请手工画："),
                format_html_join("", "<li>{}</li>", ((m["headline"],) for m in missed)),
            )
            if missed
            else "",
            format_html(
                "<p>{}</p><ul class=\"epaper-list\">{}</ul>",
                _("这些文字不属于本版任何稿件（广告、报头、栏目等），未画区域："),
                format_html_join("", "<li>{}</li>", ((u["text"][:80],) for u in unmatched)),
            )
            if unmatched
            else "",
        )

    @admin.action(description=_("确认所选版面的建议区域"), permissions=["change"])
    def accept_proposed(self, request, queryset):
        changed = zoning.accept_zones(zones=Zone.objects.proposed().filter(scan__in=queryset))
        self.message_user(request, _("已确认 {n} 个区域。").format(n=changed), messages.SUCCESS)

    @admin.action(description=_("重新从版面 PDF 自动找区域"), permissions=["change"])
    def propose_again(self, request, queryset):
        for scan in queryset.select_related("page__issue"):
            result = zoning.propose_zones(scan=scan)
            self.message_user(request, f"{scan}：{result.summary}", messages.INFO)

    @admin.display(description=_("版面图"))
    def preview(self, scan: PageScan) -> str:
        thumbs = scan.jpegs()
        if not thumbs:
            return "—"
        return format_html(
            '<a href="{}"><img src="{}" alt="{}" width="60" class="nr-scan-thumb" loading="lazy"></a>',
            reverse("admin:epaper_pagescan_change", args=[scan.pk]),
            thumbs[0].url,
            _("画区域：{page}").format(page=scan.page),
        )

    @admin.display(description=_("网页"))
    def public_page(self, scan: PageScan) -> str:
        return public_link(scan.page)

    @admin.display(description=_("文件"))
    def files(self, scan: PageScan) -> str:
        # Private files: through the views that ask the policy, never by storage URL.
        jpegs = scan.jpegs()
        if not jpegs:
            return format_html('<a href="{}">{}</a>', scan.pdf_url, _("版面 PDF"))
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>', jpegs[-1].url, _("整版大图"), scan.pdf_url, _("版面 PDF")
        )

    def save_model(self, request, obj, form, change):
        # Without a new file there is nothing to save: the page of a scan is read-only.
        upload = form.cleaned_data.get("upload")
        if upload is None:
            return
        result = services.attach_scan(
            page=form.cleaned_data.get("page") or obj.page,
            name=upload.name,
            data=form.data_bytes,
            user=request.user,
            rendered=form.rendered,
        )
        # The admin goes on (inlines, log, redirect) with the row the service wrote.
        obj.pk = result.scan.pk
        obj.refresh_from_db()
        if result.zoning is not None:
            self.message_user(request, result.zoning.summary, messages.INFO)

    def save_formset(self, request, form, formset, change):
        services.save_zones(scan=form.instance, formset=formset)

    def delete_model(self, request, obj):
        services.remove_scan(scan=obj)

    def delete_queryset(self, request, queryset):
        for scan in queryset:
            services.remove_scan(scan=scan)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            # The zone editor draws on a rendition about as wide as the admin's form.
            jpegs = obj.jpegs()
            fitting = [r for r in jpegs if r.width <= 1400]
            context["editor_image"] = (fitting or jpegs or [None])[-1]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("issues/", wrap(self.issues_view), name="epaper_pagescan_issues"),
            path("issues/<int:issue_id>/", wrap(self.issue_view), name="epaper_pagescan_issue"),
            *super().get_urls(),
        ]

    def issues_view(self, request):
        """Recent issues, each with how many of its pages have a scan."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        issues = (
            Issue.objects.annotate(n_pages=Count("pages", distinct=True), n_scans=Count("pages__scan", distinct=True))
            .annotate(n_missing=F("n_pages") - F("n_scans"))
            .order_by("-date")[:60]
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("按期查看版面文件"),
            "issues": issues,
        }
        return TemplateResponse(request, "admin/epaper/pagescan/issues.html", context)

    def issue_view(self, request, issue_id: int):
        """One issue: which pages lack a scan or have articles without a zone,
        and the bulk upload of its page files."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        issue = get_object_or_404(Issue, pk=issue_id)
        can_upload = self.has_add_permission(request) and self.has_change_permission(request)
        form = BulkUploadForm()
        if request.method == "POST":
            if not can_upload:
                raise PermissionDenied
            form = BulkUploadForm(request.POST, request.FILES)
            if form.is_valid():
                files = [services.ScanFile.from_upload(f) for f in form.cleaned_data["files"]]
                for outcome in services.attach_files(issue=issue, files=files, user=request.user):
                    self._report(request, outcome)
                return redirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("{issue} 版面文件").format(issue=issue.date_line),
            "issue": issue,
            "coverage": services.coverage(issue=issue),
            "form": form,
            "can_upload": can_upload,
        }
        return TemplateResponse(request, "admin/epaper/pagescan/issue.html", context)

    def _report(self, request, outcome: services.FileOutcome) -> None:
        labels = {"created": _("已上传"), "replaced": _("已替换"), "unchanged": _("与已有文件相同，未改动")}
        if outcome.ok:
            note = f" {outcome.message}" if outcome.message else ""
            self.message_user(request, f"{outcome.name}：{labels[outcome.outcome]}。{note}", messages.SUCCESS)
        else:
            self.message_user(request, f"{outcome.name}：{outcome.message}", messages.ERROR)


class BulkUploadForm(forms.Form):
    files = MultipleFileField(
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        label=_("版面文件"),
        help_text=_("按版次命名：01.pdf、02.jpg、03.png……可一次选择多个文件。"),
    )


@admin.register(IssuePdf)
class IssuePdfAdmin(admin.ModelAdmin):
    """Merged issue PDFs are made on first download; listed here to check them."""

    list_display = ("issue", "page_count", "built_at", "download")
    list_select_related = ("issue",)
    date_hierarchy = "issue__date"
    search_fields = ("issue__date",)
    readonly_fields = ("issue", "file", "page_hashes", "built_at")

    @admin.display(description=_("版数"))
    def page_count(self, pdf: IssuePdf) -> int:
        return len(pdf.page_hashes)

    @admin.display(description=_("下载"))
    def download(self, pdf: IssuePdf) -> str:
        return format_html('<a href="{}">{}</a>', pdf.get_absolute_url(), _("整期 PDF"))

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
