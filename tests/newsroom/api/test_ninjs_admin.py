"""The admin's ninjs upload: drafts from files, one report line per file."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from tests.factories import make_user

pytestmark = pytest.mark.django_db
URL = "/admin/ninjs/import/"


def upload(name: str, doc) -> SimpleUploadedFile:
    data = doc if isinstance(doc, bytes) else json.dumps(doc, ensure_ascii=False).encode()
    return SimpleUploadedFile(name, data, content_type="application/json")


def test_the_address_is_the_named_route():
    assert reverse("ninjs_import:upload") == URL


def test_an_editor_uploads_files_and_sees_each_result(client):
    client.force_login(make_user("编辑"))
    good = upload("good.json", {"uri": "urn:x:1", "headlines": [{"value": "外稿标题"}]})
    bad = upload("bad.json", {"uri": "urn:x:2", "headlines": [{"role": "main"}]})
    response = client.post(URL, {"files": [good, bad]})
    html = response.content.decode()
    assert response.status_code == 200
    article = Article.objects.get()
    assert (article.headline, article.status) == ("外稿标题", Article.Status.DRAFT)
    assert reverse("admin:articles_article_change", args=[article.pk]) in html
    assert "<code>/headlines/0</code>" in html and "失败，未写入任何内容" in html


def test_the_upload_page_needs_the_right_to_add_articles(client):
    client.force_login(make_user())  # staff, no group
    assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302  # to the login page


def test_the_upload_page_is_in_chinese_and_has_no_inline_script(client):
    client.force_login(make_user("编辑"))
    html = client.get(URL).content.decode()
    assert "导入 ninjs 稿件" in html and "<script>" not in html


def test_the_article_list_links_to_the_upload_for_who_may_use_it(client):
    client.force_login(make_user("编辑"))
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert f'<a href="{URL}">导入 ninjs 稿件</a>' in html


def test_the_article_list_hides_the_link_from_who_may_not_add_articles(client):
    user = make_user()
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    assert URL not in response.content.decode()
