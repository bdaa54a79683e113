"""Drafts, scheduled and withdrawn articles never appear anywhere public;
staff may open them at their URL and are told it is a preview."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import add_byline, make_article, make_issue, make_page

pytestmark = pytest.mark.django_db

HIDDEN = {
    "draft": {"status": Article.Status.DRAFT},
    "in review": {"status": Article.Status.REVIEW},
    "withdrawn": {"status": Article.Status.WITHDRAWN, "published_at": timezone.now() - dt.timedelta(days=1)},
    "scheduled": {"status": Article.Status.PUBLISHED, "published_at": timezone.now() + dt.timedelta(days=1)},
}


@pytest.fixture(params=HIDDEN, ids=list(HIDDEN))
def hidden(request, edition):
    """An unpublished article with a byline and a tag, on page 02 of a public issue."""
    article = make_article(page=edition.pages[1], headline="不该公开的稿件", **HIDDEN[request.param])
    article.tags.add("秘密标签")
    add_byline(article, edition.reporter)
    return article


def test_hidden_article_url_answers_404(client, hidden):
    assert client.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/issues/{date}/02/",
        "/sections/要闻/",
        "/people/邓超/",
        "/feeds/rss/",
        "/feeds/atom/",
        "/sections/要闻/rss/",
    ],
)
def test_hidden_article_is_in_no_public_page_or_feed(client, hidden, url):
    html = client.get(url.format(date=hidden.page.issue.date.isoformat())).content.decode()
    assert "不该公开的稿件" not in html
    assert hidden.get_absolute_url() not in html


def test_hidden_article_is_not_in_the_sitemap(client, hidden):
    assert hidden.get_absolute_url() not in client.get("/sitemap-articles.xml").content.decode()


def test_tag_used_only_by_hidden_articles_has_no_page(client, hidden):
    assert client.get("/tags/秘密标签/").status_code == 404


def test_issue_with_only_drafts_is_not_public_anywhere(client, edition):
    issue = make_issue(date=dt.date(2030, 1, 1))
    make_article(page=make_page(issue=issue), status=Article.Status.DRAFT)
    assert client.get(issue.get_absolute_url()).status_code == 404
    assert client.get("/issues/2030/").status_code == 404
    assert "2030-01-01" not in client.get("/sitemap-issues.xml").content.decode()
    assert "2030-01-01" not in client.get("/sitemap-pages.xml").content.decode()


def test_person_with_only_hidden_work_has_no_page(client, edition):
    article = make_article(page=edition.pages[1], status=Article.Status.DRAFT)
    person = add_byline(article).person
    assert client.get(person.get_absolute_url()).status_code == 404


def test_staff_preview_a_hidden_article_with_a_banner(staff_client, hidden):
    response = staff_client.get(hidden.get_absolute_url())
    assert response.status_code == 200
    assert '<p class="preview-banner" role="status"><strong>预览</strong>' in response.content.decode()


def test_staff_preview_is_kept_out_of_caches_and_search_engines(staff_client, hidden):
    response = staff_client.get(hidden.get_absolute_url())
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_staff_see_hidden_articles_on_their_page_marked_and_with_the_banner(staff_client, hidden):
    html = staff_client.get(hidden.page.get_absolute_url()).content.decode()
    assert "不该公开的稿件" in html
    assert '<p class="badge">未公开：' in html
    assert "preview-banner" in html


def test_staff_open_an_unpublished_issue(staff_client, edition):
    issue = make_issue(date=dt.date(2030, 1, 1))
    make_article(page=make_page(issue=issue), status=Article.Status.DRAFT, headline="明天的头条")
    html = staff_client.get(issue.get_absolute_url()).content.decode()
    assert "明天的头条" in html
    assert "preview-banner" in html


def test_public_article_has_no_preview_banner_for_staff(staff_client, edition):
    response = staff_client.get(edition.lead.get_absolute_url())
    assert "preview-banner" not in response.content.decode()
    assert "X-Robots-Tag" not in response


def test_staff_lists_still_show_only_public_articles(staff_client, hidden):
    assert "不该公开的稿件" not in staff_client.get("/sections/要闻/").content.decode()


def test_scheduled_article_appears_once_its_time_has_come(client, edition):
    article = make_article(page=edition.pages[1], published_at=timezone.now() + dt.timedelta(seconds=1))
    assert client.get(article.get_absolute_url()).status_code == 404
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(article.get_absolute_url()).status_code == 200


def test_inactive_staff_account_gets_no_preview(client, hidden):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("gone", password="x", is_staff=True, is_active=False)
    client.force_login(user)
    assert client.get(hidden.get_absolute_url()).status_code == 404
