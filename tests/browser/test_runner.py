"""Try it yourself: the examples run and are checked in the browser, offline (issue: runners).

The offline archive is served the way a reader serves it, with its own
serve.py on 127.0.0.1, and every request to any other address is blocked and
recorded: Pyodide must come from the archive. Python runs in a Web Worker,
so an endless loop must not freeze the page.
"""

import json
import re
import subprocess
import sys
import time
import zipfile

import pytest
from offline_archive import ARCHIVE, Visit

from snippetkit import (
    ROOT,  # noqa: E402
    checker,
    snippetfile,
)

SLOPES = ROOT / "snippets" / "activations" / "your_turn_slopes.py"  # the activations page's exercise
CHALLENGE = ROOT / "snippets" / "mini-challenge" / "momentum_by_hand.py"
MS = 1000
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def served(site):
    """The unzipped archive, served by its own serve.py on a free loopback port: the base URL."""
    server = subprocess.Popen(
        [sys.executable, str(site / "serve.py"), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    line = server.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+/", line)
    if not match:
        server.kill()
        pytest.fail(f"serve.py did not print its address: {line!r}", pytrace=False)
    yield match[0]
    server.terminate()
    server.wait(timeout=10)


class Served(Visit):
    """One page of the served site in a fresh browser context; anything not from the server is blocked."""

    def __init__(self, chromium, url, base, **options):
        self.base = base
        options.setdefault("viewport", {"width": 1200, "height": 1000})
        super().__init__(chromium, url, allowed=(base,), settle=False, **options)

    def runner(self, filename):
        """The runner of *filename*, opened."""
        runner = self.page.locator("div.runner").filter(
            has=self.page.locator("label.runner-label", has_text=f"({filename})")
        )
        assert runner.count() == 1, f"expected one runner for {filename}, found {runner.count()}"
        runner.locator("summary").click()
        runner.locator("details[open]").wait_for()  # once runner.js is there (snippetkit.runner.LOADER)
        styled = self.page.evaluate(
            "[...document.styleSheets].some(s => (s.href || '').includes('/runner/runner.css'))"
        )
        assert styled, "the editor opened before runner.css was in: LOADER loads the script after it"
        return runner

    def runs(self):
        return self.page.evaluate("window.lessonRunner.timings")

    def press_and_wait(self, runner, button, timeout=90 * MS):
        """Click Run or Check; return the run's record once it has finished."""
        done = len(self.runs())
        runner.locator(f"button.runner-{button}").click()
        self.page.wait_for_function("n => window.lessonRunner.timings.length > n", arg=done, timeout=timeout)
        return self.runs()[-1]


@pytest.fixture
def open_served(visit, served):
    return lambda name, **options: visit(served + name, kind=Served, base=served, **options)


def status(runner):
    return runner.locator(".runner-status").inner_text()


def diff_lines(seen, runner, rows):
    """What the diff shows for lesson_check.py's *rows*, [(index, expected, printed)]: check.py's
    lines ("line 32: expected '…'" over "printed  '…'", snippetkit.checker.differing_lines), each
    numbered from the editor's expected-output header (or the file's, if the editor lost it)."""
    header = seen.page.evaluate(
        """r => { const lines = r.querySelector('textarea').value.split('\\n');
                  const at = lines.findLastIndex(l => /^#\\s*Expected output:/.test(l));
                  return at >= 0 ? at + 1 : JSON.parse(r.querySelector('script.runner-data').text).expected_line; }""",
        runner.element_handle(),
    )
    shown = []
    for index, expected, printed in rows:
        where = f"line {header + 1 + index}: "
        shown += [f"{where}expected {expected}", f"{' ' * len(where)}printed  {printed}"]
    return shown


def test_relu_exercise_filled_from_its_hints_passes_check(open_served):
    seen = open_served("activations.html")
    runner = seen.runner("your_turn_slopes.py")
    editor = runner.locator("textarea")
    handout = editor.input_value()
    assert handout.strip() == snippetfile.load(SLOPES).handout().strip(), "the editor starts with the handout"
    assert "___" in handout

    editor.fill(snippetfile.load(SLOPES).solution(for_display=True))
    record = seen.press_and_wait(runner, "check")
    assert record["outcome"] == "ok", (record, runner.locator(".runner-output").inner_text())
    assert status(runner).startswith("✓ Check passed"), status(runner)
    output = runner.locator(".runner-output").inner_text()
    assert "ReLU      : [1.0, 0.0, 2.5, 0.0, 0.0]" in output
    assert "LeakyReLU : [1.0, -0.04, 2.5, -0.005, 0.0]" in output
    assert runner.locator(".runner-diff").is_hidden()
    assert not seen.blocked, f"requests left the machine: {seen.blocked}"
    assert not seen.errors, seen.errors
    assert any(url.endswith("runner/pyodide/pyodide.asm.wasm") for url in seen.requests), (
        "Pyodide comes from the site"
    )


def test_wrong_answer_fails_check_with_a_diff(open_served):
    seen = open_served("activations.html")
    runner = seen.runner("your_turn_slopes.py")
    editor = runner.locator("textarea")
    solved = snippetfile.load(SLOPES).solution(for_display=True)
    wrong = solved.replace("return 0.0, 0.0", "return z, 0.0")
    assert wrong != solved
    editor.fill(wrong)
    seen.press_and_wait(runner, "check")
    assert status(runner).startswith("✗ Check failed"), status(runner)
    diff = runner.locator(".runner-diff")
    assert diff.is_visible()
    lines = diff.locator("pre").inner_text().splitlines()
    header = wrong.splitlines().index("# Expected output:") + 1
    printed = runner.locator(".runner-output").inner_text()
    expected = snippetfile.load(SLOPES).expected
    as_check_py = [line[4:] for line in checker.differing_lines(expected, printed, header).splitlines()]
    assert lines == as_check_py, (lines, as_check_py)  # check.py's lines, word for word
    assert lines[0] == f"line {header + 1}: expected 'ReLU      : [1.0, 0.0, 2.5, 0.0, 0.0]'", lines
    assert lines[1].lstrip() == "printed  'ReLU      : [1.0, -4.0, 2.5, -0.5, 0.0]'", lines
    assert lines[1].index("printed") == lines[0].index("expected"), "each printed line under its expected one"
    assert not [line for line in lines if "LeakyReLU" in line], "a matching line is not listed"

    runner.locator("button.runner-reset").click()
    assert editor.input_value().strip() == snippetfile.load(SLOPES).handout().strip(), (
        "Reset restores the handout"
    )
    assert diff.is_hidden()
    assert not seen.blocked and not seen.errors, (seen.blocked, seen.errors)


def test_a_traceback_names_the_learners_file_and_line(open_served):
    seen = open_served("activations.html")
    runner = seen.runner("your_turn_slopes.py")
    runner.locator("textarea").fill("rates = [0.1, 0.0]\nprint('before')\nprint(1 / rates[1])\n")
    record = seen.press_and_wait(runner, "run")
    assert record["outcome"] == "error"
    output = runner.locator(".runner-output").inner_text()
    assert output.startswith("before\nTraceback (most recent call last):"), output
    assert 'File "your_turn_slopes.py", line 3, in <module>' in output
    assert output.rstrip().splitlines()[-1].startswith("ZeroDivisionError: "), output
    assert "_pyodide" not in output and "<exec>" not in output, "no frames of the runner itself"
    assert "ZeroDivisionError" in status(runner)


def test_learner_code_cannot_reach_the_page(open_served):
    """It runs in a Web Worker: no document, no window; what it prints is shown as text."""
    seen = open_served("activations.html")
    runner = seen.runner("your_turn_slopes.py")
    runner.locator("textarea").fill(
        "import js\n"
        "print(js.eval('typeof document'), js.eval('typeof window'))\n"
        "print('<img src=x onerror=alert(1)>')\n"
    )
    seen.press_and_wait(runner, "run")
    output = runner.locator(".runner-output")
    assert output.inner_text() == "undefined undefined\n<img src=x onerror=alert(1)>\n"
    assert output.locator("img").count() == 0, "output is text, never markup"
    assert not seen.errors, seen.errors


def test_endless_loop_is_stopped_after_the_timeout_and_the_page_still_answers(open_served):
    seen = open_served("activations.html")
    page = seen.page
    runner = seen.runner("your_turn_slopes.py")
    runner.locator("textarea").fill("while True:\n    pass\n")
    runner.locator("button.runner-run").click()
    page.wait_for_function(
        "document.querySelector('div.runner[aria-busy=true] .runner-status')"
        ".textContent.startsWith('Running')",
        timeout=90 * MS,
    )
    started = time.monotonic()
    assert runner.locator("button.runner-stop").is_enabled()
    # the runner_timeout setting (snippetkit.settings), as the build wrote it into the page
    timeout_s = runner.locator("script.runner-data").evaluate("s => JSON.parse(s.text).timeout")

    # the page keeps answering while Python spins: frames render, input works
    for _ in range(3):
        took = page.evaluate("""() => new Promise(done => {
            const t = performance.now(); requestAnimationFrame(() => done(performance.now() - t)); })""")
        assert took < 1000, f"a frame took {took} ms: the page is frozen"
    other = seen.runner("gelu_from_scratch.py").locator("textarea")
    other.fill("print('typed while the loop runs')")
    assert other.input_value() == "print('typed while the loop runs')"

    page.wait_for_function("window.lessonRunner.timings.length >= 1", timeout=(timeout_s + 20) * MS)
    stopped_after = time.monotonic() - started
    record = seen.runs()[-1]
    assert record["outcome"] == "timeout", record
    assert timeout_s - 1 <= stopped_after <= timeout_s + 10, stopped_after
    assert status(runner).startswith(f"Stopped after {timeout_s} s"), status(runner)
    assert runner.locator("button.runner-stop").is_disabled()

    # and Python works again afterwards
    runner.locator("textarea").fill("print('still here')")
    record = seen.press_and_wait(runner, "run")
    assert record["outcome"] == "ok" and runner.locator(".runner-output").inner_text() == "still here\n"
    assert not seen.blocked and not seen.errors, (seen.blocked, seen.errors)


def test_stop_ends_a_run_at_once(open_served):
    seen = open_served("activations.html")
    runner = seen.runner("relu_leaky_from_scratch.py")
    runner.locator("textarea").fill(
        "import itertools\nfor i in itertools.count():\n    if i % 10**6 == 0:\n        print(i)\n"
    )
    runner.locator("button.runner-run").click()
    runner.locator(".runner-output").filter(has_text="1000000").wait_for(timeout=90 * MS)
    runner.locator("button.runner-stop").click()
    assert seen.runs()[-1]["outcome"] == "stopped"
    assert status(runner) == "Stopped."
    assert runner.locator("button.runner-run").is_enabled()


def test_mini_challenge_solution_passes(open_served):
    seen = open_served("mini-challenge.html")
    runner = seen.runner("momentum_by_hand.py")
    editor = runner.locator("textarea")
    challenge = snippetfile.load(CHALLENGE)
    assert editor.input_value().strip() == challenge.handout().strip(), "the editor starts with the outline"
    assert "# your code here" in editor.input_value()

    seen.press_and_wait(runner, "check")
    assert status(runner).startswith("✗ Check failed"), "the bare outline prints nothing, so it fails"
    assert "your code printed nothing" in status(runner), status(runner)
    shown = runner.locator(".runner-diff pre").inner_text()
    assert "printed  (nothing)" in shown and "expected (nothing)" not in shown, shown

    editor.fill(challenge.solution(for_display=True))
    seen.press_and_wait(runner, "check")
    assert status(runner).startswith("✓ Check passed"), (
        status(runner),
        runner.locator(".runner-output").inner_text(),
    )
    assert not seen.blocked and not seen.errors, (seen.blocked, seen.errors)


# -- Check: CI's own checker, pytest-doctestplus's output_checker.py, run by the browser's Python ----------

RUNNER_DATA = re.compile(r'(<script type="application/json" class="runner-data">)(.*?)(</script>)', re.S)


def with_expected(seen, expected):
    """Reload the page with the named runners' expected blocks replaced: {file: expected block}."""

    def rewrite(route):
        response = route.fetch()

        def replace(match):
            data = json.loads(match[2])
            data["expected"] = expected.get(data["file"], data["expected"])
            return match[1] + json.dumps(data, ensure_ascii=False).replace("<", "\\u003c") + match[3]

        route.fulfill(response=response, body=RUNNER_DATA.sub(replace, response.text()))

    seen.context.route(seen.page.url, rewrite)
    seen.page.reload(wait_until="load")


def printing(text):
    """Code that prints *text* exactly."""
    return f"print({text!r}, end='')\n"


# (expected block, [(printed, passes, the rows the diff shows if it fails)]): CI's verdicts (see
# CHECK_CASES in tests/test_runner_extension.py), one expected block per page load. A row is
# (the line's place in the expected block, expected, printed), as lesson_check.py pairs them.
CHECK_IN_THE_BROWSER = {
    "float tolerance": (
        "weight: 0.1\n",
        [
            ("weight: 0.10000001\n", True, None),
            ("weight:   0.1\n", True, None),
            ("weight: 0.1001\n", False, [(0, "'weight: 0.1'", "'weight: 0.1001'")]),
        ],
    ),
    "ellipsis": (
        "shape: ...\nloss 0.5 ... acc 0.9\n",
        [
            ("shape: (32, 10)\nloss 0.5000001 epoch 3 acc 0.9\n", True, None),
            (
                "shape: (32, 10)\nloss 0.6 epoch 3 acc 0.9\n",
                False,
                [(1, "'loss 0.5 ... acc 0.9'", "'loss 0.6 epoch 3 acc 0.9'")],
            ),
        ],
    ),
    "white space, blank lines, numbers in text": (
        "a  b\n\ncount: 3\n",
        [
            ("a\tb   \ncount: 3\n", True, None),
            ("a b\ncount: 3.0\n", False, [(1, "''", "'count: 3.0'"), (2, "'count: 3'", "(nothing)")]),
        ],
    ),
    "infinities, by numpy.isclose as in CI": (
        "inf 0.5\nloss: inf\n",
        [
            ("inf 0.5000001\nloss: inf\n", True, None),
            ("inf 0.5\nloss: 5.0\n", False, [(1, "'loss: inf'", "'loss: 5.0'")]),
        ],
    ),
}


@pytest.mark.parametrize("rule", list(CHECK_IN_THE_BROWSER))
def test_check_passes_and_fails_as_ci_does(open_served, rule):
    expected, cases = CHECK_IN_THE_BROWSER[rule]
    seen = open_served("activations.html")
    with_expected(seen, {"gelu_from_scratch.py": expected})
    runner = seen.runner("gelu_from_scratch.py")
    for printed, passes, rows in cases:
        runner.locator("textarea").fill(printing(printed))
        record = seen.press_and_wait(runner, "check")
        assert record["outcome"] == "ok" and runner.locator(".runner-output").inner_text() == printed
        assert record["check"] == ("passed" if passes else "failed"), (rule, printed, status(runner))
        if passes:
            assert status(runner).startswith("✓ Check passed"), status(runner)
            assert runner.locator(".runner-diff").is_hidden()
        else:
            assert status(runner).startswith("✗ Check failed"), status(runner)
            shown = runner.locator(".runner-diff pre").inner_text().splitlines()
            assert shown == diff_lines(seen, runner, rows), rule
    assert not seen.blocked and not seen.errors, (seen.blocked, seen.errors)


def test_the_verdict_is_the_shipped_python_checkers(open_served):
    """Check loads doctestplus's output_checker.py (and our lesson_check.py calling it, and the flag
    names) on its first use, from the site; the verdict is that module's: served with a tolerance of
    50%, it passes what the real one fails."""
    seen = open_served("activations.html")
    with_expected(seen, {"gelu_from_scratch.py": "weight: 0.1\n"})
    runner = seen.runner("gelu_from_scratch.py")
    runner.locator("textarea").fill(printing("weight: 0.12\n"))
    checker_files = [
        "_static/runner/check.json",
        "_static/runner/lesson_check.py",
        "_static/runner/output_checker.py",
    ]

    seen.press_and_wait(runner, "run")
    assert not [url for url in seen.requests if url in checker_files], "Run loads no checker"
    assert seen.page.evaluate("typeof window.LessonCheck") == "undefined", "no checker in JavaScript"
    assert seen.press_and_wait(runner, "check")["check"] == "failed"
    assert sorted(url for url in seen.requests if url in checker_files) == checker_files

    tampered = []

    def loose(route):
        response = route.fetch()
        source = response.text()
        assert "    rtol = 1e-05\n" in source
        tampered.append(route.request.url)
        route.fulfill(response=response, body=source.replace("    rtol = 1e-05\n", "    rtol = 0.5\n"))

    seen.context.route("**/_static/runner/output_checker.py", loose)
    with_expected(seen, {"gelu_from_scratch.py": "weight: 0.1\n"})  # a new page: a new Python
    runner = seen.runner("gelu_from_scratch.py")
    runner.locator("textarea").fill(printing("weight: 0.12\n"))
    assert seen.press_and_wait(runner, "check")["check"] == "passed", status(runner)
    assert status(runner).startswith("✓ Check passed") and len(tampered) == 1
    assert not seen.blocked and not seen.errors, (seen.blocked, seen.errors)


def runner_data() -> dict[str, list[dict]]:
    """Per page of the archive (which conftest.py's `site` fixture unpacks), the data of its runners."""
    if not ARCHIVE.is_file():
        return {}
    found = {}
    pattern = r'<script type="application/json" class="runner-data">(.*?)</script>'
    with zipfile.ZipFile(ARCHIVE) as zf:
        for name in zf.namelist():
            if name.count("/") == 1 and name.endswith(".html"):
                datas = [json.loads(data) for data in re.findall(pattern, zf.read(name).decode(), re.S)]
                if datas:
                    found[name.split("/", 1)[1]] = datas
    return found


RUNNERS = runner_data()
RUNNER_PAGES = sorted(RUNNERS)
#: Per page, the exercises with a runner (their runner data says ``exercise``).
BROWSER_EXERCISES = {
    page: [ROOT / data["source"] for data in datas if data.get("exercise")]
    for page, datas in RUNNERS.items()
    if any(data.get("exercise") for data in datas)
}

#: Every section page's exercise, and the mini challenge's first part, need only the standard library.
EXERCISE_PAGES = [
    "activations.html",
    "initialization.html",
    "normalization.html",
    "regularization.html",
    "optimizers.html",
    "schedules.html",
    "mini-challenge.html",
]


def test_the_lesson_pages_with_runners():
    assert sorted(BROWSER_EXERCISES) == sorted(EXERCISE_PAGES), BROWSER_EXERCISES
    assert set(BROWSER_EXERCISES) <= set(RUNNER_PAGES), (BROWSER_EXERCISES, RUNNER_PAGES)


@pytest.mark.parametrize("name", RUNNER_PAGES)
def test_every_runner_on_a_page_passes_check_with_its_solution(open_served, name):
    """The browser's Python (Pyodide, CPython 3.14) prints what CI's Python does, for every runner.

    An exercise's runner, before: Check fails on the hand-out, and "Show hint" gives each blank's code
    (hidden until asked). One page, so one Python, for all of it."""
    seen = open_served(name)
    datas = seen.page.evaluate(
        "[...document.querySelectorAll('script.runner-data')].map(s => JSON.parse(s.text))"
    )
    assert datas, f"{name} has no runner"
    for data in datas:
        runner = seen.runner(data["file"])
        snip = snippetfile.load(ROOT / data["source"])
        editor = runner.locator("textarea")
        assert editor.input_value().strip() == snip.handout().strip(), "the editor starts with the hand-out"
        assert data["expected"] == snip.expected
        if data.get("exercise"):
            exercise_fails_as_handed_out_and_hints_on_request(seen, runner, snip)
        editor.fill(snip.solution(for_display=True))
        seen.press_and_wait(runner, "check")
        assert status(runner).startswith("✓ Check passed"), (
            data["source"],
            status(runner),
            runner.locator(".runner-output").inner_text(),
        )
    assert not seen.blocked and not seen.errors, (seen.blocked, seen.errors)


def exercise_fails_as_handed_out_and_hints_on_request(seen, runner, snip):
    """A standard-library exercise's runner, as the page opens: Check fails on the hand-out, and
    "Show hint" gives each blank's code (hidden until asked)."""
    name = snip.path.name
    assert "[hint:" not in runner.locator("textarea").input_value(), (
        "the hand-out keeps the pointers, not the code"
    )
    seen.press_and_wait(runner, "check")
    assert status(runner).startswith("✗ Check failed"), (name, status(runner))
    if snip.hints():  # a blanks exercise (the mini challenge's outline has none)
        hints = seen.page.locator("details.exercise-hints").filter(has_text=snip.hints()[0].text)
        assert hints.count() == 1, f"one 'Show hints' for {name}"
        label = hints.locator("summary").first.inner_text()
        assert label == ("Show hint" if len(snip.hints()) == 1 else "Show hints"), label
        assert f"“{label}”" in status(runner), ("the message names the button as it reads", status(runner))
        body = hints.locator("ol.exercise-hint-steps")
        assert body.is_hidden(), "the hints stay folded until asked for"
        hints.locator("summary").first.click()
        for hint in snip.hints():
            step = body.locator("li").filter(has_text=f"Line {hint.line}: {hint.pointer}")
            assert step.count() == 1 and step.first.is_visible(), (name, hint)
            code = step.locator("details.exercise-hint-code")
            answer = f"Line {hint.line}: replace ___ with {hint.text}"
            assert code.locator("p").is_hidden(), (
                f"{name}: the code for line {hint.line} waits for a second click"
            )
            code.locator("summary").click()
            assert code.locator("p").inner_text() == answer, (code.inner_text(), answer)


def test_keyboard_runs_and_the_runner_is_labelled(open_served):
    seen = open_served("activations.html")
    page = seen.page
    summary = page.locator("div.runner summary").first
    summary.focus()
    page.keyboard.press("Enter")  # a summary opens from the keyboard
    runner = page.locator("div.runner").first
    editor = runner.locator("textarea")
    editor.wait_for()  # at once if runner.js is there; else once LOADER has fetched it and re-clicked
    assert runner.get_by_label(re.compile(r"Your code \(relu_leaky_from_scratch\.py\)")).count() == 1
    assert editor.get_attribute("aria-describedby")
    for name in ("Run", "Check", "Stop", "Reset"):
        assert runner.get_by_role("button", name=re.compile(name)).count() == 1, name
    assert runner.get_by_role("status").count() == 1

    editor.fill("print(6 * 7)")
    editor.press("End")
    done = len(seen.runs())
    editor.press("Control+Enter")
    page.wait_for_function("n => window.lessonRunner.timings.length > n", arg=done, timeout=90 * MS)
    assert runner.locator(".runner-output").inner_text() == "42\n"
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA", "focus stays in the editor"

    editor.fill("x = 1")
    editor.press("End")
    editor.press("Tab")
    assert editor.input_value() == "x = 1    ", "Tab indents inside the editor"
    editor.press("Escape")
    editor.press("Tab")
    assert page.evaluate("document.activeElement.tagName") != "TEXTAREA", "Esc, then Tab leaves the editor"


def test_tensorflow_example_has_no_run_button_but_says_why(open_served):
    seen = open_served("activations.html")
    page = seen.page
    cell = page.locator("div.cell").filter(has_text="from tensorflow import keras").first
    note = cell.locator("xpath=following-sibling::*[1]")
    assert "runner-unavailable" in note.get_attribute("class")
    text = note.inner_text()
    assert text.startswith("Needs TensorFlow (set-up): "), text
    assert note.locator("a[download]").get_attribute("href").endswith("/keras_activations.py")
    assert note.get_by_role("button", name="Copy code").is_visible()
    names = page.evaluate(
        "[...document.querySelectorAll('script.runner-data')].map(s => JSON.parse(s.text).file)"
    )
    assert sorted(names) == ["gelu_from_scratch.py", "relu_leaky_from_scratch.py", "your_turn_slopes.py"], (
        names
    )

    seen.context.grant_permissions(["clipboard-read", "clipboard-write"])
    note.get_by_role("button", name="Copy code").click()
    note.get_by_text("Copied.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("# ") and "from tensorflow import keras" in copied


def test_python_loads_only_once_an_editor_opens(open_served):
    seen = open_served("faq.html")
    assert not [url for url in seen.requests if "runner/" in url], "a page with no runner loads nothing of it"
    seen = open_served("index.html")  # the progress box: the runner's script, none of Pyodide
    seen.page.locator("div.lesson-progress").locator("xpath=..").scroll_into_view_if_needed()
    seen.page.wait_for_function(
        "() => window.lessonRunner && document.querySelector('.lesson-progress:not([hidden])')"
    )
    seen.traffic.quiet()
    assert sorted(url for url in seen.requests if "runner/" in url) == [
        "_static/runner/runner.css",
        "_static/runner/runner.js",
    ]
    seen = open_served("activations.html")
    seen.traffic.quiet()
    seen.page.locator("div.runner").first.scroll_into_view_if_needed()  # its files load near it
    seen.page.wait_for_function("() => document.querySelector('link[href*=\"runner.css\"]')")
    seen.traffic.quiet()
    loaded = [url for url in seen.requests if "runner/" in url]
    expected = ["_static/runner/runner.css", "_static/runner/runner.js"]
    assert sorted(loaded) == expected, loaded
    seen.page.wait_for_timeout(300)
    assert not [url for url in seen.requests if "pyodide" in url or "worker" in url], (
        "nothing before an editor opens"
    )
    seen.runner("gelu_from_scratch.py")  # opening an editor starts Python in the background
    for _ in range(600):  # the worker's requests go through the context's route, so they are recorded
        if any(url.endswith("runner/pyodide/pyodide.asm.wasm") for url in seen.requests):
            break
        seen.page.wait_for_timeout(100)
    assert any(url.endswith("runner/pyodide/pyodide.asm.wasm") for url in seen.requests), seen.requests
    assert not [url for url in seen.requests if "check" in url], "the checker loads on the first Check only"


def test_opened_from_a_file_a_runner_says_how_to_start_the_viewer(site, visit):
    seen = visit((site / "activations.html").as_uri())
    runner = seen.page.locator("div.runner").first
    runner.locator("summary").click()
    runner.locator("button.runner-run").click()
    text = runner.locator(".runner-status").inner_text()
    assert "python3 serve.py" in text and "\n" not in text, text
    assert not seen.errors and not seen.blocked, (seen.errors, seen.blocked)


def test_python_loads_on_the_first_run_of_a_page_only(open_served, record_property):
    """A page starts Python once (on opening an editor; the first Run waits for it), not again; prints
    the Run -> first output times (measured in the page with performance.now) for the record."""
    seen = open_served("optimizers.html")
    runner = seen.runner("momentum_step.py")
    cold = seen.press_and_wait(runner, "run")
    warm = [seen.press_and_wait(runner, "run") for _ in range(5)]
    # the next page a learner opens starts its own Python, from the browser's cache
    seen.page.goto(seen.base + "activations.html")
    next_page = seen.press_and_wait(seen.runner("gelu_from_scratch.py"), "run")
    assert cold["cold"] and next_page["cold"] and not any(run["cold"] for run in warm)
    assert all(run["outcome"] == "ok" for run in [cold, *warm, next_page])
    timings = {
        "cold_first_output_ms": round(cold["firstOutputMs"]),
        "cold_python_start_ms": round(cold["loadMs"]),
        "warm_first_output_ms": sorted(round(run["firstOutputMs"]) for run in warm),
        "next_page_cold_first_output_ms": round(next_page["firstOutputMs"]),
    }
    record_property("run_timings", json.dumps(timings))
    print("\nRun -> first output:", json.dumps(timings))  # reported, not asserted: no timed tests


# -- progress, kept in this browser ---------------------------------------------------------------


def first_browser_exercise():
    name = sorted(BROWSER_EXERCISES)[0] if BROWSER_EXERCISES else None
    return (name, BROWSER_EXERCISES[name][0]) if name else (None, None)


def test_progress_is_kept_on_this_device_counted_and_forgotten(open_served, served):
    """Save an edit, reload it, pass Check, see the count on the page and the home page, forget it."""
    name, path = first_browser_exercise()
    assert name, "the lesson has an exercise the browser checks"
    total = sum(len(paths) for paths in BROWSER_EXERCISES.values())
    snip = snippetfile.load(path)
    seen = open_served(name)
    runner = seen.runner(path.name)
    progress = runner.locator(".runner-progress")
    assert progress.inner_text() == f"0 of the lesson's {total} in-browser exercises passed in this browser."

    edited = "# my first try\n" + snip.handout()
    runner.locator("textarea").fill(edited)
    seen.page.reload(wait_until="load")
    runner = seen.runner(path.name)
    assert runner.locator("textarea").input_value() == edited, "the edit survives a reload"
    assert status(runner).startswith("Your edits are back"), status(runner)

    runner.locator("textarea").fill(snip.solution(for_display=True))
    seen.press_and_wait(runner, "check")
    assert status(runner).startswith("✓ Check passed"), status(runner)
    assert runner.locator(".runner-progress").inner_text() == (
        f"✓ You passed this exercise. 1 of the lesson's {total} in-browser exercises passed in this browser."
    )

    seen.page.goto(served + "index.html", wait_until="load")
    box = seen.page.locator("div.lesson-progress")
    # (runner.js fills and shows it once it has loaded: it loads as the box comes near the screen)
    box.wait_for(state="visible", timeout=10_000)
    count = box.locator(".lesson-progress-count")
    assert count.inner_text() == f"1 of the lesson's {total} in-browser exercises passed in this browser."
    box.locator("button.lesson-progress-forget").click()
    box.locator("button.lesson-progress-yes").click()
    assert count.inner_text().startswith("0 of"), count.inner_text()

    seen.page.goto(served + name, wait_until="load")
    runner = seen.runner(path.name)
    assert runner.locator("textarea").input_value().strip() == snip.handout().strip(), "edits forgotten too"
    assert runner.locator(".runner-progress").inner_text().startswith("0 of")
    stored = seen.page.evaluate("Object.keys(localStorage)")
    assert not [key for key in stored if key.startswith("nn-techniques-lesson:")], stored
    assert not seen.blocked and not seen.errors, (seen.blocked, seen.errors)


def test_reset_forgets_the_edit(open_served):
    name, path = first_browser_exercise()
    seen = open_served(name)
    runner = seen.runner(path.name)
    runner.locator("textarea").fill("print('mine')\n")
    runner.locator("button.runner-reset").click()
    seen.page.reload(wait_until="load")
    runner = seen.runner(path.name)
    assert runner.locator("textarea").input_value().strip() == snippetfile.load(path).handout().strip()


def test_a_huge_output_shows_both_ends_says_it_was_cut_and_logs_no_error(open_served):
    seen = open_served("activations.html")
    runner = seen.runner("gelu_from_scratch.py")
    runner.locator("textarea").fill("for i in range(300_000):\n    print(i)\nprint('the end')\n")
    record = seen.press_and_wait(runner, "run")
    assert record["outcome"] == "ok", record
    shown = runner.locator(".runner-output").inner_text()
    assert shown.startswith("0\n1\n2\n") and shown.rstrip().endswith("299999\nthe end"), shown[-200:]
    assert "characters of output cut here" in shown
    assert len(shown) < 300_000, "only the two ends are shown"
    assert not seen.errors, seen.errors


# -- hints in two steps, line numbers, the diff, output that does not wrap (issue 23) ---------------


def test_hints_come_in_two_steps_styled_like_the_solution(open_served):
    """ "Show hints" gives each blank's line and the idea first, its code only behind a second
    click; it is a card like "Show the solution", not a link."""
    seen = open_served("activations.html")
    page = seen.page
    hints = page.locator("details.exercise-hints").first
    steps = hints.locator("ol.exercise-hint-steps > li")
    hints.locator("summary").first.click()
    snip = snippetfile.load(SLOPES)
    assert steps.count() == len(snip.hints()) == 3
    for step, hint in zip(steps.all(), snip.hints()):
        assert step.locator("p").first.inner_text() == f"Line {hint.line}: {hint.pointer}"
        assert hint.text not in step.inner_text(), "the first step does not give the code away"
        step.get_by_text(f"Show the code for line {hint.line}").click()
        assert hint.text in step.inner_text()

    def look(selector):
        return page.evaluate(
            """s => { const c = getComputedStyle(document.querySelector(s));
                      return [c.borderLeftWidth, c.borderLeftStyle, c.borderLeftColor, c.borderRadius,
                              c.boxShadow, c.backgroundColor]; }""",
            selector,
        )

    assert look("details.exercise-hints") == look("div.cell details.hide.above-input"), (
        "the hints' card looks like the solution's"
    )
    summary = page.evaluate(
        """() => { const s = getComputedStyle(document.querySelector('details.exercise-hints > summary'));
                   const body = getComputedStyle(document.querySelector('article'));
                   return [s.color, body.color, s.textDecorationLine]; }"""
    )
    assert summary[0] == summary[1] and summary[2] == "none", ("not a link's colour", summary)
    assert not seen.errors, seen.errors


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_editor_numbers_its_lines_in_step_with_the_code(open_served, theme):
    seen = open_served("activations.html", color_scheme=theme)
    runner = seen.runner("your_turn_slopes.py")
    editor, numbers = runner.locator("textarea"), runner.locator("div.runner-lines")
    code = editor.input_value()
    assert numbers.inner_text().split("\n") == [str(n) for n in range(1, code.count("\n") + 2)]

    def lined_up():
        return seen.page.evaluate(
            """([t, g]) => {
                const a = getComputedStyle(t), b = getComputedStyle(g);
                const top = (e, c) => e.getBoundingClientRect().top + parseFloat(c.borderTopWidth)
                                      + parseFloat(c.paddingTop) - e.scrollTop;
                return {same: ['fontFamily', 'fontSize', 'lineHeight'].every(k => a[k] === b[k]),
                        gap: Math.abs(top(t, a) - top(g, b)), text: b.color, ground: b.backgroundColor};
            }""",
            [editor.element_handle(), numbers.element_handle()],
        )

    first = lined_up()
    assert first["same"] and first["gap"] < 1, first
    editor.fill("\n".join(f"print({n})" for n in range(1, 61)))  # more lines than the editor shows
    assert numbers.inner_text().split("\n")[-1] == "60"
    editor.evaluate("t => { t.scrollTop = t.scrollHeight; t.dispatchEvent(new Event('scroll')); }")
    seen.page.wait_for_timeout(50)
    scrolled = lined_up()
    assert scrolled["gap"] < 1, ("line n stays beside number n when the code scrolls", scrolled)
    assert editor.evaluate("t => t.scrollTop") > 0
    assert first["text"] != first["ground"]
    assert not seen.errors, seen.errors


def test_a_traceback_on_a_phone_scrolls_sideways_and_keeps_its_markers_under_the_code(open_served):
    phone = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
    seen = open_served("activations.html", **phone)
    runner = seen.runner("your_turn_slopes.py")
    runner.locator("textarea").fill(
        "rates = [0.1, 0.0]\nsteps = [round(1 / r, 2) for r in rates] + [round(1 / rates[1], 2)] + [0]\n"
    )
    record = seen.press_and_wait(runner, "run")
    assert record["outcome"] == "error"
    output = runner.locator(".runner-output")
    lines = output.inner_text().splitlines()
    marks = next(n for n, line in enumerate(lines) if "^" in line)
    code = lines[marks - 1]
    assert "1 / r" in code or "1 / rates" in code, lines
    placed = seen.page.evaluate(
        """([pre, codeText, markText]) => {
            const text = pre.textContent, at = text.indexOf(codeText + "\\n" + markText);
            const node = pre.querySelector('.runner-error').firstChild;
            const base = text.indexOf(node.textContent);
            const box = (from, to) => { const r = document.createRange();
                r.setStart(node, from - base); r.setEnd(node, to - base); return [...r.getClientRects()]; };
            const codeBoxes = box(at, at + codeText.length);
            const markStart = at + codeText.length + 1;
            const col = markText.search(/[~^]/);
            const mark = box(markStart + col, markStart + col + 1)[0];
            const under = box(at + col, at + col + 1)[0];
            return {codeLines: new Set(codeBoxes.map(b => Math.round(b.top))).size,
                    markX: mark.left, codeX: under.left,
                    wide: pre.scrollWidth > pre.clientWidth, page: document.documentElement.scrollWidth};
        }""",
        [output.element_handle(), code, lines[marks]],
    )
    assert placed["codeLines"] == 1, ("a line of the traceback is not wrapped", placed)
    assert abs(placed["markX"] - placed["codeX"]) < 1, ("the markers sit under the code", placed)
    assert placed["wide"], "the long line scrolls inside the output"
    assert placed["page"] <= 390, ("the page itself does not widen", placed)
    assert not seen.errors, seen.errors


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_failed_check_reads_in_neutral_colours_passes_axe_and_fits_a_phone(open_served, theme):
    if not AXE.is_file():
        pytest.fail(f"no axe-core at {AXE}: run `npm ci`", pytrace=False)
    phone = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
    seen = open_served("activations.html", color_scheme=theme, **phone)
    runner = seen.runner("your_turn_slopes.py")
    solved = snippetfile.load(SLOPES).solution(for_display=True)
    runner.locator("textarea").fill(solved.replace("return 0.0, 0.0", "return z, 0.0"))
    seen.press_and_wait(runner, "check")
    pre = runner.locator(".runner-diff pre")
    assert pre.is_visible()
    colours = pre.evaluate(
        """pre => [...pre.querySelectorAll('*')].map(e => { const c = getComputedStyle(e);
                 return [c.color, c.backgroundColor]; })"""
    )
    base = pre.evaluate("p => getComputedStyle(p).color")
    muted = runner.locator(".runner-diff-label").first.evaluate("e => getComputedStyle(e).color")
    assert {colour for colour, _ in colours} <= {base, muted}, ("text in the body's colours only", colours)
    assert {ground for _, ground in colours} == {"rgba(0, 0, 0, 0)"}, (
        "no red or green behind lines",
        colours,
    )
    rows = pre.locator(".runner-diff-row")
    assert rows.count() == 1
    marked = rows.first.locator(".runner-diff-change").all_inner_texts()
    assert marked == ["0.0", "0.0", "-4.0", "-0.5"], ("the numbers that differ are marked", marked)
    one_line_each = rows.first.evaluate(
        """row => { const r = document.createRange(); r.selectNodeContents(row);
                    return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"""
    )
    assert one_line_each == 3, "on a phone: the line number, then expected over printed, neither wrapped"
    text = rows.first.inner_text().splitlines()
    assert [line.split(" ", 1)[0] for line in text] == ["line", "expected", "printed"], text
    assert text[1].index("'") == text[2].index("'"), ("expected and printed line up", text)
    assert seen.page.evaluate("document.documentElement.scrollWidth") <= 390
    seen.page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    results = seen.page.evaluate(
        "el => axe.run(el, {resultTypes: ['violations'], preload: false})",
        runner.element_handle(),
    )
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious
    assert not seen.blocked and not seen.errors, (seen.blocked, seen.errors)


def test_forget_my_progress_asks_first_no_keeps_it_yes_forgets(open_served, served):
    name, path = first_browser_exercise()
    snip = snippetfile.load(path)
    seen = open_served(name)
    runner = seen.runner(path.name)
    runner.locator("textarea").fill(snip.solution(for_display=True))
    seen.press_and_wait(runner, "check")
    assert status(runner).startswith("✓ Check passed"), status(runner)

    def kept():
        return sorted(
            k for k in seen.page.evaluate("Object.keys(localStorage)") if k.startswith("nn-techniques")
        )

    before = kept()
    assert len(before) == 2, before  # the pass and the edit
    seen.page.goto(served + "index.html", wait_until="load")
    box = seen.page.locator("div.lesson-progress")
    count = box.locator(".lesson-progress-count")
    forget = box.get_by_role("button", name="Forget my progress")
    ask = box.locator(".lesson-progress-confirm")
    assert ask.is_hidden()

    forget.click()
    assert ask.is_visible() and forget.get_attribute("aria-expanded") == "true"
    assert kept() == before, "nothing is forgotten before the learner says yes"
    assert seen.page.evaluate("document.activeElement.textContent") == "No, keep it", (
        "the safe answer has focus"
    )
    ask.get_by_role("button", name="No, keep it").click()
    assert ask.is_hidden() and kept() == before and count.inner_text().startswith("1 of"), count.inner_text()
    assert box.locator(".lesson-progress-said").inner_text() == "Nothing was forgotten."

    forget.click()
    seen.page.keyboard.press("Escape")
    assert ask.is_hidden() and kept() == before, "Esc cancels too"

    forget.click()
    ask.get_by_role("button", name="Yes, forget it all").click()
    assert ask.is_hidden() and kept() == [] and count.inner_text().startswith("0 of"), count.inner_text()
    assert box.locator(".lesson-progress-said").inner_text().startswith("Forgotten")
    assert not seen.blocked and not seen.errors, (seen.blocked, seen.errors)


def test_after_a_pass_the_runner_suggests_a_next_step(open_served):
    seen = open_served("activations.html")
    runner = seen.runner("your_turn_slopes.py")
    follow = runner.locator(".runner-next")
    assert follow.is_hidden(), "no next step before a pass"
    runner.locator("textarea").fill(snippetfile.load(SLOPES).solution(for_display=True))
    seen.press_and_wait(runner, "check")
    assert status(runner).startswith("✓ Check passed"), status(runner)
    assert follow.is_visible()
    link = follow.get_by_role("link")
    following = seen.page.locator("a.right-next")
    assert link.get_attribute("href") == following.evaluate("a => a.href")
    assert link.inner_text() == following.locator(".prev-next-title").inner_text()
    assert follow.inner_text().startswith("Next step:"), follow.inner_text()
    seen.page.reload(wait_until="load")
    assert seen.runner("your_turn_slopes.py").locator(".runner-next").is_visible(), "kept with the pass"
