"""The WeChat fragment: inline styles only, absolute images, escaped text."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, MediaChannel, Publication
from articles.services import photos
from newsroom.api.wechat import render_fragment
from tests.factories import add_byline, jpeg_upload, make_article, make_person, make_photo

pytestmark = pytest.mark.django_db

BASE = "https://paper.example.com/"


def _fragment(article) -> str:
    return str(
        render_fragment(
            article,
            publication=Publication.load(),
            channels=list(MediaChannel.objects.filter(is_active=True)),
            base_url=BASE,
        )
    )


def test_fragment_has_no_style_script_class_or_stylesheet(edition):
    html = _fragment(edition.lead)

    assert "<style" not in html
    assert "<script" not in html
    assert "class=" not in html
    assert "<link" not in html and "stylesheet" not in html


def test_every_element_is_styled_inline(edition):
    html = _fragment(edition.lead)

    tags = re.findall(r"<(section|h1|h2|p)\b([^>]*)>", html)
    assert tags and all('style="' in attrs for _name, attrs in tags)


def test_dateline_and_byline_as_printed_open_the_first_paragraph(edition):
    html = _fragment(edition.lead)
    d = edition.issue.date

    assert f"本报济宁{d.month}月{d.day}日讯（记者 邓超）</strong> 10日，济宁高新区" in html


def test_headline_deck_and_source_line(edition):
    html = _fragment(edition.lead)

    assert "济宁高新区召开2019年第20次党工委（扩大）会议</h1>" in html
    assert "确保全年任务高质量、快速度、按时完</p>" in html
    assert f"刊于《济宁高新区报》{edition.issue.date_line} 第01版（头版）" in html


def test_channel_footer_has_matrix_channels_and_hotline(edition):
    html = _fragment(edition.lead)

    assert "欢迎关注济宁高新区融媒矩阵" in html
    assert "济宁高新电视 欢迎关注</p>" in html
    assert "《蓼河先声》微信公众号" in html
    assert "融媒体新闻热线：6557709" in html


def test_images_are_referenced_by_absolute_url(db, paper):
    article = make_article()
    gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    make_photo(article, image=SimpleUploadedFile("scan.gif", gif, content_type="image/gif"))

    html = _fragment(article)

    [src] = re.findall(r'<img src="([^"]+)"', html)
    assert src.startswith("https://paper.example.com/files/photos/")


def test_a_drafts_images_are_signed_addresses_that_wechat_may_fetch(client, db, paper, settings):
    """WeChat fetches the pasted images itself, anonymously, before the article is public."""
    settings.NEWSROOM_RENDITION_WIDTHS = (30,)
    article = make_article(status=Article.Status.DRAFT)
    photos.attach_image(photo=make_photo(article), upload=jpeg_upload())

    [src] = re.findall(r'<img src="([^"]+)"', _fragment(article))

    assert "?token=" in src
    assert client.get(src).status_code == 200
    assert client.get(src.split("?")[0]).status_code == 404


def test_photo_caption_and_credit_as_printed(edition):
    html = _fragment(edition.photo_story)

    assert "图为济宁高新区首家“红帆驿站”落户洸河街道。 本报记者 孔茜 摄" in html


def test_archive_text_is_escaped(db, paper):
    article = make_article(
        headline="<script>alert(1)</script>标题",
        body='正文<script>alert("x")</script>\n\n## <b>小标题</b>',
    )
    add_byline(article, make_person("<img src=x onerror=alert(1)>"))

    html = _fragment(article)

    assert "<script" not in html and "<b>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;标题" in html
    assert "&lt;b&gt;小标题&lt;/b&gt;" in html


def test_article_without_page_has_no_source_line(db, paper):
    from articles.models import Article

    article = Article.objects.create(headline="未排版稿件", body="正文。")

    html = _fragment(article)

    assert "刊于" not in html and "未排版稿件</h1>" in html
