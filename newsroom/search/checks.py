"""Start-up check: SQLite must be new enough for the FTS5 trigram tokenizer."""

from __future__ import annotations

import sqlite3

from django.conf import settings
from django.core.checks import Error, register

# The FTS5 trigram tokenizer arrived in SQLite 3.34.0.
MIN_SQLITE = (3, 34, 0)


def sqlite_version_errors(version: str) -> list[Error]:
    found = tuple(int(part) for part in version.split(".")[:3])
    if found >= MIN_SQLITE:
        return []
    needed = ".".join(map(str, MIN_SQLITE))
    return [
        Error(
            f"SQLite {version} is too old for search: the FTS5 trigram tokenizer needs SQLite {needed} or newer.",
            hint="Upgrade the SQLite library Python is linked against, "
            "or set DATABASE_URL to a PostgreSQL server.",
            id="search.E001",
        )
    ]


@register()
def check_sqlite_version(app_configs=None, **kwargs) -> list[Error]:
    uses_sqlite = any(db["ENGINE"] == "django.db.backends.sqlite3" for db in settings.DATABASES.values())
    return sqlite_version_errors(sqlite3.sqlite_version) if uses_sqlite else []
