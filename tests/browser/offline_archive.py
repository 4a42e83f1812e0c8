"""The offline archive under test, the browser that opens it, and where the checks write.

Shared by conftest.py, the browser tests and bench/bench.py.
"""

import os
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


class Visit:
    """One page opened in a fresh browser context, with what went wrong on the way.

    Requests to *allowed* URL prefixes go through (what follows the prefix, without
    the query, is kept in ``requests``); any other is blocked and its URL kept in
    ``blocked``. With *settle*, opening waits until the network is idle.
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
            self.page.wait_for_load_state("networkidle")

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
