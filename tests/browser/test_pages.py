"""Every page of the offline archive, checked in a real browser (issue: every page checked in a browser).

Each page is opened in Debian's Chromium from file://, with the network blocked, and:

* loads cleanly: no console error, no failed or blocked request, every image decoded, and every
  link to an anchor (on the page itself or on another page) finds its target;
* has no serious or critical accessibility violation by axe-core (node_modules/axe-core, a test
  tool only: it is injected by the test, never shipped), in the light and in the dark theme;
* is readable in both themes: the text of code blocks, cell outputs and the body reaches WCAG AA
  contrast (4.5:1, 3:1 for large text) against the background it is drawn on, and every figure
  keeps its own contrast (not inverted, no dark ink on a dark page);
* gives every code block a copy button, and the button on an example copies the script alone:
  exactly the file a reader can download, with no prompt and no output;
* at phone width (390 px) does not scroll sideways; only a code block may scroll inside itself.

Hidden parts (collapsed solutions) are opened first, so they are checked too. Screenshots of
each page, desktop and phone, light and dark, go to the folder named at the end of the run
(offline_archive.SCREENSHOTS: _build/screenshots/ next to the default archive). A failure names the
page, the theme and the rule.
"""

import base64
import html
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import test_page_shape
from offline_archive import ROOT, archive_pages, screenshot
from playwright.sync_api import expect

PAGES = archive_pages()
THEMES = ["light", "dark"]
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}


def open_page(visit, site, name, theme="light", device=DESKTOP, **options):
    """Open *name* in *theme* (the reader's system setting; the site follows it) and reveal it all."""
    seen = visit((site / name).as_uri(), color_scheme=theme, **device, **options)
    applied = seen.page.evaluate("document.documentElement.dataset.theme")
    assert applied == theme, f"{name}: the {theme} theme did not apply (data-theme={applied!r})"
    seen.page.evaluate(REVEAL)
    return seen


def shoot(page, folder: Path, name: str, label: str) -> None:
    screenshot(page, path=folder / f"{Path(name).stem}--{label}.png", full_page=True)


def _fail_if(problems: list[str], rule: str) -> None:
    """Fail naming the page, the theme and the rule, then each problem on its own line."""
    if problems:
        pytest.fail(f"{rule}: {len(problems)} problem(s)\n  " + "\n  ".join(problems), pytrace=False)


def _no_console_errors(seen, where: str) -> None:
    errors = seen.errors + [f"request to the network (blocked): {url}" for url in seen.blocked]
    _fail_if(errors, f"{where}: no console errors")


