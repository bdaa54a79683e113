"""Keep `Article.updated_at` honest: it is "when anything shown with the
article last changed", which the API's incremental sync (`updated_since`)
and the feeds rely on. Bylines, photos and tags are rows of their own, so
saving one would otherwise leave the article's time where it was."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from taggit.models import TaggedItem

from .models import Article, Byline, Correction, Photo


def touch(article_id: int | None, *, using: str) -> None:
    """Bump the article's `updated_at` without a save: no version bump, no
    signals, one UPDATE (nothing when the article itself is being deleted)."""
    if article_id is not None:
        Article.objects.using(using).filter(pk=article_id).update(updated_at=timezone.now())


@receiver([post_save, post_delete], sender=Byline, dispatch_uid="articles.touch_on_byline")
@receiver([post_save, post_delete], sender=Photo, dispatch_uid="articles.touch_on_photo")
@receiver([post_save, post_delete], sender=Correction, dispatch_uid="articles.touch_on_correction")
def touch_on_part_change(sender, instance, using, **kwargs) -> None:
    touch(instance.article_id, using=using)


@receiver([post_save, post_delete], sender=TaggedItem, dispatch_uid="articles.touch_on_tag")
def touch_on_tag_change(sender, instance, using, **kwargs) -> None:
    if instance.content_type_id == ContentType.objects.db_manager(using).get_for_model(Article).pk:
        touch(instance.object_id, using=using)
