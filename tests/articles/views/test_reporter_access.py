"""Reporters (记者) preview their own work at its public address, never a
colleague's: the reproduction of issue 14's first finding."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article

from ...factories import add_byline, make_article, make_person, make_user


@pytest.fixture
def reporter(db):
    return make_user("记者")


@pytest.fixture
def colleague_draft(db):
    return make_article(status=Article.Status.DRAFT, headline="同事的草稿", created_by=make_user("记者"))


def test_reporter_gets_404_for_a_colleagues_draft_at_its_public_address(client, reporter, colleague_draft):
    client.force_login(reporter)
    response = client.get(colleague_draft.get_absolute_url())
    assert response.status_code == 404
    assert "同事的草稿" not in response.content.decode()


def test_reporter_gets_404_for_a_colleagues_scheduled_article(client, reporter):
    scheduled = make_article(
        headline="定时稿件", published_at=timezone.now() + dt.timedelta(hours=3), created_by=make_user("记者")
    )
    client.force_login(reporter)
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_reporter_previews_the_draft_they_created(client, reporter):
    draft = make_article(status=Article.Status.DRAFT, headline="我的草稿", created_by=reporter)
    client.force_login(reporter)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "预览" in response.content.decode()


def test_reporter_previews_a_draft_with_their_byline(client, reporter):
    draft = make_article(status=Article.Status.DRAFT, headline="署名稿件")
    person = make_person("署名记者")
    person.user = reporter
    person.save()
    add_byline(draft, person)
    client.force_login(reporter)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_a_colleagues_draft_is_not_a_link_on_the_reporters_page_view(client, reporter, colleague_draft):
    make_article(page=colleague_draft.page, headline="已发布的邻稿")
    client.force_login(reporter)
    html = client.get(colleague_draft.page.get_absolute_url()).content.decode()
    assert "已发布的邻稿" in html
    assert "同事的草稿" not in html


def test_staff_status_without_a_newsroom_role_previews_nothing(client, django_user_model, colleague_draft):
    client.force_login(django_user_model.objects.create_user("helpdesk", is_staff=True))
    assert client.get(colleague_draft.get_absolute_url()).status_code == 404


def test_editor_previews_any_draft(client, colleague_draft):
    client.force_login(make_user("编辑"))
    assert client.get(colleague_draft.get_absolute_url()).status_code == 200
