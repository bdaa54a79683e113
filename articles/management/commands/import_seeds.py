import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.management.arguments import iso_date

from articles.services.importing import OUTCOMES, FileReport, ImportOptions, SeedSource, import_files


# The flag that supplies what a refused file lacks (FileReport.hint).
FLAGS = {"date": "--date YYYY-MM-DD", "page": "--page NN"}


class Command(BaseCommand):
    help = "Import seed files (printed pages in the archive's text format), one transaction per file."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", type=Path, help="Seed files or folders of *.txt files (default: the project's seeds/)."
        )
        parser.add_argument("--date", type=iso_date, help="Issue date (YYYY-MM-DD) for pages that do not state one.")
        parser.add_argument("--page", type=int, help="Page number for inner pages that do not state one.")
        parser.add_argument("--draft", action="store_true", help="Import articles as drafts instead of published.")
        parser.add_argument("--force", action="store_true", help="Overwrite records editors have changed since the last import.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change and write nothing.")
        parser.add_argument(
            "--no-share-cards",
            dest="share_cards",
            action="store_false",
            help="Do not draw the articles' share cards (about 5 ms each; run make_share_cards afterwards).",
        )

    def handle(self, *args, paths, date, page, draft, force, dry_run, share_cards, verbosity, **options):
        files = self._collect(paths or [Path(settings.SEEDS_DIR)])
        sources = []
        for path in files:
            try:
                sources.append(SeedSource(name=path.name, data=path.read_bytes()))
            except OSError as exc:
                self.stderr.write(self.style.ERROR(f"{path}: cannot be read ({exc.strerror})"))
        self.verbosity = verbosity
        self.show_bar = verbosity >= 1 and len(sources) > 1 and sys.stderr.isatty()
        report = import_files(
            sources=sources,
            options=ImportOptions(
                date=date, page=page, draft=draft, force=force, dry_run=dry_run, share_cards=share_cards
            ),
            on_progress=self._progress,
        )
        if self.show_bar:
            self.stderr.write("")
        self._summary(report)
        if report.failed or len(sources) < len(files):
            raise CommandError(f"{len(report.failed) + len(files) - len(sources)} of {len(files)} file(s) not imported (see above)")

    def _collect(self, paths: list[Path]) -> list[Path]:
        files = []
        for path in paths:
            if path.is_dir():
                files.extend(sorted(path.glob("*.txt")))
            elif path.exists():
                files.append(path)
            else:
                raise CommandError(f"{path}: no such file or folder")
        return files

    def _progress(self, done: int, total: int, file_report: FileReport) -> None:
        if not file_report.ok:
            hint = _("（用 {flag} 指定）").format(flag=FLAGS[file_report.hint]) if file_report.hint else ""
            self.stderr.write(self.style.ERROR(f"✗ {file_report.message}{hint}"))
        elif self.verbosity >= 2:
            self.stdout.write(f"✓ {file_report.name}")
        if self.verbosity >= 1:
            for note in file_report.notes:
                self.stdout.write(self.style.WARNING(f"  {file_report.name}: {note}"))
        if self.show_bar:
            filled = done * 30 // total
            self.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}", ending="")

    def _summary(self, report) -> None:
        if self.verbosity < 1:
            return
        title = "Dry run — nothing was written. Would have:" if report.dry_run else "Imported:"
        self.stdout.write(title)
        self.stdout.write(f"  {'':10}" + "".join(f"{o:>10}" for o in OUTCOMES))
        for kind, *counts in report.table():
            self.stdout.write(f"  {kind:10}" + "".join(f"{c:>10}" for c in counts))
        ok = len(report.files) - len(report.failed)
        changed = sum(1 for f in report.files if f.changed)
        self.stdout.write(f"  files: {ok} imported ({changed} with changes), {len(report.failed)} failed")
        skipped = sum(count for (_kind, outcome), count in report.totals.items() if outcome == "skipped")
        if skipped:
            self.stdout.write(self.style.WARNING(_("  有 {n} 条记录保留了编辑的修改；加 --force 可以覆盖。").format(n=skipped)))
        if ok and not changed and not report.failed:
            self.stdout.write(self.style.SUCCESS("  Nothing changed: the database already matches these files."))
