"""The API's docs page and the WeChat preview in a real browser (chromium),
under the site's Content-Security-Policy."""

import json
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import make_channel, make_edition, make_user, set_publication

pytestmark = pytest.mark.browser


@pytest.fixture
def archive(transactional_db):
    set_publication(hotline="6557709", matrix_title="欢迎关注济宁高新区融媒矩阵")
    make_channel("济宁高新电视", call_to_action="欢迎关注")
    make_channel("《蓼河先声》微信公众号", kind="wechat", name="蓼河先声")
    return make_edition()


def _log_in(page, base_url: str) -> None:
    make_user(superuser=True, username="bianji")
    page.goto(base_url + reverse("admin:login"))
    page.fill("#id_username", "bianji")
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.wait_for_url(lambda url: "login" not in url)


def test_docs_page_renders_every_operation_from_local_files(live_server, new_page, archive, screenshot):
    page = new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(live_server.url + "/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path", state="attached")

    paths = page.locator(".opblock-summary-path").all_inner_texts()
    schema = json.loads(page.request.get(live_server.url + "/api/v1/openapi.json").text())
    operations = [path for path, methods in schema["paths"].items() for _method in methods]
    assert sorted(paths) == sorted(operations)
    assert all(url.startswith(live_server.url) for url in requested)
    assert page.console_errors == []
    screenshot(page, "api-docs")


def test_wechat_preview_copies_the_fragment_as_html(live_server, new_page, archive, axe_violations, screenshot):
    page = new_page(width=1280)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    missing = []
    page.on("response", lambda response: response.status == 404 and missing.append(response.url))
    _log_in(page, live_server.url)

    page.goto(live_server.url + reverse("wechat:preview", args=[archive.lead.pk]))
    # The Clipboard API refuses a page without focus, which a busy headless
    # browser does not always give the newest page by itself.
    page.bring_to_front()
    page.click("#wechat-copy")
    # A locator wait, not wait_for_function: the page's CSP forbids the eval
    # that polling a string predicate needs.
    expect(page.locator("#wechat-status")).to_have_text(re.compile("^已复制"))

    copied = page.evaluate(
        "async () => { const [item] = await navigator.clipboard.read();"
        " return await (await item.getType('text/html')).text(); }"
    )
    assert "融媒体新闻热线：6557709" in copied and 'style="' in copied and "class=" not in copied
    # The style attributes apply in the preview (CSP allows them on this page only).
    align = page.eval_on_selector("#wechat-fragment h1", "el => getComputedStyle(el).textAlign")
    assert align == "center"
    # The admin names no favicon, so the browser asks for /favicon.ico: nothing else may be missing.
    assert [url for url in missing if not url.endswith("/favicon.ico")] == []
    assert [e for e in page.console_errors if "404" not in e] == []
    assert axe_violations(page) == []
    screenshot(page, "wechat-preview", keep=True)
