"""The change log (outbox): how a write tells search, caches, the API and the
数字报's files what it changed.

A service that changes what readers, partners or search see calls `record()`
inside its own transaction: one row in `articles_change`, committed or rolled
back with the write itself. After the commit the pending changes are handed
to every consumer registered through `articles.hooks.register_change_consumer`
(search index, page cache, API removals, …). A consumer that fails leaves its
changes pending, for it alone; they are retried after the next recorded write
commits, after a request at most once a `RETRY_SECONDS` in the process where
it failed, or by `python manage.py process_changes`. An import of many files
applies its changes once, at its end (`batched`). Nothing depends on model
signals, so `bulk_create` and `QuerySet.update()` in a service are safe.

Processed rows are kept for `RETENTION` (`process_changes --prune` deletes
older ones): what was deleted, and when, stays readable for that long.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field, fields

from django.db import DEFAULT_DB_ALIAS, DatabaseError, transaction
from django.db.models import Count, F, Max, Min
from django.utils import timezone

from .hooks import change_consumers

logger = logging.getLogger("newsroom.changes")

# How long processed changes are kept before `process_changes --prune` may delete them.
RETENTION = dt.timedelta(days=30)
# The `pending` value of a change no consumer is waiting for.
NONE_PENDING = "|"
# How often a process looks for changes left pending, after a request.
RETRY_SECONDS = 30.0

_last_retry = -RETRY_SECONDS  # monotonic time this process last retried
_left_pending = False  # whether a consumer failed in this process since
_batching = threading.local()  # depth of `batched()` blocks in this thread


@dataclass(frozen=True)
class Affected:
    """What a change may have altered of what readers, partners and search see. Every field in core vocabulary."""

    articles: frozenset[int] = frozenset()  # ids whose public form may have changed (edits, moves, publish…)
    deleted_articles: frozenset[int] = frozenset()  # ids deleted or taken out of publication (withdrawn, unpublished)
    pages: frozenset[int] = frozenset()  # page ids, before AND after a move
    issues: frozenset[dt.date] = frozenset()  # dates of issues whose pages show it, before AND after a move
    sections: frozenset[int] = frozenset()
    people: frozenset[int] = frozenset()
    tags: frozenset[str] = frozenset()  # tag slugs
    listings: bool = False  # front page, archive, section/person/tag lists, feeds, sitemaps, search results
    site: bool = False  # every page (masthead, footer channels, publication name/hotline, which issues exist)

    def __or__(self, other: Affected) -> Affected:
        return Affected(
            **{
                f.name: (getattr(self, f.name) or getattr(other, f.name))
                if f.type == "bool"
                else getattr(self, f.name) | getattr(other, f.name)
                for f in fields(self)
            }
        )

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def as_json(self) -> dict:
        """Only what is set, sets as sorted lists, dates as ISO strings."""
        data: dict = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value and f.type == "bool":
                data[f.name] = True
            elif value:
                data[f.name] = sorted(d.isoformat() if isinstance(d, dt.date) else d for d in value)
        return data

    @classmethod
    def from_json(cls, data: dict) -> Affected:
        values: dict = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            if f.type == "bool":
                values[f.name] = bool(data[f.name])
            elif f.name == "issues":
                values[f.name] = frozenset(dt.date.fromisoformat(d) for d in data[f.name])
            else:
                values[f.name] = frozenset(data[f.name])
        return cls(**values)


def articles_affected(
    article_ids: Iterable[int], *, deleted: bool = False, using: str = DEFAULT_DB_ALIAS, **more
) -> Affected:
    """The articles with their pages, issues and sections as stored now (call
    it before a delete or a move, and again after a move). `deleted` files
    the ids under `deleted_articles`; `more` adds other fields of Affected."""
    from .models import Article

    ids = frozenset(article_ids)
    rows = list(
        Article.objects.using(using)
        .filter(pk__in=ids)
        .values_list("page_id", "page__issue__date", "page__section_id")
        .order_by()
    )
    return Affected(
        articles=frozenset() if deleted else ids,
        deleted_articles=ids if deleted else frozenset(),
        pages=frozenset(r[0] for r in rows if r[0] is not None),
        issues=frozenset(r[1] for r in rows if r[1] is not None),
        sections=frozenset(r[2] for r in rows if r[2] is not None),
    ) | Affected(**more)


def record(*, kind: str, action: str, affected: Affected, using: str = DEFAULT_DB_ALIAS):
    """Called by a service INSIDE its transaction: one durable row in the change log (the outbox).

    Pending for every consumer registered now; handed to them after the
    transaction commits (nothing, if it rolls back).
    """
    from .models import Change

    names = change_consumers()
    pending = "|" + "".join(f"{name}|" for name in names) if names else NONE_PENDING
    change = Change.objects.using(using).create(
        kind=kind,
        action=action,
        data=affected.as_json(),
        pending=pending,
        processed_at=None if names else timezone.now(),
    )
    if names and not getattr(_batching, "depth", 0):
        _process_after_commit(using)
    return change


def _process_after_commit(using: str) -> None:
    # A plain named function: Django's robust on_commit logs a failure by
    # the callback's __qualname__, which a functools.partial lacks. The
    # first to run after a commit does the work; any others of the same
    # transaction find nothing pending (one query per consumer).
    def process_pending_after_commit() -> None:
        process_pending(using=using)

    # robust: the write is committed whatever a consumer does; a failure is
    # logged and its changes stay pending.
    transaction.on_commit(process_pending_after_commit, using=using, robust=True)


@dataclass
class ProcessReport:
    delivered: Counter = field(default_factory=Counter)  # consumer name -> changes handed over successfully
    failed: dict[str, str] = field(default_factory=dict)  # consumer name -> its error, when it raised

    @property
    def ok(self) -> bool:
        return not self.failed


def process_pending(*, limit: int = 500, using: str = DEFAULT_DB_ALIAS) -> ProcessReport:
    """Apply pending changes now: up to `limit` per consumer, oldest first.

    One transaction with the batch's rows locked (SKIP LOCKED on PostgreSQL,
    so processes running at once share the work instead of waiting or doing
    it twice); each consumer in a savepoint of its own, so one that fails
    keeps its changes pending and holds back no other. Which changes a
    consumer still owes is kept per change, never as a high-water mark:
    with concurrent writers a lower seq may commit after a higher one.
    """
    from .models import Change

    report = ProcessReport()
    consumers = change_consumers()
    if not consumers:
        return report
    with transaction.atomic(using=using):
        locked = (
            Change.objects.using(using)
            .select_for_update(skip_locked=True)
            .filter(processed_at__isnull=True)
            .order_by("seq")
        )
        batch = list(locked[:limit])
        for name, consume in consumers.items():
            tag = f"|{name}|"
            if len(batch) < limit:
                owed = [change for change in batch if tag in change.pending]  # all that is pending is in hand
            else:
                # A backlog (a consumer that keeps failing, say): each takes its own oldest.
                owed = list(locked.filter(pending__contains=tag)[:limit])
            if owed:
                _deliver(name, consume, owed, using=using, report=report)
    return report


def _deliver(name: str, consume, owed: list, *, using: str, report: ProcessReport) -> None:
    from .models import Change

    global _left_pending
    tag = f"|{name}|"
    rows = Change.objects.using(using)
    try:
        # A savepoint: a consumer that fails halfway leaves nothing half written.
        with transaction.atomic(using=using):
            consume(owed)
    except Exception as exc:  # noqa: BLE001 - any failure leaves the changes pending
        logger.exception("change consumer %s failed on %d change(s) from seq %d", name, len(owed), owed[0].seq)
        error = f"{name}: {type(exc).__name__}: {exc}"[:1000]
        rows.filter(seq__in=[change.seq for change in owed]).update(attempts=F("attempts") + 1, last_error=error)
        report.failed[name] = error
        _left_pending = True
        return
    # The rows are locked: nobody else changes `pending` meanwhile.
    now = timezone.now()
    remaining: dict[str, list[int]] = defaultdict(list)
    for change in owed:
        change.pending = change.pending.replace(tag, "|")
        remaining[change.pending].append(change.seq)
    for pending, seqs in remaining.items():
        done = {"processed_at": now, "last_error": ""} if pending == NONE_PENDING else {}
        rows.filter(seq__in=seqs).update(pending=pending, **done)
    report.delivered[name] += len(owed)


@contextmanager
def batched(*, limit: int = 500, using: str = DEFAULT_DB_ALIAS):
    """Within: changes recorded in this thread are applied when the block
    ends, not after each commit (an import of many files, each its own
    transaction, applies them together). A change left pending by a block
    that never ends (a killed import) is applied by the next write, request
    or `process_changes`."""
    _batching.depth = getattr(_batching, "depth", 0) + 1
    try:
        yield
    finally:
        _batching.depth -= 1
    if _batching.depth == 0:
        while process_pending(limit=limit, using=using).delivered:
            pass


def retry_now_and_then(**kwargs) -> None:
    """After a request (`request_finished`): when a consumer failed in this
    process, at most once a RETRY_SECONDS apply what it left pending; so a
    backlog drains without a worker or a cron job. Costs nothing otherwise."""
    global _last_retry, _left_pending
    now = time.monotonic()
    if not _left_pending or now - _last_retry < RETRY_SECONDS:
        return
    _last_retry, _left_pending = now, False
    try:
        process_pending()
    except DatabaseError:
        # The response is already sent; try again after a later request.
        _left_pending = True
        logger.exception("could not apply pending changes after a request")


def pending_summary(*, using: str = DEFAULT_DB_ALIAS) -> tuple[int, dt.datetime | None]:
    """How many changes some consumer still owes, and when the oldest was recorded."""
    from .models import Change

    pending = Change.objects.using(using).filter(processed_at__isnull=True).order_by()
    summary = pending.aggregate(count=Count("seq"), oldest=Min("created_at"))
    return summary["count"], summary["oldest"]


def latest_seq(*, using: str = DEFAULT_DB_ALIAS) -> int:
    """The highest recorded seq (0 if none)."""
    from .models import Change

    return Change.objects.using(using).aggregate(seq=Max("seq"))["seq"] or 0


def prune(*, older_than: dt.timedelta = RETENTION, using: str = DEFAULT_DB_ALIAS) -> int:
    """Delete processed changes recorded more than `older_than` ago; returns how many."""
    from .models import Change

    cutoff = timezone.now() - older_than
    deleted, _per_model = (
        Change.objects.using(using).filter(processed_at__isnull=False, created_at__lt=cutoff).delete()
    )
    return deleted
