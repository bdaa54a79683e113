"""The three-way merge of a colleague's save into an open form."""

from hypothesis import given
from hypothesis import strategies as st

from newsroom.desk.merge import merge_fields, merge_paragraphs

BASE = "一\n\n二\n\n三\n\n四"


def test_changes_to_different_paragraphs_merge():
    assert merge_paragraphs(BASE, "一改\n\n二\n\n三\n\n四", "一\n\n二\n\n三\n\n四改") == "一改\n\n二\n\n三\n\n四改"


def test_changes_to_neighbouring_paragraphs_merge():
    assert merge_paragraphs(BASE, "一改\n\n二\n\n三\n\n四", "一\n\n二改\n\n三\n\n四") == "一改\n\n二改\n\n三\n\n四"


def test_a_paragraph_added_on_one_side_and_changed_on_the_other_merge():
    merged = merge_paragraphs(BASE, "一\n\n二\n\n三\n\n四\n\n五", "一改\n\n二\n\n三\n\n四")
    assert merged == "一改\n\n二\n\n三\n\n四\n\n五"


def test_changes_to_the_same_paragraph_conflict():
    assert merge_paragraphs(BASE, "一\n\n二甲\n\n三\n\n四", "一\n\n二乙\n\n三\n\n四") is None


def test_two_insertions_at_one_place_conflict():
    assert merge_paragraphs(BASE, "一\n\n甲\n\n二\n\n三\n\n四", "一\n\n乙\n\n二\n\n三\n\n四") is None


def test_fields_changed_on_one_side_take_that_side():
    merge = merge_fields({"headline": "旧", "deck": "旧"}, {"headline": "我的", "deck": "旧"}, {"headline": "旧", "deck": "他的"})
    assert (merge.values, merge.conflicts, merge.theirs_changed) == ({"headline": "我的", "deck": "他的"}, [], ["deck"])


def test_a_field_both_changed_differently_conflicts():
    assert merge_fields({"headline": "旧"}, {"headline": "我的"}, {"headline": "他的"}).conflicts == ["headline"]


paragraphs = st.lists(st.text(alphabet="甲乙丙丁", min_size=1, max_size=3), min_size=1, max_size=6)


@given(paragraphs, paragraphs)
def test_merging_with_an_unchanged_side_gives_the_other(base, other):
    base_text, other_text = "\n\n".join(base), "\n\n".join(other)
    assert merge_paragraphs(base_text, base_text, other_text) == other_text
    assert merge_paragraphs(base_text, other_text, base_text) == other_text
