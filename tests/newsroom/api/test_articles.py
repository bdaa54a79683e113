"""GET /api/v1/articles and /api/v1/articles/<id>: the contract."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import add_byline, make_article, make_page, make_person, make_photo, save_record

from .conftest import items

pytestmark = pytest.mark.django_db


def test_article_detail_has_the_printed_parts(client, edition):
    data = client.get(f"/api/v1/articles/{edition.lead.pk}").json()

    assert data["headline"] == "济宁高新区召开2019年第20次党工委（扩大）会议"
    assert data["deck"] == "确保全年任务高质量、快速度、按时完"
    d = edition.issue.date
    assert data["dateline"] == {
        "place": "济宁",
        "date": d.isoformat(),
        "text": f"本报济宁{d.month}月{d.day}日讯（记者 邓超）",
    }
    assert data["byline"] == [
        {"name": "邓超", "slug": "邓超", "role": "记者", "printed_role": "记者", "url": "http://testserver/people/%E9%82%93%E8%B6%85/"}
    ]


def test_article_body_is_paragraphs_and_subheads_in_display_text(client, edition):
    data = client.get(f"/api/v1/articles/{edition.lead.pk}").json()

    assert data["body"] == [
        {"kind": "paragraph", "text": "10日，济宁高新区召开党工委（扩大）会议。"},
        {"kind": "subhead", "text": "全力以赴抓经济运行"},
        {"kind": "paragraph", "text": "上半年增长58.2%，完成45.6亿元。"},
    ]


def test_article_carries_section_page_tags_and_canonical_url(client, edition):
    data = client.get(f"/api/v1/articles/{edition.lead.pk}").json()

    assert data["section"] == {"name": "头版", "slug": "头版"}
    assert data["page"]["number"] == 1 and data["page"]["label"] == "01 头版"
    assert data["page"]["issue_date"] == edition.issue.date.isoformat()
    assert sorted(tag["name"] for tag in data["tags"]) == ["党建", "高新区"]
    assert data["url"] == "http://testserver" + edition.lead.get_absolute_url()
    assert data["is_lead"] is True


def test_photo_story_has_caption_credit_and_see_also_page(client, edition):
    data = client.get(f"/api/v1/articles/{edition.photo_story.pk}").json()

    assert data["kind"] == "photo"
    assert data["dateline"] is None
    [photo] = data["photos"]
    assert photo["caption"] == "图为济宁高新区首家“红帆驿站”落户洸河街道。"
    assert photo["credit"]["name"] == "孔茜" and photo["credit"]["role"] == "本报记者"
    assert photo["credit_line"] == "本报记者 孔茜 摄"
    assert photo["url"] is None and photo["renditions"] == []
    assert data["see_also_page"]["label"] == "03 新城"


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.APPROVED},
        {"status": Article.Status.WITHDRAWN, "published_at": timezone.now() - dt.timedelta(days=1)},
        {"status": Article.Status.PUBLISHED, "published_at": timezone.now() + dt.timedelta(hours=1)},
    ],
    ids=["draft", "review", "approved", "withdrawn", "scheduled"],
)
def test_unpublished_article_answers_404_and_is_not_listed(client, db, fields):
    hidden = make_article(**fields)

    response = client.get(f"/api/v1/articles/{hidden.pk}")

    assert response.status_code == 404
    assert response.json() == {"detail": "未找到：不存在或尚未发布"}
    assert hidden.pk not in [a["id"] for a in items(client.get("/api/v1/articles"))]


def test_article_without_a_page_answers_404(client, db):
    unplaced = Article.objects.create(headline="未排版", status="published", published_at=timezone.now())

    assert client.get(f"/api/v1/articles/{unplaced.pk}").status_code == 404


def test_list_is_in_print_order_newest_issue_first(client, db):
    old_page, new_page = make_page(), make_page()
    second = make_article(page=new_page, position=1)
    first = make_article(page=new_page, position=0)
    older = make_article(page=old_page)

    ids = [a["id"] for a in items(client.get("/api/v1/articles"))]

    assert ids == [first.pk, second.pk, older.pk]


def test_list_filters_by_issue_date_range(client, db):
    pages = [make_page(issue=None) for _ in range(3)]
    articles = [make_article(page=page) for page in pages]
    middle = pages[1].issue.date.isoformat()

    ids = [a["id"] for a in items(client.get(f"/api/v1/articles?date_from={middle}&date_to={middle}"))]

    assert ids == [articles[1].pk]


def test_list_filters_by_section(client, edition):
    ids = [a["id"] for a in items(client.get("/api/v1/articles?section=要闻"))]

    assert ids == [edition.inner.pk]


def test_list_filters_by_person_as_author_or_photographer(client, edition):
    by_reporter = {a["id"] for a in items(client.get("/api/v1/articles?person=邓超"))}
    by_photographer = {a["id"] for a in items(client.get("/api/v1/articles?person=孔茜"))}

    assert by_reporter == {edition.lead.pk, edition.inner.pk}
    assert by_photographer == {edition.photo_story.pk}


def test_list_filters_by_tag(client, edition):
    ids = [a["id"] for a in items(client.get("/api/v1/articles?tag=党建"))]

    assert ids == [edition.lead.pk]


def test_updated_since_lists_changed_articles_oldest_change_first(client, db):
    early, late = make_article(), make_article()
    Article.objects.filter(pk=early.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=30))
    Article.objects.filter(pk=late.pk).update(updated_at=timezone.now() + dt.timedelta(minutes=1))
    since = (timezone.now() - dt.timedelta(minutes=5)).isoformat()

    data = items(client.get("/api/v1/articles", {"updated_since": since}))

    assert [a["id"] for a in data] == [late.pk]


def test_scheduled_article_reaches_sync_when_it_goes_public(client, db):
    """It was saved before the client's last sync but went public after it."""
    saved_at = timezone.now() - dt.timedelta(hours=2)
    goes_public = timezone.now() - dt.timedelta(minutes=1)
    article = make_article(published_at=goes_public)
    Article.objects.filter(pk=article.pk).update(updated_at=saved_at)
    last_sync = (timezone.now() - dt.timedelta(minutes=30)).isoformat()

    data = items(client.get("/api/v1/articles", {"updated_since": last_sync}))

    assert [a["id"] for a in data] == [article.pk]
    assert data[0]["modified"].startswith(goes_public.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M"))


def test_a_new_photo_caption_reaches_sync(client, db):
    hour_ago = timezone.now() - dt.timedelta(hours=1)
    article = make_article(published_at=hour_ago)
    photo = make_photo(article)
    Article.objects.filter(pk=article.pk).update(updated_at=hour_ago)
    last_sync = (timezone.now() - dt.timedelta(minutes=30)).isoformat()

    photo.caption = "更正后的图片说明"
    save_record(photo)
    data = items(client.get("/api/v1/articles", {"updated_since": last_sync}))

    assert [a["id"] for a in data] == [article.pk]


def test_naive_updated_since_is_read_as_beijing_time(client, db):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(updated_at=dt.datetime(2024, 1, 1, 10, 30, tzinfo=dt.UTC))
    Article.objects.filter(pk=article.pk).update(published_at=dt.datetime(2024, 1, 1, 10, 0, tzinfo=dt.UTC))

    # 18:20 in Shanghai is 10:20 UTC: before the change; 18:40 is after it.
    assert len(items(client.get("/api/v1/articles?updated_since=2024-01-01T18:20:00"))) == 1
    assert items(client.get("/api/v1/articles?updated_since=2024-01-01T18:40:00")) == []


def test_bylines_keep_printed_order_and_roles(client, db):
    article = make_article()
    add_byline(article, make_person("王鹏"), order=0)
    add_byline(article, make_person("李娜"), role="通讯员", order=1)

    byline = client.get(f"/api/v1/articles/{article.pk}").json()["byline"]

    assert [(b["role"], b["name"]) for b in byline] == [("记者", "王鹏"), ("通讯员", "李娜")]


def test_photo_without_credit_has_null_credit(client, db):
    article = make_article()
    make_photo(article, caption="无署名图片")

    [photo] = client.get(f"/api/v1/articles/{article.pk}").json()["photos"]

    assert photo["credit"] is None and photo["credit_line"] == ""


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("date_from=2019-13-01", "date_from"),
        ("updated_since=yesterday", "updated_since"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("cursor=not-a-cursor", "cursor"),
        ("date_from=2019-07-12&date_to=2019-07-11", "date_to"),
    ],
)
def test_bad_query_answers_422_naming_the_parameter(client, db, query, field):
    response = client.get(f"/api/v1/articles?{query}")

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][-1] == field


@pytest.mark.parametrize("since", ["0001-01-01T00:00:00", "9999-12-31T23:59:59-23:59"])
def test_updated_since_beyond_utc_answers_422_not_500(client, db, since):
    response = client.get("/api/v1/articles", {"updated_since": since})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "updated_since"]
