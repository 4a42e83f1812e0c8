"""The site build executes the pages' snippets and fails, naming the culprit, on bad input.

Each test lays out a one-page site in a temporary folder (docs/ and snippets/,
as in the project) and builds it with the project's own conf.py, the way
`nox -s docs` does: `sphinx-build -W --keep-going` (tests/sitebuild.py).
"""

import json
import os
import pickle
import re
import textwrap
import zipfile

import pytest
from paths import ROOT
from sitebuild import build

from snippetkit import pipeline, records

pytestmark = pytest.mark.build

PAGE = """\
---
file_format: mystnb
kernelspec:
  name: python3
---
# Demo

{body}

```{{toctree}}
other
```
"""


def make_site(tmp_path, body, **snippet_files):
    (tmp_path / "docs").mkdir()
    (tmp_path / "snippets").mkdir()
    (tmp_path / "docs" / "index.md").write_text(PAGE.format(body=textwrap.dedent(body)), encoding="utf-8")
    (tmp_path / "docs" / "other.md").write_text("# Other\n\nA second page, so the site has a toctree.\n")
    for name, text in snippet_files.items():
        write_snippet(tmp_path, name, text)
    return tmp_path


def write_snippet(site, name, text):
    (site / "snippets" / f"{name}.py").write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def add_pages(site, pages):
    """Add *pages* (name -> Markdown body) to *site* as notebook pages, in other.md's toctree."""
    for name, body in pages.items():
        text = f"---\nfile_format: mystnb\nkernelspec:\n  name: python3\n---\n# {name.title()}\n\n{body}"
        (site / "docs" / f"{name}.md").write_text(text, encoding="utf-8")
    other = site / "docs" / "other.md"
    other.write_text(other.read_text() + "\n```{toctree}\n" + "\n".join(pages) + "\n```\n")


def load(name):
    return f"```{{code-cell}} ipython3\n:load: ../snippets/{name}.py\n```\n"


def html(site):
    return (site / "_build" / "html" / "index.html").read_text(encoding="utf-8")


HELLO = """
    print("hello", 2 + 2)

    # Expected output:
    # hello 4
"""


def test_edited_snippet_reexecutes_and_unchanged_site_executes_nothing(tmp_path):
    site = make_site(tmp_path, load("hello"), hello=HELLO)
    status, log = build(site)
    assert status == 0, log
    assert "WARNING" not in log, log
    assert log.count("Executing notebook") == 1
    assert "hello 4" in html(site)

    out = site / "_build" / "html"
    downloads = ("lesson-snippets.zip", "_notebooks/index.ipynb")
    made = {name: (out / name).stat().st_mtime_ns for name in downloads}

    status, log = build(site)
    assert status == 0, log
    assert "Executing notebook" not in log, "a no-change rebuild executed a page:\n" + log
    assert {name: (out / name).stat().st_mtime_ns for name in made} == made, "downloads written again"

    write_snippet(site, "hello", HELLO.replace("2 + 2", "3 + 3").replace("hello 4", "hello 6"))
    status, log = build(site)
    assert status == 0, log
    assert log.count("Executing notebook") == 1, "the edited snippet's page was not executed again:\n" + log
    page = html(site)
    assert "hello 6" in page and "hello 4" not in page, "the page shows stale output"
    with zipfile.ZipFile(out / "lesson-snippets.zip") as archive:  # the downloads follow the edit
        assert (
            archive.read("lesson-snippets/snippets/hello.py") == (site / "snippets" / "hello.py").read_bytes()
        )
    notebook = (out / "_notebooks" / "index.ipynb").read_text(encoding="utf-8")
    assert "hello 6" in notebook and "hello 4" not in notebook


def test_wrong_expected_output_fails_the_build_naming_the_snippet(tmp_path):
    site = make_site(tmp_path, load("hello"), hello=HELLO.replace("# hello 4", "# hello 5"))
    for attempt in ("first build", "rebuild with no change"):
        status, log = build(site)
        assert status != 0, f"{attempt} passed:\n{log}"
        assert "snippets/hello.py:3: the printed output differs from the expected-output block." in log
        assert "Expected:\n    hello 5\nGot:\n    hello 4" in log


