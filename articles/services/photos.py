"""Photo uploads: check the file with Pillow, store it, make the renditions.

An upload is refused, with a message naming the file, when it is too large
(NEWSROOM_MAX_UPLOAD_BYTES), not a JPEG/PNG/WebP, broken, or a decompression
bomb (more pixels than NEWSROOM_MAX_IMAGE_PIXELS, checked from the header
before anything is decoded). Renditions are made once per image, at
NEWSROOM_RENDITION_WIDTHS, in the original format and in WebP, each carrying
the caption, photographer, credit line and copyright in XMP (photometa.py).
An upload's own IPTC/XMP fills the photo's empty caption and credit.
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

from articles.models import Person, Photo, Publication, Rendition
from articles.services import records

from . import photometa
from .importing import unique_slug

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
    """Store a checked upload as the photo's image and make its renditions.

    What the file says about itself is kept in `file_metadata` and fills the
    caption, photographer and credit the photo does not have yet.
    """
    validate_image_upload(upload)
    with Image.open(upload) as opened:
        fill_from_metadata(photo=photo, metadata=photometa.read_metadata(opened))
    upload.seek(0)
    if photo.pk:
        photo.renditions.all().delete()
    photo.image = upload
    records.save_record(record=photo)
    make_renditions(photo=photo)
    return photo


def fill_from_metadata(*, photo: Photo, metadata: photometa.PhotoMetadata) -> list[str]:
    """Keep `metadata` on the photo and fill its empty caption, photographer
    and credit from it (not saved here); the names of the fields filled."""
    photo.file_metadata = metadata.as_dict()
    filled = []
    if not photo.caption and metadata.caption:
        photo.caption = metadata.caption
        filled.append("caption")
    name = metadata.creator.split("、")[0].strip()
    if photo.credit_id is None and name and len(name) <= Person._meta.get_field("name").max_length:
        photo.credit = Person.objects.filter(name=name).order_by("pk").first() or Person.objects.create(
            name=name, slug=unique_slug(Person, name)
        )
        filled.append("credit")
    role = photometa.credit_role_from_line(metadata.credit_line, name)
    if not photo.credit_role and role and len(role) <= Photo._meta.get_field("credit_role").max_length:
        photo.credit_role = role
        filled.append("credit_role")
    return filled


def rendition_xmp(photo: Photo) -> bytes:
    """What every rendition of the photo says about itself."""
    copyright_notice = photo.file_metadata.get("copyright") or f"© {Publication.load().name}"
    return photometa.xmp_packet(
        caption=photo.caption,
        creator=photo.credit.name if photo.credit_id else "",
        credit_line=photo.credit_line,
        copyright=copyright_notice,
        date_created=photo.file_metadata.get("date_created", ""),
    )


@transaction.atomic
def save_credits(*, photo: Photo) -> Photo:
    """Save a photo whose caption or credit changed; its renditions are made
    again, so the XMP in them says what the page says."""
    records.save_record(record=photo)
    if photo.image:
        photo.renditions.all().delete()
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
    xmp = rendition_xmp(photo)
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
            rendition.file.save(f"{stem}-{width}w.{extension}", ContentFile(_encode(resized, fmt, xmp)), save=False)
            rendition.save()
            made.append(rendition)
    return made


def _encode(image: Image.Image, fmt: str, xmp: bytes) -> bytes:
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    options = {"JPEG": {"quality": 85, "optimize": True}, "WEBP": {"quality": 80}, "PNG": {"optimize": True}}[fmt]
    image.save(buffer, format=fmt, **options, **photometa.save_options(fmt, xmp))
    return buffer.getvalue()


def srcset(photo: Photo, *, fmt: str | None = None) -> str:
    """`url 480w, url 960w` of the photo's renditions in one format (WebP by default)."""
    fmt = fmt or "webp"
    return ", ".join(f"{r.file.url} {r.width}w" for r in photo.renditions.all() if r.format == fmt)
