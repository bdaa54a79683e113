"""The change log (articles/changes.py): recorded with the write, handed to
each consumer after the commit, and kept pending per consumer until it
succeeds."""

import datetime as dt
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from articles import changes, hooks
from articles.changes import Affected
from articles.models import Change

pytestmark = pytest.mark.django_db


@pytest.fixture
def probe(monkeypatch):
    """A consumer that keeps what it got, and fails while `probe.broken`."""

    class Probe:
        broken = False
        seen: list[int] = []

        def __call__(self, batch):
            if self.broken:
                raise ConnectionError("the probe's server is down")
            self.seen.extend(change.seq for change in batch)

    probe = Probe()
    probe.seen = []
    monkeypatch.setitem(hooks._change_consumers, "probe", probe)
    # Its failures must not make later tests' requests retry (and query).
    monkeypatch.setattr(changes, "_left_pending", False)
    return probe


def record(**affected) -> Change:
    return changes.record(kind="article", action="edited", affected=Affected(**affected))


def test_affected_survives_the_round_trip_through_json():
    affected = Affected(
        articles=frozenset({3, 1}),
        deleted_articles=frozenset({7}),
        issues=frozenset({dt.date(2019, 7, 11)}),
        tags=frozenset({"党建"}),
        listings=True,
    )
    assert Affected.from_json(affected.as_json()) == affected


def test_affected_unites_two_changes():
    united = Affected(articles=frozenset({1})) | Affected(articles=frozenset({2}), site=True)
    assert united == Affected(articles=frozenset({1, 2}), site=True)


def test_a_change_is_pending_for_every_registered_consumer(probe):
    change = record(articles=frozenset({1}))
    assert all(f"|{name}|" in change.pending for name in hooks.change_consumers())
    assert "|probe|" in change.pending
    assert change.processed_at is None


def test_a_rolled_back_write_leaves_no_change():
    with pytest.raises(RuntimeError), transaction.atomic():
        record(articles=frozenset({1}))
        raise RuntimeError("the service failed")
    assert not Change.objects.exists()


def test_changes_are_processed_after_the_commit_by_a_named_function(probe, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        change = record(articles=frozenset({1}))
    assert probe.seen == [change.seq]
    # Django's robust on_commit logs a failing callback by its __qualname__.
    assert callbacks[0].__qualname__.endswith("process_pending_after_commit")
    change.refresh_from_db()
    assert change.processed_at is not None
    assert change.pending == changes.NONE_PENDING


def test_consumers_get_their_batch_in_seq_order(probe):
    recorded = [record(articles=frozenset({n})).seq for n in range(3)]
    changes.process_pending()
    assert probe.seen == recorded


def test_a_failing_consumer_keeps_its_changes_pending_and_holds_back_no_other(probe, monkeypatch):
    delivered_elsewhere = []
    monkeypatch.setitem(hooks._change_consumers, "steady", delivered_elsewhere.extend)
    probe.broken = True
    change = record(articles=frozenset({1}))
    report = changes.process_pending()
    assert "ConnectionError" in report.failed["probe"]
    assert report.delivered["steady"] == 1
    assert delivered_elsewhere == [change]
    change.refresh_from_db()
    assert change.pending == "|probe|"
    assert (change.attempts, change.processed_at) == (1, None)
    assert "the probe's server is down" in change.last_error


def test_process_changes_applies_what_failed_earlier(probe):
    probe.broken = True
    change = record(articles=frozenset({1}))
    changes.process_pending()
    probe.broken = False
    out = StringIO()
    call_command("process_changes", stdout=out)
    assert probe.seen == [change.seq]
    assert "Pending: 0." in out.getvalue()
    change.refresh_from_db()
    assert change.processed_at is not None


def test_process_changes_names_a_failing_consumer_and_exits_non_zero(probe):
    probe.broken = True
    record(articles=frozenset({1}))
    err = StringIO()
    with pytest.raises(CommandError, match="probe"):
        call_command("process_changes", stdout=StringIO(), stderr=err)
    assert "its changes stay pending" in err.getvalue()


def test_pending_summary_counts_and_dates_the_oldest(probe):
    probe.broken = True
    first = record(articles=frozenset({1}))
    record(articles=frozenset({2}))
    changes.process_pending()
    assert changes.pending_summary() == (2, first.created_at)


def test_latest_seq_is_the_highest_recorded():
    assert changes.latest_seq() == 0
    change = record(articles=frozenset({1}))
    assert changes.latest_seq() == change.seq


def test_pruning_deletes_only_processed_changes_past_the_retention(probe):
    old = record(articles=frozenset({1}))
    recent = record(articles=frozenset({2}))
    changes.process_pending()
    probe.broken = True
    stuck = record(articles=frozenset({3}))
    changes.process_pending()
    long_ago = timezone.now() - changes.RETENTION - dt.timedelta(days=1)
    Change.objects.filter(seq__in=[old.seq, stuck.seq]).update(created_at=long_ago)
    assert changes.prune() == 1
    assert set(Change.objects.values_list("seq", flat=True)) == {recent.seq, stuck.seq}


def test_process_changes_prunes_on_request():
    old = record(articles=frozenset({1}))
    changes.process_pending()
    Change.objects.filter(seq=old.seq).update(created_at=timezone.now() - dt.timedelta(days=3))
    out = StringIO()
    call_command("process_changes", "--prune", "--retention-days", "2", stdout=out)
    assert "Pruned 1 processed change(s) older than 2 day(s)." in out.getvalue()
    assert not Change.objects.exists()


def test_a_consumer_name_must_be_a_plain_word():
    with pytest.raises(ValueError, match="letters, digits and underscores"):
        hooks.register_change_consumer("a|b", lambda batch: None)


def test_a_request_applies_what_was_left_pending_once_the_retry_time_has_come(probe, client, monkeypatch):
    probe.broken = True
    change = record(articles=frozenset({1}))
    changes.process_pending()
    probe.broken = False
    monkeypatch.setattr(changes, "_last_retry", time.monotonic())
    client.get("/healthz")
    assert probe.seen == []  # retried less than RETRY_SECONDS ago
    monkeypatch.setattr(changes, "_last_retry", time.monotonic() - changes.RETRY_SECONDS)
    client.get("/healthz")
    assert probe.seen == [change.seq]


@pytest.mark.parametrize("value", ["0", "many"])
def test_process_changes_refuses_a_bad_limit_naming_the_flag(value):
    with pytest.raises(CommandError, match=f"--limit: '{value}' is not a positive whole number"):
        call_command("process_changes", "--limit", value)


def test_requests_cost_no_query_while_no_consumer_has_failed(client, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(changes, "_last_retry", time.monotonic() - changes.RETRY_SECONDS)
    with django_assert_num_queries(0):
        changes.retry_now_and_then()


def test_changes_recorded_in_a_batch_are_applied_when_it_ends(probe):
    with changes.batched():
        with transaction.atomic():
            first = record(articles=frozenset({1}))
        with transaction.atomic():
            second = record(articles=frozenset({2}))
        assert probe.seen == []
    assert probe.seen == [first.seq, second.seq]


def test_a_backlog_larger_than_the_batch_still_reaches_every_consumer(probe):
    probe.broken = True
    stuck = [record(articles=frozenset({n})).seq for n in range(3)]
    changes.process_pending(limit=2)
    probe.broken = False
    report = changes.process_pending(limit=2)
    assert report.delivered["probe"] == 2
    assert probe.seen == stuck[:2]
