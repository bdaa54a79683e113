from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from articles.management.arguments import positive_int
from newsroom.search.services import rebuild_index


class Command(BaseCommand):
    help = "Drop the search index and build it again from every article, in one transaction."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=positive_int, default=500, help="Articles read and indexed per step (default 500)."
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="Database alias to rebuild (default: %(default)s)."
        )

    def handle(self, *args, batch_size, database, verbosity, **options):
        if database not in connections:
            raise CommandError(f"--database {database!r} is not in settings.DATABASES")
        self.verbosity = verbosity
        self.reported = 0
        count = rebuild_index(batch_size=batch_size, using=database, progress=self._progress)
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(f"Indexed {count} article(s)."))

    def _progress(self, done: int, total: int) -> None:
        # About twenty lines for any archive size; every batch with -v 2.
        if self.verbosity >= 2 or (self.verbosity >= 1 and (done == total or done - self.reported >= total / 20)):
            self.reported = done
            self.stderr.write(f"  {done}/{total} articles ({done * 100 // max(total, 1)}%)")
