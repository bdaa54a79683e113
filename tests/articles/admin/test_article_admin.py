import datetime as dt
import io

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles import hooks
from articles.models import Article, Photo, Transition
from articles.services import photos
from tests.factories import add_byline, make_article, make_page, make_person, make_photo

from .conftest import form_data

Status = Article.Status
def changelist() -> str:
    return reverse("admin:articles_article_changelist")


def change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def jpeg(name="scan.jpg", size=(1200, 800)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#2a6").save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def make_listed_articles(n: int) -> None:
    page = make_page()
    for i in range(n):
        article = make_article(page=page, position=i)
        add_byline(article)
        photo = make_photo(article, credit=make_person())
        photos.attach_image(photo=photo, upload=jpeg(size=(500, 300)))


@pytest.mark.parametrize("rows", [1, 20])
def test_changelist_query_count_does_not_grow_with_rows(rows, superuser_client, django_assert_num_queries):
    make_listed_articles(rows)

    # session, user, savepoint + release (reversion), 2 related filters, 2 counts,
    # rows (with bylines and photos), renditions, 2 for the date hierarchy
    with django_assert_num_queries(12):
        response = superuser_client.get(changelist())

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows


def test_changelist_shows_date_page_byline_status_and_thumbnail(superuser_client):
    page = make_page(section="要闻", number=2)
    article = make_article(page=page, headline="十里湖公园开园")
    add_byline(article, make_person("邓超"))
    photos.attach_image(photo=make_photo(article), upload=jpeg())

    html = superuser_client.get(changelist()).content.decode()

    assert "十里湖公园开园" in html
    assert page.issue.date.strftime("%Y") in html
    assert "02 要闻" in html
    assert "邓超" in html
    assert 'class="nr-status nr-status-published"' in html
    assert 'class="nr-thumb"' in html and "-480w.webp" in html


def test_scheduled_article_shows_its_time_in_the_list(superuser_client):
    at = timezone.now() + dt.timedelta(days=1)
    make_article(published_at=at)

    html = superuser_client.get(changelist()).content.decode()

    assert f"定时 {timezone.localtime(at):%m-%d %H:%M}" in html


@pytest.mark.parametrize("term", ["湿地公园", "东部园区", "孔茜", "开园条件"])
def test_search_finds_chinese_substrings_of_headline_deck_body_and_byline(term, superuser_client):
    article = make_article(headline="十里湖生态湿地公园项目", deck="东部园区8月具备", body="第一段。\n\n具备开园条件。")
    add_byline(article, make_person("孔茜"))
    make_article(headline="无关的稿件", body="别的内容。")

    response = superuser_client.get(changelist(), {"q": term})

    assert [a.pk for a in response.context["cl"].result_list] == [article.pk]


def test_filter_by_status(superuser_client):
    draft = make_article(status=Status.DRAFT)
    make_article()

    response = superuser_client.get(changelist(), {"status__exact": Status.DRAFT})

    assert [a.pk for a in response.context["cl"].result_list] == [draft.pk]


def test_filter_by_person(superuser_client):
    article = make_article()
    person = make_person("王鹏")
    add_byline(article, person)
    add_byline(make_article())

    response = superuser_client.get(changelist(), {"bylines__person__id__exact": person.pk})

    assert [a.pk for a in response.context["cl"].result_list] == [article.pk]


def test_reporter_lists_only_own_articles(login):
    reporter = login("记者")
    own = make_article(status=Status.DRAFT, created_by=reporter.user)
    make_article(status=Status.DRAFT)

    response = reporter.get(changelist())

    assert [a.pk for a in response.context["cl"].result_list] == [own.pk]


def test_reporter_cannot_open_someone_elses_article(login):
    reporter = login("记者")
    other = make_article(status=Status.DRAFT)

    response = reporter.get(change_url(other))

    assert response.status_code == 302
    assert response.url == reverse("admin:index")


def test_reporter_sees_own_submitted_article_read_only(login):
    reporter = login("记者")
    article = make_article(status=Status.REVIEW, created_by=reporter.user)

    response = reporter.get(change_url(article))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False


def test_new_article_is_a_draft_of_its_author(login):
    from .conftest import ARTICLE_INLINES, management

    reporter = login("记者")
    data = {"headline": "新稿", "kind": "story", "position": "0", "body": "正文。", **management(*ARTICLE_INLINES)}

    reporter.post(reverse("admin:articles_article_add"), data)

    article = Article.objects.get(headline="新稿")
    assert (article.status, article.created_by, article.version) == (Status.DRAFT, reporter.user, 1)


def test_second_editor_saving_a_stale_copy_is_refused_and_keeps_both_edits(login):
    article = make_article(status=Status.DRAFT, headline="原标题")
    first, second = login("编辑"), login("编辑")
    first_data = form_data(first.get(change_url(article)))
    second_data = form_data(second.get(change_url(article)))

    first_data["headline"] = "甲改的标题"
    assert first.post(change_url(article), first_data).status_code == 302
    second_data["headline"] = "乙改的标题"
    response = second.post(change_url(article), second_data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "已被他人修改：您打开的是第 1 版，现在已是第 2 版" in html
    assert 'value="乙改的标题"' in html  # the second editor's text is still in the form
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.version) == ("甲改的标题", 2)


def test_saving_through_the_admin_bumps_the_version(superuser_client):
    article = make_article()
    data = form_data(superuser_client.get(change_url(article)))

    superuser_client.post(change_url(article), data)

    assert Article.objects.get(pk=article.pk).version == 2


def test_status_cannot_be_posted_in_the_edit_form(superuser_client):
    article = make_article(status=Status.DRAFT)
    data = form_data(superuser_client.get(change_url(article)))
    data["status"] = Status.PUBLISHED

    superuser_client.post(change_url(article), data)

    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_change_form_offers_only_the_allowed_workflow_steps(login):
    reporter = login("记者")
    article = make_article(status=Status.DRAFT, created_by=reporter.user)

    response = reporter.get(change_url(article))

    assert [a.name for a in response.context["workflow_actions"]] == ["submit"]
    html = response.content.decode()
    assert reverse("admin:articles_article_workflow", args=[article.pk, "submit"]) in html
    assert reverse("admin:articles_article_workflow", args=[article.pk, "publish"]) not in html


def test_change_form_loads_the_article_once(superuser_client):
    article = make_article(status=Status.DRAFT)

    with CaptureQueriesContext(connection) as captured:
        response = superuser_client.get(change_url(article))

    assert [a.name for a in response.context["workflow_actions"]]
    by_pk = f'WHERE "articles_article"."id" = {article.pk}'
    article_reads = [q["sql"] for q in captured.captured_queries if by_pk in q["sql"]]
    assert len(article_reads) == 1


def test_workflow_button_records_the_transition_and_the_admin_log(login):
    chief = login("总编")
    article = make_article(status=Status.APPROVED, published_at=None)

    response = chief.post(
        reverse("admin:articles_article_workflow", args=[article.pk, "publish"]), {"version": article.version}
    )

    assert response.status_code == 302
    transition = Transition.objects.get(article=article)
    assert (transition.to_status, transition.user) == (Status.PUBLISHED, chief.user)
    assert LogEntry.objects.get(object_id=str(article.pk)).get_change_message() == "立即发布：已审 → 已发布"


def test_workflow_button_with_stale_version_is_refused_with_message(login):
    editor = login("编辑")
    article = make_article(status=Status.REVIEW)

    response = editor.post(
        reverse("admin:articles_article_workflow", args=[article.pk, "approve"]), {"version": "0"}, follow=True
    )

    assert "已被他人修改" in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Status.REVIEW


def test_workflow_url_refuses_get(superuser_client):
    article = make_article(status=Status.REVIEW)

    response = superuser_client.get(reverse("admin:articles_article_workflow", args=[article.pk, "approve"]))

    assert response.status_code == 405


def test_schedule_button_without_a_time_says_so(login):
    chief = login("总编")
    article = make_article(status=Status.APPROVED, published_at=None)

    response = chief.post(
        reverse("admin:articles_article_workflow", args=[article.pk, "schedule"]), {"at": "明天"}, follow=True
    )

    assert "输入一个有效的日期/时间" in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Status.APPROVED


def test_bulk_publish_publishes_approved_and_reports_the_rest(login):
    chief = login("总编")
    approved = make_article(status=Status.APPROVED, published_at=None)
    draft = make_article(status=Status.DRAFT, headline="还在写")

    response = chief.post(
        changelist(), {"action": "publish_selected", "_selected_action": [approved.pk, draft.pk]}, follow=True
    )

    html = response.content.decode()
    assert "立即发布：1 篇稿件。" in html
    assert "《还在写》当前状态是“草稿”，不能“立即发布”" in html
    assert Article.objects.get(pk=approved.pk).status == Status.PUBLISHED
    assert Article.objects.get(pk=draft.pk).status == Status.DRAFT


def test_bulk_actions_offered_by_role(login):
    response = login("记者").get(changelist())

    choices = [name for name, _label in response.context["action_form"].fields["action"].choices if name]
    assert choices == ["submit_selected"]


def test_bulk_schedule_asks_for_the_time_then_schedules(login):
    chief = login("总编")
    article = make_article(status=Status.APPROVED, published_at=None)
    selection = {"action": "schedule_selected", "_selected_action": [article.pk]}

    asked = chief.post(changelist(), selection)
    at = timezone.localtime() + dt.timedelta(days=2)
    done = chief.post(changelist(), {**selection, "apply": "1", "at": at.strftime("%Y-%m-%dT%H:%M")})

    assert asked.templates[0].name == "admin/articles/article/schedule.html"
    assert done.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert stored.is_scheduled
    assert timezone.localtime(stored.published_at).strftime("%Y-%m-%dT%H:%M") == at.strftime("%Y-%m-%dT%H:%M")


def test_bulk_schedule_in_the_past_is_refused_on_the_form(login):
    chief = login("总编")
    article = make_article(status=Status.APPROVED, published_at=None)

    response = chief.post(
        changelist(),
        {"action": "schedule_selected", "_selected_action": [article.pk], "apply": "1", "at": "2019-07-11T08:00"},
    )

    assert "定时发布的时间必须晚于现在" in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Status.APPROVED


def test_photo_uploaded_inline_gets_renditions(superuser_client):
    article = make_article()
    data = form_data(superuser_client.get(change_url(article)))
    data |= {
        "photos-TOTAL_FORMS": "1",
        "photos-0-image": jpeg(),
        "photos-0-caption": "图为现场。",
        "photos-0-order": "0",
    }

    response = superuser_client.post(change_url(article), data)

    assert response.status_code == 302
    photo = Photo.objects.get(article=article)
    assert photo.renditions.filter(format="webp").count() == 3


def test_broken_photo_upload_is_refused_naming_the_file_and_nothing_is_saved(superuser_client):
    article = make_article(headline="原标题")
    data = form_data(superuser_client.get(change_url(article)))
    data |= {
        "headline": "新标题",
        "photos-TOTAL_FORMS": "1",
        "photos-0-image": SimpleUploadedFile("坏图.jpg", b"\xff\xd8\xff\xe0 not really", content_type="image/jpeg"),
        "photos-0-caption": "图为现场。",
        "photos-0-order": "0",
    }

    response = superuser_client.post(change_url(article), data)

    assert response.status_code == 200
    assert "“坏图.jpg”" in response.content.decode()
    assert not Photo.objects.exists()
    assert Article.objects.get(pk=article.pk).headline == "原标题"


def test_correction_added_inline_is_recorded_with_its_author(login):
    editor = login("编辑")
    article = make_article()
    data = form_data(editor.get(change_url(article)))
    data |= {"corrections-TOTAL_FORMS": "1", "corrections-0-date": "2019-07-12", "corrections-0-text": "第二段人名有误"}

    editor.post(change_url(article), data)

    correction = article.corrections.get()
    assert (correction.text, correction.created_by) == ("第二段人名有误", editor.user)


def test_corrections_cannot_be_added_to_a_draft(superuser_client):
    article = make_article(status=Status.DRAFT)

    response = superuser_client.get(change_url(article))

    corrections = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "corrections")
    assert corrections.has_add_permission is False


