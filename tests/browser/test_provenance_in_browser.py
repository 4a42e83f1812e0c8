"""Provenance on the page, in Chromium (snippetkit/provenance.py; issue 11, part 5).

Opened from file:// with the network blocked, like every browser test:

* an example's ``# Expected output:`` block is folded behind a button, collapsed; the button
  opens and closes it from the keyboard, and says so (``aria-expanded``);
* copying a folded example, with its copy button or with the "Copy code" button of an example
  that cannot run here, gives the whole file, expected block included (sphinx-copybutton copies
  the text of a detached clone of the code, so hidden lines count);
* an exercise, handout and solution, keeps its expected block in view;
* every output carries the line that says it was checked, and with what.

The pages' accessibility, contrast in both themes and phone width, fold and mark included, are
checked for every page by test_pages.py.
"""

import re
import zipfile

import pytest
from test_pages import DESKTOP, PHONE, open_page

PAGE = "activations.html"  # examples (some run in the browser, some need TensorFlow) and an exercise
FOLDED = "div.cell:not(.tag_hide-cell) div.cell_input pre"
MARK = re.compile(
    r"^✓ Output checked · TensorFlow \S+ · Keras \S+ · NumPy \S+ · Python \S+ · "
    r"\d{4}-\d\d-\d\d$"
)


# Focus what comes before the button in the tab order (what can take focus, in document order).
FOCUS_BEFORE = """b => {
  const all = [...document.querySelectorAll('a[href], button, summary, input, textarea, select, [tabindex]')]
    .filter(e => e.checkVisibility({visibilityProperty: true}) && e.tabIndex >= 0);
  all[all.indexOf(b) - 1].focus();
}"""
ACTIVE = "(() => { const e = document.activeElement; return e.outerHTML.slice(0, 120); })()"


@pytest.fixture(scope="module")
def files(site) -> dict[str, str]:
    """Every snippet file as a learner downloads it: {file name: text}."""
    with zipfile.ZipFile(site / "lesson-snippets.zip") as zf:
        return {name.rsplit("/", 1)[-1]: zf.read(name).decode("utf-8") for name in zf.namelist()}


def shown_file(block) -> str:
    """The file a code block shows, by the first lines of its text."""
    return block.evaluate(
        "pre => { const c = pre.cloneNode(true);"
        " c.querySelectorAll('button').forEach(b => b.remove()); return c.textContent; }"
    )


def expected_lines(text: str) -> int:
    lines = text.rstrip("\n").splitlines()
    header = max(i for i, line in enumerate(lines) if "Expected output:" in line)
    return len(lines) - header - 1


def test_examples_fold_their_expected_block_and_an_exercise_shows_it(site, visit, files, screenshots):
    seen = open_page(visit, site, PAGE)  # collapsed solutions opened, as a reader may
    page = seen.page
    blocks = page.locator(FOLDED)
    assert blocks.count() >= 4, f"{PAGE}: expected several examples, found {blocks.count()}"
    for i in range(blocks.count()):
        block = blocks.nth(i)
        text = shown_file(block)
        name = next((name for name, body in files.items() if body == text), None)
        assert name, f"example {i + 1}: its code block is not a whole lesson file:\n{text}"
        shown = block.inner_text()
        if "Expected output: none" in text:
            assert "Expected output: none" in shown, f"{name}: the one 'none' line stays in view"
            continue
        toggle = block.locator("button.expected-toggle")
        count = expected_lines(text)
        label = f"Expected output ({count} line{'' if count == 1 else 's'})"
        assert toggle.is_visible(), f"{name}: no fold"
        assert toggle.inner_text().strip() == label, f"{name}: {toggle.inner_text()!r}"
        assert toggle.get_attribute("aria-expanded") == "false", f"{name}: not collapsed at first"
        assert "Expected output:" not in shown, f"{name}: shows its expected block\n{shown}"
        fold = page.locator(f"#{toggle.get_attribute('aria-controls')}")
        assert fold.count() == 1 and not fold.is_visible(), f"{name}: the fold is not hidden"
    block = blocks.first
    block.scroll_into_view_if_needed()
    block.screenshot(path=screenshots / "provenance--folded-example.png")

    handout = page.locator("div.exercise-handout pre")
    solution = page.locator("div.cell.tag_hide-cell div.cell_input pre")
    for what, code in (("handout", handout), ("solution", solution)):
        assert code.count() == 1, what
        assert code.locator("button.expected-toggle").count() == 0, f"the exercise's {what} has a fold"
        assert "# Expected output:" in code.inner_text().replace("✅ ", ""), (
            f"the exercise's {what} hides its block"
        )
        assert code.is_visible()
    assert not seen.errors and not seen.blocked, (seen.errors, seen.blocked)


