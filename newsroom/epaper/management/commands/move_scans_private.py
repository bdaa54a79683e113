from django.core.management.base import BaseCommand, CommandError

from newsroom.epaper.services import move_files_to_private_storage


class Command(BaseCommand):
    help = (
        "Move page scans, scan renditions and issue PDFs stored in the public media folder "
        "(before they became private files) into the private storage, under names with a random part. "
        "Files already private are left alone; run it once after upgrading, and again at will."
    )

    def handle(self, *args, verbosity, **options):
        report = move_files_to_private_storage()
        failed = [moved for moved in report if moved.error]
        for moved in report:
            if moved.error:
                self.stderr.write(self.style.ERROR(f"✗ {moved.label} {moved.old_name}: {moved.error}"))
            elif verbosity >= 2:
                self.stdout.write(f"✓ {moved.label}: {moved.old_name} → {moved.new_name}")
        if verbosity >= 1:
            self.stdout.write(f"{len(report) - len(failed)} file(s) moved to private storage.")
        if failed:
            raise CommandError(f"{len(failed)} file(s) not moved (see above)")
