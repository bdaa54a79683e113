"""normalise_body, the one house format the form, the service and the importer
agree on, and count_characters, 字数 by the house rule."""

from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from articles.models import Article
from articles.text import CountRule, count_characters, normalise_body
from tests.conftest import SEEDS_DIR


def test_zero_width_characters_are_dropped():
    assert normalise_body("高新\u200b区\ufeff召开\u200d会议") == "高新区召开会议"


def test_non_breaking_spaces_beside_chinese_go_and_between_latin_words_become_spaces():
    assert normalise_body("New\u00a0York\u00a0时报：看，\u00a0高新区") == "New York时报：看，高新区"


def test_a_line_break_inside_a_paragraph_is_joined_without_a_space_between_hanzi():
    assert normalise_body("逐项拿出三季度弥补的时\n间表，责任人") == "逐项拿出三季度弥补的时间表，责任人"


def test_a_line_break_between_latin_words_becomes_a_space():
    assert normalise_body("the Yellow\nRiver") == "the Yellow River"


def test_runs_of_blank_lines_become_one_paragraph_break():
    assert normalise_body("第一段。\n\n\n\u3000\n第二段。\r\n\r\n") == "第一段。\n\n第二段。"


def test_subheads_are_kept_and_stand_alone():
    assert normalise_body("##确保全年任务\n会议指出，") == "## 确保全年任务\n\n会议指出，"


def test_full_width_indent_is_trimmed():
    assert normalise_body("\u3000\u3000会议指出，") == "会议指出，"


@given(st.text(alphabet=st.sampled_from("高新区 \n\u3000\u00a0\u200b#aZ9，。\t"), max_size=60))
def test_normalising_twice_changes_nothing_more(text):
    once = normalise_body(text)
    assert normalise_body(once) == once


@pytest.mark.django_db
def test_the_normaliser_is_the_identity_on_every_imported_seed_body():
    call_command("import_seeds", str(SEEDS_DIR), stdout=StringIO(), stderr=StringIO())
    bodies = list(Article.objects.exclude(body="").values_list("body", flat=True))
    assert bodies
    assert [b for b in bodies if normalise_body(b) != b] == []


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
