"""The seed archive as plain data: what `parse` returns and `render` takes.

Nothing here knows about Django. Line numbers are 1-based and inclusive and
refer to the decoded text (after BOM removal and CRLF folding).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


class ChannelKind(str, Enum):
    TV = "tv"
    WECHAT = "wechat"
    MAGAZINE = "magazine"
    WEIBO = "weibo"
    WEBSITE = "website"
    APP = "app"
    OTHER = "other"


@dataclass(frozen=True)
class Span:
    """Where a record came from in its source file."""

    start_line: int
    end_line: int


@dataclass(frozen=True)
class Contributor:
    """One person of a byline or credit, with the role printed before the name.

    `role` is the normalised role (记者, 通讯员, 实习生, 摄影…); `printed_role`
    keeps what stood on the page (本报记者), so rendering is faithful.
    """

    name: str
    role: str
    printed_role: str = ""


@dataclass(frozen=True)
class Dateline:
    """电头: `本报济宁7月11日讯(记者 邓超)`. Every part is optional but `raw`."""

    raw: str
    place: str = ""
    month: int | None = None
    day: int | None = None
    contributors: tuple[Contributor, ...] = ()


@dataclass(frozen=True)
class PageRef:
    """A printed page reference such as `02 要闻`."""

    number: int
    name: str

    @property
    def label(self) -> str:
        return f"{self.number:02d} {self.name}"


@dataclass(frozen=True)
class Paragraph:
    """One body paragraph after column breaks were joined.

    `text` is the source text exactly (half-width punctuation and all);
    `span` covers every block that was joined into it.
    """

    text: str
    span: Span
    is_subheading: bool = False


@dataclass
class Story:
    """A text story: optional kicker, headline, optional deck, dateline, body."""

    headline: str
    span: Span
    kicker: str = ""
    deck: str = ""
    dateline: Dateline | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class PhotoStory:
    """图片新闻: title, caption (credit stripped off), credit, optional page ref.

    `credits` holds every photographer of the credit; `credit` is the first of
    them. Either may be given: the other is filled in from it.
    """

    title: str
    span: Span
    caption: str = ""
    credit: Contributor | None = None
    # The credit exactly as printed at the end of the caption ("本报记者 孔茜 摄").
    credit_raw: str = ""
    refers_to: PageRef | None = None
    credits: tuple[Contributor, ...] = ()

    def __post_init__(self) -> None:
        if self.credit is not None and not self.credits:
            self.credits = (self.credit,)
        elif self.credit is None and self.credits:
            self.credit = self.credits[0]


@dataclass
class Teaser:
    """导读 on a front page. `title` keeps the printed line break as one space."""

    title: str
    target: PageRef
    span: Span

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(self.title.split(" "))


@dataclass
class Channel:
    """A media channel of the paper's 融媒矩阵, e.g. `《蓼河先声》微信公众号`."""

    label: str  # the line as printed
    name: str  # the name inside 《》 where given, else the whole label
    kind: ChannelKind
    span: Span
    call_to_action: str = ""  # "欢迎关注", joined to the label by a hard break


@dataclass
class Block:
    """A block the parser could not classify; kept so nothing is lost."""

    text: str
    span: Span


@dataclass
class SeedPage:
    """One printed page as read from one seed file."""

    stories: list[Story] = field(default_factory=list)
    teasers: list[Teaser] = field(default_factory=list)
    photo_stories: list[PhotoStory] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    matrix_title: str = ""
    hotline_label: str = ""
    hotline: str = ""
    # Where the matrix title and the hotline stood; None for records built elsewhere.
    matrix_span: Span | None = None
    hotline_span: Span | None = None
    unclassified: list[Block] = field(default_factory=list)
    # The page's own number and name: 1/头版 for a front page (it carries
    # teasers); from a leading `NN 名称` line otherwise; None when unknown.
    page: PageRef | None = None
    # True when the file printed its own `NN 名称` line (rendered back even for 01).
    page_printed: bool = False
    # The year printed somewhere on the page (`2019年`), if any.
    year: int | None = None

    @property
    def lead(self) -> Story | None:
        return self.stories[0] if self.stories else None

    @property
    def issue_date(self) -> dt.date | None:
        """The date the page states (dateline month/day + printed year), or None."""
        for story in self.stories:
            dateline = story.dateline
            if dateline and dateline.month and dateline.day and self.year:
                try:
                    return dt.date(self.year, dateline.month, dateline.day)
                except ValueError:
                    return None
        return None
