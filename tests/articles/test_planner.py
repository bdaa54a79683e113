"""articles.planner: SQLite's statistics, and the one thing they get wrong."""

import pytest
from django.db import connection

from articles import planner
from tests.factories import make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's autovacuum keeps its own statistics"),
]


def stats(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        return dict(cursor.fetchall())


def unique_indexes(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f'PRAGMA index_list("{table}")')
        return [row[1] for row in cursor.fetchall() if row[2]]


def test_statistics_are_gathered_for_the_tables_the_site_reads():
    for position in range(3):
        make_article(position=position, is_lead=position == 0)
    planner.refresh_statistics(full=True)
    assert stats("articles_article")


def test_a_lookup_on_a_unique_index_finds_one_row_though_its_column_is_mostly_empty():
    for position in range(3):
        make_article(position=position, is_lead=position == 0)  # none continues another: `continues` is NULL
    planner.refresh_statistics(full=True)
    gathered = stats("articles_article")
    unique = [index for index in unique_indexes("articles_article") if index in gathered]
    assert unique
    assert all(gathered[index].split(" ")[-1] == "1" for index in unique)
