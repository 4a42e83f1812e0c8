"""A page's source that embeds snippets: the files it runs, and its ``{exercise}`` fences expanded.

:func:`expand` is pure: it takes the page's Markdown and returns it expanded, with what the
build must know of it (:class:`Expanded`). :mod:`snippetkit.pipeline` calls it at ``source-read``
and does the rest: it keeps the entries, notes the dependencies and reports the problems.

* every ``{code-cell}`` with ``:load: <snippet>`` makes the snippet a dependency of its
  page, so editing the snippet re-reads the page and re-executes it (myst-nb
  alone serves the old output from its cache: executablebooks/MyST-NB#621); a
  ``:load:`` of a missing file is a problem naming the page;
* an ``{exercise} <snippet>`` fence shows the exercise as the learner gets it
  (blanks and hints, or an outline) followed by a collapsed, executed solution
  derived from the same file (see :mod:`snippetkit.snippetfile`).

After myst-nb executed the page, :func:`snippetkit.cells.read` finds these cells again by
the entries' keys.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import NamedTuple

from . import messages, snippetfile

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

    Both carry *ident*, the exercise's key in the page's entries: the runner finds the
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


class Expanded(NamedTuple):
    """A page's source with its ``{exercise}`` fences expanded, and what the build must know of it."""

    source: str
    #: Its snippets, by key: a ``:load:`` path as the page writes it, or an exercise's id.
    entries: dict[str, Entry]
    #: The snippet files its output depends on (a malformed one too: fixing it re-reads the page).
    dependencies: list[Path]
    #: Missing, malformed or misused snippet files, as messages for the author.
    problems: list[str]


def expand(source: str, page: Path, docname: str) -> Expanded:
    """*source*, the Markdown of the page *docname* (the file *page*), with its snippets loaded
    and its ``{exercise}`` fences expanded."""
    entries: dict[str, Entry] = {}
    dependencies: list[Path] = []
    problems: list[str] = []

    def replace(match: re.Match) -> str:
        relpath = _snippet_relpath(match)
        if relpath is None:
            return match[0]
        target = (page.parent / relpath).resolve()
        if not target.is_file():
            problems.append(messages.NOT_FOUND.format(page=docname, relpath=relpath, target=target))
            return f"```{{error}}\nMissing snippet file: {relpath}\n```"
        dependencies.append(target)
        try:
            snip = snippetfile.load(target)
        except snippetfile.SnippetError as err:
            problems.append(f"{docname}: {err}")
            return (
                f"```{{error}}\n{relpath}: malformed snippet\n```"
                if match["name"] == "exercise"
                else match[0]
            )
        if match["name"] == "code-cell":
            entries[relpath] = Entry(relpath, target, snip)
            return match[0]
        if not snip.is_exercise:
            problems.append(
                messages.NOT_AN_EXERCISE.format(page=docname, relpath=relpath, start=snippetfile.REGION_START)
            )
        ident = f"exercise-{target.stem.replace('_', '-')}"
        entries[ident] = Entry(relpath, target, snip)
        return _exercise_cells(ident, snip)

    return Expanded(_FENCE.sub(replace, source), entries, dependencies, problems)
