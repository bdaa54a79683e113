"""The editorial workflow: who may move an article from which state to which.

draft → review → approved → published (now, or scheduled for a later time),
published → withdrawn, and review/approved/withdrawn → draft (sent back).
Every step is recorded as a `Transition` with its user and time, and every
save of an article goes through `save_article`, which refuses a stale copy
(optimistic locking on `Article.version`) instead of overwriting a colleague.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from articles import changes, policy
from articles.models import Article, Correction, Issue, Person, Transition
from articles.services.records import affected_by, touch
from articles.signals import article_saved, issue_publication_requested
from articles.text import normalise_body

Status = Article.Status

# What a restore from the revision history may bring back: the text, never
# the workflow state (status, time, version), which only transitions change.
CONTENT_FIELDS = ("kind", "kicker", "headline", "deck", "slug", "dateline_place", "dateline_date", "body")


class WorkflowError(Exception):
    """A workflow step or save that is not allowed; the message says why."""


class StaleArticleError(WorkflowError):
    """The article was saved by someone else since this copy was loaded."""


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    permission: str


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action("submit", _("提交送审"), frozenset({Status.DRAFT}), Status.REVIEW, "articles.submit_article"),
        Action("approve", _("审核通过"), frozenset({Status.REVIEW}), Status.APPROVED, "articles.review_article"),
        Action(
            "send_back",
            _("退回修改"),
            frozenset({Status.REVIEW, Status.APPROVED, Status.WITHDRAWN}),
            Status.DRAFT,
            "articles.review_article",
        ),
        Action("publish", _("立即发布"), frozenset({Status.APPROVED}), Status.PUBLISHED, "articles.publish_article"),
        Action("schedule", _("定时发布"), frozenset({Status.APPROVED}), Status.PUBLISHED, "articles.publish_article"),
        Action("unpublish", _("撤稿"), frozenset({Status.PUBLISHED}), Status.WITHDRAWN, "articles.publish_article"),
    )
}


def can_edit_any(user) -> bool:
    """Editors and the chief edit every article; reporters only their own."""
    return user.is_active and user.has_perm("articles.change_article") and user.has_perm("articles.review_article")


def can_see(user, article: Article) -> bool:
    """In the admin: editors every article, reporters their own work (articles.policy)."""
    if can_edit_any(user) or user.is_superuser:
        return True
    if not user.has_perm("articles.view_article"):
        return False
    return article.created_by_id == user.pk or Article.objects.filter(policy.own_articles(user), pk=article.pk).exists()


def can_edit(user, article: Article) -> bool:
    """Whether `user` may change the article's text, bylines and tags."""
    if can_edit_any(user):
        return True
    return (
        user.is_active
        and user.has_perm("articles.change_article")
        and article.created_by_id == user.pk
        and article.status == Status.DRAFT
    )


def allowed_actions(article: Article, user) -> list[Action]:
    """The steps `user` may take on the article now, in workflow order."""
    return [a for a in ACTIONS.values() if _refusal(a, article, user) is None]


def _refusal(action: Action, article: Article, user) -> str | None:
    if article.status not in action.sources:
        return _("《{headline}》当前状态是“{status}”，不能“{action}”。").format(
            headline=article.headline, status=article.get_status_display(), action=action.label
        )
    if not (user.is_active and user.has_perm(action.permission)):
        return _("您没有“{action}”的权限。").format(action=action.label)
    if action.name == "submit" and not can_edit(user, article):
        return _("记者只能提交自己的稿件：《{headline}》不是您创建的。").format(headline=article.headline)
    return None


def _publishing_problems(article: Article) -> list[str]:
    problems = []
    if article.page_id is None:
        problems.append(_("《{headline}》还没有排进版面，不能发布。").format(headline=article.headline))
    if article.kind == Article.Kind.PHOTO:
        photos = list(article.photos.select_related("credit"))
        if not photos:
            problems.append(_("图片新闻《{headline}》没有图片，不能发布。").format(headline=article.headline))
        for n, photo in enumerate(photos, start=1):
            missing = [label for label, ok in ((_("图片说明"), photo.caption.strip()), (_("摄影署名"), photo.credit_id)) if not ok]
            if missing:
                problems.append(
                    _("图片新闻《{headline}》的第 {n} 张图片缺少{missing}，不能发布。").format(
                        headline=article.headline, n=n, missing="、".join(str(m) for m in missing)
                    )
                )
    return problems


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


