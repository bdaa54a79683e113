"""Import speed: per-page time for 100 and 1,000 generated pages, the ratio
between the two (it should stay close to 1: linear), and a no-op re-import."""

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
    from articles.services.importing import import_files

    start = time.perf_counter()
    report = import_files(sources=sources)
    elapsed = time.perf_counter() - start
    assert not report.failed, report.failed[0].message
    return elapsed, report


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
