"""Finding the articles on a printed page from its PDF's text layer (标引).

Pure: no Django (the seed format's jump markers aside). `read_text_layer` reads the characters of a one-page PDF
with their boxes (PDFium) and groups them into printed lines; `propose`
matches each line to the article whose text contains it and turns each
article's lines into its region on the page; `validate_polygon` checks a
zone's outline. Every position is a fraction of the page (0..1) measured
from its top-left corner, like the zones.

Matching, line by line, after normalising both sides (NFKC, so full- and
half-width forms agree; whitespace and line breaks dropped, so wrapping and
columns do not matter):
1. a line that is a substring of exactly one article belongs to it;
2. a line in several articles (a short common phrase), or near enough to
   some by its character pairs (a dateline, a byline, a retouched word),
   belongs to the one of them its column neighbour belongs to, or (text
   found word for word) the line read just before or after it (a column's
   first line);
3. a line set between lines of one article in its column, or a short or
   jump line (（下转第2版）) next to one, goes with them;
4. what is left is reported as text that matches no article (ads, the
   masthead, the channel footer) and never becomes a zone.

An article's region starts from its lines grouped into column runs (each
run's bounding box, so a picture inside a column is covered), pictures
attached to the caption under them, and the gutters and gaps between runs
bridged where no other text stands. If that is one piece, the article takes
its whole bounding box less what other articles and unmatched text take
inside it (an L where a photo story is set into its corner); otherwise only
the pieces. Each connected piece becomes one polygon (a rectangle when it is
one).
"""

from __future__ import annotations

import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from articles.seedformat.jumps import split_markers

Point = tuple[float, float]
Polygon = tuple[Point, ...]

# A line not found word for word may still be an article's when at least
# this share of its character pairs occur in it — if a line next to it is.
FUZZY_SHARE = 0.4
# Lines up to this many characters are too short to say whose they are alone.
SHORT_LINE = 3
# A caption or the text above a picture stands at most this share of the
# page height away from it.
PICTURE_GAP = 0.02
# Smallest polygon area, as a share of the page, a zone may have.
MIN_AREA = 1e-6


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def centre(self) -> Point:
        return ((self.left + self.right) / 2, (self.top + self.bottom) / 2)

    def union(self, other: Box) -> Box:
        return Box(
            min(self.left, other.left), min(self.top, other.top), max(self.right, other.right), max(self.bottom, other.bottom)
        )

    def x_overlap(self, other: Box) -> float:
        """Horizontal overlap as a share of the narrower box."""
        shared = min(self.right, other.right) - max(self.left, other.left)
        narrower = min(self.width, other.width)
        return shared / narrower if narrower > 0 else 0.0


@dataclass(frozen=True)
class Line:
    """One printed line: its text as the PDF has it and its box."""

    text: str
    box: Box


@dataclass(frozen=True)
class TextLayer:
    """The printed lines of a page, in the PDF's reading order. The page size
    is in PDF points (needed to turn fractions back into square characters)."""

    width: float
    height: float
    lines: tuple[Line, ...]
    # Where pictures are printed (photos, graphics), as page fractions.
    images: tuple[Box, ...] = ()

    @property
    def has_text(self) -> bool:
        return any(normalize(line.text) for line in self.lines)


@dataclass(frozen=True)
class ArticleText:
    """What the page prints of one article: headline, deck, dateline,
    bylines, body, captions — any order, each part matched on its own."""

    key: int
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Proposal:
    """An article's region: one or more shapes, each a rectangle (4 points)
    or a polygon, in page fractions, clockwise from the top-left."""

    key: int
    shapes: tuple[Polygon, ...]
    lines: int


@dataclass(frozen=True)
class UnmatchedText:
    text: str
    box: Box


@dataclass
class PageLayout:
    proposals: list[Proposal] = field(default_factory=list)
    unmatched: list[UnmatchedText] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)


# --- text -------------------------------------------------------------------

_DROPPED = {"#", "*", "\u00ad", "\u200b", "\u200c", "\u200d", "\ufeff"}


