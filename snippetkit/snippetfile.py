"""The snippet file: what a snippet promises to print, and an exercise's two forms.

A snippet is a plain Python script that ends with the output it prints, written
as a comment block (the lesson's own convention)::

    print(max(0.0, -3.0))

    # Expected output:
    # 0.0

A script
that prints nothing on purpose (one that only draws a figure, say) says so with
``# Expected output: none`` and a reason.

An *exercise* is a snippet with ``___`` blanks; every line with a blank ends
with a pointer to the idea and, in brackets, the code for the blank::

    scale = ___  # -> kept units make up for dropped ones [hint: 1 / (1 - rate)]

The hand-out keeps the pointer and leaves out the bracket: a page's "Show hints"
gives the pointer as a first nudge, then the exact code behind a second click.
Filling each blank with its hint gives the solution, so blanks, hints and solution are one file. The mini
challenge instead marks a solution region (``# --- solution ---``) that the
hand-out replaces with ``# your code here``.

Pure functions of the file's text: no running, no Sphinx. The first step of a
snippet's path (see ``snippetkit/__init__.py``).
"""

from __future__ import annotations

import ast
import dataclasses
import io
import os
import re
import tokenize
from pathlib import Path
from typing import NamedTuple

from . import messages

HEADER = re.compile(r"^#\s*Expected output:\s*(?P<rest>.*?)\s*$")

_NONE = re.compile(r"^none\b")

_HINT = re.compile(r"#\s*->\s*(?P<pointer>.*?)\s*\[hint:\s*(?P<text>.+)\]\s*$")

_BRACKET = re.compile(r"\s*\[hint:.*\]\s*$")

BLANK = "___"


class SnippetError(Exception):
    """A snippet file is malformed, or did not print what it says it prints.

    The message is written for the author: it names the file, the line, what
    was expected and what came out.
    """


@dataclasses.dataclass(frozen=True)
class Snippet:
    """A snippet file and what it promises to print."""

    path: Path
    source: str
    expected: str
    """Exact text the script prints, ``""`` for a no-output snippet."""
    expected_line: int
    """1-based line of the ``# Expected output:`` header."""
    no_output: bool = False

    @property
    def is_exercise(self) -> bool:
        """An exercise: ``___`` blanks to fill, or a solution region to write."""
        return bool(blank_lines(self.source)) or has_solution_region(self.source)

    def handout(self) -> str:
        """The code as the learner gets it: blanks and hints, or the outline."""
        if has_solution_region(self.source):
            return strip_solution(self.source, str(self.path))
        lines = self.source.splitlines(keepends=True)
        for hint in self.hints():
            line = lines[hint.line - 1]
            ending = "\n" if line.endswith("\n") else ""
            lines[hint.line - 1] = _BRACKET.sub("", line.rstrip("\n")) + ending
        return "".join(lines)

    def hints(self) -> list[Hint]:
        """Each blank's hint: its line, the pointer (the first step), the code (the second)."""
        return hints(self.source, str(self.path))

    def solution(self, for_display: bool = False) -> str:
        """The solved code: blanks filled from their hints, or the file itself.

        For display, the solution region's marker comments are left out; to
        run, they stay, so line numbers match the file.
        """
        if blank_lines(self.source):
            return fill_blanks(self.source, str(self.path))
        if for_display:
            return "".join(
                line
                for line in self.source.splitlines(keepends=True)
                if line.strip() not in (REGION_START, REGION_END)
            )
        return self.source

    def file_line(self, line: int, shown: bool = False) -> int:
        """The file's line number of *line* of the solution as run, or as displayed (*shown*).

        Filled blanks keep every line where it is; the displayed solution of a region
        exercise leaves out the region's two marker lines.

        >>> Snippet(Path("c.py"), "a = 1\\n# --- solution ---\\nb = 2\\n# --- end of solution ---\\nc = 3\\n",
        ...         "", 0).file_line(3, shown=True)
        5
        """
        if not shown or not has_solution_region(self.source):
            return line
        kept = [
            number
            for number, text in enumerate(self.source.splitlines(), 1)
            if text.strip() not in (REGION_START, REGION_END)
        ]
        return kept[line - 1] if 0 < line <= len(kept) else line


def parse_expected(source: str, name: str = "<snippet>") -> tuple[str, int, bool]:
    """Return ``(expected text, header line, no_output)`` from a snippet's source.

    >>> parse_expected('print(1)\\n\\n# Expected output:\\n# 1\\n')
    ('1\\n', 3, False)
    >>> parse_expected('x = 1\\n# Expected output:\\n# a\\n#\\n#   b\\n')
    ('a\\n\\n  b\\n', 2, False)
    >>> parse_expected('plot()\\n# Expected output: none (draws a figure)\\n')
    ('', 2, True)
    >>> parse_expected('print(1)\\n', 'demo.py')
    Traceback (most recent call last):
    ...
    snippetkit.snippetfile.SnippetError: demo.py: no '# Expected output:' block at the end of the file; ...
    """
    lines = source.splitlines()
    header = None
    for number, line in enumerate(lines):
        if HEADER.match(line):
            header = number
    if header is None:
        raise SnippetError(messages.NO_BLOCK.format(file=name))
    rest = HEADER.match(lines[header])["rest"]
    body = lines[header + 1 :]
    while body and not body[-1].strip():
        body.pop()
    for offset, line in enumerate(body, start=header + 2):
        if not line.startswith("#"):
            raise SnippetError(messages.CODE_AFTER_BLOCK.format(file=name, line=offset, code=line))
    if _NONE.match(rest):
        if body:
            raise SnippetError(messages.NONE_WITH_LINES.format(file=name, line=header + 1))
        return "", header + 1, True
    if rest:
        raise SnippetError(messages.OUTPUT_ON_HEADER.format(file=name, line=header + 1, header=lines[header]))
    if not body:
        raise SnippetError(messages.EMPTY_BLOCK.format(file=name, line=header + 1))
    text = [line[2:] if line.startswith("# ") else line[1:] for line in body]
    return "\n".join(text) + "\n", header + 1, False


