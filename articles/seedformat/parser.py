"""Read one seed page (decoded text) into a `SeedPage`.

The text is cut into blocks at blank lines, each block is classified on its own
(heading, page reference, media channel, footer line or plain text), then one
pass over the blocks assembles stories, teasers, photo stories and the footer.
A block that fits no rule is kept as an unclassified `Block`: no text is lost.

Line edges are layout, not text: every line of a block is stripped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum, auto

from .errors import SeedFormatError
from .model import (
    Block,
    Channel,
    ChannelKind,
    Contributor,
    Dateline,
    PageRef,
    Paragraph,
    PhotoStory,
    SeedPage,
    Span,
    Story,
    Teaser,
)

# `#`, `##`, `###` then whitespace; `####` and `#话题#` are plain text.
_HEADING_RE = re.compile(r"(#{1,3})(?:\s+(.*))?")
_PAGE_REF_RE = re.compile(r"(\d{1,2})[^\S\n]+(\S+)")
_YEAR_RE = re.compile(r"((?:19|20)\d\d)年")
_HOTLINE_RE = re.compile(r"(?P<label>[^\s:：]{0,20}热线(?:电话)?)\s*[:：]\s*(?P<number>\d(?:[\d\- ]*\d)?)")
_MATRIX_PREFIX = "欢迎关注"

# A paragraph is complete when it ends in sentence-final punctuation, possibly
# followed by closing quotes or brackets; otherwise a column break cut it.
_SENTENCE_FINAL = frozenset("。！？…；：!?;:")
_CLOSING = "”’」』）)\"'"
# Punctuation that a channel label, the matrix title or a footer line never holds.
_PROSE_PUNCTUATION = frozenset("。！？…；：!?;:，,、")
_CHANNEL_MAX_CHARS = 40
_CHANNEL_SUFFIXES = (
    ("微信公众号", ChannelKind.WECHAT),
    ("公众号", ChannelKind.WECHAT),
    ("电视台", ChannelKind.TV),
    ("电视", ChannelKind.TV),
    ("杂志", ChannelKind.MAGAZINE),
    ("微博", ChannelKind.WEIBO),
    ("网站", ChannelKind.WEBSITE),
    ("网", ChannelKind.WEBSITE),
    ("客户端", ChannelKind.APP),
    ("app", ChannelKind.APP),
)
_BOOK_TITLE_RE = re.compile(r"《([^》]+)》")

# 电头 in bold at the start of a story's first paragraph.
_BOLD_RE = re.compile(r"\*\*(?P<raw>.+?)\*\*")
_DATELINE_RE = re.compile(
    r"本报(?P<place>[^\s\d()（）讯]*?)(?:(?P<month>\d{1,2})月(?P<day>\d{1,2})日)?讯(?P<byline>.*)",
    re.S,
)

# Longest first, so 摄影记者 is not read as 摄影 + a person called 记者.
_ROLES = ("摄影记者", "见习记者", "特约记者", "记者", "通讯员", "实习生", "摄影", "编辑")
_ROLE = "(?:本报)?(?:" + "|".join(_ROLES) + ")"
_ROLE_RE = re.compile(f"(?:本报)?({'|'.join(_ROLES)})")
_PERSON_SEPARATOR_RE = re.compile(r"[\s、,，()（）]+")
_NAME = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff·]{1,8}"
# A photo credit ends the caption: `本报记者 孔茜 摄`, `记者 王鹏 李娜 摄`, or the
# variant `摄影 张三`. It stands after whitespace or punctuation, or alone.
# Every repeat is bounded, so a credit is never longer than _CREDIT_MAX_CHARS
# and only a caption's tail needs searching.
_CREDIT_RE = re.compile(
    r"(?:\A|(?<=[\s。！？…；：!?;:”’」』）)]))"
    rf"(?P<credit>{_ROLE}\s{{0,4}}{_NAME}(?:[\s、]{{1,4}}{_NAME}){{0,5}}\s{{1,4}}摄"
    rf"|(?:本报)?摄影(?:记者)?\s{{1,4}}{_NAME}(?:[\s、]{{1,4}}{_NAME}){{0,5}})\Z"
)
_CREDIT_MAX_CHARS = 100


class _Kind(Enum):
    H1 = auto()  # headline
    H2 = auto()  # deck, subheading or photo story title
    H3 = auto()  # kicker or teaser title
    BARE_HEADING = auto()  # `##` or `###` with no text
    PAGE_REF = auto()
    CHANNEL = auto()
    MATRIX = auto()
    HOTLINE = auto()
    TEXT = auto()


_HEADING_KINDS = {1: _Kind.H1, 2: _Kind.H2, 3: _Kind.H3}


@dataclass(frozen=True)
class _Block:
    kind: _Kind
    text: str  # the block's stripped lines joined by "\n"
    span: Span
    title: str = ""  # a heading's text without the `#` marks


def parse(text: str) -> SeedPage:
    """The page a seed file's text describes.

    Raises SeedFormatError when the page has no headline or an empty one.
    """
    text = text.removeprefix("\ufeff")
    blocks = [_classify(start, lines) for start, lines in _line_groups(text)]
    page = _Assembler(blocks).run()
    if not page.stories:
        raise SeedFormatError("no headline (a line starting with '# ')")
    if page.page is None and page.teasers:
        page.page = PageRef(1, "头版")
    if year := _YEAR_RE.search(text):
        page.year = int(year[1])
    return page


def _line_groups(text: str) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines with their first line number; a heading line is its own run."""
    groups: list[tuple[int, list[str]]] = []
    run: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        is_heading = _HEADING_RE.fullmatch(line) is not None
        if not line or is_heading:
            if run:
                groups.append((number - len(run), run))
                run = []
            if is_heading:
                groups.append((number, [line]))
        else:
            run.append(line)
    if run:
        groups.append((number - len(run) + 1, run))
    return groups


