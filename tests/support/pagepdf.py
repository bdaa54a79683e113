"""Page PDFs with a known layout, as a layout system exports them: a text
layer in reportlab's built-in Chinese CID font STSong-Light (no font files),
and for every story the region it really takes on the page.

Used by the auto-zoning benchmark (`bench/autozone.py`) and its tests. A page
holds, top to bottom: an optional masthead; a lead story across all five
columns, which may be cut off with (下转第N版); bands of a wide and a narrow
story side by side, the wide one wrapping round a photo story set into its
lower corner (an L-shaped region); an optional ad and the channel footer,
which belong to no story. Pure: no Django.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
PAGE_W, PAGE_H = 842.0, 1191.0  # A3 in points
MARGIN = 36.0
COLUMNS = 5
GUTTER = 12.0
COLUMN_W = (PAGE_W - 2 * MARGIN - (COLUMNS - 1) * GUTTER) / COLUMNS
BODY_SIZE, LEADING = 9.5, 13.0
HEADLINE_SIZE, DECK_SIZE, CAPTION_SIZE = 20.0, 12.0, 9.0
PHOTO_H = 150.0
FOOTER_H = 40.0
AD_H = 110.0

Rect = tuple[float, float, float, float]  # left, top, right, bottom in page fractions


@dataclass(frozen=True)
class PrintedStory:
    """What a story prints: headline, deck, body paragraphs (the dateline
    already at the start of the first), or a photo story's caption."""

    key: int
    headline: str
    deck: str = ""
    paragraphs: tuple[str, ...] = ()
    caption: str = ""


@dataclass
class LaidPage:
    pdf: bytes
    # Each printed story's true region: its rectangles, in page fractions.
    truth: dict[int, list[Rect]] = field(default_factory=dict)
    # The paragraphs of the lead left for its continuation page.
    carried: tuple[str, ...] = ()
    # Blocks printed that belong to no story (masthead, ad, footer).
    furniture: int = 0


_GREY = ImageReader(Image.new("RGB", (4, 3), (150, 150, 150)))


def _register() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _printed(text: str) -> str:
    """Punctuation as the layout system sets it between Chinese characters."""
    return text.replace(",", "，").replace("(", "（").replace(")", "）").replace(":", "：").replace("## ", "")


def wrap(text: str, size: float, width: float, *, indent: int = 0) -> list[str]:
    """Greedy character wrapping at `width` points (Chinese has no hyphens)."""
    lines, line, used = [], "", indent * size
    for ch in text:
        w = pdfmetrics.stringWidth(ch, FONT, size)
        if used + w > width and line:
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += w
    if line:
        lines.append(line)
    return lines


