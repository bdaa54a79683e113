"""/search/: results, count, snippets, filters, pages and friendly refusals."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Person
from newsroom.search.text import MAX_QUERY_LENGTH
from tests.factories import add_byline, make_article, make_issue, make_page, make_person, make_photo, set_publication

pytestmark = pytest.mark.django_db

URL = "/search/"


def get(client, **params):
    return client.get(URL, params)


def test_the_url_is_search():
    assert reverse("search:search") == URL


def test_shows_headline_date_page_and_a_marked_snippet(client):
    page = make_page(issue=make_issue(date=dt.date(2019, 7, 11)), number=2, section="要闻")
    article = make_article(page=page, headline="十里湖公园", body="东部园区8月具备开园条件,湿地公园项目进展顺利。")
    response = get(client, q="湿地")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{article.get_absolute_url()}"' in html
    assert "2019年7月11日 星期四" in html
    assert f'<a href="{page.get_absolute_url()}">第02版</a> <a href="{page.section.get_absolute_url()}">要闻</a>' in html
    assert "<mark>湿地</mark>公园项目" in html


def test_marks_the_match_in_the_headline(client):
    make_article(headline="湿地公园开园")
    assert "<mark>湿地</mark>公园开园" in get(client, q="湿地").content.decode()


def test_shows_the_result_count(client):
    for _ in range(3):
        make_article(headline="湿地")
    assert "共找到 <strong>3</strong> 篇稿件" in get(client, q="湿地").content.decode()


def test_escapes_article_text_in_snippets(client):
    make_article(headline="标题", body="<script>alert(1)</script>湿地")
    html = get(client, q="湿地").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>湿地</mark>" in html


def test_escapes_the_query_echoed_back(client):
    html = get(client, q="<i>湿地</i>").content.decode()
    assert "<i>湿地</i>" not in html
    assert "&lt;i&gt;湿地&lt;/i&gt;" in html


def test_never_lists_drafts_even_to_staff(client, admin_user):
    make_article(headline="湿地草稿", status=Article.Status.DRAFT)
    client.force_login(admin_user)
    assert "湿地草稿" not in get(client, q="湿地").content.decode()


def test_no_match_says_so_and_suggests_what_to_try(client):
    make_article(headline="崇文学校")
    html = get(client, q="湿地").content.decode()
    assert "共找到 <strong>0</strong> 篇稿件" in html
    assert "没有找到包含“湿地”的稿件" in html


def test_without_a_query_shows_the_form_and_how_to_search(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "怎样搜索" in response.content.decode()


def test_an_empty_query_is_a_friendly_page_not_an_error(client):
    response = get(client, q="   ")
    assert response.status_code == 200
    assert "请输入要搜索的词语。" in response.content.decode()


def test_an_over_long_query_is_a_friendly_page_saying_what_to_do(client):
    response = get(client, q="湿" * (MAX_QUERY_LENGTH + 1))
    assert response.status_code == 200
    assert f"请精简到 {MAX_QUERY_LENGTH} 个字符以内" in response.content.decode()


def test_a_bad_date_is_reported_on_its_field(client):
    response = get(client, q="湿地", date_from="2019-13-40")
    form = response.context["form"]
    assert response.status_code == 200
    assert list(form.errors) == ["date_from"]
    assert form.errors["date_from"][0] in response.content.decode()


def test_an_end_date_before_the_start_date_is_reported(client):
    response = get(client, q="湿地", date_from="2019-08-01", date_to="2019-07-01")
    assert "截止日期早于起始日期。" in response.content.decode()


def test_an_unknown_section_is_reported_on_its_field(client):
    make_article(headline="湿地")
    response = get(client, q="湿地", section="no-such-section")
    assert list(response.context["form"].errors) == ["section"]


def test_filters_by_section_date_and_person(client):
    person = make_person("孔茜")
    issue = make_issue(date=dt.date(2019, 7, 11))
    wanted = make_article(page=make_page(issue=issue, number=3, section="新城"), headline="新城湿地")
    add_byline(wanted, person)
    make_article(page=make_page(issue=issue, number=2, section="要闻"), headline="要闻湿地")
    response = get(
        client, q="湿地", section=wanted.page.section.slug, person=person.name, date_from="2019-07-11", date_to="2019-07-11"
    )
    assert [a.headline for a in response.context["results"]] == ["新城湿地"]


def test_an_unknown_person_is_reported_by_name(client):
    make_article(headline="湿地")
    response = get(client, q="湿地", person="无名氏")
    assert list(response.context["form"].errors) == ["person"]
    assert "没有名为“无名氏”的作者或摄影者。" in response.content.decode()


def test_a_person_filter_covers_namesakes(client):
    first = make_article(headline="湿地一")
    add_byline(first, Person.objects.create(name="王鹏", slug="wang-peng"))
    second = make_article(headline="湿地二")
    make_photo(second, credit=Person.objects.create(name="王鹏", slug="wang-peng-2"))
    make_article(headline="湿地三")
    response = get(client, q="湿地", person="王鹏")
    assert sorted(a.headline for a in response.context["results"]) == ["湿地一", "湿地二"]


def test_pages_keep_the_query_and_filters(client):
    for _ in range(21):
        make_article(headline="湿地")
    first = get(client, q="湿地", date_from="2019-01-01")
    assert len(first.context["results"]) == 20
    assert 'href="?q=%E6%B9%BF%E5%9C%B0&amp;date_from=2019-01-01&amp;page=2"' in first.content.decode()
    second = get(client, q="湿地", date_from="2019-01-01", page=2)
    assert len(second.context["results"]) == 1


@pytest.mark.parametrize("page", ["99", "abc"])
def test_a_page_past_the_end_or_not_a_number_is_not_an_error(client, page):
    for _ in range(21):
        make_article(headline="湿地")
    response = get(client, q="湿地", page=page)
    assert response.status_code == 200
    assert response.context["results"]


def _results_page_with(count, *, body="湿地公园"):
    set_publication()
    person = make_person()
    for n in range(count):
        # Both kinds, so both parts of the ranking are read.
        article = make_article(headline="湿地" if n % 2 else "公园", body=body)
        add_byline(article, person)
        make_photo(article, caption="湿地", credit=make_person())


# Three search statements (count, headline ids, other ids), each one
# message to the server, its windows and planner options included
# (newsroom.search.backends); SQLite first counts among its 5,000 newest
# documents, which finds none in an archive smaller than that. Five for the
# rest of the page.
RESULTS_PAGE_QUERIES = 5 + (3 if connection.vendor == "postgresql" else 4)


def test_results_page_queries_are_fixed(client, django_assert_num_queries):
    _results_page_with(2)
    # count the matches, the page's ids from the headline matches and then
    # the rest, its articles, the sections for the filter, the masthead's
    # sections and the footer's publication and channels.
    with django_assert_num_queries(RESULTS_PAGE_QUERIES):
        get(client, q="湿地")


def test_results_page_queries_do_not_grow_with_results(client, django_assert_num_queries):
    _results_page_with(12)
    with django_assert_num_queries(RESULTS_PAGE_QUERIES):
        get(client, q="湿地")


def test_results_page_reads_bylines_and_photos_once_for_the_bodies_without_a_match(client, django_assert_num_queries):
    _results_page_with(12, body="公园")
    # One query for both, in the results' rows (articles.inline).
    with django_assert_num_queries(RESULTS_PAGE_QUERIES + 1):
        get(client, q="湿地")


def test_snippet_comes_from_a_caption_when_the_body_has_no_match(client):
    make_photo(make_article(headline="湿地", body="公园开园"), caption="十里湖湿地")
    assert "十里湖<mark>湿地</mark>" in get(client, q="湿地").content.decode()


def test_masthead_search_form_points_at_the_search_page(client, edition):
    html = client.get("/").content.decode()
    assert '<form class="search" role="search" aria-label="全站搜索" action="/search/" method="get">' in html
    assert 'name="q"' in html


@pytest.mark.parametrize("typed", ["2019-07-11", "2019年7月11日", "2019.7.11", "2019/07/11"])
def test_dates_are_understood_as_the_site_writes_them(client, typed):
    response = get(client, q="湿地", date_from=typed)
    form = response.context["form"]
    assert form.is_valid()
    assert form.cleaned_data["date_from"] == dt.date(2019, 7, 11)
    assert f'value="{typed}"' in response.content.decode()  # kept as the reader typed it


def test_a_date_in_another_order_is_refused_with_the_format_to_use(client):
    response = get(client, q="湿地", date_to="07/11/2019")
    assert response.context["form"].errors["date_to"] == ["请按“年-月-日”填写日期，如 2019-07-11。"]


def test_search_page_has_a_meta_description_and_names_its_search_form(client):
    html = get(client, q="湿地").content.decode()
    assert '<meta name="description" content="“湿地”的搜索结果。按字词查找' in html
    assert 'role="search" aria-label="搜索条件"' in html
    assert 'role="search" aria-label="全站搜索"' in html


def test_filters_in_use_are_stated_with_dates_as_the_site_writes_them(client):
    html = get(client, q="湿地", date_from="2019-07-01").content.decode()
    assert '筛选：<span>出版日期 <time datetime="2019-07-01">2019年7月1日</time>至今天</span>' in html


def test_a_second_search_reuses_the_sections_it_offers(client, settings):
    from articles import reuse

    settings.NEWSROOM_REUSE_READS = True
    reuse.forget()
    make_article(page=make_page(section="要闻"), headline="湿地")
    get(client, q="湿地")
    with CaptureQueriesContext(connection) as queries:
        html = get(client, q="公园").content.decode()
    reuse.forget()
    assert '<option value="要闻">要闻</option>' in html
    assert not any('FROM "articles_section"' in q["sql"] and "EXISTS" in q["sql"] for q in queries.captured_queries)
