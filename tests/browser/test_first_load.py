"""A page's first load stays small: at most 100 KB gzip, images apart, on every page (bench.py's
first_load, measured the same way here), with nothing lost on the way:

* the runner's script and stylesheet load when a runner comes near the screen or is used, not
  with the page (snippetkit/runner.py, LOADER); a click on one before then still happens;
* the copy buttons use a stand-in for clipboard.js (snippetkit/static/clipboard-lite.js);
* each of KaTeX's fonts holds only the characters the formulas draw in it
  (snippetkit/assets.py): every character of every formula is still drawn in a KaTeX font,
  none in a font of the system.
"""

import contextlib
import functools
import gzip
import http.server
import threading

import pytest
from offline_archive import Traffic, archive_pages
from playwright.sync_api import expect

BUDGET_KB = 100.0
PAGES = [name for name in archive_pages() if name not in ("404.html", "genindex.html", "search.html")]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def first_load(chromium, base: str, name: str) -> dict[str, bytes]:
    """What a browser loads opening *name* for the first time, until the network is quiet: path -> body."""
    context = chromium.new_context()
    page = context.new_page()
    loaded = {}

    def record(response):
        if response.request.resource_type != "image" and response.url.startswith(base):
            with contextlib.suppress(Exception):
                loaded[response.url[len(base) :].split("?")[0]] = response.body()

    page.on("response", record)
    traffic = Traffic(page)
    page.goto(base + name, wait_until="load")
    traffic.quiet()
    context.close()
    return loaded


@pytest.mark.parametrize("name", PAGES)
def test_first_load_is_at_most_100_kb_gzip(name, chromium, served):
    loaded = first_load(chromium, served, name)
    sizes = {path: len(gzip.compress(body, 9)) / 1024 for path, body in loaded.items()}
    total = sum(sizes.values())
    largest = ", ".join(f"{path} {kb:.1f}" for path, kb in sorted(sizes.items(), key=lambda i: -i[1])[:6])
    assert total <= BUDGET_KB, (
        f"{name}: {total:.1f} KB gzip on first load (at most {BUDGET_KB}); largest: {largest}"
    )


def test_runner_files_load_near_a_runner_and_a_click_before_them_happens(chromium, served):
    context = chromium.new_context(viewport={"width": 1200, "height": 800})
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url[len(served) :].split("?")[0]))
    traffic = Traffic(page)
    page.goto(served + "optimizers.html", wait_until="load")
    traffic.quiet()
    runner_files = ["_static/runner/runner.css", "_static/runner/runner.js"]
    assert not [url for url in requested if "runner/" in url], (
        "runner files loaded with the page, far from a runner"
    )
    summary = page.locator("div.runner summary").last
    summary.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => window.lessonRunner && document.querySelector('link[href*=\"runner.css\"]')"
    )
    traffic.quiet()
    assert sorted(url for url in requested if "runner/" in url) == runner_files
    context.close()

    # Clicked at once, from far away: the editor opens once the script has wired it up.
    context = chromium.new_context(viewport={"width": 1200, "height": 800})
    page = context.new_page()
    page.goto(served + "optimizers.html", wait_until="load")
    runner = page.locator("div.runner").last
    runner.locator("summary").click()
    runner.locator("details[open] textarea.runner-code").wait_for()
    assert runner.locator("button.runner-run").is_visible()
    context.close()


MATH_PAGES = ["regularization.html", "optimizers.html", "normalization.html", "initialization.html"]


@pytest.mark.parametrize("name", MATH_PAGES)
def test_every_formula_character_is_drawn_in_a_katex_font(name, site, chromium):
    """Chromium says which fonts drew each text of a formula: KaTeX's only (a character cut from the
    font its class asks for would fall back to a system font)."""
    context = chromium.new_context()
    page = context.new_page()
    page.goto((site / name).as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready")
    cdp = context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    ids = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": ".katex-html span"})["nodeIds"]
    assert len(ids) > 100, f"{name}: {len(ids)} spans in formulas"
    wrong = {}
    for node in ids:
        described = cdp.send("DOM.describeNode", {"nodeId": node, "depth": 1})["node"]
        if not any(
            child.get("nodeType") == 3 and child["nodeValue"].strip()
            for child in described.get("children", [])
        ):
            continue
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        others = [f["familyName"] for f in fonts if not f["familyName"].startswith("KaTeX_")]
        if others:
            text = "".join(c["nodeValue"] for c in described["children"] if c.get("nodeType") == 3)
            wrong[text] = others
    context.close()
    assert not wrong, (
        f"{name}: formula text drawn in fonts other than KaTeX's: {dict(list(wrong.items())[:8])}"
    )


def test_search_highlighting_loads_only_for_a_page_opened_from_the_search(chromium, served):
    """sphinx_highlight.js (snippetkit/slim.py, lazy_highlight): not with the page, but when its URL
    names the words a reader searched for, and those words are then marked."""
    assert "_static/sphinx_highlight.js" not in first_load(chromium, served, "optimizers.html")
    context = chromium.new_context()
    page = context.new_page()
    traffic = Traffic(page)
    page.goto(served + "optimizers.html?highlight=momentum", wait_until="load")
    traffic.quiet()
    expect(page.locator("span.highlighted").first, "the searched word is not marked").to_be_attached()
    context.close()
    assert "_static/sphinx_highlight.js" in first_load(chromium, served, "search.html"), (
        "the search page's own script uses it"
    )


def test_formulas_keep_their_mathml_without_the_tex_copy(site):
    """snippetkit/assets.py, drop_tex_annotations: KaTeX's TeX source inside the MathML is left out;
    the MathML a screen reader reads stays."""
    text = (site / "optimizers.html").read_text(encoding="utf-8")
    assert text.count("<math") > 10, "the page's formulas have no MathML"
    assert 'encoding="application/x-tex"' not in text
