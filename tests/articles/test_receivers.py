"""An article's `updated_at` moves when anything shown with it changes."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article, Correction
from tests.factories import add_byline, make_article, make_person, make_photo

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.make_aware(dt.datetime(2020, 1, 1))


@pytest.fixture
def article() -> Article:
    article = make_article()
    Article.objects.filter(pk=article.pk).update(updated_at=LONG_AGO)
    return article


def updated_at(article: Article) -> dt.datetime:
    return Article.objects.values_list("updated_at", flat=True).get(pk=article.pk)


def test_adding_a_byline_touches_the_article(article):
    add_byline(article, make_person("邓超"))

    assert updated_at(article) > LONG_AGO


def test_removing_a_byline_touches_the_article(article):
    byline = add_byline(article, make_person("邓超"))
    Article.objects.filter(pk=article.pk).update(updated_at=LONG_AGO)

    byline.delete()

    assert updated_at(article) > LONG_AGO


def test_editing_a_photo_caption_touches_the_article(article):
    photo = make_photo(article)
    Article.objects.filter(pk=article.pk).update(updated_at=LONG_AGO)

    photo.caption = "新的图片说明"
    photo.save()

    assert updated_at(article) > LONG_AGO


def test_adding_a_tag_touches_the_article(article):
    article.tags.add("湿地")

    assert updated_at(article) > LONG_AGO


def test_removing_a_tag_touches_the_article(article):
    article.tags.add("湿地")
    Article.objects.filter(pk=article.pk).update(updated_at=LONG_AGO)

    article.tags.remove("湿地")

    assert updated_at(article) > LONG_AGO


def test_adding_a_correction_touches_the_article(article):
    Correction.objects.create(article=article, text="更正：第二段人名有误。")

    assert updated_at(article) > LONG_AGO


def test_touching_leaves_the_version_alone(article):
    version = article.version

    add_byline(article, make_person("邓超"))

    assert Article.objects.get(pk=article.pk).version == version


def test_deleting_the_article_with_its_parts_succeeds(article):
    add_byline(article, make_person("邓超"))
    make_photo(article)

    article.delete()

    assert not Article.objects.filter(pk=article.pk).exists()
