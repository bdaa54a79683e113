"""Copy for WeChat asks the access policy: a reporter exports their own work
and published articles, never a colleague's draft (issue 14's reproduction)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article, make_user


@pytest.fixture
def colleague_draft(db):
    return make_article(status=Article.Status.DRAFT, headline="同事的草稿", created_by=make_user("记者"))


@pytest.mark.parametrize("view", ["wechat:preview", "wechat:download"])
def test_reporter_gets_404_for_a_colleagues_draft(client, colleague_draft, view):
    client.force_login(make_user("记者"))
    response = client.get(reverse(view, args=[colleague_draft.pk]))
    assert response.status_code == 404
    assert "同事的草稿" not in response.content.decode()


@pytest.mark.parametrize("view", ["wechat:preview", "wechat:download"])
def test_reporter_exports_their_own_draft(client, db, view):
    reporter = make_user("记者")
    draft = make_article(status=Article.Status.DRAFT, headline="我的草稿", created_by=reporter)
    client.force_login(reporter)
    response = client.get(reverse(view, args=[draft.pk]))
    assert response.status_code == 200
    assert "我的草稿" in response.content.decode()


@pytest.mark.parametrize("view", ["wechat:preview", "wechat:download"])
def test_editor_exports_any_draft(client, colleague_draft, view):
    client.force_login(make_user("编辑"))
    assert client.get(reverse(view, args=[colleague_draft.pk])).status_code == 200
