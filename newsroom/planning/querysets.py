"""Reads of the plan: what is on an issue's board, whose it is, what blocks it."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, Q


class PlannedStoryQuerySet(models.QuerySet):
    def for_issue(self, issue):
        return self.filter(page__issue=issue)

    def planned(self):
        """On the board: not dropped."""
        return self.filter(status=self.model.Status.PLANNED)

    def assigned_to(self, user):
        """Stories the person logged in as `user` writes or photographs."""
        return self.filter(Q(reporter__user=user) | Q(photographer__user=user))

    def blocking(self):
        """Planned stories that hold up publication: not written, or not yet approved."""
        from .models import READY_STATUSES

        return self.planned().exclude(article__status__in=READY_STATUSES)

    def for_board(self):
        """What a card shows: page, people (and their logins), the article."""
        return self.select_related(
            "page__issue", "page__section", "reporter__user", "photographer__user", "article"
        ).order_by("page__number", "position", "pk")


class PlanChangeQuerySet(models.QuerySet):
    def for_issue(self, issue):
        return self.filter(issue=issue)

    def with_relations(self):
        return self.select_related("user", "story")


def plan_counts() -> dict:
    """Annotations for an Issue queryset: `n_planned` stories on its pages and
    `n_blocking`, those of them still holding it up (as PlannedStoryQuerySet.blocking)."""
    from .models import READY_STATUSES, PlannedStory

    planned = Q(pages__planned_stories__status=PlannedStory.Status.PLANNED)
    return {
        "n_planned": Count("pages__planned_stories", filter=planned, distinct=True),
        "n_blocking": Count(
            "pages__planned_stories",
            filter=planned & ~Q(pages__planned_stories__article__status__in=READY_STATUSES),
            distinct=True,
        ),
    }
