import pytest

from articles.services.importing import ImportOptions, SeedSource, import_file

SEED_NAME = "000_5ac73dbf4c7d5ea3.txt"


@pytest.fixture
def import_text(db):
    """Import `text` as a file named `name`; returns the FileReport."""

    def run(text: str, *, name: str = "page.txt", **options):
        return import_file(source=SeedSource(name=name, data=text.encode("utf-8")), options=ImportOptions(**options))

    return run


@pytest.fixture
def imported_seed(db, seed_bytes):
    report = import_file(source=SeedSource(name=SEED_NAME, data=seed_bytes))
    assert report.ok, report.message
    return report
