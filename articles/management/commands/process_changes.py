import datetime as dt
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from articles import changes
from articles.management.arguments import positive_int


class Command(BaseCommand):
    help = (
        "Hand pending changes of the change log to their consumers (search index, page cache, API removals, "
        "数字报 files) now, until none is left; a consumer that fails is reported and the others carry on."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=positive_int, default=500, help="Changes handed to a consumer at once (default 500)."
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help=f"Also delete processed changes older than the retention (default {changes.RETENTION.days} days).",
        )
        parser.add_argument(
            "--retention-days",
            type=positive_int,
            default=changes.RETENTION.days,
            help="With --prune: keep processed changes this many days (default %(default)s).",
        )

    def handle(self, *args, limit, prune, retention_days, verbosity, **options):
        delivered: Counter = Counter()
        failed: dict[str, str] = {}
        while True:
            report = changes.process_pending(limit=limit)
            delivered.update(report.delivered)
            failed.update(report.failed)
            if verbosity >= 2 and report.delivered:
                self.stdout.write("  " + ", ".join(f"{name} {n}" for name, n in sorted(report.delivered.items())))
            if not report.delivered:
                break
        for name, error in sorted(failed.items()):
            self.stderr.write(self.style.ERROR(f"{error} (its changes stay pending)"))
        if prune:
            pruned = changes.prune(older_than=dt.timedelta(days=retention_days))
            if verbosity >= 1:
                self.stdout.write(f"Pruned {pruned} processed change(s) older than {retention_days} day(s).")
        count, oldest = changes.pending_summary()
        if verbosity >= 1:
            done = ", ".join(f"{name} {n}" for name, n in sorted(delivered.items())) or "nothing pending"
            self.stdout.write(self.style.SUCCESS(f"Delivered: {done}."))
            self.stdout.write(f"Pending: {count}" + (f", oldest recorded {oldest:%Y-%m-%d %H:%M:%S %Z}." if oldest else "."))
        if failed:
            raise CommandError(f"{len(failed)} consumer(s) failed: {', '.join(sorted(failed))}")
