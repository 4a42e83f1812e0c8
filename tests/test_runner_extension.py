"""The "Try it yourself" runners (snippetkit/runner.py): which examples get one, their markup,
the JavaScript check agreeing with CI's, the local viewer, and what a build ships.

The runners themselves, in Chromium, are tested in tests/browser/test_runner.py.
"""

import doctest
import html.parser
import json
import re
import socket
import subprocess
import sys
import types
import urllib.request
from pathlib import Path

import pytest
from sphinx.errors import ConfigError

from snippetkit import runner
from snippetkit import snippet as snippets

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
CHECK_JS = ROOT / "snippetkit" / "static" / "runner" / "check.js"


# -- which examples get a Run button --------------------------------------------------------------

@pytest.mark.parametrize("source", [
    "print(max(0.0, -3.0))\n",
    "import math\nprint(math.erf(1.0))\n",
    "import random, statistics\nfrom collections import Counter\nimport json, itertools, functools\n",
    "from dataclasses import dataclass\nimport fractions, decimal, re, textwrap\n",
])
def test_standard_library_code_runs_in_the_browser(source):
    assert runner.why_not_runnable(source) is None


@pytest.mark.parametrize("source, reason", [
    ("from tensorflow import keras\n", "needs TensorFlow, which does not run in a web browser"),
    ("import keras\n", "needs TensorFlow, which does not run in a web browser"),
    ("import numpy as np\nimport tensorflow as tf\n",
     "needs TensorFlow, which does not run in a web browser"),
    ("import numpy as np\n", "needs NumPy, which this site's in-browser Python does not include"),
    ("import matplotlib.pyplot as plt\nimport numpy\n",
     "needs Matplotlib and NumPy, which this site's in-browser Python does not include"),
    ("from sklearn.datasets import load_digits\n",
     "needs scikit-learn, which this site's in-browser Python does not include"),
    ("import tkinter\n", "needs tkinter, which this site's in-browser Python does not include"),
    ("import subprocess\n", "needs subprocess, which cannot work inside a web page"),
    ("from urllib.request import urlopen\n", "needs urllib.request, which cannot work inside a web page"),
    ("from . import helpers\n", "imports code of its own, which the in-browser Python cannot load"),
    ("import importlib\nnp = importlib.import_module('numpy')\n",
     "needs NumPy, which this site's in-browser Python does not include"),
    ("name = 'numpy'\nmod = __import__(name)\n",
     "imports a module by a computed name, so whether it runs here cannot be told"),
    ("def f():\n    import numpy\n", "needs NumPy, which this site's in-browser Python does not include"),
])
def test_code_that_needs_more_than_the_browser_has_says_why(source, reason):
    assert runner.why_not_runnable(source) == reason


def _lesson_snippets():
    """Every snippet that loads (a malformed one is reported by tests/test_snippets.py)."""
    for path in snippets.discover(SNIPPETS):
        try:
            yield path, snippets.load(path)
        except snippets.SnippetError:
            continue


def test_the_lesson_examples_that_get_a_runner():
    """Decided from each snippet's imports; the plain-Python ones of the lesson all qualify."""
    verdicts = {path.relative_to(SNIPPETS).as_posix(): runner.why_not_runnable(snip.solution())
                for path, snip in _lesson_snippets()}
    for name in ("activations/relu_leaky_from_scratch.py", "activations/gelu_from_scratch.py",
                 "activations/your_turn_relu.py", "optimizers/momentum_step.py",
                 "optimizers/your_turn_momentum.py", "mini-challenge/two_step_momentum.py"):
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
    data = {"file": "tricky.py", "source": "snippets/tricky.py", "kind": "example", "expected": "</script>\n",
            "timeout": 10}
    markup = runner.runner_html("runner-1", code, data)
    assert markup.count("</textarea>") == 1 and markup.count("</script>") == 1, \
        "nothing in the code closes a tag"
    parts = _Parts()
    parts.feed(markup)
    parts.close()
    assert parts.textarea == "\n" + code, \
        "the HTML parser drops the first newline of a textarea, so one leads"
    assert json.loads(parts.data) == data
    assert [b.split(" ", 1)[1] for b in parts.buttons] == ["Run", "Check", "Stop", "Reset"]
    assert 'hidden>' in markup.splitlines()[0], "hidden until its script wires it up"
    assert 'for="runner-1-code"' in markup and 'id="runner-1-code"' in markup, "the editor has a label"
    assert 'role="status"' in markup


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


# -- the check in the browser agrees with CI's ------------------------------------------------------

