"""Print fit: how many printed lines and column centimetres a body takes.

A pure function, twinned in static/desk/desk.js (`deskPrintFit`); a browser
test compares both on the seed's lead story. 字数 itself is the core's
(articles.text.count_characters).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from articles.text import MARKUP

@dataclass(frozen=True)
class Column:
    """One column of a page: its width and the body type's size, in centimetres."""

    width_cm: float
    char_cm: float
    line_cm: float

    @property
    def chars_per_line(self) -> int:
        return max(1, math.floor(self.width_cm / self.char_cm + 1e-9))


@dataclass(frozen=True)
class Fit:
    lines: int
    centimetres: float


def _width(paragraph: str) -> float:
    """Ems the paragraph takes: full-width characters one, ASCII half."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in paragraph)


def print_fit(body: str, column: Column) -> Fit:
    """Printed lines and column centimetres: each paragraph starts on a new
    line with a two-character indent (a subhead without one)."""
    lines = 0
    for paragraph in body.split("\n\n"):
        text = MARKUP.sub("", paragraph.strip()).strip()
        if text:
            indent = 0 if paragraph.lstrip().startswith("#") else 2
            lines += math.ceil((indent + _width(text)) / column.chars_per_line)
    return Fit(lines=lines, centimetres=round(lines * column.line_cm, 1))
