"""Chinese error pages, and robots.txt pointing at the sitemap."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_not_found_page_is_in_chinese_with_status_404(client, paper):
    response = client.get("/issues/1999-01-01/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>页面不存在</h1>" in html
    assert "济宁高新区报" in html


def test_server_error_page_is_in_chinese_and_needs_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "<h1>服务器出错了</h1>" in response.content.decode()


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines


def test_robots_txt_refuses_post(client):
    assert client.post("/robots.txt").status_code == 405


@pytest.mark.parametrize(
    "url",
    ["/sections/a%00b/", "/sections/a%00b/rss/", "/people/a%00b/", "/tags/a%00b/", "/sections/a%00b/json/"],
)
def test_a_slug_with_a_nul_byte_is_not_found(client, db, url):
    """PostgreSQL refuses NUL in text: such a slug must never reach a query."""
    assert client.get(url).status_code == 404
