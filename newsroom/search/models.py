"""The search index's source of truth: one folded text per article.

Only text lives here. Whether an article may be shown is never stored: every
search joins the articles table through `Article.objects.published()`, so a
scheduled article turns up the moment its time comes, with no reindexing.
The engine-specific indexes (SQLite FTS5 tables, PostgreSQL GIN indexes) are
made by this app's migrations over this table.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class SearchDocument(models.Model):
    article = models.OneToOneField(
        Article,
        verbose_name=_("稿件"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    title = models.TextField(_("标题文本"), help_text=_("引题、主标题、副标题，已规范化（全角转半角、小写）"))
    text = models.TextField(
        _("全文"), help_text=_("标题、正文、署名人员、图片说明和摄影者，已规范化；搜索在此中查找子串")
    )
    sort_key = models.BigIntegerField(
        _("排序键"), unique=True, help_text=_("出版日期、版次、版内顺序编成的整数，越大越新（见 documents.sort_key）")
    )
    indexed_at = models.DateTimeField(_("索引时间"), auto_now=True)

    class Meta:
        verbose_name = _("搜索索引条目")
        verbose_name_plural = _("搜索索引条目")
        ordering = ["-article_id"]

    def __str__(self) -> str:
        return self.title.replace("\n", " ").strip()[:60] or str(self.article_id)
