"""The two engines: SQL that finds the documents holding every term.

Both search the same folded `SearchDocument.title` and `.text` (which
includes the title), so they agree on results. Each offers:

- `matching_sql(terms)`: ids of every matching article, unordered;
- `stream_sql(terms, headline=…, visible=…)`: ids of the matching articles
  (headline None), of those with every term in the headline (True) or of
  the others (False), only those `visible` (correlated SQL on the articles
  table) lets through, optionally only among the `newest` documents;
  newest first with `order_by` appended.
  Read with LIMIT, a stream stops after one page instead of sorting every
  match: what keeps common words fast on a large archive;
- `read(using, sql, params, dense=…)`: a stream's rows, in one round trip;
- `count_windows(terms)`: how many newest documents a count reads first
  (see SearchResults).

SQLite: FTS5 tables whose rowid is the document's `sort_key`, kept in step
by `write` and `delete` (called by the services and signals):
  - `search_trigram`, tokenizer trigram, external content: terms of 3+ chars
    are phrase queries, which with trigrams is exact substring search;
  - `search_gram`, contentless: each column's distinct 1- and 2-character
    grams as ASCII tokens; a short term is one token look-up.
PostgreSQL: one GIN index on `search_searchdocument`, over
`newsroom_search_grams(text)`: each text's distinct 1- and 2-character grams
as text[] (what the pg_bigm extension does, in plain SQL). A term of one or
two characters is one of its keys; a longer one needs all its overlapping
pairs, and `strpos` then checks the few candidates for the term itself. All
terms go to the index as one containment (`@>`), which GIN answers by
intersecting its posting lists. A second GIN index, over
`newsroom_search_grams(title)` (migration 0004), finds headline matches the
same way. The planner cannot estimate such conditions
and, left to itself, may compute the grams of every row instead: `read()`
tells it the plan of each search stream, and the SQL function
`newsroom_search_matches` (migration 0003) pins the plan of `matching_sql`,
whose caller's query sets no options.

A stream is read in one message to the server whatever the engine: a
window of newest documents is a subquery of the stream, not a query of its
own, and PostgreSQL's planner options travel with the stream's SQL
(`PostgresBackend.read`). A round trip costs more than most of these reads.
"""

from __future__ import annotations

from collections.abc import Sequence

import psycopg
from django.db import DatabaseError, connections, transaction

from .text import TRIGRAM_MIN, gram_token, gram_tokens, pairs

Rows = Sequence[tuple[int, str, str]]  # (sort_key, title, text)
Sql = tuple[str, list]


# The sort key of the oldest of the N newest documents (parameter: N - 1),
# NULL in an archive of fewer: a stream held to the newest documents then
# finds nothing, and its caller reads the whole archive instead.
_OLDEST_OF_NEWEST = "(SELECT sort_key FROM search_searchdocument ORDER BY sort_key DESC LIMIT 1 OFFSET %s)"

# PostgreSQL's planner options for one stream (PostgresBackend.read). The
# gram function's declared cost would otherwise make every plan look big
# enough for JIT compiling and parallel workers, which cost more than these
# LIMITed reads. Each match's visibility is one look-up in the articles'
# primary key: guessing at thousands of matches, the planner would rather
# hash or merge the whole articles table.
_OPTIONS = {
    "enable_seqscan": "off",
    "enable_hashjoin": "off",
    "enable_mergejoin": "off",
    "jit": "off",
    "max_parallel_workers_per_gather": "0",
}
_PLAN = "SELECT set_config('enable_bitmapscan', %s, true), " + ", ".join(
    f"set_config('{name}', '{value}', true)" for name, value in _OPTIONS.items()
)
_PLAN_SPARSE, _PLAN_DENSE = "on", "off"  # enable_bitmapscan
# Their reset, for a caller's transaction (no parameter: statements that
# take none may go together even to a cursor binding on the server).
_RESET_PLAN = "; ".join(f"RESET {name}" for name in ["enable_bitmapscan", *_OPTIONS])


