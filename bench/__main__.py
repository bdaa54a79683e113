"""`make bench`: runs every benchmark module in this package and prints tables.

Each module `bench/<name>.py` defines `run(args) -> None`; pick some with
`make bench BENCH_ARGS="importer search"`.
"""

import argparse
import importlib
import pkgutil
from pathlib import Path

from bench.common import setup_django

# Helpers, not benchmarks: `autozone` runs as part of `epaper`.
SKIP = {"common", "__main__", "autozone"}


def main() -> None:
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name not in SKIP)
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__)
    parser.add_argument("only", nargs="*", choices=[[]] + names, help="benchmarks to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="smaller data sets, for a smoke run")
    parser.add_argument(
        "--against",
        metavar="REV",
        help="pages: also measure git revision REV on the same archive, alternating with this checkout "
        "(REV must share this checkout's database schema)",
    )
    args = parser.parse_args()
    setup_django()
    for name in args.only or names:
        importlib.import_module(f"bench.{name}").run(args)


if __name__ == "__main__":
    main()
