"""Teasers, photo stories, media channels, the footer, page and year."""

import pytest

from articles.seedformat import Block, Channel, ChannelKind, Contributor, PageRef, Span, Teaser, parse

from .builders import BODY, page, story


def test_triple_hash_followed_by_a_page_reference_is_a_teaser():
    parsed = parse(story(BODY, "### 十里湖项目 东部园区开园", "02 要闻"))
    assert parsed.teasers == [Teaser("十里湖项目 东部园区开园", PageRef(2, "要闻"), Span(5, 7))]


def test_teaser_title_space_marks_the_printed_line_break():
    parsed = parse(story(BODY, "### 崇文学校获评 全国特色学校", "04 家园"))
    assert parsed.teasers[0].lines == ("崇文学校获评", "全国特色学校")


def test_a_teaser_ends_the_story_before_it():
    parsed = parse(story("甲。", "### 导读", "02 要闻", "乙。"))
    assert [p.text for p in parsed.stories[0].paragraphs] == ["甲。"]
    assert parsed.unclassified == [Block("乙。", Span(9, 9))]


def test_a_page_with_teasers_is_the_front_page():
    assert parse(story(BODY, "### 导读", "03 新城")).page == PageRef(1, "头版")


def test_a_page_without_teasers_or_page_line_has_no_page():
    assert parse(story()).page is None


def test_leading_page_line_is_the_page_itself():
    parsed = parse(page("02 要闻", "# 标题", BODY))
    assert (parsed.page, parsed.page_printed) == (PageRef(2, "要闻"), True)


def test_printed_page_line_wins_over_teasers():
    parsed = parse(page("05 综合", "# 标题", BODY, "### 导读", "02 要闻"))
    assert parsed.page == PageRef(5, "综合")


def test_a_page_line_after_a_heading_is_not_the_page():
    parsed = parse(story(BODY, "06 文化"))
    assert parsed.page is None
    assert parsed.unclassified == [Block("06 文化", Span(5, 5))]


PHOTO = "图为济宁高新区首家“红帆驿站”落户洸河街道。"


def test_photo_story_title_caption_credit_and_page_reference():
    parsed = parse(story(BODY, "### 导读", "02 要闻", "## 红帆驿站", f"{PHOTO} 本报记者 孔茜 摄", "03 新城"))
    photo = parsed.photo_stories[0]
    assert (photo.title, photo.caption, photo.credit_raw, photo.refers_to, photo.span) == (
        "红帆驿站",
        PHOTO,
        "本报记者 孔茜 摄",
        PageRef(3, "新城"),
        Span(9, 13),
    )
    assert photo.credit == Contributor("孔茜", "记者", "本报记者")


@pytest.mark.parametrize(
    ("credit", "people"),
    [
        ("通讯员 赵刚 摄", (Contributor("赵刚", "通讯员"),)),
        ("记者 王鹏 李娜 摄", (Contributor("王鹏", "记者"), Contributor("李娜", "记者"))),
        ("记者 王鹏、李娜 摄", (Contributor("王鹏", "记者"), Contributor("李娜", "记者"))),
        ("本报记者 孔茜 通讯员 赵刚 摄", (Contributor("孔茜", "记者", "本报记者"), Contributor("赵刚", "通讯员"))),
        ("摄影 张三", (Contributor("张三", "摄影"),)),
        ("记者 王　鹏 摄", (Contributor("王鹏", "记者"),)),
    ],
)
def test_photo_credit_forms(credit, people):
    photo = parse(story(BODY, "## 图片新闻", f"{PHOTO} {credit}")).photo_stories[0]
    assert (photo.caption, photo.credit_raw, photo.credits, photo.credit) == (PHOTO, credit, people, people[0])


def test_photo_credit_glued_after_the_caption_full_stop():
    photo = parse(story(BODY, "## 图片新闻", f"{PHOTO}通讯员 赵刚 摄")).photo_stories[0]
    assert (photo.caption, photo.credit_raw) == (PHOTO, "通讯员 赵刚 摄")


def test_photo_story_without_a_page_reference():
    photo = parse(story(BODY, "## 图片新闻", f"{PHOTO} 通讯员 赵刚 摄")).photo_stories[0]
    assert photo.refers_to is None


def test_photo_story_without_a_credit_but_with_a_page_reference():
    photo = parse(story(BODY, "## 图片新闻", PHOTO, "03 新城")).photo_stories[0]
    assert (photo.caption, photo.credit, photo.credit_raw, photo.refers_to) == (PHOTO, None, "", PageRef(3, "新城"))


def test_photo_caption_cut_by_a_column_break_is_joined():
    photo = parse(story(BODY, "## 图片新闻", "图为济宁高新区首家", "驿站落成。 通讯员 赵刚 摄")).photo_stories[0]
    assert photo.caption == "图为济宁高新区首家驿站落成。"


def test_a_photo_story_inside_a_story_ends_its_body():
    parsed = parse(story("甲。", "## 图片新闻", f"{PHOTO} 通讯员 赵刚 摄", "乙。"))
    assert [p.text for p in parsed.stories[0].paragraphs] == ["甲。"]
    assert parsed.photo_stories[0].title == "图片新闻"
    assert parsed.unclassified == [Block("乙。", Span(9, 9))]


