"""Sphinx extension: where each checked output on a page comes from.

* **The page's line.** Once per page, near its top (after the objectives, or
  else under the title), as keras.io puts it at the top of an example: the
  versions the outputs were printed with and the day, "The outputs on this page
  were printed on 2026-11-25 with TensorFlow 2.21.0, Keras 3.15.1, NumPy 2.4.6 and
  Python 3.11.7." It names only what the page's examples import (TensorFlow
  and Keras for one that imports either, NumPy for one that imports it, and
  Python always): a page of plain-Python examples names Python alone.
* **The mark.** Under the output of every snippet cell that passed its check
  (:attr:`snippetkit.cells.Cell.passed`), examples and exercise
  solutions alike, a short line says what the check means, and nothing more:
  a Font Awesome tick (an icon the site ships, not an emoji) and "Matches the
  file's expected output".
* **The record.** The versions are those of the kernel that executed the page:
  every kernel the build starts runs a startup file (in the build's own IPython
  profile, :func:`snippetkit.execute.configure_kernels`) that adds them to the
  kernel's ``language_info``. Jupyter stores that in the executed notebook, and
  jupyter-cache keeps it with the outputs, so a page taken from the cache shows
  the versions, and the date, of the run that produced its outputs, not of
  today's environment. The date is myst-nb's execution record for the page
  (the one ``{nb-exec-table}`` shows). A cached page executed before this
  extension existed has no versions recorded: it shows the build's own (the
  kernel runs in the same environment).
* **The table.** ``{snippet-provenance}`` on a page (the execution statistics)
  lists every snippet cell of the site: file, page, passed, versions, date. It
  is filled when the page is written, after every page has been read, from the
  rows :func:`mark_outputs` made for each page (kept in :mod:`snippetkit.records`).
* **The code without its block.** The checked output under an example says
  what its ``# Expected output:`` block says, so the code shows without it (and
  without the blank lines before it): those lines stay in the code block, in an
  element with the ``hidden`` attribute, so the copy button (sphinx-copybutton
  copies the text of a detached clone, hidden lines included), the "Copy"
  button of an example that cannot run in the browser (runner.js) and the
  downloaded file keep them. The same goes for an exercise's solution, whose
  output is under it too. An exercise's hand-out keeps its block in view: it is
  the one place the learner sees the output to aim for.
"""

from __future__ import annotations

import html
import os
import posixpath
from datetime import datetime
from pathlib import Path

from docutils import nodes
from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from . import records, snippetfile, versions
from .cells import Cell
from .snippetfile import imported_modules
from .versions import installed_versions

#: The key under the kernel's ``language_info`` that holds the versions.
KEY = "snippetkit_versions"
STARTUP = "50-snippetkit-versions.py"
#: The class of the hidden span holding a code block's expected-output block.
FOLD = "expected-fold"
#: The mark's words (what a passed check means).
MARK_TEXT = "Matches the file's expected output"


def startup_script() -> str:
    """The kernels' startup file: the versions into ``language_info``, no name left behind."""
    return (
        "# Written by snippetkit.provenance: record the versions this kernel runs with.\n\n"
        f"{versions.script()}\n\n"
        "def _snippetkit_record():\n"
        "    kernel = getattr(get_ipython(), 'kernel', None)\n"
        "    if kernel is not None:\n"
        f"        kernel.language_info = {{**kernel.language_info, {KEY!r}: installed_versions()}}\n\n\n"
        "_snippetkit_record()\n"
        "del _snippetkit_record, installed, distributions, installed_versions\n"
    )


def record_in_kernels(app: Sphinx) -> None:
    """``builder-inited``: the startup file into the kernels' IPython profile (execute.configure_kernels)."""
    if not os.environ.get("IPYTHONDIR"):
        return  # kernels with the user's profile: the pages fall back to the build's versions
    startup = Path(os.environ["IPYTHONDIR"]) / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    text = startup_script()
    if not (startup / STARTUP).is_file() or (startup / STARTUP).read_text(encoding="utf-8") != text:
        (startup / STARTUP).write_text(text, encoding="utf-8")


# -- what ran a page ----------------------------------------------------------------------------

_build_versions: dict[str, str] | None = None


def page_versions(env, docname: str) -> dict[str, str]:
    """The versions the kernel that executed *docname* recorded (the build's own if none)."""
    global _build_versions
    info = env.metadata.get(docname, {}).get("language_info") or {}
    versions = info.get(KEY)
    if versions:
        return in_order(versions)
    if _build_versions is None:
        _build_versions = installed_versions()
    versions = dict(_build_versions)
    if info.get("version"):
        versions["Python"] = info["version"]  # the kernel's own word for it
    return in_order(versions)


