"""An article page: print hierarchy, body, photos, tags, neighbours, JSON-LD."""

import io
import json
import re

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from articles.models import Article, Correction, Role
from articles.services import photos
from tests.factories import add_byline, make_article, make_person

from .outline import outline

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "red").save(buffer, "PNG")
    return buffer.getvalue()


def jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_article_prints_kicker_headline_and_deck_in_order(client, edition):
    Article.objects.filter(pk=edition.lead.pk).update(kicker="党建引领")
    html = client.get(edition.lead.get_absolute_url()).content.decode()
    kicker = html.index('<p class="article__kicker">党建引领</p>')
    headline = html.index('<h1 class="article__headline">济宁高新区召开2019年第20次党工委（扩大）会议</h1>')
    deck = html.index('<p class="article__deck">确保全年任务高质量、快速度、按时完</p>')
    assert kicker < headline < deck


def test_article_has_the_headline_as_its_only_h1(client, edition):
    page = outline(client.get(edition.lead.get_absolute_url()).content)
    assert page.texts("h1") == ["济宁高新区召开2019年第20次党工委（扩大）会议"]


def test_dateline_and_byline_open_the_first_paragraph_in_bold(client, edition):
    html = client.get(edition.lead.get_absolute_url()).content.decode()
    date = edition.issue.date
    assert (
        f'<p><strong class="dateline">本报济宁{date.month}月{date.day}日讯（记者 邓超）</strong> 10日，济宁高新区召开党工委（扩大）会议。</p>'
        in html
    )


def test_dateline_names_every_contributor_with_the_printed_role(client, edition):
    add_byline(edition.lead, make_person("李娜"), role=Role.CORRESPONDENT, order=1)
    html = client.get(edition.lead.get_absolute_url()).content.decode()
    assert "讯（记者 邓超 通讯员 李娜）</strong>" in html


def test_subheading_paragraph_is_an_h2(client, edition):
    html = client.get(edition.lead.get_absolute_url()).content.decode()
    assert '<h2 class="subhead">全力以赴抓经济运行</h2>' in html


def test_numbers_keep_their_ascii_characters(client, edition):
    html = client.get(edition.lead.get_absolute_url()).content.decode()
    assert "<p>上半年增长58.2%，完成45.6亿元。</p>" in html


def test_stored_source_text_keeps_half_width_punctuation(client, edition):
    client.get(edition.lead.get_absolute_url())
    edition.lead.refresh_from_db()
    assert edition.lead.body.startswith("10日,济宁高新区召开党工委(扩大)会议。")


def test_bylines_link_to_the_person_page(client, edition):
    html = client.get(edition.lead.get_absolute_url()).content.decode()
    assert f'记者 <a href="{edition.reporter.get_absolute_url()}">邓超</a>' in html


def test_photo_story_without_its_image_shows_caption_and_credit_as_text(client, edition):
    html = client.get(edition.photo_story.get_absolute_url()).content.decode()
    assert "图片待上传" not in html
    assert "图为济宁高新区首家“红帆驿站”落户洸河街道。" in html
    assert f'本报记者 <a href="{edition.photographer.get_absolute_url()}">孔茜</a> 摄' in html


def test_photo_with_a_file_shows_the_image_with_alt_text(client, edition):
    photo = edition.photo_story.photos.get()
    photo.alt_text = "驿站门口的居民"
    photo.image.save("station.png", ContentFile(png_bytes()), save=True)
    html = client.get(edition.photo_story.get_absolute_url()).content.decode()
    assert f'<img src="{photo.image.url}" width="4" height="3" alt="驿站门口的居民"' in html
    assert "图片待上传" not in html


def test_photo_offers_its_renditions_by_format_and_width(client, edition, settings):
    settings.NEWSROOM_RENDITION_WIDTHS = [2, 4]
    photo = edition.photo_story.photos.get()
    photo.image.save("station.png", ContentFile(png_bytes()), save=True)
    photos.make_renditions(photo=photo)
    html = client.get(edition.photo_story.get_absolute_url()).content.decode()
    sources = dict(re.findall(r'<source type="image/(\w+)"[^>]* srcset="([^"]+)"', html))
    assert sources == {
        fmt: ", ".join(f"{r.file.url} {r.width}w" for r in photo.renditions.filter(format=fmt).order_by("width"))
        for fmt in ("png", "webp")
    }
    assert all(srcset.endswith(" 4w") and " 2w, " in srcset for srcset in sources.values())


def test_tags_link_to_tag_pages(client, edition):
    html = client.get(edition.lead.get_absolute_url()).content.decode()
    assert '<a rel="tag" href="/tags/%E5%85%9A%E5%BB%BA/">党建</a>' in html


def test_headline_navigation_lists_the_other_articles_of_the_page(client, edition):
    other = make_article(page=edition.pages[0], headline="同版另一篇")
    html = client.get(edition.lead.get_absolute_url()).content.decode()
    nav = html[html.index('id="headlinenav-title"') :]
    assert f'<a href="{other.get_absolute_url()}">同版另一篇</a>' in nav
    assert f'<a href="{edition.lead.get_absolute_url()}" aria-current="page">' in nav


