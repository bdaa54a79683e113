"""字数 and print fit: pure functions, twinned in static/desk/desk.js (`deskCount`).

A test runs both on the seed's lead story and compares them, so a change here
needs the same change there. Markup is never counted: a leading "## " and
"**". Whitespace never counts. Each Han character counts one; the house rule
(settings.NEWSROOM_DESK_COUNT_RULE) says whether punctuation and digits count
(one each) and whether a Latin word counts one or one per letter.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# The same alternatives, in the same order, as TOKEN in desk.js.
_TOKEN = re.compile(
    r"(?P<han>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f])"
    r"|(?P<latin>[A-Za-z]+(?:['’-][A-Za-z]+)*)"
    r"|(?P<digit>[0-9])"
    r"|(?P<space>\s)"
    r"|(?P<other>.)",
    re.DOTALL,
)
_MARKUP = re.compile(r"^#{1,6} |\*\*", re.MULTILINE)


@dataclass(frozen=True)
class CountRule:
    punctuation: bool = True
    digits: bool = True
    latin_words_as_one: bool = True


@dataclass(frozen=True)
class Count:
    hanzi: int
    total: int


def count_characters(text: str, rule: CountRule = CountRule()) -> Count:
    """汉字 and all characters of `text` by the house rule."""
    hanzi = total = 0
    for match in _TOKEN.finditer(_MARKUP.sub("", text)):
        kind = match.lastgroup
        if kind == "han":
            hanzi += 1
            total += 1
        elif kind == "latin":
            total += 1 if rule.latin_words_as_one else len(match.group())
        elif kind == "digit":
            total += rule.digits
        elif kind == "other":
            total += rule.punctuation
    return Count(hanzi=hanzi, total=total)


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
        text = _MARKUP.sub("", paragraph.strip()).strip()
        if text:
            indent = 0 if paragraph.lstrip().startswith("#") else 2
            lines += math.ceil((indent + _width(text)) / column.chars_per_line)
    return Fit(lines=lines, centimetres=round(lines * column.line_cm, 1))
