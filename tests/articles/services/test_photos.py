import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Photo, Rendition
from articles.services import photos
from tests.factories import make_article, make_photo

pytestmark = pytest.mark.django_db


def image_upload(name="photo.jpg", *, size=(2000, 1000), fmt="JPEG", mode="RGB") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new(mode, size, "#c33").save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue())


def png_header_claiming(width: int, height: int) -> bytes:
    """A PNG whose header states a huge size over a tiny body: a decompression bomb's shape."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


@pytest.fixture
def photo():
    return make_photo(make_article())


def test_jpeg_png_and_webp_are_accepted():
    for name, fmt in (("a.jpg", "JPEG"), ("b.png", "PNG"), ("c.webp", "WEBP")):
        assert photos.validate_image_upload(image_upload(name, size=(10, 10), fmt=fmt)) == fmt


def test_gif_is_refused_naming_the_file_and_format():
    with pytest.raises(ValidationError, match="“anim.gif”是 GIF 格式；只接受 JPEG、PNG 和 WebP") as caught:
        photos.validate_image_upload(image_upload("anim.gif", size=(10, 10), fmt="GIF", mode="P"))
    assert caught.value.code == "bad_format"


def test_a_text_file_is_refused_as_not_an_image():
    with pytest.raises(ValidationError, match="“notes.jpg”不是可识别的图片") as caught:
        photos.validate_image_upload(SimpleUploadedFile("notes.jpg", "这不是图片".encode()))
    assert caught.value.code == "not_an_image"


def test_a_truncated_jpeg_is_refused_as_broken():
    data = image_upload(size=(400, 300)).read()
    with pytest.raises(ValidationError, match="“cut.jpg”已损坏") as caught:
        photos.validate_image_upload(SimpleUploadedFile("cut.jpg", data[: len(data) // 2]))
    assert caught.value.code == "broken"


def test_more_pixels_than_our_limit_is_refused_before_decoding():
    with pytest.raises(ValidationError, match="“bomb.png”的尺寸 9000×9000 超过 60,000,000 像素的上限") as caught:
        photos.validate_image_upload(SimpleUploadedFile("bomb.png", png_header_claiming(9000, 9000)))
    assert caught.value.code == "too_many_pixels"


def test_a_bomb_beyond_pillows_own_limit_is_refused_with_the_same_error():
    with pytest.raises(ValidationError, match="“huge.png”的尺寸 超过") as caught:
        photos.validate_image_upload(SimpleUploadedFile("huge.png", png_header_claiming(30000, 30000)))
    assert caught.value.code == "too_many_pixels"


def test_pixel_limit_comes_from_settings(settings):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 99

    with pytest.raises(ValidationError, match="10×10 超过 99 像素"):
        photos.validate_image_upload(image_upload(size=(10, 10)))


def test_file_over_the_size_limit_is_refused(settings):
    settings.NEWSROOM_MAX_UPLOAD_BYTES = 100
    upload = image_upload("big.jpg", size=(200, 200))

    with pytest.raises(ValidationError, match="“big.jpg”有 .*，超过上限 100") as caught:
        photos.validate_image_upload(upload)
    assert caught.value.code == "too_large"


def test_attach_image_stores_the_file_and_its_dimensions(photo):
    photos.attach_image(photo=photo, upload=image_upload(size=(2000, 1000)))

    stored = Photo.objects.get(pk=photo.pk)
    assert (stored.width, stored.height) == (2000, 1000)
    assert stored.image.name.endswith(".jpg")
    assert stored.renditions.filter(format="jpeg").first().file.name.endswith("-480w.jpg")


def test_attach_image_refuses_a_broken_file_and_keeps_the_photo_unchanged(photo):
    with pytest.raises(ValidationError):
        photos.attach_image(photo=photo, upload=SimpleUploadedFile("x.jpg", b"\xff\xd8\xff broken"))

    assert not Photo.objects.get(pk=photo.pk).image
    assert not Rendition.objects.exists()


def test_renditions_at_each_width_in_original_format_and_webp(photo, settings):
    settings.NEWSROOM_RENDITION_WIDTHS = (480, 960, 1600)

    photos.attach_image(photo=photo, upload=image_upload(size=(2000, 1000)))

    made = set(photo.renditions.values_list("format", "width", "height"))
    assert made == {
        (fmt, w, w // 2) for fmt in ("jpeg", "webp") for w in (480, 960, 1600)
    }


def test_rendition_files_are_real_images_of_their_format(photo):
    photos.attach_image(photo=photo, upload=image_upload(size=(1000, 500)))

    rendition = photo.renditions.get(format="webp", width=480)
    with rendition.file.open("rb") as fh, Image.open(fh) as image:
        assert (image.format, image.size) == ("WEBP", (480, 240))


def test_renditions_are_made_once(photo):
    photos.attach_image(photo=photo, upload=image_upload(size=(2000, 1000)))
    first = set(photo.renditions.values_list("pk", flat=True))

    photos.make_renditions(photo=photo)

    assert set(photo.renditions.values_list("pk", flat=True)) == first


def test_small_image_is_not_upscaled(photo):
    photos.attach_image(photo=photo, upload=image_upload(size=(300, 200)))

    assert set(photo.renditions.values_list("format", "width")) == {("jpeg", 300), ("webp", 300)}


def test_webp_original_gets_webp_renditions_only(photo):
    photos.attach_image(photo=photo, upload=image_upload("a.webp", size=(1000, 500), fmt="WEBP"))

    assert set(photo.renditions.values_list("format", flat=True)) == {"webp"}


def test_png_with_transparency_keeps_png_and_webp(photo):
    photos.attach_image(photo=photo, upload=image_upload("logo.png", size=(600, 600), fmt="PNG", mode="RGBA"))

    assert set(photo.renditions.values_list("format", flat=True)) == {"png", "webp"}


def test_new_image_replaces_the_old_renditions(photo):
    photos.attach_image(photo=photo, upload=image_upload(size=(2000, 1000)))

    photos.attach_image(photo=photo, upload=image_upload("new.png", size=(500, 500), fmt="PNG"))

    assert set(photo.renditions.values_list("format", "width")) == {("png", 480), ("png", 500), ("webp", 480), ("webp", 500)}


def test_remove_image_drops_the_renditions_and_keeps_the_caption(photo):
    photos.attach_image(photo=photo, upload=image_upload(size=(1000, 500)))

    photos.remove_image(photo=photo)

    stored = Photo.objects.get(pk=photo.pk)
    assert (bool(stored.image), stored.caption) == (False, "图片说明")
    assert not stored.renditions.exists()


def test_srcset_lists_webp_renditions_by_width(photo):
    photos.attach_image(photo=photo, upload=image_upload(size=(1000, 500)))

    srcset = photos.srcset(photo)

    assert [part.split()[1] for part in srcset.split(", ")] == ["480w", "960w", "1000w"]