def test_snippet_that_hangs_fails_after_the_cell_timeout(tmp_path):
    """The kernel is interrupted at the limit and its traceback awaited: the message names the line the
    snippet left from, however slowly it stops. A snippet deaf to the interrupt is reported as timed
    out too, without a line."""
    site = make_site(
        tmp_path,
        load("spin"),
        spin="""
        import time

        try:
            time.sleep(600)  # hangs, without keeping a core busy
        finally:
            time.sleep(0.5)  # slow to stop: its traceback comes half a second after the interrupt

        # Expected output:
        # done
    """,
        deaf="""
        import signal
        import time

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the kernel's interrupt does nothing
        time.sleep(600)

        # Expected output:
        # done
    """,
    )
    add_pages(site, {"deaf": load("deaf")})
    status, log = build(site, "-D", "snippet_timeout=2")  # the setting of snippetkit.settings
    assert status != 0, log
    assert "docs/index.md" in log and "docs/deaf.md" in log, log
    assert "index: snippets/spin.py:6: did not finish within 2 s and was stopped" in log, log  # where it left
    assert "deaf: snippets/deaf.py: did not finish within 2 s and was stopped" in log, log
    assert "differs from the expected-output block" not in log, log  # a timeout is the one problem


# -- one failing site for the checks of what a failed build reports ---------------------------------------
# Each page below fails in its own way; the build goes on (--keep-going) and reports them all, each naming
# its own file, so one build serves these tests.

BOOM = """
    rates = [0.1, 0.0]
    print(1 / rates[1])

    # Expected output:
    # 10.0
"""
CHALLENGE = """
    steps = 3
    # --- solution ---
    total = 0
    print(total / 0)
    # --- end of solution ---

    # Expected output:
    # 1
"""
NOISY = """
    import sys
    print("careful", file=sys.stderr)
    print("ok")

    # Expected output:
    # ok
"""
FAILING_PAGES = {
    "boom": load("boom"),  # a snippet that raises
    "challenge": "```{exercise} ../snippets/challenge.py\n```\n",  # a solution that raises
    "missing": load("nowhere"),  # a snippet file that is not there
    "noisy": load("noisy"),  # a snippet that writes to stderr
    # a snippet whose output differs from its block, and a number in the prose it does not print
    "both": load("wrong") + "\nIt prints {result}`5 <../snippets/wrong.py | hello>`.\n",
}


@pytest.fixture(scope="module")
def failing_site(tmp_path_factory):
    """The site of FAILING_PAGES, built once: (site, exit status, what the build printed)."""
    site = make_site(
        tmp_path_factory.mktemp("failing"),
        load("hello"),
        hello=HELLO,
        boom=BOOM,
        challenge=CHALLENGE,
        noisy=NOISY,
        wrong=HELLO.replace("# hello 4", "# hello 5"),
    )
    add_pages(site, FAILING_PAGES)
    status, log = build(site)
    return site, status, log


def test_snippet_that_raises_fails_the_build_naming_file_and_line(failing_site):
    site, status, log = failing_site
    assert status != 0, log
    assert "snippets/boom.py:2: the snippet raised ZeroDivisionError: float division by zero" in log
    assert "snippets/boom.py, line 2" in log and "----> 2 print(1 / rates[1])" in log, (
        "the snippet's own traceback"
    )
    start = log.index("snippets/boom.py:2: the snippet raised")
    message = log[start : log.index("[snippet.check]", start)]
    assert "\x1b[" not in message, (
        "no colour codes in the snippet's traceback (Sphinx may colour its own lines)"
    )
    assert not re.search(r"nbclient|jupyter_cache|myst_nb", log.split("reading sources")[-1]), (
        "none of the executor's internals"
    )


