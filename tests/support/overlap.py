"""How well found zones cover the true ones: polygons (page fractions)
rasterised onto a page-shaped bitmap, shared by the zoning tests and the
autozone benchmark."""

from __future__ import annotations

from PIL import Image, ImageChops, ImageDraw

from tests.support.pagepdf import PAGE_H, PAGE_W

# IoU is counted on a raster of this many pixels across the page.
RASTER_WIDTH = 842


def mask(shapes) -> Image.Image:
    height = round(RASTER_WIDTH * PAGE_H / PAGE_W)
    image = Image.new("1", (RASTER_WIDTH, height), 0)
    draw = ImageDraw.Draw(image)
    for shape in shapes:
        draw.polygon([(x * RASTER_WIDTH, y * height) for x, y in shape], fill=255)
    return image


def pixels(image: Image.Image) -> int:
    return image.histogram()[-1]


def iou(a, b) -> float:
    """Intersection over union of two sets of polygons (page fractions)."""
    ma, mb = mask(a), mask(b)
    union = pixels(ImageChops.logical_or(ma, mb))
    return pixels(ImageChops.logical_and(ma, mb)) / union if union else 0.0
