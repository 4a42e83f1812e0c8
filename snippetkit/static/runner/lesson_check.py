"""The Check button of the "Try it yourself" runners, in the browser's Python (Pyodide).

Whether a learner's output matches an example's ``# Expected output:`` block
is decided by the checker CI uses: pytest-doctestplus's ``OutputChecker``
(its ``output_checker`` module, which the build copies from the pinned,
installed package into ``_static/runner/``), with the option flags of
``snippetkit.checker.CHECK_FLAGS``, which the build writes by name into
``_static/runner/check.json``. worker.mjs loads the three files on a page's
first Check and calls :func:`check`; runner.js only displays the result.

One difference to bridge: ``output_checker`` compares numbers with
``numpy.isclose`` when NumPy is importable, as in CI, and with a fallback of
its own otherwise, as in the browser (the site ships no NumPy). The two
differ for infinities (the fallback finds a printed 5.0 close to an expected
inf, and inf not close to inf), so without NumPy the module's ``isclose`` is
replaced by NumPy's rule for two floats.
"""

import doctest
import math

from pytest_doctestplus import output_checker

#: Lines of expected × printed output above which the diff pairs no lines (each pair is one check).
DIFF_LIMIT = 100_000


def _numpy_isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=True):
    """``numpy.isclose`` for two floats: what CI's checker compares numbers with."""
    if math.isnan(a) or math.isnan(b):
        return equal_nan and math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= atol + rtol * abs(b)


if "numpy" not in vars(output_checker):  # it fell back to its own isclose: no NumPy here
    output_checker.isclose = _numpy_isclose


def option_flags(names):
    """The doctest option flags named (``"FLOAT_CMP"`` is registered by ``output_checker``)."""
    flags = 0
    for name in names:
        flags |= doctest.OPTIONFLAGS_BY_NAME[name]
    return flags


def matches(checker, want, got, flags):
    """The checker's verdict; where it raises (``float("1.5...")``), a difference."""
    try:
        return bool(checker.check_output(want, got, flags))
    except Exception:
        return False


def _lines(text):
    lines = text.removesuffix("\n").split("\n")
    return [] if lines == [""] else lines


def diff_lines(checker, want, got, flags):
    """Expected and printed lines, paired by the check itself, one line at a time.

    ``[(op, text)]``: ``" "`` a printed line matching an expected one, ``"-"``
    an expected line not printed, ``"+"`` a printed line not expected (a
    longest common subsequence of lines).

    >>> checker = output_checker.OutputChecker()
    >>> flags = option_flags(["ELLIPSIS", "FLOAT_CMP", "NORMALIZE_WHITESPACE"])
    >>> diff_lines(checker, "a 1.0\\nb 2.0\\nc 3.0\\n", "a 1.0000001\\nb 2.5\\nc 3.0\\nd\\n", flags)
    [(' ', 'a 1.0000001'), ('-', 'b 2.0'), ('+', 'b 2.5'), (' ', 'c 3.0'), ('+', 'd')]
    """
    a, b = _lines(want), _lines(got)
    n, m = len(a), len(b)
    if n * m > DIFF_LIMIT:
        return [("-", text) for text in a] + [("+", text) for text in b]
    verdicts = {}

    def same(i, j):
        key = (a[i], b[j])
        if key not in verdicts:
            verdicts[key] = matches(checker, a[i], b[j], flags)
        return verdicts[key]

    # lengths of the longest common subsequences of a[i:] and b[j:]
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if same(i, j) else max(table[i + 1][j], table[i][j + 1])
    out, i, j = [], 0, 0
    while i < n and j < m:
        if same(i, j) and table[i][j] == table[i + 1][j + 1] + 1:
            out.append((" ", b[j]))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            out.append(("-", a[i]))
            i += 1
        else:
            out.append(("+", b[j]))
            j += 1
    out += [("-", text) for text in a[i:]] + [("+", text) for text in b[j:]]
    return out


#: What check.py writes where one side has no line (snippetkit.checker.differing_lines).
NOTHING = "(nothing)"


def paired_lines(diff):
    """The differing lines of *diff* in pairs, as check.py lists them: ``[(index, expected, printed)]``.

    *index* is the expected line's place in the expected block (0-based), or, for a printed line
    with no expected one, the place it would have; each side as check.py writes it: the line in
    Python's quotes, or ``"(nothing)"``. In a run of differing lines, the first expected line
    pairs with the first printed one, and so on.

    >>> paired_lines([(" ", "a 1"), ("-", "b 2.0"), ("+", "b 2.5"), (" ", "c 3"), ("+", "d")])
    [(1, "'b 2.0'", "'b 2.5'"), (3, '(nothing)', "'d'")]
    """
    rows, index, at = [], 0, 0
    while at < len(diff):
        if diff[at][0] == " ":
            index, at = index + 1, at + 1
            continue
        want, got = [], []
        while at < len(diff) and diff[at][0] != " ":
            (want if diff[at][0] == "-" else got).append(diff[at][1])
            at += 1
        for k in range(max(len(want), len(got))):
            rows.append(
                (
                    index + k,
                    repr(want[k]) if k < len(want) else NOTHING,
                    repr(got[k]) if k < len(got) else NOTHING,
                )
            )
        index += len(want)
    return rows


def check(want, got, flag_names):
    """Does *got* (what the code printed) match *want* (the expected block), as CI judges it?

    ``{"passed": bool, "diff": [(op, line), ...], "rows": paired_lines(diff)}``, the diff and its
    rows only on a mismatch.

    >>> flags = ["ELLIPSIS", "FLOAT_CMP", "NORMALIZE_WHITESPACE"]
    >>> check("weight: 0.1\\n", "weight: 0.10000001\\n", flags)
    {'passed': True, 'diff': [], 'rows': []}
    >>> check("weight: 0.1\\n", "weight: 0.1001\\n", flags)["rows"]
    [(0, "'weight: 0.1'", "'weight: 0.1001'")]
    """
    checker = output_checker.OutputChecker()
    flags = option_flags(flag_names)
    if matches(checker, want, got, flags):
        return {"passed": True, "diff": [], "rows": []}
    diff = diff_lines(checker, want, got, flags)
    return {"passed": False, "diff": diff, "rows": paired_lines(diff)}