def test_a_challenge_that_raises_is_reported_at_the_files_line(failing_site):
    """The solution shown (and run) without its region markers still reports the file's line numbers."""
    site, status, log = failing_site
    assert status != 0, log
    assert "snippets/challenge.py:4: the snippet raised ZeroDivisionError: division by zero" in log
    assert "snippets/challenge.py, line 4" in log


def test_page_pointing_at_a_missing_snippet_fails_naming_the_page(failing_site):
    site, status, log = failing_site
    assert status != 0, log
    assert "missing: snippet file not found: ../snippets/nowhere.py" in log


def test_stderr_on_a_page_fails_the_build(failing_site):
    site, status, log = failing_site
    assert status != 0, log
    assert "snippets/noisy.py: wrote to stderr, which shows on the page:\n    careful" in log


def test_a_failed_check_and_a_wrong_number_are_both_in_the_failure_registry(failing_site):
    """Both problems of a page go through the pipeline's one registry: both are reported, and the
    page is read again on the next build until both are fixed."""
    site, status, log = failing_site
    assert "snippets/wrong.py:3: the printed output differs from the expected-output block." in log
    assert "docs/both.md:12: the page says 5, but snippets/wrong.py printed 4 for 'hello'" in log
    with open(site / "_build" / "html" / ".doctrees" / "environment.pickle", "rb") as file:
        env = pickle.load(file)
    failures = records.of(env).pages["both"].failures
    assert [bool(re.search("expected-output block", f)) for f in failures] == [True, False], failures
    assert "the page says 5" in failures[1]
    assert "both" in pipeline.reread_failing(None, env, set(), set(), set())


def test_the_page_without_a_fault_builds(failing_site):
    """The failures are each page's own: the page beside them is built whole."""
    site, status, log = failing_site
    assert "hello 4" in html(site)
    assert not re.search(r"docs/index\.md[:\d]*: WARNING|WARNING: [^\n]*snippets/hello\.py", log), log


def test_page_offers_its_notebook_snippets_and_the_lesson_archive(tmp_path):
    site = make_site(tmp_path, load("hello"), hello=HELLO)
    status, log = build(site)
    assert status == 0, log
    out = site / "_build" / "html"
    page = html(site)
    assert 'href="_notebooks/index.ipynb"' in page and 'href="lesson-snippets.zip"' in page
    assert re.search(r'href="_downloads/[0-9a-f]+/hello.py"', page), "no download link for the snippet"

    fresh = (out / "_notebooks" / "index.ipynb").read_text(encoding="utf-8")
    notebook = json.loads(fresh)
    install, *code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    source = "".join(install["source"])  # nbformat keeps text as str or lines
    assert install["metadata"]["tags"] == ["install"] and "importlib.util.find_spec(module) is None" in source
    assert "tensorflow" not in source and "pytest" not in source, "only what the page imports"
    assert [cell["execution_count"] for cell in code] == list(range(1, len(code) + 1)), "ran top to bottom"
    assert not [out for cell in code for out in cell["outputs"] if out["output_type"] == "error"]
    texts = [out.get("text", "") for cell in code for out in cell["outputs"]]
    assert "hello 4" in "".join("".join(text) for text in texts)  # nbformat keeps text as str or lines

    # the page read again, its outputs taken from the cache: the same notebook, outputs and all
    (site / "docs" / "index.md").touch()
    status, log = build(site)
    assert status == 0, log
    assert (out / "_notebooks" / "index.ipynb").read_text(encoding="utf-8") == fresh

    with zipfile.ZipFile(out / "lesson-snippets.zip") as archive:
        names = archive.namelist()
        assert {name.split("/")[0] for name in names} == {"lesson-snippets"}, "one folder, nothing scattered"
        names = [name.split("/", 1)[1] for name in names]
        assert [name for name in names if name.startswith("snippets/")] == ["snippets/hello.py"]
        assert {"check.py", "requirements.txt", "snippetkit/learner.py", "README.txt"} <= set(names)
        assert (
            archive.read("lesson-snippets/snippets/hello.py") == (site / "snippets" / "hello.py").read_bytes()
        )
        readme = archive.read("lesson-snippets/README.txt").decode()
        assert len(readme.splitlines()) <= 6, readme
        for step in (
            "python3 -m venv",
            "pip install -r requirements.txt",
            "python snippets/hello.py",
            "check.py",
        ):
            assert step in readme, f"the README says {step!r}:\n{readme}"
    assert "colab" not in page.lower(), "a local build has no Colab link"


