"""Saving and deleting any record readers see, with the change it makes
recorded (articles/changes.py) in the same transaction.

For the admin's plain edits (issues, pages, sections, people, teasers,
channels, the publication, photos, corrections) and for deletions. The
editorial workflow (workflow.py), the importer and the photo service record
their own changes.
"""

from __future__ import annotations

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from articles import changes
from articles.changes import Affected
from articles.models import (
    Article,
    Byline,
    Correction,
    Issue,
    MediaChannel,
    Page,
    Person,
    Photo,
    Publication,
    Rendition,
    Section,
    Teaser,
)

# Records shown on every page (masthead, footer, navigation, bylines).
_SITE_WIDE = (Publication, MediaChannel, Section, Person, Issue, Page)
# Parts of one article: a change is the article's change.
_ARTICLE_PARTS = (Byline, Photo, Correction)


def touch(article_ids, *, bump_version: bool = False) -> None:
    """The articles' public form changed through one of their parts: move
    `updated_at` (what the API's `updated_since` and the feeds read), and
    with `bump_version` the optimistic-locking version, in one UPDATE."""
    values = {"updated_at": timezone.now()}
    if bump_version:
        values["version"] = F("version") + 1
    Article.objects.filter(pk__in=list(article_ids)).update(**values)


def affected_by(record: models.Model, *, deleted: bool = False) -> Affected:
    """What `record`, as stored now, is shown on."""
    if isinstance(record, Article):
        return changes.articles_affected([record.pk], deleted=deleted, listings=True)
    if isinstance(record, Rendition):
        record = record.photo
    if isinstance(record, _ARTICLE_PARTS):
        return changes.articles_affected([record.article_id], listings=True)
    if isinstance(record, Teaser):
        dates = Page.objects.filter(pk__in=[record.page_id, record.target_page_id]).values_list("issue__date", flat=True)
        return Affected(pages=frozenset({record.page_id}), issues=frozenset(dates), listings=True)
    if isinstance(record, _SITE_WIDE):
        return _site_wide(record)
    return Affected(site=True)


def _site_wide(record: models.Model) -> Affected:
    if isinstance(record, Person):
        return Affected(people=frozenset({record.pk}), site=True)
    if isinstance(record, Section):
        return Affected(sections=frozenset({record.pk}), site=True)
    if isinstance(record, Page):
        dates = Issue.objects.filter(pk=record.issue_id).values_list("date", flat=True)
        return Affected(pages=frozenset({record.pk}), issues=frozenset(dates), site=True)
    if isinstance(record, Issue):
        pages = Page.objects.filter(issue_id=record.pk).values_list("pk", flat=True)
        return Affected(pages=frozenset(pages), issues=frozenset({record.date}), site=True)
    return Affected(site=True)


def _kind(record: models.Model) -> str:
    return record._meta.model_name


@transaction.atomic
def save_record(*, record: models.Model) -> models.Model:
    """Save `record` and record what it changed (before and after, for a move)."""
    created = record.pk is None or not type(record).objects.filter(pk=record.pk).exists()
    before = Affected() if created else affected_by(type(record).objects.get(pk=record.pk))
    record.save()
    after = affected_by(record)
    if isinstance(record, _ARTICLE_PARTS):
        touch(after.articles | before.articles)
    changes.record(kind=_kind(record), action="created" if created else "edited", affected=before | after)
    return record


@transaction.atomic
def delete_record(*, record: models.Model) -> None:
    """Delete `record` (and what cascades with it), recording what it was shown on."""
    affected = affected_by(record, deleted=True)
    if isinstance(record, Issue | Page):
        # Its articles go with it (or are protected): they leave publication too.
        doomed = Article.objects.filter(
            **({"page__issue": record} if isinstance(record, Issue) else {"page": record})
        ).values_list("pk", flat=True)
        affected |= Affected(deleted_articles=frozenset(doomed))
    record.delete()
    if isinstance(record, _ARTICLE_PARTS):
        touch(affected.articles)
    changes.record(kind=_kind(record), action="deleted", affected=affected)


@transaction.atomic
def delete_article(*, article: Article) -> None:
    """Delete an article; partners syncing through the API are told to drop it."""
    delete_record(record=article)
