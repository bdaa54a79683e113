"""The board as each role sees and uses it, through the admin's URLs."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from articles.models import Article
from articles.services import workflow
from newsroom.planning import services
from newsroom.planning.models import PlanChange, PlannedStory
from tests.factories import make_article, make_person, make_user


def board_url(issue):
    return reverse("planning:board", kwargs={"date": issue.date})


def move(client, story, page, position):
    return client.post(reverse("planning:move_story", args=[story.pk]), {"page": page.pk, "position": position})


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


# Access


def test_anonymous_users_are_sent_to_the_admin_login(client, issue):
    response = client.get(board_url(issue))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_a_newsroom_role_get_403(as_user, issue, django_user_model):
    outsider = django_user_model.objects.create_user(username="outsider", password="pw", is_staff=True)
    assert as_user(outsider).get(board_url(issue)).status_code == 403


def test_an_unknown_issue_date_is_404(as_user, chief):
    assert as_user(chief).get("/admin/planning/2001-01-01/").status_code == 404


# Reporter


def test_reporter_sees_own_assignments_first(as_user, issue, pages, add, reporter, reporter_user, other_reporter):
    add(pages[1], "别人的", working_headline="别人的稿子", reporter=other_reporter)
    add(pages[3], "我的", working_headline="我的稿子", reporter=reporter)
    html = as_user(reporter_user).get(board_url(issue)).content.decode()
    mine = html.index('id="pl-mine-title"')
    board = html.index('id="pl-board-title"')
    assert mine < html.index("我的稿子", mine) < board
    assert "别人的稿子" not in html[mine:board]


def test_a_photographer_finds_the_stories_they_shoot_among_their_own(
    as_user, issue, pages, add, photographer, other_reporter
):
    photographer_user = make_user("记者", username="kongqian")
    photographer.user = photographer_user
    photographer.save()
    add(pages[1], "拍的", working_headline="我拍的稿子", photographer=photographer)
    add(pages[2], "别的", working_headline="别人的稿子", reporter=other_reporter)
    client = as_user(photographer_user)

    html = client.get(board_url(issue)).content.decode()
    mine, board = html.index('id="pl-mine-title"'), html.index('id="pl-board-title"')
    assert mine < html.index("我拍的稿子", mine) < board
    assert "别人的稿子" not in html[mine:board]

    listing = client.get(reverse("planning:issues")).content.decode()
    assert "我拍的稿子" in listing and "别人的稿子" not in listing


def test_reporter_gets_no_move_controls_and_the_server_refuses_a_move(as_user, issue, pages, add, reporter_user):
    story = add(pages[1], "a")
    client = as_user(reporter_user)
    html = client.get(board_url(issue)).content.decode()
    assert "pl-move-form" not in html and 'draggable="true"' not in html
    assert move(client, story, pages[2], 1).status_code == 403
    story.refresh_from_db()
    assert story.page == pages[1]


def test_reporter_starts_writing_own_assignment_from_the_board(as_user, issue, pages, add, reporter, reporter_user):
    story = add(pages[1], "a", reporter=reporter)
    client = as_user(reporter_user)
    assert "开始写稿" in client.get(board_url(issue)).content.decode()
    response = client.post(reverse("planning:start_writing", args=[story.pk]))
    article = Article.objects.get()
    assert response["Location"] == reverse("admin:articles_article_change", args=[article.pk])
    assert article.created_by == reporter_user


def test_reporter_cannot_start_writing_another_reporters_story(as_user, issue, pages, add, other_reporter, reporter_user):
    story = add(pages[1], "a", reporter=other_reporter)
    client = as_user(reporter_user)
    response = client.post(reverse("planning:start_writing", args=[story.pk]), follow=True)
    assert "只有被指派的记者或编辑可以" in response.content.decode()
    assert not Article.objects.exists()


def test_reporter_cannot_open_the_add_form(as_user, issue, reporter_user):
    assert as_user(reporter_user).get(reverse("planning:add_story", kwargs={"date": issue.date})).status_code == 403


# Editor


def test_editor_adds_a_story_through_the_form(as_user, issue, pages, editor, reporter):
    response = as_user(editor).post(
        reverse("planning:add_story", kwargs={"date": issue.date}),
        {"page": pages[1].pk, "slug": "湿地公园", "working_headline": "湿地公园开园", "reporter": reporter.pk,
         "expected_length": 900, "due_at": "2030-07-10T18:00"},
    )
    story = PlannedStory.objects.get()
    assert response["Location"] == f"{board_url(issue)}#story-{story.pk}"
    assert (story.page, story.reporter, story.expected_length) == (pages[1], reporter, 900)


def test_the_add_form_shows_a_duplicate_slug_error(as_user, issue, pages, add, editor):
    add(pages[1], "湿地公园")
    response = as_user(editor).post(
        reverse("planning:add_story", kwargs={"date": issue.date}),
        {"page": pages[2].pk, "slug": "湿地公园", "working_headline": "另一篇"},
    )
    assert response.status_code == 200
    assert "稿件代号“湿地公园”在本期已被第02版" in response.content.decode()


def test_editor_assigns_a_reporter_through_the_edit_form(as_user, issue, pages, add, editor, reporter):
    story = add(pages[1], "a", working_headline="标题")
    response = as_user(editor).post(
        reverse("planning:edit_story", args=[story.pk]), {"slug": "a", "working_headline": "标题", "reporter": reporter.pk}
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.reporter == reporter
    assert PlanChange.objects.filter(story=story, action=PlanChange.Action.ASSIGN, user=editor).exists()


def test_editor_cannot_move_or_drop(as_user, issue, pages, add, editor):
    story = add(pages[1], "a")
    client = as_user(editor)
    assert move(client, story, pages[2], 1).status_code == 403
    assert client.post(reverse("planning:drop_story", args=[story.pk])).status_code == 403
    story.refresh_from_db()
    assert (story.page, story.status) == (pages[1], PlannedStory.Status.PLANNED)


def test_editor_cannot_publish_the_issue(as_user, issue, editor):
    assert as_user(editor).post(reverse("planning:publish", kwargs={"date": issue.date})).status_code == 403


# Chief


def test_chief_moves_a_card_with_the_keyboard_form(as_user, issue, pages, add, chief):
    a, b = add(pages[1], "a"), add(pages[1], "b")
    response = move(as_user(chief), b, pages[2], 1)
    assert response["Location"] == f"{board_url(issue)}#story-{b.pk}"
    b.refresh_from_db()
    assert (b.page, b.position) == (pages[2], 0)


def test_a_bad_move_position_is_reported_by_field(as_user, issue, pages, add, chief):
    story = add(pages[1], "a")
    response = as_user(chief).post(
        reverse("planning:move_story", args=[story.pk]), {"page": pages[2].pk, "position": 0}, follow=True
    )
    assert "第几条：" in response.content.decode()
    story.refresh_from_db()
    assert story.page == pages[1]


def test_board_says_what_blocks_publication_and_publish_is_refused(as_user, issue, pages, add, chief, reporter):
    make_article(page=pages[0], status=Article.Status.APPROVED, headline="头条")
    add(pages[1], "a", working_headline="湿地公园开园", reporter=reporter)
    client = as_user(chief)
    html = client.get(board_url(issue)).content.decode()
    assert "第02版《湿地公园开园》还没有开始写稿（记者：邓超）。" in html
    response = client.post(reverse("planning:publish", kwargs={"date": issue.date}), follow=True)
    assert "不能发布：第02版《湿地公园开园》还没有开始写稿" in response.content.decode()
    assert not Article.objects.published().exists()


def test_chief_drops_the_blocking_story_and_publishes(as_user, issue, pages, add, chief):
    make_article(page=pages[0], status=Article.Status.APPROVED, headline="头条")
    story = add(pages[1], "a")
    client = as_user(chief)
    client.post(reverse("planning:drop_story", args=[story.pk]), {"reason": "版面不够"})
    assert "本期可以发布" in client.get(board_url(issue)).content.decode()
    response = client.post(reverse("planning:publish", kwargs={"date": issue.date}), follow=True)
    assert "已发布 1 篇稿件" in response.content.decode()
    assert PlanChange.objects.filter(issue=issue, action=PlanChange.Action.PUBLISH, user=chief).exists()


def test_chief_restores_a_dropped_story(as_user, issue, pages, add, chief):
    story = add(pages[1], "a")
    services.drop_story(story=story, user=chief)
    as_user(chief).post(reverse("planning:restore_story", args=[story.pk]))
    story.refresh_from_db()
    assert story.status == PlannedStory.Status.PLANNED


def test_chief_plans_a_new_issue_from_the_form(as_user, chief):
    response = as_user(chief).post(reverse("planning:plan_issue"), {"date": "2031-01-02", "pages": "01 头版\n02 要闻"})
    assert response["Location"] == "/admin/planning/2031-01-02/"


def test_the_plan_form_shows_the_services_refusal(as_user, issue, chief):
    response = as_user(chief).post(reverse("planning:plan_issue"), {"date": issue.date.isoformat(), "pages": "01 头版"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errornote"' in html and "的期已经存在" in html


def test_the_plan_form_names_the_line_it_cannot_read(as_user, chief):
    response = as_user(chief).post(reverse("planning:plan_issue"), {"date": "2031-01-02", "pages": "01 头版\n要闻"})
    assert "第 2 行“要闻”看不懂" in response.content.decode()


def test_moves_are_listed_in_the_change_log_with_who(as_user, issue, pages, add, chief):
    story = add(pages[1], "a")
    services.move_story(story=story, page=pages[3], position=0, user=chief)
    html = as_user(chief).get(reverse("planning:changes", kwargs={"date": issue.date})).content.decode()
    assert "chief" in html and "从第02版第 1 条移到第04版第 1 条" in html


# Cards


def test_a_late_card_says_so(as_user, issue, pages, add, chief, reporter):
    add(pages[1], "a", reporter=reporter, due_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    html = as_user(chief).get(board_url(issue)).content.decode()
    assert "pl-late" in html and "已逾期" in html


def test_card_status_follows_the_article(as_user, issue, pages, add, chief, reporter, reporter_user):
    story = add(pages[1], "a", reporter=reporter)
    article = services.start_writing(story=story, user=reporter_user)
    workflow.submit(article=article, user=reporter_user)
    html = as_user(chief).get(board_url(issue)).content.decode()
    assert 'pl-badge pl-status-review">待审<' in html


def test_the_planning_pages_have_no_inline_scripts(as_user, issue, pages, add, chief):
    add(pages[1], "a")
    client = as_user(chief)
    for url in (board_url(issue), reverse("planning:issues"), reverse("admin:index")):
        html = client.get(url).content.decode()
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == [], url
        assert not re.search(r"\son[a-z]+=", html), url


def test_the_board_loads_its_script_only_for_the_chief(as_user, issue, editor, chief):
    assert "planning/board.js" not in as_user(editor).get(board_url(issue)).content.decode()
    assert "planning/board.js" in as_user(chief).get(board_url(issue)).content.decode()


# Query counts


def _fill(pages, add, n, people, chief):
    """n stories across the pages, every third one dropped."""
    for i in range(n):
        story = add(pages[i % len(pages)], f"s{i}", reporter=people[i % len(people)])
        if i % 3 == 0:
            services.drop_story(story=story, user=chief)


@pytest.mark.parametrize("n", [4, 16])
def test_board_queries_do_not_grow_with_the_plan(
    as_user, issue, pages, add, chief, reporter, django_assert_num_queries, n
):
    people = [reporter, make_person("王鹏"), make_person("孔茜")]
    _fill(pages, add, n, people, chief)
    client = as_user(chief)
    client.get(board_url(issue))  # warm the session and permission caches
    with django_assert_num_queries(9):
        assert client.get(board_url(issue)).status_code == 200


@pytest.mark.parametrize("n", [2, 12])
def test_issue_list_queries_do_not_grow(
    as_user, issue, pages, add, chief, reporter, reporter_user, django_assert_num_queries, n
):
    _fill(pages, add, n, [reporter], chief)
    client = as_user(reporter_user)
    client.get(reverse("planning:issues"))
    with django_assert_num_queries(7):
        assert client.get(reverse("planning:issues")).status_code == 200


def test_the_issue_list_counts_pages_planned_and_blocking_stories(as_user, issue, pages, add, chief):
    add(pages[0], "a")
    add(pages[1], "b")
    services.drop_story(story=add(pages[1], "c"), user=chief)

    html = as_user(chief).get(reverse("planning:issues")).content.decode()

    row = html[html.index(board_url(issue)):]
    row = row[: row.index("</tr>")]
    assert re.findall(r"<td>(?:<strong>)?(\d+)", row) == ["4", "2", "2"]


def test_the_edit_form_opens_with_the_cards_values(as_user, issue, pages, add, editor, reporter):
    story = add(pages[1], "湿地公园", working_headline="湿地公园开园", reporter=reporter)
    html = as_user(editor).get(reverse("planning:edit_story", args=[story.pk])).content.decode()
    assert 'value="湿地公园开园"' in html
    assert f'<option value="{reporter.pk}" selected>邓超</option>' in html


def test_the_add_form_preselects_the_column_it_came_from(as_user, issue, pages, editor):
    url = reverse("planning:add_story", kwargs={"date": issue.date}) + f"?page={pages[2].pk}"
    html = as_user(editor).get(url).content.decode()
    assert f'<option value="{pages[2].pk}" selected>03 新城</option>' in html


def test_only_the_chief_opens_the_new_issue_form(as_user, chief, editor):
    assert as_user(editor).get(reverse("planning:plan_issue")).status_code == 403
    assert "01 头版" in as_user(chief).get(reverse("planning:plan_issue")).content.decode()


def test_board_shows_planned_against_actual_chars_per_story_and_page(as_user, issue, pages, add, reporter, chief):
    story = add(pages[1], "a", reporter=reporter, expected_length=800)
    add(pages[1], "b", expected_length=300)
    article = services.start_writing(story=story, user=reporter.user)
    article.body = "高新区召开会议。\n\n## 小标题\n\nGDP增长6.5%。"
    article.save()
    html = as_user(chief).get(board_url(issue)).content.decode()
    assert "计划约 800 字 · 实际 12 字" in html
    assert "2 条 · 计划约 1100 字 · 实际 12 字" in html
