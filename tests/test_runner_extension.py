"""The "Try it yourself" runners (snippetkit/runner.py): which examples get one, their markup,
Check in the browser (CI's own checker, run by Pyodide: the same verdicts), the local viewer, and
what a build ships.

The runners themselves, in Chromium, are tested in tests/browser/test_runner.py.
"""

import doctest
import html.parser
import importlib.metadata
import importlib.util
import json
import re
import socket
import subprocess
import sys
import types
import urllib.request
from pathlib import Path

import pytest
from paths import ROOT, SNIPPETS
from pytest_doctestplus.output_checker import OutputChecker
from sphinx.errors import ConfigError

from snippetkit import checker, runner, snippetfile

# -- which examples get a Run button --------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "print(max(0.0, -3.0))\n",
        "import math\nprint(math.erf(1.0))\n",
        "import random, statistics\nfrom collections import Counter\nimport json, itertools, functools\n",
        "from dataclasses import dataclass\nimport fractions, decimal, re, textwrap\n",
    ],
)
def test_standard_library_code_runs_in_the_browser(source):
    assert runner.why_not_runnable(source) is None


@pytest.mark.parametrize(
    "source, reason",
    [
        ("from tensorflow import keras\n", "needs TensorFlow, which does not run in a web browser"),
        ("import keras\n", "needs TensorFlow, which does not run in a web browser"),
        (
            "import numpy as np\nimport tensorflow as tf\n",
            "needs TensorFlow, which does not run in a web browser",
        ),
        ("import numpy as np\n", "needs NumPy, which this site's in-browser Python does not include"),
        (
            "import matplotlib.pyplot as plt\nimport numpy\n",
            "needs Matplotlib and NumPy, which this site's in-browser Python does not include",
        ),
        (
            "from sklearn.datasets import load_digits\n",
            "needs scikit-learn, which this site's in-browser Python does not include",
        ),
        ("import tkinter\n", "needs tkinter, which this site's in-browser Python does not include"),
        ("import subprocess\n", "needs subprocess, which cannot work inside a web page"),
        ("from urllib.request import urlopen\n", "needs urllib.request, which cannot work inside a web page"),
        ("from . import helpers\n", "imports code of its own, which the in-browser Python cannot load"),
        (
            "import importlib\nnp = importlib.import_module('numpy')\n",
            "needs NumPy, which this site's in-browser Python does not include",
        ),
        (
            "name = 'numpy'\nmod = __import__(name)\n",
            "imports a module by a computed name, so whether it runs here cannot be told",
        ),
        ("def f():\n    import numpy\n", "needs NumPy, which this site's in-browser Python does not include"),
    ],
)
def test_code_that_needs_more_than_the_browser_has_says_why(source, reason):
    assert runner.why_not_runnable(source) == reason


def _lesson_snippets():
    """Every snippet that loads (a malformed one is reported by tests/test_snippets.py)."""
    for path in snippetfile.discover(SNIPPETS):
        try:
            yield path, snippetfile.load(path)
        except snippetfile.SnippetError:
            continue


def test_the_lesson_examples_that_get_a_runner():
    """Decided from each snippet's imports; the plain-Python ones of the lesson all qualify."""
    verdicts = {
        path.relative_to(SNIPPETS).as_posix(): runner.why_not_runnable(snip.solution())
        for path, snip in _lesson_snippets()
    }
    for name in (
        "activations/relu_leaky_from_scratch.py",
        "activations/gelu_from_scratch.py",
        "activations/your_turn_slopes.py",
        "optimizers/momentum_step.py",
        "optimizers/your_turn_momentum_vs_adam.py",
        "mini-challenge/momentum_by_hand.py",
    ):
        assert verdicts[name] is None, (name, verdicts[name])
    for name in ("activations/keras_activations.py", "optimizers/keras_optimizers.py"):
        assert "TensorFlow" in verdicts[name], (name, verdicts[name])
    for name, why in verdicts.items():  # every snippet: runnable, or a reason
        source = (SNIPPETS / name).read_text(encoding="utf-8")
        if re.search(r"^\s*(import|from)\s+(tensorflow|keras|numpy|matplotlib|sklearn)\b", source, re.M):
            assert why, f"{name} imports a package the browser lacks, yet would get a Run button"


