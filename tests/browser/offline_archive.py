"""The offline archive under test, the browser that opens it, and where the checks write.

Shared by conftest.py, the browser tests and bench/bench.py.
"""

import os
import time
import zipfile
from pathlib import Path

from snippetkit import ROOT  # noqa: E402  (tests/browser is on sys.path, and so is the repository)
from snippetkit.pdf import CHROMIUM, CHROMIUM_ARGS  # noqa: F401  (Debian's Chromium, the PDF's too)

ARCHIVE = Path(os.environ.get("LESSON_ARCHIVE", ROOT / "_build" / "lesson-offline.zip"))
# Screenshots of every page (desktop and phone, light and dark) for a reviewer: next to the archive.
SCREENSHOTS = ARCHIVE.parent / "screenshots"


def archive_pages() -> list[str]:
    """The HTML pages in the archive, relative to its top folder (empty if not built)."""
    if not ARCHIVE.is_file():
        return []
    with zipfile.ZipFile(ARCHIVE) as zf:
        names = [name.split("/", 1)[1] for name in zf.namelist()]
    return sorted(name for name in names if name.endswith(".html") and "/" not in name)


class Traffic:
    """The requests a page has in flight, counted from the request events Playwright sends here.

    ``quiet()`` waits until none has been in flight for ``QUIET_S``: what Playwright's
    ``networkidle`` promises, which these tests no longer use. That state is counted inside
    Playwright's driver, and it can be lost for good. If the network falls idle for 500 ms while the
    page is loading, and a request then starts and ends before DOMContentLoaded or load, that event
    clears the state and nothing sets it again (microsoft/playwright#42598, closed unfixed: the option is
    "discouraged"). On a busy machine late fonts can do that: a CI run waited 30 s for it on
    optimizers.html, and test_traffic.py's lost.html loses it every time. Once set, it also does not
    wait for requests that start later.
    """

    QUIET_S = 0.5

    def __init__(self, page):
        self.page = page
        self.in_flight: dict = {}  # request -> its URL
        self.changed = time.monotonic()
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _started(self, request):
        if request.resource_type == "eventsource":  # open for good by design; networkidle skips it too
            return
        self.in_flight[request] = request.url
        self.changed = time.monotonic()

    def _ended(self, request):
        self.in_flight.pop(request, None)
        self.changed = time.monotonic()

    def quiet(self, timeout: float = 30.0) -> None:
        """Wait until no request has been in flight for QUIET_S; fail naming those still in flight.

        The QUIET_S count starts no earlier than the call, so a request the page has just asked for,
        whose event is still on its way here, is waited for too.
        """
        start = time.monotonic()
        deadline = start + timeout
        while self.in_flight or time.monotonic() - max(self.changed, start) < self.QUIET_S:
            if time.monotonic() > deadline:
                waiting = "\n  ".join(sorted(self.in_flight.values())) or "(none: requests kept starting)"
                raise AssertionError(
                    f"{self.page.url}: the network did not fall quiet within {timeout:g} s; in flight:\n  {waiting}"
                )
            self.page.wait_for_timeout(50)  # lets Playwright deliver the events meanwhile


UNCAPTURED = "Unable to capture screenshot"  # Chromium's compositor gave no frame: the capture, not the page


def screenshot(target, tries: int = 3, **options) -> bytes:
    """``target.screenshot(**options)`` (a page or a locator), tried again when Chromium could not
    capture a frame. On a loaded machine headless Chromium now and then answers a capture with
    "Unable to capture screenshot" (a CI run did so once in 329 tests, on quick-reference.html); the
    page is not at fault, and the next capture works. Any other error, or *tries* such answers, fails.
    """
    from playwright.sync_api import Error

    for attempt in range(1, tries + 1):
        try:
            return target.screenshot(**options)
        except Error as error:
            if UNCAPTURED not in str(error) or attempt == tries:
                raise
            time.sleep(0.5)


class Visit:
    """One page opened in a fresh browser context, with what went wrong on the way.

    Requests to *allowed* URL prefixes go through (what follows the prefix, without
    the query, is kept in ``requests``); any other is blocked and its URL kept in
    ``blocked``. With *settle*, opening waits until the network is quiet (``traffic``).
    """

    def __init__(
        self, chromium, url: str, allowed=("file:", "data:", "blob:"), settle=True, **context_options
    ):
        self.context = chromium.new_context(**context_options)
        self.allowed = tuple(allowed)
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.traffic = Traffic(self.page)
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on(
            "requestfailed",
            lambda req: (
                req.url.startswith("file:") and self.errors.append(f"failed to load {req.url}: {req.failure}")
            ),
        )
        self.page.goto(url, wait_until="load")
        if settle:
            self.traffic.quiet()

    def _route(self, route):
        url = route.request.url
        prefix = next((prefix for prefix in self.allowed if url.startswith(prefix)), None)
        if prefix is not None:
            self.requests.append(url[len(prefix) :].split("?")[0])
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def close(self):
        self.context.close()
