"""Lighter pages that look the same (issue 15: pages half as heavy, nothing visibly changed).

snippetkit.slim cuts every stylesheet down to the rules the site's pages can match, and puts a
small stand-in (snippetkit/static/bootstrap-lite.js) in the place of the theme's bootstrap.js.
Here, in Chromium:

* every page, light at desktop width and dark at phone width, is opened twice: as built, and with the
  original stylesheets and bootstrap.js (kept by the build in _build/slim/, listed in
  _build/slim.json) served in place of the cut ones. Every element must be in the same place,
  at the same size, with the same colours, font, spacing and borders (PROPERTIES): a rule the
  cut dropped wrongly changes some element, and the failure names the page, the element and
  the properties, with both values;
* the stand-in does what the pages used Bootstrap for: the header buttons' tooltips, and the
  download and colour-mode menus, where Bootstrap put them, closed by Escape or a choice.
"""

from pathlib import Path

import pytest
from offline_archive import ROOT, Traffic, archive_pages

from snippetkit import slim

PAGES = [name for name in archive_pages() if name != "404.html"]
MANIFEST = ROOT / "_build" / "slim.json"  # written by the build next to _build/html
VARIANTS = {
    "light-desktop": {"color_scheme": "light", "viewport": {"width": 1280, "height": 900}},
    "dark-phone": {
        "color_scheme": "dark",
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
    },
}

# What a reader sees of an element: where it is and how big, and the properties that colour and
# shape it. One line per element, hashed in the page so that little crosses to Python (all ~350
# computed properties of the ~5,000 elements of a page with formulas take seconds to read).
PROPERTIES = """
    display visibility opacity position z-index overflow-x overflow-y color background-color
    background-image box-shadow transform font-family font-size font-weight font-style
    line-height letter-spacing text-align text-decoration-line text-transform white-space
    vertical-align padding-top padding-right padding-bottom padding-left margin-top
    margin-right margin-bottom margin-left border-top-width border-right-width
    border-bottom-width border-left-width border-top-style border-top-color border-left-color
    border-bottom-color border-top-left-radius outline-style outline-color list-style-type
    cursor
""".split()
STYLES = """([detail, properties]) => {
  const lines = [];
  for (const el of document.querySelectorAll("body *")) {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    let line = `box:${box.x.toFixed(1)},${box.y.toFixed(1)},${box.width.toFixed(1)},${box.height.toFixed(1)};`;
    for (const name of properties) line += name + ":" + style.getPropertyValue(name) + ";";
    const label = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
      (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\\s+/).join(".") : "");
    if (detail) { lines.push([label, line]); continue; }
    let hash = 2166136261;
    for (let i = 0; i < line.length; i++) hash = Math.imul(hash ^ line.charCodeAt(i), 16777619);
    lines.push(label + " " + (hash >>> 0).toString(16));
  }
  return lines;
}"""


@pytest.fixture(scope="module")
def originals() -> dict[str, bytes]:
    """The files the build replaced, by their path under _static/: what the theme shipped."""
    files = slim.replaced(ROOT / "_build")
    if not files:
        pytest.fail(f"no {MANIFEST}: build the site with `nox -s docs`", pytrace=False)
    return files


def _styles(chromium, url: str, variant: str, replace: dict[str, bytes], detail=False):
    context = chromium.new_context(reduced_motion="reduce", **VARIANTS[variant])

    def route(route):
        name = route.request.url.split("/_static/", 1)[-1].split("?")[0]
        if "/_static/" in route.request.url and name in replace:
            kind = "text/css" if name.endswith(".css") else "text/javascript"
            route.fulfill(body=replace[name], content_type=kind)
        elif route.request.url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    traffic = Traffic(page)
    page.goto(url, wait_until="load")
    traffic.quiet()  # every stylesheet and font in, and the theme's timers (under 0.5 s) done
    page.evaluate("document.fonts.ready")
    lines = page.evaluate(STYLES, [detail, PROPERTIES])
    context.close()
    return lines


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", PAGES)
def test_cut_stylesheets_style_every_element_as_the_originals(name, variant, site, chromium, originals):
    url = (site / name).as_uri()
    cut = _styles(chromium, url, variant, {})
    full = _styles(chromium, url, variant, originals)
    assert len(cut) == len(full), (
        f"{name} ({variant}): {len(cut)} elements with the cut files, {len(full)} without"
    )
    if cut == full:
        return
    cut_detail = _styles(chromium, url, variant, {}, detail=True)
    full_detail = _styles(chromium, url, variant, originals, detail=True)
    problems = []
    for (label, ours), (_, theirs) in zip(cut_detail, full_detail):
        if ours != theirs:
            mine = dict(p.split(":", 1) for p in ours.split(";") if p)
            orig = dict(p.split(":", 1) for p in theirs.split(";") if p)
            changed = sorted(k for k in mine.keys() | orig.keys() if mine.get(k) != orig.get(k))
            shown = ", ".join(f"{k}: {orig.get(k)} -> {mine.get(k)}" for k in changed[:4])
            problems.append(f"{label[:80]}: {shown}")
    pytest.fail(
        f"{name} ({variant}): {len(problems)} element(s) styled differently with the cut stylesheets "
        "(original -> cut):\n  " + "\n  ".join(problems[:8]),
        pytrace=False,
    )


