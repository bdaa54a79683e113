"""Who may do what on the board. The groups grant the permissions (migration
0002): 记者 views and starts writing own assignments, 编辑 also adds, edits and
assigns stories, 总编 also plans issues, moves, drops and publishes."""

from __future__ import annotations

from .models import PlannedStory


def can_view_board(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("planning.view_plannedstory")


def can_plan_issue(user) -> bool:
    return user.is_active and user.has_perm("planning.plan_issue")


def can_add_story(user) -> bool:
    return user.is_active and user.has_perm("planning.add_plannedstory")


def can_edit_story(user) -> bool:
    return user.is_active and user.has_perm("planning.change_plannedstory")


def can_move_story(user) -> bool:
    return user.is_active and user.has_perm("planning.move_plannedstory")


def can_drop_story(user) -> bool:
    return user.is_active and user.has_perm("planning.drop_plannedstory")


def is_assignee(user, story: PlannedStory) -> bool:
    """The story's reporter (who may start writing it)."""
    return story.reporter is not None and story.reporter.user_id == user.pk


def works_on(user, story: PlannedStory) -> bool:
    """The story's reporter or photographer (whose card it is); see PlannedStoryQuerySet.assigned_to."""
    return is_assignee(user, story) or (story.photographer is not None and story.photographer.user_id == user.pk)


def can_start_writing(user, story: PlannedStory) -> bool:
    """Reporters their own assignment; editors anyone's."""
    if not (user.is_active and user.has_perm("planning.start_writing") and user.has_perm("articles.add_article")):
        return False
    return is_assignee(user, story) or can_edit_story(user)


def can_publish_issue(user) -> bool:
    return user.is_active and user.has_perm("articles.publish_article")