# Marks NFKC leaves apart that transcriptions and layout systems swap.
_SAME = str.maketrans({"。": ".", "、": ",", "“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-"})


def normalize(text: str) -> str:
    """The text as compared: NFKC (full-width and half-width forms agree),
    Chinese and Western stops, commas and quotes alike, no whitespace, no
    soft hyphens or Markdown marks, lower case."""
    folded = unicodedata.normalize("NFKC", text).translate(_SAME).lower()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in _DROPPED)


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


# --- reading the PDF --------------------------------------------------------


def read_text_layer(data: bytes) -> TextLayer:
    """The first page's printed lines, read with PDFium. A page without a
    text layer (an image) gives a layer with no lines."""
    import pypdfium2 as pdfium

    try:
        return _read(pdfium, data)
    except pdfium.PdfiumError as error:
        raise TextLayerError(str(error)) from None


class TextLayerError(ValueError):
    """The PDF's text could not be read; the message says why."""


def _read(pdfium, data: bytes) -> TextLayer:
    document = pdfium.PdfDocument(data)
    try:
        page = document[0]
        width, height = page.get_size()
        textpage = page.get_textpage()
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        # PDFium's text can drop or insert characters; then ask char by char.
        if len(text) != count:
            text = "".join(textpage.get_text_range(i, 1) or " " for i in range(count))
        chars = [(text[i], textpage.get_charbox(i, loose=True)) for i in range(count)]
        images = [
            Box(left / width, 1 - top / height, right / width, 1 - bottom / height)
            for left, bottom, right, top in (
                obj.get_bounds() for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=2)
            )
        ]
    finally:
        document.close()
    lines = tuple(lines_from_chars(chars, width=width, height=height))
    return TextLayer(width=width, height=height, lines=lines, images=tuple(images))


def lines_from_chars(chars: Iterable[tuple[str, Sequence[float]]], *, width: float, height: float) -> list[Line]:
    """Group characters (text, PDF box left, bottom, right, top in points)
    into lines: a new line starts at a line break, when the baseline moves,
    when the text goes back left, or across a gap wider than two characters
    (two columns printed on one baseline)."""
    lines: list[Line] = []
    text: list[str] = []
    box: Box | None = None
    last: Box | None = None

    def close() -> None:
        nonlocal text, box, last
        if box is not None and "".join(text).strip():
            lines.append(Line("".join(text).strip(), box))
        text, box, last = [], None, None

    for ch, (left, bottom, right, top) in chars:
        if ch in "\r\n":
            close()
            continue
        if ch.isspace() or right <= left or top <= bottom:
            if box is not None:
                text.append(" ")
            continue
        char = Box(left / width, 1 - top / height, right / width, 1 - bottom / height)
        if last is not None:
            size = max(last.height, char.height) * height  # in points
            middle = (char.top + char.bottom) / 2
            gap = (char.left - last.right) * width
            if not last.top <= middle <= last.bottom or gap < -size / 2 or gap > 2 * size:
                close()
        text.append(ch)
        box = char if box is None else box.union(char)
        last = char
    close()
    return lines


# --- matching ---------------------------------------------------------------

@dataclass
class _Indexed:
    text: str
    pairs: set[str]


@dataclass
class _Match:
    """Whose a line may be: `exact` when its text is in those articles word
    for word, `sure` when in exactly one (and long enough to tell)."""

    keys: set[int]
    exact: bool = False
    sure: bool = False


