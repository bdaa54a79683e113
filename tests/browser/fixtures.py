"""Shared fixtures for browser tests: Playwright driving Debian's chromium,
axe-core for accessibility, screenshots into docs/screenshots/.

Registered for the whole suite by tests/conftest.py (`pytest_plugins`), so
every test module shares one Playwright and one browser per process: a second
sync Playwright in the same process would fail inside the first one's loop.

Use with pytest-django's `live_server`, and mark the tests `@pytest.mark.browser`:

    @pytest.mark.browser
    def test_front_page(live_server, new_page, axe_violations, screenshot):
        page = new_page(width=375)
        page.goto(live_server.url + "/")
        assert axe_violations(page) == []
        screenshot(page, "front-375")

Nothing is downloaded: without chromium (`apt-get install chromium`) or
axe-core (`npm install --prefix var/node axe-core@4`) the tests skip and say why.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "var" / "node" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse the test's own ORM calls as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("browser tests need Debian's chromium on PATH (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path) -> Iterator:
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser) -> Iterator[Callable]:
    """new_page(width=1280, height=900) -> a Playwright Page in a fresh context.

    `page.console_errors` collects the console's errors (CSP violations among them).
    """
    contexts = []

    def open_page(width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.console_errors = []
        page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
        return page

    yield open_page
    for context in contexts:
        # Leave each page before the test's database goes: a page's goodbye
        # (the desk's `leave` beacon) is answered now, not during the flush.
        for page in context.pages:
            page.goto("about:blank")
        context.close()
    _finish_live_server_requests()


def _finish_live_server_requests(timeout: float = 5.0) -> None:
    """Wait for the requests the live server is still answering (a thread each)."""
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name:
            thread.join(timeout)


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.skip(f"axe-core is not installed at {AXE_JS} (npm install --prefix var/node axe-core@4)")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def axe_violations(axe_source) -> Callable:
    """axe_violations(page) -> ["rule-id: help (selectors)", …] for WCAG 2.1 A/AA and best practice."""

    def run(page) -> list[str]:
        # Evaluated over the DevTools protocol, so the site's CSP (no inline
        # scripts) stays in force for the page itself.
        page.evaluate(axe_source)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        return [
            f"{v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'][:3])})"
            for v in result["violations"]
        ]

    return run


@pytest.fixture
def screenshot() -> Callable:
    """screenshot(page, name, keep=False): keep=True for the few the README shows
    (docs/screenshots/), else a throwaway under the git-ignored docs/screenshots/tmp/."""

    def take(page, name: str, *, keep: bool = False) -> Path:
        folder = SCREENSHOTS if keep else SCREENSHOTS / "tmp"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
