"""Fixtures for opening the built site in Debian's Chromium through Playwright.

The site under test is the offline archive `nox -s docs` packs
(_build/lesson-offline.zip), unzipped into a temporary folder and opened from
file://. Every request that is not for a local file is blocked and recorded.
"""

import os
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARCHIVE = Path(os.environ.get("LESSON_ARCHIVE", ROOT / "_build" / "lesson-offline.zip"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium-headless-shell")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


def archive_pages() -> list[str]:
    """The HTML pages in the archive, relative to its top folder (empty if not built)."""
    if not ARCHIVE.is_file():
        return []
    with zipfile.ZipFile(ARCHIVE) as zf:
        names = [name.split("/", 1)[1] for name in zf.namelist()]
    return sorted(name for name in names if name.endswith(".html") and "/" not in name)


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
