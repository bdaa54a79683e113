"""字数 by the house rule and the print-fit estimate (pure functions)."""

from hypothesis import given
from hypothesis import strategies as st

from newsroom.desk.counting import Column, CountRule, count_characters, print_fit


def test_han_characters_punctuation_digits_and_latin_words():
    count = count_characters("济宁高新区GDP增长6.5%。")
    assert (count.hanzi, count.total) == (7, 13)


def test_the_house_rule_can_leave_out_punctuation_and_digits():
    rule = CountRule(punctuation=False, digits=False)
    assert count_characters("增长6.5%。", rule).total == 2


def test_latin_words_can_count_per_letter():
    assert count_characters("GDP增长", CountRule(latin_words_as_one=False)).total == 5


def test_markup_and_whitespace_never_count():
    assert count_characters("## 小标题\n\n**本报讯** 会议").total == 8


def test_characters_outside_the_basic_plane_count_once():
    assert count_characters("𠀀𪚥").hanzi == 2


@given(st.text(max_size=80))
def test_hanzi_never_exceed_the_total(text):
    count = count_characters(text)
    assert 0 <= count.hanzi <= count.total


def test_each_paragraph_starts_a_line_with_a_two_character_indent():
    column = Column(width_cm=4.8, char_cm=0.37, line_cm=0.5)
    assert column.chars_per_line == 12
    fit = print_fit("一二三四五六七八九十一\n\n## 小标题\n\n短。", column)
    assert (fit.lines, fit.centimetres) == (4, 2.0)


def test_ascii_takes_half_a_character_of_width():
    column = Column(width_cm=3.7, char_cm=0.37, line_cm=0.5)
    assert print_fit("abcdefghijklmnop", column).lines == 1