def propose(layer: TextLayer, articles: Sequence[ArticleText]) -> PageLayout:
    """Each article's proposed region on the page, the text that matched no
    article, and the articles none of whose text was found."""
    indexed = {
        a.key: _Indexed("\x00".join(normalize(p) for p in a.parts), set().union(*(_pairs(normalize(p)) for p in a.parts)))
        for a in articles
    }
    lines = [line for line in layer.lines if normalize(line.text)]
    matches = [_candidates(normalize(line.text), indexed) for line in lines]
    owners: list[int | None] = [next(iter(m.keys)) if m.sure else None for m in matches]
    _resolve_by_neighbours(lines, owners, matches)

    layout = PageLayout(unmatched=_unmatched_blocks(lines, owners))
    by_article: dict[int, list[Box]] = {}
    for line, owner in zip(lines, owners):
        if owner is not None:
            by_article.setdefault(owner, []).append(line.box)
    aspect = layer.height / layer.width if layer.width else 1.0
    cores = {
        key: _core(boxes, foreign=[line.box for line, owner in zip(lines, owners) if owner != key], aspect=aspect)
        for key, boxes in by_article.items()
    }
    _attach_images(layer.images, cores)
    hulls = {key: _hull(rects) for key, rects in cores.items()}
    for article in articles:
        if article.key not in cores:
            layout.missed.append(article.key)
            continue
        # Another article set inside this one's area (a photo story in its
        # corner) takes its whole area; one this article sits inside, only its text.
        here = hulls[article.key]
        others = [u.box for u in layout.unmatched]
        for key, rects in cores.items():
            if key != article.key:
                others += rects if _contains(hulls[key], here) else [hulls[key]]
        shapes = carve(cores[article.key], others)
        layout.proposals.append(Proposal(article.key, tuple(shapes), len(by_article[article.key])))
    return layout


def _candidates(text: str, indexed: dict[int, _Indexed]) -> _Match:
    exact = {key for key, article in indexed.items() if text in article.text}
    if exact:
        return _Match(exact, exact=True, sure=len(exact) == 1 and len(text) > SHORT_LINE)
    if len(text) <= SHORT_LINE:
        return _Match(set())
    pairs = _pairs(text)
    scores = {key: len(pairs & article.pairs) / len(pairs) for key, article in indexed.items()}
    # A near match (a dateline, a retouched word) only counts beside its article's lines.
    return _Match({key for key, score in scores.items() if score >= FUZZY_SHARE})


def _column_neighbours(lines: Sequence[Line], index: int) -> tuple[int | None, int | None]:
    """The nearest line above and below `index` in the same column, if
    within two and a half line heights."""
    here = lines[index].box
    reach = 2.5 * here.height
    above = below = None
    above_gap = below_gap = reach
    for n, line in enumerate(lines):
        up, down = here.top - line.box.bottom, line.box.top - here.bottom
        if n == index or not (0 <= up <= above_gap or 0 <= down <= below_gap) or here.x_overlap(line.box) < 0.5:
            continue
        if 0 <= up <= above_gap:
            above, above_gap = n, up
        else:
            below, below_gap = n, down
    return above, below


def _resolve_by_neighbours(lines: Sequence[Line], owners: list[int | None], matches: Sequence[_Match]) -> None:
    """Give a line that is not surely one article's to the article of its
    column neighbours: when it may be theirs, when it is set between lines
    of theirs (with up to two more such lines), or when it is a short line
    or a jump line next to one."""
    found: dict[int, tuple[int | None, int | None]] = {}

    def neighbours(n: int) -> tuple[int | None, int | None]:
        if n not in found:
            found[n] = _column_neighbours(lines, n)
        return found[n]

    def owned(n: int, side: int) -> int | None:
        step = neighbours(n)[side]
        for _ in range(3):
            if step is None or owners[step] is not None:
                break
            step = neighbours(step)[side]
        return None if step is None else owners[step]

    changed = True
    while changed:
        changed = False
        for n, owner in enumerate(owners):
            if owner is not None:
                continue
            next_to = [owners[m] for m in neighbours(n) if m is not None and owners[m] is not None]
            # The lines read before and after it (the end of the previous column, say).
            in_order = [owners[m] for m in (n - 1, n + 1) if 0 <= m < len(owners) and owners[m] is not None]
            above, below = owned(n, 0), owned(n, 1)
            text = normalize(lines[n].text)
            if matches[n].keys:
                # A near match needs its article beside it in the column; text found word for word may follow the reading order.
                nearby = next_to + in_order if matches[n].exact else next_to
                choice = next((key for key in nearby if key in matches[n].keys), None)
            elif above is not None and above == below:
                choice = above
            elif next_to and (len(text) <= SHORT_LINE or _is_jump_line(text)):
                choice = next_to[0]
            else:
                choice = None
            if choice is not None:
                owners[n] = choice
                changed = True


