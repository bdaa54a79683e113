"""Writes to the plan. Each is one transaction, checks the acting user's role,
keeps positions dense per page, and records a `PlanChange`.

The plan decides the print order of an upcoming issue: whenever stories move,
the articles written from them follow on their pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from articles import changes
from articles.models import Article, Byline, Issue, Page, Person, Role, Section
from articles.services import workflow

from . import rules
from .models import PlanChange, PlannedStory

# Positions are re-numbered in two steps (out of the way, then into place) so
# the unique (page, position) constraints never see two rows on one spot.
_OUT_OF_THE_WAY = 10_000
_PARKED = 2 * _OUT_OF_THE_WAY

EDITABLE_FIELDS = ("slug", "working_headline", "reporter", "photographer", "expected_length", "due_at", "notes")
ASSIGNMENT_FIELDS = frozenset({"reporter", "photographer"})


class PlanningError(Exception):
    """A change to the plan that is not allowed; the message says why."""


@dataclass(frozen=True)
class PageSpec:
    """A page of an issue being planned: its number and its section's name."""

    number: int
    section: str


def _label(page: Page) -> str:
    return _("第{n:02d}版").format(n=page.number)


def _story_name(story: PlannedStory) -> str:
    return f"《{story.working_headline}》"


def _log(*, issue: Issue, user, action: str, summary: str, story: PlannedStory | None = None, details=None) -> None:
    PlanChange.objects.create(
        issue=issue, story=story, user=user, action=action, summary=str(summary)[:300], details=details or {}
    )


def _require(allowed: bool, message) -> None:
    if not allowed:
        raise PlanningError(message)


@transaction.atomic
def plan_issue(*, date: dt.date, pages: Sequence[PageSpec], user, number: int | None = None) -> Issue:
    """Create an upcoming issue with its pages (sections made as needed), before any content."""
    _require(rules.can_plan_issue(user), _("您没有新建待出版期的权限。"))
    if not pages:
        raise PlanningError(_("{date} 的期至少要有一个版面。").format(date=date))
    numbers = [p.number for p in pages]
    duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
    if duplicates:
        raise PlanningError(_("版次重复：{numbers}。").format(numbers="、".join(f"{n:02d}" for n in duplicates)))
    for spec in pages:
        if spec.number < 1:
            raise PlanningError(_("版次必须从 1 开始：第 {n} 版不对。").format(n=spec.number))
        if not spec.section.strip():
            raise PlanningError(_("第{n:02d}版缺少栏目名称。").format(n=spec.number))
    if Issue.objects.filter(date=date).exists():
        raise PlanningError(_("{date} 的期已经存在，请直接打开它的策划板。").format(date=date))
    if number is not None and Issue.objects.filter(number=number).exists():
        raise PlanningError(_("期号 {number} 已被其他期使用。").format(number=number))
    issue = Issue.objects.create(date=date, number=number)
    for spec in sorted(pages, key=lambda p: p.number):
        section = _section(spec.section.strip())
        Page.objects.create(issue=issue, number=spec.number, section=section)
    _log(
        issue=issue,
        user=user,
        action=PlanChange.Action.PLAN_ISSUE,
        summary=_("新建 {issue}，共 {n} 个版面").format(issue=issue, n=len(pages)),
        details={"pages": [f"{p.number:02d} {p.section.strip()}" for p in pages]},
    )
    return issue


def _section(name: str) -> Section:
    section = Section.objects.filter(name=name).first()
    if section is None:
        slug = slugify(name, allow_unicode=True) or f"section-{Section.objects.count() + 1}"
        section = Section.objects.create(name=name, slug=slug)
    return section


def _check_slug(*, issue: Issue, slug: str, exclude: PlannedStory | None = None) -> None:
    if not slug.strip():
        raise PlanningError(_("稿件代号不能为空。"))
    clash = PlannedStory.objects.for_issue(issue).filter(slug=slug)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    other = clash.select_related("page").first()
    if other is not None:
        raise PlanningError(
            _("稿件代号“{slug}”在本期已被{page}的{story}使用。").format(
                slug=slug, page=_label(other.page), story=_story_name(other)
            )
        )


