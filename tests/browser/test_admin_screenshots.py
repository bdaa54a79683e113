"""The editors' admin in a real browser: the README's "For editors" screenshots.

Logs in through the admin's login form (so django-axes sees a real login),
then walks the desk's main screens with the seed page imported.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageDraw

from articles.models import Article, Photo
from articles.services import photos
from articles.services.importing import SeedSource, import_files
from tests.conftest import SEED_FILE
from tests.factories import make_user

pytestmark = pytest.mark.browser


def scan() -> SimpleUploadedFile:
    image = Image.new("RGB", (1600, 1000), "#b22222")
    ImageDraw.Draw(image).rectangle((200, 200, 1400, 800), fill="#f5deb3")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    return SimpleUploadedFile("hongfan.jpg", buffer.getvalue())


@pytest.fixture
def newsroom(transactional_db):
    """The seed page imported and the photo story's scan attached."""
    chief = make_user(superuser=True, username="zongbian")
    report = import_files(sources=[SeedSource(name=SEED_FILE.name, data=SEED_FILE.read_bytes())], user=chief)
    assert not report.failed
    photos.attach_image(photo=Photo.objects.get(), upload=scan())
    return chief


def serve_media(page, settings) -> None:
    """The live server does not serve uploads (only DEBUG's urls do); the browser reads them from MEDIA_ROOT."""

    def fulfil(route):
        name = route.request.url.split(settings.MEDIA_URL, 1)[1]
        route.fulfill(path=str(settings.MEDIA_ROOT / name))

    page.route(f"**{settings.MEDIA_URL}**", fulfil)


def log_in(page, live_server) -> None:
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "zongbian")
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))


def test_article_list_edit_history_and_import(live_server, newsroom, new_page, screenshot, settings):
    page = new_page(width=1280, height=900)
    serve_media(page, settings)
    log_in(page, live_server)
    assert "新闻采编系统" in page.title()

    page.goto(live_server.url + reverse("admin:articles_article_changelist"))
    assert page.locator("#result_list tbody tr").count() == Article.objects.count()
    assert page.locator("img.nr-thumb").count() == 1
    screenshot(page, "admin-articles", keep=True)

    lead = Article.objects.get(is_lead=True)
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[lead.pk]))
    for deck in (lead.deck, "确保全年任务高质量、快速度、按时完成"):  # the first save keeps the imported text
        page.fill("#id_deck", deck)
        with page.expect_navigation():
            page.click("input[name=_continue]")
    assert page.locator(".messagelist .success").count() == 1
    assert page.locator(".nr-workflow button").count() >= 1
    screenshot(page, "admin-article-edit", keep=True)

    page.goto(live_server.url + reverse("admin:articles_article_history", args=[lead.pk]))
    with page.expect_navigation():
        page.locator("text=与当前内容比较").last.click()
    assert page.locator(".nr-diff ins").count() >= 1
    screenshot(page, "admin-article-diff", keep=True)

    page.goto(live_server.url + reverse("admin:articles_importrun_upload"))
    page.set_input_files("#id_files", str(SEED_FILE))
    page.check("#id_dry_run")
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.locator(".nr-import-report").count() == 1
    screenshot(page, "admin-import", keep=True)
    assert page.console_errors == []
