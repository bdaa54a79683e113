"""ninjs in: documents become draft articles; an exported article imported
again is the same article; a bad file is named with where and why, and
nothing of it is written."""

import functools
import hashlib
import http.server
import json
import threading

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from hypothesis import given
from hypothesis import strategies as st
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, Person, Photo
from articles.services.photos import make_renditions
from newsroom.api.ninjs import body_html
from newsroom.api.ninjs_import import NinjsSource, body_from, import_document, import_ninjs
from tests.newsroom.api.interchange import import_archive, jpeg_bytes

pytestmark = pytest.mark.django_db


def facts(article: Article) -> dict:
    """What makes two articles the same article (not its id, status or place in the page's order)."""
    return {
        "kind": article.kind,
        "kicker": article.kicker,
        "headline": article.headline,
        "deck": article.deck,
        "body": article.body,
        "dateline": (article.dateline_place, article.dateline_date),
        "bylines": [(b.person.name, b.role, b.printed_role) for b in article.bylines.order_by("order")],
        "photos": [
            (p.caption, p.credit.name if p.credit else None, p.credit_role, p.alt_text, _digest(p))
            for p in article.photos.order_by("order")
        ],
        "tags": sorted(article.tags.names()),
        "section": article.page.section.name if article.page_id else None,
        "page": (article.page.issue.date, article.page.number) if article.page_id else None,
        "see_also": (article.see_also_page.issue.date, article.see_also_page.number) if article.see_also_page_id else None,
    }


