"""Share cards: the picture a link preview (WeChat, Weibo, …) shows for an
article that has no photo of its own — the masthead, the headline, the date
and the page, drawn with Pillow in the Noto CJK font.

A card is derived state: drawn by a consumer of the change log
(`consume_changes`, registered in articles/apps.py) after the write that
named the article has committed, so no save waits inside its transaction
for a picture; `make_share_cards` draws the archive's. Never while serving
a page. Its file name carries a hash of what is printed on it, so a changed
headline (or masthead, date, page) is seen and the card redrawn; an
unchanged one is left alone. Without the font the card is not made, the log
says why, and the article is shared without a picture, as before.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import math
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from PIL import Image, ImageChops, ImageColor, ImageDraw, ImageFont

from articles.models import Article, Change, Publication
from articles.templatetags.reader import to_fullwidth

logger = logging.getLogger(__name__)

SIZE = (1200, 630)  # what WeChat, Weibo and Open Graph previews crop best
FOLDER = "share-cards"
FONT_FAMILY = "Noto Sans CJK SC"
PAPER, INK, MUTED, RED, RULE = "#fffdf8", "#1a1a1a", "#4d4d4d", "#b0000f", "#c9c1b4"
# A line must not start with closing punctuation (it moves up to the line
# before) nor end with opening punctuation (it moves down to the next).
_NO_LINE_START = set("，。、；：！？）》」』”’…—")
_NO_LINE_END = set("（《「『“‘")
# The action of an import's change whose cards are left to `make_share_cards`
# (`import_seeds --no-share-cards`): the consumer passes over it.
IMPORTED_WITHOUT_CARDS = "imported_no_cards"


@dataclass(frozen=True)
class CardText:
    masthead: str
    kicker: str
    headline: str
    dateline: str  # 2019年7月11日 星期四 · 第02版 要闻

    @property
    def key(self) -> str:
        data = "\x1f".join((self.masthead, self.kicker, self.headline, self.dateline))
        return hashlib.sha256(data.encode()).hexdigest()[:16]


def card_text(article: Article, *, masthead: str) -> CardText:
    page = article.page
    return CardText(
        masthead=masthead,
        kicker=to_fullwidth(article.kicker),
        headline=to_fullwidth(article.headline),
        dateline=f"{page.issue.date_line} · 第{page.number:02d}版 {page.section.name}",
    )


def card_name(article: Article, text: CardText) -> str:
    return f"{FOLDER}/{article.pk}-{text.key}.png"


@functools.cache
def font_file(style: str = "regular") -> tuple[str, int] | None:
    """(path, face index) of the Noto CJK font in `style` ("regular"/"bold"), from fontconfig."""
    if shutil.which("fc-match") is None:
        logger.warning("share cards: fc-match not found (install fontconfig and fonts-noto-cjk); no cards are made")
        return None
    pattern = FONT_FAMILY + (":bold" if style == "bold" else "")
    found = subprocess.run(
        ["fc-match", "-f", "%{family}\n%{file}\n%{index}", pattern], capture_output=True, text=True, check=False
    ).stdout.split("\n")
    if len(found) < 3 or FONT_FAMILY not in found[0]:
        logger.warning("share cards: font %r is not installed (apt-get install fonts-noto-cjk); no cards are made", pattern)
        return None
    return found[1], int(found[2] or 0)


@functools.cache
def _font(style: str, size: int) -> ImageFont.FreeTypeFont:
    path, index = font_file(style)
    return ImageFont.truetype(path, size, index=index)


def fonts_available() -> bool:
    return font_file("regular") is not None and font_file("bold") is not None


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Break `text` into lines of at most `width` pixels, character by character
    (as Chinese is set), closing punctuation never starting a line; the last
    line ends in … when the text does not fit in `max_lines`."""
    lines: list[str] = []
    rest, forced = text.strip(), 1  # `forced`: how many characters open the line whatever their width
    while rest and len(lines) <= max_lines:  # one line past the last tells that … is needed
        end = _fitting(rest, font, width, at_least=forced)
        # Closing punctuation stays on the line, past the edge.
        while end < len(rest) and rest[end] in _NO_LINE_START and end > 1:
            end += 1
        line, rest = rest[:end], rest[end:]
        carried = ""
        while rest and len(line) > 1 and line[-1] in _NO_LINE_END:  # opening punctuation goes down
            line, carried = line[:-1], line[-1] + carried
        lines.append(line)
        rest, forced = carried + rest, len(carried) + 1
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1]
        lines = lines[: max_lines - 1] + [last + "…"]
    return lines


