"""The body's house format and its 字数: pure functions every writer and
reader of the body agrees on.

Paragraphs are separated by one blank line; a paragraph that starts with
"## " is a subhead. `normalise_body` brings text pasted from Word, WPS or the
WeChat editor (or typed on a phone) to that form: zero-width characters go,
non-breaking spaces beside Chinese go and other odd spaces become plain ones, line breaks inside a
paragraph are joined, runs of blank lines shrink to one. It is idempotent,
and the identity on text already in the house format (the importer's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings

# Zero-width space/joiners, word joiner, BOM and soft hyphen: invisible, never meant.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# A non-breaking space beside a Chinese character or full-width mark is
# Word's spacing, not a word break: it goes. Elsewhere it becomes a space.
_NBSP_BY_WIDE = re.compile(r"(?<=[^\x00-\x7f\u00a0\u202f\s])[\u00a0\u202f]+|[\u00a0\u202f]+(?=[^\x00-\x7f\u00a0\u202f\s])")
# NBSP, narrow NBSP, figure space and the thin/en/em spaces Word likes.
_ODD_SPACES = re.compile("[\u00a0\u202f\u2007\u2000-\u200a\t]")
_SPACES = re.compile(" {2,}")
_PARAGRAPH_BREAK = re.compile(r"\n[ \u3000]*\n\s*")
_SUBHEAD = re.compile(r"^#{1,6}\s*")
# Two lines joined with a space only between two Latin letters or digits.
_LATIN_END = re.compile(r"[A-Za-z0-9,.;:!?)]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9(]")


def _join_lines(lines: list[str]) -> str:
    text = ""
    for line in lines:
        if text and _LATIN_END.search(text) and _LATIN_START.match(line):
            text += " "
        text += line
    return text


def _paragraphs(block: str) -> list[str]:
    """One block between blank lines: subhead lines stand alone, the rest join."""
    out: list[str] = []
    pending: list[str] = []
    for line in (raw.strip(" \u3000") for raw in block.split("\n")):
        if not line:
            continue
        if _SUBHEAD.match(line):
            if pending:
                out.append(_join_lines(pending))
                pending = []
            title = _SUBHEAD.sub("", line)
            if title:
                out.append("## " + title)
        else:
            pending.append(line)
    if pending:
        out.append(_join_lines(pending))
    return out


def normalise_body(text: str) -> str:
    """The body in the house format (see the module's docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _INVISIBLE.sub("", text)
    text = _NBSP_BY_WIDE.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    text = _SPACES.sub(" ", text)
    paragraphs = [p for block in _PARAGRAPH_BREAK.split(text) for p in _paragraphs(block)]
    return "\n\n".join(paragraphs)


# 字数. Twinned in newsroom/desk/static/desk/desk.js (`deskCount`); a browser
# test compares both on the seed's lead story, so change them together.
# Markup is never counted (a leading "## ", "**"), nor whitespace; each Han
# character counts one, and the house rule says whether punctuation and digits
# count (one each) and whether a Latin word counts one or one per letter.

# The same alternatives, in the same order, as TOKEN in desk.js.
_TOKEN = re.compile(
    r"(?P<han>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f])"
    r"|(?P<latin>[A-Za-z]+(?:['’-][A-Za-z]+)*)"
    r"|(?P<digit>[0-9])"
    r"|(?P<space>\s)"
    r"|(?P<other>.)",
    re.DOTALL,
)
MARKUP = re.compile(r"^#{1,6} |\*\*", re.MULTILINE)


@dataclass(frozen=True)
class CountRule:
    punctuation: bool = True
    digits: bool = True
    latin_words_as_one: bool = True


@dataclass(frozen=True)
class Count:
    hanzi: int
    total: int


def house_rule() -> CountRule:
    """The newsroom's rule (settings.NEWSROOM_COUNT_RULE)."""
    return CountRule(**settings.NEWSROOM_COUNT_RULE)


def count_characters(text: str, rule: CountRule = CountRule()) -> Count:
    """汉字 and all characters of `text` by `rule`."""
    hanzi = total = 0
    for match in _TOKEN.finditer(MARKUP.sub("", text)):
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


# Display punctuation: what readers see of the source text (the archive
# keeps half-width commas and brackets exactly as transcribed).

HALF_TO_FULL = {",": "，", "(": "（", ")": "）", ":": "：", ";": "；", "!": "！", "?": "？"}
# Full-width punctuation carries its own spacing; a space the transcriber left
# after a half-width mark would show as a gap.
_EATS_FOLLOWING_SPACE = set("，：；！？")
# Han characters, CJK punctuation and the curly quotes Chinese text uses.
_CHINESE = re.compile(
    r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e\u2018\u2019\u201c\u201d\u2026\u2014]"
)

# One pass of the C regex engine instead of a Python loop over every
# character: a mark is replaced when the character before it, or the first one
# after any spaces, is Chinese (both looked at in the source text), and the
# marks of _EATS_FOLLOWING_SPACE take the spaces after them along.
_CH = _CHINESE.pattern
_EATING = "".join(re.escape(half) for half, full in HALF_TO_FULL.items() if full in _EATS_FOLLOWING_SPACE)
_KEEPING = "".join(re.escape(half) for half, full in HALF_TO_FULL.items() if full not in _EATS_FOLLOWING_SPACE)
_NEXT_TO_CHINESE = rf"(?:(?<={_CH}.)|(?=[ \t]*{_CH}))"  # after matching the mark: before it, or after spaces
_CONVERTIBLE = re.compile(rf"[{_EATING}]{_NEXT_TO_CHINESE}[ \t]*|[{_KEEPING}]{_NEXT_TO_CHINESE}")
_ANY_MARK = re.compile(f"[{re.escape(''.join(HALF_TO_FULL))}]")


def _full(match: re.Match) -> str:
    return HALF_TO_FULL[match[0][0]]


def to_fullwidth(text: str) -> str:
    """Half-width , ( ) : ; ! ? next to a Chinese character become full-width.

    Only the marks are touched: 45.6亿元, 58.2% and English text stay ASCII.
    """
    if not _ANY_MARK.search(text):
        return text
    return _CONVERTIBLE.sub(_full, text)


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def split_paragraphs(body: str) -> list[str]:
    """Paragraphs are separated by blank lines of any length."""
    return [p.strip() for p in _BLANK_LINE.split(body or "") if p.strip()]
