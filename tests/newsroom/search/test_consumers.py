"""The index follows the change log: whatever a service records reaches
search after its commit, whether the service wrote with save(),
bulk_create() or update()."""

import datetime as dt

import pytest

from articles.models import Change
from articles.services.importing import ImportOptions, SeedSource, import_file
from newsroom.search import consumers
from newsroom.search.engine import search
from newsroom.search.models import SearchDocument
from newsroom.search.services import rebuild_index
from tests.factories import make_article, make_edition, processed, save_record

pytestmark = pytest.mark.django_db

# 王鹏 is named only in the byline, never in the headline or the text.
INNER_PAGE = """02 要闻

# 十里湖生态湿地公园项目东部园区8月具备开园条件

**本报讯(记者 王鹏 通讯员 李娜)** 近日,从高新区获悉。

第二段。
"""


def test_an_imported_byline_is_found_at_once(django_capture_on_commit_callbacks):
    # The importer writes bylines with bulk_create, which sends no signal.
    with django_capture_on_commit_callbacks(execute=True):
        report = import_file(
            source=SeedSource(name="02.txt", data=INNER_PAGE.encode()), options=ImportOptions(date=dt.date(2019, 7, 11))
        )
    assert report.ok, report.message
    assert len(search("王鹏")[0:10]) == 1
    assert search("李娜")[0:10] == search("王鹏")[0:10]


def test_a_renamed_person_reindexes_the_articles_naming_them():
    edition = make_edition()
    edition.reporter.name = "邓超然"
    save_record(edition.reporter)
    assert set(search("超然")[0:10]) == {edition.lead.pk, edition.inner.pk}


def test_a_change_to_a_page_reindexes_its_articles_sort_keys():
    edition = make_edition()
    page = edition.pages[1]
    page.number = 9
    save_record(page)
    stale = dict(SearchDocument.objects.values_list("article_id", "sort_key"))
    rebuild_index()
    assert dict(SearchDocument.objects.values_list("article_id", "sort_key")) == stale


def test_articles_to_reindex_come_from_articles_deleted_articles_and_people():
    edition = make_edition()
    make_article(headline="无关")
    processed()
    change = Change(kind="person", action="edited", data={"people": [edition.reporter.pk], "deleted_articles": [99]})
    assert consumers.articles_to_reindex([change]) == {edition.lead.pk, edition.inner.pk, 99}
