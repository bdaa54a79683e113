"""Page files made on the spot with Pillow and pypdf; none are downloaded."""

from __future__ import annotations

import io

import pypdf
from PIL import Image, ImageDraw


def page_image(width: int = 300, height: int = 450, *, mode: str = "RGB") -> Image.Image:
    """A page-like image: white paper with two dark 'articles'."""
    image = Image.new(mode, (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, width - 10, height // 3), fill="black")
    draw.rectangle((10, height // 2, width // 2, height - 10), fill="gray")
    return image


def image_bytes(fmt: str = "JPEG", *, width: int = 300, height: int = 450) -> bytes:
    buffer = io.BytesIO()
    page_image(width, height, mode="RGBA" if fmt == "PNG" else "RGB").save(buffer, format=fmt)
    return buffer.getvalue()


def pdf_bytes(*, pages: int = 1, width: int = 300, height: int = 450) -> bytes:
    """A PDF of `pages` pages, each `width`×`height` points."""
    images = [page_image(width, height) for _ in range(pages)]
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", resolution=72, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def encrypted_pdf_bytes() -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_page_count(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def make_scan(page, *, data: bytes | None = None, name: str = "01.pdf"):
    """A page's scan attached through the service, as editors attach it."""
    from newsroom.epaper.services import attach_scan

    return attach_scan(page=page, name=name, data=data or pdf_bytes()).scan


def make_zone(
    scan, article, *, x: float = 0.1, y: float = 0.1, w: float = 0.3, h: float = 0.2, points=(), status: str = "accepted"
):
    """A zone as an editor saves it: a rectangle, or a polygon when `points` are given."""
    from newsroom.epaper.models import Zone

    zone = Zone(scan=scan, article=article, x=x, y=y, w=w, h=h, points=[list(p) for p in points], status=status)
    zone.full_clean()
    zone.save()
    return zone


def newspaper_pdf(width: int = 600, height: int = 900) -> bytes:
    """A page that looks printed: a red masthead band, a lead block with a
    headline bar and text lines, a photo, and columns of body text."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 20, width - 30, 80), fill="#b0000f")
    draw.rectangle((30, 100, width - 30, 125), fill="#222")
    for y in range(140, 380, 12):
        draw.line((30, y, width - 30, y), fill="#999", width=4)
    draw.rectangle((30, 460, width // 2 - 10, 700), fill="#777")
    for x0 in (width // 2 + 10,):
        draw.rectangle((x0, 450, width - 30, 470), fill="#222")
        for y in range(485, 840, 12):
            draw.line((x0, y, width - 30, y), fill="#999", width=4)
    for y in range(715, 840, 12):
        draw.line((30, y, width // 2 - 10, y), fill="#999", width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PDF", resolution=72)
    return buffer.getvalue()


def printed_page(articles, *, masthead: str = "", ad: str = "", photo_story=None):
    """A page PDF with a text layer setting `articles` (the first as the lead),
    made as the layout system would; returns the LaidPage (its `truth`
    keyed by article pk)."""
    from tests.support.pagepdf import PrintedStory, lay_out

    def printed(article):
        return PrintedStory(article.pk, article.headline, deck=article.deck, paragraphs=tuple(article.paragraphs))

    inset = None
    if photo_story is not None:
        caption = "".join(photo.caption for photo in photo_story.photos.all())
        inset = PrintedStory(photo_story.pk, photo_story.headline, caption=caption)
    return lay_out([printed(a) for a in articles], photo_story=inset, masthead=masthead, ad=ad)
