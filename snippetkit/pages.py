"""Sphinx extension: the pages that embed snippets.

* every ``{code-cell}`` with ``:load: <snippet>`` becomes a dependency of its
  page, so editing the snippet re-reads the page and re-executes it (myst-nb
  alone serves the old output from its cache: executablebooks/MyST-NB#621); a
  ``:load:`` of a missing file is an error naming the page;
* an ``{exercise} <snippet>`` fence shows the exercise as the learner gets it
  (blanks and hints, or an outline) followed by a collapsed, executed solution
  derived from the same file (see :mod:`snippetkit.snippetfile`);
* :func:`snippet_cells` finds a page's snippet cells again after myst-nb
  executed them, for the checks, results, downloads, runners and provenance.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from docutils import nodes
from sphinx.application import Sphinx

from . import (
    checks,  # (checks calls snippet_cells of this module: module imports, no cycle)
    messages,
    snippetfile,
)

# A top-level fence: ```{code-cell} ...``` or ```{exercise} path```.
_FENCE = re.compile(
    r"^(?P<fence>`{3,})\{(?P<name>code-cell|exercise)\}(?P<arg>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)

_LOAD = re.compile(r"^:?load:\s*(?P<path>\S+)\s*$", re.MULTILINE)  # `:load: x` or YAML `load: x`


def _snippet_relpath(match: re.Match) -> str | None:
    """The snippet file a :data:`_FENCE` match runs, as the page names it; None for a code cell
    that loads none."""
    if match["name"] == "exercise":
        return match["arg"].strip()
    load = _LOAD.search(match["body"])
    return load["path"] if load else None


def snippet_paths(source: str) -> list[str]:
    """The snippet files a page's source runs, as it names them (relative to the page), in order.

    >>> snippet_paths("```{code-cell} ipython3\\n:load: ../snippets/a.py\\n```\\n\\n"
    ...               "```{code-cell} ipython3\\nprint(1)\\n```\\n\\n```{exercise} ../snippets/b.py\\n```\\n")
    ['../snippets/a.py', '../snippets/b.py']
    """
    return [relpath for match in _FENCE.finditer(source) if (relpath := _snippet_relpath(match)) is not None]


def _fence(code: str) -> str:
    """A backtick fence longer than any run of backticks inside *code*."""
    return "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", code)), default=0))


def _exercise_cells(ident: str, snip: snippetfile.Snippet) -> str:
    """The handout as plain code (named *ident*), then the solution as a collapsed, executed cell.

    Both carry *ident*, the exercise's key in the page's :class:`Record`: the runner finds the
    hand-out of a solution by it.
    """
    handout = snip.handout().rstrip("\n")
    solution = snip.solution(for_display=True).rstrip("\n")
    hints = hints_html(snip.hints())
    return (
        f"{_fence(handout)}{{code-block}} python\n:class: exercise-handout\n:name: {ident}\n"
        f"{handout}\n{_fence(handout)}\n\n"
        + (f"```{{raw}} html\n{hints}\n```\n\n" if hints else "")
        + f"{_fence(solution)}{{code-cell}} ipython3\n"
        f"---\nexercise: {ident}\ntags: [hide-cell]\n"
        "mystnb: {code_prompt_show: Show the solution, code_prompt_hide: Hide the solution}\n---\n"
        f"{solution}\n{_fence(solution)}"
    )


def hints_html(hints: list[snippetfile.Hint]) -> str:
    """The exercise's hints, folded behind "Show hints" ("Show hint" for one blank), each in two
    steps: the idea for the blank's line (its pointer), then, behind a second click, the code.

    >>> print(hints_html([snippetfile.Hint(6, "keep positives", "max(0.0, x)")]))
    <details class="exercise-hints"><summary>Show hint</summary><ol class="exercise-hint-steps">\