def _check_version(current: Article, expected_version: int | None) -> None:
    if expected_version is not None and current.version != expected_version:
        raise StaleArticleError(
            _(
                "《{headline}》已被他人修改：您打开的是第 {mine} 版，现在已是第 {now} 版（最后保存于 {when}）。"
                "您的修改没有保存，也没有覆盖别人的修改；请先复制您的改动，重新打开稿件后再改。"
            ).format(
                headline=current.headline,
                mine=expected_version,
                now=current.version,
                when=date_format(timezone.localtime(current.updated_at), "Y-m-d H:i:s"),
            )
        )


@transaction.atomic
def transition(
    *,
    article: Article,
    action: str,
    user,
    at: dt.datetime | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Article:
    """Take one workflow step on the article and record it; returns the article as saved."""
    if action not in ACTIONS:
        raise WorkflowError(_("未知的流程操作：{action}").format(action=action))
    step = ACTIONS[action]
    current = check_current(article=article, expected_version=expected_version)
    refusal = _refusal(step, current, user)
    if refusal:
        raise WorkflowError(refusal)
    now = timezone.now()
    if step.name in ("publish", "schedule"):
        problems = _publishing_problems(current)
        if problems:
            raise WorkflowError(" ".join(str(p) for p in problems))
    if step.name == "schedule":
        if at is None or at <= now:
            raise WorkflowError(_("定时发布需要一个晚于现在的时间。"))
        current.published_at = at
    elif step.name == "publish":
        current.published_at = now
    previous = current.status
    public_before = _issue_is_public(current)
    current.status = step.target
    current.version = F("version") + 1
    current.save(update_fields=["status", "published_at", "version", "updated_at"])
    current.refresh_from_db(fields=["version"])
    Transition.objects.create(
        article=current, from_status=previous, to_status=step.target, user=user, at=now, note=note[:300]
    )
    if step.name in _VISIBILITY_STEPS:
        changes.record(
            kind="article",
            action=_VISIBILITY_STEPS[step.name],
            affected=changes.articles_affected(
                [current.pk],
                deleted=step.name == "unpublish",
                listings=True,
                # An issue that becomes public (or stops being) changes the
                # archive and every issue's navigation.
                site=public_before != _issue_is_public(current),
            ),
        )
    _copy_state(current, article)
    return article


# The steps that change what readers see, and the change each records.
_VISIBILITY_STEPS = {"publish": "published", "schedule": "scheduled", "unpublish": "withdrawn"}


def _issue_is_public(article: Article) -> bool:
    return article.page_id is not None and Issue.objects.published().filter(pages=article.page_id).exists()


def submit(*, article: Article, user, note: str = "", expected_version: int | None = None) -> Article:
    return transition(article=article, action="submit", user=user, note=note, expected_version=expected_version)


def approve(*, article: Article, user, note: str = "", expected_version: int | None = None) -> Article:
    return transition(article=article, action="approve", user=user, note=note, expected_version=expected_version)


def send_back(*, article: Article, user, note: str = "", expected_version: int | None = None) -> Article:
    return transition(article=article, action="send_back", user=user, note=note, expected_version=expected_version)


def publish(*, article: Article, user, note: str = "", expected_version: int | None = None) -> Article:
    return transition(article=article, action="publish", user=user, note=note, expected_version=expected_version)


def schedule(
    *, article: Article, user, at: dt.datetime, note: str = "", expected_version: int | None = None
) -> Article:
    return transition(
        article=article, action="schedule", user=user, at=at, note=note, expected_version=expected_version
    )


def unpublish(*, article: Article, user, note: str = "", expected_version: int | None = None) -> Article:
    return transition(article=article, action="unpublish", user=user, note=note, expected_version=expected_version)


@transaction.atomic
def publish_issue(*, issue: Issue, user, at: dt.datetime | None = None) -> list[Article]:
    """Publish (or, with a future `at`, schedule) all approved articles of an issue at once.

    All or nothing: if one of them cannot be published, none is, and the
    error names every article that is not ready.
    """
    articles = list(
        Article.objects.select_for_update()
        .filter(page__issue=issue, status=Status.APPROVED)
        .order_by("page__number", "position", "pk")
    )
    if not articles:
        raise WorkflowError(_("{issue} 没有已审的稿件可以发布。").format(issue=issue))
    if not user.has_perm("articles.publish_article"):
        raise WorkflowError(_("您没有“{action}”的权限。").format(action=ACTIONS["publish"].label))
    # Capability apps (the plan) may hold the issue back; every reason is shown.
    responses = issue_publication_requested.send(sender=Issue, issue=issue, user=user)
    problems = [str(reason) for _receiver, reasons in responses for reason in reasons or ()]
    problems += [str(p) for a in articles for p in _publishing_problems(a)]
    if problems:
        raise WorkflowError(" ".join(problems))
    action = "schedule" if at is not None and at > timezone.now() else "publish"
    note = _("整期发布：{issue}").format(issue=issue)
    return [transition(article=a, action=action, user=user, at=at, note=note) for a in articles]


@transaction.atomic
def create_article(*, article: Article, user) -> Article:
    """Save a new article as a draft of `user`."""
    if not user.has_perm("articles.add_article"):
        raise WorkflowError(_("您没有新建稿件的权限。"))
    article.created_by = article.created_by or user
    article.status = Status.DRAFT
    article.published_at = None
    article.version = 1
    article.body = normalise_body(article.body)
    article.save()
    # Drafts are searched in the admin: the index needs it.
    changes.record(kind="article", action="created", affected=changes.articles_affected([article.pk]))
    return article


def check_current(*, article: Article, expected_version: int | None) -> Article:
    """Lock the article's row and refuse if it moved past `expected_version`.

    Called inside the caller's transaction (the admin form's clean), so the
    row stays locked until that save commits.
    """
    current = _locked(article)
    _check_version(current, expected_version)
    return current


@transaction.atomic
def save_article(*, article: Article, user, expected_version: int) -> Article:
    """Save an edited article if nobody saved it since `expected_version`.

    A stale copy raises StaleArticleError and writes nothing; the caller keeps
    the user's edits (the admin shows them again with the message). Workflow
    fields are not editable here: they change only through `transition`.
    """
    current = check_current(article=article, expected_version=expected_version)
    if not can_edit(user, current):
        raise WorkflowError(_("您不能修改《{headline}》。").format(headline=current.headline))
    if (article.status, article.published_at) != (current.status, current.published_at):
        raise WorkflowError(_("稿件状态和发布时间只能通过流程操作（送审、审核、发布、撤稿）改变。"))
    article.created_by_id = current.created_by_id
    article.version = current.version + 1
    article.share_card.name = current.share_card.name  # derived state, not the editor's to change
    article.body = normalise_body(article.body)
    before = changes.articles_affected([current.pk], listings=True)
    article.save()
    article_saved.send(sender=Article, article=article, user=user)
    changes.record(
        kind="article", action="edited", affected=before | changes.articles_affected([article.pk], listings=True)
    )
    return article


@transaction.atomic
def set_bylines(*, article: Article, bylines: list[tuple[Person, str]], user) -> Article:
    """Replace the article's byline with `bylines` ((person, role), in printed order)."""
    current = check_current(article=article, expected_version=None)
    if not can_edit(user, current):
        raise WorkflowError(_("您不能修改《{headline}》。").format(headline=current.headline))
    current.bylines.all().delete()
    current.bylines.model.objects.bulk_create(
        current.bylines.model(article=current, person=person, role=role, order=n)
        for n, (person, role) in enumerate(bylines)
    )
    return _parts_changed(current, article, action="bylines")


@transaction.atomic
def set_tags(*, article: Article, tags: list[str], user) -> Article:
    """Make `tags` the article's tags."""
    current = check_current(article=article, expected_version=None)
    if not can_edit(user, current):
        raise WorkflowError(_("您不能修改《{headline}》。").format(headline=current.headline))
    before = frozenset(current.tags.slugs())
    current.tags.set(tags)
    return _parts_changed(current, article, action="tagged", tags=before | frozenset(current.tags.slugs()))


def _parts_changed(current: Article, article: Article, *, action: str, **more) -> Article:
    """Bylines or tags changed: the article's time and version move, and the change is recorded."""
    touch([current.pk], bump_version=True)
    changes.record(
        kind="article", action=action, affected=changes.articles_affected([current.pk], listings=True, **more)
    )
    current.refresh_from_db(fields=["version", "updated_at"])
    _copy_state(current, article)
    return article


@transaction.atomic
def restore_content(*, article: Article, fields: dict, user, expected_version: int) -> Article:
    """Bring back an earlier version's text (see CONTENT_FIELDS) as a new save."""
    for name in CONTENT_FIELDS:
        if name in fields:
            setattr(article, name, fields[name])
    return save_article(article=article, user=user, expected_version=expected_version)


@transaction.atomic
def add_correction(*, article: Article, text: str, user, date: dt.date | None = None) -> Correction:
    """Attach a dated correction note, shown to readers under a published article."""
    if not user.has_perm("articles.add_correction"):
        raise WorkflowError(_("您没有添加更正的权限。"))
    if article.status != Status.PUBLISHED:
        raise WorkflowError(_("只有已发布的稿件才能加更正：《{headline}》尚未发布。").format(headline=article.headline))
    text = text.strip()
    if not text:
        raise WorkflowError(_("更正内容不能为空。"))
    correction = Correction.objects.create(
        article=article, text=text, created_by=user, date=date or timezone.localdate()
    )
    touch([article.pk])
    changes.record(kind="correction", action="created", affected=changes.articles_affected([article.pk], listings=True))
    return correction


def _copy_state(source: Article, target: Article) -> None:
    if source is not target:
        for name in ("status", "published_at", "version", "updated_at"):
            setattr(target, name, getattr(source, name))


@transaction.atomic
def release_edition(*, issue: Issue, user, at: dt.datetime | None = None) -> Issue:
    """Release the issue's 数字报 as a whole at `at` (default now): from then
    on its page scans, zones and PDFs are public, whatever its articles'
    states. Records who set it; the articles themselves keep their states."""
    if not (user.is_active and user.has_perm("articles.publish_article")):
        raise WorkflowError(_("您没有发布数字报的权限。"))
    locked = Issue.objects.select_for_update().get(pk=issue.pk)
    locked.epaper_release_at = at or timezone.now()
    locked.epaper_released_by = user
    locked.save(update_fields=["epaper_release_at", "epaper_released_by", "updated_at"])
    issue.epaper_release_at, issue.epaper_released_by = locked.epaper_release_at, user
    # Which issues are public may change: every page's navigation shows it.
    changes.record(kind="issue", action="released", affected=affected_by(locked))
    return issue


@transaction.atomic
def cancel_edition_release(*, issue: Issue, user) -> Issue:
    """Take back a release (one not yet due, or one made by mistake): the print
    files follow their articles again. Records who did it."""
    if not (user.is_active and user.has_perm("articles.publish_article")):
        raise WorkflowError(_("您没有发布数字报的权限。"))
    locked = Issue.objects.select_for_update().get(pk=issue.pk)
    locked.epaper_release_at, locked.epaper_released_by = None, user
    locked.save(update_fields=["epaper_release_at", "epaper_released_by", "updated_at"])
    issue.epaper_release_at, issue.epaper_released_by = None, user
    changes.record(kind="issue", action="release_cancelled", affected=affected_by(locked))
    return issue
