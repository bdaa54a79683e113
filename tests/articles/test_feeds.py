"""RSS and Atom feeds of the latest public articles, and per section."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_edition, set_publication

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def edition(db):
    set_publication(name="济宁高新区报")
    return make_edition()


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content).find("channel").findall("item")


def test_rss_lists_public_articles_with_their_urls(client, edition):
    links = {item.findtext("link") for item in rss_items(client, "/feeds/rss/")}
    expected = {f"http://testserver{a.get_absolute_url()}" for a in (edition.lead, edition.photo_story, edition.inner)}
    assert links == expected


def test_rss_is_newest_first_by_publication_time(client, edition):
    newest = make_article(page=edition.pages[1], published_at=timezone.now() - dt.timedelta(minutes=1))
    assert rss_items(client, "/feeds/rss/")[0].findtext("link").endswith(newest.get_absolute_url())


def test_rss_item_carries_fullwidth_title_summary_author_and_categories(client, edition):
    item = next(
        i for i in rss_items(client, "/feeds/rss/") if i.findtext("link").endswith(edition.lead.get_absolute_url())
    )
    assert item.findtext("title") == "济宁高新区召开2019年第20次党工委（扩大）会议"
    assert item.findtext("description") == "确保全年任务高质量、快速度、按时完"
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "邓超"
    assert [c.text for c in item.findall("category")] == ["头版", "党建", "高新区"]


def test_an_rss_guid_is_the_items_absolute_address(client, edition):
    items = rss_items(client, "/feeds/rss/")
    assert [item.findtext("guid") for item in items] == [item.findtext("link") for item in items]
    assert all(item.findtext("guid").startswith("http://testserver/issues/") for item in items)


def test_an_atom_entry_id_is_the_entrys_absolute_address(client, edition):
    entries = ET.fromstring(client.get("/feeds/atom/").content).findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [e.find(f"{ATOM}link").get("href") for e in entries]
    assert all(e.findtext(f"{ATOM}id").startswith("http://testserver/issues/") for e in entries)


def test_rss_channel_is_named_after_the_paper_in_chinese(client, edition):
    channel = ET.fromstring(client.get("/feeds/rss/").content).find("channel")
    assert channel.findtext("title") == "济宁高新区报 · 最新稿件"
    assert channel.findtext("language") == "zh-cn"


def test_rss_holds_at_most_thirty_items(client, edition):
    for _ in range(31):
        make_article(page=edition.pages[1])
    assert len(rss_items(client, "/feeds/rss/")) == 30


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.WITHDRAWN])
def test_feeds_leave_out_unpublished_articles(client, edition, status):
    Article.objects.filter(pk=edition.inner.pk).update(status=status)
    links = [item.findtext("link") for item in rss_items(client, "/feeds/rss/")]
    assert not any(link.endswith(edition.inner.get_absolute_url()) for link in links)


def test_atom_feed_lists_the_same_articles(client, edition):
    response = client.get("/feeds/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(response.content).findall(f"{ATOM}entry")
    assert len(entries) == 3
    assert entries[0].find(f"{ATOM}updated") is not None


def test_section_feed_lists_only_that_section(client, edition):
    links = [item.findtext("link") for item in rss_items(client, "/sections/要闻/rss/")]
    assert links == [f"http://testserver{edition.inner.get_absolute_url()}"]


def test_section_atom_feed_is_named_after_the_section(client, edition):
    root = ET.fromstring(client.get("/sections/要闻/atom/").content)
    assert root.findtext(f"{ATOM}title") == "济宁高新区报 · 要闻"


def test_feed_of_an_unknown_section_answers_404(client, edition):
    assert client.get("/sections/没有/rss/").status_code == 404


def test_a_photo_story_is_described_by_its_first_caption(client, edition):
    item = next(
        item for item in rss_items(client, "/feeds/rss/") if item.findtext("link").endswith(edition.photo_story.get_absolute_url())
    )
    assert item.findtext("description") == "图为济宁高新区首家“红帆驿站”落户洸河街道。"


def test_an_atom_feed_is_authored_by_the_paper_and_an_entry_without_bylines_names_no_one(client, edition):
    unsigned = make_article(page=edition.pages[1], headline="无署名稿件")
    feed = ET.fromstring(client.get("/feeds/atom/").content)
    assert feed.find(f"{ATOM}author").findtext(f"{ATOM}name") == "济宁高新区报"
    entry = next(e for e in feed.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == "无署名稿件")
    assert unsigned.bylines.count() == 0
    assert entry.find(f"{ATOM}author") is None


def test_an_atom_entry_with_bylines_names_its_authors(client, edition):
    entries = ET.fromstring(client.get("/feeds/atom/").content).findall(f"{ATOM}entry")
    lead = next(e for e in entries if e.find(f"{ATOM}link").get("href").endswith(edition.lead.get_absolute_url()))
    assert lead.find(f"{ATOM}author").findtext(f"{ATOM}name") == "邓超"
