"""Display filters: full-width punctuation, the article body, JSON-LD."""

import datetime as dt
import json

import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe

from articles.models import Article
from articles.templatetags.reader import excerpt, jsonld, printed_dateline, summary, to_fullwidth
from tests.factories import add_byline, make_article, make_person


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("10日,济宁高新区召开", "10日，济宁高新区召开"),
        ("党工委(扩大)会议", "党工委（扩大）会议"),
        ("本报济宁7月11日讯(记者 邓超)", "本报济宁7月11日讯（记者 邓超）"),
        ("融媒体新闻热线: 6557709", "融媒体新闻热线：6557709"),
        ("真的吗?是的!好;", "真的吗？是的！好；"),
        ("“保二争一”,总目标", "“保二争一”，总目标"),
    ],
)
def test_half_width_punctuation_next_to_chinese_becomes_full_width(source, shown):
    assert to_fullwidth(source) == shown


@pytest.mark.parametrize("text", ["45.6亿元", "58.2%", "1,000", "Hello, world (test): ok?", "(1)"])
def test_numbers_and_latin_text_keep_their_ascii_punctuation(text):
    assert to_fullwidth(text) == text


def test_fullwidth_filter_escapes_plain_text():
    rendered = Template("{% load reader %}{{ text|fullwidth }}").render(Context({"text": "<b>粗</b>,体"}))
    assert rendered == "&lt;b&gt;粗&lt;/b&gt;，体"


def test_fullwidth_filter_leaves_markup_and_entities_of_safe_html_alone():
    rendered = Template("{% load reader %}{{ text|fullwidth }}").render(
        Context({"text": mark_safe('<a href="x:y">中,文</a>&amp;中')})
    )
    assert rendered == '<a href="x:y">中，文</a>&amp;中'


def render_body(body: str, lead: str = "") -> str:
    template = Template("{% load reader %}{% article_body article lead %}")
    return template.render(Context({"article": Article(headline="h", body=body), "lead": lead}))


def test_body_paragraphs_become_p_elements():
    assert render_body("第一段。\n\n\n第二段。") == "<p>第一段。</p>\n<p>第二段。</p>"


def test_double_hash_paragraph_becomes_a_subheading():
    assert render_body("## 小标题\n\n正文。") == '<h2 class="subhead">小标题</h2>\n<p>正文。</p>'


def test_lead_opens_the_first_text_paragraph_in_bold():
    html = render_body("## 小标题\n\n10日,会议召开。", lead="本报讯(记者 邓超)")
    assert html.endswith('<p><strong class="dateline">本报讯（记者 邓超）</strong> 10日，会议召开。</p>')


def test_lead_of_an_empty_body_still_shows():
    assert render_body("", lead="本报讯") == '<p><strong class="dateline">本报讯</strong></p>'


def test_body_markup_is_escaped():
    assert render_body("<script>x</script>") == "<p>&lt;script&gt;x&lt;/script&gt;</p>"


@pytest.mark.django_db
def test_printed_dateline_rebuilds_place_date_and_bylines():
    article = make_article(dateline_place="济宁", dateline_date=dt.date(2019, 7, 11))
    add_byline(article, make_person("王鹏"))
    add_byline(article, make_person("李娜"), role="通讯员", order=1)
    assert printed_dateline(article) == "本报济宁7月11日讯(记者 王鹏 通讯员 李娜)"


@pytest.mark.django_db
def test_photo_story_has_no_dateline():
    assert printed_dateline(make_article(kind=Article.Kind.PHOTO, dateline_place="济宁")) == ""


@pytest.mark.django_db
def test_excerpt_cuts_the_first_paragraph_with_an_ellipsis():
    article = make_article(body="## 小标题\n\n" + "字" * 100)
    assert excerpt(article, 10) == "字" * 10 + "…"


def test_jsonld_escapes_what_could_close_the_script():
    text = jsonld({"headline": "</script><b>&"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"headline": "</script><b>&"}


def test_jsonld_fills_in_the_publisher_name():
    assert json.loads(jsonld({"publisher": {"@type": "X"}}, "济宁高新区报"))["publisher"]["name"] == "济宁高新区报"


@pytest.mark.django_db
def test_excerpt_of_a_photo_story_is_its_caption():
    article = make_article(kind=Article.Kind.PHOTO, body="")
    article.photos.create(caption="图为驿站,新貌。")
    assert excerpt(article) == "图为驿站，新貌。"


@pytest.mark.django_db
def test_summary_prefers_the_deck_to_the_body():
    article = make_article(deck="副题,在此", body="正文。")
    assert summary(article) == "副题，在此"
    assert excerpt(article) == "正文。"
