"""GET /api/v1/issues, /issues/<date> and /issues/<date>/pages/<n>."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_issue, make_page

from .conftest import items

pytestmark = pytest.mark.django_db


def test_issue_list_is_newest_first_with_the_pages(client, edition):
    older = make_article(page=make_page(issue=make_issue(date=edition.issue.date - dt.timedelta(days=7))))

    data = items(client.get("/api/v1/issues"))

    assert [i["date"] for i in data] == [edition.issue.date.isoformat(), older.page.issue.date.isoformat()]
    assert [p["label"] for p in data[0]["pages"]] == ["01 头版", "02 要闻", "03 新城", "04 家园"]
    assert data[0]["date_line"] == edition.issue.date_line


def test_issue_list_leaves_out_issues_without_public_articles(client, db):
    make_article(status=Article.Status.DRAFT)

    assert items(client.get("/api/v1/issues")) == []


def test_issue_list_filters_by_date_range(client, db):
    dates = [dt.date(2019, 7, day) for day in (10, 11, 12)]
    for date in dates:
        make_article(page=make_page(issue=make_issue(date=date)))

    data = items(client.get("/api/v1/issues?date_from=2019-07-11&date_to=2019-07-12"))

    assert [i["date"] for i in data] == ["2019-07-12", "2019-07-11"]


def test_issue_detail_lists_public_articles_per_page(client, edition):
    make_article(page=edition.pages[1], status=Article.Status.DRAFT, headline="草稿不应出现")

    data = client.get(f"/api/v1/issues/{edition.issue.date}").json()

    by_page = {p["number"]: [a["id"] for a in p["articles"]] for p in data["pages"]}
    assert by_page == {1: [edition.lead.pk, edition.photo_story.pk], 2: [edition.inner.pk], 3: [], 4: []}


def test_issue_without_public_articles_answers_404(client, db):
    draft = make_article(status=Article.Status.DRAFT)

    assert client.get(f"/api/v1/issues/{draft.page.issue.date}").status_code == 404


def test_issue_with_impossible_date_answers_422(client, db):
    response = client.get("/api/v1/issues/2019-02-30")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "date"]


def test_page_has_full_articles_and_teasers(client, edition):
    data = client.get(f"/api/v1/issues/{edition.issue.date}/pages/1").json()

    assert data["label"] == "01 头版"
    assert [a["id"] for a in data["articles"]] == [edition.lead.pk, edition.photo_story.pk]
    assert data["articles"][0]["body"][0]["kind"] == "paragraph"
    assert data["teasers"] == [
        {
            "title": "十里湖生态湿地公园项目 东部园区8月具备开园条件",
            "lines": ["十里湖生态湿地公园项目", "东部园区8月具备开园条件"],
            "target_page": 2,
            "target_article_id": edition.inner.pk,
        },
        {
            "title": "高新区崇文学校获评 全国国际跳棋特色学校",
            "lines": ["高新区崇文学校获评", "全国国际跳棋特色学校"],
            "target_page": 4,
            "target_article_id": None,
        },
    ]


def test_teaser_hides_the_id_of_an_unpublished_target(client, edition):
    Article.objects.filter(pk=edition.inner.pk).update(published_at=timezone.now() + dt.timedelta(days=1))

    data = client.get(f"/api/v1/issues/{edition.issue.date}/pages/1").json()

    assert data["teasers"][0]["target_article_id"] is None


def test_page_that_does_not_exist_answers_404(client, edition):
    assert client.get(f"/api/v1/issues/{edition.issue.date}/pages/9").status_code == 404
