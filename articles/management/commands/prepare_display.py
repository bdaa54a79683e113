from django.core.management.base import BaseCommand

from articles import display


class Command(BaseCommand):
    help = (
        "Prepare what readers see of every article (full-width text, paragraphs, dateline, byline, photo srcset) "
        "and store it; the `display` change consumer keeps it current after that. Run once after the migration "
        "that adds the column (or 0011, which stores it as UTF-8), or after articles.display.FORMAT changes. "
        "Pages work without it, only slower."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only-stale",
            action="store_true",
            help="Only articles whose stored pieces are missing or of an older format (default: every article).",
        )

    def handle(self, *args, only_stale, verbosity, **options):
        changed = display.refresh_all(only_stale=only_stale)
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(f"Prepared {changed} article(s)."))
