"""The three roles and a planned issue to act on."""

from __future__ import annotations

import datetime as dt

import pytest

from newsroom.planning import services
from tests.factories import make_person, make_user


@pytest.fixture
def chief(db):
    return make_user("总编", username="chief")


@pytest.fixture
def editor(db):
    return make_user("编辑", username="editor")


@pytest.fixture
def reporter_user(db):
    return make_user("记者", username="reporter")


@pytest.fixture
def reporter(reporter_user):
    """邓超, whose login is `reporter_user`."""
    person = make_person("邓超")
    person.user = reporter_user
    person.save()
    return person


@pytest.fixture
def other_reporter(db):
    person = make_person("王鹏")
    person.user = make_user("记者", username="wangpeng")
    person.save()
    return person


@pytest.fixture
def photographer(db):
    return make_person("孔茜")


@pytest.fixture
def issue(chief):
    """An upcoming issue of four pages: 01 头版, 02 要闻, 03 新城, 04 家园."""
    return services.plan_issue(
        date=dt.date(2030, 7, 11),
        pages=[services.PageSpec(n, name) for n, name in enumerate(("头版", "要闻", "新城", "家园"), 1)],
        user=chief,
    )


@pytest.fixture
def pages(issue):
    return list(issue.pages.order_by("number"))


@pytest.fixture
def add(editor):
    """add(page, slug, **fields) -> a planned story, added by the editor."""

    def add_story(page, slug, **fields):
        fields.setdefault("working_headline", f"{slug}的暂定标题")
        return services.add_story(page=page, slug=slug, user=editor, **fields)

    return add_story