AGREEMENT = [
    # (expected block, printed output)
    ("hello 4\n", "hello 4\n"),
    ("hello 4\n", "hello 5\n"),
    ("hello 4\n", "hello 4"),
    ("a  b\n", "a b\n"),
    ("a b\n", "a\tb   \n\n"),
    ("a\n\nb\n", "a\nb\n"),
    ("ab\n", "a b\n"),
    ("", ""),
    ("", "something\n"),
    ("x\n", ""),
    ("<BLANKLINE>\nx\n", "\nx\n"),
    # numbers: relative tolerance 1e-5, absolute 1e-8
    ("weight: 4.8\n", "weight: 4.8000001\n"),
    ("weight: 4.8\n", "weight: 4.80001\n"),
    ("weight: 4.8\n", "weight: 4.8001\n"),
    ("0.0\n", "0.000000001\n"),
    ("0.0\n", "0.0000001\n"),
    ("[1.0, 0.0, 2.5, 0.0]\n", "[1.0, 0.0, 2.5, 0.0]\n"),
    ("[1.0, -0.04, 2.5, -0.005]\n", "[1.0, -0.04000001, 2.5, -0.005]\n"),
    ("[1.0, -0.04, 2.5, -0.005]\n", "[1.0, -0.04, 2.5, 0.005]\n"),
    ("[1.0, 0.0, 2.5, 0.0]\n", "[1.0, -4.0, 2.5, -0.5]\n"),
    ("loss 1e-05\n", "loss 1.000001e-05\n"),
    ("loss 1e-05\n", "loss 1.1e-05\n"),
    ("v = -0.05\n", "v = -0.0500000001\n"),
    ("(0.5, 1.5)\n", "(0.5000001, 1.5)\n"),
    ("{'a': 0.5}\n", "{'a': 0.5000001}\n"),
    ("z = 1.5j\n", "z = 1.5000001j\n"),
    ("step 1 weight: 9.8\nstep 2 weight: 9.42\n", "step 1 weight: 9.8\nstep 2 weight: 9.42\n"),
    ("step 1 weight: 9.8\nstep 2 weight: 9.42\n", "step 1 weight: 9.8\nstep 2 weight: 9.4200001\n"),
    ("step 1 weight: 9.8\nstep 2 weight: 9.42\n", "step 1 weight: 9.8\n"),
    # integers compare as text, as in doctestplus
    ("count: 3\n", "count: 3\n"),
    ("count: 3\n", "count: 4\n"),
    ("count: 3\n", "count: 3.0\n"),
    ("count: 3.0\n", "count: 3\n"),
    ("1000000\n", "1000001\n"),
    ("x1.5\n", "x1.5000001\n"),
    ("a-1.5\n", "a-1.5\n"),
    ("a-1.5\n", "a-1.5000001\n"),
    # nan and inf
    ("nan\n", "nan\n"),
    ("inf -inf\n", "inf -inf\n"),
    ("inf\n", "-inf\n"),
    ("nan\n", "0.0\n"),
    ("[nan, 1.0]\n", "[nan, 1.0000001]\n"),
    # ... matches anything
    ("shape: ...\n", "shape: (32, 10)\n"),
    ("start ... end\n", "start lots of text end\n"),
    ("start ... end\n", "start lots of text END\n"),
    ("...\n", "anything at all\n"),
    ("a...b...c\n", "a123b456c\n"),
    ("a...b...c\n", "a123c456b\n"),
    ("loss 0.5 ... acc 0.9\n", "loss 0.5000001 epoch 3 acc 0.9\n"),
    ("loss 0.5 ... acc 0.9\n", "loss 0.6 epoch 3 acc 0.9\n"),
    ("loss 0.5 ... acc 0.9\n", "loss 0.5 epoch 3.25 acc 0.9000001\n"),
    ("... 0.25 ...\n", "x 1.5 0.25000001 2.5 y\n"),
    ("... 0.25 ...\n", "x 1.5 0.26 2.5 y\n"),
    ("3.14...\n", "3.14159\n"),
    ("pi is 3.14...\n", "pi is 3.14\n"),
    ("first\n...\nlast\n", "first\nmiddle 1.5\nlast\n"),
    ("a ... b ... a\n", "a b a\n"),
    ("ab...ba\n", "aba\n"),
]


def _python_verdict(want, got):
    try:
        return snippets.OutputChecker().check_output(want, got, snippets.CHECK_FLAGS)
    except ValueError:
        return "raises"


def _js_verdicts(cases):
    script = (
        f"const check = require({json.dumps(str(CHECK_JS))});\n"
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
        "const out = cases.map(([want, got]) => {\n"
        "  try { return check.outputMatches(want, got); } catch (err) { return 'raises'; }\n"
        "});\n"
        "process.stdout.write(JSON.stringify(out));\n"
    )
    done = subprocess.run(["node", "-e", script], input=json.dumps(cases), capture_output=True, text=True,
                          timeout=60, check=True)
    return json.loads(done.stdout)


