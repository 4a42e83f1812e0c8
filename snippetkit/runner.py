"""Sphinx extension: "Try it yourself", the lesson's examples run and checked in the browser.

After every example that needs only Python's standard library, and after
every exercise's handout, a page gets a runner: the code in an editable box
(for an exercise, the version with blanks), with **Run**, **Check**, **Stop**
and **Reset**. Run executes it with Pyodide (CPython compiled to WebAssembly)
in a Web Worker; Check compares what it printed with the snippet's
``# Expected output:`` block by the rule CI uses (``static/runner/check.js``,
a port of :func:`snippetkit.snippet.check_output`).

Which examples get one is read from the snippet's imports
(:func:`why_not_runnable`): an example that needs TensorFlow, NumPy or
Matplotlib gets a short note saying so, with copy and download, instead.

What the site ships:

* ``_static/runner/``: the runner's script, stylesheet and worker, loaded
  only by pages that have a runner or such a note;
* ``_static/runner/pyodide/``: the Pyodide core from the npm package
  ``pyodide`` (``node_modules``, pinned in ``package.json``): the loader, the
  WebAssembly interpreter and its standard library, with a package index
  listing no packages (none is shipped; nothing is fetched from a CDN). The
  browser fetches it only when a learner first presses Run;
* ``serve.py`` at the site root: browsers refuse Web Workers and module
  scripts on ``file://`` pages, so the offline archive comes with a
  one-command local viewer (loopback only); a runner opened from a file says
  how to start it.
"""

from __future__ import annotations

import ast
import functools
import html
import importlib.util
import json
import os
import shutil
import sys
import zipfile
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from . import snippet as snippets
from .sphinx_ext import download_link, snippet_cells

ROOT = Path(__file__).resolve().parent.parent
PYODIDE = ROOT / "node_modules" / "pyodide"
#: What the browser needs of the npm package: the loader, the interpreter, its standard library.
PYODIDE_FILES = (
    "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json",
)
STATIC = Path(__file__).resolve().parent / "static"
SERVE = Path(__file__).resolve().parent / "site_root" / "serve.py"

#: Third-party packages named the way readers know them.
DISPLAY_NAMES = {
    "tensorflow": "TensorFlow", "keras": "Keras", "numpy": "NumPy", "matplotlib": "Matplotlib",
    "sklearn": "scikit-learn", "scipy": "SciPy", "pandas": "pandas", "torch": "PyTorch",
}
NEEDS_TENSORFLOW = {"tensorflow", "keras"}

#: Standard-library modules Pyodide has but a browser page cannot make work.
NOT_IN_A_BROWSER = {
    "subprocess", "multiprocessing", "threading", "_thread", "concurrent", "socket", "socketserver",
    "ssl", "select", "selectors", "signal", "webbrowser", "http.server", "http.client", "urllib.request",
    "ftplib", "smtplib", "poplib", "imaplib", "xmlrpc", "pty", "tty", "termios", "curses", "readline",
}


@functools.cache
def pyodide_stdlib(path: Path = PYODIDE / "python_stdlib.zip") -> frozenset[str]:
    """Top-level pure-Python modules of Pyodide's standard library (its ``python_stdlib.zip``)."""
    with zipfile.ZipFile(path) as zf:
        return frozenset(name.split("/")[0].removesuffix(".py") for name in zf.namelist())


def _compiled(module: str) -> bool:
    """Is this standard-library module compiled (``math``, ``itertools``), not a ``.py`` file?

    Pyodide builds those into its interpreter; a ``.py`` module it has is in
    its ``python_stdlib.zip``. A module this Python cannot find counts as
    not compiled, so it must be in the zip.
    """
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return False
    origin = (spec and spec.origin) or ""
    return origin in ("built-in", "frozen") or origin.endswith((".so", ".pyd"))


