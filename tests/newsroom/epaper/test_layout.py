"""Auto-zoning's pure part: reading a page PDF's printed lines, matching them
to articles, and turning each article's lines into its region."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from PIL import ImageChops

from tests.support.overlap import iou, mask, pixels
from tests.support.pagepdf import PrintedStory, lay_out
from newsroom.epaper import layout
from newsroom.epaper.layout import ArticleText, Box, Line, TextLayer

STORY = "区管委会加快推进乡村振兴战略，先后走访6个项目，现场解决问题10个。"


def chars(text: str, *, left: float, top: float, size: float = 10.0, page_height: float = 1000.0):
    """Characters set on one baseline from `left`, as PDFium reports them:
    (text, (left, bottom, right, top)) in PDF points."""
    return [(ch, (left + n * size, page_height - top - size, left + (n + 1) * size, page_height - top)) for n, ch in enumerate(text)]


def column(key_text: str, *, left: float, top: float, width: int = 10, size: float = 0.01):
    """`key_text` wrapped into lines of `width` characters, as page-fraction lines."""
    lines = []
    for n in range(0, len(key_text), width):
        row = key_text[n : n + width]
        y = top + (n // width) * size * 1.3
        lines.append(Line(row, Box(left, y, left + len(row) * size * 0.7, y + size)))
    return lines


# --- text ---------------------------------------------------------------------


def test_full_width_and_half_width_forms_compare_equal():
    assert layout.normalize("（记者　邓超），ＡＢＣ１２３") == layout.normalize("(记者 邓超),abc123")


def test_line_breaks_and_spaces_do_not_count():
    assert layout.normalize("全力以赴抓“两谷一港\n一中心” 建设") == layout.normalize("全力以赴抓“两谷一港一中心”建设")


def test_chinese_and_western_stops_and_quotes_compare_equal():
    assert layout.normalize("“两谷一港”建设。") == layout.normalize('"两谷一港"建设.')


def test_markdown_marks_of_the_body_do_not_count():
    assert layout.normalize("## 全力以赴 **本报讯**") == "全力以赴本报讯"


# --- lines ---------------------------------------------------------------------


def test_characters_on_one_baseline_make_one_line():
    lines = layout.lines_from_chars(chars("高新区召开会议", left=100, top=50), width=1000, height=1000)
    assert [line.text for line in lines] == ["高新区召开会议"]
    box = lines[0].box
    assert (box.left, box.top, box.right, box.bottom) == pytest.approx((0.1, 0.05, 0.17, 0.06))


def test_a_line_break_starts_a_new_line():
    text = chars("第一行", left=100, top=50) + [("\r", (0, 0, 0, 0)), ("\n", (0, 0, 0, 0))] + chars("第二行", left=100, top=62)
    assert [line.text for line in layout.lines_from_chars(text, width=1000, height=1000)] == ["第一行", "第二行"]


def test_two_columns_on_one_baseline_are_two_lines():
    text = chars("左栏文字", left=100, top=50) + chars("右栏文字", left=300, top=50)
    assert [line.text for line in layout.lines_from_chars(text, width=1000, height=1000)] == ["左栏文字", "右栏文字"]


def test_a_moved_baseline_starts_a_new_line():
    text = chars("上一行", left=100, top=50) + chars("下一行", left=130, top=80)
    assert len(layout.lines_from_chars(text, width=1000, height=1000)) == 2


# --- matching ------------------------------------------------------------------


def test_text_split_across_columns_is_one_article():
    first, second = STORY[:20], STORY[20:]
    lines = column(first, left=0.1, top=0.1) + column(second, left=0.3, top=0.1)
    found = layout.propose(TextLayer(1000, 1000, tuple(lines)), [ArticleText(1, (STORY,))])
    assert [p.key for p in found.proposals] == [1] and found.proposals[0].lines == len(lines)
    assert not found.unmatched and not found.missed


def test_text_matching_no_article_is_reported_not_zoned():
    lines = column(STORY, left=0.1, top=0.1) + [Line("诚聘英才 咨询电话0537-2345678", Box(0.6, 0.8, 0.9, 0.82))]
    found = layout.propose(TextLayer(1000, 1000, tuple(lines)), [ArticleText(1, (STORY,))])
    assert [u.text for u in found.unmatched] == ["诚聘英才 咨询电话0537-2345678"]
    assert len(found.proposals) == 1 and layout.bounds(found.proposals[0].shapes[0]).bottom < 0.8


def test_article_without_text_on_the_page_is_missed():
    found = layout.propose(TextLayer(1000, 1000, tuple(column(STORY, left=0.1, top=0.1))), [ArticleText(1, (STORY,)), ArticleText(2, ("别的稿件",))])
    assert found.missed == [2]


def test_a_dateline_line_goes_with_the_lines_around_it():
    body = "10日,济宁高新区召开党工委扩大会议,研究部署下半年重点工作。"
    lines = [
        Line("济宁高新区召开党工委会议", Box(0.1, 0.05, 0.5, 0.07)),
        Line("本报济宁7月11日讯(记者邓超)", Box(0.1, 0.08, 0.3, 0.09)),
        *column(body, left=0.1, top=0.1, width=14),
    ]
    article = ArticleText(1, ("济宁高新区召开党工委会议", "本报济宁7月11日讯", "记者邓超", body))
    found = layout.propose(TextLayer(1000, 1000, tuple(lines)), [article])
    assert found.proposals[0].lines == len(lines) and not found.unmatched


def test_a_near_match_far_from_its_article_stays_unmatched():
    lines = [Line("济宁高新区报", Box(0.1, 0.02, 0.4, 0.05)), *column(STORY, left=0.1, top=0.5)]
    found = layout.propose(TextLayer(1000, 1000, tuple(lines)), [ArticleText(1, ("图为济宁高新区首家驿站。", STORY))])
    assert [u.text for u in found.unmatched] == ["济宁高新区报"]


def test_a_jump_line_belongs_to_the_story_it_ends():
    story = column(STORY, left=0.1, top=0.1)
    below = story[-1].box.bottom + 0.003
    lines = [*story, Line("（下转第2版）", Box(0.1, below, 0.16, below + 0.01))]
    found = layout.propose(TextLayer(1000, 1000, tuple(lines)), [ArticleText(1, (STORY,))])
    assert not found.unmatched and found.proposals[0].lines == len(lines)


def test_a_short_common_line_goes_to_its_column():
    other = "高新区教体局召开会议部署校园安全管理工作。"
    story = column(STORY, left=0.1, top=0.1)
    below = story[-1].box.bottom + 0.003
    lines = [*story, Line("。", Box(0.1, below, 0.107, below + 0.01)), *column(other, left=0.5, top=0.1)]
    found = layout.propose(TextLayer(1000, 1000, tuple(lines)), [ArticleText(1, (STORY,)), ArticleText(2, (other,))])
    assert {p.key: p.lines for p in found.proposals}[1] == len(column(STORY, left=0, top=0)) + 1


# --- regions -------------------------------------------------------------------


def test_a_story_with_a_photo_story_in_its_corner_is_an_l_shape():
    story = [Box(0.1, 0.1, 0.5, 0.12)] + [Box(x, 0.13 + n * 0.013, x + 0.12, 0.14 + n * 0.013) for x in (0.1, 0.24, 0.38) for n in range(20)]
    story = [b for b in story if not (b.left > 0.2 and b.top > 0.26)]
    corner = [Box(0.24, 0.28, 0.3, 0.3), Box(0.24, 0.38, 0.5, 0.39)]  # the photo story's title and caption
    core = layout._core(story, foreign=corner, aspect=1.0)
    shapes = layout.carve(core, [layout._hull(corner)])
    assert len(shapes) == 1 and len(shapes[0]) == 6
    assert layout.area(shapes[0]) == pytest.approx(layout._box_area(layout._hull(core)) - 0.26 * 0.12, rel=0.05)


def test_text_found_in_pieces_apart_claims_only_the_pieces():
    foreign = [Box(0.4, 0.4, 0.5, 0.41)]
    core = layout._core([Box(0.1, 0.1, 0.2, 0.11), Box(0.7, 0.8, 0.8, 0.81)], foreign=foreign, aspect=1.0)
    assert len(layout.carve(core, foreign)) == 2


rectangles = st.builds(
    lambda x, y, w, h: Box(x / 20, y / 20, (x + w) / 20, (y + h) / 20),
    st.integers(0, 15), st.integers(0, 15), st.integers(1, 5), st.integers(1, 5),
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(rectangles, min_size=1, max_size=6))
def test_carved_shapes_are_valid_polygons_covering_every_rectangle(rects):
    shapes = layout.carve(rects)
    for shape in shapes:
        assert layout.validate_polygon(shape) == shape
    boxes = [[(r.left, r.top), (r.right, r.top), (r.right, r.bottom), (r.left, r.bottom)] for r in rects]
    covered = ImageChops.logical_and(mask(boxes), mask(shapes))
    assert pixels(covered) == pixels(mask(boxes))


@settings(max_examples=60, deadline=None)
@given(st.lists(rectangles, min_size=1, max_size=6))
def test_outline_of_touching_rectangles_has_their_area(rects):
    grid = layout._Grid(
        sorted({v for r in rects for v in (r.left, r.right)}), sorted({v for r in rects for v in (r.top, r.bottom)})
    )
    cells = grid.cover(rects)
    for piece in grid.pieces(cells):
        cell_area = sum((grid.xs[i + 1] - grid.xs[i]) * (grid.ys[j + 1] - grid.ys[j]) for j, i in piece)
        assert layout.area(grid.outline(piece)) >= cell_area - 1e-9


# --- polygons ------------------------------------------------------------------


@pytest.mark.parametrize(
    "points, message",
    [
        ("0,0 1,1", "列表"),
        ([[0.1, 0.1], [0.5, 0.1]], "至少要有 3 个顶点"),
        ([[0.1, 0.1], [0.5, 0.1], [1.2, 0.5]], r"第 3 个顶点 \(1.2, 0.5\) 超出版面"),
        ([[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]], "面积为零"),
        ([[0.1, 0.1], [0.5], [0.3, 0.3]], "第 2 个顶点应为两个数"),
        ([[0.1, 0.1], [True, 0.5], [0.3, 0.3]], "第 2 个顶点应为两个数"),
    ],
)
def test_a_bad_polygon_is_refused_saying_why(points, message):
    with pytest.raises(layout.PolygonError, match=message):
        layout.validate_polygon(points)


@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), min_size=3, max_size=8))
def test_a_polygon_inside_the_page_with_area_is_accepted(points):
    if layout.area(points) >= layout.MIN_AREA:
        assert layout.validate_polygon([list(p) for p in points]) == tuple(points)


# --- whole pages ------------------------------------------------------------------


@pytest.fixture(scope="module")
def laid_page():
    paragraphs = (
        "本报济宁7月11日讯(记者 邓超)10日,济宁高新区召开党工委扩大会议,研究部署下半年重点工作。" * 3,
        "会议要求,各部门单位要全力以赴抓好经济运行,确保全年任务高质量完成。" * 4,
    )
    stories = [
        PrintedStory(1, "济宁高新区召开党工委扩大会议", deck="确保全年任务按时完成", paragraphs=paragraphs),
        PrintedStory(2, "区教体局部署校园安全管理", paragraphs=("区教体局召开会议,部署暑期校园安全管理工作,要求各校落实责任。" * 18,)),
        PrintedStory(3, "洸河街道老旧小区改造见实效", paragraphs=("洸河街道加快推进老旧小区改造,先后走访二百名群众,解决问题三十个。" * 5,)),
    ]
    photo = PrintedStory(4, "红帆驿站", caption="图为济宁高新区首家“红帆驿站”落户洸河街道,为快递小哥提供休息场所。本报记者 孔茜 摄")
    laid = lay_out(stories, photo_story=photo, masthead="济宁高新区报", footer="融媒体新闻热线：6557709", ad="诚聘英才 电话0537-2345678", jump_to=2)
    texts = [ArticleText(s.key, (s.headline, s.deck, *s.paragraphs)) for s in stories]
    texts.append(ArticleText(4, (photo.headline, photo.caption)))
    return laid, texts


def test_pdfium_reads_the_chinese_text_layer_back(laid_page):
    laid, _texts = laid_page
    lines = layout.read_text_layer(laid.pdf).lines
    assert lines[0].text == "济宁高新区报"
    assert any(line.text.startswith("济宁高新区召开党工委扩大会议") for line in lines)


def test_pictures_of_the_page_are_read_with_their_boxes(laid_page):
    laid, _texts = laid_page
    (photo,) = layout.read_text_layer(laid.pdf).images
    truth = laid.truth[4][0]
    assert truth[0] == pytest.approx(photo.left, abs=0.01) and truth[2] == pytest.approx(photo.right, abs=0.01)


def test_each_article_of_a_generated_page_is_found_where_it_is_printed(laid_page):
    laid, texts = laid_page
    found = layout.propose(layout.read_text_layer(laid.pdf), texts)
    assert not found.missed
    for proposal in found.proposals:
        truth = [[(l, t), (r, t), (r, b), (l, b)] for l, t, r, b in laid.truth[proposal.key]]
        assert iou(proposal.shapes, truth) >= 0.9, proposal.key


def test_masthead_ad_and_footer_of_a_generated_page_are_reported(laid_page):
    laid, texts = laid_page
    found = layout.propose(layout.read_text_layer(laid.pdf), texts)
    reported = " ".join(u.text for u in found.unmatched)
    assert len(found.unmatched) == laid.furniture == 3
    assert "济宁高新区报" in reported and "6557709" in reported and "诚聘英才" in reported


def test_an_image_only_pdf_has_no_text_layer():
    from .files import newspaper_pdf

    assert not layout.read_text_layer(newspaper_pdf()).has_text


def test_unreadable_pdf_bytes_are_refused_saying_so():
    with pytest.raises(layout.TextLayerError):
        layout.read_text_layer(b"%PDF-1.4 this is no PDF")


@settings(max_examples=40, deadline=None)
@given(width=st.integers(4, 18), columns=st.integers(1, 3), full_width=st.booleans())
def test_however_an_article_is_wrapped_every_line_is_found_as_its_own(width, columns, full_width):
    other = "高新区教体局召开会议，部署暑期校园安全管理工作，要求各校落实安全责任。"
    text = STORY + "会议要求，要全力以赴抓经济运行，确保全年任务高质量完成。"
    printed = text.translate(str.maketrans("，。", ",.")) if full_width else text
    rows = [printed[n : n + width] for n in range(0, len(printed), width)]
    per_column = -(-len(rows) // columns)
    lines = [
        Line(row, Box(0.1 + (n // per_column) * 0.2, 0.1 + (n % per_column) * 0.013, 0.1 + (n // per_column) * 0.2 + len(row) * 0.007, 0.11 + (n % per_column) * 0.013))
        for n, row in enumerate(rows)
    ]
    lines += column(other, left=0.1, top=0.6)
    found = layout.propose(TextLayer(1000, 1000, tuple(lines)), [ArticleText(1, (text,)), ArticleText(2, (other,))])
    assert {p.key: p.lines for p in found.proposals}[1] == len(rows)
    assert not found.unmatched and not found.missed