def in_order(versions: dict[str, str]) -> dict[str, str]:
    """TensorFlow, Keras, NumPy, Python first (a notebook from the cache has its keys sorted)."""
    order = ["TensorFlow", "Keras", "NumPy", "Python"]
    return dict(sorted(versions.items(), key=lambda item: order.index(item[0]) if item[0] in order else 99))


def page_date(env, docname: str) -> str | None:
    """The day *docname* was executed (myst-nb's record; the cached run's, for a cached page)."""
    data = NbMetadataCollector.get_exec_data(env, docname)
    if not data or not data.get("mtime"):
        return None
    return datetime.fromtimestamp(data["mtime"]).strftime("%Y-%m-%d")  # as {nb-exec-table} shows it


# -- the mark -----------------------------------------------------------------------------------


def mark_html() -> str:
    """The line under a checked output: a tick from the theme's Font Awesome (hidden from screen
    readers) and what it means."""
    return (
        '<p class="snippet-provenance">'
        '<i class="fa-solid fa-circle-check provenance-tick" aria-hidden="true"></i> '
        f"{html.escape(MARK_TEXT)}</p>\n"
    )


#: Which versions a page's line names, by what its snippets import (top-level module names).
LIBRARIES = {
    "TensorFlow": {"tensorflow", "keras"},
    "Keras": {"tensorflow", "keras"},
    "NumPy": {"numpy"},
}


def named_versions(versions: dict[str, str], imported: set[str]) -> dict[str, str]:
    """The versions worth naming for a page whose snippets import *imported*: Python always.

    >>> v = {"TensorFlow": "2.21.0", "Keras": "3.15.1", "NumPy": "2.4.6", "Python": "3.11.7"}
    >>> named_versions(v, {"math"})
    {'Python': '3.11.7'}
    >>> list(named_versions(v, {"numpy", "tensorflow"}))
    ['TensorFlow', 'Keras', 'NumPy', 'Python']
    """
    return {
        name: version
        for name, version in versions.items()
        if name not in LIBRARIES or LIBRARIES[name] & imported
    }


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def page_line(versions: dict[str, str], date: str | None, note: nodes.Node | None = None) -> nodes.paragraph:
    """The page's one line on what printed its outputs, and *note* after it (where else the outputs
    were checked, :func:`snippetkit.verified.page_note_node`):

    >>> page_line({"TensorFlow": "2.21.0", "Python": "3.11.7"}, "2026-11-25").astext()
    'The outputs on this page were printed on 2026-11-25 with TensorFlow 2.21.0 and Python 3.11.7; \
with other versions, numbers may differ.'
    """
    para = nodes.paragraph(classes=["page-provenance"])
    para += nodes.Text("The outputs on this page were printed ")
    if date:
        para += nodes.Text("on ")
        para += nodes.inline(text=date, classes=["provenance-date"])
        para += nodes.Text(" ")
    para += nodes.Text("with " + _and([f"{name} {version}" for name, version in versions.items()]))
    para += nodes.Text("; with other versions, numbers may differ.")
    if note is not None:
        para += [nodes.Text(" "), note]
    return para


def place_page_line(doctree: nodes.document, line: nodes.paragraph) -> bool:
    """Put *line* after the page's objectives (an admonition of class ``objectives`` right in its
    first section), or else under its title; ``False`` if the page has no title."""
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        return False
    after = section[0]
    for child in section.children:
        if isinstance(child, nodes.section):
            break
        if isinstance(child, nodes.admonition) and "objectives" in child["classes"]:
            after = child
            break
    section.insert(section.index(after) + 1, line)
    return True


class folded_code(nodes.General, nodes.Element):
    """A snippet cell's code (its one child, a literal block) with the expected block hidden."""


def expected_start(code: str) -> int | None:
    """The 0-based line where *code*'s expected-output block starts, blank lines before it
    included; ``None`` for no block, or one that says the script prints nothing.

    >>> expected_start("x = 1\\nprint(x)\\n\\n# Expected output:\\n# 1\\n")
    2
    >>> expected_start("x = 1\\n# Expected output: none (it only sets x)\\n") is None
    True
    """
    lines = code.rstrip("\n").split("\n")
    headers = [number for number, line in enumerate(lines) if snippetfile.HEADER.match(line)]
    if not headers or snippetfile.HEADER.match(lines[headers[-1]])["rest"]:
        return None
    start = headers[-1]
    while start > 0 and not lines[start - 1].strip():
        start -= 1
    return start if start > 0 else None


