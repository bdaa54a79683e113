"""What the page cache trusts: per scope, a version kept in the database."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CacheScope(models.Model):
    """One page-cache scope (`site`, `listings`, `issue:2019-07-11`) and how
    often changes have touched it.

    A cached page is served only if it was built at or after the current
    version of each of its scopes. Kept here, not in Redis, so a Redis that
    comes back from an old snapshot cannot bring back old pages with it.
    """

    scope = models.CharField(_("范围"), max_length=40, primary_key=True)
    version = models.PositiveBigIntegerField(_("版本"), default=0, help_text=_("每次有变更影响此范围就加一"))
    last_seq = models.BigIntegerField(_("最近变更序号"), default=0, help_text=_("最近一次影响此范围的变更记录序号"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("页面缓存范围")
        verbose_name_plural = _("页面缓存范围")
        ordering = ["scope"]

    def __str__(self) -> str:
        return f"{self.scope} v{self.version}"
