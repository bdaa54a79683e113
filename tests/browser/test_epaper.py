"""The 数字报 reading mode in a real browser: a reader clicks a zone on the
scan and lands on the article; axe-core finds nothing at phone and desktop
widths; an editor draws a zone in the admin with the mouse."""

import datetime as dt

import pytest
from django.urls import reverse

from newsroom.epaper.models import Zone
from tests.factories import make_edition, make_user, set_publication
from tests.newsroom.epaper.files import make_scan, make_zone, newspaper_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media_served(settings, tmp_path):
    """The live server serves static files only: put media under /static/media/."""
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_URL = "/static/media/"
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, ("media", str(tmp_path))]
    settings.NEWSROOM_SCAN_WIDTHS = (640, 1280)


@pytest.fixture
def scanned(live_server, media_served):
    set_publication(hotline="6557709")
    edition = make_edition(date=dt.date(2019, 7, 11))
    scan = make_scan(edition.pages[0], data=newspaper_pdf())
    edition.lead_zone = make_zone(scan, edition.lead, x=0.04, y=0.1, w=0.92, h=0.33)
    edition.photo_zone = make_zone(scan, edition.photo_story, x=0.04, y=0.5, w=0.45, h=0.45)
    edition.url = live_server.url
    edition.scan = scan
    return edition


