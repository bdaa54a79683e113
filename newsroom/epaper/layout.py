"""Finding the articles on a printed page from its PDF's text layer (标引).

Pure: no Django. `read_text_layer` reads the characters of a one-page PDF
with their boxes (PDFium) and groups them into printed lines; `propose`
matches each line to the article whose text contains it and turns each
article's lines into its region on the page; `validate_polygon` checks a
zone's outline. Every position is a fraction of the page (0..1) measured
from its top-left corner, like the zones.

Matching, line by line, after normalising both sides (NFKC, so full- and
half-width forms agree; whitespace and line breaks dropped, so wrapping and
columns do not matter):
1. a line that is a substring of exactly one article belongs to it;
2. a line that is in none is scored by how many of its character pairs the
   article has (a dateline, a byline or a retouched word still match);
3. a line in several articles (a short common phrase), or in none but set
   between lines of one article in the same column, goes with its column
   neighbours;
4. what is left is reported as text that matches no article (ads, the
   masthead, the channel footer) and never becomes a zone.

An article's lines are grouped into column runs, each run's bounding box is
taken (so a photo inside a column is covered), gutters and the gap under a
headline are closed, and the union becomes one rectangle, a polygon, or one
shape per separate piece.
"""

from __future__ import annotations

import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Point = tuple[float, float]
Polygon = tuple[Point, ...]

# A line belongs to an article by its character pairs when at least this
# share of them occur in the article (and in no other as many).
FUZZY_SHARE = 0.7
# Lines up to this many characters are too short to say whose they are alone.
SHORT_LINE = 3
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


