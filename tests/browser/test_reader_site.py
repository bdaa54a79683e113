"""A reader's path through the digital edition in a real browser, at a phone's
and a desktop's width, with axe-core finding no accessibility violations."""

import datetime as dt

import pytest

from tests.factories import make_channel, make_edition, set_publication

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [375, 1280]


@pytest.fixture
def site(live_server):
    set_publication(hotline="6557709", matrix_title="欢迎关注济宁高新区融媒矩阵")
    for label, kind in [("济宁高新电视", "tv"), ("《蓼河先声》微信公众号", "wechat"), ("《蓼河畔》杂志", "magazine")]:
        make_channel(label, kind=kind, call_to_action="欢迎关注" if kind == "tv" else "")
    make_edition(date=dt.date(2019, 7, 4))
    edition = make_edition(date=dt.date(2019, 7, 11))
    edition.url = live_server.url
    return edition


def fits_the_screen(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_reader_goes_from_front_page_to_article_to_archive(site, new_page, axe_violations, screenshot, width):
    page = new_page(width=width)
    page.goto(site.url + "/")
    assert page.locator("h1").inner_text() == "济宁高新区报"
    assert fits_the_screen(page)
    screenshot(page, f"front-{width}", keep=True)

    # The teaser to 04 家园 has no story behind it yet: it leads to its page.
    page.get_by_role("link", name="全国国际跳棋特色学校").click()
    page.wait_for_url("**/issues/2019-07-11/04/")
    assert page.locator("h1").inner_text() == "第04版 · 家园"
    screenshot(page, f"page-{width}")

    page.get_by_role("navigation", name="版面导航").get_by_role("link", name="要闻").click()
    page.wait_for_url("**/issues/2019-07-11/02/")
    page.get_by_role("heading", name="十里湖生态湿地公园项目东部园区8月具备开园条件").get_by_role("link").click()
    page.wait_for_url(f"**{site.inner.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "十里湖生态湿地公园项目东部园区8月具备开园条件"
    assert fits_the_screen(page)
    screenshot(page, f"article-{width}", keep=width == 375)

    page.get_by_role("navigation", name="网站导航").get_by_role("link", name="往期回顾").click()
    page.wait_for_url("**/issues/")
    screenshot(page, f"archive-{width}", keep=width == 1280)
    page.get_by_role("table", name="2019年7月").get_by_role("link", name="2019年7月4日 星期四").click()
    page.wait_for_url("**/issues/2019-07-04/")
    assert "2019年7月4日 星期四" in page.locator(".masthead__dateline").inner_text()
    assert page.console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_article_body_reads_as_printed(site, new_page, width):
    page = new_page(width=width)
    page.goto(site.url + site.lead.get_absolute_url())
    dateline = page.locator(".article__body strong.dateline")
    assert dateline.inner_text() == "本报济宁7月11日讯（记者 邓超）"
    assert page.evaluate("() => getComputedStyle(document.querySelector('.article__body p')).textIndent") != "0px"
    assert fits_the_screen(page)


PAGE_TYPES = {
    "front page": lambda e: "/",
    "inner page": lambda e: e.pages[2].get_absolute_url(),
    "article": lambda e: e.lead.get_absolute_url(),
    "photo story": lambda e: e.photo_story.get_absolute_url(),
    "archive": lambda e: "/issues/",
    "section": lambda e: e.pages[1].section.get_absolute_url(),
    "person": lambda e: e.reporter.get_absolute_url(),
    "tag": lambda e: "/tags/党建/",
    "not found": lambda e: "/issues/1999-01-01/",
}


@pytest.mark.parametrize("page_type", PAGE_TYPES)
@pytest.mark.parametrize("width", WIDTHS)
def test_page_type_has_no_axe_violations(site, new_page, axe_violations, page_type, width):
    page = new_page(width=width)
    page.goto(site.url + PAGE_TYPES[page_type](site))
    assert axe_violations(page) == []
    assert page.console_errors == [] or page_type == "not found"


def test_front_page_prints_without_navigation(site, new_page):
    page = new_page()
    page.goto(site.url + "/")
    page.emulate_media(media="print")
    assert page.locator(".sitenav").is_hidden()
    assert page.locator(".sidebar").is_hidden()
    assert page.locator(".story--lead").is_visible()
