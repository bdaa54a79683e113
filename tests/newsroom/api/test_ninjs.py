"""ninjs out: /api/v1/articles/<id>/ninjs (3.1, or 2.2 with ?version=2.2) and
/api/v1/articles/ninjs, valid against IPTC's official JSON Schemas."""

import pytest
from django.core.files.base import ContentFile

from articles.models import Article, Correction, Issue, Person, Publication, SourceFile
from articles.services.photos import make_renditions
from newsroom.api import ninjs
from tests.factories import make_article, make_page, make_photo
from tests.newsroom.api.interchange import import_archive, jpeg_bytes, ninjs_errors

pytestmark = pytest.mark.django_db


def get_ninjs(client, article, version=None):
    url = f"/api/v1/articles/{article.pk}/ninjs" + (f"?version={version}" if version else "")
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize("version", ["3.1", "2.2"])
def test_every_article_of_the_seed_and_a_generated_archive_is_valid_ninjs(client, version):
    import_archive()
    articles = list(Article.objects.published())
    assert len(articles) > 20
    for article in articles:
        doc = get_ninjs(client, article, version)
        assert ninjs_errors(doc, version) == [], article.headline
        assert doc["standard"]["version"] == version


def test_the_list_in_ninjs_pages_like_the_article_list_and_every_item_is_valid(client):
    import_archive()
    seen, url = [], "/api/v1/articles/ninjs?limit=7&version=2.2"
    while url:
        body = client.get(url).json()
        for doc in body["items"]:
            assert ninjs_errors(doc, "2.2") == []
        seen += [doc["uri"] for doc in body["items"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == Article.objects.published().count()


def test_the_list_keeps_the_article_lists_filters(client, edition):
    body = client.get("/api/v1/articles/ninjs?section=要闻").json()
    assert [doc["title"] for doc in body["items"]] == [edition.inner.headline]


def test_headlines_bodies_and_language_map_kicker_headline_deck_and_the_body(client, edition):
    Article.objects.filter(pk=edition.lead.pk).update(kicker="引题<&>")
    doc = get_ninjs(client, edition.lead)
    assert doc["language"] == "zh-Hans"
    assert doc["headlines"] == [
        {"role": "kicker", "value": "引题<&>"},
        {"role": "main", "value": edition.lead.headline},
        {"role": "subheadline", "value": edition.lead.deck},
    ]
    html, text = doc["bodies"]
    assert html["contentType"] == "text/html"
    assert html["value"].startswith("<p>10日,济宁高新区召开党工委(扩大)会议。</p>\n<h2>全力以赴抓经济运行</h2>")
    assert text["value"].split("\n\n")[1] == "全力以赴抓经济运行"


def test_people_dateline_subjects_and_print_placement(client, edition):
    doc = get_ninjs(client, edition.lead)
    assert doc["people"][0] | {"uri": ""} == {"name": "邓超", "rel": "记者", "uri": ""}
    assert doc["by"] == "记者 邓超"
    assert doc["located"] == "济宁"
    assert doc["contentCreated"] == f"{edition.issue.date}T00:00:00+08:00"
    assert [(s["rel"], s["name"]) for s in doc["subjects"]] == [("section", "头版"), ("tag", "党建"), ("tag", "高新区")]
    alt = {a["role"]: a["value"] for a in doc["altIds"]}
    assert (alt["print:issue"], alt["print:page"], alt["print:position"]) == (edition.issue.date.isoformat(), "01", "0")


def test_photos_are_picture_associations_with_caption_credit_and_renditions(client, edition, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = edition.photo_story.photos.get()
    photo.image.save("red.jpg", ContentFile(jpeg_bytes()))
    make_renditions(photo=photo)
    doc = get_ninjs(client, edition.photo_story)
    assert doc["profile"] == "photo"
    [picture] = doc["associations"]
    assert picture["type"] == "picture"
    assert picture["descriptions"] == [{"role": "caption", "value": photo.caption}]
    assert picture["by"] == "本报记者 孔茜 摄"
    assert picture["people"][0]["name"] == "孔茜"
    names = [r["name"] for r in picture["renditions"]]
    assert names[0] == "original" and "480w-webp" in names
    # Photo files are served through the policy (articles:photo_file), here to anyone: the story is public.
    assert all(r["href"].startswith("http://testserver/files/") for r in picture["renditions"])
    assert all(client.get(r["href"]).status_code == 200 for r in picture["renditions"])
    assert ninjs_errors(doc, "3.1") == []
    assert {a["role"]: a["value"] for a in doc["altIds"]}["print:see-also-page"] == f"{edition.issue.date}/03"


def test_corrections_are_dated_descriptions(client, edition):
    Correction.objects.create(article=edition.lead, text="更正：58.2%应为58.3%。")
    doc = get_ninjs(client, edition.lead)
    assert doc["descriptions"] == [
        {"role": "correction", "contentType": "text/plain", "value": f"{Correction.objects.get().date} 更正：58.2%应为58.3%。"}
    ]


def test_copyright_names_the_publication(client, edition):
    Publication.objects.filter(pk=1).update(name="某某日报")
    assert get_ninjs(client, edition.lead)["copyrightHolder"] == "某某日报"


def test_an_imported_articles_uri_is_its_issue_page_and_import_key(settings):
    settings.NEWSROOM_PROVIDER_ID = "paper.example"
    import_archive()
    article = Article.objects.get(page__issue__date="2020-03-02", page__number=2, import_key="story-1")
    assert ninjs.article_uri(article) == "urn:newsml:paper.example:20200302:p02-story-1"


def test_the_uri_is_the_same_after_the_archive_is_imported_again_into_an_empty_database():
    import_archive()
    before = sorted(ninjs.article_uri(a) for a in Article.objects.select_related("page__issue"))
    Article.objects.all().delete()
    Issue.objects.all().delete()
    SourceFile.objects.all().delete()
    Person.objects.all().delete()
    import_archive()
    assert sorted(ninjs.article_uri(a) for a in Article.objects.select_related("page__issue")) == before


def test_an_article_made_in_the_admin_is_known_by_its_creation_date_and_id(db):
    article = make_article(page=make_page(), headline="新稿")
    assert ninjs.article_uri(article).endswith(f":a{article.pk}")


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.WITHDRAWN])
def test_what_readers_may_not_see_is_404(client, edition, status):
    Article.objects.filter(pk=edition.lead.pk).update(status=status)
    assert client.get(f"/api/v1/articles/{edition.lead.pk}/ninjs").status_code == 404


def test_an_unknown_version_is_a_422_naming_the_parameter(client, edition):
    response = client.get(f"/api/v1/articles/{edition.lead.pk}/ninjs?version=1.0")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "version"]


def test_a_page_of_the_ninjs_list_costs_the_same_queries_for_more_articles(client, edition, django_assert_num_queries):
    with django_assert_num_queries(5):
        client.get("/api/v1/articles/ninjs")
    for n in range(5):
        make_photo(make_article(page=edition.pages[3], headline=f"稿{n}", position=n + 1), caption="图")
    with django_assert_num_queries(5):
        client.get("/api/v1/articles/ninjs")