def test_hosted_from_github_a_tensorflow_page_links_its_notebook_in_colab(tmp_path):
    site = make_site(
        tmp_path,
        load("hello") + load("tf"),
        hello=HELLO,
        # The link goes by the imports (snippetkit.snippetfile.needs_tensorflow); this one never runs, so
        # the test does not pay TensorFlow's import.
        tf="""
        if __name__ == "never":
            import tensorflow  # noqa: F401
        print("tf", 1)

        # Expected output:
        # tf 1
    """,
    )
    status, log = build(site, env={**os.environ, "REPOSITORY_URL": "https://github.com/someone/lesson"})
    assert status == 0, log
    link = re.search(r'<a class="colab-link[^"]*" href="([^"]+)"', html(site))
    assert link, "no Colab link"
    assert link[1] == "https://colab.research.google.com/github/someone/lesson/blob/notebooks/index.ipynb"
    assert "colab" not in (site / "_build" / "html" / "other.html").read_text().lower(), "no code, no link"


# -- one site for the checks that only read what a clean build wrote -------------------------------------
# Each test below checks its own page (or the site's static files) of this one site, built once for them
# all (per test process) instead of once each: a build costs seconds. A test that builds again, changes
# the site or builds differently lays out its own.

NOTICE = """
    import sys

    sys.stderr.write(
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\\n"
        "I0000 00:00:1795622942.104133   28803 port.cc:153] oneDNN custom operations are on. "
        "You may see slightly different numerical results.\\n")
    print("hello")

    # Expected output:
    # hello
"""
TURN = """
    # fill in the ___
    x = ___  # -> six sevens [hint: 6 * 7]
    print("answer:", x)

    # Expected output:
    # answer: 42
"""
SHARED_PAGES = {  # the pages besides index (which runs hello.py) and other
    "notice": load("notice"),  # a snippet that writes TensorFlow's start-up notice to stderr
    "exercise": "```{exercise} ../snippets/turn.py\n```\n",
    "setup": "```{learner-install}\n```\n",
    "plain": "No code here.\n",
    "kernel": "```{code-cell} ipython3\nimport json, ipykernel\n"  # how this page's kernel was reached
    "print(json.loads(ipykernel.get_connection_info())['transport'])\n```\n",
}


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory):
    """The site of the tests below, built once: (site, exit status, what the build printed)."""
    site = make_site(tmp_path_factory.mktemp("shared"), load("hello"), hello=HELLO, notice=NOTICE, turn=TURN)
    add_pages(site, SHARED_PAGES)
    status, log = build(site)
    return site, status, log


def page_html(site, name):
    return (site / "_build" / "html" / f"{name}.html").read_text(encoding="utf-8")


def test_kernels_are_reached_over_unix_sockets_not_tcp_ports(shared_site):
    """Over TCP, two kernels starting at once can pick the same port (snippetkit.upstream.kernels)."""
    site, status, log = shared_site
    assert status == 0, log
    page = page_html(site, "kernel")
    output = re.search(
        r'<div class="cell_output[^>]*>\s*<div class="output stream[^>]*>.*?<pre><span></span>(\w+)', page
    )
    assert output and output[1] == "ipc", page


def test_tensorflow_start_up_notice_is_left_out_of_page_and_notebook(shared_site):
    """The notice TensorFlow writes to stderr on import (no variable silences it) is no stray stderr."""
    site, status, log = shared_site  # its page "notice" runs NOTICE
    assert status == 0, log
    assert "WARNING" not in log and "output stderr" not in page_html(site, "notice")  # no stderr block
    notebook = json.loads(
        (site / "_build" / "html" / "_notebooks" / "notice.ipynb").read_text(encoding="utf-8")
    )
    outputs = [output for cell in notebook["cells"] for output in cell.get("outputs", [])]
    assert [(output["name"], "".join(output["text"])) for output in outputs] == [("stdout", "hello\n")]


