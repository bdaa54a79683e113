import datetime as dt

import pytest

from articles.models import Article, Issue
from articles.services import workflow
from newsroom.planning import services
from newsroom.planning.models import PlanChange, PlannedStory
from tests.factories import make_article, make_issue, make_page


def positions(page):
    return list(PlannedStory.objects.planned().filter(page=page).order_by("position").values_list("slug", "position"))


# plan_issue


def test_plan_issue_creates_the_issue_with_its_pages_and_sections(issue):
    assert [p.label for p in issue.pages.order_by("number")] == ["01 头版", "02 要闻", "03 新城", "04 家园"]


def test_plan_issue_is_logged_with_who(issue, chief):
    change = PlanChange.objects.get(issue=issue)
    assert (change.user, change.action) == (chief, PlanChange.Action.PLAN_ISSUE)


def test_plan_issue_refuses_an_existing_date_naming_it(issue, chief):
    with pytest.raises(services.PlanningError, match="2030-07-11 的期已经存在"):
        services.plan_issue(date=issue.date, pages=[services.PageSpec(1, "头版")], user=chief)


def test_plan_issue_refuses_duplicate_page_numbers(chief):
    pages = [services.PageSpec(2, "要闻"), services.PageSpec(2, "新城")]
    with pytest.raises(services.PlanningError, match="版次重复：02"):
        services.plan_issue(date=dt.date(2030, 1, 1), pages=pages, user=chief)
    assert not Issue.objects.filter(date=dt.date(2030, 1, 1)).exists()


def test_plan_issue_is_for_the_chief_only(editor):
    with pytest.raises(services.PlanningError, match="没有新建待出版期的权限"):
        services.plan_issue(date=dt.date(2030, 1, 1), pages=[services.PageSpec(1, "头版")], user=editor)


# add and edit


def test_add_story_appends_at_the_bottom_of_the_page(pages, add):
    add(pages[1], "湿地公园")
    add(pages[1], "崇文学校")
    assert positions(pages[1]) == [("湿地公园", 0), ("崇文学校", 1)]


def test_add_story_refuses_a_slug_already_used_in_the_issue(pages, add):
    add(pages[1], "湿地公园")
    with pytest.raises(services.PlanningError, match="“湿地公园”在本期已被第02版"):
        add(pages[2], "湿地公园")


def test_reporter_cannot_add_a_story(pages, reporter_user):
    with pytest.raises(services.PlanningError, match="没有新增选题的权限"):
        services.add_story(page=pages[0], slug="x", working_headline="标题", user=reporter_user)


def test_editor_assigns_reporter_and_photographer_and_it_is_logged(pages, add, editor, reporter, photographer):
    story = add(pages[1], "湿地公园")
    services.assign(story=story, user=editor, reporter=reporter, photographer=photographer)
    story.refresh_from_db()
    assert (story.reporter, story.photographer) == (reporter, photographer)
    change = PlanChange.objects.filter(story=story).first()
    assert change.action == PlanChange.Action.ASSIGN
    assert change.details == {"reporter": [None, "邓超"], "photographer": [None, "孔茜"]}
    assert change.user == editor


def test_edit_story_records_the_fields_before_and_after(pages, add, editor):
    story = add(pages[1], "湿地公园", expected_length=800)
    services.edit_story(story=story, user=editor, changes={"expected_length": 1200, "notes": "配图两张"})
    change = PlanChange.objects.filter(story=story).first()
    assert change.action == PlanChange.Action.EDIT
    assert change.details == {"expected_length": [800, 1200], "notes": ["", "配图两张"]}


def test_edit_story_refuses_unknown_fields_by_name(pages, add, editor):
    story = add(pages[1], "湿地公园")
    with pytest.raises(services.PlanningError, match="status"):
        services.edit_story(story=story, user=editor, changes={"status": "dropped"})


def test_edit_story_without_changes_logs_nothing(pages, add, editor):
    story = add(pages[1], "湿地公园")
    services.edit_story(story=story, user=editor, changes={"slug": "湿地公园"})
    assert PlanChange.objects.filter(story=story).count() == 1


def test_reporter_cannot_assign(pages, add, reporter_user, reporter):
    story = add(pages[1], "湿地公园")
    with pytest.raises(services.PlanningError, match="没有修改选题或指派记者的权限"):
        services.assign(story=story, user=reporter_user, reporter=reporter)


# move


def test_chief_moves_a_story_within_its_page(pages, add, chief):
    a, b, c = add(pages[1], "a"), add(pages[1], "b"), add(pages[1], "c")
    services.move_story(story=c, page=pages[1], position=0, user=chief)
    assert positions(pages[1]) == [("c", 0), ("a", 1), ("b", 2)]


def test_chief_moves_a_story_to_another_page_and_both_pages_stay_dense(pages, add, chief):
    add(pages[1], "a"), add(pages[1], "b")
    x = add(pages[2], "x")
    services.move_story(story=PlannedStory.objects.get(slug="a"), page=pages[2], position=1, user=chief)
    assert positions(pages[1]) == [("b", 0)]
    assert positions(pages[2]) == [("x", 0), ("a", 1)]
    change = PlanChange.objects.filter(action=PlanChange.Action.MOVE).get()
    assert change.summary == "把《a的暂定标题》从第02版第 1 条移到第03版第 2 条"
    assert x.page == pages[2]


