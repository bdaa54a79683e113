"""Text handling shared by every engine: folding, queries, grams, snippets.

Chinese has no spaces, so search is substring search over *folded* text:
NFKC (full-width ，（）％ and half-width , ( ) % become the same) and
casefold (Latin letters ignore case). Documents and queries are folded the
same way, so both engines compare like with like.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

# A reader's query, before splitting: longer is a pasted paragraph, not a search.
MAX_QUERY_LENGTH = 64
MAX_TERMS = 8
# Terms this short have no trigram: they go through the 1–2 character index.
TRIGRAM_MIN = 3


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


class _FoldTable(dict):
    """Each character's fold, computed once, when first met."""

    def __missing__(self, ch: str) -> str:
        folded = self[ch] = fold(ch)
        return folded


_FOLD_TABLE = _FoldTable()


def _unchanged_by_fold() -> str:
    """A regex character class body of characters that fold to themselves:
    CJK ideographs (none has a compatibility form or a case) and, checked
    here, those of the small blocks news text uses besides them."""
    blocks = [(0x0000, 0x00FF), (0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF)]
    same = [cp for first, last in blocks for cp in range(first, last + 1) if _FOLD_TABLE[chr(cp)] == chr(cp)]
    ranges: list[list[int]] = []
    for cp in same:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    ranges += [[0x3400, 0x4DBF], [0x4E00, 0x9FFF]]
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)


# What fold_with_map must look at: everything but characters known to stay.
_TO_FOLD = re.compile(f"[^{_unchanged_by_fold()}]")


def fold_with_map(text: str) -> tuple[str, list[int] | None]:
    """The text folded character by character and, when lengths changed
    (`㎡` → `m2`, `ß` → `ss`), each folded character's index in `text`, so a
    match found in the folded text can be highlighted in the original. None
    means the indexes are the same.
    """
    # Only characters a fold may change (full-width punctuation, Latin
    # capitals: a tenth of a news text) reach Python; the rest is copied in C.
    grown: list[tuple[int, int]] = []  # (index in text, length of its fold) where not 1

    def fold_one(match: re.Match) -> str:
        folded = _FOLD_TABLE[match.group()]
        if len(folded) != 1:
            grown.append((match.start(), len(folded)))
        return folded

    folded = _TO_FOLD.sub(fold_one, text)
    if not grown:
        return folded, None
    origin: list[int] = []
    at = 0
    for index, length in grown:
        origin += range(at, index)
        origin += [index] * length
        at = index + 1
    origin += range(at, len(text))
    return folded, origin


class QueryError(ValueError):
    """A query that cannot be searched; the message is for the reader."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Query:
    """What the reader typed, as folded terms that must all occur."""

    raw: str
    terms: tuple[str, ...]

    @classmethod
    def parse(cls, raw: str | None) -> Query:
        text = (raw or "").strip()
        if not text:
            raise QueryError(_("请输入要搜索的词语。"), code="empty")
        if len(text) > MAX_QUERY_LENGTH:
            raise QueryError(
                _("搜索词太长（%(length)d 个字符），请精简到 %(limit)d 个字符以内。")
                % {"length": len(text), "limit": MAX_QUERY_LENGTH},
                code="too_long",
            )
        terms: list[str] = []
        for word in text.split():
            term = fold(word)
            if term and term not in terms:
                terms.append(term)
        if not terms:
            raise QueryError(_("请输入要搜索的词语。"), code="empty")
        if len(terms) > MAX_TERMS:
            raise QueryError(
                _("搜索词太多（%(count)d 个），最多 %(limit)d 个，用空格分隔。")
                % {"count": len(terms), "limit": MAX_TERMS},
                code="too_many_terms",
            )
        return cls(raw=text, terms=tuple(terms))


def pairs(text: str) -> list[str]:
    """Every 2-character substring of `text`, in order (overlapping)."""
    return list(map(str.__add__, text, text[1:]))


def grams(text: str) -> set[str]:
    """Every 1- and 2-character substring of folded `text`: what the short-term
    indexes hold (PostgreSQL computes the same in SQL)."""
    return set(text).union(pairs(text))


def gram_token(gram: str) -> str:
    """One FTS5 token for a 1–2 character gram: its UTF-8 bytes in hex, plain
    ASCII that no tokenizer splits or drops (`湿地` → `e6b9bfe59cb0`). UTF-8
    is prefix-free, so no two grams share a token."""
    return gram.encode().hex()


def gram_tokens(text: str) -> str:
    """Folded `text` as the space-separated distinct gram tokens SQLite indexes."""
    return " ".join(map(gram_token, grams(text)))


def snippet(pieces: list[str], terms: tuple[str, ...], *, before: int = 30, length: int = 110) -> SafeString:
    """A window of the first piece with a match, every term occurrence marked.

    Everything is escaped first; only the <mark> tags are markup. Without any
    match (say the query hit only the headline) it is the start of the first
    non-empty piece.
    """
    found = first_match(pieces, terms, before=before, length=length)
    if found is not None:
        return found
    first = next((" ".join(p.split()) for p in pieces if p.strip()), "")
    return _render(first, [], 0, length)


def first_match(pieces: list[str], terms: tuple[str, ...], *, before: int = 30, length: int = 110) -> SafeString | None:
    """The snippet of the first piece with a match, or None without one."""
    for piece in pieces:
        text = " ".join(piece.split())
        if not text:
            continue
        spans = find_spans(text, terms)
        if spans:
            start = max(0, spans[0][0] - before)
            return _render(text, spans, start, start + length)
    return None


def highlight(text: str, terms: tuple[str, ...]) -> SafeString:
    """All of `text`, escaped, with every term occurrence marked."""
    return _render(text, find_spans(text, terms), 0, len(text))


# CJK unified ideographs: each folds to itself.
_IDEOGRAPHS = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]+")
# Every character whose fold holds a unified ideograph other than itself
# (radicals, Hangzhou and kanbun numerals, enclosed and squared forms,
# compatibility ideographs), as the tests check over all of Unicode.
_FOLDS_TO_IDEOGRAPHS = re.compile(
    "[\u2e80-\u2fdf\u3038-\u303a\u3190-\u319f\u3200-\u33ff\uf900-\ufaff"
    "\U0001f200-\U0001f2ff\U0002f800-\U0002fa1f]"
)


def find_spans(text: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of the terms in `text`, in order.

    Terms of ideographs alone are found in the text as it is when none of
    its characters folds to one: its fold then holds them exactly where the
    text does, and folding a long body costs more than the rest of a
    snippet (no fold of a character is empty).
    """
    if all(map(_IDEOGRAPHS.fullmatch, terms)) and not _FOLDS_TO_IDEOGRAPHS.search(text):
        return spans_in(text, None, terms)
    return spans_in(*fold_with_map(text), terms)


def spans_in(folded: str, origin: list[int] | None, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    """The spans of the terms in a folded text, as indexes of the text it was
    folded from (`origin`, as fold_with_map gives it)."""
    found: list[tuple[int, int]] = []
    for term in terms:
        at = folded.find(term)
        while at != -1:
            end = at + len(term)
            found.append((origin[at], origin[end - 1] + 1) if origin else (at, end))
            at = folded.find(term, end)
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> SafeString:
    end = min(end, len(text))
    out = ["…" if start > 0 else ""]
    at = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[at:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        at = e
    out.append(escape(text[at:end]))
    if end < len(text):
        out.append("…")
    return mark_safe("".join(out))
