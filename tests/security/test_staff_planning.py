"""The planning board is shared by the whole newsroom, so it names each story
by the plan's working headline, never by its article's: a reporter reading
the board does not read a colleague's draft (articles.policy)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from articles.models import Article
from newsroom.planning import services
from tests.factories import edit_article, make_person, make_user


def test_the_board_shows_a_reporter_no_headline_of_a_colleagues_draft(client, db):
    chief = make_user("总编", username="board-chief")
    writer = make_person("邓超")
    writer.user = make_user("记者", username="board-writer")
    writer.save()
    issue = services.plan_issue(date=dt.date(2030, 7, 11), pages=[services.PageSpec(1, "头版")], user=chief)
    story = services.add_story(
        page=issue.pages.get(), slug="湿地", working_headline="湿地公园开园", reporter=writer, user=chief
    )
    article = services.start_writing(story=story, user=writer.user)
    edit_article(Article.objects.get(pk=article.pk), headline="尚未发表的独家标题")

    client.force_login(make_user("记者", username="board-colleague"))
    html = client.get(reverse("planning:board", kwargs={"date": issue.date})).content.decode()

    assert "湿地公园开园" in html
    assert "尚未发表的独家标题" not in html