def _is_jump_line(text: str) -> bool:
    """A line that is only a jump marker (转版): （下转第2版）, （上接第1版）."""
    marked = split_markers(text)
    return not marked.text and bool(marked.opening or marked.closing)


def _unmatched_blocks(lines: Sequence[Line], owners: Sequence[int | None]) -> list[UnmatchedText]:
    """Runs of consecutive unmatched lines that stand together on the page."""
    blocks: list[UnmatchedText] = []
    previous: Line | None = None
    for line, owner in zip(lines, owners):
        if owner is not None:
            previous = None
            continue
        if previous is not None and _adjacent(previous.box, line.box):
            last = blocks[-1]
            blocks[-1] = UnmatchedText(f"{last.text} {line.text}", last.box.union(line.box))
        else:
            blocks.append(UnmatchedText(line.text, line.box))
        previous = line
    return blocks


def _adjacent(upper: Box, lower: Box) -> bool:
    same_line = abs(upper.top - lower.top) < upper.height / 2
    return same_line or (upper.x_overlap(lower) > 0 and lower.top - upper.bottom < 1.5 * upper.height)


# --- regions ----------------------------------------------------------------

def _core(boxes: Sequence[Box], *, foreign: Sequence[Box], aspect: float) -> list[Box]:
    """Rectangles surely the article's: its column runs (a photo inside a
    column is covered), edges a fraction of a line apart made one, and the
    gutters and gaps between runs bridged where no other text stands."""
    line_height = statistics.median(b.height for b in boxes)
    char_width = line_height * aspect
    runs = _column_runs(boxes, foreign)
    xs = _snap(sorted({v for r in runs for v in (r.left, r.right)}), 0.9 * char_width)
    ys = _snap(sorted({v for r in runs for v in (r.top, r.bottom)}), 0.9 * line_height)
    rects = []
    for run in runs:
        snapped = Box(xs[run.left], ys[run.top], xs[run.right], ys[run.bottom])
        rects.append(snapped if snapped.width > 0 and snapped.height > 0 else run)
    return rects + _bridges(rects, foreign)


def _bridges(rects: Sequence[Box], foreign: Sequence[Box]) -> list[Box]:
    """Rectangles filling the space between side-by-side or stacked runs
    where no other text stands (gutters, a headline's margin, a photo)."""
    bridges = []
    for a in rects:
        for b in rects:
            top, bottom = max(a.top, b.top), min(a.bottom, b.bottom)
            if b.left > a.right and bottom > top:
                bridges.append(Box(a.right, top, b.left, bottom))
            left, right = max(a.left, b.left), min(a.right, b.right)
            if b.top > a.bottom and right > left:
                bridges.append(Box(left, a.bottom, right, b.top))
    return [bridge for bridge in bridges if not any(_intersects(bridge, f) for f in foreign)]


def _attach_images(images: Sequence[Box], cores: dict[int, list[Box]]) -> None:
    """Give each picture to the article whose text starts right under it
    (its caption) or, failing that, ends right above it; a picture with no
    text of an article next to it (an ad) stays nobody's."""
    for image in images:
        below: list[tuple[float, int]] = []
        above: list[tuple[float, int]] = []
        for key, rects in cores.items():
            for rect in rects:
                if image.x_overlap(rect) < 0.5:
                    continue
                if 0 <= rect.top - image.bottom <= PICTURE_GAP:
                    below.append((rect.top - image.bottom, key))
                elif 0 <= image.top - rect.bottom <= PICTURE_GAP:
                    above.append((image.top - rect.bottom, key))
        nearest = min(below or above, default=None)
        if nearest is not None:
            cores[nearest[1]].append(image)


def _hull(rects: Sequence[Box]) -> Box:
    whole = rects[0]
    for rect in rects[1:]:
        whole = whole.union(rect)
    return whole


