"""Sphinx extension: pages that embed snippet files, checked at build time.

What it adds to myst-nb:

* every ``{code-cell}`` with ``:load: <snippet>`` becomes a dependency of its
  page, so editing the snippet re-reads the page and re-executes it (myst-nb
  alone serves the old output from its cache: myst-nb issue 621); a ``:load:``
  of a missing file is an error naming the page;
* an ``{exercise} <snippet>`` fence shows the exercise as the learner gets it
  (blanks and hints, or an outline) followed by a collapsed, executed solution
  derived from the same file (see :mod:`snippetkit.snippet`);
* after execution, each snippet cell's printed output is compared with the
  snippet's ``# Expected output:`` block; a difference is a warning (an error
  under ``-W``) naming the snippet, and the page is re-read on the next build
  until it is fixed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import textwrap
import zipfile
from pathlib import Path
from typing import Iterator, NamedTuple

from docutils import nodes
from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput, visit_HideCellInput
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from . import snippet as snippets

logger = logging.getLogger(__name__)

# A top-level fence: ```{code-cell} ...``` or ```{exercise} path```.
_FENCE = re.compile(
    r"^(?P<fence>`{3,})\{(?P<name>code-cell|exercise)\}(?P<arg>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
_LOAD = re.compile(r"^:?load:\s*(?P<path>\S+)\s*$", re.MULTILINE)  # `:load: x` or YAML `load: x`


def _failing(env) -> dict[str, list[str]]:
    if not hasattr(env, "snippetkit_failing"):
        env.snippetkit_failing = {}
    return env.snippetkit_failing


def _report(app: Sphinx, docname: str, message: str, location=None, subtype: str = "check") -> None:
    _failing(app.env).setdefault(docname, []).append(message)
    logger.warning(message, location=location or docname, type="snippet", subtype=subtype)


def _fence(code: str) -> str:
    """A backtick fence longer than any run of backticks inside *code*."""
    return "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", code)), default=0))


def _exercise_cells(relpath: str, snip: snippets.Snippet) -> str:
    """The handout as plain code, then the solution as a collapsed, executed cell."""
    handout = snip.handout().rstrip("\n")
    solution = snip.solution(for_display=True).rstrip("\n")
    return (
        f"{_fence(handout)}{{code-block}} python\n:class: exercise-handout\n{handout}\n{_fence(handout)}\n\n"
        f"{_fence(solution)}{{code-cell}} ipython3\n"
        f"---\nsnippet: {relpath}\ntags: [hide-cell]\n"
        "mystnb: {code_prompt_show: Show the solution, code_prompt_hide: Hide the solution}\n---\n"
        f"{solution}\n{_fence(solution)}"
    )


def expand_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: note snippet dependencies, expand ``{exercise}`` fences."""
    env = app.env
    page = Path(env.doc2path(docname))

    def replace(match: re.Match) -> str:
        if match["name"] == "code-cell":
            load = _LOAD.search(match["body"])
            if not load:
                return match[0]
            relpath = load["path"]
        else:
            relpath = match["arg"].strip()
        target = (page.parent / relpath).resolve()
        if not target.is_file():
            _report(app, docname, f"{docname}: snippet file not found: {relpath} (looked for {target})")
            return f"```{{error}}\nMissing snippet file: {relpath}\n```"
        env.note_dependency(str(target))
        if match["name"] == "code-cell":
            return match[0]
        try:
            snip = snippets.load(target)
        except snippets.SnippetError as err:
            _report(app, docname, f"{docname}: {err}")
            return f"```{{error}}\n{relpath}: malformed exercise\n```"
        if not snip.is_exercise:
            _report(app, docname, f"{docname}: {relpath} is used as an exercise but has neither "
                    f"___ blanks nor a '{snippets.REGION_START}' region")
        return _exercise_cells(relpath, snip)

    source[0] = _FENCE.sub(replace, source[0])


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _cell_error(cell: nodes.Element) -> tuple[int | None, str] | None:
    """``(line, last line)`` of the traceback a cell ended with, if it raised."""
    for block in cell.findall(nodes.literal_block):
        if "traceback" in block.get("classes", []):
            text = _ANSI.sub("", block.astext()).strip()
            lines = re.findall(r"^Cell In\[\d+\], line (\d+)", text, re.MULTILINE)
            return (int(lines[-1]) if lines else None), text.splitlines()[-1]
    return None