def test_move_past_the_end_puts_the_story_last(pages, add, chief):
    a = add(pages[1], "a")
    add(pages[2], "x")
    services.move_story(story=a, page=pages[2], position=50, user=chief)
    assert positions(pages[2]) == [("x", 0), ("a", 1)]


def test_editor_cannot_move(pages, add, editor):
    a = add(pages[1], "a")
    with pytest.raises(services.PlanningError, match="只有总编可以移动选题"):
        services.move_story(story=a, page=pages[2], position=0, user=editor)
    assert positions(pages[1]) == [("a", 0)]


def test_move_to_an_earlier_issue_is_refused_naming_the_page(pages, add, chief):
    earlier = make_page(issue=make_issue(date=dt.date(2020, 1, 1)), number=2, section="要闻")
    a = add(pages[1], "a")
    with pytest.raises(services.PlanningError, match="只能移到本期或以后某期的版面"):
        services.move_story(story=a, page=earlier, position=0, user=chief)


def test_move_takes_the_written_article_along_in_plan_order(pages, add, chief, editor, reporter):
    a = add(pages[1], "a", reporter=reporter)
    add(pages[2], "x")
    article = services.start_writing(story=a, user=editor)
    services.move_story(story=a, page=pages[2], position=0, user=chief)
    article.refresh_from_db()
    assert (article.page, article.position) == (pages[2], 0)


# drop and restore


def test_chief_drops_a_story_and_its_article_leaves_the_page(pages, add, chief, editor, reporter):
    a = add(pages[1], "a", reporter=reporter)
    add(pages[1], "b")
    article = services.start_writing(story=a, user=editor)
    services.drop_story(story=a, user=chief, reason="篇幅不够")
    article.refresh_from_db()
    assert article.page is None
    assert positions(pages[1]) == [("b", 0)]
    assert PlanChange.objects.filter(action=PlanChange.Action.DROP).get().summary.endswith("：篇幅不够")


def test_restore_puts_a_dropped_story_back_at_the_bottom(pages, add, chief):
    a = add(pages[1], "a")
    add(pages[1], "b")
    services.drop_story(story=a, user=chief)
    services.restore_story(story=a, user=chief)
    assert positions(pages[1]) == [("b", 0), ("a", 1)]


def test_editor_cannot_drop(pages, add, editor):
    a = add(pages[1], "a")
    with pytest.raises(services.PlanningError, match="只有总编可以撤下选题"):
        services.drop_story(story=a, user=editor)


def test_drop_refuses_a_story_whose_article_is_published(pages, add, chief):
    a = add(pages[1], "a")
    PlannedStory.objects.filter(pk=a.pk).update(article=make_article(page=pages[1], position=5))
    with pytest.raises(services.PlanningError, match="已发布，不能撤下"):
        services.drop_story(story=a, user=chief)


# start writing


def test_reporter_starts_writing_own_assignment_as_a_draft_of_their_own(pages, add, reporter, reporter_user, photographer):
    story = add(pages[1], "湿地公园", working_headline="湿地公园东区开园", reporter=reporter, photographer=photographer)
    article = services.start_writing(story=story, user=reporter_user)
    story.refresh_from_db()
    assert story.article == article
    assert (article.status, article.created_by, article.page) == (Article.Status.DRAFT, reporter_user, pages[1])
    assert article.headline == "湿地公园东区开园"
    assert [(b.person.name, b.role) for b in article.bylines.order_by("order")] == [("邓超", "记者"), ("孔茜", "摄影")]


def test_reporter_cannot_start_writing_someone_elses_story(pages, add, other_reporter, reporter_user):
    story = add(pages[1], "湿地公园", reporter=other_reporter)
    with pytest.raises(services.PlanningError, match="只有被指派的记者或编辑"):
        services.start_writing(story=story, user=reporter_user)
    assert not Article.objects.exists()


def test_start_writing_needs_a_reporter_with_a_login(pages, add, editor, photographer):
    story = add(pages[1], "湿地公园", reporter=photographer)
    with pytest.raises(services.PlanningError, match="记者孔茜没有后台账号"):
        services.start_writing(story=story, user=editor)


def test_start_writing_twice_is_refused(pages, add, editor, reporter):
    story = add(pages[1], "湿地公园", reporter=reporter)
    services.start_writing(story=story, user=editor)
    with pytest.raises(services.PlanningError, match="已经开始写稿"):
        services.start_writing(story=story, user=editor)


def test_story_status_follows_the_articles_workflow(pages, add, editor, reporter, reporter_user):
    story = add(pages[1], "湿地公园", reporter=reporter)
    assert story.status_label() == "待写"
    article = services.start_writing(story=story, user=reporter_user)
    workflow.submit(article=article, user=reporter_user)
    story = PlannedStory.objects.select_related("article").get(pk=story.pk)
    assert story.status_label() == "待审"


def test_a_story_is_late_after_its_due_time_until_submitted(pages, add, reporter, reporter_user):
    due = dt.datetime(2030, 7, 10, 18, tzinfo=dt.UTC)
    story = add(pages[1], "湿地公园", reporter=reporter, due_at=due)
    assert story.is_late(due + dt.timedelta(minutes=1))
    assert not story.is_late(due - dt.timedelta(minutes=1))
    article = services.start_writing(story=story, user=reporter_user)
    workflow.submit(article=article, user=reporter_user)
    story = PlannedStory.objects.select_related("article").get(pk=story.pk)
    assert not story.is_late(due + dt.timedelta(hours=1))
