"""Every message the snippet tools give an author or a learner, defined once.

The build (:mod:`snippetkit.cells` words a cell's verdict, :mod:`snippetkit.pages` a
missing file, :mod:`snippetkit.results` a number in the prose), the test harness
(:mod:`snippetkit.execute`, ``tests/``), the file format (:mod:`snippetkit.snippetfile`),
the machine matrix (:mod:`snippetkit.portability`), accept, drift and a learner's
check.py (:mod:`snippetkit.learner`) all word a failure with these templates, so a
message reads the same wherever it comes from. Each names the file and, where
there is one, the line. ``tests/test_messages.py`` compares each command's
whole message with its template here. CONTRIBUTING.md's "Reading a failure"
quotes the build's messages for authors; this module, not that list, is the source.
"""

from __future__ import annotations

from pathlib import Path

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

# -- running a snippet (snippetkit.execute in the tests, snippetkit.cells at build time) ----
TIMEOUT = (
    "{file}: did not finish within {seconds:g} s and was stopped "
    "(an endless loop, or too much work for an example?)"
)
STDERR = "{file}: wrote to stderr, which shows on the page:\n{stderr}"
RAISED = "{where}: the snippet{how} raised {error}"
WORKER_DIED = "{file}: the snippet worker died (did the script end the process?)"
EXIT_STATUS = "exit status {code}"

# -- the machine matrix (snippetkit.portability) ------------------------------------------------
MATRIX_RAISED = "{file}: the snippet raised{which}:\n{tail}"
MATRIX_WHICH_RUN = " (run {number} of {runs} in one process)"
MATRIX_FAILED = "FAILED {file} under {setting!r} ({about}):"
MATRIX_CANNOT_RUN = "cannot run setting {setting!r} here: {why}"
MATRIX_NOT_INSTALLED = "{command} is not installed"
MATRIX_NO_TARGET = "no snippet or page folder named {target!r} (looked under snippets/)"
MATRIX_START = "machine matrix: {snippets} snippets x {count} settings"
MATRIX_SECONDS = "seconds per setting (its snippets' run times, summed): {spent}"
MATRIX_SUMMARY = "{passed} passed, {failed} failed in {seconds:.1f} s"

# -- accept (snippetkit.accept): writing a block ------------------------------------------------
ACCEPT_CANNOT_RUN = "cannot run the matrix setting {setting!r} here ({why}); nothing written"
ACCEPT_IGNORING = "(running as a learner: ignoring {names} from this environment)"
ACCEPT_RAISED = "{file}: the snippet raised; nothing written:\n{tail}"
ACCEPT_STDERR = "{file}: wrote to stderr, which would show on the page; fix its cause first:\n{tail}"
ACCEPT_SILENT_AS_MARKED = "{file}: unchanged (prints nothing, as its block says)"
ACCEPT_NONE_BUT_PRINTS = (
    "{file}:{line}: marked 'Expected output: none' but now prints:\n{printed}\n"
    "Nothing written. If it should print this, replace the header with "
    "'# Expected output:' and run accept again; if not, remove the print."
)
ACCEPT_PRINTED_NOTHING = (
    "{file}: printed nothing; nothing written. If that is on purpose, end it with "
    "'# Expected output: none (<why>)'."
)
ACCEPT_UNCHANGED = "{file}: unchanged"
ACCEPT_MATCHES = (
    "{file}: unchanged (its block matches the output by the checker's rules, so it is kept as written)"
)
ACCEPT_WRITTEN = "{file}: block rewritten"
ACCEPT_LONG_LINES = (
    "note: {file}: lines {lines} of the new block are longer than 79 characters; "
    "the tests will say so (print less per line)"
)
ACCEPT_RESTORED = (
    "{file}: restored as it was: its new block fails the machine matrix under {settings}, so it is "
    "not what every learner's machine prints. Make the snippet's output portable (round less finely, "
    "fix seeds), then run accept again.\n{details}"
)
ACCEPT_UNDER = "  under {setting!r}{about}:\n{message}"
ACCEPT_SUMMARY = "{written} written, {unchanged} unchanged, {refused} refused"
ACCEPT_MATRIX = "machine matrix on {snippets} rewritten snippet(s) x {count} setting(s): {names}"

