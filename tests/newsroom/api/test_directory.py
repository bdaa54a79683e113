"""Sections, people, tags, media channels and the publication (hotline)."""

import pytest

from articles.models import Article
from tests.factories import add_byline, make_article, make_person, make_section, set_publication

from .conftest import items

pytestmark = pytest.mark.django_db


def test_sections_are_those_with_public_work(client, edition):
    make_section("空栏目")

    data = client.get("/api/v1/sections").json()

    assert {s["name"] for s in data} == {"头版", "要闻"}
    assert data[0]["url"].startswith("http://testserver/sections/")


def test_section_without_public_work_answers_404(client, edition):
    make_section("空栏目")

    assert client.get("/api/v1/sections/要闻").status_code == 200
    assert client.get("/api/v1/sections/空栏目").status_code == 404


def test_people_are_authors_and_photographers_of_public_work(client, edition):
    add_byline(make_article(status=Article.Status.DRAFT), make_person("只写过草稿"))

    names = [p["name"] for p in items(client.get("/api/v1/people"))]

    assert sorted(names) == sorted(["邓超", "孔茜"])


def test_person_detail_and_404_for_unpublished_author(client, edition):
    add_byline(make_article(status=Article.Status.DRAFT), make_person("草稿作者"))

    assert client.get("/api/v1/people/邓超").json()["name"] == "邓超"
    assert client.get("/api/v1/people/草稿作者").status_code == 404


def test_tags_are_those_on_public_articles(client, edition):
    make_article(status=Article.Status.DRAFT).tags.add("未公开标签")

    names = [t["name"] for t in items(client.get("/api/v1/tags"))]

    assert sorted(names) == ["党建", "高新区"]
    assert client.get("/api/v1/tags/党建").json()["url"].endswith("/tags/%E5%85%9A%E5%BB%BA/")


def test_tag_only_on_unpublished_articles_answers_404(client, db):
    make_article(status=Article.Status.DRAFT).tags.add("未公开标签")

    assert client.get("/api/v1/tags/未公开标签").status_code == 404


@pytest.mark.parametrize(
    "url", ["/api/v1/sections/a%00b", "/api/v1/people/a%00b", "/api/v1/tags/a%00b", "/api/v1/articles?tag=a%00b"]
)
def test_a_slug_with_nul_is_refused_not_sent_to_the_database(client, edition, url):
    response = client.get(url)

    assert response.status_code == 422
    assert "NUL" in response.json()["detail"][0]["msg"]


def test_channels_are_the_active_ones_in_order(client, paper):
    from tests.factories import make_channel

    make_channel("停用的渠道", is_active=False)

    data = client.get("/api/v1/channels").json()

    assert [c["label"] for c in data] == ["济宁高新电视", "《蓼河先声》微信公众号"]
    assert data[1] == {
        "name": "蓼河先声",
        "label": "《蓼河先声》微信公众号",
        "kind": "wechat",
        "kind_display": "微信公众号",
        "handle": "",
        "call_to_action": "",
        "qr_image": None,
    }


def test_publication_has_the_hotline_and_channels(client, paper):
    set_publication(name="济宁高新区报")

    data = client.get("/api/v1/publication").json()

    assert data["hotline_label"] == "融媒体新闻热线" and data["hotline"] == "6557709"
    assert data["matrix_title"] == "欢迎关注济宁高新区融媒矩阵"
    assert len(data["channels"]) == 2