def _contains(outer: Box, inner: Box) -> bool:
    """Whether `inner` lies (four fifths or more of it) within `outer`."""
    width = min(outer.right, inner.right) - max(outer.left, inner.left)
    height = min(outer.bottom, inner.bottom) - max(outer.top, inner.top)
    return width > 0 and height > 0 and width * height >= 0.8 * _box_area(inner)


def _intersects(a: Box, b: Box) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


def _column_runs(boxes: Sequence[Box], foreign: Sequence[Box]) -> list[Box]:
    """Lines grouped by column (lines of one size over one another), each
    group's bounding box — split wherever another text's line would fall
    inside it."""
    groups: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b.top, b.left)):
        for group in groups:
            last, run = group[-1], _hull(group)
            same_type = abs(box.height - last.height) <= 0.2 * last.height  # a headline is not body text
            if (
                same_type
                and run.x_overlap(box) >= 0.6
                and box.width <= 1.35 * run.width  # no wider than the column
                and not _blocked(run.union(box), foreign)
            ):
                group.append(box)
                break
        else:
            groups.append([box])
    return [_hull(group) for group in groups]


def _blocked(area: Box, foreign: Sequence[Box]) -> bool:
    return any(area.left <= b.centre[0] <= area.right and area.top <= b.centre[1] <= area.bottom for b in foreign)


def _snap(values: list[float], tolerance: float) -> dict[float, float]:
    """Each coordinate mapped to the middle of its cluster: coordinates
    closer than `tolerance` become one."""
    mapping: dict[float, float] = {}
    cluster: list[float] = []
    for value in values + [float("inf")]:
        if cluster and value - cluster[-1] > tolerance:
            middle = (cluster[0] + cluster[-1]) / 2
            mapping.update((v, middle) for v in cluster)
            cluster = []
        cluster.append(value)
    return mapping


def carve(core: Sequence[Box], obstacles: Sequence[Box] = ()) -> list[Polygon]:
    """The article's shapes: the bounding box of its core, less whatever
    other articles and unclaimed text take inside it (an L where a photo
    story is set into its corner); just the core when its text lies in
    pieces apart. One polygon per connected piece holding some of the core."""
    whole = _hull(core)
    inside = [o for o in obstacles if _intersects(o, whole)]
    xs = sorted({v for r in (whole, *core, *inside) for v in (r.left, r.right) if whole.left <= v <= whole.right})
    ys = sorted({v for r in (whole, *core, *inside) for v in (r.top, r.bottom) if whole.top <= v <= whole.bottom})
    grid = _Grid(xs, ys)
    own = grid.cover(core)
    # Text found in pieces far apart claims only itself, not the space between.
    fill = len(grid.pieces(own)) == 1
    blocked = grid.cover(inside)
    filled = [[own[j][i] or (fill and not blocked[j][i]) for i in range(grid.cols)] for j in range(grid.rows)]
    return [grid.outline(piece) for piece in grid.pieces(filled) if any(own[j][i] for j, i in piece)]


