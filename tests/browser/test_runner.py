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
    snippetfile,
)

SLOPES = ROOT / "snippets" / "activations" / "your_turn_slopes.py"  # the activations page's exercise
CHALLENGE = ROOT / "snippets" / "mini-challenge" / "momentum_by_hand.py"
MS = 1000


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

    def __init__(self, chromium, url, base):
        self.base = base
        super().__init__(
            chromium, url, allowed=(base,), settle=False, viewport={"width": 1200, "height": 1000}
        )

    def runner(self, filename):
        """The runner of *filename*, opened."""
        runner = self.page.locator("div.runner").filter(
            has=self.page.locator("label.runner-label", has_text=f"({filename})")
        )
        assert runner.count() == 1, f"expected one runner for {filename}, found {runner.count()}"
        runner.locator("summary").click()
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
    return lambda name: visit(served + name, kind=Served, base=served)


def status(runner):
    return runner.locator(".runner-status").inner_text()


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
    assert "− ReLU      : [1.0, 0.0, 2.5, 0.0, 0.0]" in lines, lines
    assert "+ ReLU      : [1.0, -4.0, 2.5, -0.5, 0.0]" in lines, lines
    assert "  LeakyReLU : [1.0, -0.04, 2.5, -0.005, 0.0]" in lines, "the matching line is shown unmarked"

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
    assert "+ (your code printed nothing)" in runner.locator(".runner-diff").inner_text()

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


# (expected block, [(printed, passes, lines the diff shows if it fails)]): CI's verdicts (see
# CHECK_CASES in tests/test_runner_extension.py), one expected block per page load.
CHECK_IN_THE_BROWSER = {
    "float tolerance": (
        "weight: 0.1\n",
        [
            ("weight: 0.10000001\n", True, None),
            ("weight:   0.1\n", True, None),
            ("weight: 0.1001\n", False, ["− weight: 0.1", "+ weight: 0.1001"]),
        ],
    ),
    "ellipsis": (
        "shape: ...\nloss 0.5 ... acc 0.9\n",
        [
            ("shape: (32, 10)\nloss 0.5000001 epoch 3 acc 0.9\n", True, None),
            (
                "shape: (32, 10)\nloss 0.6 epoch 3 acc 0.9\n",
                False,
                ["  shape: (32, 10)", "− loss 0.5 ... acc 0.9", "+ loss 0.6 epoch 3 acc 0.9"],
            ),
        ],
    ),
    "white space, blank lines, numbers in text": (
        "a  b\n\ncount: 3\n",
        [
            ("a\tb   \ncount: 3\n", True, None),
            ("a b\ncount: 3.0\n", False, ["  a b", "− ", "− count: 3", "+ count: 3.0"]),
        ],
    ),
    "infinities, by numpy.isclose as in CI": (
        "inf 0.5\nloss: inf\n",
        [
            ("inf 0.5000001\nloss: inf\n", True, None),
            ("inf 0.5\nloss: 5.0\n", False, ["  inf 0.5", "− loss: inf", "+ loss: 5.0"]),
        ],
    ),
}


@pytest.mark.parametrize("rule", list(CHECK_IN_THE_BROWSER))
def test_check_passes_and_fails_as_ci_does(open_served, rule):
    expected, cases = CHECK_IN_THE_BROWSER[rule]
    seen = open_served("activations.html")
    with_expected(seen, {"gelu_from_scratch.py": expected})
    runner = seen.runner("gelu_from_scratch.py")
    for printed, passes, diff in cases:
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
            assert [line for line in shown if line] == diff  # each line a block: innerText adds blank lines
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
        assert hints.count() == 1, f"one 'Show hint' for {name}"
        body = hints.locator("ul")
        assert body.is_hidden(), "the hints stay folded until asked for"
        hints.locator("summary").click()
        for hint in snip.hints():
            assert f"replace ___ with {hint.text}" in body.inner_text(), (hint, body.inner_text())


def test_keyboard_runs_and_the_runner_is_labelled(open_served):
    seen = open_served("activations.html")
    page = seen.page
    summary = page.locator("div.runner summary").first
    summary.focus()
    page.keyboard.press("Enter")  # a summary opens from the keyboard
    runner = page.locator("div.runner").first
    editor = runner.locator("textarea")
    assert editor.is_visible()
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
    assert sorted(url for url in seen.requests if "runner/" in url) == [
        "_static/runner/runner.css",
        "_static/runner/runner.js",
    ]
    seen = open_served("activations.html")
    seen.page.wait_for_load_state("networkidle")
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
    assert box.is_visible(), "the home page shows the progress"
    count = box.locator(".lesson-progress-count")
    assert count.inner_text() == f"1 of the lesson's {total} in-browser exercises passed in this browser."
    box.locator("button.lesson-progress-forget").click()
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