@transaction.atomic
def add_story(
    *,
    page: Page,
    slug: str,
    working_headline: str,
    user,
    reporter: Person | None = None,
    photographer: Person | None = None,
    expected_length: int | None = None,
    due_at: dt.datetime | None = None,
    notes: str = "",
) -> PlannedStory:
    """Plan a story at the bottom of `page`."""
    _require(rules.can_add_story(user), _("您没有新增选题的权限。"))
    if not working_headline.strip():
        raise PlanningError(_("暂定标题不能为空。"))
    _check_slug(issue=page.issue, slug=slug)
    last = PlannedStory.objects.planned().filter(page=page).aggregate(last=Max("position"))["last"]
    story = PlannedStory.objects.create(
        page=page,
        position=0 if last is None else last + 1,
        slug=slug.strip(),
        working_headline=working_headline.strip(),
        reporter=reporter,
        photographer=photographer,
        expected_length=expected_length,
        due_at=due_at,
        notes=notes,
    )
    _log(
        issue=page.issue,
        story=story,
        user=user,
        action=PlanChange.Action.ADD,
        summary=_("在{page}新增选题{story}").format(page=_label(page), story=_story_name(story)),
        details={name: _plain(getattr(story, name)) for name in EDITABLE_FIELDS},
    )
    return story


def _plain(value):
    """A field value as the log keeps it (JSON): people by name, times as ISO text."""
    if isinstance(value, Person):
        return value.name
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


@transaction.atomic
def edit_story(*, story: PlannedStory, user, changes: Mapping[str, object]) -> PlannedStory:
    """Change a card's fields; an assignment (reporter, photographer) is logged as such."""
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise PlanningError(_("选题没有这些可改的字段：{fields}。").format(fields="、".join(unknown)))
    _require(rules.can_edit_story(user), _("您没有修改选题或指派记者的权限。"))
    story = _locked(story)
    if "slug" in changes:
        _check_slug(issue=story.page.issue, slug=str(changes["slug"]), exclude=story)
    if "working_headline" in changes and not str(changes["working_headline"]).strip():
        raise PlanningError(_("暂定标题不能为空。"))
    diff = {}
    for name, value in changes.items():
        before = getattr(story, name)
        if before != value:
            diff[name] = [_plain(before), _plain(value)]
            setattr(story, name, value)
    if not diff:
        return story
    story.save()
    assignment = set(diff) <= ASSIGNMENT_FIELDS
    if assignment:
        who = "、".join(
            f"{PlannedStory._meta.get_field(name).verbose_name} {diff[name][1] or '—'}" for name in sorted(diff)
        )
        summary = _("{story}指派：{who}").format(story=_story_name(story), who=who)
    else:
        fields = "、".join(str(PlannedStory._meta.get_field(name).verbose_name) for name in diff)
        summary = _("修改{story}的{fields}").format(story=_story_name(story), fields=fields)
    _log(
        issue=story.page.issue,
        story=story,
        user=user,
        action=PlanChange.Action.ASSIGN if assignment else PlanChange.Action.EDIT,
        summary=summary,
        details=diff,
    )
    return story


def assign(*, story: PlannedStory, user, reporter: Person | None, photographer: Person | None = None) -> PlannedStory:
    """Assign the reporter and photographer of a story."""
    return edit_story(story=story, user=user, changes={"reporter": reporter, "photographer": photographer})


def _locked(story: PlannedStory) -> PlannedStory:
    return (
        PlannedStory.objects.select_for_update(of=("self",)).select_related("page__issue", "article").get(pk=story.pk)
    )


def _set_positions(model, rows: Sequence) -> set[int]:
    """Give `rows` (all the rows of one page) positions 0, 1, … in this order;
    returns the pks of those that moved. A moved article's time and version
    move with it, as for any other edit of what readers see."""
    moved = [(n, row) for n, row in enumerate(rows) if row.position != n]
    if not moved:
        return set()
    model.objects.filter(pk__in=[row.pk for _, row in moved], position__lt=_OUT_OF_THE_WAY).update(
        position=F("position") + _OUT_OF_THE_WAY
    )
    edited = {"updated_at": timezone.now(), "version": F("version") + 1} if model is Article else {}
    for n, row in moved:
        model.objects.filter(pk=row.pk).update(position=n, **edited)
        row.position = n
    return {row.pk for _, row in moved}


def _planned_on(page: Page) -> list[PlannedStory]:
    return list(PlannedStory.objects.planned().filter(page=page).select_for_update().order_by("position", "pk"))


def _sync_articles(page: Page) -> set[int]:
    """Put the page's articles in the plan's order, articles not from the plan
    after them; returns the ids of those that moved."""
    order = {
        s.article_id: s.position
        for s in PlannedStory.objects.planned().filter(page=page, article__isnull=False).only("article", "position")
    }
    articles = list(Article.objects.filter(page=page).select_for_update().only("pk", "position"))
    articles.sort(key=lambda a: (a.pk not in order, order.get(a.pk, 0), a.position, a.pk))
    return _set_positions(Article, articles)