@pytest.mark.parametrize("keys", [("Enter", "Enter"), ("Space", "Space")])
def test_a_fold_opens_and_closes_from_the_keyboard(site, visit, keys, screenshots):
    seen = open_page(visit, site, PAGE)
    page = seen.page
    block = page.locator(FOLDED).filter(has=page.locator("button.expected-toggle")).first
    toggle = block.locator("button.expected-toggle")
    fold = page.locator(f"#{toggle.get_attribute('aria-controls')}")
    # Tab reaches it: from the element before it in the page, one Tab lands on the button
    toggle.evaluate(FOCUS_BEFORE)
    page.keyboard.press("Tab")
    assert toggle.evaluate("b => b === document.activeElement"), (
        f"Tab does not reach the fold's button: it goes to {page.evaluate(ACTIVE)}"
    )
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", (
        "the focused button shows no focus ring"
    )

    page.keyboard.press(keys[0])
    assert toggle.get_attribute("aria-expanded") == "true"
    assert fold.is_visible() and fold.inner_text().startswith("# Expected output:"), fold.inner_text()
    assert "# Expected output:" in block.inner_text()
    if keys[0] == "Enter":
        block.screenshot(path=screenshots / "provenance--opened-example.png")
    page.keyboard.press(keys[1])
    assert toggle.get_attribute("aria-expanded") == "false" and not fold.is_visible()
    assert not seen.errors, seen.errors


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_copying_a_folded_example_gives_the_whole_file(site, visit, files, device):
    seen = open_page(
        visit,
        site,
        PAGE,
        device=DESKTOP if device == "desktop" else PHONE,
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = seen.page
    blocks = page.locator(FOLDED).filter(has=page.locator("button.expected-toggle"))
    problems = []
    for i in range(blocks.count()):
        pre = blocks.nth(i)
        text = shown_file(pre)
        name = next(name for name, body in files.items() if body == text)
        assert pre.locator("button.expected-toggle").get_attribute("aria-expanded") == "false"
        page.evaluate("navigator.clipboard.writeText('(nothing copied)')")
        highlight = pre.locator("xpath=..")
        highlight.hover()
        highlight.locator(".copybtn").click()
        copied = page.evaluate("navigator.clipboard.readText()")
        if copied.rstrip("\n") != files[name].rstrip("\n"):
            problems.append(f"{name}: the copy button copied\n{copied}")
    assert not problems, "\n".join(problems)

    # an example that needs TensorFlow: its note's Copy code button copies the file too
    note = page.locator("div.runner-unavailable").first
    cell = note.locator("xpath=preceding-sibling::*[1]")
    name = next(name for name, body in files.items() if body == shown_file(cell.locator("pre").first))
    assert cell.locator("button.expected-toggle").count() == 1, f"{name} is not folded"
    page.evaluate("navigator.clipboard.writeText('(nothing copied)')")
    note.get_by_role("button", name="Copy code").click()
    note.get_by_text("Copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == files[name], f"{name}: Copy code"
    assert not seen.errors and not seen.blocked, (seen.errors, seen.blocked)


def test_every_output_is_marked_as_checked(site, visit):
    for name in ("activations.html", "normalization.html", "mini-challenge.html"):
        seen = open_page(visit, site, name)
        page = seen.page
        outputs = page.locator("div.cell_output")
        assert outputs.count(), name
        for i in range(outputs.count()):
            mark = outputs.nth(i).locator("p.snippet-provenance")
            assert mark.count() == 1 and mark.is_visible(), f"{name}: output {i + 1} has no visible mark"
            seen_text = mark.evaluate(
                "p => { const c = p.cloneNode(true);"
                " c.querySelectorAll('.visually-hidden').forEach(e => e.remove());"
                " return c.textContent.replace(/\\s+/g, ' ').trim(); }"
            )
            assert MARK.match(seen_text), f"{name}: output {i + 1}: {seen_text!r}"
        assert not seen.errors, seen.errors