def load(path: str | os.PathLike) -> Snippet:
    """Read a snippet file; raises :class:`SnippetError` if it is malformed."""
    path = Path(path)
    source = path.read_text(encoding="utf-8")
    expected, line, no_output = parse_expected(source, str(path))
    snippet = Snippet(path, source, expected, line, no_output)
    if snippet.is_exercise:
        snippet.solution()  # a blank without a hint is an error now
        snippet.handout()  # ...and so is a broken solution region
    return snippet


REGION_START = "# --- solution ---"

REGION_END = "# --- end of solution ---"

PLACEHOLDER = "# your code here"


def has_solution_region(source: str) -> bool:
    return any(line.strip() == REGION_START for line in source.splitlines())


def strip_solution(source: str, name: str = "<challenge>") -> str:
    """Replace the solution region with ``# your code here``: the outline a learner gets.

    >>> print(strip_solution('# 1. add 1 and 2\\n# --- solution ---\\nprint(1 + 2)\\n'
    ...                      '# --- end of solution ---\\n'), end='')
    # 1. add 1 and 2
    # your code here
    """
    out, inside = [], False
    for number, line in enumerate(source.splitlines(keepends=True), 1):
        marker = line.strip()
        if marker == REGION_START:
            if inside:
                raise SnippetError(messages.NESTED_REGION.format(file=name, line=number))
            inside = True
            out.append(line.replace(REGION_START, PLACEHOLDER))
        elif marker == REGION_END:
            if not inside:
                raise SnippetError(
                    messages.END_WITHOUT_START.format(
                        file=name, line=number, end=REGION_END, start=REGION_START
                    )
                )
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise SnippetError(messages.REGION_NOT_CLOSED.format(file=name, start=REGION_START, end=REGION_END))
    return "".join(out)


def blank_lines(source: str) -> list[int]:
    """1-based numbers of the code lines holding a ``___`` blank (comments ignored).

    >>> blank_lines('# fill in the ___\\nx = ___  # -> one [hint: 1]\\n')
    [2]
    """
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return sorted({tok.start[0] for tok in tokens if tok.type == tokenize.NAME and tok.string == BLANK})


class Hint(NamedTuple):
    """One blank's hint."""

    line: int  # 1-based line of the blank
    pointer: str  # the comment the hand-out keeps: where to look, not the answer
    text: str  # the code that fills the blank


def hints(source: str, name: str = "<exercise>") -> list[Hint]:
    """The hint of every blank, checked: one blank per line, a pointer, and the code for it.

    >>> hints('y = ___  # -> twice the input [hint: x * 2]\\n')
    [Hint(line=1, pointer='twice the input', text='x * 2')]
    >>> hints('y = ___  # -> replace ___ with: x * 2\\n', 'e.py')
    Traceback (most recent call last):
    ...
    snippetkit.snippetfile.SnippetError: e.py:1: a ___ blank needs '# -> <pointer to the idea> ...
    """
    lines = source.splitlines()
    found = []
    for number in blank_lines(source):
        line = lines[number - 1]
        hint = _HINT.search(line)
        if hint is None:
            raise SnippetError(messages.BLANK_WITHOUT_HINT.format(file=name, line=number))
        if line[: hint.start()].count(BLANK) != 1:
            raise SnippetError(messages.TWO_BLANKS.format(file=name, line=number))
        pointer, text = hint["pointer"].strip(), hint["text"].strip()
        if not pointer:
            raise SnippetError(messages.HINT_WITHOUT_POINTER.format(file=name, line=number))
        if _squeeze(text) in _squeeze(pointer):
            raise SnippetError(messages.POINTER_GIVES_ANSWER.format(file=name, line=number, text=text))
        found.append(Hint(number, pointer, text))
    return found


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def fill_blanks(source: str, name: str = "<exercise>") -> str:
    """Fill every ``___`` with its hint's code and drop the comment.

    >>> print(fill_blanks('y = ___   # -> twice the input [hint: x * 2]\\nprint(y)\\n'), end='')
    y = x * 2
    print(y)
    """
    lines = source.splitlines(keepends=True)
    for hint in hints(source, name):
        line = lines[hint.line - 1]
        code = line[: _HINT.search(line).start()]
        ending = "\n" if line.endswith("\n") else ""
        lines[hint.line - 1] = code.replace(BLANK, hint.text).rstrip() + ending
    return "".join(lines)


def discover(root: str | os.PathLike) -> list[Path]:
    """Every snippet file under *root*, in a stable order."""
    return sorted(p for p in Path(root).rglob("*.py") if not p.name.startswith("_"))


#: The modules whose import pays TensorFlow's start-up.
_TENSORFLOW = {"tensorflow", "keras"}


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


def needs_tensorflow(source: str) -> bool:
    """Does the script import TensorFlow or Keras (and so pay TensorFlow's import)?

    >>> needs_tensorflow("from tensorflow import keras\\n"), needs_tensorflow("import math\\n")
    (True, False)
    """
    return bool(_TENSORFLOW & {module.split(".")[0] for module in imported_modules(source)})
