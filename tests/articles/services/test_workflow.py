import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article, Correction, Transition
from articles.services import workflow
from tests.factories import make_article, make_issue, make_page, make_person, make_photo, make_user

Status = Article.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter():
    return make_user("记者")


@pytest.fixture
def editor():
    return make_user("编辑")


@pytest.fixture
def chief():
    return make_user("总编")


def draft_of(user, **fields):
    return make_article(status=Status.DRAFT, created_by=user, **fields)


def test_full_path_from_draft_to_published_records_each_step(reporter, editor, chief):
    article = draft_of(reporter)

    workflow.submit(article=article, user=reporter)
    workflow.approve(article=article, user=editor)
    workflow.publish(article=article, user=chief)

    steps = list(Transition.objects.filter(article=article).values_list("from_status", "to_status", "user"))
    assert steps == [
        (Status.DRAFT, Status.REVIEW, reporter.pk),
        (Status.REVIEW, Status.APPROVED, editor.pk),
        (Status.APPROVED, Status.PUBLISHED, chief.pk),
    ]
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.is_public


def test_each_transition_bumps_the_version(reporter):
    article = draft_of(reporter)

    workflow.submit(article=article, user=reporter)

    assert article.version == 2
    assert Article.objects.get(pk=article.pk).version == 2


def test_transition_not_allowed_from_current_state_is_refused_with_reason(chief):
    article = draft_of(chief)

    with pytest.raises(workflow.WorkflowError, match="当前状态是“草稿”，不能“立即发布”"):
        workflow.publish(article=article, user=chief)
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT
    assert not Transition.objects.exists()


def test_reporter_cannot_approve(reporter):
    article = make_article(status=Status.REVIEW, created_by=reporter)

    with pytest.raises(workflow.WorkflowError, match="没有“审核通过”的权限"):
        workflow.approve(article=article, user=reporter)


def test_reporter_cannot_submit_someone_elses_draft(reporter):
    other = make_user("记者")
    article = draft_of(other)

    with pytest.raises(workflow.WorkflowError, match="只能提交自己的稿件"):
        workflow.submit(article=article, user=reporter)


def test_editor_cannot_publish(editor):
    article = make_article(status=Status.APPROVED)

    with pytest.raises(workflow.WorkflowError, match="没有“立即发布”的权限"):
        workflow.publish(article=article, user=editor)


def test_send_back_returns_a_reviewed_article_to_draft_with_the_note(editor):
    article = make_article(status=Status.REVIEW)

    workflow.send_back(article=article, user=editor, note="导语太长")

    assert Article.objects.get(pk=article.pk).status == Status.DRAFT
    assert Transition.objects.get(article=article).note == "导语太长"


def test_unpublish_withdraws_and_hides_the_article(chief):
    article = make_article()

    workflow.unpublish(article=article, user=chief)

    assert Article.objects.get(pk=article.pk).status == Status.WITHDRAWN
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_scheduled_article_is_hidden_until_its_time(chief):
    article = make_article(status=Status.APPROVED, published_at=None)
    at = timezone.now() + dt.timedelta(hours=2)

    workflow.schedule(article=article, user=chief, at=at)

    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert Article.objects.published(at=at + dt.timedelta(seconds=1)).filter(pk=article.pk).exists()


def test_schedule_in_the_past_is_refused(chief):
    article = make_article(status=Status.APPROVED, published_at=None)

    with pytest.raises(workflow.WorkflowError, match="晚于现在"):
        workflow.schedule(article=article, user=chief, at=timezone.now() - dt.timedelta(minutes=1))


def test_article_without_page_cannot_be_published(chief):
    article = Article.objects.create(headline="未排版", status=Status.APPROVED)

    with pytest.raises(workflow.WorkflowError, match="还没有排进版面"):
        workflow.publish(article=article, user=chief)


def test_photo_story_without_credit_cannot_be_published(chief):
    article = make_article(kind=Article.Kind.PHOTO, status=Status.APPROVED, published_at=None, headline="红帆驿站")
    make_photo(article, caption="图为红帆驿站。", credit=None)

    with pytest.raises(workflow.WorkflowError, match="红帆驿站》的第 1 张图片缺少摄影署名"):
        workflow.publish(article=article, user=chief)


def test_photo_story_without_caption_cannot_be_published(chief):
    article = make_article(kind=Article.Kind.PHOTO, status=Status.APPROVED, published_at=None)
    make_photo(article, caption="  ", credit=make_person())

    with pytest.raises(workflow.WorkflowError, match="缺少图片说明"):
        workflow.publish(article=article, user=chief)


def test_photo_story_without_photos_cannot_be_published(chief):
    article = make_article(kind=Article.Kind.PHOTO, status=Status.APPROVED, published_at=None)

    with pytest.raises(workflow.WorkflowError, match="没有图片"):
        workflow.publish(article=article, user=chief)


