"""Cache invalidation: the core's model signals bump page-cache generations.

Bumps run after the transaction commits, so no other app server can render
(and cache) the old content under the new generation in between. A model of
another app may define `page_cache_issue_dates()`, the dates of the issues
whose pages show it; any other change invalidates every page.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from . import pagecache

# Records no public page shows: their changes invalidate nothing.
_UNSHOWN = {"articles.transition", "articles.importrun", "articles.sourcefile"}
# What decides whether an article is public, and where.
_VISIBILITY_FIELDS = ("status", "published_at", "page_id")


def _issue_dates(model_label: str, instance) -> set:
    """Dates of the issues whose pages show `instance` (before and after an edit)."""
    from articles.models import Article, Page, Photo

    if model_label == "articles.page":
        return {instance.issue.date} if instance.issue_id else set()
    page_ids = set()
    if model_label == "articles.article":
        page_ids = {instance.page_id, (getattr(instance, "_ops_old", None) or {}).get("page_id")}
    elif model_label == "articles.teaser":
        page_ids = {instance.page_id}
    elif model_label in {"articles.photo", "articles.byline", "articles.correction"}:
        return set(Article.objects.filter(pk=instance.article_id).values_list("page__issue__date", flat=True)) - {None}
    elif model_label == "articles.rendition":
        return set(Photo.objects.filter(pk=instance.photo_id).values_list("article__page__issue__date", flat=True)) - {
            None
        }
    page_ids.discard(None)
    return set(Page.objects.filter(pk__in=page_ids).values_list("issue__date", flat=True))


_ISSUE_SCOPED = {
    "articles.article",
    "articles.page",
    "articles.teaser",
    "articles.photo",
    "articles.byline",
    "articles.correction",
    "articles.rendition",
}


def _public_issues(page_ids: set) -> set[int]:
    from articles.models import Issue

    page_ids = page_ids - {None}
    if not page_ids:
        return set()
    return set(Issue.objects.published().filter(pages__in=page_ids).values_list("pk", flat=True))


def _scopes(sender, instance, *, created: bool, deleted: bool) -> list[str]:
    # Another capability's model says which issues show it (the epaper's
    # scans, zones and PDFs), so that saving it keeps other issues cached.
    issue_dates = getattr(instance, "page_cache_issue_dates", None)
    if callable(issue_dates):
        try:
            return [pagecache.LISTINGS, *map(pagecache.issue_scope, issue_dates())]
        except ObjectDoesNotExist:  # what it hung on is gone too: play safe
            return [pagecache.SITE]
    label = sender._meta.label_lower
    if label not in _ISSUE_SCOPED or (label == "articles.page" and (created or deleted)):
        return [pagecache.SITE]
    if label == "articles.article":
        before = getattr(instance, "_ops_public_before", None)
        if deleted or before is None:
            return [pagecache.SITE]
        old = instance._ops_old
        moved = old is None or any(old[field] != getattr(instance, field) for field in _VISIBILITY_FIELDS)
        # An issue that becomes public (or stops being) changes the archive and
        # every issue's navigation; publishing into a public issue does not.
        if moved and _public_issues({instance.page_id, old and old["page_id"]}) != before:
            return [pagecache.SITE]
    return [pagecache.LISTINGS, *map(pagecache.issue_scope, _issue_dates(label, instance))]


def _watched(sender) -> bool:
    meta = getattr(sender, "_meta", None)
    return (
        meta is not None
        and meta.app_label in settings.NEWSROOM_PAGE_CACHE_APPS
        and meta.label_lower not in _UNSHOWN
    )


def _invalidate(scopes: list[str]) -> None:
    # robust: the content is saved either way; a failed bump is logged and the
    # page expires within NEWSROOM_PAGE_CACHE_TIMEOUT. A plain named function,
    # not a functools.partial: Django names the callable when it logs a failure.
    def bump_page_cache() -> None:
        pagecache.bump(*scopes)

    transaction.on_commit(bump_page_cache, robust=True)


def remember_visibility(sender, instance, raw=False, **kwargs) -> None:
    """Before an article is saved: what decided its visibility until now, and
    which of the issues it leaves or joins were public."""
    if raw:
        return
    old = None
    if instance.pk is not None:
        old = sender.objects.filter(pk=instance.pk).values(*_VISIBILITY_FIELDS).first()
    instance._ops_old = old
    instance._ops_public_before = _public_issues({instance.page_id, old and old["page_id"]})


def on_save(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw or not _watched(sender):
        return
    _invalidate(_scopes(sender, instance, created=created, deleted=False))


def on_delete(sender, instance, **kwargs) -> None:
    if _watched(sender):
        _invalidate(_scopes(sender, instance, created=False, deleted=True))


def on_m2m(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_") and _watched(type(instance)):
        _invalidate([pagecache.SITE])


def connect() -> None:
    from articles.models import Article

    pre_save.connect(remember_visibility, sender=Article, dispatch_uid="ops.remember_visibility")
    post_save.connect(on_save, dispatch_uid="ops.on_save")
    post_delete.connect(on_delete, dispatch_uid="ops.on_delete")
    m2m_changed.connect(on_m2m, dispatch_uid="ops.on_m2m")