# -- drift (snippetkit.drift) ------------------------------------------------------------------
DRIFT_NOT_INSTALLED = "drift: {name} is not installed here; run it with `nox -s drift`"
DRIFT_NO_SNIPPETS = "drift: no snippets found"
DRIFT_START = "drift: {snippets} snippets under {versions}"
DRIFT_PIP_CHECK = "  pip check reports broken requirements (see the report)"
DRIFT_SUMMARY = (
    "{snippets} snippets: {unchanged} unchanged, {changed} changed, {raised} raised; "
    "{noisy} wrote to stderr. Report: {report}"
)

# -- a learner's check.py (snippetkit.learner) ---------------------------------------------------
CHECK_PASSED = "✓ {file}: printed its expected output (checked the way the lesson's own tests check it)"
CHECK_FAILED = "✗ {message}"
CHECK_NO_FILE = "{name}: no such file here, and no single snippet of that name under {folder}"
CHECK_NEXT = "Next: the {where} exercise, python check.py {file}"
CHECK_LAST = "That was the lesson's last exercise: well done!"
#: What Python says when a ___ blank runs unfilled (check.py and the browser's runner look for it).
BLANK_NAME_ERROR = "NameError: name '___' is not defined"
CHECK_FILL_BLANKS = "(Fill in each ___ blank first: the '->' note on its line says where to look.)"

# check.py's diagnosis after a difference ("Why is my number different?", snippetkit.learner)
WHY_IT_DIFFERS = "Why it may differ here:"
INSTALLED_HERE = "Installed here: {parts}."
INSTALLED_VERSION = "{label} {version}"
NOT_INSTALLED = "not installed"
THE_LESSONS_VERSION = "{have} (the lesson's: {want})"
NOT_THE_LESSONS = (
    "{labels} {verb} not the lesson's version: other versions may print other numbers. "
    "To install the lesson's: python -m pip install -r {requirements}{python}"
)
NOT_THE_LESSONS_PYTHON = " (and a Python the lesson's packages install on)"
THE_LESSONS_VERSIONS = "These are the lesson's versions."
CPU = "CPU: {cpu}"
#: A CPU with its widest x86 vector extension (check.py's diagnosis, the machine matrix's record).
WIDEST_EXTENSION = "{cpu}, widest vector extension {widest}"
CPU_UNREAD = "CPU: {machine} (its vector extensions are not read on {system})"
CPU_CAPPED = "; ONEDNN_MAX_CPU_ISA={cap} caps what oneDNN uses of it"
ONEDNN = "oneDNN: {state}; {cores} core{plural} for its threads{chosen}."
ONEDNN_SET = "{state} (TF_ENABLE_ONEDNN_OPTS={setting})"
ONEDNN_MACOS = "off (TensorFlow's macOS build has none)"
ONEDNN_X86 = "on (TensorFlow's default on {system} x86-64)"
ONEDNN_BY_CPU = "on or off by CPU model (TensorFlow's default on {system} {machine})"
DIFFERENCE_LINE_COUNT = (
    "The difference: in the count of lines: the block has {want}, the run printed {have}. "
    "Something else ran, or ran another number of times: not a matter of rounding."
)
DIFFERENCE_LAST_DIGIT = (
    "The difference: only in the last printed digit of a number ({where}). "
    "The value sits next to a rounding boundary, and another CPU, thread count or version "
    "can tip it: your code is most likely right."
)
DIFFERENCE_MORE = "The difference: {found}. That is more than rounding: compare your code with the lesson's."

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


def display_name(path: Path) -> str:
    """*path* as a message names it: relative to the working directory when it is under it, else absolute."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
