"""Provenance on the page, in Chromium (snippetkit/provenance.py; issue 11, part 5; issue 23, item 4).

Opened from file:// with the network blocked, like every browser test:

* an example's code shows without its ``# Expected output:`` block (the output under it says the
  same), and with no fold or button: the block stays in the code, hidden;
* copying an example, with its copy button or with the "Copy code" button of an example that
  cannot run here, gives the whole file, expected block included (sphinx-copybutton copies the
  text of a detached clone of the code, so hidden lines count), and so does its download link;
* an exercise's hand-out keeps its expected block in view (the output to aim for); its solution,
  with the output under it, hides it like an example;
* every output carries one small mark that says what it means, with a Font Awesome tick drawn
  from the site's own font, and the page says once, near its top, what printed its outputs;
* an example that needs TensorFlow gets one line, not a box: "Needs TensorFlow (set-up): Copy
  code, Download".

The pages' accessibility, contrast in both themes and phone width are checked for every page by
test_pages.py.
"""

import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from offline_archive import screenshot
from playwright.sync_api import expect
from test_pages import DESKTOP, PHONE, open_page

PAGE = "activations.html"  # examples (some run in the browser, some need TensorFlow) and an exercise
EXAMPLES = "div.cell:not(.tag_hide-cell) div.cell_input pre"
MARK = "Matches the file's expected output"
PAGE_LINE = re.compile(
    r"^The outputs on this page were printed on \d{4}-\d\d-\d\d with TensorFlow \S+, Keras \S+, "
    r"NumPy \S+ and Python \S+; with other versions, numbers may differ\.( |$)"
)


@pytest.fixture(scope="module")
def files(site) -> dict[str, str]:
    """Every snippet file as a learner downloads it: {file name: text}."""
    with zipfile.ZipFile(site / "lesson-snippets.zip") as zf:
        return {name.rsplit("/", 1)[-1]: zf.read(name).decode("utf-8") for name in zf.namelist()}


def whole_text(block) -> str:
    """A code block's text with its hidden lines (what a copy of it holds)."""
    return block.evaluate("pre => pre.textContent")