def normalize(text: str) -> str:
    """The text as compared: NFKC (full-width and half-width forms agree),
    no whitespace, no soft hyphens or Markdown marks, lower case."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in _DROPPED)


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


# --- reading the PDF --------------------------------------------------------


def read_text_layer(data: bytes) -> TextLayer:
    """The first page's printed lines, read with PDFium. A page without a
    text layer (an image) gives a layer with no lines."""
    import pypdfium2 as pdfium

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
    finally:
        document.close()
    return TextLayer(width=width, height=height, lines=tuple(lines_from_chars(chars, width=width, height=height)))


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


def propose(layer: TextLayer, articles: Sequence[ArticleText]) -> PageLayout:
    """Each article's proposed region on the page, the text that matched no
    article, and the articles none of whose text was found."""
    indexed = {
        a.key: _Indexed("\x00".join(normalize(p) for p in a.parts), set().union(*(_pairs(normalize(p)) for p in a.parts)))
        for a in articles
    }
    lines = [line for line in layer.lines if normalize(line.text)]
    owners: list[int | None] = []
    candidates: list[set[int]] = []
    for line in lines:
        found = _candidates(normalize(line.text), indexed)
        candidates.append(found)
        owners.append(next(iter(found)) if len(found) == 1 else None)
    _resolve_by_neighbours(lines, owners, candidates)

    layout = PageLayout()
    by_article: dict[int, list[Box]] = {}
    for line, owner in zip(lines, owners):
        if owner is not None:
            by_article.setdefault(owner, []).append(line.box)
    aspect = layer.height / layer.width if layer.width else 1.0
    for article in articles:
        boxes = by_article.get(article.key)
        if not boxes:
            layout.missed.append(article.key)
            continue
        foreign = [line.box for line, owner in zip(lines, owners) if owner != article.key]
        shapes = region(boxes, foreign=foreign, aspect=aspect)
        layout.proposals.append(Proposal(article.key, tuple(shapes), len(boxes)))
    layout.unmatched = _unmatched_blocks(lines, owners)
    return layout


def _candidates(text: str, indexed: dict[int, _Indexed]) -> set[int]:
    exact = {key for key, article in indexed.items() if text in article.text}
    if exact or len(text) <= SHORT_LINE:
        return exact
    pairs = _pairs(text)
    scores = {key: len(pairs & article.pairs) / len(pairs) for key, article in indexed.items()}
    best = max(scores.values(), default=0.0)
    if best < FUZZY_SHARE:
        return set()
    return {key for key, score in scores.items() if score == best}


def _column_neighbours(lines: Sequence[Line], index: int) -> tuple[int | None, int | None]:
    """The nearest line above and below `index` in the same column, if
    within two and a half line heights."""
    here = lines[index].box
    reach = 2.5 * here.height
    above = below = None
    above_gap = below_gap = reach
    for n, line in enumerate(lines):
        if n == index or here.x_overlap(line.box) < 0.5:
            continue
        if 0 <= here.top - line.box.bottom <= above_gap:
            above, above_gap = n, here.top - line.box.bottom
        elif 0 <= line.box.top - here.bottom <= below_gap:
            below, below_gap = n, line.box.top - here.bottom
    return above, below


def _resolve_by_neighbours(lines: Sequence[Line], owners: list[int | None], candidates: list[set[int]]) -> None:
    """Give ambiguous lines to the article of their column neighbours, and
    lines matching nothing to the article above and below them both."""
    neighbours = {n: _column_neighbours(lines, n) for n, owner in enumerate(owners) if owner is None}
    changed = True
    while changed:
        changed = False
        for n, (above, below) in neighbours.items():
            if owners[n] is not None:
                continue
            around = [owners[m] for m in (above, below) if m is not None and owners[m] is not None]
            if candidates[n]:
                choice = next((key for key in around if key in candidates[n]), None)
            elif len(around) == 2 and around[0] == around[1]:
                choice = around[0]
            elif len(around) == 1 and len(normalize(lines[n].text)) <= SHORT_LINE:
                choice = around[0]
            else:
                choice = None
            if choice is not None:
                owners[n] = choice
                changed = True


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


def region(boxes: Sequence[Box], *, foreign: Sequence[Box] = (), aspect: float = 1.0) -> list[Polygon]:
    """The shapes covering an article's line boxes: column runs boxed,
    gaps narrower than a couple of characters closed, each connected piece
    one polygon. `foreign` are other text's lines, which a run never covers;
    `aspect` is page height / width, to size a character across."""
    line_height = statistics.median(b.height for b in boxes)
    char_width = line_height * aspect
    runs = _column_runs(boxes, foreign)
    # Edges a fraction of a line apart (ragged column ends) become one.
    xs = _snap(sorted({v for r in runs for v in (r.left, r.right)}), 0.9 * char_width)
    ys = _snap(sorted({v for r in runs for v in (r.top, r.bottom)}), 0.9 * line_height)
    rects = []
    for run in runs:
        snapped = Box(xs[run.left], ys[run.top], xs[run.right], ys[run.bottom])
        rects.append(snapped if snapped.width > 0 and snapped.height > 0 else run)
    rects += _bridges(rects, across=2.5 * char_width, down=1.6 * line_height)
    return [outline(piece) for piece in _pieces(rects)]


def _bridges(rects: Sequence[Box], *, across: float, down: float) -> list[Box]:
    """Rectangles filling the gutters (narrower than `across`) between
    side-by-side runs and the gaps (lower than `down`) between stacked ones."""
    bridges = []
    for a in rects:
        for b in rects:
            top, bottom = max(a.top, b.top), min(a.bottom, b.bottom)
            if 0 < b.left - a.right <= across and bottom > top:
                bridges.append(Box(a.right, top, b.left, bottom))
            left, right = max(a.left, b.left), min(a.right, b.right)
            if 0 < b.top - a.bottom <= down and right > left:
                bridges.append(Box(left, a.bottom, right, b.top))
    return bridges


def _column_runs(boxes: Sequence[Box], foreign: Sequence[Box]) -> list[Box]:
    """Lines grouped by column (horizontal overlap), each group's bounding
    box — split wherever another text's line would fall inside it."""
    groups: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b.top, b.left)):
        for group in groups:
            if group[-1].x_overlap(box) >= 0.6 and not _blocked(group[-1].union(box), foreign):
                group.append(box)
                break
        else:
            groups.append([box])
    runs = []
    for group in groups:
        run = group[0]
        for box in group[1:]:
            run = run.union(box)
        runs.append(run)
    return runs


def _blocked(area: Box, foreign: Sequence[Box]) -> bool:
    return any(
        area.left <= b.centre[0] <= area.right and area.top <= b.centre[1] <= area.bottom for b in foreign
    )


