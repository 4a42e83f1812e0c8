"""Sphinx extension: the build's work on each page that runs snippets, in one place and one order.

A page's snippets pass through two events, and each has one handler here:

* ``source-read``: :func:`snippetkit.pages.expand` loads the page's snippet files and expands
  its ``{exercise}`` fences; their entries go into the page's record (:mod:`snippetkit.records`),
  the files become the page's dependencies, and a missing or malformed file is reported.
* ``doctree-read``, after myst-nb executed the page: :func:`snippetkit.cells.read`, the one
  reader of the executed doctree, turns each snippet cell into a :class:`~snippetkit.cells.Cell`
  with its verdict. Then, in this order, each step gets those records: the failures are
  reported; :mod:`snippetkit.downloads` ends the page with its downloads;
  :mod:`snippetkit.runner` adds a runner (or a note) after each example; :mod:`snippetkit.results`
  fills in or checks the numbers in the prose and returns its problems, reported here; their
  values are kept for the page's notebook; :mod:`snippetkit.verified` makes the note on where
  the outputs were checked, and :mod:`snippetkit.provenance` marks the passed outputs, folds
  the expected blocks and states the page's versions, ending that line with the note.

:func:`report` is the one writer of the failure registry (a page's ``failures``): every
problem is a warning (an error under ``-W``), and a page with one is read again on the next
build until it is fixed.

Not an ``EnvironmentCollector`` (MyST-NB's way): a collector's ``doctree-read`` runs at the
default priority, 500, after Sphinx's own collectors, and its ``DownloadFileCollector`` must
see the download links the downloads and the runners' notes add, so that it copies their
files. This handler runs at :data:`PRIORITY`, before them.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from . import cells, downloads, execute, pages, provenance, records, results, runner, verified

logger = logging.getLogger(__name__)

#: ``doctree-read`` priority: before Sphinx's collectors (500), which collect the download links.
PRIORITY = 400


def report(app: Sphinx, docname: str, message: str, location=None, subtype: str = "check") -> None:
    """Record a problem of *docname* in the failure registry and warn of it."""
    records.of(app.env).page(docname).failures.append(message)
    logger.warning(message, location=location or docname, type="snippet", subtype=subtype)


def read_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: the page's snippets into its record, and its ``{exercise}`` fences expanded."""
    env = app.env
    expanded = pages.expand(source[0], Path(env.doc2path(docname)), docname)
    records.of(env).page(docname).entries = expanded.entries
    for path in expanded.dependencies:
        env.note_dependency(str(path))
    for problem in expanded.problems:
        report(app, docname, problem)
    source[0] = expanded.source


def read_page(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: the page's executed snippet cells, read once, through every step in order."""
    env = app.env
    docname = env.docname
    page = records.of(env).page(docname)
    found = cells.read(doctree, page.entries, docname, Path(app.srcdir).parent, app.config.snippet_timeout)
    for cell in found:
        for problem in cell.problems:
            report(app, docname, problem, location=cell.node)
    downloads.add_downloads(app, doctree, found)
    runner.add_runners(app, doctree, found)
    for problem, node in results.fill_results(app, doctree, found):
        report(app, docname, problem, location=node, subtype="result")
    page.results = results.values(doctree)
    note = verified.page_note_node(app, page.entries)
    page.rows, placed = provenance.mark_outputs(env, doctree, found, note)
    if note is not None and not placed:
        verified.place_note(doctree, note)


def reread_failing(app, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: a page with a problem is read again next build."""
    return [doc for doc, page in records.of(env).pages.items() if page.failures and doc not in removed]


def purge(app, env, docname) -> None:
    records.of(env).purge(docname)


def merge(app, env, docnames, other) -> None:
    records.of(env).merge(docnames, records.of(other))


def setup(app: Sphinx) -> dict:
    execute.configure_kernels(Path(app.outdir))
    for step in ("settings", "downloads", "results", "runner", "provenance", "verified"):
        app.setup_extension(f"snippetkit.{step}")
    app.connect("source-read", read_source)
    app.connect("doctree-read", read_page, priority=PRIORITY)
    app.connect("env-get-outdated", reread_failing)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
