"""/sitemap-news.xml: Google News, the articles published in the last two days."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from articles.models import Article, Publication
from tests.factories import make_edition

pytestmark = pytest.mark.django_db
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture
def edition(db):
    """An edition published an hour ago: everything in the window."""
    edition = make_edition()
    Article.objects.update(published_at=timezone.now() - dt.timedelta(hours=1))
    return edition


def entries(client) -> dict[str, ET.Element]:
    response = client.get("/sitemap-news.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {url.find(f"{SM}loc").text: url.find(f"{NEWS}news") for url in root.iter(f"{SM}url")}


def test_lists_every_article_published_in_the_last_two_days(client, edition):
    assert set(entries(client)) == {
        f"http://testserver{article.get_absolute_url()}" for article in (edition.lead, edition.photo_story, edition.inner)
    }


def test_each_entry_names_the_publication_language_time_and_title(client, edition):
    Publication.objects.filter(pk=1).update(name="济宁高新区报")
    now = timezone.now().replace(microsecond=0)
    Article.objects.filter(pk=edition.lead.pk).update(published_at=now - dt.timedelta(hours=3))
    news = entries(client)[f"http://testserver{edition.lead.get_absolute_url()}"]
    assert news.find(f"{NEWS}publication/{NEWS}name").text == "济宁高新区报"
    assert news.find(f"{NEWS}publication/{NEWS}language").text == "zh-cn"
    published = dt.datetime.fromisoformat(news.find(f"{NEWS}publication_date").text)
    assert published.utcoffset() == dt.timedelta(hours=8)  # the paper's time zone
    assert published == now - dt.timedelta(hours=3)
    # As readers see it: full-width parentheses between Chinese characters.
    assert news.find(f"{NEWS}title").text == "济宁高新区召开2019年第20次党工委（扩大）会议"


def test_articles_older_than_two_days_are_left_out(client, edition):
    old = timezone.now() - dt.timedelta(days=2, minutes=1)
    Article.objects.filter(pk=edition.inner.pk).update(published_at=old)
    assert f"http://testserver{edition.inner.get_absolute_url()}" not in entries(client)
    assert len(entries(client)) == 2


@pytest.mark.parametrize(
    "change",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.WITHDRAWN},
        {"published_at": timezone.now() + dt.timedelta(hours=1)},  # scheduled, not yet public
    ],
)
def test_never_lists_what_readers_may_not_see(client, edition, change):
    Article.objects.filter(pk=edition.inner.pk).update(**change)
    assert f"http://testserver{edition.inner.get_absolute_url()}" not in entries(client)


def test_costs_the_same_queries_however_many_articles(client, edition, paper, django_assert_num_queries):
    with django_assert_num_queries(3):
        client.get("/sitemap-news.xml")
    make_edition(date=dt.date(2019, 8, 1))
    Article.objects.update(published_at=timezone.now() - dt.timedelta(hours=1))
    with django_assert_num_queries(3):
        client.get("/sitemap-news.xml")
