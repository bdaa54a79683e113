import datetime as dt

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from articles.links import Link


@pytest.fixture
def script_prefix():
    yield set_script_prefix
    set_script_prefix("/")


@pytest.mark.parametrize(
    ("viewname", "converters", "kwargs"),
    [
        ("articles:issue", {"date": "isodate"}, {"date": dt.date(2019, 7, 11)}),
        ("articles:page", {"date": "isodate", "number": "pageno"}, {"date": dt.date(2019, 7, 11), "number": 2}),
        (
            "articles:article",
            {"date": "isodate", "number": "pageno", "pk": "int"},
            {"date": dt.date(2019, 7, 11), "number": 12, "pk": 4071},
        ),
        ("articles:section", {"slug": "uslug"}, {"slug": "yaowen"}),
        ("articles:person", {"slug": "uslug"}, {"slug": "邓超"}),
    ],
)
def test_a_link_is_the_string_reverse_returns(viewname, converters, kwargs):
    assert Link(viewname, **converters)(**kwargs) == reverse(viewname, kwargs=kwargs)


def test_a_link_follows_the_script_prefix_of_the_request(script_prefix):
    link = Link("articles:person", slug="uslug")
    assert link(slug="邓超") == "/people/%E9%82%93%E8%B6%85/"
    script_prefix("/paper/")
    assert link(slug="邓超") == "/paper/people/%E9%82%93%E8%B6%85/"


def test_a_value_its_converter_would_not_match_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        Link("articles:person", slug="uslug")(slug="a/b")


def test_two_arguments_of_one_converter_each_keep_their_place():
    link = Link("articles:article", date="isodate", number="pageno", pk="int")
    assert link(date=dt.date(2001, 1, 1), number=1, pk=1) == "/issues/2001-01-01/01/1/"
