""""Copy for WeChat" in the admin: preview with a copy button, and download."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from tests.factories import add_byline, make_article, make_person, make_photo, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_user(superuser=True))
    return client


def test_preview_shows_the_fragment_and_the_copy_button(editor_client, edition):
    response = editor_client.get(reverse("wechat:preview", args=[edition.lead.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="wechat-copy"' in html and 'id="wechat-fragment"' in html
    assert "济宁高新区召开2019年第20次党工委（扩大）会议</h1>" in html
    assert reverse("wechat:download", args=[edition.lead.pk]) in html


def test_preview_has_no_inline_script(editor_client, edition):
    html = editor_client.get(reverse("wechat:preview", args=[edition.lead.pk])).content.decode()

    assert "/static/api/wechat-copy.js" in html
    for tag in html.split("<script")[1:]:
        assert tag.lstrip().startswith(("src=", 'type="text/javascript" src=')) or " src=" in tag.split(">")[0]
    assert " onclick=" not in html


def test_preview_warns_about_an_unpublished_article(editor_client, db):
    draft = make_article(status=Article.Status.DRAFT)

    html = editor_client.get(reverse("wechat:preview", args=[draft.pk])).content.decode()

    assert "尚未公开发布（草稿）" in html


def test_download_is_a_whole_html_file_named_after_the_article(editor_client, edition):
    response = editor_client.get(reverse("wechat:download", args=[edition.lead.pk]))

    body = response.content.decode()
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''wechat-")
    assert body.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in body
    assert "融媒体新闻热线：6557709" in body


def test_anonymous_visitor_is_sent_to_the_login(client, edition):
    response = client.get(reverse("wechat:preview", args=[edition.lead.pk]))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_staff_without_view_permission_is_refused(client, edition):
    user = get_user_model().objects.create_user("nobody", password="pw", is_staff=True)
    client.force_login(user)

    assert client.get(reverse("wechat:preview", args=[edition.lead.pk])).status_code == 403
    assert client.get(reverse("wechat:download", args=[edition.lead.pk])).status_code == 403


def test_unknown_article_answers_404(editor_client, db):
    assert editor_client.get(reverse("wechat:preview", args=[999999])).status_code == 404


def test_article_change_form_links_to_the_preview(editor_client, edition):
    html = editor_client.get(reverse("admin:articles_article_change", args=[edition.lead.pk])).content.decode()

    assert reverse("wechat:preview", args=[edition.lead.pk]) in html


def test_preview_lets_style_attributes_apply_but_no_inline_script(editor_client, edition):
    response = editor_client.get(reverse("wechat:preview", args=[edition.lead.pk]))

    policy = response["Content-Security-Policy"]
    assert "style-src-attr 'unsafe-inline'" in policy
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src


def test_preview_queries_do_not_grow_with_bylines_and_photos(editor_client, edition):
    article = edition.lead
    make_photo(article, credit=make_person(), order=4)
    url = reverse("wechat:preview", args=[article.pk])
    editor_client.get(url)  # warm the session and any per-process caches
    with CaptureQueriesContext(connection) as before:
        editor_client.get(url)
    for n in range(3):
        add_byline(article, order=n + 5)
        make_photo(article, credit=make_person(), order=n + 5)

    with CaptureQueriesContext(connection) as after:
        response = editor_client.get(url)

    assert response.status_code == 200
    assert len(after) == len(before)
