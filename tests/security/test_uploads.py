"""Uploads and the importer: file names cannot climb out of their folders,
and an oversized request is refused before any view reads it."""

import io
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from articles.models import ImportRun, Photo, SourceFile
from articles.services.exporting import write_export
from tests.conftest import SEED_FILE
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief():
    client = Client()
    client.force_login(make_user(superuser=True))
    return client


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "#36c").save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["../../evil.txt", "..\\..\\evil.txt", "/etc/evil.txt"])
def test_imported_file_name_loses_its_directories(chief, name):
    upload = SimpleUploadedFile(name, SEED_FILE.read_bytes(), content_type="text/plain")
    chief.post(reverse("admin:articles_importrun_upload"), {"files": [upload]})
    assert list(SourceFile.objects.values_list("name", flat=True)) == ["evil.txt"]


def test_export_of_an_uploaded_traversal_name_stays_in_its_folder(chief, tmp_path):
    upload = SimpleUploadedFile("../../escape.txt", SEED_FILE.read_bytes(), content_type="text/plain")
    chief.post(reverse("admin:articles_importrun_upload"), {"files": [upload]})
    out = tmp_path / "deep" / "out"
    written = write_export(out_dir=out)
    assert written
    assert all(path.resolve().parent == out.resolve() for path in written)
    assert not (tmp_path / "escape.txt").exists()


def test_uploaded_photo_name_cannot_leave_the_photo_folder(chief):
    article = make_article()
    data = {
        "article": str(article.pk),
        "image": SimpleUploadedFile("../../../../evil.jpg", jpeg(), content_type="image/jpeg"),
        "caption": "图为现场。",
        "order": "0",
        "renditions-TOTAL_FORMS": "0",
        "renditions-INITIAL_FORMS": "0",
    }
    chief.post(reverse("admin:articles_photo_add"), data)
    photo = Photo.objects.get(article=article)
    # Photo files are private (articles.files): they stay in the private folder.
    stored = Path(photo.image.path).resolve()
    assert stored.is_relative_to(Path(storages["private"].location).resolve() / "photos")
    assert ".." not in photo.image.name


def test_oversized_import_is_refused_before_reading(chief, settings):
    settings.NEWSROOM_MAX_REQUEST_BYTES = 64 * 1024
    huge = SimpleUploadedFile("huge.txt", SEED_FILE.read_bytes() * 200, content_type="text/plain")
    response = chief.post(reverse("admin:articles_importrun_upload"), {"files": [huge]})
    assert response.status_code == 413
    assert "超过上限 64.0\xa0KB" in response.content.decode()
    assert not ImportRun.objects.exists()
    assert not SourceFile.objects.exists()


def test_import_just_under_the_limit_is_accepted(chief, settings):
    settings.NEWSROOM_MAX_REQUEST_BYTES = 64 * 1024
    upload = SimpleUploadedFile("page.txt", SEED_FILE.read_bytes(), content_type="text/plain")
    response = chief.post(reverse("admin:articles_importrun_upload"), {"files": [upload]})
    assert response.status_code == 200
    assert SourceFile.objects.filter(name="page.txt").exists()


def test_oversized_photo_is_refused_with_its_name(chief, settings):
    settings.NEWSROOM_MAX_UPLOAD_BYTES = 1024
    article = make_article()
    data = {
        "article": str(article.pk),
        "image": SimpleUploadedFile("big.jpg", jpeg() + b"\0" * 4096, content_type="image/jpeg"),
        "caption": "图为现场。",
        "order": "0",
        "renditions-TOTAL_FORMS": "0",
        "renditions-INITIAL_FORMS": "0",
    }
    response = chief.post(reverse("admin:articles_photo_add"), data)
    assert "big.jpg" in response.content.decode()
    assert not Photo.objects.filter(article=article).exists()


def test_malformed_content_length_is_a_bad_request(chief):
    response = chief.generic("POST", reverse("admin:articles_importrun_upload"), b"", CONTENT_LENGTH="lots")
    assert response.status_code == 400
