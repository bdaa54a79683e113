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
