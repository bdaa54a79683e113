"""Prepared display pieces (articles/display.py): made when an article
changes, through the change log, and used by the render; a stale or missing
piece is made afresh for the render, never shown stale."""

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from articles import display
from articles.models import Article
from articles.services import photos, workflow
from articles.text import to_fullwidth
from tests.factories import (
    add_byline,
    edit_article,
    make_article,
    make_person,
    make_photo,
    make_user,
    processed,
    save_record,
)

pytestmark = pytest.mark.django_db


def stored(article: Article) -> dict:
    return Article.objects.get(pk=article.pk).display


def loaded(article: Article) -> Article:
    """The article as a reader page loads it."""
    return Article.objects.with_relations(renditions=False, prepared=True).get(pk=article.pk)


def jpeg(size=(1000, 500)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#c33").save(buffer, format="JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue())


def test_a_new_article_is_prepared_with_full_width_text_and_html_paragraphs():
    article = make_article(headline="高新区(济宁)", body="第一段,好。\n\n## 小标题\n\n第二段。")
    pieces = stored(article)
    assert pieces["headline"] == "高新区（济宁）"
    assert pieces["body"] == '<p>第一段，好。</p>\n<h2 class="subhead">小标题</h2>\n<p>第二段。</p>'
    assert pieces["first_text"] == "第一段，好。"


def test_editing_the_body_updates_the_prepared_body_after_processing_changes():
    article = make_article(body="旧的一段。")
    edit_article(article, body="新的一段,有逗号。")
    assert stored(article)["body"] == "<p>新的一段，有逗号。</p>"


def test_changing_the_byline_updates_the_prepared_dateline():
    article = make_article(dateline_place="济宁")
    add_byline(article, make_person("王鹏"))
    workflow.set_bylines(article=article, bylines=[(make_person("邓超"), "记者")], user=make_user(superuser=True))
    processed()
    pieces = stored(article)
    assert pieces["dateline"] == "本报济宁讯(记者 邓超)"
    body = display.of(loaded(article)).body(pieces["dateline"])
    assert body.startswith('<p><strong class="dateline">本报济宁讯（记者 邓超）</strong> 第一段。</p>')


def test_renaming_a_person_updates_the_datelines_that_name_them():
    article = make_article(dateline_place="济宁")
    person = make_person("王鹏")
    add_byline(article, person)
    person.name = "王小鹏"
    save_record(person)
    assert stored(article)["byline"] == "记者 王小鹏"


def test_attaching_an_image_prepares_its_srcset_and_share_rendition():
    article = make_article()
    photo = make_photo(article)
    photos.attach_image(photo=photo, upload=jpeg())
    processed()
    pieces = stored(article)["photos"][str(photo.pk)]
    formats = dict(pieces["sources"])
    assert sorted(formats) == ["jpeg", "webp"]
    assert [width for _name, width in formats["webp"]] == sorted(r.width for r in photo.renditions.filter(format="webp"))
    assert pieces["share"][1] == max(r.width for r in photo.renditions.filter(format="jpeg"))


def test_editing_a_caption_updates_the_prepared_photo():
    article = make_article()
    photo = make_photo(article, caption="旧说明")
    old_key = stored(article)["keys"]["photos"]
    photo.caption = "新说明"
    save_record(photo)
    assert old_key != stored(article)["keys"]["photos"] == display.photos_key(loaded(article))


def test_a_render_uses_the_stored_pieces_when_they_are_current():
    article = make_article(body="正文。")
    pieces = stored(article)
    pieces["body"] = "<p>prepared</p>"
    Article.objects.filter(pk=article.pk).update(display=pieces)
    assert display.of(loaded(article)).body() == "<p>prepared</p>"


def test_a_stale_piece_is_made_afresh_for_the_render():
    article = make_article(body="旧的一段。")
    # A write that has not been processed yet: the stored body is stale.
    Article.objects.filter(pk=article.pk).update(body="新的一段,未处理。")
    assert display.of(loaded(article)).body() == "<p>新的一段，未处理。</p>"
    assert stored(article)["body"] == "<p>旧的一段。</p>"


def test_pieces_another_format_prepared_are_made_afresh(monkeypatch):
    """A server of the release before (or after) this one shares the rows:
    neither reads a piece of the other's shape as its own."""
    article = make_article(body="第一段。")
    monkeypatch.setattr(display, "FORMAT", display.FORMAT - 1)
    pieces = display.prepare(loaded(article)) | {"body": "<p>另一格式</p>"}
    monkeypatch.undo()
    Article.objects.filter(pk=article.pk).update(display=pieces)
    assert display.of(loaded(article)).body() == "<p>第一段。</p>"


def test_an_article_never_prepared_is_shown_all_the_same(client, edition):
    Article.objects.filter(pk=edition.lead.pk).update(body="未准备的正文,有逗号。", display={})
    html = client.get(edition.lead.get_absolute_url()).content.decode()
    assert "未准备的正文，有逗号。</p>" in html


def test_a_lead_other_than_the_prepared_dateline_is_set_as_given():
    article = make_article(dateline_place="济宁")
    shown = display.of(loaded(article))
    assert shown.body("本报讯") == '<p><strong class="dateline">本报讯</strong> 第一段。</p>\n<p>第二段。</p>'


def test_prepare_display_command_backfills_every_article(capsys):
    article = make_article(headline="标题(一)")
    Article.objects.update(display={})
    call_command("prepare_display")
    assert stored(article)["headline"] == "标题（一）"
    assert "Prepared 1 article(s)." in capsys.readouterr().out


def test_prepare_display_only_stale_leaves_current_articles_alone(capsys):
    make_article()
    call_command("prepare_display", "--only-stale")
    assert "Prepared 0 article(s)." in capsys.readouterr().out


def test_with_relations_reads_the_prepared_pieces_only_when_asked():
    make_article()
    assert "display" in Article.objects.with_relations().first().get_deferred_fields()
    assert "display" not in Article.objects.with_relations(prepared=True).first().get_deferred_fields()


def test_prepared_pieces_are_stored_as_utf8_not_escapes():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's jsonb keeps its own form whatever the encoder writes")
    article = make_article(headline="高新区")
    with connection.cursor() as cursor:
        cursor.execute("SELECT display FROM articles_article WHERE id = %s", [article.pk])
        (raw,) = cursor.fetchone()
    assert "高新区" in raw
    assert "\\u9ad8" not in raw


def test_prepare_display_rewrites_every_article_even_when_unchanged(capsys):
    make_article()
    call_command("prepare_display")
    assert "Prepared 1 article(s)." in capsys.readouterr().out


def test_prepared_pieces_hold_the_body_once():
    """A dateline's bold opening is set into the prepared body at render."""
    article = make_article(dateline_place="济宁")
    add_byline(article, make_person("邓超"))
    pieces = stored(article)
    assert [name for name, value in pieces.items() if "第二段" in str(value)] == ["body"]


PARAGRAPHS = st.sampled_from(["第一段,好。", "## 小标题", "（上接第1版）接上文。", "正文。（下转第2版）", "<p>标记</p>", "a\nb", "  "])


@given(body=st.lists(PARAGRAPHS, max_size=6).map("\n\n".join), lead=st.text(st.characters(exclude_characters="\n\r"), min_size=1))
def test_a_lead_opens_the_first_text_paragraph_and_changes_nothing_else(body, lead):
    plain, opened = display.body_html(body).split("\n"), display.body_html(body, lead).split("\n")
    strong = f'<strong class="dateline">{html.escape(to_fullwidth(lead))}</strong>'
    first = next((n for n, part in enumerate(plain) if part.startswith("<p>")), None)
    if first is None:
        assert opened == [f"<p>{strong}</p>", *(part for part in plain if part)]
    else:
        assert opened[first] == f"<p>{strong} " + plain[first].removeprefix("<p>")
        assert opened[:first] + opened[first + 1 :] == plain[:first] + plain[first + 1 :]
