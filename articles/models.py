"""The paper's content: issues, pages, articles, people, photos, teasers and
the media channels, with where each imported record came from."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from .files import ServedImageField
from .inline import BYLINE_LIST, PHOTO_LIST
from .links import Link
from .querysets import (
    ArticleQuerySet,
    ImportRunQuerySet,
    IssueQuerySet,
    PageQuerySet,
    PersonQuerySet,
    SectionQuerySet,
)

WEEKDAYS = "一二三四五六日"


class UnicodeJSONEncoder(json.JSONEncoder):
    """JSON with Chinese as UTF-8, not `\\uXXXX` escapes: half the bytes, and
    SQLite hands a list its articles' prepared pieces four times faster."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{**kwargs, "ensure_ascii": False})

# Public addresses, reversed once (articles.links): lists link every row.
_ISSUE_URL = Link("articles:issue", date="isodate")
_PAGE_URL = Link("articles:page", date="isodate", number="pageno")
_ARTICLE_URL = Link("articles:article", date="isodate", number="pageno", pk="int")
_SECTION_URL = Link("articles:section", slug="uslug")
_PERSON_URL = Link("articles:person", slug="uslug")


class Publication(models.Model):
    """The paper itself: one row, edited by the chief editor."""

    name = models.CharField(_("报名"), max_length=100, default="济宁高新区报")
    slogan = models.CharField(_("副题"), max_length=200, blank=True)
    hotline_label = models.CharField(_("热线名称"), max_length=50, default="融媒体新闻热线")
    hotline = models.CharField(_("新闻热线"), max_length=50, blank=True)
    matrix_title = models.CharField(
        _("融媒矩阵标题"), max_length=100, blank=True, help_text=_("例如：欢迎关注济宁高新区融媒矩阵")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("报社信息")
        verbose_name_plural = _("报社信息")
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="publication_is_singleton")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:home")

    @classmethod
    def load(cls) -> Publication:
        """The paper's row, read only: a migration creates it, and a read path
        never writes (a read-only replica must serve it). Should the row be
        missing, an unsaved default stands in; saving that creates the row."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class SourceFile(models.Model):
    """A seed file as it was imported: kept whole, so nothing is ever lost."""

    name = models.CharField(_("文件名"), max_length=255, unique=True)
    content_hash = models.CharField(_("内容哈希"), max_length=64, help_text=_("原始字节的 SHA-256"))
    encoding = models.CharField(_("编码"), max_length=20)
    raw_text = models.TextField(_("原文"))
    issue = models.ForeignKey(
        "Issue", verbose_name=_("期"), on_delete=models.SET_NULL, null=True, blank=True, related_name="source_files"
    )
    page = models.ForeignKey(
        "Page", verbose_name=_("版"), on_delete=models.SET_NULL, null=True, blank=True, related_name="source_files"
    )
    imported_at = models.DateTimeField(_("导入时间"), default=timezone.now)

    class Meta:
        verbose_name = _("来源文件")
        verbose_name_plural = _("来源文件")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def lines(self, start: int, end: int) -> str:
        """The raw text of lines start..end (1-based, inclusive)."""
        return "\n".join(self.raw_text.split("\n")[start - 1 : end])


class Sourced(models.Model):
    """Where an imported record came from, and what the importer last wrote.

    `import_checksum` is the checksum of the imported fields as written; when
    the current values no longer match it, an editor has changed the record
    and a re-import leaves it alone unless forced.
    """

    source = models.ForeignKey(
        SourceFile,
        verbose_name=_("来源文件"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source_start_line = models.PositiveIntegerField(_("起始行"), null=True, blank=True)
    source_end_line = models.PositiveIntegerField(_("结束行"), null=True, blank=True)
    import_checksum = models.CharField(_("导入校验"), max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def source_text(self) -> str:
        if self.source is None or self.source_start_line is None:
            return ""
        return self.source.lines(self.source_start_line, self.source_end_line or self.source_start_line)


class Issue(models.Model):
    date = models.DateField(_("出版日期"), unique=True)
    number = models.PositiveIntegerField(_("期号"), null=True, blank=True, help_text=_("报纸印刷的总期号，未知可留空"))
    epaper_release_at = models.DateTimeField(
        _("数字报发布时间"),
        null=True,
        blank=True,
        help_text=_("到这一时刻，整期的版面图、版面 PDF 和整期 PDF 对读者公开，不论各稿件是否已发布；由“发布数字报”设定"),
    )
    epaper_released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("数字报发布人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("期")
        verbose_name_plural = _("期")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=Q(number__isnull=False), name="issue_number_unique"),
        ]

    def __str__(self) -> str:
        return self.date_line

    def get_absolute_url(self) -> str:
        return _ISSUE_URL(date=self.date)

    @property
    def date_line(self) -> str:
        """The date as papers print it: 2019年7月11日 星期四."""
        d = self.date
        return f"{d.year}年{d.month}月{d.day}日 星期{WEEKDAYS[d.weekday()]}"


class Section(models.Model):
    """A recurring named section, such as 要闻 or 新城."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    slug = models.SlugField(_("网址名"), max_length=60, unique=True, allow_unicode=True)
    description = models.TextField(_("简介"), blank=True)

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return _SECTION_URL(slug=self.slug)