def _cell_stream(cell: nodes.Element, name: str) -> str:
    """The text a cell wrote to *name* ("stream" is stdout, or "stderr")."""
    parts = []
    for block in cell.findall(nodes.literal_block):
        classes = set(block.get("classes", []))
        if "output" in classes and name in classes:
            parts.append(block.astext())
    text = "".join(parts)
    return text if not text or text.endswith("\n") else text + "\n"


def _drop_startup_logs(cell: nodes.Element) -> str:
    """Remove TensorFlow's start-up notices from the cell's stderr; return what is left of it.

    The kernel captures them like any stderr (see :data:`snippetkit.snippet.STARTUP_LOGS`);
    a learner's terminal shows them, the page does not.
    """
    for block in list(cell.findall(nodes.literal_block)):
        if {"output", "stderr"} <= set(block.get("classes", [])):
            rest = snippets.without_startup_logs(block.astext())
            if rest.strip():
                block.children = [nodes.Text(rest)]
            else:
                parent = block.parent
                parent.remove(block)
                if parent is not cell and not parent.children:
                    parent.parent.remove(parent)
    return _cell_stream(cell, "stderr")


class SnippetCell(NamedTuple):
    """A code cell of a page that runs a snippet file."""

    cell: nodes.Element
    relpath: str  # the file as the page names it, relative to the page
    path: Path  # the file, absolute
    loaded: bool  # a ``:load:`` cell; else the solution cell of an ``{exercise}``


def snippet_cells(app: Sphinx, doctree: nodes.document) -> Iterator[SnippetCell]:
    """The page's code cells that run a snippet file, in page order."""
    page = Path(app.env.doc2path(app.env.docname))
    for cell in list(doctree.findall(nodes.container)):
        if cell.get("nb_element") != "cell_code":
            continue
        meta = cell.get("cell_metadata", {})
        relpath = meta.get("load") or meta.get("snippet")
        if relpath:
            yield SnippetCell(cell, relpath, (page.parent / relpath).resolve(), bool(meta.get("load")))


def download_link(relpath: str, docname: str) -> addnodes.download_reference:
    """A link that downloads the snippet *relpath* (relative to the page *docname*)."""
    return addnodes.download_reference(
        "", "", nodes.literal("", Path(relpath).name), reftarget=relpath, refdoc=docname,
        refdomain="", reftype="download", refexplicit=True)


