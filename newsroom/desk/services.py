"""The desk's writes and reads: autosave records, presence, and the merge of a
colleague's save into an open form. None of it touches the article itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from articles.models import Article

from .counting import Column
from .merge import Merge, merge_fields
from .models import Autosave, Presence

# The form's text fields the desk saves, compares and merges.
TEXT_FIELDS = ("kicker", "headline", "deck", "dateline_place", "slug", "body")


class DeskError(ValueError):
    """Input the desk refuses; the message says which and why."""


def column_for(article: Article) -> Column | None:
    """The column of the article's page's section (or the default); None without a page."""
    if article.page_id is None:
        return None
    columns = settings.NEWSROOM_DESK_COLUMNS
    return Column(**columns.get(article.page.section.name, columns["default"]))


def article_fields(article: Article) -> dict[str, str]:
    return {name: getattr(article, name) or "" for name in TEXT_FIELDS}


def clean_fields(fields: object) -> dict[str, str]:
    """The desk's text fields out of posted JSON; anything else is refused by name."""
    if not isinstance(fields, dict):
        raise DeskError(_("表单内容必须是一个对象（字段名 → 文字）。"))
    limit = settings.NEWSROOM_DESK_MAX_FIELD_CHARS
    cleaned = {}
    for name, value in fields.items():
        if name not in TEXT_FIELDS:
            raise DeskError(_("未知的字段：{name}").format(name=name))
        if not isinstance(value, str) or len(value) > limit:
            raise DeskError(_("字段 {name} 必须是不超过 {limit} 字的文字。").format(name=name, limit=limit))
        cleaned[name] = value
    return cleaned


@transaction.atomic
def save_autosave(*, article: Article, user, fields: dict[str, str], base_version: int) -> Autosave:
    """Keep `user`'s unsaved form contents for `article` (one record each, replaced)."""
    autosave, _created = Autosave.objects.update_or_create(
        article=article,
        user=user,
        defaults={"fields": fields, "base_version": base_version, "saved_at": timezone.now()},
    )
    return autosave


@transaction.atomic
def discard_autosave(*, article: Article, user) -> int:
    """Drop `user`'s autosave of `article`; returns how many records went (0 or 1)."""
    deleted, _per_model = Autosave.objects.filter(article=article, user=user).delete()
    return deleted


def clear_after_save(sender, *, article: Article, user, **kwargs) -> None:
    """articles.signals.article_saved: what the editor saved is no longer unsaved."""
    discard_autosave(article=article, user=user)


def pending_autosave(*, article: Article, user) -> Autosave | None:
    """`user`'s autosave of `article` if it holds anything the article does not."""
    autosave = Autosave.objects.filter(article=article, user=user).first()
    if autosave is None:
        return None
    stored = article_fields(article)
    if all(stored.get(name) == value for name, value in autosave.fields.items()):
        return None
    return autosave


@transaction.atomic
def heartbeat(*, article: Article, user, now: dt.datetime | None = None) -> list[Presence]:
    """Note that `user` has the form open; returns the others who have it open now."""
    now = now or timezone.now()
    Presence.objects.update_or_create(article=article, user=user, defaults={"seen_at": now})
    since = now - dt.timedelta(seconds=settings.NEWSROOM_DESK_PRESENCE_SECONDS)
    return list(
        Presence.objects.filter(article=article, seen_at__gte=since).exclude(user=user).select_related("user")
    )


@transaction.atomic
def leave(*, article: Article, user) -> None:
    """The form was closed: `user` is no longer here."""
    Presence.objects.filter(article=article, user=user).delete()


@dataclass(frozen=True)
class Pruned:
    autosaves: int
    presences: int


@transaction.atomic
def prune(*, autosave_age: dt.timedelta | None = None, now: dt.datetime | None = None) -> Pruned:
    """Delete autosaves older than `autosave_age` (NEWSROOM_DESK_AUTOSAVE_KEEP_DAYS)
    and presence rows no heartbeat renewed within NEWSROOM_DESK_PRESENCE_SECONDS.

    Those of deleted articles and users went with them (on_delete=CASCADE).
    Neither is shown to readers, so nothing goes to the change log."""
    now = now or timezone.now()
    if autosave_age is None:
        autosave_age = dt.timedelta(days=settings.NEWSROOM_DESK_AUTOSAVE_KEEP_DAYS)
    autosaves, _per_model = Autosave.objects.filter(saved_at__lt=now - autosave_age).delete()
    stale = now - dt.timedelta(seconds=settings.NEWSROOM_DESK_PRESENCE_SECONDS)
    presences, _per_model = Presence.objects.filter(seen_at__lt=stale).delete()
    return Pruned(autosaves=autosaves, presences=presences)


def saved_fields(article: Article, version: int) -> tuple[dict[str, str] | None, object]:
    """The text of `article` at `version` from its revision history, and who saved
    the newest revision. Workflow steps raise the version without a revision but
    never change the text, so the newest revision at or below `version` has it."""
    base = None
    latest_user = None
    for n, stored in enumerate(Version.objects.get_for_object(article).select_related("revision__user")):
        if n == 0:
            latest_user = stored.revision.user
        data = stored.field_dict
        if data.get("version", 0) <= version:
            base = {name: data.get(name) or "" for name in TEXT_FIELDS}
            break
    return base, latest_user


@dataclass
class Catchup:
    """A colleague's save since the form was opened, merged into the form's contents."""

    version: int
    saved_by: str
    merge: Merge
    theirs: dict[str, str]


def catch_up(*, article: Article, mine: dict[str, str], base_version: int, client_base: dict[str, str]) -> Catchup | None:
    """None while the article is still at `base_version`; else the merge of `mine` with
    the saved article against the base (the revision history, else what the form was
    opened with, `client_base`)."""
    if article.version <= base_version:
        return None
    base, saved_by = saved_fields(article, base_version)
    theirs = article_fields(article)
    merge = merge_fields(base or client_base, mine, theirs)
    name = (saved_by.get_full_name() or saved_by.get_username()) if saved_by else _("他人")
    return Catchup(version=article.version, saved_by=str(name), merge=merge, theirs=theirs)


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()
