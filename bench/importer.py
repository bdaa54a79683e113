"""Import speed: per-page time for 100 and 1,000 generated pages, the ratio
between the two (it should stay close to 1: linear), and a no-op re-import;
then what the run log (ImportRun's record and heartbeat, the change records)
costs the import of the smaller archive: imported as in production, with the
log kept but every change consumer idle, and with no log at all."""

from __future__ import annotations

import datetime as dt
import random
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


def _import(sources) -> tuple[float, object]:
    from django.test import override_settings

    from articles.services.importing import import_files

    start = time.perf_counter()
    # As in production: the test settings leave share cards undrawn.
    with override_settings(NEWSROOM_SHARE_CARDS=True):
        report = import_files(sources=sources)
    elapsed = time.perf_counter() - start
    assert not report.failed, report.failed[0].message
    return elapsed, report


def _import_without(sources, *, consumers: bool = True, log: bool = True) -> float:
    """Seconds to import `sources` into an empty database: with the change
    consumers idle, and with no run log (no ImportRun, no change records)."""
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
        return _import(sources)[0]


def run(args) -> None:
    sizes = (20, 200) if args.quick else (100, 1000)
    rows = []
    per_page = {}
    for size in sizes:
        reset_database()
        sources = generated_archive(size)
        first, _ = _import(sources)
        again, report = _import(sources)
        assert not any(f.changed for f in report.files)
        per_page[size] = first / size
        rows.append((size, first, first / size * 1000, again, again / size * 1000))
    small, large = sizes
    print_table(
        "Import (generated seed archive)",
        ["pages", "import s", "ms/page", "re-import s (no change)", "ms/page"],
        rows,
    )
    print(f"\nper-page time ratio {large} vs {small} pages: {per_page[large] / per_page[small]:.2f} (1.00 = linear)")

    sources = generated_archive(small)
    ways = {
        "as in production": {},
        "run log, consumers idle": {"consumers": False},
        "no run log": {"consumers": False, "log": False},
    }
    # The best of three, taken in turns: a difference of a few per cent needs it.
    samples: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(3):
        for name, how in ways.items():
            samples[name].append(_import_without(sources, **how))
    runs = {name: min(times) for name, times in samples.items()}
    print_table(
        f"The run log's cost (import of {small} pages)",
        ["", "import s", "ms/page"],
        [(name, seconds, seconds / small * 1000) for name, seconds in runs.items()],
    )
    print(f"\nthe run log's own cost: {runs['run log, consumers idle'] / runs['no run log'] - 1:.0%} of the import without it")