def test_double_hash_after_the_headline_stays_the_deck_even_before_a_credit():
    parsed = parse(page("# 标题", "## 副题", f"{PHOTO} 通讯员 赵刚 摄"))
    assert (parsed.stories[0].deck, parsed.photo_stories) == ("副题", [])


CHANNELS = [
    ("济宁高新电视", "济宁高新电视", ChannelKind.TV),
    ("《蓼河先声》微信公众号", "蓼河先声", ChannelKind.WECHAT),
    ("济宁高新区公众号", "济宁高新区公众号", ChannelKind.WECHAT),
    ("《蓼河畔》杂志", "蓼河畔", ChannelKind.MAGAZINE),
    ("高新区微博", "高新区微博", ChannelKind.WEIBO),
    ("济宁高新网站", "济宁高新网站", ChannelKind.WEBSITE),
    ("济宁高新网", "济宁高新网", ChannelKind.WEBSITE),
    ("蓼河新闻客户端", "蓼河新闻客户端", ChannelKind.APP),
    ("蓼河新闻APP", "蓼河新闻APP", ChannelKind.APP),
]


@pytest.mark.parametrize(("label", "name", "kind"), CHANNELS)
def test_media_channel_kind_and_name(label, name, kind):
    channel = parse(story(BODY, label)).channels[0]
    assert (channel.label, channel.name, channel.kind) == (label, name, kind)


def test_channel_call_to_action_after_a_hard_break():
    parsed = parse(story(BODY, "济宁高新电视  \n欢迎关注"))
    assert parsed.channels == [Channel("济宁高新电视", "济宁高新电视", ChannelKind.TV, Span(5, 6), "欢迎关注")]


def test_a_long_block_ending_in_a_channel_suffix_is_body_text():
    text = "会议要求各单位通过多种渠道做好宣传报道工作，充分利用高新区融媒体平台和济宁高新网"
    parsed = parse(story(text))
    assert (parsed.channels, parsed.stories[0].paragraphs[0].text) == ([], text)


def test_a_short_block_with_sentence_punctuation_is_not_a_channel():
    parsed = parse(story("请关注高新区微博。"))
    assert parsed.channels == []


def test_welcome_line_standing_alone_is_the_matrix_title():
    parsed = parse(story(BODY, "欢迎关注济宁高新区融媒矩阵"))
    assert (parsed.matrix_title, parsed.matrix_span) == ("欢迎关注济宁高新区融媒矩阵", Span(5, 5))


@pytest.mark.parametrize(
    ("line", "label", "number"),
    [
        ("融媒体新闻热线: 6557709", "融媒体新闻热线", "6557709"),
        ("新闻热线：0537-6557709", "新闻热线", "0537-6557709"),
        ("读者热线:  6557 709", "读者热线", "6557 709"),
    ],
)
def test_hotline_label_and_number(line, label, number):
    parsed = parse(story(BODY, line))
    assert (parsed.hotline_label, parsed.hotline) == (label, number)


def test_footer_items_end_the_story_body():
    parsed = parse(story("甲。", "高新区微博", "乙。"))
    assert [p.text for p in parsed.stories[0].paragraphs] == ["甲。"]
    assert parsed.unclassified == [Block("乙。", Span(7, 7))]


def test_year_is_the_first_year_written_on_the_page():
    assert parse(story("2018年以来,成效明显。", headline="召开2019年会议")).year == 2019


def test_no_year_written_means_no_year_and_no_issue_date():
    parsed = parse(story("**本报济宁7月11日讯** 会议召开。"))
    assert (parsed.year, parsed.issue_date) == (None, None)


def test_issue_date_is_the_dateline_day_in_the_printed_year():
    parsed = parse(story("**本报济宁7月11日讯** 2019年会议召开。"))
    assert str(parsed.issue_date) == "2019-07-11"


def test_text_before_the_first_headline_is_kept_unclassified():
    parsed = parse(page("济宁高新区报", "# 标题", BODY))
    assert parsed.unclassified == [Block("济宁高新区报", Span(1, 1))]


@pytest.mark.parametrize(
    ("text", "block"),
    [
        (page("## 孤立的二级标题", "# 标题", BODY), "## 孤立的二级标题"),
        (page("# 标题", BODY, "###"), "###"),
        (page("#### 四级标题", "# 标题", BODY), "#### 四级标题"),
        (page("# 标题", BODY, "### 没有去处的三级标题"), "### 没有去处的三级标题"),
    ],
)
def test_blocks_that_fit_no_rule_are_kept_unclassified(text, block):
    assert [b.text for b in parse(text).unclassified] == [block]


def test_a_second_hotline_is_kept_unclassified():
    parsed = parse(story(BODY, "新闻热线: 6557709", "广告热线: 6557708"))
    assert (parsed.hotline, [b.text for b in parsed.unclassified]) == ("6557709", ["广告热线: 6557708"])
