"""An article's `updated_at` moves when anything shown with it changes, and
every such save or deletion records its change (articles/services/records.py
and the workflow's part edits)."""

import datetime as dt

import pytest
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, Change
from articles.services import records, workflow
from tests.factories import make_article, make_edition, make_person, make_photo, make_user

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.make_aware(dt.datetime(2020, 1, 1))


@pytest.fixture
def article() -> Article:
    article = make_article()
    Article.objects.filter(pk=article.pk).update(updated_at=LONG_AGO)
    return article


@pytest.fixture
def editor():
    return make_user(superuser=True)


def updated_at(article: Article) -> dt.datetime:
    return Article.objects.values_list("updated_at", flat=True).get(pk=article.pk)


def last_change() -> Change:
    return Change.objects.order_by("-seq").first()


def test_setting_bylines_touches_the_article_and_bumps_its_version(article, editor):
    version = article.version
    workflow.set_bylines(article=article, bylines=[(make_person("邓超"), "记者")], user=editor)
    assert updated_at(article) > LONG_AGO
    assert Article.objects.get(pk=article.pk).version == version + 1
    assert last_change().affected.articles == {article.pk}


def test_removing_a_byline_through_the_service_touches_the_article(article, editor):
    workflow.set_bylines(article=article, bylines=[(make_person("邓超"), "记者")], user=editor)
    Article.objects.filter(pk=article.pk).update(updated_at=LONG_AGO)
    records.delete_record(record=article.bylines.get())
    assert updated_at(article) > LONG_AGO


def test_editing_a_photo_caption_touches_the_article(article):
    photo = make_photo(article)
    Article.objects.filter(pk=article.pk).update(updated_at=LONG_AGO)
    photo.caption = "新的图片说明"
    records.save_record(record=photo)
    assert updated_at(article) > LONG_AGO
    assert (last_change().kind, last_change().action) == ("photo", "edited")


def test_setting_tags_touches_the_article_and_names_old_and_new_tags(article, editor):
    workflow.set_tags(article=article, tags=["党建"], user=editor)
    workflow.set_tags(article=article, tags=["湿地"], user=editor)
    assert updated_at(article) > LONG_AGO
    assert last_change().affected.tags == {"党建", "湿地"}


def test_adding_a_correction_touches_the_article(editor):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(updated_at=LONG_AGO)
    workflow.add_correction(article=article, text="更正：第二段人名有误。", user=editor)
    assert updated_at(article) > LONG_AGO
    assert last_change().kind == "correction"


def test_moving_a_record_names_its_issue_before_and_after():
    first, second = make_edition(), make_edition()
    article = first.inner
    article.page = second.pages[1]
    article.position = 9
    records.save_record(record=article)
    assert last_change().affected.issues == {first.issue.date, second.issue.date}


def test_deleting_an_article_names_it_as_deleted(article):
    article_id = article.pk
    records.delete_article(article=article)
    assert last_change().affected.deleted_articles == {article_id}
    assert last_change().action == "deleted"


def test_a_person_renamed_is_a_change_for_every_page():
    person = make_person("邓超")
    person.name = "邓超然"
    records.save_record(record=person)
    assert last_change().affected.people == {person.pk}
    assert last_change().affected.site


def test_a_failed_save_records_nothing(article):
    before = Change.objects.count()
    article.headline = ""
    with pytest.raises(IntegrityError):  # the headline_not_empty constraint
        records.save_record(record=article)
    assert Change.objects.count() == before
