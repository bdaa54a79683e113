"""What the board shows for one issue, read in a fixed number of queries:
the pages as columns, the stories as cards, what blocks publication, and the
latest changes to the plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Issue, Page
from articles.text import count_characters, house_rule

from . import rules
from .models import PlanChange, PlannedStory

RECENT_CHANGES = 15


@dataclass
class Card:
    story: PlannedStory
    status_label: str
    is_late: bool
    is_mine: bool
    blocker: str
    can_start_writing: bool

    @property
    def actual_chars(self) -> int | None:
        """汉字 of the story's article by the house rule; None before writing starts."""
        article = self.story.article
        return count_characters(article.body, house_rule()).hanzi if article else None

    @property
    def status_class(self) -> str:
        if self.story.status == PlannedStory.Status.DROPPED:
            return "dropped"
        return self.story.article.status if self.story.article else "unwritten"


@dataclass
class Column:
    page: Page
    cards: list[Card] = field(default_factory=list)

    @property
    def planned_chars(self) -> int:
        return sum(c.story.expected_length or 0 for c in self.cards)

    @property
    def actual_chars(self) -> int:
        return sum(c.actual_chars or 0 for c in self.cards)

    @property
    def blocked(self) -> int:
        return sum(1 for c in self.cards if c.blocker)


@dataclass
class Board:
    issue: Issue
    columns: list[Column]
    mine: list[Card]
    dropped: list[Card]
    blockers: list[str]
    changes: list[PlanChange]
    now: dt.datetime


def blocker_for(story: PlannedStory) -> str:
    """Why this story holds up publication, or '' when it does not."""
    if story.status != PlannedStory.Status.PLANNED or story.is_ready:
        return ""
    page = _("第{n:02d}版").format(n=story.page.number)
    if story.article is None:
        reporter = story.reporter.name if story.reporter else _("未指派")
        return str(
            _("{page}《{headline}》还没有开始写稿（记者：{reporter}）。").format(
                page=page, headline=story.working_headline, reporter=reporter
            )
        )
    # The plan's name for the story: the board is read by every reporter, the
    # article's own headline only by those the policy lets see the draft.
    return str(
        _("{page}《{headline}》的稿件还是“{status}”，尚未审核通过。").format(
            page=page, headline=story.working_headline, status=story.article.get_status_display()
        )
    )


def publication_blockers(issue: Issue) -> list[str]:
    """Every planned story that stops `issue` from being published, in page order."""
    stories = PlannedStory.objects.for_issue(issue).blocking().for_board()
    return [blocker_for(s) for s in stories]


def build_board(issue: Issue, user, *, now: dt.datetime | None = None) -> Board:
    now = now or timezone.now()
    pages = list(Page.objects.filter(issue=issue).select_related("section").order_by("number"))
    columns = {p.pk: Column(page=p) for p in pages}
    mine, dropped, blockers = [], [], []
    for story in PlannedStory.objects.for_issue(issue).for_board():
        story.page = columns[story.page_id].page
        card = Card(
            story=story,
            status_label=story.status_label(),
            is_late=story.is_late(now),
            is_mine=rules.works_on(user, story),
            blocker=blocker_for(story),
            can_start_writing=story.article is None
            and story.reporter is not None
            and story.status == PlannedStory.Status.PLANNED
            and rules.can_start_writing(user, story),
        )
        if card.blocker:
            blockers.append(card.blocker)
        if story.status == PlannedStory.Status.DROPPED:
            dropped.append(card)
            continue
        columns[story.page_id].cards.append(card)
        if card.is_mine:
            mine.append(card)
    changes = list(PlanChange.objects.for_issue(issue).with_relations()[:RECENT_CHANGES])
    return Board(
        issue=issue,
        columns=list(columns.values()),
        mine=mine,
        dropped=dropped,
        blockers=blockers,
        changes=changes,
        now=now,
    )
