"""Autosaves and presence rows do not pile up: `services.prune` and `manage.py prune_desk`."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.services import records
from newsroom.desk import services
from newsroom.desk.models import Autosave, Presence
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def autosave(article, user, *, days_ago: float) -> Autosave:
    saved = services.save_autosave(article=article, user=user, fields={"body": "未保存"}, base_version=1)
    Autosave.objects.filter(pk=saved.pk).update(saved_at=NOW - dt.timedelta(days=days_ago))
    return saved


def test_prune_deletes_autosaves_older_than_the_age_and_keeps_newer_ones():
    editor = make_user("编辑")
    old, recent = make_article(), make_article()
    autosave(old, editor, days_ago=15)
    autosave(recent, editor, days_ago=13)
    pruned = services.prune(autosave_age=dt.timedelta(days=14), now=NOW)
    assert pruned.autosaves == 1
    assert list(Autosave.objects.values_list("article", flat=True)) == [recent.pk]


def test_the_default_age_is_the_setting(settings):
    settings.NEWSROOM_DESK_AUTOSAVE_KEEP_DAYS = 2
    autosave(make_article(), make_user("编辑"), days_ago=3)
    assert services.prune(now=NOW).autosaves == 1


def test_prune_deletes_presence_past_the_presence_window_only(settings):
    settings.NEWSROOM_DESK_PRESENCE_SECONDS = 45
    article = make_article()
    gone, here = make_user("编辑"), make_user("编辑")
    services.heartbeat(article=article, user=gone, now=NOW - dt.timedelta(seconds=46))
    services.heartbeat(article=article, user=here, now=NOW - dt.timedelta(seconds=30))
    assert services.prune(now=NOW).presences == 1
    assert list(Presence.objects.values_list("user", flat=True)) == [here.pk]


def test_deleting_an_article_takes_its_autosaves_and_presence_with_it():
    article, editor = make_article(), make_user("编辑")
    autosave(article, editor, days_ago=0)
    services.heartbeat(article=article, user=editor)
    records.delete_article(article=article)
    assert not Autosave.objects.exists()
    assert not Presence.objects.exists()


def test_the_command_prunes_by_its_flag_and_says_how_many():
    autosave(make_article(), make_user("编辑"), days_ago=4)
    autosave(make_article(), make_user("编辑"), days_ago=2)
    out = StringIO()
    call_command("prune_desk", "--autosave-days=3", stdout=out)
    assert Autosave.objects.count() == 1
    assert out.getvalue() == "Pruned 1 autosave(s) older than 3 day(s) and 0 stale presence row(s).\n"


def test_the_command_is_silent_at_verbosity_zero():
    out = StringIO()
    call_command("prune_desk", verbosity=0, stdout=out)
    assert out.getvalue() == ""


def test_the_command_refuses_a_non_positive_age():
    with pytest.raises(CommandError, match="--autosave-days"):
        call_command("prune_desk", "--autosave-days=0")