def _classify(start: int, lines: list[str]) -> _Block:
    text = "\n".join(lines)
    span = Span(start, start + len(lines) - 1)
    if heading := _HEADING_RE.fullmatch(text):
        level, title = len(heading[1]), heading[2] or ""
        if title:
            return _Block(_HEADING_KINDS[level], text, span, title)
        if level == 1:
            raise SeedFormatError("a headline ('# ') with no text", line=start)
        return _Block(_Kind.BARE_HEADING, text, span)
    prose = any(char in _PROSE_PUNCTUATION for char in text)
    if len(lines) == 1:
        if _PAGE_REF_RE.fullmatch(text):
            return _Block(_Kind.PAGE_REF, text, span)
        if _HOTLINE_RE.fullmatch(text):
            return _Block(_Kind.HOTLINE, text, span)
        if text.startswith(_MATRIX_PREFIX) and not prose:
            return _Block(_Kind.MATRIX, text, span)
    if (
        len(lines) <= 2
        and not prose
        and len(text) - len(lines) + 1 <= _CHANNEL_MAX_CHARS
        and _channel_kind(lines[0]) is not None
    ):
        return _Block(_Kind.CHANNEL, text, span)
    return _Block(_Kind.TEXT, text, span)


def _channel_kind(label: str) -> ChannelKind | None:
    lowered = label.lower()
    return next((kind for suffix, kind in _CHANNEL_SUFFIXES if lowered.endswith(suffix)), None)


def _finished(text: str) -> bool:
    return text.rstrip(_CLOSING)[-1:] in _SENTENCE_FINAL


def _tail(parts: list[str]) -> str:
    """The end of the joined parts: long enough for any credit and the character before it.

    Searching only this keeps a long run of cut blocks linear, not quadratic.
    """
    tail = ""
    for part in reversed(parts):
        tail = part + tail
        if len(tail) > _CREDIT_MAX_CHARS:
            break
    return tail


