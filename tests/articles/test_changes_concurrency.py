"""Several processes applying the change log at once share the work: with
SKIP LOCKED each change reaches each consumer once, and none is skipped."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from articles import changes, hooks
from articles.changes import Affected

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks with SKIP LOCKED are PostgreSQL's")
def test_concurrent_processing_delivers_every_change_exactly_once(monkeypatch):
    seen: Counter = Counter()
    lock = threading.Lock()

    def probe(batch):
        with lock:
            seen.update(change.seq for change in batch)

    # Only the probe: the real consumers have nothing to do with these ids.
    monkeypatch.setattr(hooks, "_change_consumers", {"probe": probe})
    # Recorded without the usual after-commit processing: the workers do it.
    monkeypatch.setattr(changes, "_process_after_commit", lambda using: None)
    recorded = [changes.record(kind="article", action="edited", affected=Affected(articles=frozenset({n}))).seq
                for n in range(200)]  # fmt: skip

    def worker():
        try:
            while changes.process_pending(limit=7).delivered:
                pass
        finally:
            connections.close_all()

    assert changes.pending_summary()[0] == 200
    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(seen) == recorded
    assert set(seen.values()) == {1}
    assert changes.pending_summary() == (0, None)