def _fitting(text: str, font: ImageFont.FreeTypeFont, width: int, *, at_least: int) -> int:
    """How many characters of `text` fit in `width` pixels (`at_least` of
    them whatever their width): a binary search, since a longer text is
    never narrower, so a line costs a few measures, not one a character."""
    fits, too_many = at_least, len(text) + 1
    while too_many - fits > 1:
        middle = (fits + too_many) // 2
        if font.getlength(text[:middle]) <= width:
            fits = middle
        else:
            too_many = middle
    return fits


MARGIN = 72
# The palette: the paper, then STEPS shades from it to each colour printed on
# it (all that anti-aliased text and rules on the paper are made of).
STEPS = 15
COLOURS = (INK, MUTED, RED, RULE)


@functools.cache
def _palette() -> list[int]:
    paper = ImageColor.getrgb(PAPER)
    shades = [paper]
    for colour in COLOURS:
        rgb = ImageColor.getrgb(colour)
        shades += [tuple(round(p + (c - p) * step / STEPS) for p, c in zip(paper, rgb)) for step in range(1, STEPS + 1)]
    return [value for shade in shades for value in shade]


@functools.cache
def _shades(colour: str) -> list[int]:
    """Coverage (0–255, as a font or a line is drawn in "L") to the palette
    index of the nearest shade of `colour`; no coverage is the paper (0)."""
    before = COLOURS.index(colour) * STEPS  # the index of its first shade, less one
    steps = [round(coverage * STEPS / 255) for coverage in range(256)]
    return [before + step if step else 0 for step in steps]


def _print(card: Image.Image, xy: tuple[int, int], text: str, *, style: str, size: int, colour: str) -> None:
    """Print `text` on `card` (palette indices, "L"), anchored at its middle
    top: what drawing in RGB and quantizing to the palette gives, without an
    RGB card or a search for the nearest colour."""
    (left, top, right, bottom), shaded = _shaded(text, style, size, colour)
    box = (xy[0] + left, xy[1] + top, xy[0] + right, xy[1] + bottom)
    # Over what is there already (lighter: the higher index; only paper, 0, is under text).
    card.paste(ImageChops.lighter(card.crop(box), shaded), box)


@functools.lru_cache(maxsize=32)
def _shaded(text: str, style: str, size: int, colour: str) -> tuple[tuple[int, int, int, int], Image.Image]:
    """`text` drawn as coverage in a patch of its own, each pixel then the
    nearest shade of `colour`; with its box around its middle top. Kept for
    the next cards: the articles of a page share their dateline."""
    font = _font(style, size)
    left, top, right, bottom = font.getbbox(text, anchor="mt")
    box = (math.floor(left), math.floor(top), math.ceil(right), math.ceil(bottom))
    patch = Image.new("L", (box[2] - box[0], box[3] - box[1]), 0)
    ImageDraw.Draw(patch).text((-box[0], -box[1]), text, font=font, fill=255, anchor="mt")
    return box, patch.point(_shades(colour))