def _digest(photo: Photo) -> str | None:
    if not photo.image:
        return None
    with photo.image.open("rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def export(client, article, version="3.1", **headers) -> bytes:
    response = client.get(f"/api/v1/articles/{article.pk}/ninjs?version={version}", **headers)
    assert response.status_code == 200
    return response.content


def doc(**fields) -> bytes:
    return json.dumps({"uri": "urn:newsml:wire.example:20240301:1", **fields}, ensure_ascii=False).encode()


@pytest.mark.parametrize("version", ["3.1", "2.2"])
def test_round_trip_every_article_of_the_seed_and_a_generated_archive(client, version):
    import_archive()
    originals = list(Article.objects.published())
    for original in originals:
        report = import_document(source=NinjsSource(name=f"{original.pk}.json", data=export(client, original, version)))
        assert report.ok, report.message
        copy = Article.objects.get(pk=report.article_id)
        assert copy.status == Article.Status.DRAFT
        assert facts(copy) == facts(original), original.headline


def test_round_trip_brings_the_photo_file_from_an_allowed_host(client, edition, settings, tmp_path):
    photo = edition.photo_story.photos.get()
    photo.alt_text = "驿站门口"
    photo.save()
    photo.image.save("red.jpg", ContentFile(jpeg_bytes()))
    make_renditions(photo=photo)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    # Photo files are private, served at /files/<name> (the story is public):
    # serve the private folder there, as the site would.
    (tmp_path / "files").symlink_to(storages["private"].location)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        host = f"127.0.0.1:{server.server_port}"
        settings.NEWSROOM_NINJS_IMAGE_HOSTS = [host]
        data = export(client, edition.photo_story, HTTP_HOST=host)
        report = import_document(source=NinjsSource(name="photo.json", data=data))
    finally:
        server.shutdown()
        server.server_close()
    assert report.ok, report.message
    copy = Article.objects.get(pk=report.article_id)
    assert facts(copy) == facts(edition.photo_story)
    assert copy.photos.get().renditions.exists()


def test_an_image_from_a_host_not_configured_is_refused_and_nothing_is_written(settings):
    settings.NEWSROOM_NINJS_IMAGE_HOSTS = ["images.example"]
    data = doc(
        headlines=[{"value": "标题"}],
        associations=[{"name": "p", "uri": "urn:x:1", "type": "picture", "renditions": [{"name": "original", "href": "http://10.0.0.1/a.jpg"}]}],
    )
    report = import_document(source=NinjsSource(name="wire.json", data=data))
    assert report.pointer == "/associations/0/renditions/0/href"
    assert "10.0.0.1 is not among the hosts" in report.error
    assert not Article.objects.exists() and not Photo.objects.exists()


def test_the_command_reads_photos_next_to_the_document(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "a.jpg").write_bytes(jpeg_bytes())
    (tmp_path / "story.json").write_bytes(
        doc(
            headlines=[{"value": "标题"}],
            associations=[{"name": "p", "uri": "urn:x:1", "type": "picture", "renditions": [{"name": "original", "href": "a.jpg"}]}],
        )
    )
    call_command("import_ninjs", str(tmp_path / "story.json"), verbosity=0)
    assert Photo.objects.get().image


def test_the_admin_upload_never_reads_local_files(tmp_path):
    (tmp_path / "a.jpg").write_bytes(jpeg_bytes())
    data = doc(
        headlines=[{"value": "标题"}],
        associations=[{"name": "p", "uri": "urn:x:1", "renditions": [{"name": "original", "href": f"file://{tmp_path}/a.jpg"}]}],
    )
    report = import_document(source=NinjsSource(name="upload.json", data=data))  # no local_dir: as the admin
    assert "local files are read only by the import_ninjs command" in report.error
    assert not Article.objects.exists()


def test_a_wire_story_becomes_an_unplaced_draft_with_people_tags_and_body():
    data = doc(
        headlines=[{"value": "Wire headline"}, {"role": "subheadline", "value": "副题"}],
        bodies=[{"contentType": "text/plain", "value": "第一段。\n第二段。"}],
        people=[{"name": "Jane Roe", "rel": "photographer"}, {"name": "张三"}],
        subjects=[{"name": "经济"}, {"name": "要闻", "rel": "section"}],
        located="北京",
    )
    report = import_document(source=NinjsSource(name="wire.json", data=data))
    article = Article.objects.get(pk=report.article_id)
    assert (article.headline, article.deck, article.body) == ("Wire headline", "副题", "第一段。\n\n第二段。")
    assert [(b.person.name, b.role) for b in article.bylines.all()] == [("Jane Roe", "摄影"), ("张三", "记者")]
    assert list(article.tags.names()) == ["经济"]
    assert article.page is None and article.dateline_place == "北京"
    assert report.notes == ["section «要闻» not set: the article is not placed on a page"]


def test_an_html_body_keeps_paragraphs_and_headings_and_drops_markup():
    html = "<p>一<b>段</b>&amp;</p><h3>小标题</h3><p>二段</p>"
    report = import_document(
        source=NinjsSource(name="w.json", data=doc(headlines=[{"value": "题"}], bodies=[{"contentType": "text/html", "value": html}]))
    )
    assert Article.objects.get(pk=report.article_id).body == "一段&\n\n## 小标题\n\n二段"


@pytest.mark.parametrize(
    ("data", "pointer", "reason"),
    [
        (b"\xff\xfe", "", "not UTF-8"),
        (b"{", "", "not JSON"),
        (b"[]", "", "a JSON object"),
        (doc(headlines=[{"role": "main"}]), "/headlines/0", "'value' is a required property"),
        (json.dumps({"headlines": [{"value": "x"}]}).encode(), "/", "'uri' is a required property"),
        (doc(headlines=[{"role": "kicker", "value": "引题"}]), "/headlines", "no headline"),
        (doc(headlines=[{"value": "长" * 201}]), "/headlines", "more than the 200"),
        (doc(title="题", contentCreated="yesterday"), "/contentCreated", "not an ISO 8601 date-time"),
    ],
)
def test_a_bad_document_is_named_with_pointer_and_reason_and_writes_nothing(data, pointer, reason):
    report = import_document(source=NinjsSource(name="bad.json", data=data))
    assert not report.ok
    assert (report.pointer, reason in report.error) == (pointer, True), report.message
    assert report.message.startswith(f"bad.json {pointer}".rstrip())
    assert not Article.objects.exists() and not Person.objects.exists()


def test_a_bad_image_rolls_back_the_whole_file(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "broken.jpg").write_bytes(b"not an image")
    data = doc(
        headlines=[{"value": "标题"}],
        people=[{"name": "新人", "rel": "记者"}],
        associations=[{"name": "p", "uri": "urn:x:1", "renditions": [{"name": "original", "href": "broken.jpg"}]}],
    )
    report = import_document(source=NinjsSource(name="x.json", data=data, local_dir=tmp_path))
    assert report.pointer == "/associations/0/renditions/0/href"
    assert "不是可识别的图片" in report.error
    assert not Article.objects.exists() and not Person.objects.filter(name="新人").exists()


def test_one_bad_file_does_not_stop_the_others():
    reports = import_ninjs(
        sources=[
            NinjsSource(name="good-1.json", data=doc(title="一")),
            NinjsSource(name="bad.json", data=b"{"),
            NinjsSource(name="good-2.json", data=doc(title="二")),
        ]
    )
    assert [r.ok for r in reports] == [True, False, True]
    assert sorted(Article.objects.values_list("headline", flat=True)) == ["一", "二"]


def test_the_command_reports_each_bad_file_and_exits_non_zero(tmp_path, capsys):
    (tmp_path / "good.json").write_bytes(doc(title="好"))
    (tmp_path / "bad.json").write_bytes(doc(headlines=[{}]))
    with pytest.raises(CommandError, match="1 of 2 file"):
        call_command("import_ninjs", str(tmp_path))
    captured = capsys.readouterr()
    assert f"{tmp_path / 'bad.json'} /headlines/0: not valid ninjs 3.1" in captured.err
    assert "1 of 2 file(s) imported as drafts, 1 failed" in captured.out
    assert Article.objects.get().headline == "好"


def test_round_trip_keeps_tags_and_the_dateline(client, edition):
    report = import_document(source=NinjsSource(name="lead.json", data=export(client, edition.lead)))
    copy = Article.objects.get(pk=report.article_id)
    assert facts(copy) == facts(edition.lead)
    assert facts(copy)["tags"] == ["党建", "高新区"]


paragraph = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).map(str.strip).filter(
    lambda p: p and not p.startswith("#")
)


@given(st.lists(st.tuples(st.booleans(), paragraph), min_size=1, max_size=6))
def test_any_body_comes_back_from_its_html_as_it_was(paragraphs):
    body = "\n\n".join(f"## {text}" if subhead else text for subhead, text in paragraphs)
    assert body_from({"bodies": [{"contentType": "text/html", "value": body_html(body)}]}) == body
