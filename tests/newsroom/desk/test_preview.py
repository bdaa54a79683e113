"""The preview of the unsaved form as the reader's article page (PreviewView)."""

import pytest
from django.urls import reverse

from articles.models import Article, Change
from newsroom.desk.models import Autosave
from tests.factories import add_byline, make_article, make_user

pytestmark = pytest.mark.django_db

BODY = "第一段。\n\n第二段。"


def preview(client, article, **fields):
    return client.post(reverse("desk:preview", args=[article.pk]), fields)


@pytest.fixture
def editor(client):
    user = make_user("编辑", username="bianji")
    client.force_login(user)
    return user


def test_the_preview_shows_the_unsaved_headline_and_body_on_the_readers_article_page(client, editor):
    article = make_article(headline="旧标题", body=BODY)
    response = preview(client, article, headline="还没保存的标题", body="还没保存的第一段。\n\n## 小标题")
    html = response.content.decode()
    assert response.status_code == 200
    assert "articles/article.html" in [t.name for t in response.templates]
    assert '<h1 class="article__headline">还没保存的标题</h1>' in html
    assert '<h2 class="subhead">小标题</h2>' in html
    assert "旧标题" not in html  # not even in the page's list of headlines beside it


def test_fields_the_form_did_not_send_are_shown_as_stored(client, editor):
    article = make_article(headline="存着的标题", deck="存着的副题", body=BODY)
    html = preview(client, article, body="新的正文。").content.decode()
    assert "存着的标题" in html and "存着的副题" in html and "新的正文。" in html


def test_the_body_is_normalised_as_a_save_would(client, editor):
    article = make_article(body=BODY)
    html = preview(client, article, body="高新\u200b区召开\r\n会议。").content.decode()
    assert "<p>高新区召开会议。</p>" in html


def test_the_preview_saves_nothing(client, editor):
    article = make_article(headline="旧标题", body=BODY)
    changes_before = Change.objects.count()
    preview(client, article, headline="新标题", body="新的正文。")
    article.refresh_from_db()
    assert (article.headline, article.body, article.version) == ("旧标题", BODY, 1)
    assert Change.objects.count() == changes_before
    assert not Autosave.objects.exists()


def test_the_preview_is_kept_out_of_caches_and_search_engines_and_out_of_frames(client, editor):
    response = preview(client, make_article(), headline="新标题")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert 'class="preview-banner"' in response.content.decode()


def test_a_reporter_may_not_preview_a_colleagues_published_article(client):
    article = make_article(created_by=make_user("记者"))
    client.force_login(make_user("记者"))
    assert preview(client, article, headline="x").status_code == 403


def test_a_reporter_cannot_find_a_colleagues_draft(client):
    article = make_article(created_by=make_user("记者"), status=Article.Status.DRAFT)
    client.force_login(make_user("记者"))
    assert preview(client, article, headline="x").status_code == 404


def test_a_reporter_may_preview_their_own_draft(client):
    reporter = make_user("记者")
    article = make_article(created_by=reporter, status=Article.Status.DRAFT)
    client.force_login(reporter)
    response = preview(client, article, headline="我的新标题")
    assert response.status_code == 200
    assert "我的新标题" in response.content.decode()


def test_a_reader_is_sent_to_the_login_page(client):
    response = preview(client, make_article(), headline="x")
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_preview_is_post_only(client, editor):
    assert client.get(reverse("desk:preview", args=[make_article().pk])).status_code == 405


def test_an_overlong_field_is_refused_by_name(client, editor, settings):
    settings.NEWSROOM_DESK_MAX_FIELD_CHARS = 10
    response = preview(client, make_article(), deck="长" * 11)
    assert response.status_code == 400
    assert "deck" in response.content.decode()


def test_an_article_without_a_page_says_its_page_comes_with_the_layout(client, editor):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(page=None)
    response = preview(client, article, headline="未排版的标题")
    html = response.content.decode()
    assert response.status_code == 200
    assert "未排版的标题" in html and "还没有排进版面" in html


# Session, user and its permissions (2), the article (its bylines and photos
# in its row), its tags and corrections, the pages and articles, the
# e-paper's zone (its context provider), the masthead's publication and
# sections, the footer's channels.
QUERIES = 13


def test_the_preview_takes_as_many_queries_however_many_bylines(client, editor, django_assert_num_queries):
    article = make_article()
    add_byline(article)
    preview(client, article, headline="热身")  # the session and the publication, once
    with django_assert_num_queries(QUERIES):
        preview(client, article, headline="一")
    for _ in range(3):
        add_byline(article)
    with django_assert_num_queries(QUERIES):
        preview(client, article, headline="二")


def test_the_submit_row_offers_the_preview_in_a_new_tab(client, editor):
    article = make_article()
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    url = reverse("desk:preview", args=[article.pk])
    assert f'formaction="{url}" formtarget="_blank" formnovalidate>预览</button>' in html


def test_a_reporter_whose_article_is_in_review_gets_no_preview_button(client):
    reporter = make_user("记者")
    article = make_article(created_by=reporter, status=Article.Status.REVIEW)
    client.force_login(reporter)
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    assert reverse("desk:preview", args=[article.pk]) not in response.content.decode()