def _join_column_breaks(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Join the blocks a column break cut apart: a block that does not end a
    sentence continues in the next (subheadings stand alone)."""
    joined: list[Paragraph] = []
    parts: list[Paragraph] = []
    for paragraph in paragraphs:
        if parts and (paragraph.is_subheading or parts[-1].is_subheading or _finished(parts[-1].text)):
            joined.append(_join(parts))
            parts = []
        parts.append(paragraph)
    if parts:
        joined.append(_join(parts))
    return joined


def _join(parts: list[Paragraph]) -> Paragraph:
    if len(parts) == 1:
        return parts[0]
    span = Span(parts[0].span.start_line, parts[-1].span.end_line)
    return Paragraph("".join(part.text for part in parts), span)


class _Assembler:
    """One pass over the classified blocks; `story` is the story still open for body text."""

    def __init__(self, blocks: list[_Block]) -> None:
        self.blocks = blocks
        self.page = SeedPage()
        self.story: Story | None = None
        self.seen_heading = False

    def run(self) -> SeedPage:
        index = 0
        while index < len(self.blocks):
            index = self._step(index)
        for story in self.page.stories:
            story.paragraphs = _join_column_breaks(story.paragraphs)
        return self.page

    def _kind(self, index: int) -> _Kind | None:
        return self.blocks[index].kind if index < len(self.blocks) else None

    def _step(self, index: int) -> int:
        """Take the record starting at `index`; return the index after it."""
        block, page = self.blocks[index], self.page
        if block.kind in (_Kind.H1, _Kind.H2, _Kind.H3, _Kind.BARE_HEADING):
            self.seen_heading = True
        if block.kind is _Kind.H1:
            return self._start_story(index, kicker=None)
        if block.kind is _Kind.H3:
            following = self._kind(index + 1)
            if following is _Kind.H1:
                return self._start_story(index + 1, kicker=block)
            if following is _Kind.PAGE_REF:
                target = self.blocks[index + 1]
                page.teasers.append(Teaser(block.title, _page_ref(target), _cover(block, target)))
                self.story = None
                return index + 2
        if block.kind is _Kind.H2:
            if found := self._photo_story(index):
                photo, index = found
                page.photo_stories.append(photo)
                self.story = None
                return index + 1
            if self.story:
                self.story.paragraphs.append(Paragraph(block.title, block.span, is_subheading=True))
                self._extend(block)
                return index + 1
        if block.kind is _Kind.TEXT and self.story:
            self._add_body(block)
            return index + 1
        if block.kind is _Kind.PAGE_REF and not self.seen_heading and page.page is None:
            page.page, page.page_printed = _page_ref(block), True
            return index + 1
        self.story = None  # anything below ends a story's body
        if block.kind is _Kind.CHANNEL:
            page.channels.append(_channel(block))
        elif block.kind is _Kind.MATRIX and not page.matrix_title:
            page.matrix_title, page.matrix_span = block.text, block.span
        elif block.kind is _Kind.HOTLINE and not page.hotline:
            hotline = _HOTLINE_RE.fullmatch(block.text)
            assert hotline is not None  # the block was classified by this pattern
            page.hotline_label, page.hotline = hotline["label"], hotline["number"]
            page.hotline_span = block.span
        else:
            page.unclassified.append(Block(block.text, block.span))
        return index + 1

    def _start_story(self, index: int, kicker: _Block | None) -> int:
        headline = self.blocks[index]
        first = kicker or headline
        self.story = Story(headline.title, _cover(first, headline), kicker=kicker.title if kicker else "")
        self.page.stories.append(self.story)
        index += 1
        if self._kind(index) is _Kind.H2:  # a `##` right under the headline is its deck
            self.story.deck = self.blocks[index].title
            self._extend(self.blocks[index])
            index += 1
        return index

    def _extend(self, block: _Block) -> None:
        assert self.story is not None
        self.story.span = Span(self.story.span.start_line, block.span.end_line)

    def _add_body(self, block: _Block) -> None:
        story = self.story
        assert story is not None
        text = block.text
        if not story.paragraphs and story.dateline is None:
            bold = _BOLD_RE.match(text)
            dateline = _dateline(bold["raw"]) if bold else None
            if bold and dateline:
                story.dateline = dateline
                text = text[bold.end():].lstrip()
        self._extend(block)
        if text:  # column breaks are joined once the story is complete
            story.paragraphs.append(Paragraph(text, block.span))

    def _photo_story(self, index: int) -> tuple[PhotoStory, int] | None:
        """The photo story titled by the `##` at `index` and the index of its last
        block, if the blocks after the title make one.

        Its caption is one paragraph (column breaks joined) ending in a photo
        credit, or followed by a page reference, or both.
        """
        title = self.blocks[index]
        end, parts, credit = index, [], None
        while self._kind(end + 1) is _Kind.TEXT:
            end += 1
            parts.append(self.blocks[end].text)
            tail = _tail(parts)
            credit = _CREDIT_RE.search(tail, max(0, len(tail) - _CREDIT_MAX_CHARS))
            if credit or _finished(parts[-1]):
                break
        refers_to = None
        if self._kind(end + 1) is _Kind.PAGE_REF:
            end += 1
            refers_to = _page_ref(self.blocks[end])
        if credit is None and refers_to is None:
            return None
        caption = "".join(parts)
        credit_raw = credit["credit"] if credit else ""
        photo = PhotoStory(
            title=title.title,
            span=_cover(title, self.blocks[end]),
            caption=caption[: len(caption) - len(credit_raw)].rstrip(),
            credit_raw=credit_raw,
            refers_to=refers_to,
            credits=_contributors(credit_raw.removesuffix("摄")),
        )
        return photo, end


def _cover(first: _Block, last: _Block) -> Span:
    return Span(first.span.start_line, last.span.end_line)


def _page_ref(block: _Block) -> PageRef:
    match = _PAGE_REF_RE.fullmatch(block.text)
    assert match is not None  # the block was classified by this pattern
    return PageRef(int(match[1]), match[2])


def _channel(block: _Block) -> Channel:
    label, *rest = block.text.split("\n")
    kind = _channel_kind(label)
    assert kind is not None  # the block was classified by its suffix
    book_title = _BOOK_TITLE_RE.search(label)
    return Channel(
        label=label,
        name=book_title[1] if book_title else label,
        kind=kind,
        span=block.span,
        call_to_action=rest[0] if rest else "",
    )


def _dateline(raw: str) -> Dateline | None:
    match = _DATELINE_RE.fullmatch(raw.strip())
    if match is None:
        return None
    month, day = match["month"], match["day"]
    return Dateline(
        raw=raw,
        place=match["place"],
        month=int(month) if month else None,
        day=int(day) if day else None,
        contributors=_contributors(match["byline"]),
    )


def _contributors(text: str) -> tuple[Contributor, ...]:
    """People of a byline or credit: `记者 王鹏 李娜 通讯员 赵刚`, `本报记者 孔茜`, `记者王鹏`.

    A role applies to every name up to the next role. Two one-character tokens
    in a row are one name: papers pad two-character names to align them (`王 鹏`).
    """
    people: list[Contributor] = []
    role = printed = ""
    padded = False  # the last name was a single character that may continue
    for token in _PERSON_SEPARATOR_RE.split(text):
        if role_match := _ROLE_RE.match(token):
            role, printed = role_match[1], role_match[0]
            token = token[role_match.end():]
            padded = False
        if not token:
            continue
        if padded and len(token) == 1:
            people[-1] = Contributor(people[-1].name + token, people[-1].role, people[-1].printed_role)
            padded = False
            continue
        people.append(Contributor(token, role, printed if printed != role else ""))
        padded = len(token) == 1
    return tuple(people)
