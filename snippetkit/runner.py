"""Sphinx extension: "Try it yourself", the lesson's examples run and checked in the browser.

After every example that needs only Python's standard library, and after
every exercise's handout, a page gets a runner: the code in an editable box
(for an exercise, the version with blanks), with **Run**, **Check**, **Stop**
and **Reset**. Run executes it with Pyodide (CPython compiled to WebAssembly)
in a Web Worker; Check compares what it printed with the snippet's
``# Expected output:`` block with the checker CI uses, run by that same
Python: pytest-doctestplus's ``output_checker`` module, shipped from the
installed, pinned package, with the flags of
:data:`snippetkit.checker.CHECK_FLAGS` (``static/runner/lesson_check.py``
calls it; there is no second implementation in JavaScript).

Which examples get one is read from the snippet's imports
(:func:`why_not_runnable`): an example that needs TensorFlow, NumPy or
Matplotlib gets a short note saying so, with copy and download, instead.

What the site ships:

* ``_static/runner/``: the runner's script, stylesheet and worker, loaded
  only by pages that have a runner or such a note;
* ``_static/runner/output_checker.py`` (from pytest-doctestplus) and
  ``check.json`` (the names of CI's check flags, written from
  ``CHECK_FLAGS``), fetched with ``lesson_check.py`` on a page's first Check;
* ``_static/runner/pyodide/``: the Pyodide core from the npm package
  ``pyodide`` (``node_modules``, pinned in ``package.json``): the loader, the
  WebAssembly interpreter and its standard library, with a package index
  listing no packages (none is shipped; nothing is fetched from a CDN). The
  browser fetches it only once a learner opens an editor;
* ``serve.py`` at the site root: browsers refuse Web Workers and module
  scripts on ``file://`` pages, so the offline archive comes with a
  one-command local viewer (loopback only); a runner opened from a file says
  how to start it.
"""

from __future__ import annotations

import doctest
import functools
import html
import importlib.metadata
import importlib.util
import json
import operator
import os
import shutil
import sys
import zipfile
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util.docutils import SphinxDirective

from . import ROOT, STATIC, checker, records, snippetfile
from .cells import Cell
from .downloads import download_link
from .settings import load as load_settings
from .snippetfile import imported_modules, needs_tensorflow

PYODIDE = ROOT / "node_modules" / "pyodide"
#: What the browser needs of the npm package: the loader, the interpreter, its standard library.
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
SERVE = Path(__file__).resolve().parent / "site_root" / "serve.py"

#: Third-party packages named the way readers know them.
DISPLAY_NAMES = {
    "tensorflow": "TensorFlow",
    "keras": "Keras",
    "numpy": "NumPy",
    "matplotlib": "Matplotlib",
    "sklearn": "scikit-learn",
    "scipy": "SciPy",
    "pandas": "pandas",
    "torch": "PyTorch",
}

