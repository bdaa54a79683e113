"""Engine details the behaviour tests cannot see."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom.search.backends import BACKENDS, backend_for
from tests.factories import make_article, make_issue, make_page

pytestmark = pytest.mark.django_db


def python_grams(text: str) -> set[str]:
    return set(text) | {text[i : i + 2] for i in range(len(text) - 1)}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the gram function is PostgreSQL's")
@pytest.mark.parametrize(
    "text",
    ["", "湿", "湿地", "高新区", "济宁高新区召开党工委会议\n58.2%，较2019年增长", "ab" * 501 + "c"],
    ids=["empty", "one", "two", "odd", "mixed-with-newline", "long"],
)
def test_postgres_grams_are_every_one_and_two_character_substring(text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT newsroom_search_grams(%s)", [text])
        grams = cursor.fetchone()[0]

    assert sorted(grams) == sorted(python_grams(text))


@pytest.mark.parametrize("headline", [None, True, False], ids=["all", "headlines", "others"])
@pytest.mark.parametrize("terms", [["湿地"], ["湿地公园"], ["湿地", "公园建设"]], ids=["short", "long", "short-and-long"])
def test_a_stream_of_the_newest_documents_leaves_out_older_ones(headline, terms):
    old, new = (
        make_article(page=make_page(issue=make_issue(date=dt.date(2019, month, 1))), headline="湿地公园建设")
        for month in (7, 8)
    )
    backend = backend_for("default")
    sql, params = backend.stream_sql(terms, headline=headline, visible=("SELECT 1", []), dense=True, newest=1)

    found = [row[0] for row in backend.read("default", sql, params, dense=True)]

    assert found == ([] if headline is False else [new.pk]) and old.pk not in found


def test_a_stream_of_more_newest_documents_than_the_archive_holds_is_empty():
    """Its caller then reads the whole archive (SearchResults)."""
    make_article(headline="湿地")
    backend = backend_for("default")
    sql, params = backend.stream_sql(["湿地"], headline=None, visible=("SELECT 1", []), dense=True, newest=2)

    assert backend.read("default", sql, params, dense=True) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the title gram index is PostgreSQL's")
def test_postgres_headline_stream_reads_the_title_gram_index():
    """A word common in bodies but in no headline is found missing at once,
    not by reading every title."""
    make_article(headline="湿地公园", body="湿地")
    backend = backend_for("default")
    sql, params = backend.stream_sql(["湿地"], headline=True, visible=("SELECT 1", []))

    plan = "\n".join(row[0] for row in backend.read("default", f"EXPLAIN {sql} {backend.order_by}", params))

    assert "search_doc_title_grams" in plan


PLAN_OPTIONS = (
    "SELECT current_setting('enable_indexscan'), current_setting('enable_bitmapscan'), "
    "current_setting('enable_seqscan'), current_setting('jit'), "
    "current_setting('enable_hashjoin'), current_setting('enable_mergejoin')"
)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner options are PostgreSQL's")
def test_postgres_sparse_read_leaves_index_scans_to_the_planner():
    """A count past the limit checks a thousand matches' visibility: one
    primary key look-up each, not a bitmap built for every one, nor the
    whole articles table hashed or merged."""
    assert backend_for("default").read("default", PLAN_OPTIONS, []) == [("on", "on", "off", "off", "off", "off")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner options are PostgreSQL's")
def test_postgres_dense_read_reads_along_an_index_without_bitmaps():
    assert backend_for("default").read("default", PLAN_OPTIONS, [], dense=True) == [("on", "off", "off", "off", "off", "off")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner options are PostgreSQL's")
@pytest.mark.parametrize("binding", ["client", "server"])
def test_postgres_read_options_end_with_the_read_inside_a_transaction(binding, request):
    """The tests run in a transaction, as a request with ATOMIC_REQUESTS would."""
    if binding == "server":
        request.getfixturevalue("server_side_binding")
    with connection.cursor() as cursor:
        cursor.execute(PLAN_OPTIONS)
        before = cursor.fetchone()
        backend_for("default").read("default", PLAN_OPTIONS, [], dense=True)
        cursor.execute(PLAN_OPTIONS)

        assert cursor.fetchone() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner options are PostgreSQL's")
def test_postgres_read_is_one_round_trip():
    with CaptureQueriesContext(connection) as queries:
        backend_for("default").read("default", PLAN_OPTIONS, [])

    assert len(queries) == 1


@pytest.fixture
def server_side_binding():
    """The connection as OPTIONS {"server_side_binding": True} makes it:
    cursors that bind parameters on the server, one statement at a time."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    factory = connection.connection.cursor_factory
    connection.connection.cursor_factory = ServerBindingCursor
    yield
    connection.connection.cursor_factory = factory


@pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side binding is psycopg's")
def test_postgres_read_with_server_side_binding_sets_the_options_in_a_transaction(server_side_binding):
    assert backend_for("default").read("default", PLAN_OPTIONS, [], dense=True) == [("on", "off", "off", "off", "off", "off")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side binding is psycopg's")
def test_postgres_search_with_server_side_binding_finds_the_same(server_side_binding):
    from newsroom.search.engine import search

    article = make_article(headline="湿地公园")
    results = search("湿地 公园")

    assert (results.count(), results[0:20]) == (1, [article.pk])


def test_postgres_counts_newest_first_only_when_a_term_needs_strpos():
    """The gram index answers short terms exactly; a query with a term it
    needs strpos for anyway is counted among the newest documents first."""
    queries = {"湿地公园": True, "湿地公园 公园建设": True, "湿地公园 建设": True, "湿地": False, "湿地 建设": False}
    backend = BACKENDS["postgresql"]
    assert {query: bool(backend.count_windows(query.split())) for query in queries} == queries


def _dense_plan(terms: list[str], *, headline: bool | None) -> str:
    backend = backend_for("default")
    sql, params = backend.stream_sql(terms, headline=headline, visible=("SELECT 1", []), dense=True, newest=10)
    return "\n".join(row[0] for row in backend.read("default", f"EXPLAIN (VERBOSE) {sql}", params, dense=True))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TOAST is PostgreSQL's")
def test_postgres_dense_stream_decompresses_each_text_once_for_all_its_terms():
    """strpos on the column itself would fetch and decompress the text
    again for every term."""
    plan = _dense_plan(["湿地", "公园建设"], headline=None)

    assert "(search_searchdocument.text || ''::text)" in plan
    assert all(f"strpos(d.text, '{term}'::text)" in plan for term in ["湿地", "公园建设"])
    assert "strpos(search_searchdocument.text" not in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TOAST is PostgreSQL's")
def test_postgres_dense_stream_of_one_term_reads_the_text_as_it_is():
    """No copy of the text: one strpos decompresses it once anyway."""
    plan = _dense_plan(["公园建设"], headline=None)

    assert "text || ''" not in plan and "strpos(d.text, '公园建设'::text)" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TOAST is PostgreSQL's")
def test_postgres_dense_headline_stream_decompresses_no_text():
    plan = _dense_plan(["湿地", "公园建设"], headline=True)

    assert "text || ''" not in plan and "strpos(d.title, '湿地'::text)" in plan


def _server_has_lz4() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT FROM pg_settings "
            "WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals))"
        )
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TOAST compression is PostgreSQL's")
def test_postgres_compresses_a_long_document_text_with_lz4():
    """strpos decompresses every candidate's text: with pglz, a third of each check."""
    if not _server_has_lz4():
        pytest.skip("this server was built without LZ4")
    article = make_article(headline="湿地公园", body="湿地公园建设。" * 300)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_compression(text) FROM search_searchdocument WHERE article_id = %s", [article.pk]
        )
        compression = cursor.fetchone()[0]

    assert compression == "lz4"
