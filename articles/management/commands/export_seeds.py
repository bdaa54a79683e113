from pathlib import Path

from django.core.management.base import BaseCommand

from articles.services.exporting import write_export


class Command(BaseCommand):
    help = "Write every page back out in the seed format, rebuilt from the records (editors' changes included)."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, required=True, help="Folder to write the .txt files into (created if missing).")

    def handle(self, *args, out: Path, verbosity, **options):
        written = write_export(out_dir=out)
        if verbosity >= 2:
            for path in written:
                self.stdout.write(str(path))
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(f"Exported {len(written)} page(s) to {out}"))
