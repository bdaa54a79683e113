"""NewsML-G2 out: an article as a newsMessage (text and picture newsItems),
an issue as a packageItem of its pages; valid against IPTC's 2.35 XSD."""

import pytest
from django.core.files.base import ContentFile
from lxml import etree

from articles.models import Article, Issue
from articles.services.photos import make_renditions
from newsroom.api import ninjs
from newsroom.api.newsml import NAR
from tests.factories import make_article, make_photo
from tests.newsroom.api.interchange import import_archive, jpeg_bytes, newsml_errors

pytestmark = pytest.mark.django_db
NS = {"g": NAR, "h": "http://www.w3.org/1999/xhtml"}


def get_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/vnd.iptc.g2.newsmessage+xml")
    return response.content


def test_every_article_and_issue_of_the_seed_and_a_generated_archive_is_valid_newsml(client):
    import_archive()
    articles, issues = list(Article.objects.published()), list(Issue.objects.published())
    assert len(articles) > 20 and len(issues) == 3  # the seed's issue and two generated ones
    for article in articles:
        assert newsml_errors(get_xml(client, f"/api/v1/articles/{article.pk}/newsml")) == [], article.headline
    for issue in issues:
        assert newsml_errors(get_xml(client, f"/api/v1/issues/{issue.date}/newsml")) == [], issue.date


def test_an_article_is_one_text_item_with_headlines_byline_and_body(client, edition):
    xml = etree.fromstring(get_xml(client, f"/api/v1/articles/{edition.lead.pk}/newsml"))
    [item] = xml.findall("g:itemSet/g:newsItem", NS)
    assert item.get("guid") == ninjs.article_uri(edition.lead)
    assert item.find("g:itemMeta/g:itemClass", NS).get("qcode") == "ninat:text"
    assert [h.text for h in item.findall("g:contentMeta/g:headline", NS)] == [edition.lead.headline, edition.lead.deck]
    assert item.find("g:contentMeta/g:creator/g:name", NS).text == "邓超"
    assert item.find("g:contentMeta/g:located/g:name", NS).text == "济宁"
    assert item.find("g:contentMeta/g:by", NS).text == "记者 邓超"
    body = item.find("g:contentSet/g:inlineXML/h:html/h:body", NS)
    assert [child.tag.split("}")[1] for child in body] == ["p", "h2", "p"]


def test_a_photo_story_adds_a_picture_item_per_photo_with_its_files(client, edition, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = edition.photo_story.photos.get()
    photo.image.save("red.jpg", ContentFile(jpeg_bytes()))
    make_renditions(photo=photo)
    content = get_xml(client, f"/api/v1/articles/{edition.photo_story.pk}/newsml")
    assert newsml_errors(content) == []
    text, picture = etree.fromstring(content).findall("g:itemSet/g:newsItem", NS)
    assert text.find("g:itemMeta/g:link", NS).get("residref") == picture.get("guid")
    assert picture.find("g:itemMeta/g:itemClass", NS).get("qcode") == "ninat:picture"
    assert picture.find("g:contentMeta/g:creditline", NS).text == "本报记者 孔茜 摄"
    assert picture.find("g:contentMeta/g:description", NS).text == photo.caption
    hrefs = [r.get("href") for r in picture.findall("g:contentSet/g:remoteContent", NS)]
    assert len(hrefs) == 1 + photo.renditions.count()


def test_an_issue_is_a_package_whose_groups_are_the_pages_in_print_order(client, edition):
    Article.objects.filter(pk=edition.inner.pk).update(status=Article.Status.DRAFT)
    xml = etree.fromstring(get_xml(client, f"/api/v1/issues/{edition.issue.date}/newsml"))
    package = xml.find("g:itemSet/g:packageItem", NS)
    groups = package.findall("g:groupSet/g:group", NS)
    root, pages = groups[0], groups[1:]
    assert [ref.get("idref") for ref in root.findall("g:groupRef", NS)] == ["G1", "G2", "G3", "G4"]
    assert [g.find("g:title", NS).text for g in pages] == ["01 头版", "02 要闻", "03 新城", "04 家园"]
    front_refs = [ref.get("residref") for ref in pages[0].findall("g:itemRef", NS)]
    assert front_refs == [ninjs.article_uri(edition.lead), ninjs.article_uri(edition.photo_story)]
    # The draft on 02 is not in the package.
    assert pages[1].findall("g:itemRef", NS) == []


def test_a_draft_and_an_unknown_issue_are_404(client, edition):
    Article.objects.filter(pk=edition.lead.pk).update(status=Article.Status.DRAFT)
    assert client.get(f"/api/v1/articles/{edition.lead.pk}/newsml").status_code == 404
    assert client.get("/api/v1/issues/2001-01-01/newsml").status_code == 404


def test_the_package_costs_the_same_queries_however_many_articles(client, edition, django_assert_num_queries):
    url = f"/api/v1/issues/{edition.issue.date}/newsml"
    with django_assert_num_queries(4):
        client.get(url)
    for n in range(6):
        make_article(page=edition.pages[3], headline=f"稿{n}", position=n + 1)
    with django_assert_num_queries(4):
        client.get(url)


def test_an_article_costs_the_same_queries_however_many_photos(client, edition, django_assert_num_queries):
    url = f"/api/v1/articles/{edition.photo_story.pk}/newsml"
    with django_assert_num_queries(5):
        client.get(url)
    for n in range(1, 4):
        make_photo(edition.photo_story, caption=f"图{n}", order=n)
    with django_assert_num_queries(5):
        client.get(url)
