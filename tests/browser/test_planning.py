"""The planning board in a real browser: the chief drags a card to another
page, a keyboard user moves one with the fallback form, and the README's
screenshots of the board and the dashboard are taken."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ImportRun
from articles.services import workflow
from newsroom.planning import services
from newsroom.planning.models import PlannedStory
from tests.factories import (
    add_byline,
    make_article,
    make_issue,
    make_page,
    make_person,
    make_photo,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk():
    """An upcoming issue planned by the chief, with stories in every state."""
    chief = make_user("总编", username="zongbian")
    editor = make_user("编辑", username="bianji")
    deng = make_person("邓超")
    deng.user = make_user("记者", username="dengchao")
    deng.save()
    wang = make_person("王鹏")
    wang.user = make_user("记者", username="wangpeng")
    wang.save()
    kong = make_person("孔茜")
    issue = services.plan_issue(
        date=timezone.localdate() + dt.timedelta(days=1),
        pages=[services.PageSpec(n, name) for n, name in enumerate(("头版", "要闻", "新城", "家园"), 1)],
        user=chief,
    )
    front, yaowen, xincheng, jiayuan = issue.pages.order_by("number")
    soon = timezone.now() + dt.timedelta(hours=5)

    def plan(page, slug, headline, reporter=None, **fields):
        return services.add_story(
            page=page, slug=slug, working_headline=headline, reporter=reporter, user=editor, **fields
        )

    lead = plan(front, "党工委会议", "高新区召开党工委扩大会议", deng, photographer=kong, expected_length=1800, due_at=soon)
    article = services.start_writing(story=lead, user=deng.user)
    workflow.submit(article=article, user=deng.user)
    workflow.approve(article=article, user=editor)
    plan(front, "红帆驿站", "红帆驿站落户洸河街道", wang, photographer=kong, expected_length=300, due_at=soon)
    late = plan(yaowen, "湿地公园", "十里湖湿地公园东区8月开园", deng, expected_length=1200,
                due_at=timezone.now() - dt.timedelta(hours=3))
    services.start_writing(story=late, user=deng.user)
    plan(yaowen, "经济运行", "上半年经济运行稳中有进", wang, expected_length=1500, due_at=soon)
    plan(xincheng, "崇文学校", "崇文学校获评国际跳棋特色学校", wang, expected_length=900, notes="需要校方确认奖项名称")
    plan(jiayuan, "社区食堂", "社区长者食堂开张", None, expected_length=600)
    return issue, chief


def log_in(page, live_server, username) -> None:
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))


def test_chief_drags_a_card_to_another_page(live_server, desk, new_page, screenshot, axe_violations):
    issue, _chief = desk
    page = new_page(width=1440, height=1000)
    log_in(page, live_server, "zongbian")
    page.goto(live_server.url + reverse("planning:board", kwargs={"date": issue.date}))
    assert page.locator(".pl-blocker-list li").count() == 5
    assert axe_violations(page) == []
    screenshot(page, "planning-board", keep=True)

    story = PlannedStory.objects.get(slug="经济运行")
    target = issue.pages.get(number=3)
    with page.expect_navigation():
        page.drag_and_drop(f"#story-{story.pk}", f"[data-drop-page='{target.pk}']")
    story.refresh_from_db()
    assert story.page == target
    assert page.locator(f"[data-drop-page='{target.pk}'] #story-{story.pk}").count() == 1
    assert "已把《上半年经济运行稳中有进》移到03 新城" in page.locator(".messagelist").inner_text()
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
    screenshot(page, "planning-board-after-drag")


def test_the_move_form_works_from_the_keyboard(live_server, desk, new_page):
    issue, _chief = desk
    page = new_page(width=1280, height=900)
    log_in(page, live_server, "zongbian")
    page.goto(live_server.url + reverse("planning:board", kwargs={"date": issue.date}))
    story = PlannedStory.objects.get(slug="社区食堂")
    page.focus(f"#story-{story.pk} .pl-move summary")
    page.keyboard.press("Enter")
    page.select_option(f"#move-page-{story.pk}", label="01 头版")
    page.fill(f"#move-position-{story.pk}", "1")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    story.refresh_from_db()
    assert (story.page.number, story.position) == (1, 0)


def test_reporter_sees_own_assignments_first(live_server, desk, new_page, screenshot):
    issue, _chief = desk
    page = new_page(width=1280, height=900)
    log_in(page, live_server, "dengchao")
    page.goto(live_server.url + reverse("planning:board", kwargs={"date": issue.date}))
    mine = page.locator(".pl-mine-list li")
    assert mine.count() == 2
    assert page.locator(".pl-card[draggable=true]").count() == 0
    screenshot(page, "planning-board-reporter")


def test_dashboard_on_the_admin_front_page(live_server, desk, new_page, screenshot, axe_violations):
    writers = [make_person("李娜"), make_person("赵刚"), make_person("刘洋")]
    photographer = make_person("陈晨")
    for n in range(18):
        page = make_page(issue=make_issue(date=timezone.localdate() - dt.timedelta(days=4 * n + 1)),
                         number=n % 3 + 2, section=("要闻", "新城", "家园")[n % 3])
        article = make_article(page=page, published_at=timezone.now() - dt.timedelta(days=4 * n + 1))
        add_byline(article, writers[n % 3 if n % 4 else 0])
        if n % 3 == 0:
            make_photo(article, credit=photographer if n % 2 else None)
    for n, (ok, failed) in enumerate(((4, 0), (1, 2), (12, 0))):
        ImportRun.objects.create(started_at=timezone.now() - dt.timedelta(days=n + 1), files_ok=ok, files_failed=failed)
    assert Article.objects.published().count() == 18
    page = new_page(width=1440, height=1000)
    log_in(page, live_server, "zongbian")
    assert page.locator("svg[role=img]").count() >= 6
    assert axe_violations(page) == []
    screenshot(page, "admin-dashboard", keep=True)
