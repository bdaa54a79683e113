"""What of an article is searchable, as the index stores it and as snippets show it."""

from __future__ import annotations

import datetime as dt

from articles.models import Article

from .text import fold


def title_pieces(article: Article) -> list[str]:
    return [p for p in (article.kicker, article.headline, article.deck) if p]


def other_pieces(article: Article) -> list[str]:
    """Body, then captions, then the people: bylines and photo credits.

    Reads `byline_list` and `photo_list`: `with_bylines()` and
    `with_photos()`, or `attach_bylines_and_photos`, load them.
    """
    photos = list(article.photo_list)
    names = [b.person.name for b in article.byline_list]
    names += [p.credit.name for p in photos if p.credit is not None]
    return [article.body, *(p.caption for p in photos if p.caption), *dict.fromkeys(names)]


def document_text(article: Article) -> tuple[str, str]:
    """(title, text) as indexed: folded, pieces one per line.

    Pieces are joined by a newline and queries never contain whitespace, so a
    match never runs from one piece into the next.
    """
    title = fold("\n".join(title_pieces(article)))
    text = fold("\n".join([*title_pieces(article), *other_pieces(article)]))
    return title, text


_EPOCH = dt.date(1900, 1, 1)


def sort_key(article: Article) -> int:
    """Newest first as one descending integer, unique per article.

    A placed article: bits, high to low, days since 1900 of the issue (16),
    255 - page number (8), 255 - position (8), then 31 bits that tell apart
    two articles in one slot (an index not yet caught up with a move), from
    the pk. An index read backwards by this key gives newest issue, then
    page and position in print order, so a search can stop after one page of
    results instead of sorting every match.

    An article without a page gets -pk: below every placed article, unique
    for any pk. A 63-bit key leaves no room for a whole pk past 2**31 beside
    the date, so a placed article's pk is taken modulo 2**31: the date, page
    and position above it stay intact, and the database already keeps two
    articles out of one slot.
    """
    if article.page_id is None:
        return -article.pk
    days = min(max((article.page.issue.date - _EPOCH).days, 0), 2**16 - 1)
    page = 255 - min(article.page.number, 255)
    position = 255 - min(article.position, 255)
    return (days << 47) | (page << 39) | (position << 31) | (2**31 - 1 - article.pk % 2**31)
