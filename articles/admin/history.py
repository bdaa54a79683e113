"""Diffs between an article's saved versions, for the history page.

Paragraph by paragraph first, then character by character inside a changed
paragraph: Chinese has no spaces, so a word-level diff would mark whole
sentences. The result is data; templates escape and render it.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import zip_longest


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "delete" or "insert"
    text: str


def diff_text(old: str, new: str) -> list[list[Segment]]:
    """The lines of `new` against `old`, each as segments to show."""
    old_lines, new_lines = old.split("\n"), new.split("\n")
    lines: list[list[Segment]] = []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines += [[Segment("equal", line)] for line in old_lines[i1:i2]]
            continue
        for before, after in zip_longest(old_lines[i1:i2], new_lines[j1:j2]):
            if after is None:
                lines.append([Segment("delete", before)])
            elif before is None:
                lines.append([Segment("insert", after)])
            else:
                lines.append(_char_diff(before, after))
    return lines


def _char_diff(old: str, new: str) -> list[Segment]:
    segments = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", old[i1:i2]))
            continue
        if i2 > i1:
            segments.append(Segment("delete", old[i1:i2]))
        if j2 > j1:
            segments.append(Segment("insert", new[j1:j2]))
    return segments


def has_changes(lines: list[list[Segment]]) -> bool:
    return any(segment.op != "equal" for line in lines for segment in line)
