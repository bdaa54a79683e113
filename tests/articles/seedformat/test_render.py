"""Writing pages back in the seed format."""

import pytest

from articles.seedformat import (
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
    dateline_text,
    parse,
    render,
)

from .builders import BODY, normalise, page, story, without_spans

NOWHERE = Span(0, 0)  # records built from the database have no source lines


def round_trips(text: str) -> bool:
    parsed = parse(text)
    return without_spans(parse(render(parsed))) == without_spans(parsed)


def test_blocks_are_separated_by_one_blank_line():
    assert render(parse(page("# 标题", "第一段。", "第二段。"))) == "# 标题\n\n第一段。\n\n第二段。\n"


def test_story_renders_kicker_headline_deck_dateline_and_paragraphs():
    text = page("### 引题", "# 标题", "## 副题", "**本报讯(记者 王鹏)** 第一段。", "## 小标题", "第二段。")
    assert render(parse(text)) == text


def test_column_breaks_come_back_joined():
    assert render(parse(story("弥补的时", "间表。"))) == page("# 高新区召开党工委会议", "弥补的时间表。")


def test_dateline_alone_before_a_subheading_stays_alone():
    text = page("# 标题", "## 副题", "**本报讯**", "## 小标题", "正文。")
    assert render(parse(text)) == text


def test_dateline_is_rebuilt_from_its_parts_when_raw_is_empty():
    dateline = Dateline(
        raw="",
        place="济宁",
        month=7,
        day=11,
        contributors=(Contributor("邓超", "记者"), Contributor("李娜", "通讯员", "通讯员")),
    )
    assert dateline_text(dateline) == "本报济宁7月11日讯(记者 邓超 通讯员 李娜)"


def test_rebuilt_dateline_prints_a_shared_role_once_and_the_printed_role():
    dateline = Dateline(raw="", contributors=(Contributor("王鹏", "记者", "本报记者"), Contributor("李娜", "记者", "本报记者")))
    assert dateline_text(dateline) == "本报讯(本报记者 王鹏 李娜)"


def test_edited_story_renders_with_a_rebuilt_dateline():
    edited = Story(
        "标题",
        NOWHERE,
        dateline=Dateline(raw="", month=7, day=10, contributors=(Contributor("王鹏", "记者"),)),
        paragraphs=[Paragraph("第一段。", NOWHERE)],
    )
    assert render(SeedPage(stories=[edited])) == page("# 标题", "**本报7月10日讯(记者 王鹏)** 第一段。")


def test_inner_page_starts_with_its_page_line():
    rendered = render(SeedPage(stories=[Story("标题", NOWHERE)], page=PageRef(2, "要闻")))
    assert rendered.startswith("02 要闻\n\n# 标题")


def test_front_page_number_is_not_printed():
    rendered = render(SeedPage(stories=[Story("标题", NOWHERE)], page=PageRef(1, "头版")))
    assert rendered == "# 标题\n"


def test_a_printed_front_page_line_comes_back():
    assert render(parse(page("01 头版", "# 标题", BODY))).startswith("01 头版\n")


def test_teasers_render_title_then_page_line():
    seed = SeedPage(stories=[Story("标题", NOWHERE)], teasers=[Teaser("上行 下行", PageRef(4, "家园"), NOWHERE)])
    assert render(seed) == page("# 标题", "### 上行 下行", "04 家园")


def test_photo_story_renders_caption_credit_and_page_reference():
    photo = PhotoStory("红帆驿站", NOWHERE, caption="图为驿站。", credit_raw="本报记者 孔茜 摄", refers_to=PageRef(3, "新城"))
    rendered = render(SeedPage(stories=[Story("标题", NOWHERE)], photo_stories=[photo]))
    assert rendered == page("# 标题", "## 红帆驿站", "图为驿站。 本报记者 孔茜 摄", "03 新城")


def test_photo_credit_is_rebuilt_from_the_credits_when_raw_is_empty():
    photo = PhotoStory("图片", NOWHERE, caption="图为驿站。", credits=(Contributor("王鹏", "记者"), Contributor("李娜", "记者")))
    rendered = render(SeedPage(stories=[Story("标题", NOWHERE)], photo_stories=[photo]))
    assert "图为驿站。 记者 王鹏 李娜 摄" in rendered


def test_photo_story_given_only_a_credit_has_it_as_its_credits():
    photo = PhotoStory("图片", NOWHERE, credit=Contributor("孔茜", "记者"))
    assert photo.credits == (Contributor("孔茜", "记者"),)


def test_channels_matrix_and_hotline_close_the_page():
    seed = SeedPage(
        stories=[Story("标题", NOWHERE)],
        channels=[
            Channel("济宁高新电视", "济宁高新电视", ChannelKind.TV, NOWHERE, "欢迎关注"),
            Channel("高新区微博", "高新区微博", ChannelKind.WEIBO, NOWHERE),
        ],
        matrix_title="欢迎关注济宁高新区融媒矩阵",
        hotline_label="融媒体新闻热线",
        hotline="6557709",
    )
    assert render(seed) == page(
        "# 标题", "济宁高新电视  \n欢迎关注", "高新区微博", "欢迎关注济宁高新区融媒矩阵", "融媒体新闻热线: 6557709"
    )


def test_records_without_source_lines_render_in_reading_order():
    seed = SeedPage(
        unclassified=[Block("未归类。", NOWHERE)],
        photo_stories=[PhotoStory("图片", NOWHERE, caption="图为。", credit_raw="通讯员 赵刚 摄")],
        teasers=[Teaser("导读", PageRef(2, "要闻"), NOWHERE)],
        stories=[Story("第一篇", NOWHERE), Story("第二篇", NOWHERE)],
    )
    assert [line for line in render(seed).split("\n") if line][:5] == ["# 第一篇", "# 第二篇", "### 导读", "02 要闻", "## 图片"]


def test_parsed_records_render_in_source_order():
    text = page("# 第一篇", "甲。", "### 导读", "02 要闻", "不属于任何稿件的一段。", "# 第二篇", "乙。")
    assert render(parse(text)) == text


def test_unclassified_text_before_the_headline_stays_before_it():
    text = page("济宁高新区报", "# 标题", BODY)
    assert render(parse(text)) == text


@pytest.mark.parametrize(
    "text",
    [
        page("02 要闻", "# 第一篇", "**本报讯 记者 王鹏 实习生 张三** 甲", "乙。", "## 小标题", "丙。", "### 引题", "# 第二篇", "丁。"),
        page("# 标题", "甲。", "## 图片", "图为。 记者 王鹏 李娜 摄", "乙。", "新闻热线：6557709", "丙。"),
        page("前言", "03 新城", "# 标题", "## 副题", "**本报讯**", "第一段。", "欢迎关注", "济宁高新网", "###"),
    ],
)
def test_parse_render_parse_gives_the_same_page(text):
    assert round_trips(text)


def test_render_keeps_every_character_but_whitespace():
    text = page("02 要闻", "# 第一篇", "**本报讯(记者 王鹏)** 甲", "乙。", "## 图片", "图为。 通讯员 赵刚 摄", "尾。")
    assert normalise(render(parse(text))) == normalise(text)
