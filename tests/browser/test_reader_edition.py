"""The finished reader's edition in a real browser, at a phone's and a
desktop's width, in the normal and the 关怀版 (large type) mode: sections
reachable from the masthead, the search form lined up, the channel footer in
an even grid, share cards, print, and axe-core finding nothing anywhere."""

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image

from articles.models import MediaChannel
from tests.factories import make_channel, make_edition, set_publication

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [375, 1280]
MODES = ["normal", "care"]


def qr_png() -> bytes:
    image = Image.new("1", (29, 29), 1)
    for x in range(29):
        for y in range(29):
            if (x * 7 + y * 3) % 5 == 0 or min(x, y) < 7 and max(x, y) < 7 and (x in (0, 6) or y in (0, 6)):
                image.putpixel((x, y), 0)
    buffer = io.BytesIO()
    image.resize((96, 96), Image.Resampling.NEAREST).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def media_served(settings, tmp_path):
    """The live server serves static files only: put media under /static/media/."""
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_URL = "/static/media/"
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, ("media", str(tmp_path))]


@pytest.fixture
def site(live_server, media_served):
    set_publication(hotline="6557709", matrix_title="欢迎关注济宁高新区融媒矩阵")
    channels = [
        ("济宁高新电视", "tv", {"call_to_action": "欢迎关注"}),
        ("《蓼河先声》微信公众号", "wechat", {"handle": "liaohexiansheng"}),
        ("济宁高新区微信公众号", "wechat", {}),
        ("《蓼河畔》杂志", "magazine", {}),
        ("高新区微博", "weibo", {"handle": "https://weibo.com/jngxq"}),
    ]
    for order, (label, kind, fields) in enumerate(channels):
        make_channel(label, kind=kind, order=order, **fields)
    wechat = MediaChannel.objects.get(label="《蓼河先声》微信公众号")
    wechat.qr_image.save("liaohe.png", ContentFile(qr_png()), save=True)
    make_edition(date=dt.date(2019, 7, 4))
    edition = make_edition(date=dt.date(2019, 7, 11))
    call_command("make_share_cards", verbosity=0)
    edition.url = live_server.url
    return edition


PAGES = {
    "front": lambda e: "/",
    "article": lambda e: e.inner.get_absolute_url(),
    "page": lambda e: e.pages[3].get_absolute_url(),  # 04 家园: no article text yet
    "section": lambda e: e.pages[1].section.get_absolute_url(),
    "coming section": lambda e: e.pages[3].section.get_absolute_url(),
    "search": lambda e: "/search/?q=湿地&date_from=2019-07-01&date_to=2019-07-31",
    "archive": lambda e: "/issues/",
    "person": lambda e: e.reporter.get_absolute_url(),
}


def open_page(new_page, url, *, width, mode):
    page = new_page(width=width)
    page.goto(url)
    if mode == "care":
        page.get_by_label("关怀版").check()
    return page