def imported_modules(source: str) -> list[str]:
    """The modules a script imports, as written (``"numpy"``, ``"tensorflow.keras"``), in order.

    A relative import reads ``"."``; ``__import__("x")`` and
    ``importlib.import_module("x")`` with a literal name count as imports, and
    with any other argument read ``"?"`` (unknown).

    >>> imported_modules("import math, numpy as np\\nfrom tensorflow import keras\\n")
    ['math', 'numpy', 'tensorflow']
    """
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append("." if node.level else node.module)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in ("__import__", "import_module"):
                arg = node.args[0] if node.args else None
                literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                found.append(arg.value if literal else "?")
    return list(dict.fromkeys(found))


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def why_not_runnable(source: str) -> str | None:
    """``None`` if the browser's Python can run this script, else why not, as a phrase.

    It can when everything the script imports is in Pyodide's standard
    library and works inside a web page.

    >>> why_not_runnable("import math\\nprint(math.pi)\\n") is None
    True
    >>> why_not_runnable("from tensorflow import keras\\nimport numpy as np\\n")
    'needs TensorFlow, which does not run in a web browser'
    >>> why_not_runnable("import numpy as np\\nimport matplotlib.pyplot as plt\\n")
    "needs NumPy and Matplotlib, which this site's in-browser Python does not include"
    """
    try:
        modules = imported_modules(source)
    except SyntaxError:
        return "is not valid Python for the in-browser interpreter"
    third_party, unusable = [], []
    for module in modules:
        top = module.split(".")[0]
        if module in (".", "?") or top not in sys.stdlib_module_names:
            third_party.append(module)
        elif top in NOT_IN_A_BROWSER or module in NOT_IN_A_BROWSER:
            unusable.append(module)
        elif top not in pyodide_stdlib() and not _compiled(top):
            third_party.append(module)
    tops = list(dict.fromkeys(m if m in (".", "?") else m.split(".")[0] for m in third_party))
    if NEEDS_TENSORFLOW & set(tops):
        return "needs TensorFlow, which does not run in a web browser"
    if "." in tops:
        return "imports code of its own, which the in-browser Python cannot load"
    if "?" in tops:
        return "imports a module by a computed name, so whether it runs here cannot be told"
    if tops:
        names = _and([DISPLAY_NAMES.get(top, top) for top in tops])
        return f"needs {names}, which this site's in-browser Python does not include"
    if unusable:
        return f"needs {_and(unusable)}, which cannot work inside a web page"
    return None


# -- the markup ------------------------------------------------------------------------------

def runner_html(ident: str, code: str, data: dict) -> str:
    """A runner's HTML: hidden until runner.js wires it up (no script, no dead buttons)."""
    name = html.escape(data["file"])
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    rows = min(max(code.count("\n") + 1, 4), 40)
    return f"""\
<div class="runner" id="{ident}" data-kind="{data['kind']}" hidden>
<details>
<summary>Try it yourself »<span class="visually-hidden">: edit, run and check {name} here</span></summary>
<div class="runner-body">
<label class="runner-label" for="{ident}-code">Your code ({name}), editable</label>
<textarea class="runner-code" id="{ident}-code" rows="{rows}" wrap="off" spellcheck="false" \
autocapitalize="off" autocomplete="off" autocorrect="off" aria-describedby="{ident}-keys">
{html.escape(code, quote=False)}</textarea>
<p class="runner-keys" id="{ident}-keys">Ctrl+Enter (⌘+Enter on a Mac) runs the code, \
Ctrl+Shift+Enter checks it. Tab indents; to leave the box with the keyboard, press Esc, then Tab.</p>
<div class="runner-buttons" role="group" aria-label="{name}">
<button type="button" class="runner-run" aria-keyshortcuts="Control+Enter Meta+Enter">▶ Run</button>
<button type="button" class="runner-check" aria-keyshortcuts="Control+Shift+Enter Meta+Shift+Enter">\
✓ Check</button>
<button type="button" class="runner-stop" disabled>■ Stop</button>
<button type="button" class="runner-reset">↺ Reset</button>
</div>
<p class="runner-status" role="status"></p>
<pre class="runner-output" tabindex="0" role="region" aria-label="Output of {name}" hidden></pre>
<div class="runner-diff" hidden></div>
<script type="application/json" class="runner-data">{payload}</script>
</div>
</details>
</div>
"""


def unavailable_note(reason: str, relpath: str, docname: str) -> nodes.container:
    """Why an example has no Run button, with copy and download instead."""
    para = nodes.paragraph()
    para += nodes.strong("", "No Run button here: ")
    para += nodes.Text(f"this example {reason}. To try it, copy the code ")
    button = '<button type="button" class="runner-copy" hidden>Copy code</button> '
    para += nodes.raw("", button, format="html")
    para += nodes.Text("or download ")
    para += download_link(relpath, docname)
    para += nodes.Text(" and run it with Python on your computer. ")
    para += nodes.raw("", '<span class="runner-copy-status" role="status"></span>', format="html")
    box = nodes.container(classes=["runner-unavailable"])
    box += para
    return box


