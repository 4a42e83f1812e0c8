"""The whole lesson in two PDFs, in reading order, printed by Chromium from the built site.

``python -m snippetkit.pdf _build/html`` (``nox -s pdf``; ``nox -s docs`` runs it when Chromium is
installed, so both PDFs are in the site and the offline archive) writes:

* ``lesson.pdf``: every page, then an **answer key**: the hints and solutions of each exercise,
  page by page, where the exercise says to look for them. A reader who works on paper meets an
  exercise without its answer on the same sheet.
* ``lesson-worksheet.pdf``: the same pages with no hints and no solutions (and no answer key):
  the exercises as handed out, to print and fill in.

Each page of the site is opened from its file, with every fold opened (as ``docs/_static/print.js``
does before a reader prints, which also cuts the code into lines for the print stylesheet), and its
article joined to the others in the order of the home page's tables of contents; Chromium then
prints them with the site's print stylesheet (``docs/_static/lesson.css``, ``@media print``): no
sidebars, buttons or editors, each page on a new sheet, link targets shown, long code lines
wrapped under their own code, the sheet's number at its foot.

As a Sphinx extension (``conf.py``), this module links the PDFs from the site where they will be:
the header's download menu opens ``lesson.pdf`` and ``lesson-worksheet.pdf`` instead of the
browser's print dialog, and the ``{lesson-downloads}`` directive (the set-up page) lists them with
the offline archive. The PDFs are linked only when Chromium is there to print them; the offline
archive (``nox -s docs`` copies it beside the site, ``lesson-offline.zip``) only in the site: the
archive's own copy of the page says that the reader has it (:func:`offline_copy`, called by the
noxfile's ``pack``).
"""

from __future__ import annotations

import argparse
import html
import os
import re
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

LESSON = "lesson.pdf"  #: the lesson, with the answer key at the end
WORKSHEET = "lesson-worksheet.pdf"  #: the lesson without hints or solutions
ARCHIVE = "lesson-offline.zip"  #: the whole site, beside it (noxfile.py: docs)

#: What an exercise's answer is, on a page: its hints, its folded solution cell, and a folded
#: explanation an author marks as one (``<details class="exercise-solution">``).
ANSWERS = "details.exercise-hints, div.cell.tag_hide-cell, details.exercise-solution"

#: Opens every fold, as print.js does on "beforeprint"; takes the answers out of the article and
#: returns {title, html, answers: [{heading, html}]}, each answer under the heading it follows.
_ARTICLE = """([answers, pointer]) => {
  if (window.lessonPrint) window.lessonPrint.open();
  else document.querySelectorAll("details").forEach((d) => { d.open = true; });
  const article = document.querySelector("article.bd-article");
  if (!article) return { title: "", html: "", answers: [] };
  const text = (h) => [...h.childNodes].filter((n) => !(n.classList && n.classList.contains("headerlink")))
    .map((n) => n.textContent).join("").trim();
  const title = article.querySelector("h1") ? text(article.querySelector("h1")) : document.title;
  const found = [];
  let heading = title;
  let last = null;
  for (const el of article.querySelectorAll(`h1, h2, h3, ${answers}`)) {
    if (/^H[123]$/.test(el.tagName)) { heading = text(el); last = null; continue; }
    if (found.some((a) => a.nodes.some((n) => n.contains(el)))) continue;
    if (!last) {
      last = { heading, nodes: [] };
      found.push(last);
      if (pointer) {
        const p = document.createElement("p");
        p.className = "print-answer-pointer";
        p.textContent = pointer.replace("{where}", `${title} › ${heading}`);
        el.before(p);
      }
    }
    last.nodes.push(el);
  }
  const out = found.map((a) => ({ heading: a.heading, html: a.nodes.map((n) => n.outerHTML).join("") }));
  found.forEach((a) => a.nodes.forEach((n) => n.remove()));
  // a section left with nothing but its heading (an explanation that was all answer) goes too
  article.querySelectorAll("section").forEach((s) => {
    const kids = [...s.children].filter((k) => !k.matches("span:empty"));
    if (kids.length === 1 && /^H[1-6]$/.test(kids[0].tagName) && !pointer) s.remove();
  });
  return { title, html: article.innerHTML, answers: out };
}"""

