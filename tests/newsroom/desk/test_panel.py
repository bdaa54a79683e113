"""The desk's block on the article change form, rendered by the server."""

import pytest
from django.urls import reverse

from articles.services import workflow
from newsroom.desk import services
from tests.factories import make_article, make_page, make_user

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_the_form_shows_the_stored_bodys_count_and_print_fit(client):
    article = make_article(page=make_page(section="要闻"), body="高新区召开会议。\n\n## 小标题\n\n会议指出，GDP增长6.5%。")
    client.force_login(make_user(superuser=True))
    html = client.get(change_url(article)).content.decode()
    assert 'id="nr-desk-hanzi">16<' in html
    assert 'id="nr-desk-total">24<' in html
    assert 'id="nr-desk-lines">4<' in html
    assert "desk/desk.js" in html


def test_the_form_names_who_else_has_it_open(client):
    article = make_article()
    other = make_user("编辑", username="lina", first_name="李娜")
    services.heartbeat(article=article, user=other)
    client.force_login(make_user(superuser=True))
    assert "正在编辑这篇稿件的还有：李娜" in client.get(change_url(article)).content.decode()


def test_reopening_offers_the_autosave_with_a_diff(client):
    article = make_article(body="第一段。")
    user = make_user(superuser=True)
    services.save_autosave(article=article, user=user, fields={"body": "第一段，改过了。"}, base_version=article.version)
    client.force_login(user)
    html = client.get(change_url(article)).content.decode()
    assert "未保存的修改</button>" in html
    assert "<ins>，改过了</ins>" in html


def test_saving_the_article_clears_the_autosave(client):
    article = make_article(body="第一段。")
    user = make_user(superuser=True)
    services.save_autosave(article=article, user=user, fields={"body": "第二稿"}, base_version=article.version)
    article.body = "第二稿"
    workflow.save_article(article=article, user=user, expected_version=article.version)
    assert services.pending_autosave(article=article, user=user) is None
    assert not article.desk_autosaves.exists()


def test_a_reader_who_may_only_view_gets_no_desk(client):
    article = make_article(created_by=make_user("记者"))
    client.force_login(make_user("记者"))
    response = client.get(change_url(article))
    assert "nr-desk" not in response.content.decode()
