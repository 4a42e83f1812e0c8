"""Fixtures for opening the built site in Debian's Chromium through Playwright.

The site under test is the offline archive `nox -s docs` packs
(_build/lesson-offline.zip), unzipped into a temporary folder and opened from
file://. Every request that is not for a local file is blocked and recorded.
"""

import zipfile
from pathlib import Path

import pytest

from offline_archive import ARCHIVE, CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter):
    if _screenshots_taken:  # name the folder at the end of a run that wrote to it
        terminalreporter.write_line(f"screenshots of the pages: {SCREENSHOTS}")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    if not ARCHIVE.is_file():
        pytest.fail(f"no offline archive at {ARCHIVE}: build it with `nox -s docs`", pytrace=False)
    folder = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(ARCHIVE) as zf:
        zf.extractall(folder)
    (top,) = folder.iterdir()
    return top


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The folder the page screenshots go to (_build/screenshots/ for the default archive)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _screenshots_taken.append(True)
    return SCREENSHOTS


_screenshots_taken: list[bool] = []


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium-headless-shell", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """One page opened in a fresh browser context, with what went wrong on the way."""

    def __init__(self, chromium, url: str, **context_options):
        self.context = chromium.new_context(**context_options)
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("requestfailed", lambda req: req.url.startswith("file:") and self.errors.append(
            f"failed to load {req.url}: {req.failure}"))
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def _route(self, route):
        if route.request.url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def close(self):
        self.context.close()


@pytest.fixture
def visit(chromium):
    opened = []

    def open_page(url, **options):
        opened.append(Visit(chromium, url, **options))
        return opened[-1]

    yield open_page
    for page in opened:
        page.close()
