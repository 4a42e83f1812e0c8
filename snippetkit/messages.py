"""Every message the snippet checks give an author, defined once.

The build (:mod:`snippetkit.checks`), the test harness (:mod:`snippetkit.execute`,
``tests/``) and the file format (:mod:`snippetkit.snippetfile`) all word a
failure with these templates, so a message reads the same wherever it comes
from, and README.md's "Reading a failure" quotes them (a test keeps the two
equal). Each names the file and, where there is one, the line.
"""

from __future__ import annotations

# -- the file format (snippetkit.snippetfile) ----------------------------------------------
NO_BLOCK = (
    "{file}: no '# Expected output:' block at the end of the file; end it with\n"
    "    # Expected output:\n    # <each line the script prints>\n"
    "or, for a script that prints nothing on purpose,\n"
    "    # Expected output: none (<why>)"
)
CODE_AFTER_BLOCK = (
    "{file}:{line}: the expected-output block must be the end of the file, but line {line} is code: {code!r}"
)
NONE_WITH_LINES = "{file}:{line}: 'Expected output: none' has output lines under it"
OUTPUT_ON_HEADER = (
    "{file}:{line}: put the expected output on the lines under the header, not after it: {header!r}"
)
EMPTY_BLOCK = (
    "{file}:{line}: the expected-output block is empty; "
    "write '# Expected output: none (<why>)' for a script that prints nothing"
)
NESTED_REGION = "{file}:{line}: a solution region inside another one"
END_WITHOUT_START = "{file}:{line}: '{end}' without '{start}'"
REGION_NOT_CLOSED = "{file}: '{start}' is never closed by '{end}'"
BLANK_WITHOUT_HINT = (
    "{file}:{line}: a ___ blank needs '# -> <pointer to the idea> [hint: <code>]' at the end of its line: "
    "the hand-out and the page's 'Show hints' show the pointer, a second click the code"
)
HINT_WITHOUT_POINTER = "{file}:{line}: the hint has no pointer before '[hint: ...]': say where to look"
POINTER_GIVES_ANSWER = "{file}:{line}: the pointer gives the answer away ({text}): keep the code for the hint"
TWO_BLANKS = "{file}:{line}: one ___ blank per line, so its hint is unambiguous"

# -- the check (snippetkit.checker) ---------------------------------------------------------
DIFFERS = "{file}:{line}: the printed output differs from the expected-output block.\n{diff}"
LINES_DIFFER = "Lines that differ (file line numbers):\n{rows}\n"
NONE_BUT_PRINTED = "{file}:{line}: marked 'Expected output: none' but printed:\n{printed}"

# -- running a snippet (snippetkit.execute in the tests, snippetkit.checks at build time) ---
TIMEOUT = (
    "{file}: did not finish within {seconds:g} s and was stopped "
    "(an endless loop, or too much work for an example?)"
)
STDERR = "{file}: wrote to stderr, which shows on the page:\n{stderr}"
RAISED = "{where}: the snippet{how} raised {error}"
WORKER_DIED = "{file}: the snippet worker died (did the script end the process?)"

# -- pages (snippetkit.pages) ---------------------------------------------------------------
NOT_FOUND = "{page}: snippet file not found: {relpath} (looked for {target})"
NOT_AN_EXERCISE = "{page}: {relpath} is used as an exercise but has neither ___ blanks nor a '{start}' region"


# -- numbers in the prose (snippetkit.results); the build adds "<page>:<line>: " before each ---
RESULT_NO_NUMBER = "no number before <...>; write {syntax}"
RESULT_NO_LABEL = "no label: write {syntax}"
RESULT_TOO_MANY_PARTS = "too many ' | ': write {syntax}, and at most one ' | <format>' after it"
RESULT_NO_SNIPPET = "no snippet: write {syntax}"
RESULT_CHECKED_FORMAT = "a checked number takes no format: the page's own text sets it"
RESULT_EMPTY_LABEL = "an empty label: write {syntax}"
RESULT_NO_LINE = "{name} printed no line starting '{label}'{after}; it printed:\n{printed}"
RESULT_MANY_LINES = (
    "{name} printed '{label}' on {count} lines ({where} of its output); "
    "name a line above the one you mean: '<that line> > {label}'"
)
RESULT_NO_INDEX = "{name} printed {count} {numbers} for '{describe}', so there is no [{index}]: {rest}"
RESULT_NOT_A_NUMBER = "{name} printed '{value}' for '{describe}', which is not a number; pick one with [n]"
RESULT_BAD_FORMAT = "the format '{fmt}' does not apply to {value}: {error}"
RESULT_UNCHECKABLE = (
    "the page's number '{written}' is not one the build can check; put only the number before <...>"
)
RESULT_MISMATCH = "the page says {written}, but {name} printed {value} for '{describe}'{rounded}"
RESULT_CLAIM = (
    "the page says '{written}', which holds while {name} prints {expect} for '{describe}', "
    "but it printed {value}"
)
RESULT_NOT_RUN = (
    "'{describe}' is to come from {name}, but this page does not run that snippet (no :load: cell for it)"
)
RESULT_AMBIGUOUS = "this page runs {count} snippets named {name}; write its path instead"

# The downloaded notebooks (snippetkit.notebooks, written by snippetkit.downloads).
NOTEBOOK_PROBLEM = "{notebook}: {problem}"


def indent(text: str) -> str:
    """*text* indented by four spaces, for a block inside a message; ``(nothing)`` if empty."""
    return "\n".join("    " + line for line in text.splitlines()) or "    (nothing)"
