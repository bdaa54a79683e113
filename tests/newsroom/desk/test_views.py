"""The desk's JSON endpoints: autosave, discard, heartbeat with merge, leave."""

import json

import pytest
from django.urls import reverse
from reversion import create_revision, set_user

from articles.services import workflow
from newsroom.desk.models import Autosave, Presence
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

BODY = "第一段。\n\n第二段。\n\n第三段。"


def post(client, name, article, data):
    return client.post(reverse(f"desk:{name}", args=[article.pk]), {"data": json.dumps(data)})


def saved_with_revision(article, user, **fields):
    """A save as the admin makes it: through the service, inside a reversion revision."""
    for name, value in fields.items():
        setattr(article, name, value)
    with create_revision():
        set_user(user)
        workflow.save_article(article=article, user=user, expected_version=article.version)
    return article


@pytest.fixture
def editor(client):
    user = make_user("编辑", username="bianji", first_name="王编辑")
    client.force_login(user)
    return user


def test_autosave_keeps_the_form_without_touching_the_article(client, editor):
    article = make_article(body=BODY)
    response = post(client, "autosave", article, {"base_version": 1, "fields": {"body": "改了"}})
    assert response.status_code == 200
    article.refresh_from_db()
    assert (article.body, article.version) == (BODY, 1)
    assert Autosave.objects.get(article=article, user=editor).fields == {"body": "改了"}


def test_a_second_autosave_replaces_the_first(client, editor):
    article = make_article(body=BODY)
    post(client, "autosave", article, {"base_version": 1, "fields": {"body": "一"}})
    post(client, "autosave", article, {"base_version": 1, "fields": {"body": "二"}})
    assert list(Autosave.objects.values_list("fields", flat=True)) == [{"body": "二"}]


def test_a_reporter_may_not_autosave_a_colleagues_article(client):
    article = make_article(created_by=make_user("记者"))
    client.force_login(make_user("记者"))
    response = post(client, "autosave", article, {"base_version": 1, "fields": {"body": "x"}})
    assert response.status_code in (403, 404)
    assert not Autosave.objects.exists()


def test_a_reporter_may_autosave_their_own_draft(client):
    reporter = make_user("记者")
    article = make_article(created_by=reporter, status="draft")
    client.force_login(reporter)
    assert post(client, "autosave", article, {"base_version": 1, "fields": {"body": "x"}}).status_code == 200


def test_an_unknown_field_is_refused_by_name(client, editor):
    article = make_article()
    response = post(client, "autosave", article, {"base_version": 1, "fields": {"status": "published"}})
    assert response.status_code == 400
    assert "status" in response.json()["error"]


def test_discard_drops_the_autosave(client, editor):
    article = make_article()
    post(client, "autosave", article, {"base_version": 1, "fields": {"body": "x"}})
    assert post(client, "discard", article, {}).status_code == 204
    assert not Autosave.objects.exists()


def test_heartbeat_names_the_others_and_leave_removes_one(client, editor):
    article = make_article()
    other = make_user("编辑", first_name="李娜")
    Presence.objects.create(article=article, user=other, seen_at=article.updated_at)
    client.force_login(other)
    post(client, "heartbeat", article, {"base_version": 1})
    client.force_login(editor)
    assert post(client, "heartbeat", article, {"base_version": 1}).json()["others"] == ["李娜"]
    client.force_login(other)
    post(client, "leave", article, {})
    client.force_login(editor)
    assert post(client, "heartbeat", article, {"base_version": 1}).json()["others"] == []


def test_heartbeat_merges_a_colleagues_save_of_another_paragraph(client, editor):
    article = make_article(body=BODY)
    saved_with_revision(article, editor)  # version 2 in the history: the base
    saved_with_revision(article, make_user("编辑", first_name="李娜"), body=BODY.replace("第三段", "第三段改"))
    mine = {"body": BODY.replace("第一段", "第一段改"), "headline": article.headline}
    answer = post(client, "heartbeat", article, {"base_version": 2, "fields": mine}).json()
    assert answer["version"] == 3
    assert answer["saved"]["by"] == "李娜"
    assert answer["saved"]["changed"] == ["正文"]
    assert answer["saved"]["conflicts"] == []
    assert answer["saved"]["merged"]["body"] == "第一段改。\n\n第二段。\n\n第三段改。"


def test_heartbeat_shows_both_sides_when_the_same_paragraph_changed(client, editor):
    article = make_article(body=BODY)
    saved_with_revision(article, editor)
    saved_with_revision(article, make_user("编辑"), body=BODY.replace("第二段", "他们的第二段"))
    mine = {"body": BODY.replace("第二段", "我的第二段")}
    saved = post(client, "heartbeat", article, {"base_version": 2, "fields": mine}).json()["saved"]
    assert saved["conflicts"] == [{"field": "body", "label": "正文", "theirs": BODY.replace("第二段", "他们的第二段")}]


def test_heartbeat_falls_back_to_the_forms_base_without_a_revision(client, editor):
    article = make_article(body=BODY)
    saved_with_revision(article, make_user("编辑"), headline="新标题")
    answer = post(
        client, "heartbeat", article,
        {"base_version": 1, "fields": {"body": "我的正文", "headline": article.headline}, "base": {"body": BODY, "headline": "旧标题"}},
    ).json()
    assert answer["saved"]["conflicts"] == []
    assert answer["saved"]["merged"] == {"body": "我的正文", "headline": "新标题"}


@pytest.mark.parametrize("others", [0, 5])
def test_heartbeat_queries_stay_flat_as_editors_join(client, editor, others, django_assert_num_queries):
    article = make_article(body=BODY)
    for _n in range(others):
        Presence.objects.create(article=article, user=make_user("编辑"), seen_at=article.updated_at)
    # session, user, 2× permissions, the article (its bylines and photos in
    # its row), presence upsert (with savepoints) and the others with their users.
    with django_assert_num_queries(14):
        post(client, "heartbeat", article, {"base_version": 1, "fields": {"body": BODY}})


def test_anonymous_users_are_sent_to_the_login(client):
    article = make_article()
    response = post(client, "autosave", article, {"base_version": 1, "fields": {}})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not Autosave.objects.exists()
