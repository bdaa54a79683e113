"""The desk in a real browser (Debian's chromium): autosave survives a closed
page, two editors see each other and merge, the 字数 counter agrees with the
server, a pasted Word fragment comes out clean, axe finds nothing."""

from io import StringIO
from types import SimpleNamespace
from pathlib import Path

import threading

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.db import connections
from django.test.testcases import LiveServerThread
from django.urls import reverse

from articles.models import Article
from articles.text import count_characters, house_rule, normalise_body
from newsroom.desk import services
from newsroom.desk.counting import print_fit
from newsroom.desk.models import Autosave
from tests.browser.test_planning import log_in
from tests.conftest import SEEDS_DIR
from tests.factories import make_article, make_page, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLIPBOARD = Path(__file__).parent / "clipboard"
BODY = "第一段：会议听取了上半年重点工作情况通报。\n\n第二段：会议分析了短板提升工作。\n\n第三段：会议研究贯彻落实意见。"


@pytest.fixture
def fast_desk(settings):
    settings.NEWSROOM_DESK_AUTOSAVE_SECONDS = 60  # only the page's hiding saves, in these tests
    settings.NEWSROOM_DESK_HEARTBEAT_SECONDS = 1


def csp_errors(page) -> list[str]:
    return [e for e in page.console_errors if "Content Security Policy" in e]


# With the in-memory SQLite database every request shares the test's one
# connection, and two pages' heartbeats overlap: the server answers one request
# at a time, and the test takes the same lock to read the database while pages
# are open. PostgreSQL answers requests side by side, as in production.
SERVING = threading.Lock()


def serving_one_at_a_time(app):
    app = StaticFilesHandler(app)

    def serve(environ, start_response):
        with SERVING:
            return list(app(environ, start_response))

    return serve


