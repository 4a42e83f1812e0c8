"""Sphinx extension: each snippet cell's output checked against its expected block, at build time.

After myst-nb executed a page, every snippet cell's printed output is compared
with the snippet's ``# Expected output:`` block (:mod:`snippetkit.checker`);
a difference, a raised exception, a timeout or stray stderr is a warning (an
error under ``-W``) worded as in the tests (:mod:`snippetkit.messages`), and
the page is re-read on the next build until it is fixed. TensorFlow's start-up
notice is dropped from a cell's stderr first (:data:`snippetkit.execute.STARTUP_LOGS`).
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from . import checker, execute, messages, pages, snippetfile

logger = logging.getLogger(__name__)


def _failing(env) -> dict[str, list[str]]:
    if not hasattr(env, "snippetkit_failing"):
        env.snippetkit_failing = {}
    return env.snippetkit_failing


def report(app: Sphinx, docname: str, message: str, location=None, subtype: str = "check") -> None:
    _failing(app.env).setdefault(docname, []).append(message)
    logger.warning(message, location=location or docname, type="snippet", subtype=subtype)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _cell_error(cell: nodes.Element) -> tuple[int | None, str, str] | None:
    """``(line, last line, traceback)`` of the error a cell ended with, if it raised.

    The traceback is IPython's, of the cell's own frames, without colour codes; *line* is the
    cell's line the error came from.
    """
    for block in cell.findall(nodes.literal_block):
        if "traceback" in block.get("classes", []):
            text = _ANSI.sub("", block.astext()).strip()
            lines = re.findall(r"^Cell In\[\d+\], line (\d+)", text, re.MULTILINE)
            return (int(lines[-1]) if lines else None), text.splitlines()[-1], text
    return None


def cell_stream(cell: nodes.Element, name: str) -> str:
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

    The kernel captures them like any stderr (see :data:`snippetkit.execute.STARTUP_LOGS`);
    a learner's terminal shows them, the page does not.
    """
    for block in list(cell.findall(nodes.literal_block)):
        if {"output", "stderr"} <= set(block.get("classes", [])):
            rest = execute.without_startup_logs(block.astext())
            if rest.strip():
                block.children = [nodes.Text(rest)]
            else:
                parent = block.parent
                parent.remove(block)
                if parent is not cell and not parent.children:
                    parent.parent.remove(parent)
    return cell_stream(cell, "stderr")


def check_outputs(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: compare each snippet cell's output with its expected block."""
    docname = app.env.docname
    for found in pages.snippet_cells(app, doctree):
        cell, path = found.cell, found.path
        shown = Path(os.path.relpath(path, Path(app.srcdir).parent))
        error = _cell_error(cell)
        if error:
            line, last, traceback = error
            if line is not None:
                line = found.snippet.file_line(line, shown=not found.loaded)
                traceback = re.sub(
                    r"^Cell In\[\d+\], line \d+", f"{shown}, line {line}", traceback, flags=re.M
                )
            where = f"{shown}:{line}" if line else str(shown)
            if last.startswith("KeyboardInterrupt"):
                problem = messages.TIMEOUT.format(file=where, seconds=app.config.snippet_timeout)
            else:
                problem = (
                    f"{messages.RAISED.format(where=where, how='', error=last)}\n{messages.indent(traceback)}"
                )
            report(app, docname, f"{docname}: {problem}", location=cell)
            continue
        stderr = _drop_startup_logs(cell)
        if stderr:
            report(
                app,
                docname,
                f"{docname}: {messages.STDERR.format(file=shown, stderr=messages.indent(stderr))}",
                location=cell,
            )
        try:
            checker.check_output(dataclasses.replace(found.snippet, path=shown), cell_stream(cell, "stream"))
        except snippetfile.SnippetError as err:
            report(app, docname, f"{docname}: {err}", location=cell)
        else:
            cell["snippet_checked"] = not stderr  # passed: snippetkit.provenance marks it


def reread_failing(app, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: a page that failed a check is read again next build."""
    return [doc for doc in _failing(env) if doc not in removed]


def purge(app, env, docname) -> None:
    _failing(env).pop(docname, None)


def merge(app, env, docnames, other) -> None:
    _failing(env).update({d: m for d, m in _failing(other).items() if d in docnames})


def setup(app: Sphinx) -> dict:
    execute.configure_kernels(Path(app.outdir))
    app.connect("doctree-read", check_outputs)
    app.connect("env-get-outdated", reread_failing)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