# -- Sphinx events ------------------------------------------------------------------------------

def _handout_before(cell: nodes.Element) -> nodes.Element | None:
    """The exercise handout an exercise's solution cell follows (see sphinx_ext._exercise_cells)."""
    parent = cell.parent
    index = parent.index(cell)
    if index and isinstance(parent[index - 1], nodes.literal_block) \
            and "exercise-handout" in parent[index - 1].get("classes", []):
        return parent[index - 1]
    return None


def add_runners(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: a runner (or the note why not) after each example and exercise handout."""
    docname = app.env.docname
    count = 0
    for cell, relpath, path, loaded in snippet_cells(app, doctree):
        anchor = cell if loaded else _handout_before(cell)
        if anchor is None:
            continue
        try:
            snip = snippets.load(path)
        except (OSError, snippets.SnippetError):
            continue  # snippetkit.sphinx_ext reports it
        reason = why_not_runnable(snip.solution())
        if reason:
            node = unavailable_note(reason, relpath, docname)
        else:
            count += 1
            data = {
                "file": path.name,
                "source": os.path.relpath(path, Path(app.srcdir).parent).replace(os.sep, "/"),
                "kind": "exercise" if snip.is_exercise else "example",
                "expected": snip.expected,
                "timeout": app.config.runner_timeout,
            }
            node = nodes.raw("", runner_html(f"runner-{count}", snip.handout(), data), format="html")
            node["runner"] = True
        anchor.parent.insert(anchor.parent.index(anchor) + 1, node)


def add_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: the runner's script and styles, on the pages that have one."""
    if doctree is None:
        return
    runners = any(node.get("runner") for node in doctree.findall(nodes.raw))
    notes = any("runner-unavailable" in node["classes"] for node in doctree.findall(nodes.container))
    if not (runners or notes):
        return
    app.add_css_file("runner/runner.css")
    if runners:
        app.add_js_file("runner/check.js", defer="defer")
    app.add_js_file("runner/runner.js", defer="defer")


def check_pyodide(app: Sphinx, config: Config) -> None:
    """``config-inited``: Pyodide is installed; the runner's own files join the static path."""
    missing = [name for name in PYODIDE_FILES if not (PYODIDE / name).is_file()]
    if missing:
        raise ConfigError(
            f"Pyodide is missing ({', '.join(missing)} not in {PYODIDE}): the 'Try it yourself' "
            "runners ship it from the npm package 'pyodide'. Run `npm ci` in the project folder "
            "(`nox -s docs` does)."
        )
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))


def _copy_if_changed(source: Path, target: Path) -> None:
    if target.is_file():
        old, new = target.stat(), source.stat()
        if old.st_size == new.st_size and old.st_mtime_ns == new.st_mtime_ns:
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def core_lock_file(lock: dict) -> dict:
    """Pyodide's package index cut to the interpreter: the site ships no packages to load.

    >>> core_lock_file({"info": {"python": "3.14.2"}, "packages": {"numpy": {}}})
    {'info': {'python': '3.14.2'}, 'packages': {}}
    """
    return {"info": lock["info"], "packages": {}}


def ship_files(app: Sphinx, exception) -> None:
    """``build-finished``: Pyodide into ``_static/runner/pyodide``, ``serve.py`` into the site root."""
    if exception or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    target = outdir / "_static" / "runner" / "pyodide"
    for name in PYODIDE_FILES:
        if name == "pyodide-lock.json":  # 119 KB listing packages the site does not ship
            lock = core_lock_file(json.loads((PYODIDE / name).read_text(encoding="utf-8")))
            text = json.dumps(lock, indent=1) + "\n"
            if not (target / name).is_file() or (target / name).read_text(encoding="utf-8") != text:
                target.mkdir(parents=True, exist_ok=True)
                (target / name).write_text(text, encoding="utf-8")
        else:
            _copy_if_changed(PYODIDE / name, target / name)
    _copy_if_changed(SERVE, outdir / SERVE.name)


def setup(app: Sphinx) -> dict:
    app.add_config_value("runner_timeout", 10, "html", types=frozenset({int, float}))
    app.connect("config-inited", check_pyodide)
    app.connect("doctree-read", add_runners, priority=450)  # before Sphinx collects download links
    app.connect("html-page-context", add_page_assets)
    app.connect("build-finished", ship_files)
    # env_version: bump it when the runners' markup changes, so a cached build re-reads every page
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