def test_previous_and_next_article_follow_print_order_across_pages(client, edition):
    html = client.get(edition.photo_story.get_absolute_url()).content.decode()
    assert f'rel="prev" href="{edition.lead.get_absolute_url()}"' in html
    assert f'rel="next" href="{edition.inner.get_absolute_url()}"' in html


def test_draft_neighbour_is_skipped_in_previous_and_next(client, edition):
    Article.objects.filter(pk=edition.photo_story.pk).update(status=Article.Status.DRAFT)
    html = client.get(edition.lead.get_absolute_url()).content.decode()
    assert f'rel="next" href="{edition.inner.get_absolute_url()}"' in html


def test_corrections_are_shown_on_the_article(client, edition):
    Correction.objects.create(article=edition.lead, text="原文第二段数字有误,已更正。")
    html = client.get(edition.lead.get_absolute_url()).content.decode()
    assert 'id="corrections"' in html
    assert "原文第二段数字有误，已更正。" in html


@pytest.mark.parametrize("wrong", ["{date}/02/{pk}", "2019-01-01/01/{pk}"])
def test_article_under_the_wrong_issue_or_page_redirects_to_its_url(client, edition, wrong):
    url = "/issues/" + wrong.format(date=edition.issue.date.isoformat(), pk=edition.lead.pk) + "/"
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == edition.lead.get_absolute_url()


def test_unknown_article_answers_404(client, edition):
    assert client.get(f"/issues/{edition.issue.date.isoformat()}/01/999999/").status_code == 404


def test_article_not_on_a_page_answers_404_even_to_staff(staff_client, edition):
    unplaced = Article.objects.create(headline="未排版", status=Article.Status.DRAFT)
    response = staff_client.get(f"/issues/{edition.issue.date.isoformat()}/01/{unplaced.pk}/")
    assert response.status_code == 404


def test_jsonld_describes_the_news_article(client, edition):
    data = jsonld(client.get(edition.lead.get_absolute_url()).content.decode())
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "济宁高新区召开2019年第20次党工委（扩大）会议"
    assert data["datePublished"] == edition.lead.published_at.isoformat()
    assert data["author"] == [
        {"@type": "Person", "name": "邓超", "url": "http://testserver" + edition.reporter.get_absolute_url()}
    ]
    assert data["publisher"]["name"] == "济宁高新区报"
    assert "image" not in data


def test_jsonld_lists_the_image_when_a_photo_file_is_attached(client, edition):
    photo = edition.photo_story.photos.get()
    photo.image.save("station.png", ContentFile(png_bytes()), save=True)
    data = jsonld(client.get(edition.photo_story.get_absolute_url()).content.decode())
    assert data["image"] == ["http://testserver" + photo.image.url]
    assert data["author"][0]["name"] == "孔茜"


def test_article_head_has_open_graph_article_tags(client, edition):
    page = outline(client.get(edition.lead.get_absolute_url()).content)
    assert page.meta("og:type") == "article"
    assert page.meta("og:description") == "确保全年任务高质量、快速度、按时完"
    assert page.meta("og:url") == "http://testserver" + edition.lead.get_absolute_url()


def metas(html: str) -> dict:
    parsed = outline(html.encode())
    return {m.get("property") or m.get("itemprop"): m["content"] for m in parsed.metas if "content" in m}


def test_article_without_a_photo_is_shared_with_its_card(client, edition):
    from articles.services.share_cards import draw_share_card

    draw_share_card(article=edition.inner)
    edition.inner.refresh_from_db()
    meta = metas(client.get(edition.inner.get_absolute_url()).content.decode())
    assert meta["og:image"] == f"http://testserver{edition.inner.share_card.url}"
    assert meta["image"] == meta["og:image"]  # schema.org microdata, which WeChat reads
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image:alt"].startswith("十里湖生态湿地公园项目东部园区8月具备开园条件")
    assert meta["og:title"].startswith("十里湖生态湿地公园项目")
    assert meta["og:description"]


def test_article_with_a_photo_is_shared_with_its_largest_jpeg_or_png_rendition(client, edition, settings):
    settings.NEWSROOM_RENDITION_WIDTHS = [2, 4]
    photo = edition.photo_story.photos.get()
    photo.image.save("station.png", ContentFile(png_bytes()), save=True)
    photos.make_renditions(photo=photo)
    meta = metas(client.get(edition.photo_story.get_absolute_url()).content.decode())
    rendition = photo.renditions.get(format="png", width=4)
    assert meta["og:image"] == f"http://testserver{rendition.file.url}"
    assert meta["og:image:alt"] == "图为济宁高新区首家“红帆驿站”落户洸河街道。"


def test_article_links_to_its_section_and_ends_with_its_address_for_print(client, edition):
    html = client.get(edition.inner.get_absolute_url()).content.decode()
    assert f'<a class="article__section" href="{edition.pages[1].section.get_absolute_url()}">栏目：要闻</a>' in html
    assert f'<p class="print-url">本文网址：http://testserver{edition.inner.get_absolute_url()}</p>' in html