<li><p>Line 6: keep positives</p><details class="exercise-hint-code"><summary>Show the code for \
line 6</summary><p>Line 6: replace <code>___</code> with <code>max(0.0, x)</code></p></details>\
</li></ol></details>
    """
    if not hints:
        return ""
    items = "".join(
        f"<li><p>Line {h.line}: {html.escape(h.pointer)}</p>"
        f'<details class="exercise-hint-code"><summary>Show the code for line {h.line}</summary>'
        f"<p>Line {h.line}: replace <code>___</code> with <code>{html.escape(h.text)}</code></p>"
        "</details></li>"
        for h in hints
    )
    return (
        f'<details class="exercise-hints"><summary>{hints_label(len(hints))}</summary>'
        f'<ol class="exercise-hint-steps">{items}</ol></details>'
    )


def hints_label(count: int) -> str:
    """The hints' button, as the page and the runner's message name it."""
    return "Show hint" if count == 1 else "Show hints"


class Entry(NamedTuple):
    """One snippet a page runs, loaded once when the page is read."""

    relpath: str  # the file as the page names it, relative to the page
    path: Path  # the file, absolute
    snippet: snippetfile.Snippet


def records(env) -> dict[str, dict[str, Entry]]:
    """Per page, its snippets: ``{docname: {key: Entry}}``; the key is a ``:load:`` path or an exercise id."""
    if not hasattr(env, "snippetkit_records"):
        env.snippetkit_records = {}
    return env.snippetkit_records


def expand_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: load the page's snippets into its record, note them as dependencies,
    expand ``{exercise}`` fences."""
    env = app.env
    page = Path(env.doc2path(docname))
    record = records(env)[docname] = {}

    def replace(match: re.Match) -> str:
        relpath = _snippet_relpath(match)
        if relpath is None:
            return match[0]
        target = (page.parent / relpath).resolve()
        if not target.is_file():
            checks.report(
                app, docname, messages.NOT_FOUND.format(page=docname, relpath=relpath, target=target)
            )
            return f"```{{error}}\nMissing snippet file: {relpath}\n```"
        env.note_dependency(str(target))
        try:
            snip = snippetfile.load(target)
        except snippetfile.SnippetError as err:
            checks.report(app, docname, f"{docname}: {err}")
            return (
                f"```{{error}}\n{relpath}: malformed snippet\n```"
                if match["name"] == "exercise"
                else match[0]
            )
        if match["name"] == "code-cell":
            record[relpath] = Entry(relpath, target, snip)
            return match[0]
        if not snip.is_exercise:
            checks.report(
                app,
                docname,
                messages.NOT_AN_EXERCISE.format(
                    page=docname, relpath=relpath, start=snippetfile.REGION_START
                ),
            )
        ident = f"exercise-{target.stem.replace('_', '-')}"
        record[ident] = Entry(relpath, target, snip)
        return _exercise_cells(ident, snip)

    source[0] = _FENCE.sub(replace, source[0])


class SnippetCell(NamedTuple):
    """A code cell of a page that runs a snippet file."""

    cell: nodes.Element
    relpath: str  # the file as the page names it, relative to the page
    path: Path  # the file, absolute
    loaded: bool  # a ``:load:`` cell; else the solution cell of an ``{exercise}``
    snippet: snippetfile.Snippet
    exercise: str | None = None  # an exercise's id: its hand-out is the node with this id


def snippet_cells(app: Sphinx, doctree: nodes.document) -> Iterator[SnippetCell]:
    """The page's code cells that run a snippet file, in page order, with the snippet as loaded."""
    record = records(app.env).get(app.env.docname, {})
    for cell in list(doctree.findall(nodes.container)):
        if cell.get("nb_element") != "cell_code":
            continue
        meta = cell.get("cell_metadata", {})
        key = meta.get("load") or meta.get("exercise")
        if key in record:
            entry = record[key]
            yield SnippetCell(
                cell, entry.relpath, entry.path, "load" in meta, entry.snippet, meta.get("exercise")
            )


def purge(app, env, docname) -> None:
    records(env).pop(docname, None)


def merge(app, env, docnames, other) -> None:
    records(env).update({d: r for d, r in records(other).items() if d in docnames})


def setup(app: Sphinx) -> dict:
    app.connect("source-read", expand_source)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