def test_view_on_site_opens_the_public_url(superuser_client):
    article = make_article()

    response = superuser_client.get(change_url(article))
    view_on_site = response.context["absolute_url"]
    redirect = superuser_client.get(view_on_site)

    assert view_on_site in response.content.decode()
    assert redirect.status_code == 302
    assert redirect.url.endswith(article.get_absolute_url())


def test_staff_preview_a_draft_at_its_public_url_and_the_public_gets_404(superuser_client, client):
    article = make_article(status=Status.DRAFT, headline="未发布的稿")

    assert superuser_client.get(article.get_absolute_url()).status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 404


def test_admin_is_in_chinese_with_the_newsroom_title(superuser_client):
    html = superuser_client.get(reverse("admin:index")).content.decode()

    assert "新闻采编系统" in html
    assert 'lang="zh-hans"' in html


@pytest.fixture
def without_search_engine():
    """The core on its own: no capability app lends it a search."""
    registered = hooks.article_search()
    hooks.register_article_search(None)
    yield
    hooks.register_article_search(registered)


def test_search_without_an_engine_matches_fields_by_substring(without_search_engine, superuser_client):
    make_article(headline="十里湖公园开园", status=Status.DRAFT)
    make_article(headline="产业园签约")

    response = superuser_client.get(changelist(), {"q": "公园"})

    assert [a.headline for a in response.context["cl"].result_list] == ["十里湖公园开园"]
