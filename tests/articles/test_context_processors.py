"""The masthead and footer every page shows, reused until a change or the
schedule says otherwise (articles.context_processors.masthead)."""

import datetime as dt
import time

import pytest
from django.utils import timezone

from articles.context_processors import forget_masthead, masthead
from tests.factories import make_article, make_issue, make_page, save_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def reuse(settings):
    settings.NEWSROOM_MASTHEAD_REUSE = True
    forget_masthead()
    yield
    forget_masthead()


def names(shown) -> list[str]:
    return [section.name for section in shown.sections]


def test_a_second_page_reuses_the_masthead_with_one_query(django_assert_num_queries):
    make_article(page=make_page(section="要闻"))
    masthead()
    with django_assert_num_queries(1):
        assert names(masthead()) == ["要闻"]


def test_a_recorded_change_loads_the_masthead_again():
    section = make_article(page=make_page(section="要闻")).page.section
    masthead()
    section.name = "时政要闻"
    save_record(section)
    assert names(masthead()) == ["时政要闻"]


def test_a_scheduled_article_going_public_loads_the_masthead_again():
    make_article(page=make_page(section="要闻"))
    soon = timezone.now() + dt.timedelta(seconds=1)
    make_article(page=make_page(issue=make_issue(), section="民生"), published_at=soon)
    assert names(masthead()) == ["要闻"]
    time.sleep(max(0.0, (soon - timezone.now()).total_seconds()) + 0.05)
    assert set(names(masthead())) == {"要闻", "民生"}


def test_without_reuse_every_page_loads_it(settings, django_assert_num_queries):
    settings.NEWSROOM_MASTHEAD_REUSE = False
    make_article(page=make_page(section="要闻"))
    masthead()
    with django_assert_num_queries(3):
        masthead()
