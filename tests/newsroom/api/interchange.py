"""What the interchange tests share: the official IPTC schemas (ninjs JSON
Schemas shipped with the code, the NewsML-G2 2.35 XSD kept with the tests)
and an archive imported from the seed and from generated pages."""

from __future__ import annotations

import datetime as dt
import io
import random
from functools import cache
from pathlib import Path

from lxml import etree
from PIL import Image

from tests.support.seedgen import generate_page
from articles.services.importing import SeedSource, import_files
from newsroom.api import ninjs
from tests.conftest import SEED_FILE

XSD = Path(__file__).resolve().parent / "standards" / "newsml-g2" / "NewsML-G2_2.35-spec-All-Power.xsd"


def ninjs_errors(doc: dict, version: str) -> list[str]:
    """Every way `doc` breaks the official schema, with its JSON pointer."""
    return [
        f"/{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in ninjs.validator(version).iter_errors(doc)
    ]


@cache
def newsml_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def newsml_errors(xml: bytes) -> list[str]:
    schema = newsml_schema()
    schema.validate(etree.fromstring(xml))
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def generated_sources(pages: int = 8, *, seed: int = 18) -> list[SeedSource]:
    """`pages` generated seed files: issues of four pages, front page first."""
    rng = random.Random(seed)
    sections = ["头版", "要闻", "新城", "家园"]
    sources = []
    for n in range(pages):
        number = n % 4 + 1
        date = dt.date(2020, 3, 2) + dt.timedelta(days=n // 4)
        text = generate_page(rng, date=date, front=number == 1, page_number=number, section=sections[number - 1])
        sources.append(SeedSource(name=f"generated-{n:03d}.txt", data=text.encode("utf-8")))
    return sources


def import_archive() -> None:
    """The seed and a generated archive, imported as the importer does (published)."""
    sources = [SeedSource(name=SEED_FILE.name, data=SEED_FILE.read_bytes()), *generated_sources()]
    report = import_files(sources=sources)
    assert not report.failed, [f.message for f in report.failed]


def jpeg_bytes(size: tuple[int, int] = (640, 400), **save_options) -> bytes:
    """A small JPEG made here; `save_options` go to Pillow (xmp=…, exif=…)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, format="JPEG", **save_options)
    return buffer.getvalue()
