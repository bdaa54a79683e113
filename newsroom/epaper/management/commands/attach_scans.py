from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.management.arguments import iso_date
from articles.models import Issue
from newsroom.epaper.services import attach_directory


class Command(BaseCommand):
    help = (
        "Attach the page files of an issue from a folder (01.pdf, 02.jpg, 03.png, …): "
        "each file is checked, rendered and attached on its own; bad files are reported and skipped. "
        "Zones are proposed from each PDF's text layer for an editor to accept."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="Folder with one file per page, named by page number.")
        parser.add_argument("--issue", required=True, type=iso_date, help="Date of the issue (YYYY-MM-DD) the pages belong to.")

    def handle(self, *args, directory, issue, verbosity, **options):
        found = Issue.objects.filter(date=issue).first()
        if found is None:
            raise CommandError(f"--issue {issue:%Y-%m-%d}: no such issue; import or create it first")
        try:
            outcomes = attach_directory(issue=found, directory=directory)
        except ValidationError as error:
            raise CommandError(f"{directory}: {' '.join(error.messages)}") from None
        labels = {"created": "attached", "replaced": "replaced", "unchanged": "unchanged (same file)"}
        for outcome in outcomes:
            if not outcome.ok:
                self.stderr.write(self.style.ERROR(f"✗ {outcome.name}: {outcome.message}"))
            elif verbosity >= 1:
                note = f" — {outcome.message}" if outcome.message else ""
                self.stdout.write(f"✓ {outcome.name}: {labels[outcome.outcome]}{note}")
        refused = [o for o in outcomes if not o.ok]
        if verbosity >= 1:
            self.stdout.write(f"{len(outcomes) - len(refused)} of {len(outcomes)} file(s) attached or unchanged.")
        if not outcomes:
            raise CommandError(f"{directory}: no page files found")
        if refused:
            raise CommandError(f"{len(refused)} of {len(outcomes)} file(s) refused (see above)")