@functools.lru_cache(maxsize=4)
def _blank(masthead: str) -> Image.Image:
    """What every card of the paper shares, as palette indices: the masthead
    and the rules (drawn once; each card is drawn on a copy)."""
    width = SIZE[0]
    card = Image.new("L", SIZE, 0)
    _print(card, (width // 2, 64), masthead, style="bold", size=64, colour=RED)
    draw = ImageDraw.Draw(card)
    # Rules are not anti-aliased: the full shade of their colour.
    for y in (160, 168):  # the double rule under the masthead, as printed
        draw.line((MARGIN, y, width - MARGIN, y), fill=_shades(RED)[255], width=3)
    draw.line((MARGIN, 540, width - MARGIN, 540), fill=_shades(RULE)[255], width=2)
    return card


def render(text: CardText) -> bytes:
    """The card as PNG bytes."""
    width, height = SIZE
    margin, middle = MARGIN, SIZE[0] // 2
    card = _blank(text.masthead).copy()

    y = 208
    if text.kicker:
        for line in wrap(text.kicker, _font("regular", 36), width - 2 * margin, 1):
            _print(card, (middle, y), line, style="regular", size=36, colour=MUTED)
        y += 60
    lines = wrap(text.headline, _font("bold", 60), width - 2 * margin, 3 if not text.kicker else 2)
    line_height = 84
    # Centre the headline in the space between the rules.
    y += max(0, (520 - y - line_height * len(lines)) // 2)
    for line in lines:
        _print(card, (middle, y), line, style="bold", size=60, colour=INK)
        y += line_height

    _print(card, (middle, 570), text.dateline, style="regular", size=32, colour=MUTED)

    card.putpalette(_palette())
    buffer = io.BytesIO()
    # zlib's fastest level: a 21 KB file (the default level, 15 KB) in 40 % of the time.
    card.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def draw_share_card(*, article: Article, masthead: str | None = None) -> bool:
    """Give a placed article a card for what it now prints; True when one was drawn.

    An article whose card already shows its current text is left alone (and
    so is one not yet on a page). The old file goes once the new one is
    committed; `share_card` is written without save(), since a card is not
    an edit (no new version, no new `updated_at`). Raises OSError when the
    card cannot be stored.
    """
    replaced = _store_card(article, masthead=masthead or Publication.load().name)
    if replaced is None:
        return False
    _save_names([(article, replaced)])
    return True


def _store_card(article: Article, *, masthead: str) -> str | None:
    """Store the card of what `article` now prints, unless it has it, and
    set its name on `article` (not in the database: see `_save_names`).
    Returns the name of the card it replaces ("" for none), or None when
    nothing was drawn. Raises OSError when the card cannot be stored."""
    if article.page_id is None or not fonts_available():
        return None
    text = card_text(article, masthead=masthead)
    name = card_name(article, text)
    if article.share_card.name == name:
        return None
    if not default_storage.exists(name):  # else drawn before by a write that was rolled back
        stored = default_storage.save(name, ContentFile(render(text)))
        if stored != name:
            raise OSError(f"the card was stored as {stored}, not {name}")
    replaced = article.share_card.name or ""
    article.share_card.name = name
    return replaced


@transaction.atomic
def _save_names(drawn: Sequence[tuple[Article, str]]) -> None:
    """Write the names of cards just stored, and delete the files they
    replace once that is committed. One statement run for every card
    (bulk_update's CASE costs as much to build as a query per card)."""
    quote = connection.ops.quote_name
    table, column = quote(Article._meta.db_table), quote(Article._meta.get_field("share_card").column)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {column} = %s WHERE {quote(Article._meta.pk.column)} = %s",
            [(article.share_card.name, article.pk) for article, _replaced in drawn],
        )
    for _article, replaced in drawn:
        if replaced:
            transaction.on_commit(lambda replaced=replaced: default_storage.delete(replaced))


@dataclass
class Backfill:
    drawn: int = 0
    current: int = 0
    failed: list[tuple[Article, str]] = field(default_factory=list)


# Cards whose names are written with one query.
CHUNK = 200


def ensure_share_cards(articles: Iterable[Article]) -> Backfill:
    """Draw the cards of `articles` (placed ones, see `placed_articles`) that
    are missing or out of date; one that cannot be drawn is reported in
    `failed` and the rest carry on."""
    masthead = Publication.load().name
    result = Backfill()
    drawn: list[tuple[Article, str]] = []
    for article in articles:
        try:
            replaced = _store_card(article, masthead=masthead)
        except OSError as error:
            result.failed.append((article, str(error)))
            continue
        if replaced is None:
            result.current += 1
            continue
        result.drawn += 1
        drawn.append((article, replaced))
        if len(drawn) == CHUNK:
            _save_names(drawn)
            drawn = []
    if drawn:
        _save_names(drawn)
    return result


def placed_articles() -> QuerySet[Article]:
    """Articles on a page, with what their card prints (one query, only those columns)."""
    return (
        Article.objects.filter(page__isnull=False)
        .select_related("page__issue", "page__section")
        .only("kicker", "headline", "share_card", "page__number", "page__issue__date", "page__section__name")
    )


def consume_changes(changes: Sequence[Change]) -> None:
    """The change-log consumer: the cards of the articles the changes name,
    and of those on a renumbered page or a redated issue. A paper renamed
    (every card at once) is left to `make_share_cards`, and so is every
    card with the NEWSROOM_SHARE_CARDS setting off.

    A card that cannot be stored fails the batch, so its changes stay
    pending and are drawn again when they are retried (the cards already
    current cost a comparison each); the write they follow is committed
    whatever happens here.
    """
    ids: set[int] = set()
    pages: set[int] = set()
    for change in changes:
        if change.action == IMPORTED_WITHOUT_CARDS:
            continue
        affected = change.affected
        ids |= affected.articles
        if change.kind in ("page", "issue"):
            pages |= affected.pages
    if not (ids or pages) or not settings.NEWSROOM_SHARE_CARDS or not fonts_available():
        return
    result = ensure_share_cards(placed_articles().filter(Q(pk__in=ids) | Q(page__in=pages)).order_by("pk"))
    if result.failed:
        article, error = result.failed[0]
        raise OSError(
            f"{len(result.failed)} share card(s) not stored, the first of article {article.pk}: {error}; "
            "drawn when the change is retried (process_changes)"
        )
