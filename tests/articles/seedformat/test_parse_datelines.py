"""电头 and bylines at the start of a story's first paragraph."""

import pytest

from articles.seedformat import Contributor, Dateline, parse

from .builders import story


def dateline_of(first_paragraph: str) -> Dateline | None:
    return parse(story(first_paragraph)).stories[0].dateline


def test_dateline_with_place_date_and_reporter():
    assert dateline_of("**本报济宁7月11日讯(记者 邓超)** 10日,会议召开。") == Dateline(
        raw="本报济宁7月11日讯(记者 邓超)",
        place="济宁",
        month=7,
        day=11,
        contributors=(Contributor("邓超", "记者"),),
    )


def test_text_after_the_bold_dateline_is_the_first_paragraph():
    parsed = parse(story("**本报讯(记者 邓超)**   10日,会议召开。", "第二段。"))
    assert [p.text for p in parsed.stories[0].paragraphs] == ["10日,会议召开。", "第二段。"]


def test_plain_benbao_xun_has_no_place_and_no_date():
    dateline = dateline_of("**本报讯** 10日,会议召开。")
    assert (dateline.place, dateline.month, dateline.day, dateline.contributors) == ("", None, None, ())


def test_date_without_place():
    dateline = dateline_of("**本报7月9日讯** 会议召开。")
    assert (dateline.place, dateline.month, dateline.day) == ("", 7, 9)


def test_full_width_parentheses():
    dateline = dateline_of("**本报济宁7月11日讯（记者 邓超）** 会议召开。")
    assert dateline.contributors == (Contributor("邓超", "记者"),)


def test_reporter_and_correspondent():
    dateline = dateline_of("**本报讯(记者 王鹏 通讯员 李娜)** 会议召开。")
    assert dateline.contributors == (Contributor("王鹏", "记者"), Contributor("李娜", "通讯员"))


def test_byline_without_parentheses():
    dateline = dateline_of("**本报讯 记者 王鹏 实习生 张三** 会议召开。")
    assert dateline.contributors == (Contributor("王鹏", "记者"), Contributor("张三", "实习生"))


def test_several_people_share_one_role():
    dateline = dateline_of("**本报讯(记者 王鹏 李娜)** 会议召开。")
    assert dateline.contributors == (Contributor("王鹏", "记者"), Contributor("李娜", "记者"))


def test_names_separated_by_enumeration_comma():
    dateline = dateline_of("**本报讯(通讯员 王鹏、李娜)** 会议召开。")
    assert dateline.contributors == (Contributor("王鹏", "通讯员"), Contributor("李娜", "通讯员"))


def test_role_glued_to_the_name():
    dateline = dateline_of("**本报讯(记者王鹏 通讯员李娜)** 会议召开。")
    assert dateline.contributors == (Contributor("王鹏", "记者"), Contributor("李娜", "通讯员"))


def test_benbao_jizhe_is_a_reporter_printed_as_benbao_jizhe():
    dateline = dateline_of("**本报讯(本报记者 孔茜)** 会议召开。")
    assert dateline.contributors == (Contributor("孔茜", "记者", "本报记者"),)


@pytest.mark.parametrize("role", ["记者", "通讯员", "实习生", "见习记者", "特约记者", "摄影", "摄影记者", "编辑"])
def test_every_known_role(role):
    assert dateline_of(f"**本报讯({role} 王鹏)** 会议召开。").contributors == (Contributor("王鹏", role),)


def test_a_padded_two_character_name_is_one_person():
    assert dateline_of("**本报讯(记者 王　鹏 李娜)** 会议。").contributors == (
        Contributor("王鹏", "记者"),
        Contributor("李娜", "记者"),
    )


def test_dateline_raw_is_the_text_between_the_bold_marks():
    assert dateline_of("**本报讯 记者 王鹏** 会议。").raw == "本报讯 记者 王鹏"


def test_a_dateline_alone_in_its_block_leaves_the_first_paragraph_to_the_next_block():
    parsed = parse(story("**本报讯(记者 王鹏)**", "10日,会议召开。"))
    assert parsed.stories[0].dateline.contributors == (Contributor("王鹏", "记者"),)
    assert [p.text for p in parsed.stories[0].paragraphs] == ["10日,会议召开。"]


def test_column_break_right_after_the_dateline_joins_the_first_paragraph():
    parsed = parse(story("**本报讯** 10日,会议", "召开。"))
    assert [p.text for p in parsed.stories[0].paragraphs] == ["10日,会议召开。"]


def test_bold_text_that_is_not_a_dateline_stays_in_the_paragraph():
    parsed = parse(story("**编者按** 这是一段按语。"))
    assert parsed.stories[0].dateline is None
    assert parsed.stories[0].paragraphs[0].text == "**编者按** 这是一段按语。"


def test_only_the_first_body_block_carries_a_dateline():
    parsed = parse(story("第一段。", "**本报讯** 第二段。"))
    assert parsed.stories[0].dateline is None
    assert parsed.stories[0].paragraphs[1].text == "**本报讯** 第二段。"


def test_each_story_has_its_own_dateline():
    parsed = parse(story("**本报讯(记者 王鹏)** 甲。", "# 第二篇", "**本报济宁7月10日讯** 乙。"))
    assert [s.dateline.raw for s in parsed.stories] == ["本报讯(记者 王鹏)", "本报济宁7月10日讯"]