def test_examples_show_their_code_without_the_block_and_an_exercise_hand_out_with_it(
    site, visit, files, screenshots
):
    seen = open_page(visit, site, PAGE)  # collapsed solutions opened, as a reader may
    page = seen.page
    blocks = page.locator(EXAMPLES)
    assert blocks.count() >= 4, f"{PAGE}: expected several examples, found {blocks.count()}"
    for i in range(blocks.count()):
        block = blocks.nth(i)
        text = whole_text(block)
        name = next((name for name, body in files.items() if body == text), None)
        assert name, f"example {i + 1}: its code block is not a whole lesson file:\n{text}"
        shown = block.inner_text()
        assert not block.locator("button").count(), f"{name}: a button in the code"
        if "Expected output: none" in text:
            assert "Expected output: none" in shown, f"{name}: the one 'none' line stays in view"
            continue
        assert "Expected output" not in shown, f"{name}: shows its expected block\n{shown}"
        code = text[: text.rindex("# Expected output:")].rstrip("\n")
        assert shown.rstrip("\n") == code, f"{name}: shows more or less than its code:\n{shown}"
    block = blocks.first
    block.scroll_into_view_if_needed()
    cell = block.locator("xpath=ancestor::div[contains(@class, 'cell')][1]")
    screenshot(cell, path=screenshots / "provenance--example.png")

    handout = page.locator("div.exercise-handout pre")
    assert handout.count() == 1
    assert "# Expected output:" in handout.inner_text(), "the hand-out hides its block"
    solution = page.locator("div.cell.tag_hide-cell div.cell_input pre")
    assert solution.count() == 1 and solution.is_visible()
    assert "Expected output:" not in solution.inner_text(), "the solution shows the block its output repeats"
    assert "Expected output:" in whole_text(solution), "the solution's block is gone from the code"
    assert not seen.errors and not seen.blocked, (seen.errors, seen.blocked)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_copying_or_downloading_an_example_gives_the_whole_file(site, visit, files, device):
    seen = open_page(
        visit,
        site,
        PAGE,
        device=DESKTOP if device == "desktop" else PHONE,
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = seen.page
    blocks = page.locator(EXAMPLES).filter(has=page.locator(".expected-fold"))
    assert blocks.count() >= 4
    problems = []
    for i in range(blocks.count()):
        pre = blocks.nth(i)
        name = next(name for name, body in files.items() if body == whole_text(pre))
        page.evaluate("navigator.clipboard.writeText('(nothing copied)')")
        highlight = pre.locator("xpath=..")
        highlight.hover()
        highlight.locator(".copybtn").click()
        expect(highlight.locator(".copybtn")).to_have_attribute("data-tooltip", "Copied!")  # once copied
        copied = page.evaluate("navigator.clipboard.readText()")
        if copied.rstrip("\n") != files[name].rstrip("\n") or "# Expected output:" not in copied:
            problems.append(f"{name}: the copy button copied\n{copied}")
    assert not problems, "\n".join(problems)

    # an example that needs TensorFlow: its line's Copy code button and its download give the file too
    note = page.locator("div.runner-unavailable").first
    cell = note.locator("xpath=preceding-sibling::*[1]")
    name = next(name for name, body in files.items() if body == whole_text(cell.locator("pre").first))
    assert "Expected output" not in cell.locator("pre").first.inner_text(), f"{name} shows its block"
    page.evaluate("navigator.clipboard.writeText('(nothing copied)')")
    note.get_by_role("button", name="Copy code").click()
    note.get_by_text("Copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == files[name], f"{name}: Copy code"
    href = note.locator("a[download]").evaluate("a => a.href")
    downloaded = Path(unquote(urlsplit(href).path)).read_text(encoding="utf-8")
    assert downloaded == files[name] and "# Expected output:" in downloaded, f"{name}: the download"
    assert not seen.errors and not seen.blocked, (seen.errors, seen.blocked)


def test_every_output_has_one_small_mark_and_the_page_one_line_of_versions(site, visit, screenshots):
    for name in ("activations.html", "normalization.html", "mini-challenge.html"):
        seen = open_page(visit, site, name)
        page = seen.page
        outputs = page.locator("div.cell_output")
        assert outputs.count(), name
        for i in range(outputs.count()):
            mark = outputs.nth(i).locator("p.snippet-provenance")
            assert mark.count() == 1 and mark.is_visible(), f"{name}: output {i + 1} has no visible mark"
            assert mark.inner_text().strip() == MARK, f"{name}: output {i + 1}: {mark.inner_text()!r}"
            icon = mark.locator("i.fa-circle-check")
            assert icon.get_attribute("aria-hidden") == "true"
            drawn = icon.evaluate(
                "i => { const s = getComputedStyle(i, '::before');"
                " return [s.content, s.fontFamily, i.getBoundingClientRect().width]; }"
            )
            assert drawn[0] not in ("", "none", "normal") and "Font Awesome" in drawn[1] and drawn[2] > 4, (
                f"{name}: the tick is not drawn by the site's Font Awesome: {drawn}"
            )
        lines = page.locator("p.page-provenance")
        assert lines.count() == 1, f"{name}: {lines.count()} lines of versions, not one"
        assert PAGE_LINE.match(lines.inner_text().strip()), f"{name}: {lines.inner_text()!r}"
        first_heading = page.locator(".bd-article section section > h2").first
        assert lines.evaluate(
            "(p, h) => !!(p.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING)",
            first_heading.element_handle(),
        ), f"{name}: the versions line is not near the top (before the first section)"
        if name == "activations.html":
            lines.scroll_into_view_if_needed()
            screenshot(
                page.locator("div.admonition.objectives"), path=screenshots / "provenance--page-top.png"
            )
        assert not seen.errors, seen.errors


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_an_example_that_needs_tensorflow_gets_one_short_line(site, visit, device, screenshots):
    seen = open_page(visit, site, PAGE, device=DESKTOP if device == "desktop" else PHONE)
    page = seen.page
    notes = page.locator("div.runner-unavailable")
    assert notes.count() >= 2
    for i in range(notes.count()):
        note = notes.nth(i)
        text = " ".join(note.inner_text().split())
        assert re.fullmatch(
            r"Needs (TensorFlow|NumPy|[\w, ]+) \(set-up\): Copy code Download( \w+\.py)?", text
        ), text
        assert "No Run button" not in text
        lines = note.evaluate(
            "d => { const p = d.querySelector('p');"
            " return p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight); }"
        )
        assert lines <= (1.05 if device == "desktop" else 2.05), f"note {i + 1}: {lines:.1f} lines"
        assert note.get_by_role("link", name="set-up").get_attribute("href").startswith("setup.html")
        assert note.get_by_role("link", name=re.compile(r"Download \w+\.py$")).count() == 1
    notes.first.scroll_into_view_if_needed()
    screenshot(notes.first, path=screenshots / f"provenance--needs-tensorflow-{device}.png")
    assert not seen.errors, seen.errors