def _fold(cell: nodes.Element) -> None:
    """Wrap the cell's code in a :class:`folded_code` that hides its expected-output block."""
    source = next((child for child in cell.children if child.get("nb_element") == "cell_code_source"), None)
    if source is None or not source.children or not isinstance(source[0], nodes.literal_block):
        return
    code = source[0]
    text = code.astext()
    start = expected_start(text)
    if start is None:
        return  # no block, or the one line that says why nothing is printed: keep it
    lines = text.rstrip("\n").count("\n") + 1
    wrapper = folded_code(fold_start=start, lines=lines)
    source.replace(code, wrapper)
    wrapper += code


def fold_html(markup: str, start: int, lines: int) -> str:
    """Hide the highlighted code *markup* from its 0-based line *start* to the end (see :func:`_fold`).

    >>> code = '<div class="highlight"><pre><span></span>x = 1\\n\\n# Expected output:\\n# 1\\n</pre></div>'
    >>> fold_html(code, 1, 4)  # doctest: +NORMALIZE_WHITESPACE
    '<div class="highlight"><pre><span></span>x = 1\\n<span class="expected-fold" hidden>\\n#
    Expected output:\\n# 1\\n</span></pre></div>'
    """
    head, pre, rest = markup.partition("<pre>")
    body, end, tail = rest.partition("</pre>")
    rows = body.split("\n")
    if not pre or not end or len(rows) != lines + 1 or not 0 < start < lines:
        return markup  # not what Pygments writes for this code: show it whole
    return (
        head
        + pre
        + "".join(row + "\n" for row in rows[:start])
        + f'<span class="{FOLD}" hidden>'
        + "\n".join(rows[start:])
        + "</span>"
        + end
        + tail
    )


def visit_folded_code_html(self, node: folded_code) -> None:
    start = len(self.body)
    try:
        self.visit_literal_block(node[0])
    except nodes.SkipNode:
        pass
    else:  # not highlighted in one go (inline markup): undo, and let the code be written unfolded
        del self.body[start:]
        return
    self.body[start:] = [fold_html("".join(self.body[start:]), node["fold_start"], node["lines"])]
    raise nodes.SkipNode


def _pass(self, node) -> None:
    pass


def mark_outputs(
    env, doctree: nodes.document, cells: list[Cell], note: nodes.Node | None = None
) -> tuple[list[dict], bool]:
    """Mark each passed output of the page's *cells*, hide the blocks of the code shown above an
    output, and state the page's versions once (with *note* after them).

    Returns the page's rows of the table, one per cell, and whether the page's line (with
    *note*) was placed.
    """
    docname = env.docname
    versions, date = page_versions(env, docname), page_date(env, docname)
    rows, imported = [], set()
    for cell in cells:
        rows.append(
            {
                "file": cell.shown.as_posix(),
                "solution": not cell.loaded,
                "passed": cell.passed,
                "versions": versions,
                "date": date,
            }
        )
        try:
            imported |= {module.split(".")[0] for module in imported_modules(cell.snippet.solution())}
        except SyntaxError:
            pass
        if cell.passed:
            mark = nodes.raw("", mark_html(), format="html")
            outputs = [child for child in cell.node.children if child.get("nb_element") == "cell_code_output"]
            (outputs[-1] if outputs else cell.node).append(mark)
        _fold(cell.node)
    if not rows:
        return rows, False
    return rows, place_page_line(doctree, page_line(named_versions(versions, imported), date, note))


# -- the table of every snippet ---------------------------------------------------------------------


class provenance_table(nodes.General, nodes.Element):
    """Where ``{snippet-provenance}`` puts the table, once every page is read."""


class ProvenanceTable(SphinxDirective):
    """``{snippet-provenance}``: a table of every snippet cell of the site and what checked it."""

    def run(self) -> list[nodes.Node]:
        records.of(self.env).page(self.env.docname).table = True
        return [provenance_table()]


def versions_text(versions: dict[str, str]) -> str:
    return ", ".join(f"{name} {version}" for name, version in versions.items())


def _shown_file(record: dict, docname: str) -> str:
    """A snippet as the table names it: in the page's own folder, by its name alone."""
    path = record["file"]
    if posixpath.dirname(path) == f"snippets/{docname}":
        path = posixpath.basename(path)
    return path


