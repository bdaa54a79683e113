"""Import speed: per-page time for 100 and 1,000 generated pages, the ratio
between the two (it should stay close to 1: linear), and a no-op re-import;
then where the time of importing 100 pages goes, and what the run log
(ImportRun's record and heartbeat, the change records) costs: imported as in
production, without share cards, with the log kept but every change
consumer idle, and with no log at all."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time

from bench.common import print_table, reset_database


def generated_archive(pages: int, *, seed: int = 7):
    """`pages` seed files: issues of four pages (front page first)."""
    from tests.support.seedgen import generate_page
    from articles.services.importing import SeedSource

    rng = random.Random(seed)
    sections = ["头版", "要闻", "新城", "家园"]
    sources = []
    start = dt.date(2000, 1, 3)
    for n in range(pages):
        number = n % 4 + 1
        date = start + dt.timedelta(days=n // 4)
        text = generate_page(rng, date=date, front=number == 1, page_number=number, section=sections[number - 1])
        sources.append(SeedSource(name=f"{n:05d}.txt", data=text.encode("utf-8")))
    return sources


def _import(sources, *, share_cards: bool = True) -> tuple[float, object, float]:
    """(wall-clock seconds, the report, CPU seconds of this process): SQLite
    runs in the process, so on a shared machine its CPU time is the steadier
    measure."""
    from django.test import override_settings

    from articles.services.importing import ImportOptions, import_files

    start, cpu = time.perf_counter(), time.process_time()
    # As in production: the test settings leave share cards undrawn. Each
    # import draws them into new media, not finding those of the last one.
    with tempfile.TemporaryDirectory() as media, override_settings(NEWSROOM_SHARE_CARDS=True, MEDIA_ROOT=media):
        report = import_files(sources=sources, options=ImportOptions(share_cards=share_cards))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert not report.failed, report.failed[0].message
    return elapsed, report, cpu


def _import_without(
    sources, *, share_cards: bool = True, consumers: bool = True, log: bool = True
) -> tuple[float, float]:
    """Seconds (wall, CPU) to import `sources` into an empty database: without
    share cards (`--no-share-cards`), with the change consumers idle, and with
    no run log (no ImportRun, no change records)."""
    from unittest import mock

    from articles import changes, hooks
    from articles.services import importing

    reset_database()
    idle = {name: (lambda batch: None) for name in hooks.change_consumers()}
    with (
        mock.patch.dict(hooks._change_consumers, {} if consumers else idle),
        mock.patch.object(changes, "record", changes.record if log else lambda **kwargs: None),
        mock.patch.object(importing, "_start_run", importing._start_run if log else lambda **kwargs: None),
    ):
        elapsed, _report, cpu = _import(sources, share_cards=share_cards)
        return elapsed, cpu


def run(args) -> None:
    sizes = (20, 200) if args.quick else (100, 1000)
    rows = []
    per_page = {}
    for size in sizes:
        reset_database()
        sources = generated_archive(size)
        first, _report, first_cpu = _import(sources)
        again, report, again_cpu = _import(sources)
        assert not any(f.changed for f in report.files)
        per_page[size] = first / size
        rows.append((size, first, first / size * 1000, first_cpu, again, again / size * 1000, again_cpu))
    small, large = sizes
    print_table(
        "Import (generated seed archive)",
        ["pages", "import s", "ms/page", "CPU s", "re-import s (no change)", "ms/page", "CPU s"],
        rows,
    )
    print(f"\nper-page time ratio {large} vs {small} pages: {per_page[large] / per_page[small]:.2f} (1.00 = linear)")

    log_pages = 100
    sources = generated_archive(log_pages)
    ways = {
        "as in production": {},
        "without share cards": {"share_cards": False},
        "run log, consumers idle": {"consumers": False},
        "no run log": {"consumers": False, "log": False},
    }
    # The best of three, taken in turns: a difference of a few per cent needs it.
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in ways}
    for _ in range(3):
        for name, how in ways.items():
            samples[name].append(_import_without(sources, **how))
    runs = {name: (min(wall for wall, _ in times), min(cpu for _, cpu in times)) for name, times in samples.items()}
    print_table(
        f"Where the time goes (import of {log_pages} pages, best of 3)",
        ["", "import s", "ms/page", "CPU s"],
        [(name, wall, wall / log_pages * 1000, cpu) for name, (wall, cpu) in runs.items()],
    )
    for i, measure in enumerate(("wall-clock", "CPU")):
        logged, bare, whole = runs["run log, consumers idle"][i], runs["no run log"][i], runs["as in production"][i]
        print(
            f"\nthe run log's own cost ({measure}): {logged / bare - 1:.0%} of the import without it, "
            f"{(logged - bare) / whole:.0%} of the import as in production"
        )