#: Where the answers went, in lesson.pdf, under each exercise.
POINTER = "Hints and solution: in the answer key at the end, under {where}."

#: The home page's tables of contents, in order: the lesson's reading order.
_ORDER = """() => [...document.querySelectorAll(".toctree-wrapper a.reference.internal")]
  .map((a) => a.getAttribute("href").split("#")[0])"""

#: At the foot of each sheet: what it is and its number (Chromium fills the spans).
_FOOTER = (
    '<div style="font: 8pt sans-serif; color: #444; width: 100%; margin: 0 14mm; display: flex;'
    ' justify-content: space-between"><span>{title}</span>'
    '<span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
)


def available(chromium: str = CHROMIUM) -> bool:
    """Whether the PDFs can be printed here (and so whether the site links them)."""
    return Path(chromium).is_file()


def reading_order(page) -> list[str]:
    """The pages the home page lists, home first, each once."""
    order = ["index.html"]
    for href in page.evaluate(_ORDER):
        if href and href not in order:
            order.append(href)
    return order


def answer_key(pages: list[dict]) -> str:
    """The answer key's HTML: per page with exercises, each exercise's hints and solution."""
    parts = ['<section class="print-page print-answers" id="answer-key"><h1>Answer key</h1>']
    parts.append(
        "<p>The hints and solutions of the exercises, in the lesson's order. Each exercise on the "
        "pages above says under which heading its answer is.</p>"
    )
    for page in pages:
        if page["answers"]:
            parts.append(f"<section><h2>{html.escape(page['title'])}</h2>")
            for answer in page["answers"]:
                parts.append(f"<section><h3>{html.escape(answer['heading'])}</h3>{answer['html']}</section>")
            parts.append("</section>")
    parts.append("</section>")
    return "\n".join(parts)


WORKSHEET_NOTE = (
    '<div class="admonition note"><p class="admonition-title">The worksheet</p><p>The lesson\'s '
    "exercises as you get them: no hints and no solutions. Fill in the blanks on paper or on your "
    f"computer; the hints and solutions are on the site, under each exercise, and in {LESSON}'s "
    "answer key.</p></div>"
)


def render(site: Path, targets: dict[str, Path], chromium: str = CHROMIUM) -> list[str]:
    """Print the lesson in *site* (a built HTML folder) into *targets* (``{"lesson": path,
    "worksheet": path}``, either or both); return the pages, in order."""
    from playwright.sync_api import sync_playwright

    site = site.resolve()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(java_script_enabled=True).new_page()
            page.route("http*://**", lambda route: route.abort())  # nothing leaves the machine
            page.goto((site / "index.html").as_uri())
            order = reading_order(page)
            for kind, target in targets.items():
                pages = []
                for name in order:
                    page.goto((site / name).as_uri())
                    pages.append(page.evaluate(_ARTICLE, [ANSWERS, POINTER if kind == "lesson" else ""]))
                    pages[-1]["name"] = name
                articles = [
                    f'<section class="print-page" data-page="{p["name"]}">{p["html"]}</section>'
                    for p in pages
                ]
                if kind == "lesson":
                    articles.append(answer_key(pages))
                    title = "Advanced Neural Network Techniques"
                else:
                    articles[0] = articles[0].replace("</h1>", "</h1>" + WORKSHEET_NOTE, 1)
                    title = "Advanced Neural Network Techniques: worksheet"
                _print(page, site, "\n".join(articles), target, title)
        finally:
            browser.close()
    return order


def _print(page, site: Path, body: str, target: Path, title: str) -> None:
    page.goto((site / "index.html").as_uri())
    page.evaluate("""(html) => { document.querySelector("article.bd-article").innerHTML = html; }""", body)
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready")
    page.emulate_media(media="print")
    target.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(
        path=str(target),
        format="A4",
        margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
        print_background=True,
        outline=True,
        tagged=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=_FOOTER.format(title=html.escape(title)),
    )
    page.emulate_media(media="screen")


# -- The links, in the site -----------------------------------------------------------------------

