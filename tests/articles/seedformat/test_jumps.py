"""Jump markers (转版) in the seed text: found, never changed."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.seedformat.jumps import Marked, jumps_from, jumps_to, split_markers


@pytest.mark.parametrize("marker", ["（下转第2版）", "(下转2版)", "（下转 第 2 版）", "(下转第2版)"])
def test_a_story_ending_with_a_jump_marker_goes_on_to_that_page(marker):
    assert jumps_to(["第一段。", f"会议要求,要全力以赴抓经济运行。{marker}"]) == 2


@pytest.mark.parametrize("marker", ["（上接第1版）", "(上接1版)", "（ 上接第 1 版 ）"])
def test_a_story_opening_with_a_jump_marker_comes_from_that_page(marker):
    assert jumps_from([f"{marker}上半年增长58.2%。", "第二段。"]) == 1


def test_a_marker_inside_the_text_is_no_jump():
    assert jumps_to(["（下转第2版）后来又说了别的。"]) is None
    assert jumps_from(["前面说了（上接第1版）"]) is None
    assert jumps_to([]) is None and jumps_from([]) is None


def test_markers_are_taken_apart_from_the_text_as_printed():
    assert split_markers("（上接第1版）上半年增长58.2%。(下转3版)") == Marked("（上接第1版）", "上半年增长58.2%。", "(下转3版)")


@given(st.text(alphabet="高新区会议。,（）()上下转接第版0123456789 ", max_size=40))
def test_taking_markers_apart_loses_no_text(paragraph):
    marked = split_markers(paragraph)
    assert marked.text in paragraph
    assert len(marked.opening) + len(marked.text) + len(marked.closing) <= len(paragraph.strip())
