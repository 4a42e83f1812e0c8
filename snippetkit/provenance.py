"""Sphinx extension: where each checked output on a page comes from.

* **The mark.** Under the output of every snippet cell that passed its check
  (:func:`snippetkit.checks.check_outputs`), examples and exercise
  solutions alike, a short line says so and what with: "✓ Output checked ·
  TensorFlow 2.21.0 · Keras 3.15.1 · NumPy 2.4.6 · Python 3.11.7 · 2026-11-25".
  A learner whose last digit differs sees which versions printed this one.
* **The record.** The versions are those of the kernel that executed the page:
  every kernel the build starts runs a startup file (in the build's own IPython
  profile, :func:`snippetkit.checks.quiet_kernels`) that adds them to the
  kernel's ``language_info``. Jupyter stores that in the executed notebook, and
  jupyter-cache keeps it with the outputs, so a page taken from the cache shows
  the versions, and the date, of the run that produced its outputs, not of
  today's environment. The date is myst-nb's execution record for the page
  (the one ``{nb-exec-table}`` shows). A cached page executed before this
  extension existed has no versions recorded: it shows the build's own (the
  kernel runs in the same environment).
* **The table.** ``{snippet-provenance}`` on a page (the execution statistics)
  lists every snippet cell of the site: file, page, passed, versions, date. It
  is filled when the page is written, after every page has been read.
* **The fold.** Next to the real output, an example need not show its
  ``# Expected output:`` block too: in a ``:load:`` cell's code it is folded
  behind a button ("Expected output (3 lines)", ``aria-expanded``), collapsed
  by default. The lines stay in the code block, only hidden: the copy button
  (sphinx-copybutton copies the text of a detached clone, hidden lines
  included; the button itself is excluded), the "Copy code" button of an
  example that cannot run in the browser (runner.js) and the downloaded file
  keep them.
  Exercises keep the block in view: the learner checks against it. Without
  JavaScript nothing is folded.
"""

from __future__ import annotations

import html
import inspect
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

from . import snippetfile
from .pages import snippet_cells

#: The key under the kernel's ``language_info`` that holds the versions.
KEY = "snippetkit_versions"
STARTUP = "50-snippetkit-versions.py"
#: What the copy button leaves out of a code block (added to ``copybutton_exclude``).
TOGGLE = "expected-toggle"


def installed_versions() -> dict[str, str]:
    """TensorFlow, Keras, NumPy and Python versions of the running interpreter's environment.

    From the installed packages' metadata, without importing them (this runs in
    every kernel the build starts). Self-contained: its source is the kernels'
    startup file.
    """
    import importlib.metadata
    import platform

    found = {}
    for name, dists in (
        (
            "TensorFlow",
            (
                "tensorflow",
                "tensorflow-cpu",
                "tensorflow-intel",
                "tensorflow-macos",
                "tf-nightly",
                "tf-nightly-cpu",
            ),
        ),
        ("Keras", ("keras", "keras-nightly")),
        ("NumPy", ("numpy",)),
    ):
        for dist in dists:
            try:
                found[name] = importlib.metadata.version(dist)
                break
            except importlib.metadata.PackageNotFoundError:
                pass
    found["Python"] = platform.python_version()
    return found


