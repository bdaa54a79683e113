"""The plan of an upcoming issue: stories planned on its pages, and the log of
every change to that plan. Issues and pages are the core's own `Issue` and
`Page`; a planned story becomes a core `Article` once writing starts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Issue, Page, Person

from .querysets import PlanChangeQuerySet, PlannedStoryQuerySet

# Article states in which a story no longer holds up publication.
READY_STATUSES = (Article.Status.APPROVED, Article.Status.PUBLISHED)
# Article states in which the reporter's part is done (lateness stops counting).
SUBMITTED_STATUSES = (Article.Status.REVIEW, Article.Status.APPROVED, Article.Status.PUBLISHED)


class PlannedStory(models.Model):
    """A story planned on a page of an upcoming issue (选题)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("在版")
        DROPPED = "dropped", _("已撤下")

    page = models.ForeignKey(
        Page,
        verbose_name=_("版面"),
        on_delete=models.CASCADE,
        related_name="planned_stories",
        help_text=_("选题计划见报的版面"),
    )
    position = models.PositiveSmallIntegerField(_("版内顺序"), default=0, help_text=_("从 0 开始，0 在最上"))
    slug = models.SlugField(_("稿件代号"), max_length=60, allow_unicode=True, help_text=_("编辑部内部称呼，如：湿地公园"))
    working_headline = models.CharField(_("暂定标题"), max_length=200)
    reporter = models.ForeignKey(
        Person,
        verbose_name=_("记者"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_stories",
    )
    photographer = models.ForeignKey(
        Person,
        verbose_name=_("摄影"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_photos",
    )
    expected_length = models.PositiveIntegerField(_("预计字数"), null=True, blank=True, help_text=_("按汉字计"))
    due_at = models.DateTimeField(_("截稿时间"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    article = models.OneToOneField(
        Article,
        verbose_name=_("稿件"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned_story",
        help_text=_("记者开始写稿时创建的稿件"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PlannedStoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("选题")
        verbose_name_plural = _("选题")
        ordering = ["page__issue__date", "page__number", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "position"],
                condition=Q(status="planned"),
                name="plannedstory_position_unique_per_page",
            ),
            models.CheckConstraint(condition=~Q(working_headline=""), name="plannedstory_headline_not_empty"),
            models.CheckConstraint(condition=~Q(slug=""), name="plannedstory_slug_not_empty"),
        ]
        permissions = [
            ("plan_issue", _("可以新建待出版的期及其版面")),
            ("move_plannedstory", _("可以在版面之间移动选题")),
            ("drop_plannedstory", _("可以撤下或恢复选题")),
            ("start_writing", _("可以把选题变成稿件开始写作")),
        ]

    def __str__(self) -> str:
        return f"{self.slug}：{self.working_headline}"

    def board_url(self) -> str:
        """The story on its issue's planning board (staff only: not a public page)."""
        return reverse("planning:board", kwargs={"date": self.page.issue.date}) + f"#story-{self.pk}"

    @property
    def is_ready(self) -> bool:
        """Approved (or already published): it no longer holds up the issue."""
        return self.article is not None and self.article.status in READY_STATUSES

    def status_label(self) -> str:
        """What the card says: 已撤下, 待写, or the article's workflow state."""
        if self.status == self.Status.DROPPED:
            return str(self.Status.DROPPED.label)
        if self.article is None:
            return str(_("待写"))
        return self.article.get_status_display()

    def is_late(self, now=None) -> bool:
        """Past its due time and the reporter has not submitted it yet."""
        if self.due_at is None or self.status == self.Status.DROPPED:
            return False
        if self.article is not None and self.article.status in SUBMITTED_STATUSES:
            return False
        return self.due_at < (now or timezone.now())


class PlanChange(models.Model):
    """One change to an issue's plan: who, when, what (with the values before and after)."""

    class Action(models.TextChoices):
        PLAN_ISSUE = "plan_issue", _("新建期")
        ADD = "add", _("新增选题")
        EDIT = "edit", _("修改选题")
        ASSIGN = "assign", _("指派")
        MOVE = "move", _("移动")
        DROP = "drop", _("撤下")
        RESTORE = "restore", _("恢复")
        START_WRITING = "start_writing", _("开始写稿")
        PUBLISH = "publish", _("整期发布")

    issue = models.ForeignKey(Issue, verbose_name=_("期"), on_delete=models.CASCADE, related_name="plan_changes")
    story = models.ForeignKey(
        PlannedStory,
        verbose_name=_("选题"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="plan_changes",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    summary = models.CharField(_("说明"), max_length=300)
    details = models.JSONField(_("改动明细"), default=dict, blank=True, help_text=_("字段改动前后的值"))

    objects = PlanChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("策划记录")
        verbose_name_plural = _("策划记录")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}：{self.summary}"
