"""Every role × every action, through the admin's own URLs: allowed or refused
on the server, whatever the buttons show. An action returns whether its
effect reached the database."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Article, Correction, ImportRun, Issue, MediaChannel, Person, Photo, Publication, Teaser
from tests.conftest import SEED_FILE
from tests.factories import make_article, make_page, make_user

from .conftest import ARTICLE_INLINES, form_data, management

Status = Article.Status


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def edit_article(client, article, superuser_client) -> bool:
    data = form_data(superuser_client.get(change_url(article)))
    data["headline"] = "改过的标题"
    response = client.post(change_url(article), data)
    assert response.status_code < 500
    return Article.objects.get(pk=article.pk).headline == "改过的标题"


def workflow_step(client, article, action, **extra) -> str:
    url = reverse("admin:articles_article_workflow", args=[article.pk, action])
    response = client.post(url, {"version": article.version, **extra})
    assert response.status_code < 500
    article.refresh_from_db()
    return article.status


def create(client, su):
    data = {"headline": "新写的稿", "kind": "story", "position": "0", "body": "正文。", **management(*ARTICLE_INLINES)}
    client.post(reverse("admin:articles_article_add"), data)
    return Article.objects.filter(headline="新写的稿", created_by=client.user).exists()


def edit_own_draft(client, su):
    return edit_article(client, make_article(status=Status.DRAFT, created_by=client.user), su)


def edit_others_draft(client, su):
    return edit_article(client, make_article(status=Status.DRAFT, created_by=make_user("记者")), su)


def submit(client, su):
    article = make_article(status=Status.DRAFT, created_by=client.user)
    return workflow_step(client, article, "submit") == Status.REVIEW


def approve(client, su):
    return workflow_step(client, make_article(status=Status.REVIEW), "approve") == Status.APPROVED


def send_back(client, su):
    return workflow_step(client, make_article(status=Status.REVIEW), "send_back") == Status.DRAFT


def publish(client, su):
    article = make_article(status=Status.APPROVED, published_at=None)
    return workflow_step(client, article, "publish") == Status.PUBLISHED


def schedule(client, su):
    article = make_article(status=Status.APPROVED, published_at=None)
    at = timezone.localtime() + dt.timedelta(days=1)
    return workflow_step(client, article, "schedule", at=at.strftime("%Y-%m-%dT%H:%M")) == Status.PUBLISHED


def unpublish(client, su):
    return workflow_step(client, make_article(), "unpublish") == Status.WITHDRAWN


def correct(client, su):
    article = make_article()
    data = form_data(su.get(change_url(article)))
    data |= {"corrections-TOTAL_FORMS": "1", "corrections-0-date": "2019-07-12", "corrections-0-text": "人名有误"}
    client.post(change_url(article), data)
    return Correction.objects.filter(article=article, created_by=client.user).exists()


def manage_issues(client, su):
    client.post(reverse("admin:articles_issue_add"), {"date": "2030-01-02", **management("pages")})
    return Issue.objects.filter(date=dt.date(2030, 1, 2)).exists()


def manage_channels(client, su):
    data = {"label": "高新区抖音号", "name": "高新区", "kind": "other", "order": "9", "is_active": "on"}
    client.post(reverse("admin:articles_mediachannel_add"), data)
    return MediaChannel.objects.filter(label="高新区抖音号").exists()


def manage_people(client, su):
    client.post(reverse("admin:articles_person_add"), {"name": "王鹏", "slug": "王鹏", **management("bylines")})
    return Person.objects.filter(name="王鹏").exists()


def manage_publication(client, su):
    publication = Publication.load()
    data = {"name": publication.name, "hotline_label": publication.hotline_label, "hotline": "6557709"}
    client.post(change_url(publication), data)
    return Publication.load().hotline == "6557709"


def attach_photo(client, su):
    article = make_article()
    buffer = io.BytesIO()
    Image.new("RGB", (600, 400), "#36c").save(buffer, format="JPEG")
    data = {
        "article": str(article.pk),
        "image": SimpleUploadedFile("scan.jpg", buffer.getvalue(), content_type="image/jpeg"),
        "caption": "图为现场。",
        "order": "0",
        **management("renditions"),
    }
    client.post(reverse("admin:articles_photo_add"), data)
    return Photo.objects.filter(article=article).exclude(image="").exists()


def edit_page(client, su):
    page = make_page(number=1)
    data = form_data(su.get(change_url(page)))
    data["number"] = "5"
    client.post(change_url(page), data)
    page.refresh_from_db()
    return page.number == 5


def edit_teaser(client, su):
    front = make_page(number=1)
    inner = make_page(issue=front.issue, number=2, section="要闻")
    data = {"page": str(front.pk), "order": "0", "title": "引题 主题", "target_page": str(inner.pk)}
    client.post(reverse("admin:articles_teaser_add"), data)
    return Teaser.objects.filter(page=front).exists()


def import_files(client, su):
    upload = SimpleUploadedFile(SEED_FILE.name, SEED_FILE.read_bytes(), content_type="text/plain")
    client.post(reverse("admin:articles_importrun_upload"), {"files": [upload]})
    return ImportRun.objects.filter(user=client.user).exists()


ACTIONS = {
    "create": create,
    "edit own draft": edit_own_draft,
    "edit others' draft": edit_others_draft,
    "submit": submit,
    "approve": approve,
    "send back": send_back,
    "publish": publish,
    "schedule": schedule,
    "unpublish": unpublish,
    "add correction": correct,
    "manage issues": manage_issues,
    "manage channels": manage_channels,
    "manage people": manage_people,
    "manage publication": manage_publication,
    "attach photos": attach_photo,
    "edit pages": edit_page,
    "edit teasers": edit_teaser,
    "import": import_files,
}

# Who may do what: the roles of the issue, plus a staff account with no role.
ALLOWED = {
    None: set(),
    "记者": {"create", "edit own draft", "submit"},
    "编辑": {
        "create",
        "edit own draft",
        "edit others' draft",
        "submit",
        "approve",
        "send back",
        "add correction",
        "attach photos",
        "edit pages",
        "edit teasers",
    },
    "总编": set(ACTIONS),
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", list(ALLOWED), ids=lambda r: r or "无角色")
def test_role_may_or_may_not(role, action, login, superuser_client):
    client = login(role)

    happened = ACTIONS[action](client, superuser_client)

    assert happened == (action in ALLOWED[role]), f"{role or '无角色'} {action}"


def test_superuser_may_do_everything(superuser_client):
    for name, action in ACTIONS.items():
        assert action(superuser_client, superuser_client), name
