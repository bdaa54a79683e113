from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsroom.api.ninjs_import import NinjsSource, import_ninjs


class Command(BaseCommand):
    help = (
        "Import IPTC ninjs documents (3.x or 2.x, one per file) as draft articles, one transaction per file. "
        "Photos are read from local paths (relative to the document) or fetched from NEWSROOM_NINJS_IMAGE_HOSTS."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="ninjs files, or folders of *.json files.")

    def handle(self, *args, paths, verbosity, **options):
        files = []
        for path in paths:
            if path.is_dir():
                files.extend(sorted(path.glob("*.json")))
            elif path.exists():
                files.append(path)
            else:
                raise CommandError(f"{path}: no such file or folder")
        sources, unreadable = [], 0
        for path in files:
            try:
                sources.append(NinjsSource(name=str(path), data=path.read_bytes(), local_dir=path.resolve().parent))
            except OSError as exc:
                unreadable += 1
                self.stderr.write(self.style.ERROR(f"✗ {path}: cannot be read ({exc.strerror})"))
        reports = import_ninjs(sources=sources)
        for report in reports:
            if not report.ok:
                self.stderr.write(self.style.ERROR(f"✗ {report.message}"))
                continue
            if verbosity >= 2:
                self.stdout.write(f"✓ {report.name}: draft {report.article_id} «{report.headline}»")
            if verbosity >= 1:
                for note in report.notes:
                    self.stdout.write(self.style.WARNING(f"  {report.name}: {note}"))
        failed = unreadable + sum(1 for r in reports if not r.ok)
        if verbosity >= 1:
            self.stdout.write(f"{len(files) - failed} of {len(files)} file(s) imported as drafts, {failed} failed")
        if failed:
            raise CommandError(f"{failed} of {len(files)} file(s) not imported (see above)")
