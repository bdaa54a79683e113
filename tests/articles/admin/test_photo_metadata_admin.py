"""The photo admin shows what the uploaded file said about itself, and a
changed caption or credit reaches the renditions' XMP."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.services import photometa, photos
from tests.articles.services.test_photometa import WIRE_IIM, jpeg
from tests.factories import make_article, make_photo

from .conftest import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo():
    photo = make_photo(make_article(), caption="")
    photos.attach_image(photo=photo, upload=SimpleUploadedFile("wire.jpg", jpeg(iim=WIRE_IIM)))
    return photo


def test_the_change_form_shows_what_came_from_the_file(superuser_client, photo):
    html = superuser_client.get(reverse("admin:articles_photo_change", args=[photo.pk])).content.decode()
    assert "文件自带信息" in html
    assert "<strong>版权</strong>：© 济宁高新区报社" in html
    assert "<strong>来源</strong>：IPTC IIM" in html


def test_editing_the_caption_in_the_admin_rewrites_it_into_the_renditions(superuser_client, photo):
    url = reverse("admin:articles_photo_change", args=[photo.pk])
    data = form_data(superuser_client.get(url))
    data["caption"] = "编辑改过的说明"
    data.pop("image", None)
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    for rendition in photo.renditions.all():
        with rendition.file.open("rb") as fh, Image.open(fh) as image:
            assert photometa.read_metadata(image).caption == "编辑改过的说明"
