import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from newsroom.planning import services
from newsroom.planning.models import PlanChange, PlannedStory


def test_story_str_and_board_url_point_at_its_card_on_the_board(pages, add):
    story = add(pages[1], "湿地公园", working_headline="湿地公园开园")
    assert str(story) == "湿地公园：湿地公园开园"
    assert story.board_url() == f"/admin/planning/2030-07-11/#story-{story.pk}"
    assert not hasattr(story, "get_absolute_url")  # a staff page, not a public one


def test_two_planned_stories_cannot_share_a_place_on_a_page(pages, add):
    story = add(pages[1], "a")
    with pytest.raises(IntegrityError), transaction.atomic():
        PlannedStory.objects.create(page=pages[1], position=story.position, slug="b", working_headline="b")


def test_a_dropped_story_leaves_its_place_free(pages, add, chief):
    story = add(pages[1], "a")
    services.drop_story(story=story, user=chief)
    assert PlannedStory.objects.create(page=pages[1], position=story.position, slug="b", working_headline="b").pk


def test_a_story_needs_a_headline(pages):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlannedStory.objects.create(page=pages[1], slug="a", working_headline="")


def test_change_str_says_when_and_what(issue):
    change = PlanChange.objects.get(issue=issue)
    assert str(change).endswith("新建期：新建 2030年7月11日 星期四，共 4 个版面")
    assert not hasattr(change, "get_absolute_url")  # a staff record, not a public page


def test_the_admin_lists_the_plan_read_only(client, pages, add, chief):
    add(pages[1], "湿地公园")
    client.force_login(chief)
    html = client.get(reverse("admin:planning_plannedstory_changelist")).content.decode()
    assert "湿地公园" in html and "打开策划板" in html
    assert client.get(reverse("admin:planning_plannedstory_add")).status_code == 403
    assert client.get(reverse("admin:planning_planchange_changelist")).status_code == 200