def headed_table(headers: list[str], css_class: str) -> tuple[nodes.table, nodes.tbody]:
    """An empty table with a row of *headers* (widths as its content needs), and its body to fill."""
    table = nodes.table(classes=["colwidths-auto", css_class])
    group = nodes.tgroup(cols=len(headers))
    table += group
    group.extend(nodes.colspec(colwidth=1) for _ in headers)
    head = nodes.row()
    head.extend(nodes.entry("", nodes.paragraph(text=text)) for text in headers)
    group += nodes.thead("", head)
    body = nodes.tbody()
    group += body
    return table, body


def make_table(env, here: str) -> nodes.table:
    """One row per snippet cell; a page's name, and its run's versions and day, span its rows."""
    headers = ["Page", "Snippet", "Output", "Checked with"]  # versions and day in one: fits a phone
    table, body = headed_table(headers, "snippet-provenance-table")
    pages = records.of(env).pages
    for docname, rows in sorted((docname, page.rows) for docname, page in pages.items() if page.rows):
        link = pending_xref(
            "",
            nodes.inline(text=docname),
            refdoc=here,
            refdomain="std",
            reftype="doc",
            reftarget=posixpath.relpath(docname, posixpath.dirname(here)),
            refexplicit=True,
            refwarn=True,
            classes=["xref", "doc"],
        )
        run = [(record["versions"], record["date"]) for record in rows]
        for number, record in enumerate(rows):
            row = nodes.row(classes=[] if number else ["page-start"])
            if number == 0:
                row += nodes.entry("", nodes.paragraph("", "", link), morerows=len(rows) - 1)
            snippet = nodes.paragraph("", "", nodes.literal(text=_shown_file(record, docname)))
            if record["solution"]:
                snippet += nodes.Text(" (solution)")
            row += nodes.entry("", snippet)
            row += nodes.entry(
                "",
                nodes.paragraph(
                    text="passed" if record["passed"] else "failed", classes=["provenance-result"]
                ),
            )
            if not number or run[number - 1] != run[number]:
                same = 1  # the rows from here that were checked with the same, on the same day
                while number + same < len(rows) and run[number + same] == run[number]:
                    same += 1
                checked = nodes.paragraph(text=versions_text(record["versions"]))
                if record["date"]:
                    checked += [
                        nodes.Text(", on "),
                        nodes.inline(text=record["date"], classes=["provenance-date"]),
                    ]
                row += nodes.entry("", checked, morerows=same - 1)
            body += row
    return table


class FillProvenanceTables(SphinxPostTransform):
    default_priority = 8  # before the references (the page links) are resolved

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(provenance_table)):
            node.replace_self(make_table(self.env, self.env.docname))


#: myst-nb's ``{nb-exec-table}`` marks a page's run with emoji, which need an emoji font.
EXEC_TABLE_WORDS = {"✅": "yes", "❌": "no"}


class PlainExecTable(SphinxPostTransform):
    """myst-nb's execution table with words for its emoji (after myst-nb writes it, at 8)."""

    default_priority = 50

    def run(self, **kwargs) -> None:
        for table in list(self.document.findall(nodes.table)):
            for text in list(table.findall(nodes.Text)):
                if str(text) in EXEC_TABLE_WORDS:
                    text.parent.replace(text, nodes.Text(EXEC_TABLE_WORDS[str(text)]))


def tables_to_update(app: Sphinx, env) -> list[str]:
    """``env-updated``: a page was read or removed, so the pages with a table are written again."""
    kept = records.of(env)
    return sorted(d for d, page in kept.pages.items() if page.table) if kept.changed else []


def reset_changed(app, env, added, changed, removed) -> list[str]:
    records.of(env).changed = False
    return []


# -- page assets ------------------------------------------------------------------------------------


def add_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: the mark's and the page line's styles, where used."""
    if doctree is None:
        return
    table = any("snippet-provenance-table" in node["classes"] for node in doctree.findall(nodes.table))
    page = records.of(app.env).pages.get(pagename)
    if table or (page and page.rows):
        app.add_css_file("provenance/provenance.css")


def setup(app: Sphinx) -> dict:
    app.setup_extension("snippetkit.settings")  # the static files
    app.add_node(
        folded_code,
        html=(visit_folded_code_html, _pass),
        **{builder: (_pass, _pass) for builder in ("latex", "text", "man", "texinfo")},
    )
    app.add_node(provenance_table)
    app.add_directive("snippet-provenance", ProvenanceTable)
    app.add_post_transform(FillProvenanceTables)
    app.add_post_transform(PlainExecTable)
    app.connect("builder-inited", record_in_kernels)
    app.connect("html-page-context", add_page_assets)
    app.connect("env-get-outdated", reset_changed)
    app.connect("env-updated", tables_to_update)
    # env_version: bump it when the mark's or the fold's markup changes, so every page is read again
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