def _open(chromium, site: Path, name="activations.html", clock=False):
    """*name* opened at desktop width; with *clock*, the page's timers run on Playwright's clock."""
    context = chromium.new_context(**VARIANTS["light-desktop"])
    if clock:
        context.clock.install()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((site / name).as_uri(), wait_until="load")
    return context, page, errors


def test_header_buttons_show_their_tooltip_below_after_a_moment(site, chromium):
    context, page, errors = _open(chromium, site, clock=True)
    # The page's time stands still unless the test moves it, however slow the machine.
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    button = page.locator(".search-button-field")
    assert button.get_attribute("title") is None, "the title moved to the tooltip (no second, native one)"
    button.hover()
    page.clock.run_for(400)
    assert page.locator(".tooltip").count() == 0, "a tooltip waits half a second, as Bootstrap's did"
    page.clock.run_for(200)
    tip = page.locator(".tooltip")
    tip.wait_for(timeout=2000)
    assert tip.inner_text() == "Search"
    assert button.get_attribute("aria-describedby") == tip.get_attribute("id")
    below, box = tip.bounding_box(), button.bounding_box()
    assert below["y"] >= box["y"] + box["height"], "placed below the button (data-bs-placement)"
    assert abs(below["x"] + below["width"] / 2 - (box["x"] + box["width"] / 2)) <= 1, "centred on it"
    page.mouse.move(600, 600)
    page.clock.run_for(200)  # it goes 100 ms after the pointer leaves
    tip.wait_for(state="detached", timeout=2000)
    assert not errors, errors
    context.close()


def test_header_menus_open_under_their_button_and_close(site, chromium):
    context, page, errors = _open(chromium, site)
    download = page.locator(".dropdown-download-buttons > button")
    menu = page.locator(".dropdown-download-buttons .dropdown-menu")
    assert not menu.is_visible()
    download.click()
    assert menu.is_visible() and download.get_attribute("aria-expanded") == "true"
    button, box = download.bounding_box(), menu.bounding_box()
    assert abs(box["x"] - button["x"]) <= 1, "starts where its button starts (Bootstrap's bottom-start)"
    assert abs(box["y"] - (button["y"] + button["height"] + 2)) <= 1, "2 px below its button"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('dropdown-item')"), "arrows reach items"
    page.keyboard.press("Escape")
    page.mouse.move(600, 600)  # the book theme also shows a header menu while its button is hovered
    assert not menu.is_visible() and download.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.matches('.dropdown-download-buttons > button')"), (
        "Escape gives the focus back to the button"
    )

    mode = page.locator(".theme-switch-button")
    modes = page.locator(".theme-switch-container .dropdown-menu")
    mode.click()
    button, box = mode.bounding_box(), modes.bounding_box()
    assert abs(box["x"] + box["width"] - (button["x"] + button["width"])) <= 1, (
        "ends where its button ends (dropdown-menu-end)"
    )
    page.mouse.click(600, 600)
    assert not modes.is_visible(), "a click elsewhere closes it"
    assert mode.get_attribute("aria-expanded") == "false"
    mode.click()
    modes.locator('[data-mode="dark"]').click()
    page.mouse.move(600, 600)
    assert not modes.is_visible(), "a choice closes it"
    assert page.evaluate("document.documentElement.dataset.theme") == "dark", "and the choice is made"
    assert not errors, errors
    context.close()