# -- loads cleanly ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_without_errors_and_its_images_and_anchors_resolve(name, site, visit):
    seen = open_page(visit, site, name)
    page = seen.page
    problems = [f"request to the network (blocked): {url}" for url in seen.blocked]
    problems += [f"console error: {error}" for error in seen.errors]
    broken = page.evaluate("[...document.images].filter(i => !i.complete || !i.naturalWidth).map(i => i.src)")
    problems += [f"image did not load: {src}" for src in broken]
    here = unquote(urlsplit(page.url).path)
    for href in sorted(set(page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)"))):
        url = urlsplit(href)
        anchor = unquote(url.fragment)
        if url.scheme != "file" or not anchor:
            continue
        target = unquote(url.path)
        if target == here:
            found = page.evaluate(
                "a => !!(document.getElementById(a) || document.getElementsByName(a).length)", anchor
            )
        else:
            found = Path(target).is_file() and anchor in _ids(Path(target))
        if not found:
            where = "this page" if target == here else Path(target).name
            problems.append(f"link to a missing anchor: #{anchor} on {where}")
    _fail_if(problems, f"{name}: loads cleanly")


def _ids(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return {html.unescape(m) for m in re.findall(r"""\s(?:id|name)=["']([^"']+)["']""", text)}


# -- accessibility: axe-core ------------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_serious_accessibility_violation(name, theme, site, visit):
    if not AXE.is_file():
        pytest.fail(
            f"no axe-core at {AXE}: run `npm ci` (it is a devDependency in package.json)", pytrace=False
        )
    seen = open_page(visit, site, name, theme)
    page = seen.page
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    # preload: false, or axe fetches each stylesheet again with XMLHttpRequest, which file:// refuses
    results = page.evaluate("axe.run(document, {resultTypes: ['violations'], preload: false})")
    found = []
    for rule in results["violations"]:
        if rule["impact"] not in FAILING_IMPACTS:
            continue
        targets = [" ".join(map(str, node["target"])) for node in rule["nodes"]]
        shown = "\n      ".join(targets[:8]) + (
            f"\n      ... and {len(targets) - 8} more" if len(targets) > 8 else ""
        )
        detail = rule["nodes"][0].get("failureSummary", "").replace("\n", " ")
        found.append(
            f"{rule['id']} ({rule['impact']}): {rule['help']} [{len(targets)} element(s)]\n"
            f"    first: {detail}\n      {shown}"
        )
    _fail_if(found, f"{name} ({theme} theme): axe-core, serious or critical violations")
    _no_console_errors(seen, f"{name} ({theme} theme)")


# -- readable in both themes ------------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", PAGES)
def test_text_and_figures_are_readable(name, theme, site, visit, screenshots):
    seen = open_page(visit, site, name, theme)
    page = seen.page
    shoot(page, screenshots, name, f"desktop-{theme}")
    problems = []
    for low in page.evaluate(CONTRAST, ".bd-article"):
        problems.append(
            f"{low['kind']} contrast {low['ratio']:.2f}:1 < {low['need']}:1 (WCAG AA): text {low['color']} "
            f"on {low['background']} at {low['where']} ({low['count']} text run(s), e.g. {low['text']!r})"
        )
    figures = page.locator(".bd-article img")
    for i in range(figures.count()):
        figure = figures.nth(i)
        if not figure.is_visible() or (figure.bounding_box() or {"width": 0})["width"] < 50:
            continue
        src = Path(unquote(urlsplit(figure.evaluate("i => i.src")).path)).name
        filt = figure.evaluate("i => getComputedStyle(i).filter")
        if "invert" in filt or "hue-rotate" in filt:
            problems.append(
                f"figure {src}: its colours are changed (filter: {filt}), so its legend no "
                "longer matches the text"
            )
        png = base64.b64encode(screenshot(figure)).decode()
        edge, ink = page.evaluate(FIGURE_LUMINANCE, png)
        ratio = (max(edge, ink) + 0.05) / (min(edge, ink) + 0.05)
        if ratio < 4.5:
            problems.append(
                f"figure {src}: its lines and labels have contrast {ratio:.2f}:1 < 4.5:1 with "
                f"the figure's own background as drawn (luminance {ink:.3f} on {edge:.3f})"
            )
    _fail_if(problems, f"{name} ({theme} theme): readable text and figures")
    _no_console_errors(seen, f"{name} ({theme} theme)")


# -- copy buttons -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lesson_scripts(site, tmp_path_factory) -> dict[str, str]:
    """Every code a reader can copy from an example: {code: what it is}. The files as the build's
    zip gives them (exercises as handed out), and each exercise's solution, made from the file in
    the repository (the hints it is filled from are not handed out)."""
    from snippetkit import ROOT, snippetfile

    folder = tmp_path_factory.mktemp("snippets")
    with zipfile.ZipFile(site / "lesson-snippets.zip") as zf:
        zf.extractall(folder)
    folder = folder / "lesson-snippets"  # the zip's one top folder
    known = {}
    for path in sorted(folder.glob("snippets/**/*.py")):
        name = path.relative_to(folder).as_posix()
        known[path.read_text(encoding="utf-8").rstrip("\n")] = name
        try:
            snip = snippetfile.load(ROOT / name)
            if snip.is_exercise:
                known.setdefault(snip.handout().rstrip("\n"), f"{name} (the exercise as handed out)")
                known.setdefault(snip.solution(for_display=True).rstrip("\n"), f"{name} (its solution)")
        except (snippetfile.SnippetError, FileNotFoundError):  # the build and snippet tests report these
            pass
    return known


PROMPT = re.compile(r"^(>>>|\.\.\.|In \[\d*\]:|\$) ")


@pytest.mark.parametrize("name", PAGES)
def test_copy_buttons_copy_the_code_alone(name, site, visit, lesson_scripts):
    seen = open_page(visit, site, name, permissions=["clipboard-read", "clipboard-write"])
    page = seen.page
    blocks = page.locator("div.highlight:has(> pre)")
    problems = []
    for i in range(blocks.count()):
        block = blocks.nth(i)
        kind = block.evaluate(
            "b => b.closest('.cell_output, .output') ? 'output' : "
            "b.closest('.cell_input') ? 'code cell' : 'code block'"
        )
        where = f"{kind} {i + 1} ({block.inner_text().strip().splitlines()[0][:60]!r}...)"
        button = block.locator(".copybtn")
        if not button.count():
            problems.append(f"{where}: no copy button")
            continue
        if kind == "output":  # copying an output copies the output: nothing more to check
            continue
        page.evaluate("navigator.clipboard.writeText('(nothing copied)')")
        block.hover()
        button.click()
        expect(button).to_have_attribute("data-tooltip", "Copied!")  # the copy is a promise; then it says so
        copied = page.evaluate("navigator.clipboard.readText()").rstrip("\n")
        output = block.evaluate(
            "b => { const cell = b.closest('.cell');"
            " const out = cell && cell.querySelector('.cell_output');"
            " return out ? out.innerText : ''; }"
        )
        leaked = {line.strip() for line in output.splitlines() if line.strip()} & {
            line.strip() for line in copied.splitlines()
        }
        prompts = [line for line in copied.splitlines() if PROMPT.match(line)]
        if copied == "(nothing copied)":
            problems.append(f"{where}: the copy button copied nothing")
        elif prompts or leaked:
            problems.append(f"{where}: the copy includes prompts {prompts} or output lines {sorted(leaked)}")
        elif kind == "code cell" and copied not in lesson_scripts:
            shown = block.evaluate("b => b.querySelector('pre').innerText").rstrip("\n")
            problems.append(f"{where}: the copy is not the lesson script it shows:\n{_diff(shown, copied)}")
    _fail_if(problems, f"{name}: copy buttons copy the code alone")
    _no_console_errors(seen, name)


def _diff(shown: str, copied: str) -> str:
    import difflib

    return "\n".join(
        difflib.unified_diff(shown.splitlines(), copied.splitlines(), "shown", "copied", lineterm="", n=1)
    )


# -- phone width ------------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", PAGES)
def test_phone_width_does_not_scroll_sideways(name, theme, site, visit, screenshots):
    seen = open_page(visit, site, name, theme, PHONE)
    page = seen.page
    shoot(page, screenshots, name, f"phone-{theme}")
    layout = page.evaluate(SIDEWAYS)
    problems = []
    if layout["pageWidth"] > layout["viewport"]:
        problems.append(
            f"the page is {layout['pageWidth']} px wide in a {layout['viewport']} px screen, "
            "so it scrolls sideways; too wide: " + "; ".join(layout["wide"])
        )
    problems += [f"{box}: scrolls sideways, and only code blocks may" for box in layout["scrollers"]]
    _fail_if(problems, f"{name} ({theme} theme, phone 390 px wide): no sideways scrolling")
    _no_console_errors(seen, f"{name} ({theme} theme, phone)")


# -- scripts run in the page ------------------------------------------------------------------------

# Open what a reader can open (collapsed solutions), load every image and font.
REVEAL = """async () => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const images = [...document.images];
  images.forEach(i => { i.loading = 'eager'; });
  await Promise.all(images.map(i => i.decode().catch(() => null)));
  await document.fonts.ready;
  await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));  // fade-ins
}"""

# A short CSS path naming an element, for messages.
CSS_PATH = """
const cssPath = (el) => {
  const parts = [];
  for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
    let part = e.tagName.toLowerCase();
    if (e.id) { parts.unshift(part + '#' + e.id); break; }
    part += [...e.classList].slice(0, 2).map(c => '.' + c).join('');
    parts.unshift(part);
  }
  return parts.join(' > ');
};
"""

# Contrast of every visible text run under *scope* with the background it is drawn on: the
# element's own background, composited over its ancestors' (translucent layers blended).
CONTRAST = (
    """(scope) => {
"""
    + CSS_PATH
    + """
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const seen = new Map();
  const rgba = (css) => {
    if (seen.has(css)) return seen.get(css);
    let c;
    const legacy = css.match(/^rgba?\\(([^)]*)\\)$/);
    const srgb = css.match(/^color\\(srgb ([^)]*)\\)$/);
    if (legacy) {
      const p = legacy[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
      c = [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    } else if (srgb) {
      const p = srgb[1].split(/[\\s\\/]+/).filter(Boolean).map(Number);
      c = [p[0] * 255, p[1] * 255, p[2] * 255, p.length > 3 ? p[3] : 1];
    } else {  // any other colour syntax: let the canvas convert it
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = css;
      ctx.fillRect(0, 0, 1, 1);
      const d = ctx.getImageData(0, 0, 1, 1).data;
      c = [d[0], d[1], d[2], d[3] / 255];
    }
    seen.set(css, c);
    return c;
  };
  const over = (top, below) => {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + below[i] * (1 - a)).concat([1]);
  };
  const luminance = (c) => {
    const lin = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  };
  const hex = (c) => '#' + c.slice(0, 3).map(v => Math.round(v).toString(16).padStart(2, '0')).join('');
  const background = (el) => {
    const layers = [];
    let opacity = 1, image = false;
    for (let e = el; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      opacity *= Number(style.opacity);
      if (style.backgroundImage !== 'none') image = true;
      const c = rgba(style.backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let bg = [255, 255, 255, 1];  // the canvas under everything
    for (const c of layers.reverse()) bg = over(c, bg);
    return {bg, opacity, image};
  };
  const found = new Map();
  const root = document.querySelector(scope) || document.body;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data.trim()) continue;
    const el = node.parentElement;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    if (el.closest(':disabled')) continue;  // WCAG 1.4.3 exempts inactive controls
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;  // visually hidden text for screen readers
    const style = getComputedStyle(el);
    const {bg, opacity, image} = background(el);
    if (image) continue;  // drawn on an image or gradient: axe reviews those
    const fg = rgba(style.color);
    const color = over([fg[0], fg[1], fg[2], fg[3] * opacity], bg);
    const [l1, l2] = [luminance(color), luminance(bg)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio >= need - 0.005) continue;
    const kind = el.closest('.cell_output, .output') ? 'cell output'
      : el.closest('pre, div.highlight') ? 'code block' : 'body text';
    const key = [kind, hex(color), hex(bg), cssPath(el)].join('|');
    const entry = found.get(key) || {kind, ratio, need, color: hex(color), background: hex(bg),
                                      where: cssPath(el), text: node.data.trim().slice(0, 40), count: 0};
    entry.count += 1;
    found.set(key, entry);
  }
  return [...found.values()].slice(0, 25);
}"""
)

# The luminance of a figure as drawn on screen (a PNG screenshot of it): [median of its border,
# the darkest half percent]. The border is the figure's own background.
FIGURE_LUMINANCE = """async (png) => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + png;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const {data, width, height} = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const lum = (i) => {
    const lin = [data[i], data[i + 1], data[i + 2]].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  };
  const all = [], edge = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const v = lum(4 * (y * width + x));
    all.push(v);
    if (x < 2 || y < 2 || x >= width - 2 || y >= height - 2) edge.push(v);
  }
  const pick = (a, q) => a.sort((p, r) => p - r)[Math.floor(q * (a.length - 1))];
  const middle = pick(edge, 0.5);
  return [middle, middle > 0.18 ? pick(all, 0.005) : pick(all, 0.995)];
}"""

# How wide the page is laid out at phone width, what makes it wider than the screen, and which
# boxes other than code blocks scroll sideways inside the page.
SIDEWAYS = (
    """() => {
"""
    + CSS_PATH
    + """
  const viewport = document.documentElement.clientWidth;
  const pageWidth = document.scrollingElement.scrollWidth;
  const wide = [], scrollers = [];
  const scrolls = (s) => s.overflowX === 'auto' || s.overflowX === 'scroll';
  for (const el of document.body.querySelectorAll('*')) {
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    let clipped = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') { clipped = true; break; }
    }
    if (!clipped && box.right > viewport + 1 && style.position !== 'fixed')
      wide.push(`${cssPath(el)} (${Math.round(box.width)} px, right edge at ${Math.round(box.right)} px)`);
    // code blocks, and code in an editor (a textarea that does not wrap), keep their lines whole
    const code = el.matches('pre, div.highlight, div.highlight *, textarea[wrap=off]');
    if (scrolls(style) && el.scrollWidth > el.clientWidth + 1 && !code)
      scrollers.push(`${cssPath(el)} (${el.scrollWidth} px of content in ${el.clientWidth} px)`);
  }
  return {viewport, pageWidth, wide: wide.slice(0, 10), scrollers: scrollers.slice(0, 10)};
}"""
)


# -- icons, reading order and finish (issue 23, items 9 and 10) --------------------------------------

# Text a reader sees outside code: every text node but those in code, scripts and editors, and the
# page's title. An emoji (a character drawn as an emoji by default, or one asked to be with U+FE0F)
# shows as an empty box wherever no emoji font is installed.
EMOJI_IN_TEXT = r"""() => {
  const emoji = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F/u;
  const skip = "pre, code, script, style, textarea, .highlight";
  const found = [];
  if (emoji.test(document.title)) found.push(`title: ${document.title}`);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest(skip) || !emoji.test(node.data)) continue;
    const where = node.parentElement.closest("h1, h2, h3, h4, a, p, li, td, th, div");
    found.push(`${where ? where.tagName.toLowerCase() : "?"}: ${node.data.trim().slice(0, 80)}`);
  }
  return found;
}"""


@pytest.mark.parametrize("name", PAGES)
def test_no_emoji_outside_code(name, site, visit):
    seen = open_page(visit, site, name)
    found = seen.page.evaluate(EMOJI_IN_TEXT)
    _fail_if(found, f"{name}: no emoji in titles, headings, notes or text (use Font Awesome, or none)")


#: Next and Previous, from the home page on: the lesson, the mini challenge, then the reference pages.
# the home page, then the toctrees' order, as tests/test_page_shape.py reads it from docs/index.md
READING = [
    "index.html",
    *(f"{name}.html" for name in test_page_shape.READING_ORDER + test_page_shape.REFERENCE_PAGES),
]
AUTHOR_PAGES = [f"{name}.html" for name in test_page_shape.AUTHOR_PAGES]


def _prev_next(site, name) -> tuple[str | None, str | None]:
    text = (site / name).read_text(encoding="utf-8")
    found = []
    for kind in ("left-prev", "right-next"):
        match = re.search(rf'<a\b[^>]*class="[^"]*\b{kind}\b[^"]*"[^>]*>', text)
        href = re.search(r'href="([^"#]*)', match[0])[1] if match else None
        found.append(href)
    return found[0], found[1]


def test_next_and_previous_follow_the_reading_order_and_never_reach_an_author_page(site):
    problems = []
    for number, name in enumerate(READING):
        prev, nxt = _prev_next(site, name)
        want_prev = READING[number - 1] if number else None
        want_next = READING[number + 1] if number + 1 < len(READING) else None
        if (prev, nxt) != (want_prev, want_next):
            problems.append(f"{name}: Previous {prev}, Next {nxt}; expected {want_prev}, {want_next}")
    for name in PAGES:
        for link in _prev_next(site, name):
            if link in AUTHOR_PAGES:
                problems.append(f"{name}: Next or Previous leads to the author page {link}")
    for name in AUTHOR_PAGES:
        if (site / name).is_file() and any(_prev_next(site, name)):
            problems.append(f"{name}: an author page in the reading sequence: {_prev_next(site, name)}")
    _fail_if(problems, "reading order")


def test_a_prose_numbers_hover_text_speaks_to_a_learner(site):
    titles = []
    for name in PAGES:
        text = (site / name).read_text(encoding="utf-8")
        titles += [
            (name, html.unescape(t)) for t in re.findall(r'<span class="result" title="([^"]*)"', text)
        ]
    assert len(titles) > 10, titles
    wrong = [
        f"{name}: {title!r}"
        for name, title in titles
        if not re.match(
            r"(Printed by the|The) (example|exercise's solution) (above|below) \(\w+\.py\)", title
        )
        or re.search(r"snippets/|\[-?\d+\]| > ", title)
    ]
    _fail_if(wrong, "hover text of numbers in the prose: where the learner saw it printed, no author syntax")


FINISH = r"""() => {
  const s = (e, p) => getComputedStyle(e, p);
  const lum = (c) => {
    const [r, g, b] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map(v => v / 255)
      .map(v => v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
  const comment = document.querySelector(".cell_input .highlight .c1");
  const name = document.querySelector(".cell_input .highlight .n");
  const code = s(comment.closest(".highlight")).backgroundColor;
  const objectives = document.querySelector("div.admonition.objectives");
  const title = objectives.querySelector(".admonition-title");
  const points = document.querySelector("section[id$='-key-points']");
  const caption = document.querySelector("figure figcaption");
  const body = s(document.querySelector(".bd-article p")).color;
  return {
    comment: s(comment).color, commentRatio: ratio(s(comment).color, code),
    nameRatio: ratio(s(name).color, code),
    icon: s(title, "::after").content, iconMask: s(title, "::after").maskImage,
    objectivesBorder: s(objectives).borderLeftColor, titleBackground: s(title).backgroundColor,
    pointsBorder: s(points).borderLeftColor, pointsBorderWidth: parseFloat(s(points).borderLeftWidth),
    pointsHeading: s(points.querySelector("h2")).backgroundColor,
    pointsIcon: s(points.querySelector("h2"), "::before").maskImage,
    caption: caption && s(caption).color, captionWeight: caption && Number(s(caption).fontWeight),
    captionRatio: caption && ratio(s(caption).color, s(document.body).backgroundColor), body,
  };
}"""
BELL = "\uf0f3"  # Font Awesome's bell, the theme's icon for an admonition it has no icon for


@pytest.mark.parametrize("theme", THEMES)
def test_comments_captions_objectives_and_key_points(theme, site, visit, screenshots):
    seen = open_page(visit, site, "regularization.html", theme)
    page = seen.page
    got = page.evaluate(FINISH)
    problems = []
    if got["commentRatio"] < 4.5:
        problems.append(f"code comments {got['comment']}: contrast {got['commentRatio']:.2f}:1 < 4.5:1")
    if got["commentRatio"] >= got["nameRatio"]:
        problems.append(f"code comments {got['comment']} stand out more than the code itself")
    if BELL in got["icon"] or "svg" not in got["iconMask"]:
        problems.append(f"the Objectives icon: content {got['icon']!r}, mask {got['iconMask'][:40]!r}")
    if got["pointsBorderWidth"] < 2 or got["pointsBorder"] != got["objectivesBorder"]:
        problems.append(f"Key points has no box like Objectives: border {got['pointsBorder']}")
    if got["pointsHeading"] != got["titleBackground"] or "svg" not in got["pointsIcon"]:
        problems.append(f"Key points' heading is not drawn like Objectives' title: {got['pointsHeading']}")
    if got["caption"] != got["body"] or got["captionWeight"] < 400 or got["captionRatio"] < 4.5:
        problems.append(
            f"figure captions: {got['caption']} at weight {got['captionWeight']}, "
            f"{got['captionRatio']:.2f}:1; the body text is {got['body']}"
        )
    screenshot(page.locator("section[id$='-key-points']"), path=screenshots / f"key-points--{theme}.png")
    _fail_if(problems, f"regularization.html ({theme} theme): comments, captions, objectives, key points")
