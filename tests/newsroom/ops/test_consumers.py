"""The page cache follows the change log: a change's scopes get a new
version in the database (and a new generation in Redis)."""

import datetime as dt

import pytest

from articles.models import Change
from newsroom.ops import consumers, pagecache
from newsroom.ops.models import CacheScope

pytestmark = pytest.mark.django_db

DAY = dt.date(2019, 7, 11)


def change(seq=1, **data) -> Change:
    return Change(seq=seq, kind="article", action="edited", data=data)


def test_a_site_wide_change_touches_the_site_scope_only():
    assert consumers.scopes_of(change(site=True, issues=[DAY.isoformat()])) == {pagecache.SITE}


def test_an_article_change_touches_its_issues_and_the_listings():
    scopes = consumers.scopes_of(change(articles=[1], issues=[DAY.isoformat()], listings=True))
    assert scopes == {pagecache.issue_scope(DAY), pagecache.LISTINGS}


def test_a_change_no_reader_sees_touches_no_scope():
    assert consumers.scopes_of(change(articles=[1])) == set()


def test_consuming_bumps_each_scope_once_per_batch_and_keeps_the_last_seq():
    batch = [change(3, issues=[DAY.isoformat()]), change(5, issues=[DAY.isoformat()], listings=True)]
    consumers.consume_changes(batch)
    consumers.consume_changes(batch)
    versions = {s.scope: (s.version, s.last_seq) for s in CacheScope.objects.all()}
    assert versions == {pagecache.issue_scope(DAY): (2, 5), pagecache.LISTINGS: (2, 5)}


def test_versions_are_read_from_the_database_at_most_once_a_memo_period(django_assert_num_queries):
    pagecache.forget_versions()
    with django_assert_num_queries(1):
        assert pagecache.current_versions([pagecache.SITE]) == [0]
        assert pagecache.current_versions([pagecache.SITE]) == [0]
