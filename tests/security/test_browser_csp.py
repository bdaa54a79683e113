"""The Content-Security-Policy in a real browser: neither the reader site nor
the admin trips it (no inline scripts or styles anywhere)."""

import pytest
from django.urls import reverse

from tests.factories import make_channel, make_edition, make_user, set_publication

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def csp_violations(page) -> list[str]:
    return [text for text in page.console_errors if "Content Security Policy" in text]


@pytest.fixture
def edition(live_server):
    set_publication(hotline="6557709", matrix_title="欢迎关注济宁高新区融媒矩阵")
    make_channel("济宁高新电视", call_to_action="欢迎关注")
    return make_edition()


def test_reader_pages_run_under_the_policy(live_server, new_page, edition):
    page = new_page()
    for url in ["/", edition.lead.get_absolute_url(), edition.pages[1].get_absolute_url(), "/search/?q=高新区"]:
        page.goto(live_server.url + url)
        assert page.evaluate("() => document.styleSheets.length") > 0, f"{url}: no stylesheet applied"
    assert csp_violations(page) == []


def test_admin_pages_run_under_the_policy(live_server, new_page, edition):
    make_user(superuser=True, username="chief")
    page = new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))
    for url in [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[edition.lead.pk]),
        reverse("admin:articles_article_add"),
        reverse("admin:articles_photo_add"),
        reverse("admin:articles_importrun_upload"),
    ]:
        page.goto(live_server.url + url)
        page.wait_for_timeout(300)
    # The admin's scripts did run: the change form's collapsible fieldsets and
    # the autocomplete widgets are built by JavaScript from static files.
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[edition.lead.pk]))
    assert page.evaluate("() => typeof window.django === 'object'")
    assert csp_violations(page) == []
    # Leave the desk's form within the test: its goodbye beacon is answered
    # before the live server's database is flushed, not during it.
    page.goto(live_server.url + reverse("admin:index"))
    page.wait_for_load_state("networkidle")


def test_an_inline_script_is_refused(live_server, new_page, edition):
    """The checks above can fail: an inline script is blocked and reported."""
    page = new_page()
    page.goto(live_server.url + "/")
    with pytest.raises(Exception, match="violates the following Content Security Policy directive"):
        page.add_script_tag(content="window.injected = 1")
    assert page.evaluate("() => window.injected") is None
