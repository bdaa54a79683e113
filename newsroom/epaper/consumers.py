"""The 数字报's derived files follow the change log (articles/changes.py).

A change to an issue's pages (a page file attached, replaced or removed, an
edition published or released) leaves its merged PDF current or stale;
this merges it again where it is stale, so readers, who never build it
(GET never writes), find it ready. `refresh_issue_pdf` is a no-op for a
current PDF, so a publication that already merged it costs one comparison.
"""

from __future__ import annotations

from collections.abc import Sequence

from articles.models import Change, Issue

from . import services


def consume_changes(changes: Sequence[Change]) -> None:
    dates = set().union(*(change.affected.issues for change in changes))
    for issue in Issue.objects.filter(date__in=dates).order_by("date"):
        services.refresh_issue_pdf(issue=issue)
