"""Fixtures for opening the built site in Debian's Chromium through Playwright.

The site under test is the offline archive `nox -s docs` packs
(_build/lesson-offline.zip), unzipped into a temporary folder and opened from
file://. Every request that is not for a local file is blocked and recorded.

`nox -s browser` runs the tests in several processes (pytest-xdist): every fixture here is
made in each process for itself (its own unpacked archive under its own temporary folder, its own
Chromium, test_runner.py's own server on a free port); the screenshots have one file per page and
view, so no two processes write the same one.
"""

import time
import zipfile
from pathlib import Path

import pytest
from offline_archive import ARCHIVE, CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, Visit


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter):
    """Name the screenshots' folder at the end of a run that wrote to it (in this process, or, with
    pytest-xdist, in its workers: then by the files' times)."""
    if _screenshots_taken or _wrote_screenshots_since(_STARTED):
        terminalreporter.write_line(f"screenshots of the pages: {SCREENSHOTS}")


def _wrote_screenshots_since(start: float) -> bool:
    return SCREENSHOTS.is_dir() and any(path.stat().st_mtime >= start for path in SCREENSHOTS.glob("*.png"))


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
_STARTED = time.time()  # this file is read as pytest starts, before any test


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium-headless-shell", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def visit(chromium):
    """Open pages (``visit(url, kind=Visit, **options)``); their contexts close after the test."""
    opened = []

    def open_page(url, kind=Visit, **options):
        opened.append(kind(chromium, url, **options))
        return opened[-1]

    yield open_page
    for page in opened:
        page.close()