def _park_article(article: Article, page: Page) -> None:
    """Move an article onto `page` out of the way of the others; its place comes from _sync_articles."""
    if article.page_id != page.pk:
        Article.objects.filter(pk=article.pk).update(
            page=page, position=_PARKED, is_lead=False, updated_at=timezone.now(), version=F("version") + 1
        )


def _record_move(*, action: str, article_ids: set[int], pages: list[Page]) -> None:
    """The articles that moved on (or between, or off) `pages`: a change for
    search (sort order), the page cache and the API's sync."""
    if not article_ids:
        return
    issues = {page.issue_id for page in pages}
    changes.record(
        kind="article",
        action=action,
        affected=changes.articles_affected(
            article_ids,
            pages=frozenset(page.pk for page in pages),
            issues=frozenset(page.issue.date for page in pages),
            listings=True,
            # Between issues: which issues are public may change.
            site=len(issues) > 1,
        ),
    )


@transaction.atomic
def move_story(*, story: PlannedStory, page: Page, position: int, user) -> PlannedStory:
    """Move a story to `position` (0 is the top) on `page`: of the same issue, or of
    a later one to postpone it (which stops it holding up this issue)."""
    _require(rules.can_move_story(user), _("只有总编可以移动选题。"))
    story = _locked(story)
    if story.status != PlannedStory.Status.PLANNED:
        raise PlanningError(_("{story}已撤下，请先恢复再移动。").format(story=_story_name(story)))
    if page.issue_id != story.page.issue_id and page.issue.date <= story.page.issue.date:
        raise PlanningError(
            _("{story}只能移到本期或以后某期的版面：{page}早于 {issue}。").format(
                story=_story_name(story), page=page, issue=story.page.issue
            )
        )
    if page.issue_id != story.page.issue_id:
        _check_slug(issue=page.issue, slug=story.slug, exclude=story)
    if position < 0:
        raise PlanningError(_("位置必须是正数：收到 {position}。").format(position=position + 1))
    source = story.page
    before = (source.number, story.position)
    if source.pk != page.pk:
        PlannedStory.objects.filter(pk=story.pk).update(page=page, position=_PARKED)
        story.page, story.position = page, _PARKED
    others = [s for s in _planned_on(page) if s.pk != story.pk]
    position = min(position, len(others))
    others.insert(position, story)
    _set_positions(PlannedStory, others)
    moved = set()
    if source.pk != page.pk:
        _set_positions(PlannedStory, _planned_on(source))
        if story.article is not None:
            _park_article(story.article, page)
            moved.add(story.article_id)
    moved |= _sync_articles(page)
    _record_move(action="moved", article_ids=moved, pages=[source, page])
    story.refresh_from_db()
    if before == (page.number, story.position) and source.pk == page.pk:
        return story
    target = _label(page) if page.issue_id == source.issue_id else f"{page.issue} {_label(page)}"
    summary = _("把{story}从{source}第 {a} 条移到{target}第 {b} 条").format(
        story=_story_name(story), source=_label(source), a=before[1] + 1, target=target, b=story.position + 1
    )
    details = {
        "page": [f"{source.issue.date} {before[0]:02d}", f"{page.issue.date} {page.number:02d}"],
        "position": [before[1] + 1, story.position + 1],
    }
    # A story postponed to a later issue shows in both issues' logs.
    for issue in {source.issue_id: source.issue, page.issue_id: page.issue}.values():
        _log(issue=issue, story=story, user=user, action=PlanChange.Action.MOVE, summary=summary, details=details)
    return story


@transaction.atomic
def drop_story(*, story: PlannedStory, user, reason: str = "") -> PlannedStory:
    """Take a story off its page (its article, if any, leaves the page too)."""
    _require(rules.can_drop_story(user), _("只有总编可以撤下选题。"))
    story = _locked(story)
    if story.status == PlannedStory.Status.DROPPED:
        raise PlanningError(_("{story}已经撤下了。").format(story=_story_name(story)))
    if story.article is not None and story.article.status == Article.Status.PUBLISHED:
        raise PlanningError(_("{story}的稿件已发布，不能撤下；请先撤稿。").format(story=_story_name(story)))
    PlannedStory.objects.filter(pk=story.pk).update(status=PlannedStory.Status.DROPPED)
    story.status = PlannedStory.Status.DROPPED
    if story.article is not None:
        # Recorded while it is still on its page, so the page's caches hear of it.
        _record_move(action="dropped", article_ids={story.article_id}, pages=[story.page])
        Article.objects.filter(pk=story.article_id).update(
            page=None, position=0, is_lead=False, updated_at=timezone.now(), version=F("version") + 1
        )
    _set_positions(PlannedStory, _planned_on(story.page))
    _record_move(action="moved", article_ids=_sync_articles(story.page), pages=[story.page])
    summary = _("撤下{page}的{story}").format(page=_label(story.page), story=_story_name(story))
    if reason.strip():
        summary = f"{summary}：{reason.strip()}"
    _log(issue=story.page.issue, story=story, user=user, action=PlanChange.Action.DROP, summary=summary)
    return story


