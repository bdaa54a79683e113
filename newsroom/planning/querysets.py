"""Reads of the plan: what is on an issue's board, whose it is, what blocks it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


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
