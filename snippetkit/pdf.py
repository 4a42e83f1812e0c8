"""The whole lesson as one PDF, in reading order, printed by Chromium from the built site.

``python -m snippetkit.pdf _build/html _build/html/lesson.pdf`` (``nox -s pdf``; ``nox -s docs`` runs it
when Chromium is installed and puts the PDF into the offline archive). Each page of the site is opened
from its file, with every fold opened (hints, solutions: as ``docs/_static/print.js`` does before a
reader prints), and its article joined to the others in the order of the home page's tables of contents;
Chromium then prints them with the site's print stylesheet (``docs/_static/lesson.css``, ``@media
print``): no sidebars, buttons or editors, each page on a new sheet, link targets shown.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

#: Debian's Chromium (``apt-get install chromium-headless-shell``), as the browser tests use it.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium-headless-shell")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: Opens every fold, as print.js does on "beforeprint"; returns the article's HTML.
_ARTICLE = """() => {
  if (window.lessonPrint) window.lessonPrint.open();
  else document.querySelectorAll("details").forEach((d) => { d.open = true; });
  const article = document.querySelector("article.bd-article");
  return article ? article.innerHTML : "";
}"""

#: The home page's tables of contents, in order: the lesson's reading order.
_ORDER = """() => [...document.querySelectorAll(".toctree-wrapper a.reference.internal")]
  .map((a) => a.getAttribute("href").split("#")[0])"""


def reading_order(page) -> list[str]:
    """The pages the home page lists, home first, each once."""
    order = ["index.html"]
    for href in page.evaluate(_ORDER):
        if href and href not in order:
            order.append(href)
    return order


def render(site: Path, target: Path, chromium: str = CHROMIUM) -> list[str]:
    """Print the lesson in *site* (a built HTML folder) into *target*; return the pages, in order."""
    from playwright.sync_api import sync_playwright

    site = site.resolve()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(java_script_enabled=True).new_page()
            page.route("http*://**", lambda route: route.abort())  # nothing leaves the machine
            page.goto((site / "index.html").as_uri())
            order = reading_order(page)
            articles = []
            for name in order:
                page.goto((site / name).as_uri())
                articles.append(
                    f'<section class="print-page" data-page="{name}">{page.evaluate(_ARTICLE)}</section>'
                )
            page.goto((site / "index.html").as_uri())
            page.evaluate(
                """(html) => { document.querySelector("article.bd-article").innerHTML = html; }""",
                "\n".join(articles),
            )
            page.wait_for_load_state("load")
            page.evaluate("document.fonts.ready")
            page.emulate_media(media="print")
            target.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(
                path=str(target),
                format="A4",
                margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
                print_background=True,
                outline=True,
                tagged=True,
            )
        finally:
            browser.close()
    return order


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site, e.g. _build/html")
    parser.add_argument("target", type=Path, help="the PDF to write, e.g. _build/html/lesson.pdf")
    parser.add_argument(
        "--if-chromium",
        action="store_true",
        help="without Chromium, say so in one line and succeed (nox -s docs on a machine without it)",
    )
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).is_file():
        message = f"no Chromium at {CHROMIUM} (apt-get install chromium-headless-shell): no PDF written"
        print(message, file=sys.stderr)
        return 0 if args.if_chromium else 1
    order = render(args.site, args.target)
    size = args.target.stat().st_size / 1e6
    print(f"{args.target}: {len(order)} pages of the site, {size:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
