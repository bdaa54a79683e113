"""The print-fit estimate (a pure function)."""

from newsroom.desk.counting import Column, print_fit


def test_each_paragraph_starts_a_line_with_a_two_character_indent():
    column = Column(width_cm=4.8, char_cm=0.37, line_cm=0.5)
    assert column.chars_per_line == 12
    fit = print_fit("一二三四五六七八九十一\n\n## 小标题\n\n短。", column)
    assert (fit.lines, fit.centimetres) == (4, 2.0)


def test_ascii_takes_half_a_character_of_width():
    column = Column(width_cm=3.7, char_cm=0.37, line_cm=0.5)
    assert print_fit("abcdefghijklmnop", column).lines == 1