def open_zone_editor(scanned, new_page):
    """An editor logged in, on the scan's zone editor; the window is tall
    enough that the whole scan is on screen (the mouse moves in viewport
    coordinates)."""
    user = make_user("编辑")
    page = new_page(width=1280, height=2200)
    page.goto(scanned.url + reverse("admin:login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.goto(scanned.url + reverse("admin:epaper_pagescan_change", args=[scanned.scan.pk]))
    return page


@pytest.mark.parametrize("width", [375, 1280])
def test_reader_clicks_a_zone_on_the_scan_and_lands_on_the_article(scanned, new_page, axe_violations, screenshot, width):
    page = new_page(width=width)
    page.goto(scanned.url + scanned.pages[0].get_absolute_url())
    page.wait_for_function("() => document.querySelector('.scan__image').complete")
    assert page.evaluate("() => document.querySelector('.scan__image').naturalWidth") > 0
    assert axe_violations(page) == []
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    page.locator(f"#zone-{scanned.lead_zone.pk}").hover()
    screenshot(page, f"epaper-scan-{width}", keep=True)

    zone = page.locator(f"#zone-{scanned.photo_zone.pk}")
    # The polygon's own geometry, in the scan's pixels (a screen box would add the stroke).
    shape = zone.locator(".scan__shape").evaluate("el => el.getBBox().width / el.ownerSVGElement.viewBox.baseVal.width")
    assert shape == pytest.approx(0.45, abs=0.001)
    zone.click()
    page.wait_for_url(f"**{scanned.photo_story.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "红帆驿站"
    assert page.console_errors == []


def test_keyboard_focus_on_a_zone_shows_its_headline(scanned, new_page):
    page = new_page(width=1280)
    page.goto(scanned.url + scanned.pages[0].get_absolute_url())
    label = page.locator(f"#zone-{scanned.lead_zone.pk} .scan__label")
    assert not label.is_visible()
    page.locator(f"#zone-{scanned.photo_zone.pk}").focus()
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.id") == f"zone-{scanned.lead_zone.pk}"
    assert label.is_visible() and "党工委" in label.text_content()
    assert page.get_by_role("link", name="济宁高新区召开2019年第20次党工委（扩大）会议").count() >= 1


def test_reader_clicks_a_polygon_zone_and_lands_on_its_article(scanned, new_page):
    """The whole scan on screen: elementFromPoint sees only the viewport."""
    # An L: the photo story's zone wraps round a corner it does not own.
    scanned.photo_zone.points = [[0.04, 0.5], [0.9, 0.5], [0.9, 0.7], [0.5, 0.7], [0.5, 0.95], [0.04, 0.95]]
    scanned.photo_zone.full_clean()
    scanned.photo_zone.save()
    page = new_page(width=1280, height=2200)
    page.goto(scanned.url + scanned.pages[0].get_absolute_url())
    page.wait_for_function("() => document.querySelector('.scan__image').complete")
    image = page.locator(".scan__image").bounding_box()

    def at(x: float, y: float) -> str:
        return page.evaluate(
            "([x, y]) => { const a = document.elementFromPoint(x, y).closest('a'); return a ? a.id : ''; }",
            [image["x"] + image["width"] * x, image["y"] + image["height"] * y],
        )

    assert at(0.8, 0.85) == ""  # the corner outside the L is no link
    assert at(0.8, 0.6) == f"zone-{scanned.photo_zone.pk}"
    page.mouse.click(image["x"] + image["width"] * 0.2, image["y"] + image["height"] * 0.9)
    page.wait_for_url(f"**{scanned.photo_story.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "红帆驿站"
    assert page.console_errors == []


def test_article_page_leads_back_to_its_zone(scanned, new_page):
    page = new_page(width=1280)
    page.goto(scanned.url + scanned.lead.get_absolute_url())
    page.get_by_role("link", name="在版面原貌上查看本文").click()
    page.wait_for_url(f"**#zone-{scanned.lead_zone.pk}")
    assert page.evaluate("() => document.querySelector(':target').id") == f"zone-{scanned.lead_zone.pk}"


def test_editor_draws_a_zone_on_the_scan_with_the_mouse(scanned, new_page, screenshot):
    scanned.photo_zone.delete()
    page = open_zone_editor(scanned, new_page)
    page.select_option("#zone-editor-article", str(scanned.photo_story.pk))
    page.locator(".zone-editor-module h2").scroll_into_view_if_needed()
    editor = page.locator("[data-zone-editor]").bounding_box()
    # Below the lead story's zone: a drag on empty paper draws.
    page.mouse.move(editor["x"] + editor["width"] * 0.1, editor["y"] + editor["height"] * 0.5)
    page.mouse.down()
    page.mouse.move(editor["x"] + editor["width"] * 0.4, editor["y"] + editor["height"] * 0.6, steps=5)
    page.mouse.move(editor["x"] + editor["width"] * 0.6, editor["y"] + editor["height"] * 0.8, steps=5)
    page.mouse.up()
    assert page.locator(".zone-box").count() == 2
    screenshot(page, "epaper-zone-editor", keep=True)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    zone = Zone.objects.get(article=scanned.photo_story)
    assert Zone.objects.count() == 2
    assert (zone.x, zone.y) == (pytest.approx(0.1, abs=0.01), pytest.approx(0.5, abs=0.01))
    assert (zone.w, zone.h) == (pytest.approx(0.5, abs=0.01), pytest.approx(0.3, abs=0.01))
    # The admin login asks for a /favicon.ico the site does not have; scripts and CSP must be clean.
    assert [e for e in page.console_errors if not e.startswith("Failed to load resource")] == []


@pytest.mark.parametrize("width", [375, 1280])
def test_reader_zooms_the_page_image_without_pinching(scanned, new_page, axe_violations, width):
    page = new_page(width=width)
    page.goto(scanned.url + scanned.pages[0].get_absolute_url())
    page.wait_for_function("() => document.querySelector('.scan__image').complete")
    before = page.locator(".scan__image").bounding_box()["width"]
    page.get_by_role("link", name="放大版面").click()
    assert page.locator(".scan__image").bounding_box()["width"] == pytest.approx(2 * before, abs=2)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert axe_violations(page) == []
    page.get_by_role("link", name="还原大小").click()
    assert page.locator(".scan__image").bounding_box()["width"] == pytest.approx(before, abs=2)


def test_arrow_keys_turn_the_pages(scanned, new_page):
    page = new_page(width=1280)
    page.goto(scanned.url + scanned.pages[0].get_absolute_url())
    page.keyboard.press("ArrowRight")
    page.wait_for_url(f"**{scanned.pages[1].get_absolute_url()}")
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(f"**{scanned.pages[0].get_absolute_url()}")
    assert page.console_errors == []


def test_a_swipe_across_the_page_image_turns_the_page(scanned, new_page):
    page = new_page(width=375)
    page.goto(scanned.url + scanned.pages[0].get_absolute_url())
    viewport = page.locator(".scan__viewport")
    box = viewport.bounding_box()
    y = box["y"] + 50
    page.evaluate(
        """([x0, x1, y]) => {
            const el = document.querySelector('.scan__viewport');
            const touch = x => new Touch({identifier: 1, target: el, clientX: x, clientY: y});
            el.dispatchEvent(new TouchEvent('touchstart', {touches: [touch(x0)], changedTouches: [touch(x0)], bubbles: true}));
            el.dispatchEvent(new TouchEvent('touchend', {touches: [], changedTouches: [touch(x1)], bubbles: true}));
        }""",
        [box["x"] + 300, box["x"] + 50, y],
    )
    page.wait_for_url(f"**{scanned.pages[1].get_absolute_url()}")


def test_thumbnail_rail_leads_to_another_page(scanned, new_page):
    page = new_page(width=375)
    page.goto(scanned.url + scanned.pages[0].get_absolute_url())
    page.locator(".rail").get_by_role("link", name="02版 要闻").click()
    page.wait_for_url(f"**{scanned.pages[1].get_absolute_url()}")


def test_editor_accepts_a_proposed_zone_and_sees_a_polygon(scanned, new_page):
    scanned.photo_zone.delete()
    proposed = make_zone(scanned.scan, scanned.photo_story, x=0.04, y=0.5, w=0.45, h=0.45, status="proposed")
    scanned.lead_zone.points = [[0.04, 0.1], [0.96, 0.1], [0.96, 0.43], [0.5, 0.43], [0.5, 0.3], [0.04, 0.3]]
    scanned.lead_zone.full_clean()
    scanned.lead_zone.save()
    page = open_zone_editor(scanned, new_page)
    assert page.locator(".zone-polygon").count() == 1
    assert page.locator(".zone-box--proposed").count() == 1
    page.get_by_role("button", name="确认区域：红帆驿站").click()
    assert page.locator(".zone-box--proposed").count() == 0
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    proposed.refresh_from_db()
    assert proposed.status == "accepted"
    assert [e for e in page.console_errors if not e.startswith("Failed to load resource")] == []



def test_editor_rejects_a_proposed_zone(scanned, new_page):
    scanned.photo_zone.delete()
    proposed = make_zone(scanned.scan, scanned.photo_story, x=0.04, y=0.5, w=0.45, h=0.45, status="proposed")
    page = open_zone_editor(scanned, new_page)
    page.get_by_role("button", name="删除区域：红帆驿站").click()
    assert page.locator(".zone-box--proposed").count() == 0
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    assert not Zone.objects.filter(pk=proposed.pk).exists()

def test_editor_draws_a_polygon_zone_corner_by_corner(scanned, new_page):
    scanned.photo_zone.delete()
    page = open_zone_editor(scanned, new_page)
    page.select_option("#zone-editor-article", str(scanned.photo_story.pk))
    page.get_by_role("button", name="画多边形").click()
    editor = page.locator("[data-zone-editor]").bounding_box()
    corners = [(0.1, 0.5), (0.9, 0.5), (0.9, 0.7), (0.5, 0.7), (0.5, 0.9), (0.1, 0.9)]
    for x, y in corners:
        page.mouse.click(editor["x"] + editor["width"] * x, editor["y"] + editor["height"] * y)
    page.get_by_role("button", name="完成多边形").click()
    assert page.locator(".zone-polygon").count() == 1
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    zone = Zone.objects.get(article=scanned.photo_story)
    assert [tuple(p) for p in zone.points] == [pytest.approx(c, abs=0.01) for c in corners]
    assert (zone.x, zone.y, zone.w, zone.h) == pytest.approx((0.1, 0.5, 0.8, 0.4), abs=0.01)
    assert [e for e in page.console_errors if not e.startswith("Failed to load resource")] == []
