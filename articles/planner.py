"""Planner statistics for SQLite (PostgreSQL's autovacuum keeps its own).

Without statistics SQLite sorts a list by walking every public article; with
them it walks the issue-date index (the API's list at 1,000 issues: 159 ms
to 19 ms). One thing its statistics get wrong: a unique column that is
mostly empty (`Article.continues`, NULL but for the parts of a 转版 story)
counts its NULLs as one value, so a lookup on it looks like it reads every
row and SQLite scans the table instead: the article page's join to the part
it continues. `refresh_statistics` states what the schema already says: a
lookup on all the columns of a unique index finds at most one row.
"""

from __future__ import annotations

from django.db import connection


def refresh_statistics(*, full: bool = False) -> None:
    """Gather SQLite's statistics: `PRAGMA optimize` (only the tables this
    connection used that were never analyzed or have grown manyfold since;
    most calls cost nothing), or a whole `ANALYZE` with `full`."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if full else "PRAGMA optimize")
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return
        cursor.execute("SELECT tbl, idx, stat FROM sqlite_stat1 WHERE idx IS NOT NULL")
        unique: dict[str, set[str]] = {}
        corrected = []
        for table, index, stat in cursor.fetchall():
            figures = stat.split(" ")
            if table not in unique:
                unique[table] = _unique_indexes(cursor, table)
            if figures[-1] != "1" and index in unique[table]:
                corrected.append((" ".join([*figures[:-1], "1"]), table, index))
        if corrected:
            cursor.executemany("UPDATE sqlite_stat1 SET stat = %s WHERE tbl = %s AND idx = %s", corrected)
            # Statistics are read with the schema: load them again.
            cursor.execute("ANALYZE sqlite_schema")


def _unique_indexes(cursor, table: str) -> set[str]:
    # Table names come from sqlite_stat1, not from a request.
    cursor.execute(f'PRAGMA index_list("{table}")')
    return {row[1] for row in cursor.fetchall() if row[2]}
