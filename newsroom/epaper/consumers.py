"""The 数字报's derived files follow the change log (articles/changes.py).

An issue's merged PDF is checked against its page files whenever it is
asked for (services.issue_pdf); this drops a PDF as soon as a change to its
issue leaves it stale, so no outdated file lingers in storage or in a
download started before the next request rebuilt it.
"""

from __future__ import annotations

from collections.abc import Sequence

from articles.models import Change

from . import services
from .models import IssuePdf


def consume_changes(changes: Sequence[Change]) -> None:
    dates = set().union(*(change.affected.issues for change in changes))
    if not dates:
        return
    for pdf in IssuePdf.objects.filter(issue__date__in=dates).select_related("issue"):
        if pdf.page_hashes != services.page_hashes(pdf.issue):
            pdf.delete()  # its file goes after commit (signals.py)
