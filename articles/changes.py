"""INTERIM SHIM (replaced by issue 13a's change pipeline at merge).

The same names and signatures as the pipeline's interface, just enough for
the edge purge consumer to run in this branch: changes are kept in memory
(not durable), and an article save records one. Issue 13a's services record
changes themselves and keep them in the `articles_change` table.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone


@dataclass(frozen=True)
class Affected:
    articles: frozenset[int] = frozenset()
    deleted_articles: frozenset[int] = frozenset()
    pages: frozenset[int] = frozenset()
    issues: frozenset[dt.date] = frozenset()
    sections: frozenset[int] = frozenset()
    people: frozenset[int] = frozenset()
    tags: frozenset[str] = frozenset()
    listings: bool = False
    site: bool = False


@dataclass
class Change:
    seq: int
    kind: str
    action: str
    affected: Affected
    created_at: dt.datetime = field(default_factory=timezone.now)
    pending: set[str] = field(default_factory=set)


_seq = itertools.count(1)
_pending: list[Change] = []
_lock = threading.Lock()


def record(*, kind: str, action: str, affected: Affected, using: str = "default") -> Change:
    from .hooks import change_consumers

    change = Change(seq=next(_seq), kind=kind, action=action, affected=affected, pending=set(change_consumers()))
    transaction.on_commit(_queue_and_process(change), using=using, robust=True)
    return change


def _queue_and_process(change: Change):
    def queue_and_process() -> None:
        with _lock:
            _pending.append(change)
        process_pending()

    return queue_and_process


def process_pending(*, limit: int = 500) -> None:
    from .hooks import change_consumers

    with _lock:
        batch = _pending[:limit]
    for name, consume in change_consumers().items():
        mine = [change for change in batch if name in change.pending]
        if not mine:
            continue
        try:
            consume(mine)
        except Exception:  # noqa: BLE001 - stays pending for this consumer
            continue
        for change in mine:
            change.pending.discard(name)
    with _lock:
        _pending[:] = [change for change in _pending if change.pending]


def _article_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance.page_id is None:
        return
    page = instance.page
    record(
        kind="article",
        action="edited",
        affected=Affected(
            articles=frozenset({instance.pk}),
            pages=frozenset({page.pk}),
            issues=frozenset({page.issue.date}),
            sections=frozenset({page.section_id}),
            people=frozenset(instance.bylines.values_list("person_id", flat=True)),
            listings=True,
        ),
    )


post_save.connect(_article_saved, sender="articles.Article", dispatch_uid="changes_shim.article_saved")
