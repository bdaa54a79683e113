"""Stories that jump pages (转版): the markers that end a story's first part,
`（下转第2版）` / `(下转2版)`, and begin its continuation, `（上接第1版）`.

Pure: the markers stay in the text exactly as printed (so a page is written
back as it came in); these functions only find them. Either bracket width,
with or without 第, spaces allowed inside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The words every marker has: text without them has no marker.
TO_WORDS, FROM_WORDS = "下转", "上接"
_OPEN, _CLOSE = r"[（(]\s*", r"\s*[）)]"
_TO = re.compile(rf"{_OPEN}{TO_WORDS}\s*第?\s*(?P<page>\d{{1,2}})\s*版{_CLOSE}\s*$")
_FROM = re.compile(rf"^\s*{_OPEN}{FROM_WORDS}\s*第?\s*(?P<page>\d{{1,2}})\s*版{_CLOSE}")


@dataclass(frozen=True)
class Marked:
    """A paragraph with its jump markers taken apart: the marker opening it
    (上接), the text, and the marker closing it (下转), each as printed."""

    opening: str
    text: str
    closing: str


def jumps_to(paragraphs: list[str]) -> int | None:
    """The page the story goes on to, from a marker ending its last paragraph."""
    match = _TO.search(paragraphs[-1]) if paragraphs else None
    return int(match["page"]) if match else None


def jumps_from(paragraphs: list[str]) -> int | None:
    """The page the story comes from, from a marker opening its first paragraph."""
    match = _FROM.match(paragraphs[0]) if paragraphs else None
    return int(match["page"]) if match else None


def split_markers(paragraph: str) -> Marked:
    """`（上接第1版）text（下转第3版）` → its opening marker, text and closing marker."""
    opening = _FROM.match(paragraph)
    start = opening.end() if opening else 0
    closing = _TO.search(paragraph, start)
    end = closing.start() if closing else len(paragraph)
    return Marked(
        opening=opening.group(0).strip() if opening else "",
        text=paragraph[start:end].strip(),
        closing=closing.group(0).strip() if closing else "",
    )
