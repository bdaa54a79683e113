"""Stories that jump pages (转版): join each first part to its continuation.

A story whose text ends with （下转第N版） goes on in the story on page N of
the same issue whose text begins with （上接第M版）, M being the first part's
page. Both stay articles on their own pages (so each page lists, zones and
exports its own part); `Article.continues` links them, and readers read the
whole text at the first part.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from articles.models import Article, Issue
from articles.seedformat.jumps import FROM_WORDS, TO_WORDS, jumps_from, jumps_to


def _likeness(headline: str, other: str) -> float:
    """Share of the shorter headline's characters found in the other: a
    continuation repeats or shortens its first part's headline."""
    short, long = sorted((headline, other), key=len)
    return sum(ch in long for ch in short) / len(short) if short else 0.0


@transaction.atomic
def link_jumps(*, issue: Issue) -> list[tuple[Article, Article]]:
    """Link the issue's unjoined first parts to their continuations; returns
    the pairs joined now. A part whose other half is not (yet) in the issue
    stays as it is, so pages may be imported in any order."""
    # Only what can take part: text that may hold a marker, and parts joined
    # already (the part each continues is taken).
    can_take_part = Q(body__contains=TO_WORDS) | Q(body__contains=FROM_WORDS) | Q(continues__isnull=False)
    articles = list(
        Article.objects.filter(can_take_part, page__issue=issue)
        .select_related("page")
        .order_by("page__number", "position", "pk")
    )
    taken = {a.continues_id for a in articles if a.continues_id}
    tails = [a for a in articles if a.pk not in taken and jumps_from(a.paragraphs) is not None]
    joined = []
    for head in articles:
        target = jumps_to(head.paragraphs) if head.continues_id is None else None
        if target is None:
            continue
        candidates = [
            t for t in tails if t.page.number == target and jumps_from(t.paragraphs) == head.page.number and t != head
        ]
        if not candidates:
            continue
        tail = max(candidates, key=lambda t: _likeness(head.headline, t.headline))
        head.continues = tail
        head.save(update_fields=["continues", "updated_at"])
        tails.remove(tail)
        joined.append((head, tail))
    return joined
