"""Markup typed into any field (or imported from a seed file) is shown as text.

Each field gets a marker and a payload that would run script if it reached
the page unescaped; the marker proves the field is rendered on that page.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Correction
from articles.services.importing import SeedSource, import_files
from tests.factories import make_channel, make_edition, make_photo, set_publication

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"
# For fields of 30 to 50 characters.
SHORT_PAYLOAD = "<svg onload=alert(3)>"
# What must never appear in a response: the payloads' live parts.
LIVE = ("<script>alert(1)", "<img src=x onerror", "onerror=alert(2)>", "<svg onload")


def png(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def tainted(marker: str, *, short: bool = False) -> str:
    return f"{marker}{SHORT_PAYLOAD if short else PAYLOAD}"


@pytest.fixture
def site(db):
    """An edition whose every editor-entered field carries the payload."""
    edition = make_edition(tags=(tainted("XSStag"),))
    lead = edition.lead
    lead.headline = tainted("XSSheadline")
    lead.kicker = tainted("XSSkicker")
    lead.deck = tainted("XSSdeck")
    lead.body = tainted("XSSbody") + "\n\n## " + tainted("XSSsubhead")
    lead.dateline_place = tainted("XSSplace", short=True)
    lead.save()
    Correction.objects.create(article=lead, text=tainted("XSScorrection"))
    photo = edition.photo_story.photos.get()
    photo.caption = tainted("XSScaption")
    photo.save()
    make_photo(edition.lead, caption="说明", alt_text=tainted("XSSalt"), order=5, image=png("photo.png"))
    teaser = edition.pages[0].teasers.order_by("order").last()
    teaser.title = tainted("XSSteaser")
    teaser.save()
    section = edition.pages[1].section
    section.name, section.description = tainted("XSSsection", short=True), tainted("XSSsectiondesc")
    section.save()
    reporter = edition.reporter
    reporter.name, reporter.bio = tainted("XSSperson", short=True), tainted("XSSbio")
    reporter.save()
    make_channel(
        tainted("XSSchannel"), name=tainted("XSSchname"), handle=tainted("XSShandle"), call_to_action=tainted("XSScta", short=True)
    )
    set_publication(
        name=tainted("XSSpaper"),
        slogan=tainted("XSSslogan"),
        hotline=tainted("XSShotline", short=True),
        hotline_label=tainted("XSShlabel", short=True),
        matrix_title=tainted("XSSmatrix"),
    )
    edition.lead.refresh_from_db()
    return edition


PAGES = {
    "front": lambda e: "/",
    "article": lambda e: e.lead.get_absolute_url(),
    "photo story": lambda e: e.photo_story.get_absolute_url(),
    "page 02": lambda e: e.pages[1].get_absolute_url(),
    "section": lambda e: e.pages[1].section.get_absolute_url(),
    "person": lambda e: e.reporter.get_absolute_url(),
    "tag": lambda e: reverse("articles:tag", kwargs={"slug": e.lead.tags.get().slug}),
    "rss": lambda e: reverse("articles:feed_rss"),
    "atom": lambda e: reverse("articles:feed_atom"),
}

SHOWN_ON = [
    ("XSSheadline", "article"),
    ("XSSheadline", "front"),
    ("XSSheadline", "rss"),
    ("XSSheadline", "atom"),
    ("XSSkicker", "article"),
    ("XSSdeck", "article"),
    ("XSSbody", "article"),
    ("XSSsubhead", "article"),
    ("XSSplace", "article"),
    ("XSScorrection", "article"),
    ("XSSalt", "article"),
    ("XSStag", "article"),
    ("XSStag", "tag"),
    ("XSScaption", "photo story"),
    ("XSSteaser", "front"),
    ("XSSsection", "page 02"),
    ("XSSsection", "section"),
    ("XSSsectiondesc", "section"),
    ("XSSperson", "article"),
    ("XSSperson", "person"),
    ("XSSbio", "person"),
    ("XSSchannel", "front"),
    ("XSShandle", "front"),
    ("XSScta", "front"),
    ("XSSpaper", "front"),
    ("XSSslogan", "front"),
    ("XSShotline", "front"),
    ("XSShlabel", "front"),
    ("XSSmatrix", "front"),
]


@pytest.mark.parametrize(("marker", "page"), SHOWN_ON, ids=[f"{m[3:]}-on-{p}" for m, p in SHOWN_ON])
def test_field_is_rendered_as_text(client, site, marker, page):
    response = client.get(PAGES[page](site))
    assert response.status_code == 200
    html = response.content.decode()
    assert marker in html, f"{marker} is not shown on the {page}: the test would prove nothing"
    for live in LIVE:
        assert live not in html, f"{marker}: {live!r} reached the {page} unescaped"


def test_headline_cannot_close_the_json_ld_script(client, site):
    site.lead.headline = "标题</script><script>alert(3)</script>"
    site.lead.save()
    html = client.get(site.lead.get_absolute_url()).content.decode()
    assert "<script>alert(3)" not in html
    assert html.count("</script>") == html.count("<script")


def test_search_query_is_shown_as_text(client, site):
    html = client.get(reverse("search:search"), {"q": tainted("XSSquery")}).content.decode()
    assert "XSSquery" in html
    for live in LIVE:
        assert live not in html


def test_imported_seed_markup_is_shown_as_text(client, db):
    text = (
        "# 标题XSSimported<script>alert(1)</script>\n\n"
        "**本报济宁7月11日讯(记者 邓超)** 正文<img src=x onerror=alert(2)>里有标记。\n\n"
        "2019年\n\n"
        "### 导读<script>alert(1)</script> 第二行\n02 要闻\n"
    )
    report = import_files(sources=[SeedSource(name="xss.txt", data=text.encode())])
    assert not report.failed, report.failed
    html = client.get("/").content.decode()
    assert "XSSimported" in html
    for live in LIVE:
        assert live not in html
