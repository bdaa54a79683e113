"""The plan holds up `articles.services.workflow.publish_issue` through the
core's `issue_publication_requested` signal."""

import datetime as dt

import pytest

from articles.models import Article
from articles.services import workflow
from newsroom.planning import services
from newsroom.planning.signals import block_unready_stories
from tests.factories import make_article

APPROVED = Article.Status.APPROVED


@pytest.fixture
def approved(pages):
    return make_article(page=pages[0], status=APPROVED, headline="已审的头条")


def test_publish_issue_is_refused_while_a_planned_story_is_unwritten(issue, pages, add, approved, chief, reporter):
    add(pages[1], "湿地公园", working_headline="湿地公园开园", reporter=reporter)
    with pytest.raises(workflow.WorkflowError, match="第02版《湿地公园开园》还没有开始写稿（记者：邓超）"):
        workflow.publish_issue(issue=issue, user=chief)
    approved.refresh_from_db()
    assert approved.status == APPROVED


def test_the_refusal_lists_every_blocking_story(issue, pages, add, approved, chief, editor, reporter):
    add(pages[1], "湿地公园", working_headline="湿地公园开园")
    draft = add(pages[2], "崇文学校", working_headline="崇文学校获评", reporter=reporter)
    services.start_writing(story=draft, user=editor)
    with pytest.raises(workflow.WorkflowError) as refusal:
        workflow.publish_issue(issue=issue, user=chief)
    assert "第02版《湿地公园开园》还没有开始写稿（记者：未指派）" in str(refusal.value)
    assert "第03版《崇文学校获评》的稿件还是“草稿”，尚未审核通过" in str(refusal.value)


def test_dropping_the_story_unblocks_publication(issue, pages, add, approved, chief):
    story = add(pages[1], "湿地公园")
    services.drop_story(story=story, user=chief)
    published = workflow.publish_issue(issue=issue, user=chief)
    assert [a.headline for a in published] == ["已审的头条"]


def test_moving_the_story_to_a_later_issue_unblocks_publication(issue, pages, add, approved, chief):
    later = services.plan_issue(date=issue.date + dt.timedelta(days=1), pages=[services.PageSpec(2, "要闻")], user=chief)
    story = add(pages[1], "湿地公园")
    services.move_story(story=story, page=later.pages.get(), position=0, user=chief)
    assert workflow.publish_issue(issue=issue, user=chief)
    assert block_unready_stories(sender=None, issue=later) == ["第02版《湿地公园的暂定标题》还没有开始写稿（记者：未指派）。"]


def test_an_approved_planned_story_does_not_block(issue, pages, add, chief, editor, reporter, reporter_user):
    story = add(pages[1], "湿地公园", reporter=reporter)
    article = services.start_writing(story=story, user=reporter_user)
    workflow.submit(article=article, user=reporter_user)
    workflow.approve(article=article, user=editor)
    assert block_unready_stories(sender=None, issue=issue) == []
    published = workflow.publish_issue(issue=issue, user=chief)
    assert [a.pk for a in published] == [article.pk]


def test_an_issue_without_a_plan_publishes_as_before(chief):
    article = make_article(status=APPROVED)
    assert workflow.publish_issue(issue=article.page.issue, user=chief) == [article]
