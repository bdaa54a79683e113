"""The index itself: written with the articles, emptied with them, rebuilt."""

import datetime as dt

import pytest
from django.db import connection

from articles.models import Article
from newsroom.search.backends import backend_for
from newsroom.search.documents import sort_key
from newsroom.search.models import SearchDocument
from newsroom.search.services import index_articles, rebuild_index
from tests.factories import add_byline, edit_article, make_article, make_issue, make_page, make_person, make_photo

pytestmark = pytest.mark.django_db


def indexed_ids(*terms: str) -> set[int]:
    """Article ids the engine's own index matches, before any visibility filter."""
    sql, params = backend_for("default").matching_sql(terms)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def test_a_new_article_gets_a_folded_document():
    article = make_article(kicker="引题", headline="WeChat（微信）", deck="副题", body="正文")
    add_byline(article, make_person("邓超"))
    make_photo(article, caption="说明", credit=make_person("孔茜"))
    document = SearchDocument.objects.get(article=article)
    assert document.sort_key == sort_key(article)
    assert document.title == "引题\nwechat(微信)\n副题"
    assert document.text == "引题\nwechat(微信)\n副题\n正文\n说明\n邓超\n孔茜"


def test_a_draft_is_indexed_too_because_visibility_is_decided_at_query_time():
    article = make_article(headline="湿地草稿", status=Article.Status.DRAFT)
    assert indexed_ids("湿地") == {article.pk}


def test_reindexing_an_unchanged_article_writes_nothing():
    article = make_article(headline="湿地公园")
    assert index_articles(article_ids=[article.pk]) == 0


def test_reindexing_a_missing_article_is_a_no_op():
    assert index_articles(article_ids=[987654]) == 0


def test_reindexing_in_small_batches_brings_every_document_up_to_date():
    articles = [make_article(headline=f"湿地公园{n}", body="") for n in range(5)]
    Article.objects.filter(pk__in=[a.pk for a in articles[1:]]).update(headline="崇文学校")  # behind the index's back
    SearchDocument.objects.filter(article=articles[4]).delete()
    assert index_articles(article_ids=[a.pk for a in articles], batch_size=2) == 4
    assert indexed_ids("湿地") == {articles[0].pk}
    assert indexed_ids("崇文学校") == {a.pk for a in articles[1:]}


def test_an_edit_replaces_the_old_words_in_the_index():
    article = make_article(headline="湿地公园", body="")
    edit_article(article, headline="崇文学校")
    assert indexed_ids("湿地") == indexed_ids("湿") == set()
    assert indexed_ids("崇文学校") == indexed_ids("崇文") == {article.pk}


def test_deleting_an_article_removes_it_from_the_index():
    article = make_article(headline="湿地公园")
    add_byline(article, make_person("邓超"))
    make_photo(article, caption="湿地")
    article.delete()
    assert SearchDocument.objects.count() == 0
    assert indexed_ids("湿地公园") == indexed_ids("湿地") == indexed_ids("邓超") == set()


def test_rebuild_restores_an_index_that_lost_its_rows():
    article = make_article(headline="湿地公园")
    backend_for("default").clear("default")
    assert indexed_ids("湿地") == set()
    assert rebuild_index(batch_size=1) == 1
    assert indexed_ids("湿地公园") == indexed_ids("湿地") == {article.pk}


def test_rebuild_replaces_a_stale_document():
    article = make_article(headline="湿地公园")
    # A bulk update sends no signal: the index still has the old headline.
    Article.objects.filter(pk=article.pk).update(headline="崇文学校")
    rebuild_index()
    assert indexed_ids("湿地") == set()
    assert indexed_ids("崇文") == {article.pk}


def test_rebuild_reports_progress_per_batch():
    for _ in range(5):
        make_article()
    calls = []
    rebuild_index(batch_size=2, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(2, 5), (4, 5), (5, 5)]


def test_sort_key_orders_newest_issue_then_print_order():
    old, new = make_issue(date=dt.date(2019, 7, 1)), make_issue(date=dt.date(2019, 7, 2))
    front = make_page(issue=new, number=1)
    in_order = [
        make_article(page=front, position=0),
        make_article(page=front, position=1),
        make_article(page=make_page(issue=new, number=2), position=0),
        make_article(page=make_page(issue=old, number=1), position=0),
        make_article(status=Article.Status.DRAFT),
    ]
    Article.objects.filter(pk=in_order[-1].pk).update(page=None)  # not placed yet
    keys = [sort_key(Article.objects.select_related("page__issue").get(pk=a.pk)) for a in in_order]
    assert keys == sorted(set(keys), reverse=True)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 integrity-check is SQLite's")
def test_sqlite_trigram_index_matches_its_documents_after_edits_and_deletes():
    kept = make_article(headline="湿地公园")
    gone = make_article(headline="崇文学校")
    kept.headline = "湿地公园开园"
    kept.save()
    gone.delete()
    with connection.cursor() as cursor:
        # Raises "database disk image is malformed" when the index and its
        # content table disagree.
        cursor.execute("INSERT INTO search_trigram(search_trigram, rank) VALUES ('integrity-check', 1)")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 integrity-check is SQLite's")
def test_a_flush_leaves_no_index_entries_behind():
    from django.core.management import call_command

    make_article(headline="湿地公园")
    call_command("flush", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        # Raises "database disk image is malformed" if entries were left behind.
        cursor.execute("INSERT INTO search_trigram(search_trigram, rank) VALUES ('integrity-check', 1)")


def test_sort_key_keeps_print_order_for_a_pk_past_2_to_the_31():
    issue = make_issue(date=dt.date(2019, 7, 2))
    older = make_article(page=make_page(issue=make_issue(date=dt.date(2019, 7, 1)), number=1), position=0)
    big = make_article(pk=2**31 + 5, page=make_page(issue=issue, number=1), position=0)
    unplaced = make_article(pk=2**32 + 7, status=Article.Status.DRAFT)
    Article.objects.filter(pk=unplaced.pk).update(page=None)
    load = Article.objects.select_related("page__issue").get
    keys = [sort_key(load(pk=a.pk)) for a in (big, older, unplaced)]
    assert keys == sorted(set(keys), reverse=True)
    assert keys[0] >> 47 == (issue.date - dt.date(1900, 1, 1)).days


def test_an_article_with_a_pk_past_2_to_the_31_is_indexed_and_found():
    make_article(pk=2**31 + 5, page=make_page(issue=make_issue(), number=1), headline="湿地公园开园")
    assert indexed_ids("湿地") == {2**31 + 5}