def startup_script() -> str:
    """The kernels' startup file: the versions into ``language_info``, no name left behind."""
    return (
        "# Written by snippetkit.provenance: record the versions this kernel runs with.\n\n"
        f"{inspect.getsource(installed_versions)}\n\n"
        "def _snippetkit_record():\n"
        "    kernel = getattr(get_ipython(), 'kernel', None)\n"
        "    if kernel is not None:\n"
        f"        kernel.language_info = {{**kernel.language_info, {KEY!r}: installed_versions()}}\n\n\n"
        "_snippetkit_record()\n"
        "del _snippetkit_record, installed_versions\n"
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


def _records(env) -> dict[str, list[dict]]:
    if not hasattr(env, "snippetkit_provenance"):
        env.snippetkit_provenance = {}
    return env.snippetkit_provenance


# -- the mark -----------------------------------------------------------------------------------


def mark_html(versions: dict[str, str], date: str | None) -> str:
    """The line under a checked output. Screen readers hear "Output checked with TensorFlow 2.21.0,
    Keras 3.15.1, ..., on 2026-11-25": the tick and the dots are for the eye only."""
    dot = '<span aria-hidden="true"> · </span>'
    items = [
        f'<span class="provenance-item">{html.escape(name)} {html.escape(version)}</span>'
        for name, version in versions.items()
    ]
    if date:
        items.append(
            f'<span class="visually-hidden">on </span>'
            f'<time class="provenance-item" datetime="{date}">{date}</time>'
        )
    return (
        '<p class="snippet-provenance"><span class="provenance-tick" aria-hidden="true">✓</span> '
        'Output checked<span class="visually-hidden"> with </span>'
        + dot
        + f'<span class="visually-hidden">, </span>{dot}'.join(items)
        + "</p>\n"
    )


class folded_code(nodes.General, nodes.Element):
    """A ``:load:`` cell's code (its one child, a literal block) with the expected block folded."""


def _fold(cell: nodes.Element, ident: str, snip: snippetfile.Snippet) -> None:
    """Wrap the cell's code (the snippet file, as ``:load:`` shows it) in a :class:`folded_code`
    that folds its expected-output block."""
    source = next((child for child in cell.children if child.get("nb_element") == "cell_code_source"), None)
    if source is None or not source.children or not isinstance(source[0], nodes.literal_block):
        return
    code = source[0]
    if snip.no_output:
        return  # one line that says why nothing is printed: nothing to fold
    expected, header = snip.expected, snip.expected_line
    lines = code.astext().rstrip("\n").count("\n") + 1
    wrapper = folded_code(fold_start=header - 1, fold_lines=expected.count("\n"), lines=lines, ident=ident)
    source.replace(code, wrapper)
    wrapper += code


def fold_html(markup: str, start: int, lines: int, count: int, ident: str) -> str:
    """Fold the highlighted code *markup* from its 0-based line *start* to the end (see :func:`_fold`).

    >>> code = '<div class="highlight"><pre><span></span>x = 1\\n\\n# Expected output:\\n# 1\\n</pre></div>'
    >>> fold_html(code, 2, 4, 1, 'f1')  # doctest: +NORMALIZE_WHITESPACE
    '<div class="highlight"><pre><span></span>x = 1\\n\\n<button type="button" class="expected-toggle"
    aria-expanded="false" aria-controls="f1">Expected output (1 line)</button><span class="expected-fold"
    id="f1"># Expected output:\\n# 1\\n</span></pre></div>'
    """
    head, pre, rest = markup.partition("<pre>")
    body, end, tail = rest.partition("</pre>")
    rows = body.split("\n")
    if not pre or not end or len(rows) != lines + 1 or not 0 < start < lines:
        return markup  # not what Pygments writes for this code: show it unfolded
    button = (
        f'<button type="button" class="{TOGGLE}" aria-expanded="false" aria-controls="{ident}">'
        f"Expected output ({count} line{'' if count == 1 else 's'})</button>"
    )
    return (
        head
        + pre
        + "".join(row + "\n" for row in rows[:start])
        + button
        + f'<span class="expected-fold" id="{ident}">'
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
    self.body[start:] = [
        fold_html(
            "".join(self.body[start:]), node["fold_start"], node["lines"], node["fold_lines"], node["ident"]
        )
    ]
    raise nodes.SkipNode


def _pass(self, node) -> None:
    pass


def mark_outputs(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: mark each checked output, record every snippet cell, fold the examples."""
    env = app.env
    docname = env.docname
    root = Path(app.srcdir).parent
    versions, date = page_versions(env, docname), page_date(env, docname)
    records = []
    for number, (cell, _, path, loaded, snip, _) in enumerate(snippet_cells(app, doctree), 1):
        passed = bool(cell.get("snippet_checked"))
        records.append(
            {
                "file": Path(os.path.relpath(path, root)).as_posix(),
                "solution": not loaded,
                "passed": passed,
                "versions": versions,
                "date": date,
            }
        )
        if passed:
            mark = nodes.raw("", mark_html(versions, date), format="html")
            outputs = [child for child in cell.children if child.get("nb_element") == "cell_code_output"]
            (outputs[-1] if outputs else cell).append(mark)
        if loaded:
            _fold(cell, f"snippetkit-fold-{number}", snip)
    if records:
        _records(env)[docname] = records
    else:
        _records(env).pop(docname, None)


# -- the table of every snippet ---------------------------------------------------------------------


class provenance_table(nodes.General, nodes.Element):
    """Where ``{snippet-provenance}`` puts the table, once every page is read."""


class ProvenanceTable(SphinxDirective):
    """``{snippet-provenance}``: a table of every snippet cell of the site and what checked it."""

    def run(self) -> list[nodes.Node]:
        _tables(self.env).add(self.env.docname)
        return [provenance_table()]


def _tables(env) -> set[str]:
    if not hasattr(env, "snippetkit_provenance_tables"):
        env.snippetkit_provenance_tables = set()
    return env.snippetkit_provenance_tables


def versions_text(versions: dict[str, str]) -> str:
    return ", ".join(f"{name} {version}" for name, version in versions.items())


def _shown_file(record: dict, docname: str) -> str:
    """A snippet as the table names it: in the page's own folder, by its name alone."""
    path = record["file"]
    if posixpath.dirname(path) == f"snippets/{docname}":
        path = posixpath.basename(path)
    return path


def make_table(env, here: str) -> nodes.table:
    """One row per snippet cell; a page's name, and its run's versions and day, span its rows."""
    headers = ["Page", "Snippet", "Output", "Checked with"]  # versions and day in one: fits a phone
    table = nodes.table(classes=["colwidths-auto", "snippet-provenance-table"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    group.extend(nodes.colspec(colwidth=1) for _ in headers)
    head = nodes.row()
    head.extend(nodes.entry("", nodes.paragraph(text=text)) for text in headers)
    group += nodes.thead("", head)
    body = nodes.tbody()
    group += body
    for docname, records in sorted(_records(env).items()):
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
        run = [(record["versions"], record["date"]) for record in records]
        for number, record in enumerate(records):
            row = nodes.row(classes=[] if number else ["page-start"])
            if number == 0:
                row += nodes.entry("", nodes.paragraph("", "", link), morerows=len(records) - 1)
            snippet = nodes.paragraph("", "", nodes.literal(text=_shown_file(record, docname)))
            if record["solution"]:
                snippet += nodes.Text(" (solution)")
            row += nodes.entry("", snippet)
            row += nodes.entry(
                "",
                nodes.paragraph(
                    text="✓ passed" if record["passed"] else "✗ failed", classes=["provenance-result"]
                ),
            )
            if not number or run[number - 1] != run[number]:
                same = 1  # the rows from here that were checked with the same, on the same day
                while number + same < len(records) and run[number + same] == run[number]:
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


def tables_to_update(app: Sphinx, env) -> list[str]:
    """``env-updated``: a page was read or removed, so the pages with a table are written again."""
    return sorted(_tables(env)) if getattr(env, "snippetkit_provenance_changed", False) else []


def reset_changed(app, env, added, changed, removed) -> list[str]:
    env.snippetkit_provenance_changed = False
    return []


def purge(app, env, docname) -> None:
    env.snippetkit_provenance_changed = True
    _records(env).pop(docname, None)
    _tables(env).discard(docname)


def merge(app, env, docnames, other) -> None:
    _records(env).update({d: r for d, r in _records(other).items() if d in docnames})
    _tables(env).update(d for d in _tables(other) if d in docnames)


# -- page assets ------------------------------------------------------------------------------------

#: In the page's head: folds are collapsed from the first paint (the class), and a button
#: toggles its fold (CSS shows the lines after a button with aria-expanded="true").
FOLD_SCRIPT = (
    "document.documentElement.classList.add('snippet-folds');"
    "document.addEventListener('click',e=>{const b=e.target.closest&&"
    f"e.target.closest('button.{TOGGLE}');"
    "if(b)b.setAttribute('aria-expanded',b.getAttribute('aria-expanded')!=='true')});"
)


def add_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: the mark's and the fold's styles, and the fold's script, where used."""
    if doctree is None:
        return
    folds = any(doctree.findall(folded_code))
    table = any("snippet-provenance-table" in node["classes"] for node in doctree.findall(nodes.table))
    if folds or table or pagename in _records(app.env):
        app.add_css_file("provenance/provenance.css")
    if folds:
        app.add_js_file(None, body=FOLD_SCRIPT)


def configure(app: Sphinx, config) -> None:
    """``config-inited``: the copy button leaves the fold's button out."""
    exclude = [part.strip() for part in (config.copybutton_exclude or "").split(",") if part.strip()]
    if f".{TOGGLE}" not in exclude:
        config.copybutton_exclude = ", ".join([*exclude, f".{TOGGLE}"])


def setup(app: Sphinx) -> dict:
    app.setup_extension("snippetkit.settings")  # the static files
    app.setup_extension("snippetkit.checks")  # the snippet cells and their check
    app.setup_extension("sphinx_copybutton")
    app.add_node(
        folded_code,
        html=(visit_folded_code_html, _pass),
        **{builder: (_pass, _pass) for builder in ("latex", "text", "man", "texinfo")},
    )
    app.add_node(provenance_table)
    app.add_directive("snippet-provenance", ProvenanceTable)
    app.add_post_transform(FillProvenanceTables)
    app.connect("config-inited", configure, priority=400)  # before sphinx-copybutton reads it
    app.connect("builder-inited", record_in_kernels)
    app.connect("doctree-read", mark_outputs, priority=600)  # after check_outputs (500) marked the passes
    app.connect("html-page-context", add_page_assets)
    app.connect("env-get-outdated", reset_changed)
    app.connect("env-updated", tables_to_update)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    # env_version: bump it when the mark's or the fold's markup changes, so every page is read again
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
