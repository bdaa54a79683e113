import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.management.arguments import positive_int
from newsroom.desk import services


class Command(BaseCommand):
    help = (
        "Delete the editor's desk's autosaves older than a number of days and presence rows of forms "
        "closed without saying goodbye; run it daily, beside `process_changes --prune`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--autosave-days",
            type=positive_int,
            default=settings.NEWSROOM_DESK_AUTOSAVE_KEEP_DAYS,
            help="Keep autosaves this many days (default %(default)s, NEWSROOM_DESK_AUTOSAVE_KEEP_DAYS).",
        )

    def handle(self, *args, autosave_days, verbosity, **options):
        pruned = services.prune(autosave_age=dt.timedelta(days=autosave_days))
        if verbosity >= 1:
            self.stdout.write(
                f"Pruned {pruned.autosaves} autosave(s) older than {autosave_days} day(s) "
                f"and {pruned.presences} stale presence row(s)."
            )