def fits_the_screen(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def css(page, selector: str, prop: str) -> str:
    return page.evaluate("([s, p]) => getComputedStyle(document.querySelector(s))[p]", [selector, prop])


def keep_small(path) -> None:
    """The kept screenshots go into the repository: a 256-colour palette is plenty."""
    with Image.open(path) as image:
        image.convert("RGB").quantize(colors=256).save(path, optimize=True)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_axe_violations_and_fits(site, new_page, axe_violations, name, width, mode):
    page = open_page(new_page, site.url + PAGES[name](site), width=width, mode=mode)
    assert axe_violations(page) == []
    assert fits_the_screen(page)
    assert page.console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_care_mode_enlarges_type_spacing_and_targets_and_uses_one_column(site, new_page, screenshot, width):
    page = new_page(width=width)
    page.goto(site.url + site.lead.get_absolute_url())
    normal = float(css(page, ".article__body p", "fontSize")[:-2])
    page.get_by_label("关怀版").check()
    body = float(css(page, ".article__body p", "fontSize")[:-2])
    assert body >= 18 and body > normal
    line = float(css(page, ".article__body p", "lineHeight")[:-2])
    assert line / body >= 2
    assert float(css(page, ".article__headline", "fontSize")[:-2]) > body * 1.5
    # Every link in the navigation is at least 44 px high.
    heights = page.eval_on_selector_all(".sitenav li a, .sectionnav a, .pagenav__list a", "els => els.map(e => e.getBoundingClientRect().height)")
    assert min(heights) >= 44
    # The sidebar goes below the article, even on a desktop.
    main, aside = page.locator("main").bounding_box(), page.locator("aside.sidebar").bounding_box()
    assert aside["y"] >= main["y"] + main["height"]
    assert fits_the_screen(page)
    if width == 1280:
        keep_small(screenshot(page, "care-article-1280", keep=True))


def test_care_mode_switch_works_without_javascript(site, browser):
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(site.url + site.lead.get_absolute_url())
        before = page.locator(".article__body p").first.bounding_box()["height"]
        page.get_by_text("关怀版", exact=True).click()
        after = page.locator(".article__body p").first.bounding_box()["height"]
        assert after > before * 1.2
    finally:
        context.close()


def test_care_mode_is_remembered_by_the_browser_not_the_server(site, new_page, screenshot):
    page = new_page(width=375)
    page.goto(site.url + "/")
    page.get_by_label("关怀版").check()
    page.get_by_role("navigation", name="栏目导航").get_by_role("link", name="要闻").click()
    page.wait_for_url("**/sections/*/")
    assert page.get_by_label("关怀版").is_checked()
    assert page.context.cookies() == []  # nothing the server could vary its pages on
    keep_small(screenshot(page, "care-section-375", keep=True))
    page.get_by_label("关怀版").uncheck()
    page.goto(site.url + "/")
    assert not page.get_by_label("关怀版").is_checked()


@pytest.mark.parametrize("width", WIDTHS)
def test_masthead_leads_to_every_section_in_print_order(site, new_page, width):
    page = new_page(width=width)
    page.goto(site.url + site.inner.get_absolute_url())
    nav = page.get_by_role("navigation", name="栏目导航")
    assert nav.get_by_role("link").all_inner_texts() == ["头版", "要闻", "新城", "家园"]
    nav.get_by_role("link", name="家园").click()
    page.wait_for_url("**/sections/*/")
    assert page.locator("h1").inner_text() == "栏目：家园"
    assert "文字稿还没有录入" in page.locator("main").inner_text()
    page.get_by_role("link", name="2019年7月11日 星期四 第04版").click()
    page.wait_for_url("**/issues/2019-07-11/04/")
    # An inner page without text says so once, not again in the sidebar.
    assert page.get_by_text("本版文字内容尚未录入。").count() == 1
    assert fits_the_screen(page)


def test_inner_page_without_text_shows_kicker_and_headline_as_two_lines(site, new_page, screenshot):
    page = new_page(width=375)
    page.goto(site.url + site.pages[3].get_absolute_url())
    pointer = page.get_by_role("region", name="本版导读").locator(".pointer").first
    kicker, main = pointer.locator(".pointer__kicker"), pointer.locator(".pointer__main")
    assert (kicker.inner_text(), main.inner_text()) == ("高新区崇文学校获评", "全国国际跳棋特色学校")
    assert main.bounding_box()["y"] >= kicker.bounding_box()["y"] + kicker.bounding_box()["height"]
    keep_small(screenshot(page, "inner-page-without-text-375", keep=True))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("width", WIDTHS)
def test_footer_channels_form_an_even_grid(site, new_page, screenshot, width, mode):
    page = open_page(new_page, site.url + "/", width=width, mode=mode)
    boxes = [c.bounding_box() for c in page.locator(".channel").all()]
    assert len(boxes) == 5
    assert len({round(b["width"]) for b in boxes}) == 1  # equal widths
    if width == 1280:
        assert len({round(b["y"]) for b in boxes}) == 1  # one row
    else:
        assert len({round(b["x"]) for b in boxes}) == 1  # one column
    # The call to action reads with its own channel's name, not as a lone caption.
    assert page.locator("#matrix-title ~ ul .channel").first.locator(".channel__name").inner_text().replace("\n", "") in (
        "欢迎关注济宁高新电视",
        "欢迎关注 济宁高新电视",
    )
    assert page.get_by_role("link", name="高新区微博").get_attribute("href") == "https://weibo.com/jngxq"
    assert page.get_by_role("img", name="《蓼河先声》微信公众号的二维码，扫码关注").is_visible()
    if mode == "normal":
        footer = page.locator(".matrix")
        path = screenshot(page, f"footer-{width}", keep=True)
        footer.screenshot(path=str(path))
        keep_small(path)


@pytest.mark.parametrize("width", WIDTHS)
def test_search_filters_line_up(site, new_page, screenshot, width):
    page = new_page(width=width)
    page.goto(site.url + PAGES["search"](site))
    box = {name: page.locator(f"#id_{name}").bounding_box() for name in ("date_from", "date_to", "section", "person")}
    assert round(box["date_from"]["y"]) == round(box["date_to"]["y"])
    assert round(box["date_from"]["width"]) == round(box["date_to"]["width"])
    assert round(box["section"]["y"]) == round(box["person"]["y"])
    assert round(box["section"]["width"]) == round(box["person"]["width"])
    assert page.locator(".search-filters").inner_text().replace("\n", "") == "筛选：出版日期 2019年7月1日至2019年7月31日"
    # Two search landmarks, each with its own name.
    assert page.get_by_role("search", name="全站搜索").count() == 1
    assert page.get_by_role("search", name="搜索条件").count() == 1
    if width == 375:
        keep_small(screenshot(page, "search-375", keep=True))


def test_photo_story_without_its_image_shows_readers_caption_and_credit(site, new_page):
    page = new_page(width=375)
    page.goto(site.url + "/")
    story = page.locator(".story--photo")
    assert story.locator(".photo__pending").count() == 0
    assert "图为济宁高新区首家“红帆驿站”落户洸河街道。" in story.locator("figcaption").inner_text()
    assert "本报记者 孔茜 摄" in story.locator("figcaption").inner_text()


def test_article_is_shared_with_its_card(site, new_page, screenshot):
    page = new_page(width=375)
    page.goto(site.url + site.inner.get_absolute_url())
    image = page.locator('meta[property="og:image"]').get_attribute("content")
    assert "/share-cards/" in image
    assert page.locator('meta[itemprop="image"]').get_attribute("content") == image
    assert page.locator('meta[property="og:title"]').get_attribute("content").startswith("十里湖生态湿地公园项目")
    assert page.locator('meta[itemprop="description"]').get_attribute("content")
    card = page.context.request.get(image)
    assert card.ok and card.headers["content-type"] == "image/png"
    path = screenshot(page, "share-card", keep=True)
    path.write_bytes(card.body())


@pytest.mark.parametrize("width", WIDTHS)
def test_article_prints_with_masthead_once_byline_photo_caption_and_its_address(site, new_page, screenshot, width):
    page = new_page(width=width)
    page.emulate_media(media="print")
    page.goto(site.url + site.lead.get_absolute_url())
    for hidden in (".sitenav", ".sectionnav", ".sidebar", ".site-footer", ".breadcrumb", ".pager"):
        assert page.locator(hidden).is_hidden(), hidden
    assert page.locator(".masthead__name").is_visible()
    assert page.locator(".article__meta time").is_visible()
    assert page.locator(".article__meta .byline__item").inner_text() == "记者 邓超"
    assert page.locator(".article__body .dateline").is_visible()
    address = page.locator(".print-url")
    assert address.inner_text() == f"本文网址：{site.url}{site.lead.get_absolute_url()}"
    page.goto(site.url + site.photo_story.get_absolute_url())
    assert page.locator(".photo figcaption").is_visible()
    assert page.locator(".print-url").is_visible()
    if width == 375:
        keep_small(screenshot(page, "article-print", keep=True))