class SqliteBackend:
    vendor = "sqlite"
    # What makes a stream newest first; FTS5 reads its index in this order.
    order_by = "ORDER BY f.rowid DESC"
    # FTS5 finds headline matches through its own title column.
    headline_window = None

    def count_windows(self, terms: Sequence[str]) -> tuple[int, ...]:
        """The 5,000 newest documents (see SearchResults): a common word's
        set of rowids there is small, not the whole archive."""
        return (5000,)

    def matching_sql(self, terms: Sequence[str]) -> Sql:
        parts, params = [], []
        for table, expr in self._tables(terms):
            parts.append(f"SELECT rowid FROM {table} WHERE {table} MATCH %s")
            params.append(expr(None))
        keys = " INTERSECT ".join(parts)
        return f"SELECT d.article_id FROM search_searchdocument d WHERE d.sort_key IN ({keys})", params

    def stream_sql(
        self, terms: Sequence[str], *, headline: bool | None, visible: Sql, dense: bool = False, newest: int | None = None
    ) -> Sql:
        """`dense` changes nothing here: FTS5 hands out matches newest first
        whatever their number. `newest`: only among that many newest
        documents."""
        tables = self._tables(terms)
        (driver, driver_expr), others = tables[0], tables[1:]
        column = "title" if headline else None
        window, window_params = ("AND rowid >= " + _OLDEST_OF_NEWEST, [newest - 1]) if newest else ("", [])
        if headline is False and not others:
            # One table: FTS5 itself drops the headline matches.
            where, params = [f"f.{driver} MATCH %s"], [f"({driver_expr(None)}) NOT ({driver_expr('title')})"]
        else:
            where, params = [f"f.{driver} MATCH %s"], [driver_expr(column)]
        if newest:
            where.append("f.rowid >= " + _OLDEST_OF_NEWEST)
            params.append(newest - 1)
        # A second table is read once into a set of rowids. The unary `+`
        # keeps SQLite from handing the IN to FTS5 as rowid constraints,
        # which would run the whole FTS query again for every row.
        for table, expr in others:
            where.append(f"+f.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH %s {window})")
            params += [expr(column), *window_params]
        if headline is False and others:
            # Not every term in the headline: checked on the short title
            # text of the rows read, cheaper than two more sets of rowids.
            where.append("NOT (" + " AND ".join("instr(d.title, %s) > 0" for _ in terms) + ")")
            params += list(terms)
        visible_sql, visible_params = visible
        sql = (
            f"SELECT d.article_id FROM {driver} f JOIN search_searchdocument d ON d.sort_key = f.rowid "
            f"WHERE {' AND '.join(where)} AND EXISTS ({visible_sql})"
        )
        return sql, [*params, *visible_params]

    def read(self, using: str, sql: str, params: list, *, dense: bool = False) -> list[tuple]:
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

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
    order_by = "ORDER BY d.sort_key DESC"
    # Past the limit, headline matches are looked for among this many newest
    # titles first; too few there, and the title gram index finds them all.
    headline_window = 2000

    def count_windows(self, terms: Sequence[str]) -> tuple[int, ...]:
        """Where to count first, read newest first (dense), when any term is
        one the gram index cannot answer alone.

        A count past the limit then checks RESULT_LIMIT + 1 matches with
        strpos whichever way it finds them; for terms whose pairs most
        documents hold, the index only adds the reading of posting lists as
        long as the archive (5 to 10 ms at 100,000 documents, more for a
        common short term beside the long one). Reading the newest documents
        instead pays when nearly all of them match, which the newest hundred
        tell first, for a millisecond; each text is decompressed once for
        all its terms (stream_sql), so a short term there costs one strpos.
        Short terms alone are answered by the index exactly, where the
        newest-first reading would need strpos on every text for them."""
        return (100, 1250) if any(len(term) >= TRIGRAM_MIN for term in terms) else ()

    def matching_sql(self, terms: Sequence[str]) -> Sql:
        # Read whole (the admin counts every match), through a function that
        # pins the gram index plan: the caller's query sets no options.
        long_terms = [term for term in terms if len(term) >= TRIGRAM_MIN]
        return "SELECT d.article_id FROM newsroom_search_matches(%s, %s) d", [_keys(terms), long_terms]

    def stream_sql(
        self, terms: Sequence[str], *, headline: bool | None, visible: Sql, dense: bool = False, newest: int | None = None
    ) -> Sql:
        in_title, title_params = _contains_all("d.title", terms)
        if headline:
            # The text holds the title: a title holding every term is a
            # match. Dense: titles read newest first; sparse: the title
            # grams' own index, which finds a word no headline holds at once.
            conditions, params = (in_title, title_params) if dense else self._conditions(terms, column="d.title")
        else:
            conditions, params = _contains_all("d.text", terms) if dense else self._conditions(terms)
            if headline is False:
                conditions += f" AND NOT ({in_title})"
                params += title_params
        if newest:
            conditions += " AND d.sort_key >= " + _OLDEST_OF_NEWEST
            params.append(newest - 1)
        visible_sql, visible_params = visible
        if dense:
            # Newest first, from a subquery that decompresses each text once
            # (`text || ''`) for several terms' strpos, where strpos on the
            # column would fetch and decompress it again for each term (one
            # term reads the column as it is: the copy would be all it
            # adds). A stream that tests no text never computes it: the
            # planner drops a subquery's unused outputs. The newest documents
            # are a window of that many rows: the planner cannot see the
            # bound's value and, guessing a third of the table, would read it
            # all in another order. The bound stays: it empties the window of
            # an archive smaller than it. Without one, OFFSET 0 keeps the
            # subquery whole.
            text = "text || ''" if len(terms) > 1 else "text"
            window = "LIMIT %s" if newest else "OFFSET 0"
            source = (
                f"(SELECT article_id, sort_key, title, {text} AS text FROM search_searchdocument "
                f"ORDER BY sort_key DESC {window}) AS d"
            )
            params = [newest, *params] if newest else params
            sql = f"SELECT d.article_id FROM {source} WHERE {conditions} AND EXISTS ({visible_sql})"
        elif headline:
            # Headline matches from the title gram index, sorted before the
            # articles table is asked (OFFSET 0 keeps the subquery whole): a
            # page of them is checked, not all of them.
            sql = (
                "SELECT d.article_id FROM (SELECT d.article_id, d.sort_key FROM search_searchdocument d "
                f"WHERE {conditions} ORDER BY d.sort_key DESC OFFSET 0) AS d WHERE EXISTS ({visible_sql})"
            )
        else:
            # Matches first, from the gram index alone; only then the
            # articles table. Left to itself, the planner may start from the
            # articles and compute the grams of every row instead.
            sql = (
                "WITH d AS MATERIALIZED (SELECT d.article_id, d.sort_key FROM search_searchdocument d "
                f"WHERE {conditions}) SELECT d.article_id FROM d WHERE EXISTS ({visible_sql})"
            )
        return sql, [*params, *visible_params]

    def read(self, using: str, sql: str, params: list, *, dense: bool = False) -> list[tuple]:
        """The stream's rows, planned as suits it: the planner's estimates
        for substring conditions are guesses, and the wrong guess costs seconds.

        Sparse (the default): the matches come from the GIN indexes as a
        bitmap, then are sorted, so the cost follows the number of matches.
        The streams' SQL leaves no other way in (a materialized set of
        matches, or a subquery sorted whole), so index scans stay allowed:
        each match's visibility is one look-up in the articles' primary key.
        Dense (more matches than RESULT_LIMIT, or a count window): read the
        documents newest first along the sort_key index, testing each with
        strpos, and stop after a page: when one in a hundred documents or
        more matches, a page is found after a few hundred rows.

        The options, the stream and their reset go in one message:
        PostgreSQL runs a message's statements as one transaction, so
        options set for it (set_config's `true`) end with it, and the reset
        ends them inside a transaction of the caller's too. Separately, a
        BEGIN, the options, the stream and a COMMIT were four round trips
        for every stream. A cursor binding parameters on the server (the
        database's OPTIONS `server_side_binding`) takes one statement with
        parameters at a time, so there the three run in a transaction of
        their own.
        """
        plan = [_PLAN_DENSE if dense else _PLAN_SPARSE]
        connection = connections[using]
        with connection.cursor() as cursor:
            if isinstance(cursor.cursor, psycopg.ClientCursor):
                cursor.execute(f"{_PLAN}; {sql}; {_RESET_PLAN}", [*plan, *params])
                cursor.nextset()
                return cursor.fetchall()
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute(_PLAN, plan)
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            cursor.execute(_RESET_PLAN)
            return rows

    def _conditions(self, terms: Sequence[str], *, column: str = "d.text") -> Sql:
        """One look-up in `column`'s gram index for every term's 1–2
        character grams (a longer term needs its overlapping pairs), then
        strpos for the longer terms, whose pairs may stand apart."""
        conditions, params = [f"newsroom_search_grams({column}) @> %s::text[]"], [_keys(terms)]
        long_terms = [term for term in terms if len(term) >= TRIGRAM_MIN]
        if long_terms:
            in_text, text_params = _contains_all(column, long_terms)
            conditions.append(in_text)
            params += text_params
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
            cursor.execute("SELECT pg_relation_size('search_doc_grams') + pg_relation_size('search_doc_title_grams')")
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


def _keys(terms: Sequence[str]) -> list[str]:
    """The gram index keys a document needs to hold every term: a short term
    itself, a longer one its overlapping 2-character pairs."""
    keys = [[term] if len(term) < TRIGRAM_MIN else pairs(term) for term in terms]
    return list(dict.fromkeys(gram for key in keys for gram in key))


def _contains_all(column: str, terms: Sequence[str]) -> Sql:
    """SQL true when `column` holds every term (no index serves it)."""
    return " AND ".join(f"strpos({column}, %s) > 0" for _ in terms), list(terms)
