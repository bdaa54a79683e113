"""What partners syncing through the API must delete: one row per article
taken out of publication (withdrawn, sent back, deleted)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Removal(models.Model):
    """An article that left publication, and when; kept after the article
    itself is deleted (no foreign key, on purpose)."""

    article_id = models.BigIntegerField(_("稿件编号"), unique=True)
    at = models.DateTimeField(_("撤下时间"), db_index=True)

    class Meta:
        verbose_name = _("撤下的稿件")
        verbose_name_plural = _("撤下的稿件")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.at:%Y-%m-%d %H:%M}"
