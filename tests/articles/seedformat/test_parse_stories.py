"""Stories: headline, kicker, deck, body, column breaks, subheadings, errors."""

import pytest

from articles.seedformat import Paragraph, SeedFormatError, Span, parse

from .builders import BODY, page, story


def test_hash_line_is_a_story_headline():
    assert parse(story()).stories[0].headline == "高新区召开党工委会议"


def test_double_hash_right_after_the_headline_is_its_deck():
    parsed = parse(page("# 主标题", "## 副标题", BODY))
    assert parsed.stories[0].deck == "副标题"
    assert [p.text for p in parsed.stories[0].paragraphs] == [BODY]


def test_triple_hash_right_before_a_headline_is_its_kicker():
    parsed = parse(page("### 引题", "# 主标题", BODY))
    assert (parsed.stories[0].kicker, parsed.stories[0].headline) == ("引题", "主标题")


def test_story_span_starts_at_its_kicker_and_ends_at_its_last_paragraph():
    parsed = parse(page("### 引题", "# 主标题", BODY, BODY))
    assert parsed.stories[0].span == Span(1, 7)


def test_plain_blocks_after_a_headline_are_its_body_paragraphs():
    parsed = parse(story("第一段。", "第二段。", "第三段。"))
    assert [p.text for p in parsed.stories[0].paragraphs] == ["第一段。", "第二段。", "第三段。"]


def test_paragraph_spans_are_the_source_lines():
    parsed = parse(story("第一段。", "第二段。"))
    assert [p.span for p in parsed.stories[0].paragraphs] == [Span(3, 3), Span(5, 5)]


def test_paragraph_text_keeps_half_width_punctuation():
    parsed = parse(story("会议(扩大)指出,增长58.2%:好。"))
    assert parsed.stories[0].paragraphs[0].text == "会议(扩大)指出,增长58.2%:好。"


def test_trailing_spaces_of_a_block_are_dropped():
    parsed = parse(story("第一段。   "))
    assert parsed.stories[0].paragraphs[0].text == "第一段。"


def test_runs_of_blank_lines_and_whitespace_only_lines_separate_blocks_alike():
    parsed = parse("# 标题\n\n\n \t\n\u3000\n第一段。\n  \n第二段。\n")
    assert [p.text for p in parsed.stories[0].paragraphs] == ["第一段。", "第二段。"]


def test_column_break_joins_a_block_that_does_not_end_a_sentence_with_the_next():
    parsed = parse(story("逐项拿出三季度弥补的时", "间表,责任人和具体措施。"))
    assert parsed.stories[0].paragraphs == [Paragraph("逐项拿出三季度弥补的时间表,责任人和具体措施。", Span(3, 5))]


def test_column_break_joins_more_than_two_blocks():
    parsed = parse(story("甲乙", "丙丁", "戊。"))
    assert [p.text for p in parsed.stories[0].paragraphs] == ["甲乙丙丁戊。"]


@pytest.mark.parametrize("ending", ["。", "！", "？", "…", "；", "：", "!", "?", ";", ":"])
def test_sentence_final_punctuation_ends_a_paragraph(ending):
    parsed = parse(story(f"第一段{ending}", "第二段。"))
    assert len(parsed.stories[0].paragraphs) == 2


@pytest.mark.parametrize("closing", ["”", "’", "」", "』", "）", ")", "”）"])
def test_closing_quotes_after_final_punctuation_still_end_a_paragraph(closing):
    parsed = parse(story(f"他说:“要抓落实。{closing}", "第二段。"))
    assert len(parsed.stories[0].paragraphs) == 2


def test_a_closing_quote_without_final_punctuation_continues_the_paragraph():
    parsed = parse(story("要全力以赴抓“两谷一港”", "建设。"))
    assert [p.text for p in parsed.stories[0].paragraphs] == ["要全力以赴抓“两谷一港”建设。"]


def test_double_hash_inside_a_story_is_a_subheading():
    parsed = parse(story("第一段。", "## 强化责任担当", "第二段。"))
    assert parsed.stories[0].paragraphs[1] == Paragraph("强化责任担当", Span(5, 5), is_subheading=True)


def test_a_subheading_ends_an_unfinished_paragraph():
    parsed = parse(story("没有句号", "## 小标题", "第二段。"))
    assert [p.text for p in parsed.stories[0].paragraphs] == ["没有句号", "小标题", "第二段。"]


def test_headings_inside_a_block_are_split_off_as_their_own_blocks():
    parsed = parse("# 标题\n第一段。\n## 小标题\n第二段。\n")
    paragraphs = parsed.stories[0].paragraphs
    assert [(p.text, p.is_subheading, p.span) for p in paragraphs] == [
        ("第一段。", False, Span(2, 2)),
        ("小标题", True, Span(3, 3)),
        ("第二段。", False, Span(4, 4)),
    ]


def test_a_hash_without_a_space_is_plain_text():
    parsed = parse(story("#话题#今天开幕。"))
    assert parsed.stories[0].paragraphs[0].text == "#话题#今天开幕。"


def test_a_multi_line_block_is_one_paragraph_with_its_line_breaks():
    parsed = parse(story("第一行,\n第二行。"))
    assert parsed.stories[0].paragraphs == [Paragraph("第一行,\n第二行。", Span(3, 4))]


def test_inner_page_holds_several_stories_each_with_its_own_body():
    text = page("02 要闻", "# 第一篇", "甲。", "乙。", "### 引题", "# 第二篇", "## 副题", "丙。", "# 第三篇", "丁。")
    parsed = parse(text)
    assert [(s.kicker, s.headline, s.deck, [p.text for p in s.paragraphs]) for s in parsed.stories] == [
        ("", "第一篇", "", ["甲。", "乙。"]),
        ("引题", "第二篇", "副题", ["丙。"]),
        ("", "第三篇", "", ["丁。"]),
    ]


def test_lead_is_the_first_story():
    parsed = parse(page("# 第一篇", "甲。", "# 第二篇", "乙。"))
    assert parsed.lead is parsed.stories[0]


def test_a_page_without_a_headline_is_refused_without_a_line():
    with pytest.raises(SeedFormatError) as raised:
        parse(page("## 副标题", "正文。"))
    assert (raised.value.reason, raised.value.line) == ("no headline (a line starting with '# ')", None)


def test_an_empty_page_has_no_headline():
    with pytest.raises(SeedFormatError, match="no headline"):
        parse("")


def test_an_empty_headline_is_refused_with_its_line():
    with pytest.raises(SeedFormatError) as raised:
        parse(page("# 标题", "正文。", "#   "))
    assert raised.value.line == 5


def test_a_byte_order_mark_before_the_headline_is_ignored():
    assert parse("\ufeff" + story()).stories[0].headline == "高新区召开党工委会议"