class Page(Sourced):
    """One printed page (版) of one issue."""

    issue = models.ForeignKey(Issue, verbose_name=_("期"), on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveSmallIntegerField(_("版次"), validators=[MinValueValidator(1)])
    section = models.ForeignKey(Section, verbose_name=_("栏目"), on_delete=models.PROTECT, related_name="pages")

    # The footer as this page printed it (its channels: `printed_channels`);
    # empty on pages that printed none or were not imported.
    printed_matrix_title = models.CharField(
        _("印刷的融媒矩阵标题"), max_length=100, blank=True, help_text=_("本版印刷时的文字，导出时原样写回")
    )
    printed_hotline_label = models.CharField(
        _("印刷的热线名称"), max_length=50, blank=True, help_text=_("本版印刷时的文字，导出时原样写回")
    )
    printed_hotline = models.CharField(
        _("印刷的新闻热线"), max_length=50, blank=True, help_text=_("本版印刷时的文字，导出时原样写回")
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("版面")
        verbose_name_plural = _("版面")
        ordering = ["issue_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "number"], name="page_number_unique_per_issue"),
            models.CheckConstraint(condition=Q(number__gte=1), name="page_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.issue.date:%Y-%m-%d} {self.label}"

    def get_absolute_url(self) -> str:
        return _PAGE_URL(date=self.issue.date, number=self.number)

    @property
    def label(self) -> str:
        """`02 要闻`, as the page is referred to in print."""
        return f"{self.number:02d} {self.section.name}"


class Person(models.Model):
    """A reporter, correspondent or photographer."""

    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    slug = models.SlugField(_("网址名"), max_length=60, unique=True, allow_unicode=True)
    bio = models.TextField(_("简介"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("后台账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text=_("此人登录后台所用的账号，用于“我的稿件”"),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return _PERSON_URL(slug=self.slug)


class Role(models.TextChoices):
    REPORTER = "记者", _("记者")
    CORRESPONDENT = "通讯员", _("通讯员")
    INTERN = "实习生", _("实习生")
    TRAINEE = "见习记者", _("见习记者")
    SPECIAL = "特约记者", _("特约记者")
    PHOTOGRAPHER = "摄影", _("摄影")
    PHOTO_REPORTER = "摄影记者", _("摄影记者")
    EDITOR = "编辑", _("编辑")


class Article(Sourced):
    class Kind(models.TextChoices):
        STORY = "story", _("文字稿")
        PHOTO = "photo", _("图片新闻")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        REVIEW = "review", _("待审")
        APPROVED = "approved", _("已审")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤稿")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.STORY)
    kicker = models.CharField(_("引题"), max_length=200, blank=True, help_text=_("印在主标题上方的引题"))
    headline = models.CharField(_("主标题"), max_length=200)
    deck = models.CharField(_("副标题"), max_length=300, blank=True)
    slug = models.SlugField(_("网址名"), max_length=80, allow_unicode=True, blank=True)
    dateline_place = models.CharField(_("电头地点"), max_length=30, blank=True, help_text=_("如：济宁；“本报讯”留空"))
    dateline_date = models.DateField(_("电头日期"), null=True, blank=True)
    body = models.TextField(
        _("正文"),
        blank=True,
        help_text=_("段落之间空一行；以“## ”开头的段落是小标题。"),
    )
    page = models.ForeignKey(
        Page,
        verbose_name=_("版面"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        help_text=_("稿件见报的版面；未排版的稿件留空"),
    )
    position = models.PositiveSmallIntegerField(_("版内顺序"), default=0)
    see_also_page = models.ForeignKey(
        Page,
        verbose_name=_("转版"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referring_articles",
        help_text=_("图片新闻或转版稿件所指向的版面，如“03 新城”"),
    )
    continues = models.OneToOneField(
        "self",
        verbose_name=_("转至"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_from",
        help_text=_("转版稿件在另一版接着印的部分（“下转第N版”→“上接第N版”）；读者在前一部分读到全文。导入时自动连接"),
    )
    is_lead = models.BooleanField(_("头条"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(
        _("发布时间"), null=True, blank=True, db_index=True, help_text=_("晚于现在即为定时发布")
    )
    # Optimistic locking: every save through the services bumps it.
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_articles",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)
    # The importer's key for this record within its page ("story-0", "photo-1").
    import_key = models.CharField(_("导入键"), max_length=30, blank=True, editable=False)
    # Derived state, made in the write path by services.share_cards; its file
    # name carries a hash of what is printed on it, so a changed headline shows.
    share_card = models.ImageField(
        _("分享卡片"),
        upload_to="share-cards/",
        blank=True,
        editable=False,
        help_text=_("没有图片的稿件在微信、微博分享时显示的卡片：报名、标题、日期、版次"),
    )
    # Derived state, made by the `display` change consumer (articles.display):
    # what readers see of the text, so a render need not make it again.
    display = models.JSONField(
        _("显示内容"),
        default=dict,
        blank=True,
        editable=False,
        encoder=UnicodeJSONEncoder,
        help_text=_("由正文、署名和图片生成的显示内容（全角标点、段落、电头、图片尺寸），稿件变更后自动更新"),
    )

    tags = TaggableManager(verbose_name=_("标签"), blank=True, help_text=_("用逗号分隔"))

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("稿件")
        verbose_name_plural = _("稿件")
        ordering = ["page_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "position"], condition=Q(page__isnull=False), name="article_position_unique_per_page"
            ),
            models.UniqueConstraint(
                fields=["page"], condition=Q(is_lead=True), name="article_one_lead_per_page"
            ),
            models.UniqueConstraint(
                fields=["page", "import_key"], condition=~Q(import_key=""), name="article_import_key_unique_per_page"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
            models.CheckConstraint(condition=~Q(headline=""), name="article_headline_not_empty"),
            models.CheckConstraint(condition=~Q(continues=F("pk")), name="article_continues_elsewhere"),
        ]
        indexes = [
            # Covers the policy's public-article test, the page it is on and its
            # place there: the public issues (articles.policy.issues_for) and the
            # sort of a list's window (ArticleQuerySet.window) come from this
            # index alone, without reading the wide rows (bench/issues.py, pages.py).
            models.Index(fields=["status", "published_at", "page", "position"], name="article_public_order_idx"),
            # The same test from a page's side: a list driven by its pages (a
            # section's) finds their public articles without reading the rows.
            models.Index(fields=["page", "status", "published_at", "position"], name="article_page_public_idx"),
            # And from an id's side: a count of articles found by id (a tag's
            # items) tests each without reading its wide row, whose status and
            # time SQLite keeps past the body (bench/pages.py, the tag page).
            models.Index(fields=["id", "status", "published_at", "page"], name="article_public_by_id_idx"),
        ]
        permissions = [
            ("submit_article", _("可以提交稿件送审")),
            ("review_article", _("可以审稿（通过或退回）")),
            ("publish_article", _("可以发布、定时发布和撤稿")),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        if self.page_id is None:
            return reverse("admin:articles_article_change", args=[self.pk])
        return self.public_url(date=self.page.issue.date, number=self.page.number, pk=self.pk)

    @property
    def byline_list(self) -> list[Byline]:
        """The bylines in print order with their people, as `with_bylines()`
        loaded them; otherwise `bylines.all()`."""
        loaded = self.__dict__.get(BYLINE_LIST)
        return loaded if loaded is not None else list(self.bylines.all())

    @property
    def photo_list(self) -> list[Photo]:
        """The photos in print order with their credits, as `with_photos()`
        loaded them; otherwise `photos.all()`."""
        loaded = self.__dict__.get(PHOTO_LIST)
        return loaded if loaded is not None else list(self.photos.all())

    @staticmethod
    def public_url(*, date, number: int, pk: int) -> str:
        """The address of the article `pk` on page `number` of the issue of `date`."""
        return _ARTICLE_URL(date=date, number=number, pk=pk)

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
            and self.page_id is not None
        )

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at is not None and self.published_at > timezone.now()

    @property
    def dateline_text(self) -> str:
        """The dateline as printed, rebuilt from its parts: 本报济宁7月11日讯."""
        when = f"{self.dateline_date.month}月{self.dateline_date.day}日" if self.dateline_date else ""
        return f"本报{self.dateline_place}{when}讯"


class Byline(models.Model):
    """One person in an article's byline, in printed order, with the role."""

    article = models.ForeignKey(Article, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="bylines")
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="bylines")
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices, default=Role.REPORTER)
    printed_role = models.CharField(
        _("印刷角色"), max_length=10, blank=True, help_text=_("报上印的称谓，如“本报记者”；留空则用角色")
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("署名")
        verbose_name_plural = _("署名")
        ordering = ["article_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "person", "role"], name="byline_person_role_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.person.name}"

    def get_absolute_url(self) -> str:
        return self.person.get_absolute_url()


class Photo(Sourced):
    """A photo of an article. The image file may come later than the caption."""

    article = models.ForeignKey(Article, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="photos")
    # Private, like every rendition: served by articles:photo_file to those
    # who may see the article (articles.policy), public once it is.
    image = ServedImageField(
        _("图片文件"),
        upload_to="photos/%Y/%m/",
        view_name="articles:photo_file",
        db_index=True,
        blank=True,
        width_field="width",
        height_field="height",
        help_text=_("JPEG、PNG 或 WebP"),
    )
    width = models.PositiveIntegerField(_("宽"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("高"), null=True, blank=True, editable=False)
    caption = models.TextField(_("图片说明"), blank=True)
    credit = models.ForeignKey(
        Person,
        verbose_name=_("摄影"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photo_credits",
    )
    credit_role = models.CharField(_("摄影者身份"), max_length=10, blank=True, help_text=_("如：本报记者、通讯员"))
    alt_text = models.CharField(_("替代文字"), max_length=300, blank=True, help_text=_("给读屏软件读的画面描述"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    file_metadata = models.JSONField(
        _("文件自带信息"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("上传时从图片文件的 XMP / IPTC 读出的说明、作者、署名、版权和拍摄日期"),
    )

    class Meta:
        verbose_name = _("图片")
        verbose_name_plural = _("图片")
        ordering = ["article_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "order"], name="photo_order_unique_per_article"),
        ]

    def __str__(self) -> str:
        return self.caption[:40] or f"图片 {self.pk}"

    def get_absolute_url(self) -> str:
        return self.article.get_absolute_url()

    @property
    def credit_line(self) -> str:
        """本报记者 孔茜 摄"""
        if self.credit is None:
            return ""
        return f"{self.credit_role} {self.credit.name} 摄".strip()


class Rendition(models.Model):
    """A resized copy of a photo, made once on upload and used in srcset."""

    photo = models.ForeignKey(Photo, verbose_name=_("图片"), on_delete=models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField(_("宽"))
    height = models.PositiveIntegerField(_("高"))
    format = models.CharField(_("格式"), max_length=10)
    file = ServedImageField(
        _("文件"), upload_to="renditions/%Y/%m/", view_name="articles:photo_file", db_index=True
    )

    class Meta:
        verbose_name = _("图片尺寸")
        verbose_name_plural = _("图片尺寸")
        ordering = ["photo_id", "format", "width"]
        constraints = [
            models.UniqueConstraint(fields=["photo", "width", "format"], name="rendition_unique_per_photo"),
        ]

    def __str__(self) -> str:
        return f"{self.photo} {self.width}w {self.format}"


class Teaser(Sourced):
    """导读: a front-page pointer to a story on an inner page."""

    page = models.ForeignKey(Page, verbose_name=_("所在版面"), on_delete=models.CASCADE, related_name="teasers")
    title = models.CharField(
        _("标题"), max_length=200, help_text=_("印刷时的换行用一个空格表示，第一行是引题样式")
    )
    target_page = models.ForeignKey(
        Page, verbose_name=_("指向版面"), on_delete=models.CASCADE, related_name="incoming_teasers"
    )
    target_article = models.ForeignKey(
        Article,
        verbose_name=_("指向稿件"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teasers",
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("导读")
        verbose_name_plural = _("导读")
        ordering = ["page_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["page", "order"], name="teaser_order_unique_per_page"),
            models.CheckConstraint(condition=~Q(page=models.F("target_page")), name="teaser_points_elsewhere"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.target_article_id:
            return self.target_article.get_absolute_url()
        return self.target_page.get_absolute_url()

    @property
    def lines(self) -> list[str]:
        return self.title.split(" ")


class MediaChannel(Sourced):
    """One channel of the paper's 融媒矩阵, shown in every page's footer."""

    class Kind(models.TextChoices):
        TV = "tv", _("电视")
        WECHAT = "wechat", _("微信公众号")
        MAGAZINE = "magazine", _("杂志")
        WEIBO = "weibo", _("微博")
        WEBSITE = "website", _("网站")
        APP = "app", _("客户端")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=100, help_text=_("如：蓼河先声"))
    label = models.CharField(_("印刷名称"), max_length=100, help_text=_("报上印的全称，如：《蓼河先声》微信公众号"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    handle = models.CharField(_("账号或网址"), max_length=200, blank=True)
    qr_image = models.ImageField(_("二维码"), upload_to="channels/", blank=True)
    call_to_action = models.CharField(_("引导语"), max_length=50, blank=True, help_text=_("如：欢迎关注"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    is_active = models.BooleanField(_("显示"), default=True)

    class Meta:
        verbose_name = _("融媒渠道")
        verbose_name_plural = _("融媒渠道")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["label"], name="media_channel_label_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("articles:home") + f"#channel-{self.pk}"

    @property
    def link(self) -> str:
        """The channel's web address when `handle` is one, else ""."""
        handle = self.handle.strip()
        return handle if handle.startswith(("https://", "http://")) else ""


class PrintedChannel(Sourced):
    """One channel of the 融媒矩阵 as one page printed it: the paper's channels
    change, what an issue printed does not. The export writes these back."""

    page = models.ForeignKey(
        Page, verbose_name=_("版面"), on_delete=models.CASCADE, related_name="printed_channels"
    )
    channel = models.ForeignKey(
        MediaChannel,
        verbose_name=_("现在的融媒渠道"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="printings",
        help_text=_("导入时同名的融媒渠道；渠道删除后印刷记录仍保留"),
    )
    label = models.CharField(_("印刷名称"), max_length=100)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=10, choices=MediaChannel.Kind.choices)
    call_to_action = models.CharField(_("引导语"), max_length=50, blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"))

    class Meta:
        verbose_name = _("版面印刷的融媒渠道")
        verbose_name_plural = _("版面印刷的融媒渠道")
        ordering = ["page", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["page", "order"], name="printed_channel_order_unique_per_page"),
        ]

    def __str__(self) -> str:
        return self.label


class Correction(models.Model):
    """A dated correction note readers see on a published article."""

    article = models.ForeignKey(Article, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="corrections")
    date = models.DateField(_("更正日期"), default=timezone.localdate)
    text = models.TextField(_("更正内容"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("更正人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("更正")
        verbose_name_plural = _("更正")
        ordering = ["article_id", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.text[:30]}"

    def get_absolute_url(self) -> str:
        return self.article.get_absolute_url() + "#corrections"


class Transition(models.Model):
    """One workflow step of an article: who moved it from what to what, when."""

    article = models.ForeignKey(Article, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("原状态"), max_length=10, choices=Article.Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=10, choices=Article.Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("流程记录")
        verbose_name_plural = _("流程记录")
        ordering = ["article_id", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.article}: {self.from_status or '∅'} → {self.to_status}"


class ImportRun(models.Model):
    """One run of the importer (command or admin), with its outcome per file.

    Recorded when it starts, committed before the first file, and kept up
    to date after every file, so a run whose process died is still there
    (see `ImportRunQuerySet.with_outcome`).
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("进行中")
        FINISHED = "finished", _("已完成")
        FAILED = "failed", _("出错中止")
        INTERRUPTED = "interrupted", _("已中断")

    started_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=Status.choices,
        default=Status.FINISHED,
        help_text=_("进行中的导入在每个文件后更新心跳；心跳过久未更新即视为已中断"),
    )
    heartbeat_at = models.DateTimeField(
        _("最近心跳"), null=True, blank=True, help_text=_("导入进程最近一次报告进度的时间")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dry_run = models.BooleanField(_("试运行"), default=False)
    files_ok = models.PositiveIntegerField(_("成功文件"), default=0)
    files_failed = models.PositiveIntegerField(_("失败文件"), default=0)
    summary = models.JSONField(_("统计"), default=dict, blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} ✓{self.files_ok} ✗{self.files_failed}"


class Change(models.Model):
    """One entry of the change log (outbox): what a service changed of what
    readers, partners and search see, recorded in the service's own
    transaction and handed to the consumers after it commits (see
    articles/changes.py)."""

    seq = models.BigAutoField(_("序号"), primary_key=True)
    created_at = models.DateTimeField(_("记录时间"), default=timezone.now)
    kind = models.CharField(_("对象"), max_length=30, help_text=_("如 article、page、issue、channel、import"))
    action = models.CharField(_("动作"), max_length=30, help_text=_("如 edited、published、withdrawn、moved、deleted"))
    data = models.JSONField(_("影响范围"), default=dict, help_text=_("受影响的稿件、版面、期等（见 Affected）"))
    pending = models.CharField(
        _("待处理"), max_length=200, default="|", help_text=_("还没有处理这条变更的消费者，如 |search|pagecache|")
    )
    attempts = models.PositiveIntegerField(_("失败次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    processed_at = models.DateTimeField(_("处理完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("变更记录")
        verbose_name_plural = _("变更记录")
        ordering = ["seq"]
        indexes = [
            # Only the pending few are ever looked up by state.
            models.Index(fields=["seq"], condition=Q(processed_at__isnull=True), name="change_pending_idx"),
            models.Index(fields=["created_at"], name="change_created_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.action}"

    @property
    def affected(self):
        from .changes import Affected

        return Affected.from_json(self.data)
