"""Reading the paper's details never writes (issue 14): the singleton row is
made by a migration, and `Publication.load()` on a read path only reads."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Publication


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_the_publication_endpoint_writes_nothing(client, paper):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("api:get_publication"))
    assert response.status_code == 200
    assert response.json()["hotline"] == "6557709"
    assert not _writes(queries)


def test_a_missing_row_is_not_created_by_a_read(client, db):
    Publication.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("api:get_publication"))
    assert response.status_code == 200
    assert response.json()["name"] == Publication._meta.get_field("name").default
    assert not _writes(queries)
    assert not Publication.objects.exists()


def test_load_falls_back_to_an_unsaved_default(db):
    Publication.objects.all().delete()
    publication = Publication.load()
    assert publication.pk == 1 and publication._state.adding


def test_the_migration_creates_the_singleton(db):
    Publication.objects.all().delete()
    import_module("articles.migrations.0003_i14_epaper_release").create_publication(apps, None)
    assert list(Publication.objects.values_list("pk", flat=True)) == [1]
