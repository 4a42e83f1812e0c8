"""The offline archive under test and where the browser checks write (for conftest and the tests)."""

import os
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARCHIVE = Path(os.environ.get("LESSON_ARCHIVE", ROOT / "_build" / "lesson-offline.zip"))
# Screenshots of every page (desktop and phone, light and dark) for a reviewer: next to the archive.
SCREENSHOTS = ARCHIVE.parent / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium-headless-shell")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def archive_pages() -> list[str]:
    """The HTML pages in the archive, relative to its top folder (empty if not built)."""
    if not ARCHIVE.is_file():
        return []
    with zipfile.ZipFile(ARCHIVE) as zf:
        names = [name.split("/", 1)[1] for name in zf.namelist()]
    return sorted(name for name in names if name.endswith(".html") and "/" not in name)
