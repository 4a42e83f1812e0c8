"""The executed snippet cell: read once from myst-nb's doctree, judged once, handed on as data.

After myst-nb executed a page, each of its code cells is a container in the doctree (its
``nb_element`` is ``cell_code``) holding its outputs as literal blocks: ``output stream``
(stdout), ``output stderr``, or a ``traceback``. :func:`read` is the one reader of them. For
each cell that runs a snippet of the page (:class:`snippetkit.pages.Entry`) it makes one
:class:`Cell`: the snippet, the node, what it printed, the error it ended with, and the verdict,
the check of :mod:`snippetkit.checker` worded as in the tests (:mod:`snippetkit.messages`).
Downloads, runners, results and provenance take these records from :mod:`snippetkit.pipeline`;
none of them reads an output block or a flag on a node.

Reading drops TensorFlow's start-up notice from a cell's stderr, in the doctree too
(:data:`snippetkit.execute.STARTUP_LOGS`): a learner's terminal shows it, the page does not.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

from docutils import nodes

from . import checker, execute, messages, snippetfile
from .pages import Entry
from .upstream.kernels import TIMED_OUT


@dataclasses.dataclass(frozen=True)
class Error:
    """The error a cell ended with."""

    line: int | None  # the line of the snippet file it came from
    last: str  # the traceback's last line: ``ValueError: ...``
    traceback: str  # IPython's, without colour codes, naming the file's lines


@dataclasses.dataclass(frozen=True)
class Cell:
    """One executed code cell of a page that runs a snippet file, and its verdict."""

    node: nodes.Element  # the cell in the doctree: the place to add to, and the warnings' location
    relpath: str  # the file as the page names it, relative to the page
    path: Path  # the file, absolute
    shown: Path  # the file relative to the project, as messages and the site name it
    loaded: bool  # a ``:load:`` cell; else the solution cell of an ``{exercise}``
    snippet: snippetfile.Snippet
    exercise: str | None  # an exercise's id: its hand-out is the node with this id
    stdout: str
    stderr: str  # with the start-up notice dropped
    error: Error | None
    problems: tuple[str, ...]  # the failure messages; none when it passed

    @property
    def passed(self) -> bool:
        """It ran, wrote no stderr and printed its expected output."""
        return not self.problems


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def stream(cell: nodes.Element, name: str) -> str:
    """The text a cell wrote to *name* ("stream" is stdout, or "stderr")."""
    parts = []
    for block in cell.findall(nodes.literal_block):
        classes = set(block.get("classes", []))
        if "output" in classes and name in classes:
            parts.append(block.astext())
    text = "".join(parts)
    return text if not text or text.endswith("\n") else text + "\n"


def _error(cell: nodes.Element, snippet: snippetfile.Snippet, shown: Path, loaded: bool) -> Error | None:
    """The error a cell ended with, if it raised: IPython's traceback of the cell's own frames,
    with the cell's lines turned into the file's."""
    for block in cell.findall(nodes.literal_block):
        if "traceback" in block.get("classes", []):
            text = _ANSI.sub("", block.astext()).strip()
            last = text.splitlines()[-1]
            lines = re.findall(r"^Cell In\[\d+\], line (\d+)", text, re.MULTILINE)
            line = int(lines[-1]) if lines else None
            if line is not None:
                line = snippet.file_line(line, shown=not loaded)
                text = re.sub(r"^Cell In\[\d+\], line \d+", f"{shown}, line {line}", text, flags=re.M)
            return Error(line, last, text)
    return None


def _drop_startup_logs(cell: nodes.Element) -> str:
    """Remove TensorFlow's start-up notices from the cell's stderr; return what is left of it."""
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
    return stream(cell, "stderr")


def verdict(
    docname: str,
    shown: Path,
    snippet: snippetfile.Snippet,
    stdout: str,
    stderr: str,
    error: Error | None,
    timeout: float,
) -> tuple[str, ...]:
    """Why the cell failed, each as the build's warning says it; none when it passed.

    An error is the one problem (what it printed then means nothing). Else stray stderr is
    one, and output that differs from the expected block another.
    """
    if error:
        where = f"{shown}:{error.line}" if error.line else str(shown)
        if error.last.startswith(("KeyboardInterrupt", TIMED_OUT)):  # stopped at the time limit
            problem = messages.TIMEOUT.format(file=where, seconds=timeout)
        else:
            raised = messages.RAISED.format(where=where, how="", error=error.last)
            problem = f"{raised}\n{messages.indent(error.traceback)}"
        return (f"{docname}: {problem}",)
    problems = []
    if stderr:
        problems.append(f"{docname}: {messages.STDERR.format(file=shown, stderr=messages.indent(stderr))}")
    try:
        checker.check_output(dataclasses.replace(snippet, path=shown), stdout)
    except snippetfile.SnippetError as err:
        problems.append(f"{docname}: {err}")
    return tuple(problems)


def read(
    doctree: nodes.document, entries: dict[str, Entry], docname: str, root: Path, timeout: float
) -> list[Cell]:
    """The page's code cells that run one of its snippets (*entries*, by key), in page order.

    *root* is the project (paths are shown relative to it); *timeout* is the cell timeout the
    build ran with (a timeout's message names it).
    """
    found = []
    for node in list(doctree.findall(nodes.container)):
        if node.get("nb_element") != "cell_code":
            continue
        meta = node.get("cell_metadata", {})
        key = meta.get("load") or meta.get("exercise")
        if key not in entries:
            continue
        entry = entries[key]
        loaded = "load" in meta
        shown = Path(os.path.relpath(entry.path, root))
        error = _error(node, entry.snippet, shown, loaded)
        stderr = _drop_startup_logs(node)
        stdout = stream(node, "stream")
        problems = verdict(docname, shown, entry.snippet, stdout, stderr, error, timeout)
        found.append(
            Cell(
                node,
                entry.relpath,
                entry.path,
                shown,
                loaded,
                entry.snippet,
                meta.get("exercise"),
                stdout,
                stderr,
                error,
                problems,
            )
        )
    return found
