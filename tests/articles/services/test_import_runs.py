"""Import runs are on record from their start: running → finished / failed /
interrupted (the process died: see test_import_seeds_killed)."""

import pytest

from articles.models import ImportRun
from articles.services.importing import ImportOptions, SeedSource, import_files
from tests.conftest import SEED_FILE

pytestmark = pytest.mark.django_db


def sources(seed_bytes, n=3):
    return [SeedSource(name=f"{i}-{SEED_FILE.name}", data=seed_bytes) for i in range(n)]


def test_the_run_is_recorded_running_before_the_first_file_and_counts_as_it_goes(seed_bytes):
    seen = []

    def on_progress(done, total, file_report):
        seen.append(ImportRun.objects.values_list("status", "files_ok").get())

    import_files(sources=sources(seed_bytes), on_progress=on_progress)

    assert seen == [("running", 1), ("running", 2), ("running", 3)]
    run = ImportRun.objects.get()
    assert (run.status, run.files_ok) == ("finished", 3)
    assert run.finished_at is not None


def test_a_run_stopped_by_an_error_is_recorded_as_failed_and_the_error_raised(seed_bytes):
    def on_progress(done, total, file_report):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        import_files(sources=sources(seed_bytes), on_progress=on_progress)

    run = ImportRun.objects.get()
    assert (run.status, run.files_ok) == ("failed", 1)
    assert run.errors[-1]["reason"] == "RuntimeError: disk full"


def test_a_run_stopped_by_ctrl_c_is_recorded_as_interrupted(seed_bytes):
    def on_progress(done, total, file_report):
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_files(sources=sources(seed_bytes), on_progress=on_progress)

    assert ImportRun.objects.values_list("status", "files_ok").get() == ("interrupted", 2)


def test_a_dry_run_leaves_no_record(seed_bytes):
    import_files(sources=sources(seed_bytes, 1), options=ImportOptions(dry_run=True))
    assert not ImportRun.objects.exists()


def test_an_import_on_sqlite_leaves_the_planner_its_statistics(seed_bytes):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("planner statistics are autovacuum's on PostgreSQL")
    import_files(sources=sources(seed_bytes, n=1))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'articles_article'")
        assert cursor.fetchone()[0] > 0
