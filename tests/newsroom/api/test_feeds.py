"""JSON Feed 1.1 beside the RSS and Atom feeds."""

import datetime as dt
import json

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from articles import display
from articles.models import Article, Photo
from articles.services.photos import make_renditions
from newsroom.api import queries
from newsroom.api.schemas import largest_photo_file
from tests.factories import add_byline, make_article, make_person, make_photo
from tests.newsroom.api.interchange import jpeg_bytes

pytestmark = pytest.mark.django_db


def _feed(client, url="/feeds/json/") -> dict:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    return json.loads(response.content)


def test_feed_is_json_feed_1_1_with_the_required_fields(client, edition):
    feed = _feed(client)

    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and feed["feed_url"] == "http://testserver/feeds/json/"
    assert feed["language"] == "zh-CN"
    for item in feed["items"]:
        assert item["id"] and item["url"].startswith("http://testserver/issues/")
        assert "content_html" in item


def test_feed_item_has_display_title_dateline_authors_and_tags(client, edition):
    item = next(i for i in _feed(client)["items"] if i["url"].endswith(f"/{edition.lead.pk}/"))

    assert item["title"] == "济宁高新区召开2019年第20次党工委（扩大）会议"
    assert "本报济宁" in item["content_html"] and "（记者 邓超）" in item["content_html"]
    assert item["authors"][0]["name"] == "邓超"
    assert set(item["tags"]) == {"头版", "党建", "高新区"}
    assert item["date_modified"] >= item["date_published"]


def test_feed_leaves_out_unpublished_articles(client, db):
    make_article(status=Article.Status.DRAFT, headline="草稿")
    make_article(published_at=timezone.now() + dt.timedelta(hours=1), headline="定时")

    assert _feed(client)["items"] == []


def test_photo_story_item_has_caption_and_credit(client, edition):
    item = next(i for i in _feed(client)["items"] if i["url"].endswith(f"/{edition.photo_story.pk}/"))

    assert "<figcaption>图为济宁高新区首家“红帆驿站”落户洸河街道。 本报记者 孔茜 摄</figcaption>" in item["content_html"]
    assert "image" not in item


@pytest.mark.parametrize("prepared", [True, False], ids=["prepared", "made at render"])
def test_an_items_image_is_its_photos_widest_rendition(client, edition, settings, tmp_path, prepared):
    settings.MEDIA_ROOT = tmp_path
    photo = edition.photo_story.photos.get()
    photo.image.save("red.jpg", ContentFile(jpeg_bytes()))
    make_renditions(photo=photo)
    if prepared:
        display.refresh([edition.photo_story.pk])
    widest = f"http://testserver{largest_photo_file(Photo.objects.get(pk=photo.pk)).url}"
    item = next(i for i in _feed(client)["items"] if i["url"].endswith(f"/{edition.photo_story.pk}/"))
    assert item["image"] == widest
    assert f'<img src="{widest}"' in item["content_html"]


def test_archive_text_is_escaped_in_content_html(client, db):
    make_article(body="<script>alert(1)</script>正文")

    [item] = _feed(client)["items"]

    assert "<script>" not in item["content_html"]
    assert "&lt;script&gt;" in item["content_html"]


def test_section_feed_has_only_that_section(client, edition):
    feed = _feed(client, "/sections/要闻/json/")

    assert [i["url"] for i in feed["items"]] == ["http://testserver" + edition.inner.get_absolute_url()]
    assert feed["title"].endswith("要闻")


def test_section_feed_of_an_empty_section_answers_404(client, db):
    assert client.get("/sections/无此栏目/json/").status_code == 404


def test_feed_answers_304_to_its_etag(client, edition):
    first = client.get("/feeds/json/")

    assert client.get("/feeds/json/", headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_pages_advertise_the_json_feed(client, edition):
    html = client.get("/").content.decode()

    assert '<link rel="alternate" type="application/feed+json"' in html
    assert 'href="/feeds/json/"' in html


def _feed_rows() -> list[Article]:
    return queries.feed_rows_of(queries.public_articles().values("pk"), "pk")


def test_feed_rows_give_each_article_its_bylines_in_order_without_a_query(django_assert_num_queries, db):
    first, second = make_article(), make_article()
    late, early = make_person("后署"), make_person("先署")
    add_byline(first, late, order=1)
    add_byline(first, early, order=0)
    add_byline(second, make_person("另一篇"))
    rows = _feed_rows()

    with django_assert_num_queries(0):
        names = [[byline.person.name for byline in article.byline_list] for article in rows]
    assert names == [["先署", "后署"], ["另一篇"]]


def test_feed_rows_give_each_article_its_photos_pointing_back_without_a_query(django_assert_num_queries, db):
    with_photos, without = make_article(), make_article()
    second = make_photo(with_photos, caption="乙", order=1)
    first = make_photo(with_photos, caption="甲", credit=make_person("摄影"), order=0)
    rows = _feed_rows()

    with django_assert_num_queries(0):
        loaded = [[(photo.pk, photo.article, photo.credit_line) for photo in article.photo_list] for article in rows]
    assert loaded == [[(first.pk, rows[0], first.credit_line), (second.pk, rows[0], "")], []]
    assert first.credit_line


def test_feed_rows_name_the_articles_page_without_loading_it(db):
    article = make_article()
    [row] = _feed_rows()

    assert (row.issue_date, row.page_number, row.section_name) == (
        article.page.issue.date, article.page.number, article.page.section.name
    )
    assert "page" not in row._state.fields_cache
