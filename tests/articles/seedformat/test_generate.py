"""The synthetic page generator used by benchmarks and property tests."""

import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.seedformat import PageRef, parse, render
from tests.support.seedgen import generate_page

from .builders import normalise, without_spans

DAY = dt.date(2019, 7, 11)


def front(seed: int = 1, date: dt.date = DAY) -> str:
    return generate_page(random.Random(seed), date=date, front=True, page_number=1, section="头版")


def inner(seed: int = 1, date: dt.date = DAY) -> str:
    return generate_page(random.Random(seed), date=date, front=False, page_number=3, section="新城")


def test_same_seed_gives_the_same_page():
    assert front(7) == front(7)


def test_different_seeds_give_different_pages():
    assert front(7) != front(8)


@pytest.mark.parametrize("seed", range(5))
def test_front_page_has_a_lead_teasers_a_photo_story_and_the_footer(seed):
    parsed = parse(front(seed))
    assert parsed.page == PageRef(1, "头版")
    assert parsed.stories and len(parsed.teasers) >= 2 and len(parsed.photo_stories) == 1
    assert parsed.photo_stories[0].credit is not None and parsed.photo_stories[0].refers_to is not None
    assert len(parsed.channels) >= 3 and parsed.matrix_title and parsed.hotline


@pytest.mark.parametrize("seed", range(5))
def test_inner_page_starts_with_its_page_line_and_holds_two_to_four_stories(seed):
    text = inner(seed)
    parsed = parse(text)
    assert text.lstrip().startswith("03 新城")
    assert parsed.page == PageRef(3, "新城") and 2 <= len(parsed.stories) <= 4


@pytest.mark.parametrize("seed", range(5))
def test_stories_have_eight_to_fifteen_body_paragraphs_of_newspaper_length(seed):
    for story in parse(front(seed)).stories + parse(inner(seed)).stories:
        body = [p for p in story.paragraphs if not p.is_subheading]
        assert 8 <= len(body) <= 15
        assert all(100 <= len(p.text) <= 400 for p in body)


def test_some_paragraphs_are_cut_by_column_breaks():
    joined = [p for s in range(5) for story in parse(front(s)).stories for p in story.paragraphs if p.span.end_line > p.span.start_line]
    assert joined


def test_datelines_vary():
    raws = {story.dateline.raw[:4] for s in range(20) for story in parse(inner(s)).stories if story.dateline}
    assert len(raws) >= 3


@given(seed=st.integers(0, 2**32 - 1), is_front=st.booleans(), date=st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)))
@settings(max_examples=60, deadline=None, database=None)
def test_generated_pages_parse_fully_and_round_trip(seed, is_front, date):
    text = generate_page(random.Random(seed), date=date, front=is_front, page_number=2, section="要闻")
    parsed = parse(text)
    assert parsed.unclassified == []
    assert parsed.issue_date == date
    assert normalise(render(parsed)) == normalise(text)
    assert without_spans(parse(render(parsed))) == without_spans(parsed)