class _Page:
    def __init__(self) -> None:
        _register()
        self.buffer = io.BytesIO()
        self.canvas = canvas.Canvas(self.buffer, pagesize=(PAGE_W, PAGE_H))
        self.truth: dict[int, list[Rect]] = {}

    def text(self, x: float, top: float, line: str, size: float) -> None:
        """One line whose em box starts `top` points below the page top."""
        self.canvas.setFont(FONT, size)
        self.canvas.drawString(x, PAGE_H - top - size * 0.88, line)

    def mark(self, key: int, left: float, top: float, right: float, bottom: float) -> None:
        self.truth.setdefault(key, []).append((left / PAGE_W, top / PAGE_H, right / PAGE_W, bottom / PAGE_H))

    def photo(self, left: float, top: float, right: float, bottom: float) -> None:
        """A picture object, as a photo is placed (a tiny grey image, scaled)."""
        self.canvas.drawImage(_GREY, left, PAGE_H - bottom, right - left, bottom - top)

    def finish(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()


def _column_x(n: int) -> float:
    return MARGIN + n * (COLUMN_W + GUTTER)


def _heading(page: _Page, story: PrintedStory, left: float, right: float, top: float) -> float:
    """Headline and deck across `left`..`right`; returns where the body starts."""
    y = top
    for line in wrap(story.headline, HEADLINE_SIZE, right - left):
        page.text(left, y, line, HEADLINE_SIZE)
        y += HEADLINE_SIZE * 1.3
    for line in wrap(_printed(story.deck), DECK_SIZE, right - left) if story.deck else []:
        page.text(left, y, line, DECK_SIZE)
        y += DECK_SIZE * 1.35
    return y + LEADING * 0.6


def _body_lines(paragraphs: tuple[str, ...]) -> list[tuple[str, bool]]:
    """Wrapped body lines, each with whether it starts a paragraph (indented)."""
    lines = []
    for paragraph in paragraphs:
        for n, line in enumerate(wrap(_printed(paragraph), BODY_SIZE, COLUMN_W, indent=2)):
            lines.append((line, n == 0))
    return lines


def _paragraphs(lines: list[tuple[str, bool]]) -> tuple[str, ...]:
    """Wrapped lines joined back into the paragraphs they print."""
    paragraphs: list[str] = []
    for line, first in lines:
        if first or not paragraphs:
            paragraphs.append(line)
        else:
            paragraphs[-1] += line
    return tuple(paragraphs)


def _flow(page: _Page, lines: list[tuple[str, bool]], columns: list[tuple[float, float, float]]) -> int:
    """Set lines into columns (x, top, bottom) in order; returns how many fit."""
    placed = 0
    for x, top, bottom in columns:
        y = top
        while placed < len(lines) and y + LEADING <= bottom + 0.01:
            line, first = lines[placed]
            page.text(x + (2 * BODY_SIZE if first else 0), y, line, BODY_SIZE)
            y += LEADING
            placed += 1
    return placed


def _balanced(top: float, bottom: float, lines: int, columns: int) -> float:
    """The bottom of `columns` columns sharing `lines` evenly, within `bottom`."""
    return min(bottom, top + -(-lines // columns) * LEADING)


def lay_out(
    stories: list[PrintedStory],
    *,
    photo_story: PrintedStory | None = None,
    masthead: str = "",
    ad: str = "",
    footer: str = "",
    jump_to: int | None = None,
    jump_from: int | None = None,
) -> LaidPage:
    """One page. The first story is the lead, across all columns; with
    `jump_to` it keeps only its first half and ends with (下转第N版); with
    `jump_from` it is a continuation that starts with (上接第N版). The others
    go two to a band (three columns and two), the photo story set into the
    lower right of the first band's wide story. Stories that no longer fit
    are left off (not in `truth`)."""
    page = _Page()
    laid = LaidPage(pdf=b"")
    left_edge, right_edge = MARGIN, PAGE_W - MARGIN
    y = MARGIN
    if masthead:
        page.text(left_edge, y, masthead, 40)
        page.text(left_edge, y + 50, "2019年7月11日 星期四 国内统一连续出版物号 CN37-0000 今日4版", 10)
        y += 80
        laid.furniture += 1
    floor = PAGE_H - MARGIN
    if footer:
        floor -= FOOTER_H
        page.text(left_edge, floor + 14, footer, 10)
        laid.furniture += 1
    if ad:
        ad_left, ad_right = _column_x(3), _column_x(4) + COLUMN_W
        ad_top = floor - AD_H
        page.canvas.rect(ad_left, PAGE_H - floor + 6, ad_right - ad_left, AD_H - 12, stroke=1, fill=0)
        for n, line in enumerate(wrap(ad, 14, ad_right - ad_left - 20)):
            page.text(ad_left + 10, ad_top + 20 + n * 20, line, 14)
        laid.furniture += 1
    else:
        ad_top = floor

    if stories:
        lead = stories[0]
        lines = _body_lines(lead.paragraphs)
        if jump_to:
            keep = max(COLUMNS * 2, len(lines) // 2 // COLUMNS * COLUMNS) - 1
            laid.carried = _paragraphs(lines[keep:])
            lines = lines[:keep] + [(f"（下转第{jump_to}版）", False)]
        if jump_from:
            lines = [(f"（上接第{jump_from}版）", False), *lines]
        top = y
        body_top = _heading(page, lead, left_edge, right_edge, top)
        per_column = -(-len(lines) // COLUMNS)
        bottom = min(body_top + per_column * LEADING, ad_top - LEADING)
        placed = _flow(page, lines, [(_column_x(c), body_top, bottom) for c in range(COLUMNS)])
        rows = min(per_column, -(-placed // COLUMNS))
        page.mark(lead.key, left_edge, top, right_edge, body_top + rows * LEADING)
        y = body_top + rows * LEADING + 2 * LEADING

    rest = list(stories[1:])
    first_band = True
    while rest:
        wide = rest.pop(0)
        narrow = rest.pop(0) if rest else None
        inset = photo_story if first_band else None
        first_band = False
        height = _band(page, wide, narrow, inset, top=y, floor=ad_top)
        if height is None:
            break
        y += height + 2 * LEADING
    laid.pdf = page.finish()
    laid.truth = page.truth
    return laid


def _story_height(story: PrintedStory, columns: int, photo: PrintedStory | None) -> float:
    width = _column_x(columns - 1) + COLUMN_W - MARGIN
    heading = len(wrap(story.headline, HEADLINE_SIZE, width)) * HEADLINE_SIZE * 1.3
    heading += len(wrap(_printed(story.deck), DECK_SIZE, width)) * DECK_SIZE * 1.35 if story.deck else 0
    lines = len(_body_lines(story.paragraphs))
    body = -(-lines // columns) * LEADING
    if photo is not None:
        body = max(body + _inset_height(photo) * 2 / columns, _inset_height(photo) + 2 * LEADING)
    return heading + LEADING * 0.6 + body


def _inset_height(photo: PrintedStory) -> float:
    width = 2 * COLUMN_W + GUTTER
    caption = len(wrap(_printed(photo.caption), CAPTION_SIZE, width)) * CAPTION_SIZE * 1.4
    return HEADLINE_SIZE * 0.8 * 1.3 + PHOTO_H + caption + LEADING


def _band(
    page: _Page, wide: PrintedStory, narrow: PrintedStory | None, inset: PrintedStory | None, *, top: float, floor: float
) -> float | None:
    """A wide story over columns 1–3 (wrapping round `inset` in columns 2–3)
    beside a narrow one over columns 4–5; None when the band does not fit."""
    wide_cols = 3
    needed = _story_height(wide, wide_cols, inset)
    if narrow is not None:
        needed = max(needed, _story_height(narrow, 2, None))
    height = -(-needed // LEADING) * LEADING + LEADING
    if top + height > floor:
        return None
    bottom = top + height
    wide_right = _column_x(wide_cols - 1) + COLUMN_W
    body_top = _heading(page, wide, MARGIN, wide_right, top)
    lines = _body_lines(wide.paragraphs)
    columns = [(_column_x(c), body_top, _balanced(body_top, bottom, len(lines), wide_cols)) for c in range(wide_cols)]
    inset_top = 0.0
    if inset is not None:
        columns = [(_column_x(c), body_top, bottom) for c in range(wide_cols)]
        inset_top = bottom - _inset_height(inset)
        inset_left, inset_right = _column_x(wide_cols - 2), wide_right
        columns = [(x, t, inset_top - LEADING if x >= inset_left - 0.1 else b) for x, t, b in columns]
        y = inset_top + LEADING
        page.text(inset_left, y, inset.headline, HEADLINE_SIZE * 0.8)
        y += HEADLINE_SIZE * 0.8 * 1.3
        page.photo(inset_left, y, inset_right, y + PHOTO_H)
        y += PHOTO_H + 4
        for line in wrap(_printed(inset.caption), CAPTION_SIZE, inset_right - inset_left):
            page.text(inset_left, y, line, CAPTION_SIZE)
            y += CAPTION_SIZE * 1.4
        page.mark(inset.key, inset_left, inset_top + LEADING, inset_right, y)
    placed = _flow(page, lines, columns)
    _mark_columns(page, wide.key, top, body_top, columns, placed, wrapped=inset_top - LEADING if inset else 0)
    if narrow is not None:
        left = _column_x(3)
        right = _column_x(4) + COLUMN_W
        narrow_body = _heading(page, narrow, left, right, top)
        narrow_lines = _body_lines(narrow.paragraphs)
        narrow_columns = [(_column_x(c), narrow_body, _balanced(narrow_body, bottom, len(narrow_lines), 2)) for c in (3, 4)]
        placed = _flow(page, narrow_lines, narrow_columns)
        _mark_columns(page, narrow.key, top, narrow_body, narrow_columns, placed)
    return height


def _mark_columns(page: _Page, key: int, top: float, body_top: float, columns, placed: int, *, wrapped: float = 0) -> None:
    """The story's true region, as an editor would draw it: its heading
    across its columns, and its columns down to its last line (columns that
    could hold the same, down to the longest of them), or down to the picture
    they wrap round (ending at `wrapped`)."""
    left, right = columns[0][0], columns[-1][0] + COLUMN_W
    page.mark(key, left, top, right, body_top)
    remaining, used = placed, []
    for _x, column_top, bottom in columns:
        fit = max(0, int((bottom - column_top + 0.01) // LEADING))
        used.append(min(fit, remaining))
        remaining -= used[-1]
    for (x, column_top, bottom), rows in zip(columns, used):
        if not rows:
            continue
        rows = max(r for (_, t, b), r in zip(columns, used) if (t, b) == (column_top, bottom))
        inner_left = x - GUTTER / 2 if x > left else x
        inner_right = x + COLUMN_W + (GUTTER / 2 if x + COLUMN_W < right else 0)
        end = bottom if bottom == wrapped else column_top + rows * LEADING
        page.mark(key, inner_left, column_top, inner_right, end)