#: The offline archive's entry in the {lesson-downloads} list: a link in the site, a sentence in
#: the archive's own copy (offline_copy), where the link would point at the archive itself.
_ARCHIVE_ITEM = re.compile(r'<li class="lesson-archive">.*?</li>', re.S)
ARCHIVE_LINK = (
    '<li class="lesson-archive"><a class="reference download" href="{href}" download>'
    "<code>{name}</code></a>: the whole site for reading without a network: unzip it and open "
    "<code>index.html</code>.</li>"
)
ARCHIVE_HERE = (
    '<li class="lesson-archive"><code>{name}</code>: you are reading it. This is the offline copy '
    "of the site, unzipped on your computer.</li>"
)


def offline_copy(page: str) -> str:
    """A built page as the offline archive holds it: the link to the archive becomes a sentence."""
    return _ARCHIVE_ITEM.sub(ARCHIVE_HERE.format(name=ARCHIVE), page)


def downloads_html(pathto) -> str:
    """The {lesson-downloads} list: the PDFs (where Chromium prints them) and the offline archive."""
    items = []
    if available():
        items.append(
            f'<li><a class="reference download" href="{pathto(LESSON, 1)}"><code>{LESSON}</code></a>: '
            "the whole lesson to print or read on paper, with an answer key at the end: every "
            "exercise's hints and solution, after the lesson.</li>"
        )
        items.append(
            f'<li><a class="reference download" href="{pathto(WORKSHEET, 1)}"><code>{WORKSHEET}</code></a>: '
            "the same pages with no hints and no solutions, to work through on paper.</li>"
        )
    items.append(ARCHIVE_LINK.format(href=pathto(ARCHIVE, 1), name=ARCHIVE))
    listed = '<ul class="lesson-downloads">' + "".join(items) + "</ul>"
    if available():
        listed += "<p>The download menu at the top of every page links the two PDFs too.</p>"
    return listed


def setup(app):
    from docutils import nodes
    from sphinx.util.docutils import SphinxDirective

    class LessonDownloads(SphinxDirective):
        """``{lesson-downloads}``: a placeholder, filled per page when it is written (paths)."""

        def run(self):
            return [nodes.raw("", "<!--lesson-downloads-->", format="html")]

    def fill(app, pagename, templatename, context, doctree):
        pathto = context["pathto"]
        if "body" in context and "<!--lesson-downloads-->" in context["body"]:
            context["body"] = context["body"].replace("<!--lesson-downloads-->", downloads_html(pathto))
        if not available():
            return
        for group in context.get("header_buttons", []):
            if group.get("label") != "download-buttons":
                continue
            buttons = [b for b in group["buttons"] if b.get("label") != "download-pdf-button"]
            buttons.append(
                _link(pathto(LESSON, 1), LESSON, "The whole lesson as a PDF, answer key at the end")
            )
            buttons.append(
                _link(pathto(WORKSHEET, 1), "worksheet.pdf", "The exercises without hints or solutions")
            )
            group["buttons"] = buttons

    app.add_directive("lesson-downloads", LessonDownloads)
    app.connect("html-page-context", fill, priority=600)  # after the book theme's buttons (501)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def _link(url: str, text: str, tooltip: str) -> dict:
    return {
        "type": "link",
        "url": url,
        "text": text,
        "tooltip": tooltip,
        "icon": "fas fa-file-pdf",
        "label": "download-pdf-button",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site, e.g. _build/html")
    parser.add_argument(
        "--into", type=Path, help=f"the folder to write {LESSON} and {WORKSHEET} into (default: the site)"
    )
    parser.add_argument(
        "--if-chromium",
        action="store_true",
        help="without Chromium, say so in one line and succeed (nox -s docs on a machine without it)",
    )
    args = parser.parse_args(argv)
    if not available():
        message = f"no Chromium at {CHROMIUM} (apt-get install chromium-headless-shell): no PDF written"
        print(message, file=sys.stderr)
        return 0 if args.if_chromium else 1
    into = args.into or args.site
    targets = {"lesson": into / LESSON, "worksheet": into / WORKSHEET}
    order = render(args.site, targets)
    for target in targets.values():
        size = target.stat().st_size / 1e6
        print(f"{target}: {len(order)} pages of the site, {size:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
