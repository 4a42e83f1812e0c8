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
    raise SnippetError(messages.DIFFERS.format(file=snippet.path, line=snippet.expected_line, diff=diff))
