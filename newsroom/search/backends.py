"""The two engines: SQL that finds the documents holding every term.

Both search the same folded `SearchDocument.title` and `.text` (which
includes the title), so they agree on results. Each offers:

- `matching_sql(terms)`: ids of every matching article, unordered;
- `stream_sql(terms, headline=…, visible=…)`: ids of the articles with every
  term in the headline (or of the others), newest first by `sort_key`, and
  only those `visible` (correlated SQL on the articles table) lets through.
  Read with LIMIT, a stream stops after one page instead of sorting every
  match: what keeps common words fast on a large archive.

SQLite: FTS5 tables whose rowid is the document's `sort_key`, kept in step
by `write` and `delete` (called by the services and signals):
  - `search_trigram`, tokenizer trigram, external content: terms of 3+ chars
    are phrase queries, which with trigrams is exact substring search;
  - `search_gram`, contentless: each column's distinct 1- and 2-character
    grams as ASCII tokens; a short term is one token look-up.
PostgreSQL: GIN indexes on `search_searchdocument`, which follow the table:
  - `gin_trgm_ops` (pg_trgm, shipped with PostgreSQL) serves `LIKE '%term%'`
    for terms of 3+ chars;
  - over `newsroom_search_grams(text)`, the text's distinct 1- and
    2-character grams as text[], for short terms, where pg_trgm has no
    trigram to look up and would scan everything.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import DatabaseError, connections

from .text import TRIGRAM_MIN, gram_token, gram_tokens

Rows = Sequence[tuple[int, str, str]]  # (sort_key, title, text)
Sql = tuple[str, list]


class SqliteBackend:
    vendor = "sqlite"

    def matching_sql(self, terms: Sequence[str]) -> Sql:
        parts, params = [], []
        for table, expr in self._tables(terms):
            parts.append(f"SELECT rowid FROM {table} WHERE {table} MATCH %s")
            params.append(expr(None))
        keys = " INTERSECT ".join(parts)
        return f"SELECT d.article_id FROM search_searchdocument d WHERE d.sort_key IN ({keys})", params

    def stream_sql(self, terms: Sequence[str], *, headline: bool, visible: Sql) -> Sql:
        tables = self._tables(terms)
        (driver, driver_expr), others = tables[0], tables[1:]
        column = "title" if headline else None
        if headline or others:
            where, params = [f"f.{driver} MATCH %s"], [driver_expr(column)]
        else:
            # One table: FTS5 itself drops the headline matches.
            where, params = [f"f.{driver} MATCH %s"], [f"({driver_expr(None)}) NOT ({driver_expr('title')})"]
        # A second table is read once into a set of rowids. The unary `+`
        # keeps SQLite from handing the IN to FTS5 as rowid constraints,
        # which would run the whole FTS query again for every row.
        for table, expr in others:
            where.append(f"+f.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH %s)")
            params.append(expr(column))
        if others and not headline:
            in_title = [f"+f.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH %s)" for table, _ in tables]
            where.append("NOT (" + " AND ".join(in_title) + ")")
            params += [expr("title") for _, expr in tables]
        visible_sql, visible_params = visible
        sql = (
            f"SELECT d.article_id FROM {driver} f JOIN search_searchdocument d ON d.sort_key = f.rowid "
            f"WHERE {' AND '.join(where)} AND EXISTS ({visible_sql}) ORDER BY f.rowid DESC"
        )
        return sql, [*params, *visible_params]

    def _tables(self, terms: Sequence[str]):
        """(table, expr(column)) for each FTS table the terms need; the
        trigram table first, as its matches are the fewer."""
        long_terms = [t for t in terms if len(t) >= TRIGRAM_MIN]
        short_terms = [gram_token(t) for t in terms if len(t) < TRIGRAM_MIN]
        tables = []
        if long_terms:
            tables.append(("search_trigram", _expression(long_terms)))
        if short_terms:
            tables.append(("search_gram", _expression(short_terms)))
        return tables

    def write(self, using: str, rows: Rows) -> None:
        """Index new documents."""
        with connections[using].cursor() as cursor:
            cursor.executemany("INSERT INTO search_trigram(rowid, title, text) VALUES (%s, %s, %s)", rows)
            cursor.executemany(
                "INSERT INTO search_gram(rowid, title, text) VALUES (%s, %s, %s)",
                [(key, gram_tokens(title), gram_tokens(text)) for key, title, text in rows],
            )

    def delete(self, using: str, rows: Rows) -> None:
        """Unindex documents; FTS5 needs them exactly as they were indexed."""
        with connections[using].cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_trigram(search_trigram, rowid, title, text) VALUES ('delete', %s, %s, %s)", rows
            )
            cursor.executemany(
                "INSERT INTO search_gram(search_gram, rowid, title, text) VALUES ('delete', %s, %s, %s)",
                [(key, gram_tokens(title), gram_tokens(text)) for key, title, text in rows],
            )

    def clear(self, using: str) -> None:
        with connections[using].cursor() as cursor:
            cursor.execute("INSERT INTO search_trigram(search_trigram) VALUES ('delete-all')")
            cursor.execute("INSERT INTO search_gram(search_gram) VALUES ('delete-all')")
            cursor.execute("DELETE FROM search_searchdocument")

    def size_bytes(self, using: str) -> int:
        """Bytes of the FTS5 tables (0 where SQLite lacks the dbstat table)."""
        with connections[using].cursor() as cursor:
            try:
                cursor.execute(
                    "SELECT coalesce(sum(pgsize), 0) FROM dbstat "
                    "WHERE name LIKE 'search_trigram%' OR name LIKE 'search_gram%'"
                )
            except DatabaseError:
                return 0
            return cursor.fetchone()[0]


class PostgresBackend:
    vendor = "postgresql"

    def matching_sql(self, terms: Sequence[str]) -> Sql:
        conditions, params = self._conditions(terms)
        return f"SELECT d.article_id FROM search_searchdocument d WHERE {conditions}", params

    def stream_sql(self, terms: Sequence[str], *, headline: bool, visible: Sql) -> Sql:
        conditions, params = self._conditions(terms)
        in_title = " AND ".join("d.title LIKE %s" for _ in terms)
        params += [_contains(term) for term in terms]
        visible_sql, visible_params = visible
        sql = (
            f"SELECT d.article_id FROM search_searchdocument d WHERE {conditions} "
            f"AND {'' if headline else 'NOT '}({in_title}) AND EXISTS ({visible_sql}) ORDER BY d.sort_key DESC"
        )
        return sql, [*params, *visible_params]

    def _conditions(self, terms: Sequence[str]) -> Sql:
        conditions, params = [], []
        for term in terms:
            if len(term) >= TRIGRAM_MIN:
                conditions.append("d.text LIKE %s")
                params.append(_contains(term))
            else:
                conditions.append("newsroom_search_grams(d.text) @> ARRAY[%s]::text[]")
                params.append(term)
        return " AND ".join(conditions), params

    def write(self, using: str, rows: Rows) -> None:
        """The GIN indexes follow the table by themselves."""

    def delete(self, using: str, rows: Rows) -> None:
        """The GIN indexes follow the table by themselves."""

    def clear(self, using: str) -> None:
        with connections[using].cursor() as cursor:
            cursor.execute("DELETE FROM search_searchdocument")

    def size_bytes(self, using: str) -> int:
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT pg_relation_size('search_doc_text_trgm') + pg_relation_size('search_doc_grams')")
            return cursor.fetchone()[0]


BACKENDS = {"sqlite": SqliteBackend(), "postgresql": PostgresBackend()}


def backend_for(using: str) -> SqliteBackend | PostgresBackend:
    vendor = connections[using].vendor
    try:
        return BACKENDS[vendor]
    except KeyError:
        raise NotImplementedError(f"Search supports SQLite and PostgreSQL; database {using!r} is {vendor}.") from None


def _expression(tokens: list[str]):
    """An FTS5 query needing every token (as a phrase), optionally in one column."""

    def expr(column: str | None) -> str:
        prefix = f"{column} : " if column else ""
        return " AND ".join(prefix + '"' + token.replace('"', '""') + '"' for token in tokens)

    return expr


def _contains(term: str) -> str:
    """A LIKE pattern matching `term` anywhere, its wildcards taken literally."""
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