#: Standard-library modules Pyodide has but a browser page cannot make work.
NOT_IN_A_BROWSER = {
    "subprocess",
    "multiprocessing",
    "threading",
    "_thread",
    "concurrent",
    "socket",
    "socketserver",
    "ssl",
    "select",
    "selectors",
    "signal",
    "webbrowser",
    "http.server",
    "http.client",
    "urllib.request",
    "ftplib",
    "smtplib",
    "poplib",
    "imaplib",
    "xmlrpc",
    "pty",
    "tty",
    "termios",
    "curses",
    "readline",
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
    if needs_tensorflow(source):
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


def expected_header_line(code: str) -> int | None:
    """The line of *code*'s ``# Expected output:`` header (1-based), as the editor numbers it.

    The browser's Check names each differing line by its number in the editor, as check.py
    names it in the file; runner.js looks for the header in the code as edited, then here.

    >>> expected_header_line("print(1)\\n\\n# Expected output:\\n# 1\\n")
    3
    """
    lines = code.splitlines()
    found = [n for n, line in enumerate(lines, 1) if snippetfile.HEADER.match(line)]
    return found[-1] if found else None


# -- the markup ------------------------------------------------------------------------------


def runner_html(ident: str, code: str, data: dict) -> str:
    """A runner's HTML: hidden until runner.js wires it up (no script, no dead buttons).

    The editor has line numbers beside it (runner.js keeps them in step with the code), since
    hints and tracebacks name lines.
    """
    name = html.escape(data["file"])
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    config = load_settings()  # the editor's fewest and most rows (runner.js's fitRows keeps them too)
    rows = min(max(code.count("\n") + 1, config.runner_min_rows), config.runner_max_rows)
    progress = (
        '<p class="runner-progress" role="status" hidden></p>\n<p class="runner-next" hidden></p>\n'
        if data.get("exercise")
        else ""
    )
    numbers = "\n".join(str(n) for n in range(1, len(code.splitlines()) + 1))
    return f"""\
<div class="runner" id="{ident}" hidden>
<details>
<summary>Try it yourself »<span class="visually-hidden">: edit, run and check {name} here</span></summary>
<div class="runner-body">
<label class="runner-label" for="{ident}-code">Your code ({name}), editable</label>
<div class="runner-editor">
<div class="runner-lines" aria-hidden="true">{numbers}</div>
<textarea class="runner-code" id="{ident}-code" rows="{rows}" wrap="off" spellcheck="false" \
autocapitalize="off" autocomplete="off" autocorrect="off" aria-describedby="{ident}-keys">
{html.escape(code, quote=False)}</textarea>
</div>
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
{progress}<script type="application/json" class="runner-data">{payload}</script>
</div>
</details>
</div>
"""


def unavailable_note(
    reason: str, relpath: str, docname: str, setup: bool = False, colab: str = ""
) -> nodes.container:
    """One line for an example with no Run button: what it needs ("Needs TensorFlow", the
    reason's first words), then Copy (runner.js shows it), Download and, with *colab* (the
    page's notebook there), Open in Colab; with *setup*, a link to the set-up page (the label
    ``setup``)."""
    need = reason.split(",")[0]
    para = nodes.paragraph()
    para += nodes.strong("", need[:1].upper() + need[1:])
    if setup:
        para += nodes.Text(" (")
        para += addnodes.pending_xref(
            "",
            nodes.inline("", "set-up"),
            refdomain="std",
            reftype="ref",
            reftarget="setup",
            refexplicit=True,
            refwarn=True,
            refdoc=docname,
        )
        para += nodes.Text(")")
    para += nodes.Text(": ")
    button = '<button type="button" class="runner-copy" hidden>Copy code</button> '
    para += nodes.raw("", button, format="html")
    download = download_link(relpath, docname)
    download.children = [
        nodes.inline("", "Download"),
        nodes.inline("", f" {Path(relpath).name}", classes=["visually-hidden"]),
    ]
    download["classes"].append("runner-download")
    para += download
    if colab:
        para += nodes.Text(" ")
        para += nodes.reference("", "Open in Colab", refuri=colab, classes=["colab-link"])
    para += nodes.Text(" ")
    para += nodes.raw("", '<span class="runner-copy-status" role="status"></span>', format="html")
    box = nodes.container(classes=["runner-unavailable"])
    box += para
    return box


# -- Sphinx events ------------------------------------------------------------------------------


def add_runners(app: Sphinx, doctree: nodes.document, cells: list[Cell]) -> None:
    """A runner (or the note why not) after each example and exercise handout of the page's *cells*.

    An exercise's hand-out is the node named by the exercise's id (:mod:`snippetkit.pages`).
    :mod:`snippetkit.pipeline` calls it before Sphinx collects download links (the notes have one).
    """
    docname = app.env.docname
    count = 0
    for found in cells:
        anchor = found.node if found.loaded else doctree.ids.get(found.exercise)
        if anchor is None:
            continue
        snip, path = found.snippet, found.path
        reason = why_not_runnable(snip.solution())
        if reason:
            colab = app.config.colab_notebooks
            node = unavailable_note(
                reason,
                found.relpath,
                docname,
                setup="setup" in app.env.found_docs,
                colab=f"{colab.rstrip('/')}/{docname}.ipynb" if colab else "",
            )
        else:
            count += 1
            data = {
                "file": path.name,
                "source": found.shown.as_posix(),
                "expected": snip.expected,
                "expected_line": expected_header_line(snip.handout()),
                "timeout": app.config.runner_timeout,
                "exercise": bool(found.exercise),
            }
            node = nodes.raw("", runner_html(f"runner-{count}", snip.handout(), data), format="html")
            node["runner"] = True
        anchor.parent.insert(anchor.parent.index(anchor) + 1, node)


#: The runner's script and stylesheet (9 KB) load once a runner, a "Needs ..." note or the
#: progress box comes near the screen, or is first used: most readers never scroll to most of them.
#: The runners and Copy buttons show at once; a click on one before the script is there waits for
#: it (an editor opens once it is wired up), then happens.
LOADER = """\
(() => {
  const urls = URLS;
  const parts = "div.runner, div.runner-unavailable, div.lesson-progress";
  let loading = null;
  window.lessonRunner = { timings: [] };
  function load() {
    if (!loading) {
      loading = new Promise((done) => {
        const css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = urls.css;
        // The script once the styles are in: runner.js shows the runners, never unstyled.
        css.onload = css.onerror = () => {
          const js = document.createElement("script");
          js.src = urls.js;
          js.onload = js.onerror = () => {
            ready = true;
            done();
          };
          document.head.append(js);
        };
        document.head.append(css);
      });
    }
    return loading;
  }
  let ready = false;
  document.addEventListener("click", (event) => {
    const used = !ready && event.target.closest && event.target.closest(
      "div.runner summary, div.runner button, div.runner-unavailable button.runner-copy");
    if (!used) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    load().then(() => used.click());
  }, true);
  document.addEventListener("focusin", (event) => {
    if (event.target.closest && event.target.closest(parts)) load();
  });
  document.addEventListener("DOMContentLoaded", () => {
    const found = document.querySelectorAll(parts);
    document.querySelectorAll("div.runner, button.runner-copy").forEach((el) => { el.hidden = false; });
    if (!("IntersectionObserver" in window)) return void load();
    const near = new IntersectionObserver((seen) => {
      if (seen.some((entry) => entry.isIntersecting)) { near.disconnect(); load(); }
    }, { rootMargin: "100% 0px" });
    found.forEach((el) => near.observe(el.hidden ? el.parentElement : el));
  });
})();
"""


def add_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: the runner's script and styles, on the pages that have one (or the
    lesson's progress); with the list of the lesson's exercises, to count the ones passed."""
    if doctree is None:
        return
    runners = any(node.get("runner") for node in doctree.findall(nodes.raw))
    progress = any(node.get("progress") for node in doctree.findall(nodes.raw))
    notes = any("runner-unavailable" in node["classes"] for node in doctree.findall(nodes.container))
    if not (runners or notes or progress):
        return
    pathto = context["pathto"]
    urls = {"css": pathto("_static/runner/runner.css", 1), "js": pathto("_static/runner/runner.js", 1)}
    app.add_js_file(None, body=LOADER.replace("URLS", json.dumps(urls)))
    if runners or progress:
        listed = records.of(app.env).for_this_build(  # once per build (per process), not per page
            "exercises", lambda: json.dumps(browser_exercises(app.env)).replace("<", "\\u003c")
        )
        app.add_js_file(None, body=listed, type="application/json", id="lesson-exercises")


def browser_exercises(env) -> list[str]:
    """Every exercise of the lesson that the browser can check (its ``source``, as runner data names it)."""
    found = []
    pages = records.of(env).pages
    for docname in sorted(pages):
        for key, entry in pages[docname].entries.items():
            if key.startswith("exercise-") and not why_not_runnable(entry.snippet.solution()):
                found.append(os.path.relpath(entry.path, Path(env.srcdir).parent).replace(os.sep, "/"))
    return sorted(set(found))


PROGRESS_HTML = """\
<div class="lesson-progress" hidden>
<p class="lesson-progress-count" role="status"></p>
<p>Your progress and your edits in the editors are kept in this browser only, on this device: \
nothing is sent anywhere, and there is nothing to sign up for. \
<button type="button" class="lesson-progress-forget">Forget my progress</button></p>
<div class="lesson-progress-confirm" role="group" aria-label="Forget my progress?" hidden>
<p>Forget every exercise you passed and every edit you made in the editors, \
in this browser? This cannot be undone.</p>
<p><button type="button" class="lesson-progress-yes">Yes, forget it all</button> \
<button type="button" class="lesson-progress-no">No, keep it</button></p>
</div>
<p class="lesson-progress-said" role="status"></p>
</div>
"""


class LessonProgress(SphinxDirective):
    """``{lesson-progress}``: how many of the lesson's exercises this browser has passed, and a
    button that forgets it all once the learner confirms (runner.js fills it in; hidden without
    JavaScript)."""

    def run(self) -> list[nodes.Node]:
        node = nodes.raw("", PROGRESS_HTML, format="html")
        node["progress"] = True
        return [node]


def check_pyodide(app: Sphinx, config: Config) -> None:
    """``config-inited``: Pyodide is installed."""
    missing = [name for name in PYODIDE_FILES if not (PYODIDE / name).is_file()]
    if missing:
        raise ConfigError(
            f"Pyodide is missing ({', '.join(missing)} not in {PYODIDE}): the 'Try it yourself' "
            "runners ship it from the npm package 'pyodide'. Run `npm ci` in the project folder "
            "(`nox -s docs` does)."
        )


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


def output_checker_file() -> Path:
    """pytest-doctestplus's ``output_checker`` module, as installed (pinned in requirements.txt)."""
    return Path(importlib.util.find_spec("pytest_doctestplus.output_checker").origin)


def check_flag_names(flags: int | None = None) -> list[str]:
    """The doctest option flags of *flags* (CI's ``CHECK_FLAGS``) by name, for the browser's checker.

    Names, not the number: bits of flags registered later (``FLOAT_CMP``)
    depend on what registered flags before, in each Python.

    >>> check_flag_names()
    ['ELLIPSIS', 'FLOAT_CMP', 'NORMALIZE_WHITESPACE']
    """
    flags = checker.CHECK_FLAGS if flags is None else flags
    names = sorted(name for name, bit in doctest.OPTIONFLAGS_BY_NAME.items() if flags & bit)
    named = functools.reduce(operator.or_, (doctest.OPTIONFLAGS_BY_NAME[name] for name in names), 0)
    if named != flags:
        raise ValueError(f"doctest flags {flags:#x} are not all registered option flags ({names})")
    return names


def _write_if_changed(target: Path, text: str) -> None:
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def ship_files(app: Sphinx, exception) -> None:
    """``build-finished``: Pyodide into ``_static/runner/pyodide``, CI's output checker and the
    names of its flags into ``_static/runner``, ``serve.py`` into the site root."""
    if exception or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    check = {
        "flags": check_flag_names(),
        "checker": f"pytest-doctestplus {importlib.metadata.version('pytest-doctestplus')}",
    }
    _write_if_changed(outdir / "_static" / "runner" / "check.json", json.dumps(check, indent=1) + "\n")
    _copy_if_changed(output_checker_file(), outdir / "_static" / "runner" / "output_checker.py")
    shipped = {path.name for path in (STATIC / "runner").iterdir()} | {"check.json", "output_checker.py"}
    for stale in (outdir / "_static" / "runner").iterdir():  # left by an earlier build (check.js)
        if stale.is_file() and stale.name not in shipped:
            stale.unlink()
    target = outdir / "_static" / "runner" / "pyodide"
    for name in PYODIDE_FILES:
        if name == "pyodide-lock.json":  # 119 KB listing packages the site does not ship
            lock = core_lock_file(json.loads((PYODIDE / name).read_text(encoding="utf-8")))
            _write_if_changed(target / name, json.dumps(lock, indent=1) + "\n")
        else:
            _copy_if_changed(PYODIDE / name, target / name)
    _copy_if_changed(SERVE, outdir / SERVE.name)


def setup(app: Sphinx) -> dict:
    app.setup_extension("snippetkit.settings")  # runner_timeout
    app.connect("config-inited", check_pyodide)
    app.connect("html-page-context", add_page_assets)
    app.add_directive("lesson-progress", LessonProgress)
    app.connect("build-finished", ship_files)
    # env_version: bump it when the runners' markup changes, so a cached build re-reads every page
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 4}
