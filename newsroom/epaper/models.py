"""The printed pages as files: each page's scan (PDF or image) with its
renditions, the article zones drawn on it, and the merged issue PDF."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.files import private_storage
from articles.models import Article, Issue, Page

from . import layout


class PageScan(models.Model):
    """The print file of one page (版): a one-page PDF or a JPEG/PNG scan."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"

    page = models.OneToOneField(Page, verbose_name=_("版面"), on_delete=models.CASCADE, related_name="scan")
    # Scans and PDFs are private files, served by views that ask the policy.
    file = models.FileField(_("原始文件"), upload_to="scans/%Y/%m/", storage=private_storage, help_text=_("单页 PDF，或 JPEG、PNG 扫描图"))
    original_name = models.CharField(_("上传文件名"), max_length=255, blank=True)
    kind = models.CharField(_("类型"), max_length=4, choices=Kind.choices)
    pdf = models.FileField(
        _("版面 PDF"),
        upload_to="scans/%Y/%m/",
        storage=private_storage,
        blank=True,
        help_text=_("图片扫描由系统生成 PDF；上传的是 PDF 时留空，直接用原始文件"),
    )
    zoning_report = models.JSONField(
        _("自动标引结果"),
        default=dict,
        blank=True,
        help_text=_("从版面 PDF 文字层找区域的结果：有无文字层、未匹配稿件的文字、未找到的稿件"),
    )
    width = models.PositiveIntegerField(_("宽（像素）"), help_text=_("渲染后整版图像的宽度"))
    height = models.PositiveIntegerField(_("高（像素）"), help_text=_("渲染后整版图像的高度"))
    content_hash = models.CharField(_("内容哈希"), max_length=64, help_text=_("原始文件字节的 SHA-256"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("版面扫描")
        verbose_name_plural = _("版面扫描")
        ordering = ["-page__issue__date", "page__number"]
        constraints = [
            models.CheckConstraint(condition=Q(width__gt=0) & Q(height__gt=0), name="pagescan_size_positive"),
        ]

    def page_cache_issue_dates(self) -> set:
        """The issue whose cached pages show this scan (newsroom.ops)."""
        return {self.page.issue.date}

    def __str__(self) -> str:
        return str(self.page)

    def get_absolute_url(self) -> str:
        return self.page.get_absolute_url()

    @property
    def pdf_file(self):
        """The page as PDF: the upload itself, or the one made from the image."""
        return self.file if self.kind == self.Kind.PDF else self.pdf

    def jpegs(self) -> list[ScanRendition]:
        """The JPEG renditions, narrowest first. Reads `renditions.all()`, so a
        prefetch serves it without a query."""
        return jpegs_of(self.renditions.all())

    @property
    def pdf_url(self) -> str:
        return reverse("epaper:page_pdf", kwargs={"date": self.page.issue.date, "number": self.page.number})


def jpegs_of(renditions: Iterable[ScanRendition]) -> list[ScanRendition]:
    """The JPEGs among a scan's `renditions`, narrowest first."""
    return sorted((r for r in renditions if r.format == "jpg"), key=lambda r: r.width)


class ScanRendition(models.Model):
    """The page image at one width and format, made once from the scan."""

    scan = models.ForeignKey(PageScan, verbose_name=_("版面扫描"), on_delete=models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField(_("宽"))
    height = models.PositiveIntegerField(_("高"))
    format = models.CharField(_("格式"), max_length=10)
    file = models.ImageField(_("文件"), upload_to="scans/renditions/%Y/%m/", storage=private_storage)

    class Meta:
        verbose_name = _("版面图")
        verbose_name_plural = _("版面图")
        ordering = ["scan_id", "format", "width"]
        constraints = [
            models.UniqueConstraint(fields=["scan", "width", "format"], name="scanrendition_unique_per_scan"),
        ]

    def page_cache_issue_dates(self) -> set:
        return self.scan.page_cache_issue_dates()

    def __str__(self) -> str:
        return f"{self.scan} {self.width}w {self.format}"

    @property
    def url(self) -> str:
        """Served by the 数字报's view, which asks the policy (the file is private)."""
        page = self.scan.page
        return reverse(
            "epaper:scan_image",
            kwargs={"date": page.issue.date, "number": page.number, "name": self.file.name.rsplit("/", 1)[-1]},
        )


class ZoneQuerySet(models.QuerySet):
    def accepted(self) -> ZoneQuerySet:
        """Zones an editor drew or accepted: the ones readers see."""
        return self.filter(status=Zone.Status.ACCEPTED)

    def proposed(self) -> ZoneQuerySet:
        """Zones found from the page PDF, waiting for an editor."""
        return self.filter(status=Zone.Status.PROPOSED)


class Zone(models.Model):
    """An article's area on the scan, in fractions of the page (0..1), so it
    holds at every rendition's size: a rectangle (x, y, w, h), or a polygon
    (`points`) whose bounding box x, y, w, h then are."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("建议（待确认）")
        ACCEPTED = "accepted", _("已确认")

    scan = models.ForeignKey(PageScan, verbose_name=_("版面扫描"), on_delete=models.CASCADE, related_name="zones")
    article = models.ForeignKey(Article, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="zones")
    x = models.FloatField(_("左"), help_text=_("左边距，占版宽的比例（0–1）"))
    y = models.FloatField(_("上"), help_text=_("上边距，占版高的比例（0–1）"))
    w = models.FloatField(_("宽"), help_text=_("占版宽的比例（0–1）"))
    h = models.FloatField(_("高"), help_text=_("占版高的比例（0–1）"))
    points = models.JSONField(
        _("多边形顶点"),
        default=list,
        blank=True,
        help_text=_("不规则区域的顶点 [[x, y], …]，按顺序连成多边形，均为版面比例（0–1）；矩形区域留空"),
    )
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=Status.choices,
        default=Status.ACCEPTED,
        help_text=_("“建议”是系统从版面 PDF 找到的区域，编辑确认后读者才看得到"),
    )

    objects = ZoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("稿件区域")
        verbose_name_plural = _("稿件区域")
        ordering = ["scan_id", "y", "x", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(x__gte=0) & Q(y__gte=0) & Q(x__lte=1 - F("w")) & Q(y__lte=1 - F("h")),
                name="zone_inside_page",
                violation_error_message=_("区域超出了版面：左 + 宽、上 + 高都不能超过 1，且不能为负。"),
            ),
            models.CheckConstraint(
                condition=Q(w__gt=0) & Q(h__gt=0),
                name="zone_positive_size",
                violation_error_message=_("区域的宽和高必须大于 0。"),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "accepted"]), name="zone_status_known"
            ),
        ]

    def page_cache_issue_dates(self) -> set:
        return self.scan.page_cache_issue_dates()

    def __str__(self) -> str:
        return f"{self.article} ({self.x:.2f}, {self.y:.2f}, {self.w:.2f}×{self.h:.2f})"

    def get_absolute_url(self) -> str:
        return f"{self.scan.page.get_absolute_url()}#zone-{self.pk}"

    @property
    def is_polygon(self) -> bool:
        return bool(self.points)

    @property
    def outline(self) -> list[tuple[float, float]]:
        """The zone's corners in page fractions, clockwise: the polygon's
        points, or the rectangle's four corners."""
        if self.points:
            return [(x, y) for x, y in self.points]
        x, y, w, h = self.x, self.y, self.w, self.h
        return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]

    def fit_to_points(self) -> None:
        """Set x, y, w, h to the polygon's bounding box."""
        box = layout.bounds(self.points)
        self.x, self.y, self.w, self.h = box.left, box.top, box.width, box.height

    def clean(self) -> None:
        # The constraints' arithmetic is repeated here so a form names the field at fault.
        errors = {}
        if self.points is None:  # an empty form field: a rectangle
            self.points = []
        if self.points:
            try:
                self.points = [list(p) for p in layout.validate_polygon(self.points)]
            except layout.PolygonError as error:
                raise ValidationError({"points": str(error)}) from None
            self.fit_to_points()
        for name in ("x", "y", "w", "h"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 1:
                errors[name] = _("必须在 0 到 1 之间，当前为 {value}。").format(value=value)
        if not errors and None not in (self.x, self.w) and self.x + self.w > 1 + 1e-9:
            errors["w"] = _("左 + 宽 = {sum:.4f}，超出版面右边。").format(sum=self.x + self.w)
        if not errors and None not in (self.y, self.h) and self.y + self.h > 1 + 1e-9:
            errors["h"] = _("上 + 高 = {sum:.4f}，超出版面下边。").format(sum=self.y + self.h)
        if self.article_id and self.scan_id and self.article.page_id != self.scan.page_id:
            errors["article"] = _("“{article}”不在这一版上。").format(article=self.article)
        if errors:
            raise ValidationError(errors)


class IssuePdf(models.Model):
    """The whole issue as one PDF, merged from the page PDFs; remade when the
    set of page files it was built from changes."""

    issue = models.OneToOneField(Issue, verbose_name=_("期"), on_delete=models.CASCADE, related_name="pdf")
    file = models.FileField(_("整期 PDF"), upload_to="issues/", storage=private_storage)
    page_hashes = models.JSONField(
        _("来源版面"), default=list, help_text=_("合并时各版的 [版次, 内容哈希]；与当前版面不符即重做")
    )
    built_at = models.DateTimeField(_("生成时间"), auto_now=True)

    class Meta:
        verbose_name = _("整期 PDF")
        verbose_name_plural = _("整期 PDF")
        ordering = ["-issue__date"]

    def page_cache_issue_dates(self) -> set:
        return {self.issue.date}

    def __str__(self) -> str:
        return f"{self.issue.date:%Y-%m-%d}.pdf"

    def get_absolute_url(self) -> str:
        return reverse("epaper:issue_pdf", kwargs={"date": self.issue.date})
