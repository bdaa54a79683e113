"""What the desk keeps besides the article: unsaved form contents and who has a form open."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class ForUserAndArticle(models.Model):
    """One row per user and article; both going takes the row with them."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="desk_%(class)ss", verbose_name=_("稿件")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_%(class)ss", verbose_name=_("编辑")
    )

    class Meta:
        abstract = True


class Autosave(ForUserAndArticle):
    """One user's unsaved edits of one article: never a revision, never public."""

    fields = models.JSONField(_("表单内容"), default=dict, help_text=_("字段名 → 未保存的值"))
    base_version = models.PositiveIntegerField(_("打开时的版本"), help_text=_("编辑打开表单时稿件的版本号"))
    saved_at = models.DateTimeField(_("自动保存时间"))

    class Meta:
        verbose_name = _("自动保存")
        verbose_name_plural = _("自动保存")
        ordering = ("-saved_at", "pk")
        constraints = [models.UniqueConstraint(fields=("article", "user"), name="desk_one_autosave_per_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.article_id} · {self.saved_at:%Y-%m-%d %H:%M}"


class Presence(ForUserAndArticle):
    """That a user has an article's form open, renewed by the form's heartbeat."""

    seen_at = models.DateTimeField(_("最近心跳"), db_index=True)

    class Meta:
        verbose_name = _("正在编辑")
        verbose_name_plural = _("正在编辑")
        ordering = ("-seen_at", "pk")
        constraints = [models.UniqueConstraint(fields=("article", "user"), name="desk_one_presence_per_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.article_id} · {self.seen_at:%H:%M:%S}"