def test_photo_story_with_caption_and_credit_is_published(chief):
    article = make_article(kind=Article.Kind.PHOTO, status=Status.APPROVED, published_at=None)
    make_photo(article, caption="图为红帆驿站。", credit=make_person("孔茜"))

    workflow.publish(article=article, user=chief)

    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED


def test_stale_version_is_refused_and_nothing_is_written(editor):
    article = make_article(status=Status.DRAFT, headline="原标题")
    first, second = Article.objects.get(pk=article.pk), Article.objects.get(pk=article.pk)
    first.headline = "甲的标题"
    workflow.save_article(article=first, user=editor, expected_version=1)

    second.headline = "乙的标题"
    with pytest.raises(workflow.StaleArticleError, match="您打开的是第 1 版，现在已是第 2 版"):
        workflow.save_article(article=second, user=editor, expected_version=1)

    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.version) == ("甲的标题", 2)


def test_stale_transition_is_refused(editor):
    article = make_article(status=Status.REVIEW)

    with pytest.raises(workflow.StaleArticleError):
        workflow.approve(article=article, user=editor, expected_version=7)
    assert Article.objects.get(pk=article.pk).status == Status.REVIEW


def test_save_cannot_change_the_status(editor):
    article = make_article(status=Status.DRAFT)
    article.status = Status.PUBLISHED
    article.published_at = timezone.now()

    with pytest.raises(workflow.WorkflowError, match="只能通过流程操作"):
        workflow.save_article(article=article, user=editor, expected_version=1)
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_reporter_cannot_save_a_submitted_article(reporter):
    article = make_article(status=Status.REVIEW, created_by=reporter)

    with pytest.raises(workflow.WorkflowError, match="您不能修改"):
        workflow.save_article(article=article, user=reporter, expected_version=1)


def test_create_article_makes_a_draft_of_the_user(reporter):
    article = workflow.create_article(article=Article(headline="新稿", status=Status.PUBLISHED), user=reporter)

    assert (article.status, article.created_by, article.version) == (Status.DRAFT, reporter, 1)


def test_publish_issue_publishes_all_approved_articles_at_once(chief):
    issue = make_issue()
    page = make_page(issue=issue)
    approved = [make_article(page=page, status=Status.APPROVED, published_at=None) for _ in range(3)]
    draft = make_article(page=page, status=Status.DRAFT)

    published = workflow.publish_issue(issue=issue, user=chief)

    assert {a.pk for a in published} == {a.pk for a in approved}
    assert set(Article.objects.published().values_list("pk", flat=True)) == {a.pk for a in approved}
    assert Article.objects.get(pk=draft.pk).status == Status.DRAFT


def test_publish_issue_is_all_or_nothing(chief):
    page = make_page()
    ready = make_article(page=page, status=Status.APPROVED, published_at=None)
    photo_story = make_article(
        page=page, kind=Article.Kind.PHOTO, status=Status.APPROVED, published_at=None, headline="缺署名"
    )
    make_photo(photo_story, credit=None)

    with pytest.raises(workflow.WorkflowError, match="缺署名"):
        workflow.publish_issue(issue=page.issue, user=chief)
    assert Article.objects.get(pk=ready.pk).status == Status.APPROVED


def test_publish_issue_without_approved_articles_says_so(chief):
    issue = make_issue()

    with pytest.raises(workflow.WorkflowError, match="没有已审的稿件"):
        workflow.publish_issue(issue=issue, user=chief)


def test_correction_is_attached_to_a_published_article(editor):
    article = make_article()

    correction = workflow.add_correction(article=article, text="第二段人名有误，已更正。", user=editor)

    assert Correction.objects.get() == correction
    assert (correction.created_by, correction.date) == (editor, timezone.localdate())


def test_correction_on_a_draft_is_refused(editor):
    article = make_article(status=Status.DRAFT)

    with pytest.raises(workflow.WorkflowError, match="只有已发布的稿件才能加更正"):
        workflow.add_correction(article=article, text="更正", user=editor)


def test_reporter_cannot_add_a_correction(reporter):
    with pytest.raises(workflow.WorkflowError, match="没有添加更正的权限"):
        workflow.add_correction(article=make_article(), text="更正", user=reporter)


def test_allowed_actions_follow_state_and_role(reporter, editor, chief):
    review = make_article(status=Status.REVIEW, created_by=reporter)
    approved = make_article(status=Status.APPROVED, published_at=None)

    assert [a.name for a in workflow.allowed_actions(review, reporter)] == []
    assert [a.name for a in workflow.allowed_actions(review, editor)] == ["approve", "send_back"]
    assert [a.name for a in workflow.allowed_actions(approved, chief)] == ["send_back", "publish", "schedule"]


def test_restore_content_brings_back_text_but_not_status(editor):
    article = make_article(headline="新标题", body="新正文")

    workflow.restore_content(
        article=article, fields={"headline": "旧标题", "body": "旧正文", "status": Status.DRAFT}, user=editor,
        expected_version=1,
    )

    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.body, stored.status) == ("旧标题", "旧正文", Status.PUBLISHED)