@pytest.fixture
def desk_server(transactional_db, fast_desk):
    """pytest-django's live_server, one request at a time on in-memory SQLite."""
    shared = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
    for connection in shared.values():
        connection.inc_thread_sharing()
    handler = serving_one_at_a_time if shared else StaticFilesHandler
    thread = LiveServerThread("localhost", handler, connections_override=shared, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield SimpleNamespace(url=f"http://localhost:{thread.port}")
    thread.terminate()
    with SERVING:  # a request still being answered finishes before the database is flushed
        for connection in shared.values():
            connection.dec_thread_sharing()


def leave(page) -> None:
    """Navigate away (the page says goodbye) and close the page."""
    page.goto("about:blank")
    page.wait_for_timeout(200)
    page.close()


def open_form(page, server, article):
    page.goto(server.url + reverse("admin:articles_article_change", args=[article.pk]))


def test_typing_closing_the_page_and_reopening_restores_the_text(desk_server, new_page, axe_violations):
    article = make_article(page=make_page(), body=BODY)
    make_user("编辑", username="bianji")
    page = new_page()
    log_in(page, desk_server, "bianji")
    open_form(page, desk_server, article)
    page.fill("#id_body", BODY + "\n\n第四段：还没保存的一段。")
    page.close(run_before_unload=True)  # the page's hiding sends the autosave

    page = new_page()
    log_in(page, desk_server, "bianji")
    for _attempt in range(20):  # the closed page's beacon may still be on its way
        open_form(page, desk_server, article)
        if page.locator("#nr-desk-restore").count():
            break
        page.wait_for_timeout(250)
    restore = page.locator("#nr-desk-restore")
    assert restore.inner_text().startswith("恢复 ")
    assert restore.inner_text().endswith(" 未保存的修改")
    assert page.locator("#nr-desk-offer ins", has_text="还没保存的一段").count() == 1
    restore.click()
    assert page.input_value("#id_body").endswith("第四段：还没保存的一段。")
    assert not csp_errors(page)
    assert axe_violations(page) == []  # after the CSP check: axe itself applies inline styles
    leave(page)
    with SERVING:
        article.refresh_from_db()
        assert (article.body, article.version) == (BODY, 1)
        assert Autosave.objects.get(article=article).fields["body"].endswith("还没保存的一段。")


def test_two_editors_see_each_other_and_merge_edits_of_different_paragraphs(desk_server, new_page, screenshot):
    article = make_article(page=make_page(), body=BODY)
    make_user("编辑", username="bianji", first_name="王编辑")
    make_user("编辑", username="lina", first_name="李娜")
    mine, theirs = new_page(), new_page()
    log_in(mine, desk_server, "bianji")
    log_in(theirs, desk_server, "lina")
    open_form(mine, desk_server, article)
    open_form(theirs, desk_server, article)
    mine.wait_for_selector("#nr-desk-presence:has-text('李娜')")
    theirs.wait_for_selector("#nr-desk-presence:has-text('王编辑')")

    mine.fill("#id_body", BODY.replace("第一段：", "第一段（王改）："))
    theirs.fill("#id_body", BODY.replace("第三段：", "第三段（李改）："))
    with theirs.expect_navigation():
        theirs.click("input[name=_continue]")
    assert theirs.locator(".messagelist .success").count() == 1

    mine.wait_for_selector("#nr-desk-saved:has-text('李娜 刚保存了第 2 版，改动了：正文')")
    screenshot(mine, "desk-merge", keep=True)
    mine.click("#nr-desk-merge")
    with mine.expect_navigation():
        mine.click("input[name=_continue]")
    assert mine.locator(".messagelist .success").count() == 1
    assert not csp_errors(mine)
    leave(mine)
    leave(theirs)
    with SERVING:
        article.refresh_from_db()
    assert article.version == 3
    assert article.body == BODY.replace("第一段：", "第一段（王改）：").replace("第三段：", "第三段（李改）：")


def test_the_counter_matches_the_server_on_the_seeds_lead_story(desk_server, new_page):
    call_command("import_seeds", str(SEEDS_DIR), stdout=StringIO(), stderr=StringIO())
    lead = Article.objects.filter(is_lead=True, page__number=1).select_related("page__section").first()
    make_user("编辑", username="bianji")
    page = new_page()
    log_in(page, desk_server, "bianji")
    open_form(page, desk_server, lead)
    page.fill("#id_body", lead.body)  # the live count, from the script, of the same text
    expected = count_characters(lead.body, house_rule())
    fit = print_fit(lead.body, services.column_for(lead))
    assert page.inner_text("#nr-desk-count-source") == "表单中的正文"
    shown = [page.inner_text(f"#nr-desk-{n}") for n in ("hanzi", "total", "lines", "cm")]
    assert shown == [str(expected.hanzi), str(expected.total), str(fit.lines), str(fit.centimetres)]
    assert expected.hanzi > 1000
    leave(page)


MESSY = [
    "高新\u200b区\ufeff召开\u00a0会议\r\n继续",
    "New\u00a0York\u00a0时报：看，\u00a0高新区\n\n\n\u3000\u3000第二段",
    "##小标题\n正文第一行\n第二行 the Yellow\nRiver",
    "  \t多余  的空格\u2002和\u2029段落",
]


def test_the_paste_normaliser_twins_agree(desk_server, new_page):
    article = make_article(page=make_page(), body="")
    make_user("编辑", username="bianji")
    page = new_page()
    log_in(page, desk_server, "bianji")
    open_form(page, desk_server, article)
    in_browser = page.evaluate("texts => texts.map(deskNormaliseBody)", MESSY)
    assert in_browser == [normalise_body(text) for text in MESSY]
    leave(page)


@pytest.mark.parametrize(
    ("sample", "cleaned"),
    [
        (
            "word.html",
            "10日，济宁高新区召开2019年第20次党工委（扩大）会议。会上听取了上半年重点工作情况通报，\n\n"
            "## 确保全年任务高质量完成\n\n"
            "会议指出，从全市半年报情况看，高新区上半年工作有亮点，但也存在一定的短板。",
        ),
        ("wps.html", "要全力以赴抓项目建设。三季度项目以“定项目、促开工”为目标，要全力抓好年底市观摩。\n\n要全力以赴抓营商环境。"),
        (
            "wechat.html",
            "## 红帆驿站落户洸河街道\n\n"
            "近日，“红帆驿站”在洸河街道正式揭牌，为快递员、外卖骑手提供歇脚、饮水、充电等服务。\n\n"
            "驿站由社区党委牵头建设。",
        ),
    ],
)
def test_pasted_clipboard_html_is_cleaned(desk_server, new_page, sample, cleaned):
    article = make_article(page=make_page(), body="")
    make_user("编辑", username="bianji")
    page = new_page()
    log_in(page, desk_server, "bianji")
    open_form(page, desk_server, article)
    page.focus("#id_body")
    page.evaluate(
        """html => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "plain text is not used when there is HTML");
            document.getElementById("id_body").dispatchEvent(
                new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        (CLIPBOARD / sample).read_text(encoding="utf-8"),
    )
    assert page.input_value("#id_body") == cleaned
    leave(page)


def preview_frame(page):
    return page.frame_locator("#nr-preview-frame")


def test_the_preview_beside_the_form_follows_the_typing_at_phone_and_desktop_width(
    desk_server, new_page, axe_violations, screenshot
):
    article = make_article(page=make_page(), headline="已保存的标题", body=BODY)
    make_user("编辑", username="bianji")
    page = new_page(width=1440)
    log_in(page, desk_server, "bianji")
    open_form(page, desk_server, article)
    history = page.evaluate("history.length")
    page.click("#nr-preview-toggle")
    assert page.get_attribute("#nr-preview-toggle", "aria-expanded") == "true"
    preview_frame(page).locator("h1.article__headline", has_text="已保存的标题").wait_for()

    page.fill("#id_headline", "还没保存的新标题")
    page.fill("#id_body", BODY + "\n\n第四段：刚写的一段。")
    preview_frame(page).locator("h1.article__headline", has_text="还没保存的新标题").wait_for()
    preview_frame(page).locator(".article__body p", has_text="第四段：刚写的一段。").wait_for()
    assert page.evaluate("document.getElementById('nr-preview-frame').contentWindow.innerWidth") == 375
    form, aside = page.locator("#article_form").bounding_box(), page.locator("#nr-preview").bounding_box()
    assert aside["x"] > form["x"] + 400  # beside the form's fields, not below them

    page.click("[data-preview-width=desktop]")
    assert page.get_attribute("[data-preview-width=desktop]", "aria-pressed") == "true"
    assert page.get_attribute("[data-preview-width=phone]", "aria-pressed") == "false"
    assert page.evaluate("document.getElementById('nr-preview-frame').contentWindow.innerWidth") == 1280
    assert page.locator(".nr-preview-viewport").bounding_box()["width"] <= 520
    screenshot(page, "desk-preview", keep=True)

    assert page.evaluate("history.length") == history  # updating the preview adds no Back steps
    assert not csp_errors(page)
    assert axe_violations(page) == []
    leave(page)
    with SERVING:
        article.refresh_from_db()
    assert (article.headline, article.body, article.version) == ("已保存的标题", BODY, 1)


def test_without_javascript_the_submit_rows_preview_opens_the_unsaved_form_in_a_new_tab(desk_server, browser):
    article = make_article(page=make_page(), headline="已保存的标题", body=BODY)
    make_user("编辑", username="bianji")
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    log_in(page, desk_server, "bianji")
    open_form(page, desk_server, article)
    assert page.locator("#nr-preview-toggle").is_hidden()
    page.fill("#id_headline", "还没保存的新标题")
    with context.expect_page() as opened:
        page.click(".submit-row button:has-text('预览')")
    tab = opened.value
    tab.wait_for_load_state()
    assert tab.inner_text("h1.article__headline") == "还没保存的新标题"
    assert tab.locator(".preview-banner").count() == 1
    context.close()
    with SERVING:
        article.refresh_from_db()
    assert article.headline == "已保存的标题"
