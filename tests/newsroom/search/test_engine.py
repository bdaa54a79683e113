"""What a search finds, in what order, on whichever database the suite runs
(SQLite by default, PostgreSQL with DATABASE_URL): the same tests, the same
answers."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from newsroom.search import engine
from newsroom.search.backends import backend_for
from newsroom.search.engine import matching, search
from articles.services import records
from tests.factories import (
    add_byline,
    edit_article,
    make_article,
    make_issue,
    make_page,
    make_person,
    make_photo,
    processed,
    save_record,
)

pytestmark = pytest.mark.django_db

BODY = "本报济宁7月11日讯 会议要求,逐项拿出三季度弥补的时间表,责任人和具体措施。占比58.2%,较2019年增长。\n\n要全力以赴抓“两谷一港一中心”建设。"


def ranked(query, **filters) -> list[Article]:
    ids = search(query, **filters)[0:100]
    by_id = Article.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids]


def headlines(query, **filters) -> list[str]:
    return [a.headline for a in ranked(query, **filters)]


@pytest.fixture
def story():
    return make_article(headline="高新区召开党工委会议", body=BODY)


@pytest.mark.parametrize(
    "query",
    ["会", "会议", "时间表", "两谷一港一中心", "58.2%", "2019年", "8.2", "”建设"],
    ids=["1-char", "2-char", "3-char", "6-char", "percent", "year", "digits", "quote"],
)
def test_finds_a_substring_of_any_length(story, query):
    assert headlines(query) == [story.headline]


def test_finds_text_across_a_column_break_the_importer_joined(story):
    assert headlines("弥补的时间表") == [story.headline]


def test_a_missing_substring_finds_nothing(story):
    assert headlines("湿地") == []
    assert headlines("时间轴") == []


def test_half_and_full_width_punctuation_find_each_other():
    article = make_article(headline="党工委(扩大)会议", body="占比５８．２％。")
    assert headlines("党工委（扩大）") == [article.headline]
    assert headlines("58.2%") == [article.headline]


def test_latin_letters_ignore_case():
    article = make_article(headline="关注WeChat公众号")
    assert headlines("wechat") == [article.headline]
    assert headlines("CH") == [article.headline]


def test_several_terms_must_all_occur(story):
    make_article(headline="只有会议", body="别的内容。")
    assert headlines("会议 时间表") == [story.headline]
    assert headlines("会 表") == [story.headline]
    assert headlines("会议 湿地") == []


def test_like_wildcards_in_a_query_are_literal():
    make_article(headline="百分比", body="增长100%以上,a_b型")
    make_article(headline="别的", body="增长1000以上,axb型")
    assert headlines("00%以") == ["百分比"]
    assert headlines("a_b") == ["百分比"]


def test_a_double_quote_in_a_query_is_literal():
    article = make_article(headline="引号", body='他说"好的"。')
    assert headlines('"好的"') == [article.headline]


@pytest.mark.parametrize("field", ["kicker", "headline", "deck", "body"])
def test_finds_words_in_each_text_field(field):
    fields = {"kicker": "", "deck": "", "body": "", "headline": "标题"} | {field: "十里湖生态湿地公园"}
    article = make_article(**fields)
    assert ranked("湿地") == [article]


def test_finds_a_byline_name(story):
    add_byline(story, make_person("邓超"))
    assert headlines("邓超") == [story.headline]


def test_finds_a_photo_caption_and_its_photographer(story):
    make_photo(story, caption="红帆驿站为环卫工人提供休息场所。", credit=make_person("孔茜"))
    assert headlines("红帆驿站") == [story.headline]
    assert headlines("孔茜") == [story.headline]


def test_a_match_does_not_run_from_one_field_into_the_next():
    make_article(headline="十里湖湿地", body="公园开园。")
    assert headlines("湿地公园") == []


def test_headline_matches_come_before_body_matches_then_newest_first():
    old_issue, new_issue = make_issue(date=dt.date(2019, 7, 1)), make_issue(date=dt.date(2019, 8, 1))
    body_new = make_article(page=make_page(issue=new_issue), headline="新稿", body="湿地公园开园。")
    title_old = make_article(page=make_page(issue=old_issue), headline="湿地公园旧闻")
    body_old = make_article(page=make_page(issue=old_issue, number=2), headline="旧稿", body="湿地公园。")
    title_new = make_article(page=make_page(issue=new_issue, number=2), kicker="湿地公园", headline="新闻")
    assert ranked("湿地") == [title_new, title_old, body_new, body_old]


def test_within_an_issue_results_follow_print_order():
    issue = make_issue()
    third = make_article(page=make_page(issue=issue, number=3), headline="三版", body="湿地")
    first = make_article(page=make_page(issue=issue, number=1), headline="一版", body="湿地")
    second = make_article(page=first.page, headline="一版次条", body="湿地")
    assert ranked("湿地") == [first, second, third]


@pytest.mark.parametrize("query", ["湿地 公园", "湿地 公园开园", "十里湖 公园开园"], ids=["short", "mixed", "long"])
def test_only_every_term_in_the_headline_ranks_as_a_headline_match(query):
    old_issue, new_issue = make_issue(date=dt.date(2019, 7, 1)), make_issue(date=dt.date(2019, 8, 1))
    every = make_article(page=make_page(issue=old_issue), headline="十里湖湿地公园开园", body="")
    some = make_article(page=make_page(issue=new_issue), headline="十里湖湿地", body="公园开园")
    assert ranked(query) == [every, some]


def test_the_same_search_pages_through_headline_then_body_matches():
    headline_matches = [make_article(headline=f"湿地{n}") for n in range(3)]
    body_matches = [make_article(headline=f"其他{n}", body="湿地") for n in range(3)]
    results = search("湿地")
    pages = results[0:2] + results[2:4] + results[4:6]
    assert pages == results[0:6]
    assert set(results[0:3]) == {a.pk for a in headline_matches}
    assert set(results[3:6]) == {a.pk for a in body_matches}


@pytest.mark.parametrize("query", ["湿地 公园", "湿地 十里湖", "十里湖 公园开园"], ids=["short", "mixed", "long"])
def test_a_several_term_search_pages_through_headline_then_body_matches(query):
    headline_matches = [make_article(headline=f"十里湖湿地公园开园{n}") for n in range(3)]
    body_matches = [make_article(headline=f"其他{n}", body="十里湖湿地公园开园") for n in range(3)]
    make_article(headline="十里湖", body="无关")
    results = search(query)
    assert results.count() == 6
    assert results[0:2] + results[2:4] + results[4:6] == results[0:6]
    assert set(results[0:3]) == {a.pk for a in headline_matches}
    assert set(results[3:6]) == {a.pk for a in body_matches}


def test_a_window_past_the_last_result_is_empty():
    make_article(headline="湿地")
    make_article(headline="其他", body="湿地")
    assert search("湿地")[5:10] == []


def test_counting_stops_at_the_result_limit(monkeypatch):
    monkeypatch.setattr(engine, "RESULT_LIMIT", 3)
    for n in range(5):
        make_article(headline=f"湿地{n}" if n % 2 else "标题", body="湿地")
    results = search("湿地")
    assert results.count() == 3
    assert results.more_than_limit
    assert len(results[0:10]) == 3


@pytest.mark.parametrize("query", ["湿地", "湿地公园", "湿地 公园"], ids=["short", "long", "two-terms"])
def test_past_the_limit_pages_keep_the_ranking(monkeypatch, query):
    """Past the limit, engines may read matches another way (backends.py)."""
    monkeypatch.setattr(engine, "RESULT_LIMIT", 3)
    old_issue, new_issue = make_issue(date=dt.date(2019, 7, 1)), make_issue(date=dt.date(2019, 8, 1))
    old_body = make_article(page=make_page(issue=old_issue), headline="其他", body="湿地公园")
    new_body = make_article(page=make_page(issue=new_issue), headline="其他", body="湿地公园")
    old_headline = make_article(page=make_page(issue=old_issue, number=2), headline="湿地公园")
    new_headline = make_article(page=make_page(issue=new_issue, number=2), headline="湿地公园")
    make_article(page=make_page(issue=new_issue, number=3), headline="无关", body="无关")

    assert search(query)[0:3] == [new_headline.pk, old_headline.pk, new_body.pk]
    assert search(query)[2:3] == [new_body.pk]


@pytest.fixture
def count_window_of_two(monkeypatch):
    """Count among the two newest documents first, on either engine."""
    monkeypatch.setattr(backend_for("default"), "count_windows", lambda terms: (2,))


def _articles_by_date(*headlines):
    return [
        make_article(page=make_page(issue=make_issue(date=dt.date(2019, 7, n + 1))), headline=headline)
        for n, headline in enumerate(headlines)
    ]


def test_a_count_window_past_the_limit_ends_the_count(monkeypatch, count_window_of_two):
    monkeypatch.setattr(engine, "RESULT_LIMIT", 1)
    _articles_by_date("湿地", "湿地", "湿地")
    results = search("湿地")
    assert (results.count(), results.more_than_limit) == (1, True)


def test_a_count_window_short_of_the_limit_counts_the_whole_archive(monkeypatch, count_window_of_two):
    monkeypatch.setattr(engine, "RESULT_LIMIT", 2)
    _articles_by_date("湿地", "湿地", "其他", "其他")
    results = search("湿地")
    assert (results.count(), results.more_than_limit) == (2, False)


@pytest.fixture
def count_windows_of_one_then_three(monkeypatch):
    """Count among the newest document, then, if it matches, among the
    three newest, on either engine."""
    monkeypatch.setattr(backend_for("default"), "count_windows", lambda terms: (1, 3))


def _counts_run(results) -> int:
    with CaptureQueriesContext(connection) as queries:
        results.count()
    return sum("count(*)" in query["sql"] for query in queries.captured_queries)


def test_count_windows_past_the_limit_end_the_count(monkeypatch, count_windows_of_one_then_three):
    monkeypatch.setattr(engine, "RESULT_LIMIT", 2)
    _articles_by_date("湿地", "湿地", "湿地", "湿地")
    results = search("湿地")
    assert (_counts_run(results), results.count(), results.more_than_limit) == (2, 2, True)


def test_a_newest_window_without_a_match_stops_the_windows(monkeypatch, count_windows_of_one_then_three):
    monkeypatch.setattr(engine, "RESULT_LIMIT", 2)
    _articles_by_date("湿地", "湿地", "湿地", "其他")
    results = search("湿地")
    assert (_counts_run(results), results.count(), results.more_than_limit) == (2, 2, True)


def test_a_last_count_window_short_of_the_limit_counts_the_whole_archive(monkeypatch, count_windows_of_one_then_three):
    monkeypatch.setattr(engine, "RESULT_LIMIT", 2)
    _articles_by_date("湿地", "湿地", "其他", "其他", "湿地")
    results = search("湿地")
    assert (_counts_run(results), results.count(), results.more_than_limit) == (3, 2, True)


@pytest.fixture
def headline_window_of_two(monkeypatch):
    """Past the limit, look for headline matches among the two newest
    documents first, on either engine."""
    monkeypatch.setattr(backend_for("default"), "headline_window", 2)


@pytest.mark.parametrize("query", ["湿地", "湿地公园", "湿地 公园"], ids=["short", "long", "two-terms"])
def test_headline_matches_older_than_the_headline_window_still_rank_first(monkeypatch, headline_window_of_two, query):
    monkeypatch.setattr(engine, "RESULT_LIMIT", 2)
    old, newer, newest = (
        make_article(page=make_page(issue=make_issue(date=dt.date(2019, 7, n + 1))), headline=headline, body=body)
        for n, (headline, body) in enumerate([("湿地公园", ""), ("其他", "湿地公园"), ("其他", "湿地公园")])
    )

    assert search(query)[0:2] == [old.pk, newest.pk]
    assert search(query)[1:2] == [newest.pk]


def test_headline_matches_within_the_headline_window_fill_the_page(monkeypatch, headline_window_of_two):
    monkeypatch.setattr(engine, "RESULT_LIMIT", 2)
    old, newer, newest = _articles_by_date("湿地", "湿地", "湿地")

    assert search("湿地")[0:2] == [newest.pk, newer.pk]
    assert search("湿地")[1:2] == [newer.pk]


def test_below_the_limit_the_count_is_exact(monkeypatch):
    monkeypatch.setattr(engine, "RESULT_LIMIT", 3)
    for _ in range(3):
        make_article(headline="湿地")
    results = search("湿地")
    assert (results.count(), results.more_than_limit) == (3, False)


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.WITHDRAWN},
        {"status": Article.Status.PUBLISHED, "published_at": timezone.now() + dt.timedelta(hours=1)},
    ],
    ids=["draft", "review", "withdrawn", "scheduled"],
)
def test_never_finds_what_is_not_public(state):
    make_article(headline="湿地公园", **state)
    assert headlines("湿地") == []


def test_never_finds_an_article_without_a_page():
    article = make_article(headline="湿地公园")
    Article.objects.filter(pk=article.pk).update(page=None)
    assert headlines("湿地") == []


def test_a_scheduled_article_is_found_once_its_time_has_passed():
    article = make_article(headline="湿地公园", published_at=timezone.now() + dt.timedelta(hours=1))
    # Time passing changes no row and sends no signal: only the query notices.
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - dt.timedelta(seconds=1))
    assert headlines("湿地") == ["湿地公园"]


def test_the_caller_may_search_beyond_published_articles():
    draft = make_article(headline="湿地公园", status=Article.Status.DRAFT)
    assert search("湿地", queryset=Article.objects.all())[0:10] == [draft.pk]


def test_matching_narrows_any_queryset_without_ranking():
    draft = make_article(headline="湿地公园", status=Article.Status.DRAFT)
    make_article(headline="崇文学校", status=Article.Status.DRAFT)
    assert list(matching("湿地", Article.objects.all())) == [draft]


def test_an_edited_headline_is_found_by_its_new_words_only(story):
    edit_article(story, headline="十里湖湿地公园开园")
    assert headlines("湿地") == [story.headline]
    assert headlines("党工委") == []


def test_an_unpublished_article_is_no_longer_found(story):
    story.status = Article.Status.WITHDRAWN
    story.save()
    assert headlines("时间表") == []


def test_a_deleted_article_is_no_longer_found(story):
    add_byline(story, make_person("邓超"))
    make_photo(story, caption="湿地")
    story.delete()
    other = make_article(headline="另一篇", body="时间表和湿地和邓超")
    assert headlines("时间表") == headlines("湿地") == headlines("邓超") == [other.headline]


def test_a_removed_byline_is_no_longer_found(story):
    byline = add_byline(story, make_person("邓超"))
    records.delete_record(record=byline)
    processed()
    assert headlines("邓超") == []


def test_an_edited_caption_is_found_by_its_new_words(story):
    photo = make_photo(story, caption="红帆驿站")
    photo.caption = "爱心驿站"
    save_record(photo)
    assert headlines("爱心") == [story.headline]
    assert headlines("红帆") == []


def test_a_renamed_person_is_found_by_the_new_name(story):
    person = make_person("邓超")
    add_byline(story, person)
    person.name = "邓超然"
    save_record(person)
    assert headlines("超然") == [story.headline]


def test_filters_by_date_range():
    make_article(page=make_page(issue=make_issue(date=dt.date(2019, 7, 1))), headline="七月湿地")
    make_article(page=make_page(issue=make_issue(date=dt.date(2019, 8, 1))), headline="八月湿地")
    make_article(page=make_page(issue=make_issue(date=dt.date(2019, 9, 1))), headline="九月湿地")
    assert headlines("湿地", date_from=dt.date(2019, 7, 2), date_to=dt.date(2019, 9, 1)) == ["九月湿地", "八月湿地"]
    assert headlines("湿地", date_to=dt.date(2019, 7, 1)) == ["七月湿地"]


def test_filters_by_section():
    issue = make_issue()
    news = make_article(page=make_page(issue=issue, number=2, section="要闻"), headline="要闻湿地")
    make_article(page=make_page(issue=issue, number=3, section="新城"), headline="新城湿地")
    assert headlines("湿地", section=news.page.section) == ["要闻湿地"]


def test_an_article_moved_to_a_newer_issue_sorts_as_new():
    old = make_article(page=make_page(issue=make_issue(date=dt.date(2019, 7, 1))), headline="湿地甲")
    newer = make_article(page=make_page(issue=make_issue(date=dt.date(2019, 8, 1))), headline="湿地乙")
    old.page.issue.date = dt.date(2019, 9, 1)
    save_record(old.page.issue)
    assert ranked("湿地") == [old, newer]


def test_filters_by_person_as_author_or_photographer():
    person = make_person("孔茜")
    written = make_article(headline="湿地文字")
    add_byline(written, person)
    photographed = make_article(headline="湿地图片")
    make_photo(photographed, credit=person)
    make_article(headline="湿地别人")
    assert sorted(headlines("湿地", person=person)) == sorted(["湿地文字", "湿地图片"])