def test_javascript_check_agrees_with_the_python_checker_ci_uses():
    js = _js_verdicts(AGREEMENT)
    python = [bool(v) if v != "raises" else v for v in (_python_verdict(w, g) for w, g in AGREEMENT)]
    disagree = [(case, p, j) for case, p, j in zip(AGREEMENT, python, js) if p != j]
    assert not disagree, \
        "JS and Python checkers disagree (case, python, js):\n" + "\n".join(map(repr, disagree))
    assert True in python and False in python


def test_the_agreement_table_covers_both_outcomes_of_each_rule():
    python = [_python_verdict(w, g) for w, g in AGREEMENT]
    assert python.count(True) >= 20 and python.count(False) >= 15


def test_a_number_followed_by_dots_in_the_output_is_a_difference_in_the_browser():
    """doctestplus raises on it (float('1.5...')); the browser's check reports a mismatch."""
    case = ("... 2.0 ...\n", "x 1.5... 2.0 y\n")
    assert _python_verdict(*case) == "raises"
    assert _js_verdicts([case]) == ["raises"]
    script = (f"const c = require({json.dumps(str(CHECK_JS))});"
              f"process.stdout.write(String(c.matches(...{json.dumps(case)})))")
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout == "false"


def test_every_lesson_snippet_passes_the_javascript_check_with_its_own_expected_block():
    """What CI accepts as the output of each snippet, the browser's check accepts too."""
    cases = []
    for _, snip in _lesson_snippets():
        cases.append((snip.expected, snip.expected))
        cases.append((snip.expected, "  " + snip.expected.replace(" ", "   ") + "\n"))
    assert all(_js_verdicts(cases))


def test_the_diff_pairs_lines_by_the_same_rule():
    script = (f"const c = require({json.dumps(str(CHECK_JS))});"
              "process.stdout.write(JSON.stringify(c.diffLines("
              "'a 1.0\\nb 2.0\\nc 3.0\\n', 'a 1.0000001\\nb 2.5\\nc 3.0\\nd\\n')))")
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=60, check=True)
    assert [(line["op"], line["text"]) for line in json.loads(done.stdout)] == [
        (" ", "a 1.0000001"), ("-", "b 2.0"), ("+", "b 2.5"), (" ", "c 3.0"), ("+", "d")]


def test_python_checker_flags_are_the_ones_ported():
    assert snippets.CHECK_FLAGS == (snippets.FLOAT_CMP | doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert (snippets.OutputChecker.rtol, snippets.OutputChecker.atol) == (1e-5, 1e-8)
    js = CHECK_JS.read_text()
    assert "const RTOL = 1e-5;" in js and "const ATOL = 1e-8;" in js


# -- the local viewer ---------------------------------------------------------------------------------

def _serve(folder, *args):
    (folder / "serve.py").write_bytes(runner.SERVE.read_bytes())
    server = subprocess.Popen([sys.executable, str(folder / "serve.py"), *args],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
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
    from test_build import build, html, make_site

    site = make_site(tmp_path, """
        ```{code-cell} ipython3
        :load: ../snippets/plain.py
        ```

        ```{code-cell} ipython3
        :load: ../snippets/heavy.py
        ```

        ```{exercise} ../snippets/turn.py
        ```
        """, plain="""
        import math
        print("pi", round(math.pi, 2))

        # Expected output:
        # pi 3.14
    """, heavy="""
        import numpy as np
        print("sum", int(np.arange(4).sum()))

        # Expected output:
        # sum 6
    """, turn="""
        x = ___  # 👉 replace ___ with: 6 * 7
        print("answer:", x)

        # ✅ Expected output:
        # answer: 42
    """)
    status, log = build(site)
    assert status == 0, log
    assert "WARNING" not in log, log
    page = html(site)
    out = site / "_build" / "html"

    pattern = r'<script type="application/json" class="runner-data">(.*?)</script>'
    datas = [json.loads(m) for m in re.findall(pattern, page, re.S)]
    assert [(d["file"], d["source"], d["kind"], d["expected"]) for d in datas] == [
        ("plain.py", "snippets/plain.py", "example", "pi 3.14\n"),
        ("turn.py", "snippets/turn.py", "exercise", "answer: 42\n")]
    textareas = re.findall(r"<textarea[^>]*>\n(.*?)</textarea>", page, re.S)
    assert textareas[1].startswith("x = ___  # 👉 replace ___ with: 6 * 7\n"), "an exercise starts blank"
    text = re.sub(r"<[^>]+>", "", page)
    handout = text.index("x = ___")
    assert "Try it yourself" in text[handout:text.index("Show the solution")], \
        "the exercise's runner sits between the handout and the solution"
    assert "needs NumPy, which this site's in-browser Python does not include" in text
    assert re.search(r'class="runner-unavailable.*?href="_downloads/[0-9a-f]+/heavy.py"', page, re.S)

    assert '_static/runner/runner.js' in page and '_static/runner/check.js' in page
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
        "check.js", "pyodide", "runner.css", "runner.js", "worker.mjs"]
    assert (out / "serve.py").read_bytes() == runner.SERVE.read_bytes()