def test_pyodide_standard_library_is_read_from_the_shipped_zip():
    modules = runner.pyodide_stdlib()
    assert {"json", "random", "statistics", "collections", "dataclasses"} <= modules
    assert "tkinter" not in modules and "numpy" not in modules


# -- the markup --------------------------------------------------------------------------------------


class _Parts(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.textarea, self.data, self.buttons = [], "", "", []

    def handle_starttag(self, tag, attrs):
        self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        tag, attrs = self.stack[-1] if self.stack else ("", {})
        if tag == "textarea":
            self.textarea += data
        elif tag == "script":
            self.data += data
        elif tag == "button":
            self.buttons.append(data.strip())


def test_runner_markup_carries_the_code_and_expected_block_intact():
    code = 'print("</textarea><script>alert(1)</script> & <b>")\n\n# Expected output:\n# </script>\n'
    data = {"file": "tricky.py", "source": "snippets/tricky.py", "expected": "</script>\n", "timeout": 10}
    markup = runner.runner_html("runner-1", code, data)
    assert markup.count("</textarea>") == 1 and markup.count("</script>") == 1, (
        "nothing in the code closes a tag"
    )
    parts = _Parts()
    parts.feed(markup)
    parts.close()
    assert parts.textarea == "\n" + code, (
        "the HTML parser drops the first newline of a textarea, so one leads"
    )
    assert json.loads(parts.data) == data
    assert [b.split(" ", 1)[1] for b in parts.buttons] == ["Run", "Check", "Stop", "Reset"]
    assert "hidden>" in markup.splitlines()[0], "hidden until its script wires it up"
    assert 'for="runner-1-code"' in markup and 'id="runner-1-code"' in markup, "the editor has a label"
    assert 'role="status"' in markup
    numbers = re.search(r'<div class="runner-lines" aria-hidden="true">(.*?)</div>', markup, re.S)
    assert numbers and numbers[1] == "1\n2\n3\n4", "a number beside each line of the code"


def test_missing_pyodide_is_a_clear_configuration_error(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "PYODIDE", tmp_path / "nowhere")
    with pytest.raises(ConfigError, match=r"Run `npm ci` in the project folder"):
        runner.check_pyodide(None, types.SimpleNamespace(html_static_path=[]))


def test_pyodide_is_pinned_in_package_json():
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    version = package["dependencies"]["pyodide"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"pin an exact version, not {version!r}"
    assert lock["packages"]["node_modules/pyodide"]["version"] == version


# -- Check in the browser: CI's own checker, run by Pyodide ---------------------------------------------

# (expected block, printed output, CI's verdict): the rules a learner meets, both outcomes of each.
CHECK_CASES = [
    # white space: runs of it are equal; blank lines and <BLANKLINE>
    ("hello 4\n", "hello 4\n", True),
    ("hello 4\n", "hello 5\n", False),
    ("hello 4\n", "hello 4", True),
    ("a  b\n", "a b\n", True),
    ("a b\n", "a\tb   \n\n", True),
    ("a\n\nb\n", "a\nb\n", True),
    ("ab\n", "a b\n", False),
    ("", "", True),
    ("", "something\n", False),
    ("x\n", "", False),
    ("<BLANKLINE>\nx\n", "\nx\n", True),
    # numbers: relative tolerance 1e-5, absolute 1e-8
    ("weight: 0.1\n", "weight: 0.10000001\n", True),
    ("weight: 0.1\n", "weight: 0.1001\n", False),
    ("weight: 4.8\n", "weight: 4.80001\n", True),
    ("weight: 4.8\n", "weight: 4.8001\n", False),
    ("0.0\n", "0.000000001\n", True),
    ("0.0\n", "0.0000001\n", False),
    ("[1.0, -0.04, 2.5, -0.005]\n", "[1.0, -0.04000001, 2.5, -0.005]\n", True),
    ("[1.0, -0.04, 2.5, -0.005]\n", "[1.0, -0.04, 2.5, 0.005]\n", False),
    ("[1.0, 0.0, 2.5, 0.0]\n", "[1.0, -4.0, 2.5, -0.5]\n", False),
    ("loss 1e-05\n", "loss 1.000001e-05\n", True),
    ("loss 1e-05\n", "loss 1.1e-05\n", False),
    ("(0.5, 1.5)\n", "(0.5000001, 1.5)\n", True),
    ("{'a': 0.5}\n", "{'a': 0.5000001}\n", True),
    ("z = 1.5j\n", "z = 1.5000001j\n", True),
    ("step 1 weight: 9.8\nstep 2 weight: 9.42\n", "step 1 weight: 9.8\nstep 2 weight: 9.4200001\n", True),
    ("step 1 weight: 9.8\nstep 2 weight: 9.42\n", "step 1 weight: 9.8\n", False),
    # numbers in text: integers compare as text, a number glued to a word is text
    ("count: 3\n", "count: 4\n", False),
    ("count: 3\n", "count: 3.0\n", False),
    ("1000000\n", "1000001\n", False),
    ("x1.5\n", "x1.5000001\n", False),
    ("a-1.5\n", "a-1.5000001\n", False),
    # nan and inf (CI compares with numpy.isclose: inf is close to inf only)
    ("nan\n", "nan\n", True),
    ("[nan, 1.0]\n", "[nan, 1.0000001]\n", True),
    ("nan\n", "0.0\n", False),
    ("inf\n", "-inf\n", False),
    ("inf 0.5\n", "inf 0.5000001\n", True),
    ("loss: inf\n", "loss: 5.0\n", False),
    # ... matches anything
    ("shape: ...\n", "shape: (32, 10)\n", True),
    ("start ... end\n", "start lots of text end\n", True),
    ("start ... end\n", "start lots of text END\n", False),
    ("a...b...c\n", "a123b456c\n", True),
    ("a...b...c\n", "a123c456b\n", False),
    ("loss 0.5 ... acc 0.9\n", "loss 0.5000001 epoch 3 acc 0.9\n", True),
    ("loss 0.5 ... acc 0.9\n", "loss 0.6 epoch 3 acc 0.9\n", False),
    ("... 0.25 ...\n", "x 1.5 0.25000001 2.5 y\n", True),
    ("... 0.25 ...\n", "x 1.5 0.26 2.5 y\n", False),
    ("3.14...\n", "3.14159\n", False),  # doctestplus reads "3.14..." as a number: no prefix match
    ("first\n...\nlast\n", "first\nmiddle 1.5\nlast\n", True),
    ("ab...ba\n", "aba\n", False),
]
LESSON_CHECK = runner.STATIC / "runner" / "lesson_check.py"


def _ci_verdict(want, got):
    """snippetkit's check_output, which the tests and the build judge every snippet by."""
    snip = types.SimpleNamespace(expected=want, no_output=False, path=Path("case.py"), expected_line=1)
    try:
        checker.check_output(snip, got)
    except snippetfile.SnippetError:
        return False
    return True


@pytest.mark.parametrize("want, got, verdict", CHECK_CASES)
def test_check_output_judges_floats_ellipses_white_space_and_numbers_in_text(want, got, verdict):
    assert _ci_verdict(want, got) is verdict


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def browser_check(monkeypatch):
    """lesson_check.py as the browser's Python runs it: output_checker.py imported without NumPy."""
    import pytest_doctestplus

    monkeypatch.setitem(sys.modules, "numpy", None)  # `import numpy` raises ImportError, as in Pyodide
    without_numpy = _load("output_checker_without_numpy", runner.output_checker_file())
    monkeypatch.setitem(sys.modules, "pytest_doctestplus.output_checker", without_numpy)
    monkeypatch.setattr(pytest_doctestplus, "output_checker", without_numpy)
    module = _load("lesson_check_under_test", LESSON_CHECK)
    assert module.output_checker is without_numpy and without_numpy.isclose is module._numpy_isclose
    return module


def test_the_browser_check_is_ci_checker_with_ci_flags(browser_check):
    """Check in the browser: doctestplus's OutputChecker, the flags of CHECK_FLAGS by name, same verdicts."""
    names = runner.check_flag_names()
    assert names == ["ELLIPSIS", "FLOAT_CMP", "NORMALIZE_WHITESPACE"]
    assert browser_check.option_flags(names) == checker.CHECK_FLAGS
    verdicts = [browser_check.check(want, got, names)["passed"] for want, got, _ in CHECK_CASES]
    assert verdicts == [verdict for _, _, verdict in CHECK_CASES]


def test_with_numpy_the_browser_check_leaves_the_checker_as_it_is():
    """Where NumPy is importable, as in CI, lesson_check.py replaces nothing: the same verdicts."""
    pytest.importorskip("numpy")
    with_numpy = _load("lesson_check_with_numpy", LESSON_CHECK)
    assert "numpy" in vars(with_numpy.output_checker)
    assert with_numpy.output_checker.isclose is not with_numpy._numpy_isclose
    names = runner.check_flag_names()
    verdicts = [with_numpy.check(want, got, names)["passed"] for want, got, _ in CHECK_CASES]
    assert verdicts == [verdict for _, _, verdict in CHECK_CASES]


def test_flags_are_shipped_by_name_and_only_registered_ones():
    with pytest.raises(ValueError, match="not all registered option flags"):
        runner.check_flag_names(doctest.ELLIPSIS | 1 << 40)


def test_without_numpy_infinities_compare_as_ci_compares_them(browser_check):
    """output_checker's own fallback finds 5.0 close to inf; numpy.isclose, which CI uses, does not."""
    own_fallback = _load("output_checker_own_fallback", runner.output_checker_file())
    assert "numpy" not in vars(own_fallback)  # numpy blocked by the fixture
    flags = browser_check.option_flags(runner.check_flag_names())
    assert own_fallback.OutputChecker().check_output("loss: inf\n", "loss: 5.0\n", flags)
    assert not browser_check.check("loss: inf\n", "loss: 5.0\n", runner.check_flag_names())["passed"]


def test_the_numpy_rule_for_two_floats_is_numpys():
    np = pytest.importorskip("numpy")
    shim = _load("lesson_check_shim", LESSON_CHECK)._numpy_isclose
    values = [
        0.0,
        -0.0,
        1e-9,
        1e-8,
        2e-8,
        0.1,
        0.10000001,
        0.1001,
        -0.1,
        1.0,
        1.00001,
        1.0000101,
        1e300,
        -1e300,
        float("inf"),
        float("-inf"),
        float("nan"),
    ]
    for a in values:
        for b in values:
            assert shim(a, b) == bool(np.isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=True)), (a, b)


def test_a_number_followed_by_dots_in_the_output_is_a_difference_in_the_browser(browser_check):
    """doctestplus raises on it (float('1.5...')); the browser's check reports a mismatch."""
    want, got = "... 2.0 ...\n", "x 1.5... 2.0 y\n"
    with pytest.raises(ValueError):
        OutputChecker().check_output(want, got, checker.CHECK_FLAGS)
    result = browser_check.check(want, got, runner.check_flag_names())
    assert result == {
        "passed": False,
        "diff": [("-", want.strip()), ("+", got.strip())],
        "rows": [(0, repr(want.strip()), repr(got.strip()))],
    }


def test_every_lesson_snippet_passes_the_browser_check_with_its_own_expected_block(browser_check):
    """What CI accepts as the output of each snippet, the browser's check accepts too."""
    names = runner.check_flag_names()
    for path, snip in _lesson_snippets():
        assert browser_check.check(snip.expected, snip.expected, names)["passed"], path
        spaced = "  " + snip.expected.replace(" ", "   ") + "\n"
        assert browser_check.check(snip.expected, spaced, names)["passed"], path


def test_the_diff_pairs_lines_by_the_check_itself(browser_check):
    result = browser_check.check(
        "a 1.0\nb 2.0\nc 3.0\n", "a 1.0000001\nb 2.5\nc 3.0\nd\n", runner.check_flag_names()
    )
    assert result == {
        "passed": False,
        "diff": [(" ", "a 1.0000001"), ("-", "b 2.0"), ("+", "b 2.5"), (" ", "c 3.0"), ("+", "d")],
        "rows": [(1, "'b 2.0'", "'b 2.5'"), (3, "(nothing)", "'d'")],
    }
    assert browser_check.check("x\n", "", runner.check_flag_names())["diff"] == [("-", "x")]


# (expected, printed): line by line, the browser's rows say what check.py says (the same lines,
# numbers and quoting; snippetkit.checker.differing_lines), where check.py pairs lines at all.
ROWS_AS_CHECK_PY = [
    ("a: 1.0\nb: 2.5\n", "a: 1.0000001\nb: 2.0\nc\n"),
    ("ReLU : [1.0, 0.0]\nslope : [1.0, 0.0]\n", "ReLU : [1.0, -4.0]\nslope : [1.0, 0.0]\n"),
    ("it's 1\nx\ny\n", 'it\'s "2"\nx\n'),
    ("a\nb\n", "a\nB\nc\nd\n"),
]


@pytest.mark.parametrize("want, got", ROWS_AS_CHECK_PY)
def test_the_browser_rows_are_check_pys_lines(browser_check, want, got):
    header = 30  # the line of '# Expected output:'
    rows = browser_check.check(want, got, runner.check_flag_names())["rows"]
    shown = []
    for index, expected, printed in rows:
        where = f"line {header + 1 + index}: "
        shown.append(f"    {where}expected {expected}\n    {' ' * len(where)}printed  {printed}")
    assert "\n".join(shown) == checker.differing_lines(want, got, header)


def test_a_diff_too_big_to_pair_lists_both_sides(browser_check, monkeypatch):
    monkeypatch.setattr(browser_check, "DIFF_LIMIT", 5)
    result = browser_check.check("a\nb\nc\n", "a\nb\n", runner.check_flag_names())
    assert result["diff"] == [("-", "a"), ("-", "b"), ("-", "c"), ("+", "a"), ("+", "b")]


# -- the local viewer ---------------------------------------------------------------------------------


def _serve(folder, *args):
    (folder / "serve.py").write_bytes(runner.SERVE.read_bytes())
    server = subprocess.Popen(
        [sys.executable, str(folder / "serve.py"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    line = server.stdout.readline()
    return server, line


def test_serve_py_serves_its_folder_on_loopback_with_module_and_wasm_types(tmp_path):
    (tmp_path / "index.html").write_text("<p>lesson</p>")
    (tmp_path / "worker.mjs").write_text("export {};")
    (tmp_path / "python.wasm").write_bytes(b"\0asm")
    server, line = _serve(tmp_path, "--port", "0")
    try:
        match = re.search(r"http://127\.0\.0\.1:(\d+)/index\.html", line)
        assert match, line
        base = f"http://127.0.0.1:{match[1]}/"
        with urllib.request.urlopen(base + "index.html", timeout=10) as response:
            assert response.read() == b"<p>lesson</p>"
        for name, kind in (("worker.mjs", "text/javascript"), ("python.wasm", "application/wasm")):
            with urllib.request.urlopen(base + name, timeout=10) as response:
                assert response.headers["Content-Type"] == kind, name
        with socket.socket() as probe:  # bound to loopback only: another address of this machine is refused
            probe.settimeout(2)
            try:
                address = socket.gethostbyname(socket.gethostname())
            except OSError:
                address = None
            if address and not address.startswith("127."):
                assert probe.connect_ex((address, int(match[1]))) != 0
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_py_picks_a_free_port_when_its_default_is_taken(tmp_path):
    (tmp_path / "index.html").write_text("ok")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        server, line = _serve(tmp_path, "--port", str(taken))
        try:
            assert f"Port {taken} is in use" in line
            address = server.stdout.readline()
            port = int(re.search(r"127\.0\.0\.1:(\d+)/", address)[1])
            assert port != taken
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=10) as response:
                assert response.read() == b"ok"
        finally:
            server.terminate()
            server.wait(timeout=10)


# -- a build -------------------------------------------------------------------------------------------


@pytest.mark.build
def test_build_adds_runners_notes_and_ships_pyodide_and_the_viewer(tmp_path):
    from sitebuild import build
    from test_build import html, make_site

    site = make_site(
        tmp_path,
        """
        ```{code-cell} ipython3
        :load: ../snippets/plain.py
        ```

        ```{code-cell} ipython3
        :load: ../snippets/heavy.py
        ```

        ```{exercise} ../snippets/turn.py
        ```
        """,
        plain="""
        import math
        print("pi", round(math.pi, 2))

        # Expected output:
        # pi 3.14
    """,
        heavy="""
        import numpy as np
        print("sum", int(np.arange(4).sum()))

        # Expected output:
        # sum 6
    """,
        turn="""
        x = ___  # -> six sevens [hint: 6 * 7]
        print("answer:", x)

        # Expected output:
        # answer: 42
    """,
    )
    status, log = build(site)
    assert status == 0, log
    assert "WARNING" not in log, log
    page = html(site)
    out = site / "_build" / "html"

    pattern = r'<script type="application/json" class="runner-data">(.*?)</script>'
    datas = [json.loads(m) for m in re.findall(pattern, page, re.S)]
    assert [(d["file"], d["source"], d["expected"], d["expected_line"]) for d in datas] == [
        ("plain.py", "snippets/plain.py", "pi 3.14\n", 4),
        ("turn.py", "snippets/turn.py", "answer: 42\n", 4),
    ]
    textareas = re.findall(r"<textarea[^>]*>\n(.*?)</textarea>", page, re.S)
    assert textareas[1].startswith("x = ___  # -&gt; six sevens\n"), "an exercise starts blank"
    text = re.sub(r"<[^>]+>", "", page)
    handout = text.index("x = ___")
    assert "Try it yourself" in text[handout : text.index("Show the solution")], (
        "the exercise's runner sits between the handout and the solution"
    )
    assert "Needs NumPy: " in text, "one line: what the example needs, then copy and download"
    assert re.search(r'class="runner-unavailable.*?href="_downloads/[0-9a-f]+/heavy.py"', page, re.S)

    assert "_static/runner/runner.js" in page and "check.js" not in page, "one checker: Python's"
    other = (out / "other.html").read_text(encoding="utf-8")
    assert "runner/" not in other, "a page without runners loads none of their files"
    for name in runner.PYODIDE_FILES:
        shipped = out / "_static" / "runner" / "pyodide" / name
        if name == "pyodide-lock.json":
            lock = json.loads(shipped.read_text())
            upstream = json.loads((runner.PYODIDE / name).read_text())
            assert lock == {"info": upstream["info"], "packages": {}}, "no packages listed: none shipped"
        else:
            assert shipped.read_bytes() == (runner.PYODIDE / name).read_bytes(), name
    assert sorted(p.name for p in (out / "_static" / "runner").iterdir()) == [
        "check.json",
        "lesson_check.py",
        "output_checker.py",
        "pyodide",
        "runner.css",
        "runner.js",
        "worker.mjs",
    ]
    shipped_checker = out / "_static" / "runner" / "output_checker.py"
    assert shipped_checker.read_bytes() == runner.output_checker_file().read_bytes(), (
        "Check runs the installed, pinned pytest-doctestplus's own module"
    )
    assert json.loads((out / "_static" / "runner" / "check.json").read_text()) == {
        "flags": ["ELLIPSIS", "FLOAT_CMP", "NORMALIZE_WHITESPACE"],
        "checker": f"pytest-doctestplus {importlib.metadata.version('pytest-doctestplus')}",
    }
    assert (out / "serve.py").read_bytes() == runner.SERVE.read_bytes()