@transaction.atomic
def restore_story(*, story: PlannedStory, user) -> PlannedStory:
    """Put a dropped story back, at the bottom of its page."""
    _require(rules.can_drop_story(user), _("只有总编可以恢复选题。"))
    story = _locked(story)
    if story.status != PlannedStory.Status.DROPPED:
        raise PlanningError(_("{story}没有被撤下。").format(story=_story_name(story)))
    PlannedStory.objects.filter(pk=story.pk).update(status=PlannedStory.Status.PLANNED, position=_PARKED)
    story.status = PlannedStory.Status.PLANNED
    _set_positions(PlannedStory, _planned_on(story.page))
    moved = set()
    if story.article is not None:
        _park_article(story.article, story.page)
        moved.add(story.article_id)
    moved |= _sync_articles(story.page)
    _record_move(action="restored", article_ids=moved, pages=[story.page])
    story.refresh_from_db()
    _log(
        issue=story.page.issue,
        story=story,
        user=user,
        action=PlanChange.Action.RESTORE,
        summary=_("恢复{story}到{page}").format(story=_story_name(story), page=_label(story.page)),
    )
    return story


@transaction.atomic
def start_writing(*, story: PlannedStory, user) -> Article:
    """Turn the planned story into a draft article on its page, written by its reporter.

    The draft is the reporter's own (`created_by` is the reporter's login), so it
    shows in their articles and follows the editorial workflow from here on.
    """
    story = _locked(story)
    if story.reporter is not None:
        story.reporter = Person.objects.select_related("user").get(pk=story.reporter_id)
    _require(
        rules.can_start_writing(user, story),
        _("只有被指派的记者或编辑可以为{story}开始写稿。").format(story=_story_name(story)),
    )
    if story.status != PlannedStory.Status.PLANNED:
        raise PlanningError(_("{story}已撤下，不能开始写稿。").format(story=_story_name(story)))
    if story.article is not None:
        raise PlanningError(
            _("{story}已经开始写稿：稿件《{headline}》。").format(story=_story_name(story), headline=story.article.headline)
        )
    if story.reporter is None:
        raise PlanningError(_("{story}还没有指派记者，不能开始写稿。").format(story=_story_name(story)))
    if story.reporter.user is None:
        raise PlanningError(
            _("记者{name}没有后台账号，稿件无法记在其名下；请先在“人员”里为其关联账号。").format(name=story.reporter.name)
        )
    article = Article(
        headline=story.working_headline,
        slug=story.slug[:80],
        page=story.page,
        position=_PARKED,
        created_by=story.reporter.user,
    )
    try:
        article = workflow.create_article(article=article, user=user)
    except workflow.WorkflowError as error:
        raise PlanningError(str(error)) from error
    Byline.objects.create(article=article, person=story.reporter, role=Role.REPORTER, order=0)
    if story.photographer_id is not None:
        Byline.objects.create(article=article, person_id=story.photographer_id, role=Role.PHOTOGRAPHER, order=1)
    PlannedStory.objects.filter(pk=story.pk).update(article=article)
    story.article = article
    _record_move(action="moved", article_ids=_sync_articles(story.page), pages=[story.page])
    article.refresh_from_db(fields=["position"])
    _log(
        issue=story.page.issue,
        story=story,
        user=user,
        action=PlanChange.Action.START_WRITING,
        summary=_("{reporter}开始写{story}").format(reporter=story.reporter.name, story=_story_name(story)),
        details={"article": article.pk},
    )
    return article


@transaction.atomic
def publish_planned_issue(*, issue: Issue, user, at: dt.datetime | None = None) -> list[Article]:
    """Publish the issue through the editorial workflow, which asks the plan first."""
    _require(rules.can_publish_issue(user), _("只有总编可以整期发布。"))
    try:
        published = workflow.publish_issue(issue=issue, user=user, at=at)
    except workflow.WorkflowError as error:
        raise PlanningError(str(error)) from error
    _log(
        issue=issue,
        user=user,
        action=PlanChange.Action.PUBLISH,
        summary=_("整期发布 {issue}：{n} 篇稿件").format(issue=issue, n=len(published)),
    )
    return published
