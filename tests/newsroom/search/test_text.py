"""Folding, query parsing, grams and snippets: pure functions, no database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsroom.search.text import (
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    Query,
    QueryError,
    find_spans,
    fold,
    fold_with_map,
    gram_token,
    gram_tokens,
    grams,
    highlight,
    snippet,
    spans_in,
)
from newsroom.search.text import _FOLDS_TO_IDEOGRAPHS, _IDEOGRAPHS


def test_fold_makes_full_width_punctuation_half_width():
    assert fold("党工委（扩大）５８．２％") == "党工委(扩大)58.2%"


def test_fold_ignores_latin_case():
    assert fold("WeChat") == "wechat"


def test_query_splits_on_any_space_including_ideographic():
    assert Query.parse(" 湿地\u3000公园  邓超 ").terms == ("湿地", "公园", "邓超")


def test_query_drops_repeated_terms():
    assert Query.parse("湿地 湿地").terms == ("湿地",)


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000"])
def test_empty_query_is_refused_with_code_empty(raw):
    with pytest.raises(QueryError) as error:
        Query.parse(raw)
    assert error.value.code == "empty"


def test_over_long_query_is_refused_naming_its_length_and_the_limit():
    with pytest.raises(QueryError) as error:
        Query.parse("湿" * (MAX_QUERY_LENGTH + 1))
    assert error.value.code == "too_long"
    assert str(MAX_QUERY_LENGTH + 1) in str(error.value) and str(MAX_QUERY_LENGTH) in str(error.value)


def test_query_of_exactly_the_limit_is_accepted():
    assert Query.parse("湿" * MAX_QUERY_LENGTH).terms == ("湿" * MAX_QUERY_LENGTH,)


def test_too_many_terms_are_refused():
    with pytest.raises(QueryError) as error:
        Query.parse(" ".join(str(n) for n in range(MAX_TERMS + 1)))
    assert error.value.code == "too_many_terms"


def test_grams_are_every_one_and_two_character_substring():
    assert grams("湿地园") == {"湿", "地", "园", "湿地", "地园"}


def test_gram_token_is_ascii_and_unambiguous():
    assert gram_token("湿地") == "e6b9bfe59cb0"
    assert gram_token("湿") == "e6b9bf"
    assert gram_token(",%") == "2c25"


def test_gram_tokens_hold_each_gram_once():
    assert sorted(gram_tokens("地地地").split()) == sorted([gram_token("地"), gram_token("地地")])


def test_find_spans_maps_folded_matches_back_to_the_original_text():
    text = "党工委（扩大）会议"
    [(start, end)] = find_spans(text, (fold("(扩大)"),))
    assert text[start:end] == "（扩大）"


def test_find_spans_merges_overlapping_terms():
    assert find_spans("湿地公园", ("湿地", "地公")) == [(0, 3)]


def test_highlight_escapes_text_and_marks_only_the_match():
    html = highlight("<b>湿地</b> & 公园", ("湿地",))
    assert html == "&lt;b&gt;<mark>湿地</mark>&lt;/b&gt; &amp; 公园"


def test_highlight_escapes_markup_inside_the_match():
    assert highlight("a<b>c", ("<b>",)) == "a<mark>&lt;b&gt;</mark>c"


def test_snippet_centres_on_the_first_piece_with_a_match():
    body = "开头。" * 30 + "十里湖生态湿地公园项目" + "结尾。" * 30
    html = snippet(["没有", body], ("湿地",), before=5, length=20)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>湿地</mark>" in html
    assert len(html.replace("<mark>", "").replace("</mark>", "")) == 22


def test_snippet_without_a_match_is_the_start_of_the_first_piece():
    assert snippet(["", "正文第一段。\n\n第二段。"], ("标题词",), length=100) == "正文第一段。 第二段。"


def test_snippet_folds_paragraph_breaks_into_spaces():
    assert snippet(["弥补的时\n\n间表"], ("时",)) == "弥补的<mark>时</mark> 间表"


def test_find_spans_handles_characters_that_fold_to_several():
    text = "面积10㎡的湿地"
    [(start, end)] = find_spans(text, ("m2的",))
    assert text[start:end] == "㎡的"


def test_find_spans_handles_letters_that_case_fold_to_several():
    text = "Straße 12号"
    [(start, end)] = find_spans(text, ("strasse",))
    assert text[start:end] == "Straße"


def test_fold_with_map_folds_every_character_as_fold_does_alone():
    # Whatever path it takes, in whatever neighbourhood: the indexes it
    # returns are only right if each character folds on its own.
    for codepoint in range(0x10000):
        if 0xD800 <= codepoint <= 0xDFFF:
            continue
        ch = chr(codepoint)
        for text in (f"湿{ch}地", f"e{ch}\u0301"):
            folded, origin = fold_with_map(text)
            assert folded == "".join(fold(c) for c in text), hex(codepoint)
            assert origin is None or [text[i] for i in origin] == [c for c in text for _ in fold(c)], hex(codepoint)


def test_every_character_folding_to_another_ideograph_is_known():
    """find_spans finds terms of ideographs in the unfolded text when none of
    these is in it: only through them can a fold hold an ideograph elsewhere."""
    unknown = []
    for codepoint in range(0x110000):
        if 0xD800 <= codepoint <= 0xDFFF:
            continue
        ch = chr(codepoint)
        folded = fold(ch)
        assert folded, f"{codepoint:#x} folds to nothing"
        if folded != ch and _IDEOGRAPHS.search(folded) and not _FOLDS_TO_IDEOGRAPHS.match(ch):
            unknown.append(f"{codepoint:#x}")
    assert unknown == []


@pytest.mark.parametrize("text", ["第⼀名", "〸里湖", "㈠湿地", "三十里", "ＡＢ三十"], ids=["radical", "numeral", "enclosed", "plain", "full-width"])
def test_find_spans_of_ideographs_finds_what_the_fold_holds(text):
    for term in ("一", "十", "三十"):
        assert find_spans(text, (term,)) == _spans_through_the_fold(text, (term,))


def _spans_through_the_fold(text, terms):
    return spans_in(*fold_with_map(text), terms)


# Ideographs, characters folding to them, and others that fold (or not).
_ALPHABET = "一十三湿地公园⼀〸㈠㍿豈ＡａB，。()㎡ß \n"


@given(text=st.text(alphabet=_ALPHABET, max_size=40), terms=st.lists(st.text(alphabet="一十三湿地公园", min_size=1, max_size=3), min_size=1, max_size=3))
def test_find_spans_is_the_spans_of_the_fold_mapped_back(text, terms):
    assert find_spans(text, tuple(terms)) == _spans_through_the_fold(text, tuple(terms))
