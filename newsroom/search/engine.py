"""The search engine's public face, for the reader site and the admin alike.

    from newsroom.search.engine import search
    results = search("湿地 公园", section=section)
    results.count()          # how many (at most RESULT_LIMIT)
    results[0:20]            # article ids, best first

Ranked: articles with every term in the headline (kicker, headline, deck)
first, then the rest; newest first within each. For an unranked filter of
any queryset (the admin's list), use `matching`.
"""

from __future__ import annotations

import datetime as dt
import math

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from articles.models import Article, Person, Section

from .backends import backend_for
from .text import Query, QueryError

__all__ = ["RESULT_LIMIT", "Query", "QueryError", "SearchResults", "matching", "search"]

# Results counted and listed for one search. Counting stops here, so a word
# found in most of the archive costs no more than a rarer one; readers who
# need more narrow the search with more words or the filters.
RESULT_LIMIT = 1000


class SearchResults:
    """The ranked ids of one search, read a page at a time.

    Sliceable and countable, so Django's Paginator takes it as it is. Three
    streams of ids, newest first, each read with LIMIT: all matches (for the
    count), those with every term in the headline, and the others. A page
    is cut from the headline stream and, once that runs out, from the
    others.
    """

    def __init__(self, query: Query, visible: QuerySet[Article]):
        self.query = query
        self.using = visible.db
        self._backend = backend_for(self.using)
        # Visibility is the articles table's own queryset, correlated with
        # each matching document: decided when the search runs, never
        # stored in the index.
        self._visible = visible.filter(pk=RawSQL("d.article_id", ())).order_by().values("pk").query.sql_with_params()
        self._total: int | None = None

    def count(self) -> int:
        """How many, counting no further than RESULT_LIMIT."""
        return min(self._count_all(), RESULT_LIMIT)

    @property
    def more_than_limit(self) -> bool:
        return self._count_all() > RESULT_LIMIT

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[int]:
        if not isinstance(window, slice) or window.step is not None:
            raise TypeError("SearchResults take a [start:stop] slice of ranked ids")
        start, stop = window.start or 0, min(window.stop if window.stop is not None else RESULT_LIMIT, RESULT_LIMIT)
        if stop <= start:
            return []
        # Many matches are found fastest by reading newest first and
        # stopping; few, by collecting them all and sorting (backends.py).
        dense = self.more_than_limit
        ids = self._headline_ids(limit=stop - start, offset=start, dense=dense)
        if len(ids) == stop - start:
            return ids
        # The headline stream ran out inside this window (or before it).
        headlines = start + len(ids) if ids or not start else self._count(self._stream(headline=True), cap=start)
        rest = self._stream(headline=False, dense=dense)
        return ids + self._fetch(rest, limit=stop - start - len(ids), offset=max(0, start - headlines), dense=dense)

    def _headline_ids(self, *, limit: int, offset: int, dense: bool) -> list[int]:
        """A window of the headline stream. Dense, with a headline window:
        the newest titles first, which usually fill a page (any window is
        correct, as it holds the newest documents); too few there, and the
        whole stream, read sparse, as words rare in headlines are."""
        window = self._backend.headline_window
        if dense and window is not None:
            stream = self._stream(headline=True, dense=True, newest=window)
            ids = self._fetch(stream, limit=limit, offset=offset, dense=True)
            if len(ids) == limit:
                return ids
            dense = False
        return self._fetch(self._stream(headline=True, dense=dense), limit=limit, offset=offset, dense=dense)

    def _count_all(self) -> int:
        if self._total is None:
            total = self._count_newest()
            if total <= RESULT_LIMIT:
                total = self._count(self._stream(headline=None), cap=RESULT_LIMIT + 1)
            self._total = total
        return self._total

    def _count_newest(self) -> int:
        """Matches among the newest documents, read newest first: a search
        past the limit usually gets there among them, and reads less than
        counting the whole archive. The backend's windows go smallest first;
        one too sparse to reach past the limit within the last ends the
        reading (0), as does an archive smaller than a window, where the
        window holds nothing. Any window is correct: too few there, and the
        whole archive is counted."""
        windows = self._backend.count_windows(self.query.terms)
        found = 0
        for size in windows:
            need = math.ceil(size * (RESULT_LIMIT + 1) / windows[-1])
            found = self._count(self._stream(headline=None, dense=True, newest=size), cap=need, dense=True)
            if found < need:
                return 0
        return found

    def _stream(self, *, headline: bool | None, dense: bool = False, newest: int | None = None) -> tuple[str, list]:
        return self._backend.stream_sql(
            self.query.terms, headline=headline, visible=self._visible, dense=dense, newest=newest
        )

    def _count(self, stream: tuple[str, list], *, cap: int, dense: bool = False) -> int:
        sql, params = stream
        rows = self._backend.read(self.using, f"SELECT count(*) FROM ({sql} LIMIT %s) AS found", [*params, cap], dense=dense)
        return rows[0][0]

    def _fetch(self, stream: tuple[str, list], *, limit: int, offset: int, dense: bool) -> list[int]:
        sql, params = stream
        rows = self._backend.read(
            self.using, f"{sql} {self._backend.order_by} LIMIT %s OFFSET %s", [*params, limit, offset], dense=dense
        )
        return [row[0] for row in rows]


def search(
    query: str | Query,
    *,
    queryset: QuerySet[Article] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    section: Section | None = None,
    person: Person | QuerySet[Person] | None = None,
) -> SearchResults:
    """The articles of `queryset` (default: `Article.objects.published()`)
    holding every term, within the filters, ranked.

    `person` is one person or a queryset of them (namesakes): articles they
    wrote or photographed. Raises QueryError for an empty or over-long query.
    """
    if not isinstance(query, Query):
        query = Query.parse(query)
    articles = queryset if queryset is not None else Article.objects.published()
    if date_from is not None:
        articles = articles.filter(page__issue__date__gte=date_from)
    if date_to is not None:
        articles = articles.filter(page__issue__date__lte=date_to)
    if section is not None:
        articles = articles.filter(page__section=section)
    if person is not None:
        articles = articles.by_person(person)
    return SearchResults(query, articles)


def matching(query: str | Query, queryset: QuerySet[Article] | None = None) -> QuerySet[Article]:
    """`queryset` narrowed to the articles holding every term, unranked."""
    if not isinstance(query, Query):
        query = Query.parse(query)
    articles = queryset if queryset is not None else Article.objects.published()
    sql, params = backend_for(articles.db).matching_sql(query.terms)
    return articles.filter(pk__in=RawSQL(sql, params))