def _snap(values: list[float], tolerance: float) -> dict[float, float]:
    """Each coordinate mapped to the middle of its cluster: coordinates
    closer than `tolerance` become one, closing gutters and small gaps."""
    mapping: dict[float, float] = {}
    cluster: list[float] = []
    for value in values + [float("inf")]:
        if cluster and value - cluster[-1] > tolerance:
            middle = (cluster[0] + cluster[-1]) / 2
            mapping.update((v, middle) for v in cluster)
            cluster = []
        cluster.append(value)
    return mapping


def _pieces(rects: Sequence[Box]) -> list[list[Box]]:
    """Rectangles grouped into connected pieces (touching or overlapping)."""
    rects = [r for r in rects if r.width > 0 and r.height > 0]
    parent = list(range(len(rects)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(rects):
        for j in range(i):
            b = rects[j]
            if a.left <= b.right and b.left <= a.right and a.top <= b.bottom and b.top <= a.bottom:
                touch_x = min(a.right, b.right) - max(a.left, b.left)
                touch_y = min(a.bottom, b.bottom) - max(a.top, b.top)
                if touch_x > 0 or touch_y > 0:  # corners alone do not connect
                    parent[find(i)] = find(j)
    pieces: dict[int, list[Box]] = {}
    for i, rect in enumerate(rects):
        pieces.setdefault(find(i), []).append(rect)
    return sorted(pieces.values(), key=lambda piece: min((r.top, r.left) for r in piece))


def outline(rects: Sequence[Box]) -> Polygon:
    """The outer boundary of a connected union of rectangles, clockwise
    from its top-left corner, without collinear points (holes are filled)."""
    xs = sorted({v for r in rects for v in (r.left, r.right)})
    ys = sorted({v for r in rects for v in (r.top, r.bottom)})
    cols, rows = len(xs) - 1, len(ys) - 1
    filled = [[False] * cols for _ in range(rows)]
    for r in rects:
        for j in range(ys.index(r.top), ys.index(r.bottom)):
            for i in range(xs.index(r.left), xs.index(r.right)):
                filled[j][i] = True
    _fill_holes(filled)
    # Directed boundary edges, clockwise (y grows downwards): interior on the right.
    edges: dict[tuple[int, int], list[tuple[int, int]]] = {}

    def add(a: tuple[int, int], b: tuple[int, int]) -> None:
        edges.setdefault(a, []).append(b)

    def inside(j: int, i: int) -> bool:
        return 0 <= j < rows and 0 <= i < cols and filled[j][i]

    for j in range(rows):
        for i in range(cols):
            if not filled[j][i]:
                continue
            if not inside(j - 1, i):
                add((i, j), (i + 1, j))
            if not inside(j, i + 1):
                add((i + 1, j), (i + 1, j + 1))
            if not inside(j + 1, i):
                add((i + 1, j + 1), (i, j + 1))
            if not inside(j, i - 1):
                add((i, j + 1), (i, j))
    start = min(edges, key=lambda p: (p[1], p[0]))
    path = [start]
    current, heading = start, (1, 0)
    while True:
        options = edges[current]
        # At a pinch point turn right first: keeps to the outer boundary.
        options.sort(key=lambda p: _turn(heading, (p[0] - current[0], p[1] - current[1])))
        nxt = options.pop(0)
        heading = (nxt[0] - current[0], nxt[1] - current[1])
        current = nxt
        if current == start:
            break
        path.append(current)
    points = [(xs[i], ys[j]) for i, j in path]
    return tuple(_drop_collinear(points))


def _fill_holes(filled: list[list[bool]]) -> None:
    rows, cols = len(filled), len(filled[0]) if filled else 0
    outside = set()
    stack = [(j, i) for j in range(rows) for i in range(cols) if (j in (0, rows - 1) or i in (0, cols - 1)) and not filled[j][i]]
    while stack:
        j, i = stack.pop()
        if (j, i) in outside or not (0 <= j < rows and 0 <= i < cols) or filled[j][i]:
            continue
        outside.add((j, i))
        stack += [(j + 1, i), (j - 1, i), (j, i + 1), (j, i - 1)]
    for j in range(rows):
        for i in range(cols):
            if not filled[j][i] and (j, i) not in outside:
                filled[j][i] = True


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
