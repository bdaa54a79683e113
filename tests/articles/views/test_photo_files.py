"""Photo files follow their article (articles.policy): the original and every
rendition are private files, served by articles:photo_file to whoever may see
the article — a draft's to its reporter and the editors, a published one's to
everyone, a withdrawn one's to the newsroom only."""

from __future__ import annotations

import pytest
from django.core.files.storage import storages

from articles.models import Article
from articles.services import photos, workflow

from ...factories import jpeg_upload, make_article, make_photo, make_user


@pytest.fixture
def reporter(db):
    return make_user("记者", username="photo-reporter")


@pytest.fixture
def editor(db):
    return make_user("总编", username="photo-chief")


@pytest.fixture
def draft_photo(db, reporter, settings):
    settings.NEWSROOM_RENDITION_WIDTHS = (30,)
    article = make_article(status=Article.Status.DRAFT, headline="带图草稿", created_by=reporter)
    return photos.attach_image(photo=make_photo(article), upload=jpeg_upload())


def urls(photo) -> list[str]:
    """The original's address and every rendition's."""
    return [photo.image.url, *(r.file.url for r in photo.renditions.all())]


def test_photo_files_are_private_and_linked_through_the_view(draft_photo):
    assert all(url.startswith("/files/") for url in urls(draft_photo))
    assert storages["private"].exists(draft_photo.image.name)
    assert not storages["default"].exists(draft_photo.image.name)


def test_anonymous_readers_get_404_for_a_drafts_photo_and_renditions(client, draft_photo):
    assert [client.get(url).status_code for url in urls(draft_photo)] == [404, 404, 404]


def test_a_colleague_gets_404_for_a_drafts_photo(client, draft_photo):
    client.force_login(make_user("记者", username="colleague"))
    assert {client.get(url).status_code for url in urls(draft_photo)} == {404}


def test_the_reporter_sees_their_own_drafts_photo_privately(client, draft_photo, reporter):
    client.force_login(reporter)
    response = client.get(draft_photo.image.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == draft_photo.image.open("rb").read()
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


def test_photo_files_are_public_and_cacheable_once_the_article_is_published(client, draft_photo, editor, settings):
    settings.NEWSROOM_SHARED_MAX_AGE = 600
    article = draft_photo.article
    for step in (workflow.submit, workflow.approve, workflow.publish):
        article = step(article=article, user=editor)
    responses = [client.get(url) for url in urls(draft_photo)]
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert all("public" in r["Cache-Control"] and "s-maxage=600" in r["Cache-Control"] for r in responses)


def test_photo_files_are_gone_for_the_public_after_withdrawal(client, draft_photo, editor):
    article = draft_photo.article
    for step in (workflow.submit, workflow.approve, workflow.publish, workflow.unpublish):
        article = step(article=article, user=editor)
    assert {client.get(url).status_code for url in urls(draft_photo)} == {404}
    client.force_login(editor)
    assert {client.get(url).status_code for url in urls(draft_photo)} == {200}


def test_a_public_photo_answer_names_its_article_for_purges(client, draft_photo, editor):
    """The cache in front drops the file with its article: withdrawal purges `article:<pk>`."""
    article = draft_photo.article
    for step in (workflow.submit, workflow.approve, workflow.publish):
        article = step(article=article, user=editor)
    response = client.get(draft_photo.image.url)
    assert f"article:{article.pk}" in response["Surrogate-Key"].split()


def test_x_accel_redirect_hands_the_file_to_nginx(client, draft_photo, reporter, settings):
    settings.NEWSROOM_PRIVATE_MEDIA_SENDFILE = "x-accel-redirect"
    client.force_login(reporter)
    response = client.get(draft_photo.renditions.first().file.url)
    assert response["X-Accel-Redirect"] == "/_private/" + draft_photo.renditions.first().file.name
    assert response.content == b""


def test_an_unknown_name_is_404(client, db):
    assert client.get("/files/photos/2019/07/nothing.jpg").status_code == 404


def test_a_signed_address_opens_a_drafts_photo_to_anyone(client, draft_photo):
    response = client.get(draft_photo.image.signed_url())
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_a_signed_address_expires(client, draft_photo, settings):
    url = draft_photo.image.signed_url()
    settings.NEWSROOM_PHOTO_LINK_MAX_AGE = -1
    assert client.get(url).status_code == 404


def test_a_token_opens_only_the_file_it_was_signed_for(client, draft_photo):
    token = draft_photo.image.signed_url().split("?token=")[1]
    rendition = draft_photo.renditions.first()
    assert client.get(f"{rendition.file.url}?token={token}").status_code == 404