def check_outputs(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: compare each snippet cell's output with its expected block."""
    docname = app.env.docname
    for cell, _, path, _ in snippet_cells(app, doctree):
        shown = Path(os.path.relpath(path, Path(app.srcdir).parent))
        error = _cell_error(cell)
        if error:
            line, last = error
            where = f"{shown}:{line}" if line else str(shown)
            if last.startswith("KeyboardInterrupt"):
                limit = app.config.nb_execution_timeout
                problem = f"did not finish within {limit} s (nb_execution_timeout) and was stopped"
            else:
                problem = f"the snippet raised {last}"
            _report(app, docname, f"{docname}: {where}: {problem}", location=cell)
            continue
        stderr = _drop_startup_logs(cell)
        if stderr:
            _report(app, docname, f"{docname}: {shown}: wrote to stderr, which shows on the page:\n"
                    f"{textwrap.indent(stderr, '    ')}", location=cell)
        try:
            snip = snippets.load(path)
            snippets.check_output(dataclasses.replace(snip, path=shown), _cell_stream(cell, "stream"))
        except snippets.SnippetError as err:
            _report(app, docname, f"{docname}: {err}", location=cell)
        else:
            cell["snippet_checked"] = not stderr  # passed: snippetkit.provenance marks it


ARCHIVE = "lesson-snippets.zip"
NOTEBOOKS = "_notebooks"


def add_downloads(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: end a page that runs code with links to download it.

    The page as a notebook (executed, as the build ran it), each of its
    snippets as a ``.py`` file, and every snippet of the lesson as one zip.
    Runs before Sphinx collects download links, so the files are copied.
    """
    docname = app.env.docname
    files = list(dict.fromkeys(found.relpath for found in snippet_cells(app, doctree)))
    if not files:
        return
    up = "../" * docname.count("/")
    items = nodes.bullet_list()

    def item(*children):
        items.append(nodes.list_item("", nodes.paragraph("", "", *children)))

    item(nodes.Text("This page as a Jupyter notebook: "),
         nodes.reference("", f"{Path(docname).name}.ipynb", refuri=f"{up}{NOTEBOOKS}/{docname}.ipynb"))
    links = []
    for relpath in files:
        if links:
            links.append(nodes.Text(", "))
        links.append(download_link(relpath, docname))
    item(nodes.Text("Its examples as Python files: "), *links)
    item(nodes.Text("Every example of the lesson: "), nodes.reference("", ARCHIVE, refuri=f"{up}{ARCHIVE}"))
    box = nodes.container(classes=["snippet-downloads"])
    box += nodes.rubric("", "Run it yourself")
    box += items
    doctree += box


def write_downloads(app: Sphinx, exception) -> None:
    """``build-finished``: ship the executed notebooks and the zip of all snippets."""
    if exception or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    executed = outdir.parent / "jupyter_execute"
    for docname in app.env.found_docs:
        notebook = executed / f"{docname}.ipynb"
        if notebook.is_file():
            target = outdir / NOTEBOOKS / f"{docname}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(download_notebook(notebook, app.env.mystnb_config.execution_cache_path),
                              encoding="utf-8")
    root = Path(app.srcdir).parent
    with zipfile.ZipFile(outdir / ARCHIVE, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in snippets.discover(root / "snippets"):
            info = zipfile.ZipInfo(str(path.relative_to(root)), date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())


def download_notebook(path: Path, cache_path: str) -> str:
    """The notebook a learner downloads: the page's code cells with the outputs the build got.

    myst-nb writes the page's notebook with outputs when it executes it, but without them
    when it takes them from the cache, and with new random cell ids each time it reads the
    page. So the outputs are taken from the cache in both cases, and the ids are numbered:
    the same page gives the same file on every build. TensorFlow's start-up notice is dropped
    from the stderr outputs, as it is from the page.
    """
    import nbformat
    from jupyter_cache import get_cache

    notebook = nbformat.read(path, as_version=4)
    with contextlib.suppress(KeyError):  # no cache record: a page whose run failed
        _, notebook = get_cache(cache_path).merge_match_into_notebook(notebook)
    for number, cell in enumerate(notebook.cells, 1):
        cell.id = f"cell-{number}"
        for output in cell.get("outputs", []):
            if output.get("name") == "stderr":
                output.text = snippets.without_startup_logs(output.text)
        if "outputs" in cell:
            cell.outputs = [out for out in cell.outputs if out.get("output_type") != "stream" or out.text]
    return nbformat.writes(notebook) + "\n"


def reread_failing(app, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: a page that failed a check is read again next build."""
    return [doc for doc in _failing(env) if doc not in removed]


def purge(app, env, docname) -> None:
    _failing(env).pop(docname, None)


def merge(app, env, docnames, other) -> None:
    _failing(env).update({d: m for d, m in _failing(other).items() if d in docnames})


def quiet_kernels(outdir: Path) -> None:
    """Make the notebook kernels (which inherit this environment) quiet.

    No TensorFlow start-up logs in cell outputs, and no kernel log lines (such
    as ipykernel's note on TCP transport) in the build log, so a real warning
    stands out. The kernels also get an IPython profile of their own, free of
    whatever the machine's user has configured.
    """
    os.environ.update(snippets.QUIET_ENV)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    profile = outdir.parent / ".ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text('c.IPKernelApp.log_level = "ERROR"\n')
    os.environ["IPYTHONDIR"] = str(profile.parent)


def visit_hidden_cell(self, node) -> None:
    """myst-nb's collapsed cell (a solution), whose summary is named by what it shows.

    myst-nb labels every such summary "Toggle hidden content"; the label replaces the text a reader
    sees ("Show the solution") as its accessible name, so speech input and screen readers disagree
    with the screen (WCAG 2.5.3; axe-core's label-content-name-mismatch). Without the label the
    summary's name is its visible text.
    """
    start = len(self.body)
    visit_HideCellInput(self, node)
    self.body[start:] = [part.replace('<summary aria-label="Toggle hidden content">', "<summary>")
                         for part in self.body[start:]]


def setup(app: Sphinx) -> dict:
    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_HideCellInput))
    quiet_kernels(Path(app.outdir))
    app.connect("source-read", expand_source)
    app.connect("doctree-read", check_outputs)
    app.connect("doctree-read", add_downloads, priority=400)  # before Sphinx collects downloads
    app.connect("build-finished", write_downloads)
    app.connect("env-get-outdated", reread_failing)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
