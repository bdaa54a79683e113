"""Three-way merge of an article's text, by field and, in the body, by paragraph.

`base` is the article as this editor opened it, `mine` the form now, `theirs`
the article as a colleague saved it since. A field only one side changed takes
that side; a body both changed merges when the two changed different
paragraphs. Anything else is a conflict, left for the editor to decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher


def _changes(base: list[str], other: list[str]) -> list[tuple[int, int, list[str]]]:
    """(start, end, replacement) over `base`'s paragraphs, for each change."""
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return [(i1, i2, other[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _clash(a: tuple[int, int, list[str]], b: tuple[int, int, list[str]]) -> bool:
    (a1, a2, _), (b1, b2, _) = a, b
    if a1 == a2 or b1 == b2:  # an insertion clashes with anything touching its place
        return b1 <= a1 <= b2 if a1 == a2 else a1 <= b1 <= a2
    return a1 < b2 and b1 < a2


def merge_paragraphs(base: str, mine: str, theirs: str) -> str | None:
    """The body with both sides' changes, or None when they touch the same paragraph."""
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    base_p = base.split("\n\n")
    ours = _changes(base_p, mine.split("\n\n"))
    others = _changes(base_p, theirs.split("\n\n"))
    if any(_clash(a, b) for a in ours for b in others):
        return None
    merged = list(base_p)
    for start, end, replacement in sorted(ours + others, key=lambda c: (c[0], c[1]), reverse=True):
        merged[start:end] = replacement
    return "\n\n".join(merged)


@dataclass
class Merge:
    values: dict[str, str] = field(default_factory=dict)  # field -> merged value
    conflicts: list[str] = field(default_factory=list)  # fields both sides changed differently
    theirs_changed: list[str] = field(default_factory=list)  # fields the colleague changed


def merge_fields(base: dict[str, str], mine: dict[str, str], theirs: dict[str, str], *, paragraphs: tuple[str, ...] = ("body",)) -> Merge:
    """Merge each field of `mine` (fields missing from `base` count as conflicts when changed)."""
    result = Merge()
    for name, my_value in mine.items():
        their_value = theirs.get(name, "")
        base_value = base.get(name)
        if base_value is not None and their_value != base_value:
            result.theirs_changed.append(name)
        if my_value == their_value:
            merged = my_value
        elif base_value is None:
            merged = None
        elif name in paragraphs:
            merged = merge_paragraphs(base_value, my_value, their_value)
        else:
            merged = their_value if my_value == base_value else my_value if their_value == base_value else None
        if merged is None:
            result.conflicts.append(name)
        else:
            result.values[name] = merged
    return result
