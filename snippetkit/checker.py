"""The one rule by which a snippet's output is judged: its expected block, compared by doctestplus.

Numbers are compared as numbers (pytest-doctestplus's FLOAT_CMP, relative
tolerance 1e-5), runs of white space are equal, and ``...`` matches anything.
The build, the test harness, the machine matrix and ``accept`` call
:func:`check_output`; the browser's Check runs the same doctestplus checker
with these flags in Pyodide (:mod:`snippetkit.runner`).
"""

from __future__ import annotations

import doctest

from pytest_doctestplus.output_checker import FLOAT_CMP, OutputChecker

from . import messages
from .snippetfile import Snippet, SnippetError

#: How snippet output is compared with its expected block.
CHECK_FLAGS = FLOAT_CMP | doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def check_output(snippet: Snippet, got: str) -> None:
    """Raise :class:`SnippetError` unless *got* matches the snippet's expected block.

    Numbers are compared as numbers (doctestplus's FLOAT_CMP, relative
    tolerance 1e-5), runs of white space are equal, and ``...`` matches anything.
    """
    checker = OutputChecker()
    if checker.check_output(snippet.expected, got, CHECK_FLAGS):
        return
    if snippet.no_output:
        raise SnippetError(
            messages.NONE_BUT_PRINTED.format(
                file=snippet.path, line=snippet.expected_line, printed=messages.indent(got)
            )
        )
    example = doctest.Example("", snippet.expected)
    diff = checker.output_difference(example, got, CHECK_FLAGS)
    rows = differing_lines(snippet.expected, got, snippet.expected_line)
    if rows:
        diff += messages.LINES_DIFFER.format(rows=rows)
    raise SnippetError(messages.DIFFERS.format(file=snippet.path, line=snippet.expected_line, diff=diff))


def differing_lines(expected: str, got: str, header_line: int) -> str:
    """The lines of the block that the output does not match, one by one, with their file line.

    Empty where the block matches across lines (``...``), so a line-by-line list would mislead,
    and where nothing was printed (doctest's "Got nothing" says it all).

    >>> print(differing_lines("a: 1.0\\nb: 2.5\\n", "a: 1.0000001\\nb: 2.0\\nc\\n", 4))
        line 6: expected 'b: 2.5'
                printed  'b: 2.0'
        line 7: expected (nothing)
                printed  'c'
    """
    if "..." in expected or not got.strip():
        return ""
    want, have = expected.splitlines(), got.splitlines()
    checker, rows = OutputChecker(), []
    for index in range(max(len(want), len(have))):
        w = want[index] if index < len(want) else None
        h = have[index] if index < len(have) else None
        if w is not None and h is not None and checker.check_output(w + "\n", h + "\n", CHECK_FLAGS):
            continue
        pad = " " * len(f"line {header_line + 1 + index}: ")
        rows.append(
            f"    line {header_line + 1 + index}: expected {repr(w) if w is not None else '(nothing)'}\n"
            f"    {pad}printed  {repr(h) if h is not None else '(nothing)'}"
        )
    return "\n".join(rows)