def test_exercise_shows_the_blank_and_a_hidden_executed_solution(shared_site):
    site, status, log = shared_site  # its page "exercise" shows TURN
    assert status == 0, log
    page = re.sub(r"<[^>]+>", "", page_html(site, "exercise"))  # the text a reader sees
    blank = page.index("x = ___  # -&gt; six sevens\n")
    hint = page.index("Show hint")
    solution = page.index("Show the solution")
    assert "[hint:" not in page[:hint], "the hand-out keeps the pointer, not the code"
    assert blank < hint < solution, "the blank comes first, then the hint, then the solution"
    steps = page[hint:solution]
    assert "Line 2: six sevens" in steps and "Show the code for line 2" in steps, steps
    assert steps.index("six sevens") < steps.index("Line 2: replace ___ with 6 * 7"), "idea, then code"
    assert "x = 6 * 7\nprint" in page[solution:], "the solution is the filled code, hint dropped"
    assert "answer: 42" in page[solution:], "the solution's executed output is on the page"


def test_icons_come_from_trimmed_fonts_not_the_full_icon_script(shared_site):
    from fontTools.ttLib import TTFont

    site, status, log = shared_site
    assert status == 0, log
    static = site / "_build" / "html" / "_static"
    assert (static / "scripts" / "fontawesome.js").stat().st_size < 1024
    solid = static / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.woff2"
    assert solid.stat().st_size < 10_000
    glyphs = TTFont(solid).getBestCmap()
    assert 0xF002 in glyphs, "the search button's magnifying glass (fa-magnifying-glass) was cut"
    assert 0xF185 in glyphs and 0xF186 in glyphs, "the theme switch's sun and moon were cut"
    assert 0xF0F3 in glyphs, "the bell of an admonition's title (the theme's --pst-icon-bell) was cut"


def test_the_set_up_page_lists_the_pinned_versions_the_examples_ran_with(shared_site):
    from importlib import metadata

    from snippetkit import pins as pinned

    site, status, log = shared_site  # its page "setup" holds the {learner-install} directive
    assert status == 0, log
    text = re.sub(r"<[^>]+>", "", page_html(site, "setup"))
    pins = pinned.learner_pins(ROOT)
    # The page's pins, one per line, are the versions that printed the outputs: the packages installed
    # here (the session installs requirements.txt), read from their metadata, not from the file the
    # page was made from.
    shown = re.findall(r"^([A-Za-z0-9_.-]+==[^\s,;]+)", text, re.M)
    installed = [f"{name}=={metadata.version(name)}" for name in pinned.LEARNER_PACKAGES]
    assert shown == installed, f"the set-up page offers {shown}; the examples ran with {installed}"
    tensorflow, others = pins[0].split("==")[1], " ".join(pins[1:])
    for package in ("tensorflow-cpu", "tensorflow"):  # x86-64 Linux and Windows; macOS and ARM Linux
        assert f"python -m pip install {package}=={tensorflow} {others}" in text
    assert f"Python {pinned.python_versions()} (the versions on which all" in text
    assert text.index("python3 -m venv lesson-env") < text.index(
        "python -m pip install -r requirements.txt"
    ), "the virtual environment comes before the install"
    assert 'href="lesson-snippets.zip"' in page_html(site, "setup")


def test_only_the_search_page_loads_the_search_index(shared_site):
    """The theme's search-as-you-type is off, so other pages need none of the search scripts."""
    site, status, log = shared_site
    assert status == 0, log
    out = site / "_build" / "html"
    for name in ("index.html", "other.html", *(f"{name}.html" for name in SHARED_PAGES)):
        page = (out / name).read_text(encoding="utf-8")
        assert "searchindex.js" not in page and "searchtools.js" not in page, name
    search = (out / "search.html").read_text(encoding="utf-8")
    assert "searchindex.js" in search and "searchtools.js" in search
