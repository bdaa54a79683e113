"""Photo uploads: check the file with Pillow, store it, make the renditions.

An upload is refused, with a message naming the file, when it is too large
(NEWSROOM_MAX_UPLOAD_BYTES), not a JPEG/PNG/WebP, broken, or a decompression
bomb (more pixels than NEWSROOM_MAX_IMAGE_PIXELS, checked from the header
before anything is decoded). Renditions are made once per image, at
NEWSROOM_RENDITION_WIDTHS, in the original format and in WebP.
"""

from __future__ import annotations

import io
import warnings
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from articles.services import records
from articles.models import Photo, Rendition

# Pillow's format -> (Rendition.format, which is the MIME subtype: image/<format>; file extension).
ALLOWED_FORMATS = {"JPEG": ("jpeg", "jpg"), "PNG": ("png", "png"), "WEBP": ("webp", "webp")}


def validate_image_upload(upload) -> str:
    """Check an uploaded file; returns its Pillow format or raises ValidationError."""
    name = PurePath(getattr(upload, "name", "") or "").name or _("上传的文件")
    limit = settings.NEWSROOM_MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("“{name}”有 {size}，超过上限 {limit}。").format(
                name=name, size=filesizeformat(size), limit=filesizeformat(limit)
            ),
            code="too_large",
        )
    upload.seek(0)
    try:
        # Our own pixel limit is checked below, from the header alone;
        # Pillow's warning for big (not yet bomb-sized) images is noise here.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                fmt = image.format
                width, height = image.size
                if fmt not in ALLOWED_FORMATS:
                    raise ValidationError(
                        _("“{name}”是 {fmt} 格式；只接受 JPEG、PNG 和 WebP。").format(name=name, fmt=fmt or _("未知")),
                        code="bad_format",
                    )
                if width * height > settings.NEWSROOM_MAX_IMAGE_PIXELS:
                    raise _bomb(name, width, height)
                image.verify()
            upload.seek(0)
            # verify() misses truncated pixel data; decoding finds it.
            with Image.open(upload) as image:
                image.load()
    except Image.DecompressionBombError:
        raise _bomb(name, None, None) from None
    except UnidentifiedImageError:
        raise ValidationError(
            _("“{name}”不是可识别的图片；只接受 JPEG、PNG 和 WebP。").format(name=name), code="not_an_image"
        ) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("“{name}”已损坏，无法读取：{error}").format(name=name, error=error), code="broken"
        ) from None
    finally:
        upload.seek(0)
    return fmt


def _bomb(name: str, width: int | None, height: int | None) -> ValidationError:
    size = f"{width}×{height} " if width else ""
    return ValidationError(
        _("“{name}”的尺寸 {size}超过 {limit} 像素的上限（可能是“解压炸弹”），已拒绝。").format(
            name=name, size=size, limit=f"{settings.NEWSROOM_MAX_IMAGE_PIXELS:,}"
        ),
        code="too_many_pixels",
    )


@transaction.atomic
def attach_image(*, photo: Photo, upload) -> Photo:
    """Store a checked upload as the photo's image and make its renditions."""
    validate_image_upload(upload)
    if photo.pk:
        photo.renditions.all().delete()
    photo.image = upload
    records.save_record(record=photo)
    make_renditions(photo=photo)
    return photo


@transaction.atomic
def remove_image(*, photo: Photo) -> Photo:
    """Drop the photo's image and its renditions; caption and credit stay."""
    photo.renditions.all().delete()
    photo.image = ""
    return records.save_record(record=photo)


@transaction.atomic
def make_renditions(*, photo: Photo) -> list[Rendition]:
    """Make the missing renditions of the photo's image; existing ones are kept.

    Widths above the original's are skipped (no upscaling); the original's
    own width stands in for them, so a small image still has one rendition.
    """
    if not photo.image:
        return []
    existing = {(r.width, r.format): r for r in photo.renditions.all()}
    with photo.image.open("rb") as fh, Image.open(fh) as opened:
        source_format = opened.format
        image = ImageOps.exif_transpose(opened)
        image.load()
    formats = [source_format] if source_format == "WEBP" else [source_format, "WEBP"]
    widths = sorted({min(w, image.width) for w in settings.NEWSROOM_RENDITION_WIDTHS})
    stem = PurePath(photo.image.name).stem
    made = []
    for width in widths:
        height = max(1, round(image.height * width / image.width))
        # reducing_gap: a cheap box reduction first, then Lanczos; several times faster, same look.
        resized = (
            image
            if width == image.width
            else image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        )
        for fmt in formats:
            name, extension = ALLOWED_FORMATS[fmt]
            if (width, name) in existing:
                made.append(existing[(width, name)])
                continue
            rendition = Rendition(photo=photo, width=width, height=height, format=name)
            rendition.file.save(f"{stem}-{width}w.{extension}", ContentFile(_encode(resized, fmt)), save=False)
            rendition.save()
            made.append(rendition)
    return made


def _encode(image: Image.Image, fmt: str) -> bytes:
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    options = {"JPEG": {"quality": 85, "optimize": True}, "WEBP": {"quality": 80}, "PNG": {"optimize": True}}[fmt]
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def srcset(photo: Photo, *, fmt: str | None = None) -> str:
    """`url 480w, url 960w` of the photo's renditions in one format (WebP by default)."""
    fmt = fmt or "webp"
    return ", ".join(f"{r.file.url} {r.width}w" for r in photo.renditions.all() if r.format == fmt)