class _Grid:
    """Cells between sorted x and y coordinates, for unions of rectangles."""

    def __init__(self, xs: list[float], ys: list[float]) -> None:
        self.xs, self.ys = xs, ys
        self.cols, self.rows = len(xs) - 1, len(ys) - 1

    def cover(self, rects: Sequence[Box]) -> list[list[bool]]:
        cells = [[False] * self.cols for _ in range(self.rows)]
        for j in range(self.rows):
            cy = (self.ys[j] + self.ys[j + 1]) / 2
            for i in range(self.cols):
                cx = (self.xs[i] + self.xs[i + 1]) / 2
                cells[j][i] = any(r.left <= cx <= r.right and r.top <= cy <= r.bottom for r in rects)
        return cells

    def pieces(self, filled: list[list[bool]]) -> list[set[tuple[int, int]]]:
        """Connected groups of filled cells (sharing a side), top first."""
        seen: set[tuple[int, int]] = set()
        found = []
        for j in range(self.rows):
            for i in range(self.cols):
                if not filled[j][i] or (j, i) in seen:
                    continue
                piece, stack = set(), [(j, i)]
                while stack:
                    cell = stack.pop()
                    y, x = cell
                    if cell in piece or not (0 <= y < self.rows and 0 <= x < self.cols) or not filled[y][x]:
                        continue
                    piece.add(cell)
                    stack += [(y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)]
                seen |= piece
                found.append(piece)
        return found

    def outline(self, piece: set[tuple[int, int]]) -> Polygon:
        """The outer boundary of a connected piece, clockwise from its
        top-left corner, without collinear points (holes are filled)."""
        edges: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for j, i in piece:
            # Clockwise with y growing downwards: the piece on the right of each edge.
            if (j - 1, i) not in piece:
                edges.setdefault((i, j), []).append((i + 1, j))
            if (j, i + 1) not in piece:
                edges.setdefault((i + 1, j), []).append((i + 1, j + 1))
            if (j + 1, i) not in piece:
                edges.setdefault((i + 1, j + 1), []).append((i, j + 1))
            if (j, i - 1) not in piece:
                edges.setdefault((i, j + 1), []).append((i, j))
        start = min(edges, key=lambda p: (p[1], p[0]))
        path, current, heading = [start], start, (1, 0)
        while True:
            options = edges[current]
            # At a pinch point turn right first: that keeps to the outer boundary.
            options.sort(key=lambda p: _turn(heading, (p[0] - current[0], p[1] - current[1])))
            nxt = options.pop(0)
            heading = (nxt[0] - current[0], nxt[1] - current[1])
            current = nxt
            if current == start:
                break
            path.append(current)
        return tuple(_drop_collinear([(self.xs[i], self.ys[j]) for i, j in path]))


def _turn(heading: tuple[int, int], step: tuple[int, int]) -> int:
    """0 for a right turn, 1 straight on, 2 left (screen coordinates)."""
    cross = heading[0] * step[1] - heading[1] * step[0]
    return 0 if cross > 0 else 1 if cross == 0 else 2


def _drop_collinear(points: list[Point]) -> list[Point]:
    kept = []
    for n, (x, y) in enumerate(points):
        (px, py), (nx, ny) = points[n - 1], points[(n + 1) % len(points)]
        if (x - px) * (ny - y) - (y - py) * (nx - x) != 0:
            kept.append((x, y))
    return kept


# --- shapes -----------------------------------------------------------------


def area(points: Sequence[Point]) -> float:
    """The polygon's area (shoelace formula), positive whatever the winding."""
    twice = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, [*points[1:], points[0]]))
    return abs(twice) / 2


def bounds(points: Sequence[Point]) -> Box:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return Box(min(xs), min(ys), max(xs), max(ys))


def is_rectangle(points: Sequence[Point]) -> bool:
    return len(points) == 4 and abs(area(points) - _box_area(bounds(points))) < 1e-12


def _box_area(box: Box) -> float:
    return box.width * box.height


class PolygonError(ValueError):
    """A zone outline that cannot be a zone; the message says why."""


def validate_polygon(points: object) -> Polygon:
    """`points` as a polygon of page fractions: at least three [x, y]
    pairs of numbers, each in 0..1, enclosing a non-zero area."""
    if not isinstance(points, (list, tuple)):
        raise PolygonError("顶点应为 [[x, y], …] 形式的列表")
    polygon: list[Point] = []
    for n, point in enumerate(points, 1):
        if (
            not isinstance(point, (list, tuple))
            or len(point) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in point)
        ):
            raise PolygonError(f"第 {n} 个顶点应为两个数 [x, y]，实为 {point!r}")
        x, y = float(point[0]), float(point[1])
        if not (0 <= x <= 1 and 0 <= y <= 1):
            raise PolygonError(f"第 {n} 个顶点 ({x:g}, {y:g}) 超出版面（应在 0 到 1 之间）")
        polygon.append((x, y))
    if len(polygon) < 3:
        raise PolygonError(f"多边形至少要有 3 个顶点，现有 {len(polygon)} 个")
    if area(polygon) < MIN_AREA:
        raise PolygonError("多边形的面积为零（顶点共线或重合）")
    return tuple(polygon)
