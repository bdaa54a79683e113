"""往期回顾: month calendars of a year with each issue linked, and a plain list."""

import datetime as dt

import pytest

from tests.factories import make_edition

from .outline import outline

pytestmark = pytest.mark.django_db


@pytest.fixture
def issues(paper):
    return [make_edition(date=d).issue for d in (dt.date(2018, 12, 31), dt.date(2019, 6, 3), dt.date(2019, 7, 11))]


def test_archive_opens_on_the_latest_year(client, issues):
    response = client.get("/issues/")
    assert response.context["year"] == 2019
    assert outline(response.content).texts("h1") == ["往期回顾 · 2019年"]


def test_calendar_links_each_issue_date(client, issues):
    html = client.get("/issues/").content.decode()
    assert '<a href="/issues/2019-07-11/" aria-label="2019年7月11日 星期四">11</a>' in html
    assert '<a href="/issues/2019-06-03/" aria-label="2019年6月3日 星期一">3</a>' in html


def test_calendar_has_one_table_per_month_with_issues_newest_first(client, issues):
    html = client.get("/issues/").content.decode()
    assert html.count('<table class="calendar">') == 2
    assert html.index("<caption>2019年7月") < html.index("<caption>2019年6月")


def test_calendar_weeks_start_on_monday(client, issues):
    html = client.get("/issues/").content.decode()
    assert '<th scope="col" abbr="星期一">一</th>' in html.split("<tr>")[1]


def test_plain_list_names_every_issue_of_the_year_for_screen_readers(client, issues):
    html = client.get("/issues/").content.decode()
    listing = html[html.index('id="issue-list-title"') :]
    assert listing.index("2019年7月11日 星期四") < listing.index("2019年6月3日 星期一")
    assert "2018年" not in listing


def test_year_navigation_reaches_earlier_years(client, issues):
    html = client.get("/issues/").content.decode()
    assert '<a href="/issues/2018/">2018年</a>' in html
    assert "/issues/2018-12-31/" in client.get("/issues/2018/").content.decode()


def test_year_without_issues_answers_404(client, issues):
    assert client.get("/issues/2001/").status_code == 404


def test_empty_archive_says_nothing_is_published_yet(client, paper):
    response = client.get("/issues/")
    assert response.status_code == 200
    assert "还没有已出版的报纸" in response.content.decode()
