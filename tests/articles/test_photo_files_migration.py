"""Migration 0007 moves existing photo files, originals and renditions, from
the public media storage to the private one, under the same names."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from articles.models import Photo, Rendition

from ..factories import make_article, make_photo

migration = importlib.import_module("articles.migrations.0007_i14_private_photo_files")

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_files():
    """A photo and a rendition whose files sit in public media, as before 0007."""
    photo = make_photo(make_article())
    public = storages["default"]
    photo_name = public.save("photos/2019/07/old.jpg", ContentFile(b"original"))
    rendition_name = public.save("renditions/2019/07/old-480w.webp", ContentFile(b"rendition"))
    Photo.objects.filter(pk=photo.pk).update(image=photo_name)
    Rendition.objects.create(photo=photo, width=480, height=320, format="webp", file=rendition_name)
    return {photo_name: b"original", rendition_name: b"rendition"}


def test_existing_files_move_to_private_storage_under_the_same_names(public_files):
    migration.to_private(apps, None)
    for name, content in public_files.items():
        assert not storages["default"].exists(name)
        with storages["private"].open(name) as moved:
            assert moved.read() == content


def test_a_second_run_changes_nothing(public_files):
    migration.to_private(apps, None)
    migration.to_private(apps, None)
    assert all(storages["private"].exists(name) for name in public_files)


def test_reversing_puts_the_files_back_in_public_media(public_files):
    migration.to_private(apps, None)
    migration.to_public(apps, None)
    assert all(storages["default"].exists(name) and not storages["private"].exists(name) for name in public_files)
