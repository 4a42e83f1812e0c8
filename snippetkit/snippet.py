"""Read, fill, run and check the lesson's snippet files.

A snippet is a plain Python script that ends with the output it prints, written
as a comment block (the lesson's own convention)::

    print(max(0.0, -3.0))

    # Expected output:
    # 0.0

The first line of the block may also read ``# ✅ Expected output:``. A script
that prints nothing on purpose (one that only draws a figure, say) says so with
``# Expected output: none`` and a reason.

An *exercise* is a snippet with ``___`` blanks; every line with a blank carries
a hint comment ``# 👉 replace ___ with: <text>``. Filling each blank with the
text of its hint gives the solution, so blank and solution are one file.

The same functions serve the pytest harness (``tests/``) and the Sphinx
extension (:mod:`snippetkit.sphinx_ext`), so the site and CI judge a snippet
by one rule.
"""

from __future__ import annotations

import atexit
import dataclasses
import doctest
import io
import json
import os
import re
import select
import subprocess
import sys
import tokenize
from pathlib import Path

from pytest_doctestplus.output_checker import FLOAT_CMP, OutputChecker

#: How snippet output is compared with its expected block.
CHECK_FLAGS = FLOAT_CMP | doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

#: Environment for running a snippet: no TensorFlow start-up logs on stderr.
#: Only logging: nothing here may change a number a snippet prints, so the
#: build and the tests check what ``python file.py`` prints for a learner.
QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONUNBUFFERED": "1"}

ROOT = Path(__file__).resolve().parent.parent  # the repository: snippets/, docs/, snippetkit/

#: TensorFlow's start-up notices that no environment variable silences: absl
#: writes them to stderr before its logging is set up (TF_CPP_MIN_LOG_LEVEL
#: does not apply), once per process, in every learner's terminal. They are
#: dropped from what a snippet wrote to stderr; anything else there is an error.
STARTUP_LOGS = re.compile(
    r"^(?:WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|I\d{4} [\d:.]+ +\d+ port\.cc:\d+\] oneDNN custom operations are on\. .*)$\n?",
    re.MULTILINE,
)


def without_startup_logs(stderr: str) -> str:
    """*stderr* less TensorFlow's start-up notices (:data:`STARTUP_LOGS`).

    >>> without_startup_logs("WARNING: All log messages before absl::InitializeLog() is called are "
    ...                      "written to STDERR\\nI0000 00:00:1795622942.104133   28803 port.cc:153] "
    ...                      "oneDNN custom operations are on. You may see ...\\nreal warning\\n")
    'real warning\\n'
    """
    return STARTUP_LOGS.sub("", stderr)


_HEADER = re.compile(r"^#\s*(?:✅\s*)?Expected output:\s*(?P<rest>.*?)\s*$")
_NONE = re.compile(r"^none\b")
_HINT = re.compile(r"#\s*👉\s*replace ___ with:\s*(?P<text>.+?)\s*$")
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
        return self.source

    def solution(self, for_display: bool = False) -> str:
        """The solved code: blanks filled from their hints, or the file itself.

        For display, the solution region's marker comments are left out; to
        run, they stay, so line numbers match the file.
        """
        if blank_lines(self.source):
            return fill_blanks(self.source, str(self.path))
        if for_display:
            return "".join(line for line in self.source.splitlines(keepends=True)
                           if line.strip() not in (REGION_START, REGION_END))
        return self.source


def parse_expected(source: str, name: str = "<snippet>") -> tuple[str, int, bool]:
    """Return ``(expected text, header line, no_output)`` from a snippet's source.

    >>> parse_expected('print(1)\\n\\n# Expected output:\\n# 1\\n')
    ('1\\n', 3, False)
    >>> parse_expected('x = 1\\n# ✅ Expected output:\\n# a\\n#\\n#   b\\n')
    ('a\\n\\n  b\\n', 2, False)
    >>> parse_expected('plot()\\n# Expected output: none (draws a figure)\\n')
    ('', 2, True)
    >>> parse_expected('print(1)\\n', 'demo.py')
    Traceback (most recent call last):
    ...
    snippetkit.snippet.SnippetError: demo.py: no '# Expected output:' block at the end of the file; ...
    """
    lines = source.splitlines()
    header = None
    for number, line in enumerate(lines):
        if _HEADER.match(line):
            header = number
    if header is None:
        raise SnippetError(
            f"{name}: no '# Expected output:' block at the end of the file; end it with\n"
            "    # Expected output:\n    # <each line the script prints>\n"
            "or, for a script that prints nothing on purpose,\n"
            "    # Expected output: none (<why>)"
        )
    rest = _HEADER.match(lines[header])["rest"]
    body = lines[header + 1 :]
    while body and not body[-1].strip():
        body.pop()
    for offset, line in enumerate(body, start=header + 2):
        if not line.startswith("#"):
            raise SnippetError(
                f"{name}:{offset}: the expected-output block must be the end of the "
                f"file, but line {offset} is code: {line!r}"
            )
    if _NONE.match(rest):
        if body:
            raise SnippetError(f"{name}:{header + 1}: 'Expected output: none' has output lines under it")
        return "", header + 1, True
    if rest:
        raise SnippetError(
            f"{name}:{header + 1}: put the expected output on the lines under the header, "
            f"not after it: {lines[header]!r}"
        )
    if not body:
        raise SnippetError(
            f"{name}:{header + 1}: the expected-output block is empty; "
            "write '# Expected output: none (<why>)' for a script that prints nothing"
        )
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
                raise SnippetError(f"{name}:{number}: a solution region inside another one")
            inside = True
            out.append(line.replace(REGION_START, PLACEHOLDER))
        elif marker == REGION_END:
            if not inside:
                raise SnippetError(f"{name}:{number}: '{REGION_END}' without '{REGION_START}'")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise SnippetError(f"{name}: '{REGION_START}' is never closed by '{REGION_END}'")
    return "".join(out)


def blank_lines(source: str) -> list[int]:
    """1-based numbers of the code lines holding a ``___`` blank (comments ignored).

    >>> blank_lines('# fill in the ___\\nx = ___  # 👉 replace ___ with: 1\\n')
    [2]
    """
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return sorted({tok.start[0] for tok in tokens if tok.type == tokenize.NAME and tok.string == BLANK})


def fill_blanks(source: str, name: str = "<exercise>") -> str:
    """Fill every ``___`` with the text its ``👉`` hint names and drop the hint.

    >>> print(fill_blanks('y = ___   # 👉 replace ___ with: x * 2\\nprint(y)\\n'), end='')
    y = x * 2
    print(y)
    """
    lines = source.splitlines(keepends=True)
    for number in blank_lines(source):
        line = lines[number - 1]
        hint = _HINT.search(line)
        code = line[: hint.start()] if hint else line
        if hint is None:
            raise SnippetError(f"{name}:{number}: a ___ blank has no '# 👉 replace ___ with: ...' hint")
        if code.count(BLANK) != 1:
            raise SnippetError(f"{name}:{number}: one ___ blank per line, so its hint is unambiguous")
        ending = "\n" if line.endswith("\n") else ""
        lines[number - 1] = code.replace(BLANK, hint["text"]).rstrip() + ending
    return "".join(lines)


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
            f"{snippet.path}:{snippet.expected_line}: marked 'Expected output: none' "
            f"but printed:\n{_indent(got)}"
        )
    example = doctest.Example("", snippet.expected)
    diff = checker.output_difference(example, got, CHECK_FLAGS)
    raise SnippetError(
        f"{snippet.path}:{snippet.expected_line}: the printed output differs from the "
        f"expected-output block.\n{diff}"
    )


class Worker:
    """A long-lived ``python -m snippetkit.worker`` that runs scripts one by one.

    It imports TensorFlow once instead of once per snippet. A script that runs
    past its timeout gets the worker killed; the next call starts a new one.
    """

    def __init__(self, env: dict | None = None, prefix: tuple[str, ...] = ()):
        """*env* sets (a value of None: unsets) environment variables; *prefix* is a command to
        run the worker under (``taskset -c 0``)."""
        merged = {**os.environ, **QUIET_ENV, **(env or {}), "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [*prefix, sys.executable, "-m", "snippetkit.worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8",
            env={name: value for name, value in merged.items() if value is not None},
        )

    def run(self, script: Path, cwd: Path, timeout: float) -> subprocess.CompletedProcess:
        self.process.stdin.write(json.dumps({"script": str(script), "cwd": str(cwd)}) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        line = self.process.stdout.readline() if ready else ""
        if not line:
            self.close()
            if not ready:
                raise subprocess.TimeoutExpired(str(script), timeout)
            raise SnippetError(f"{script}: the snippet worker died (did the script end the process?)")
        reply = json.loads(line)
        return subprocess.CompletedProcess([str(script)], reply["returncode"], reply["stdout"], reply["stderr"])

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


_worker: Worker | None = None


def _run_in_worker(script: Path, cwd: Path, timeout: float) -> subprocess.CompletedProcess:
    global _worker
    if _worker is None or _worker.process.poll() is not None:
        _worker = Worker()
        atexit.register(_worker.close)
    try:
        return _worker.run(script, cwd, timeout)
    except (subprocess.TimeoutExpired, SnippetError):
        _worker = None
        raise


def _run_isolated(script: Path, cwd: Path, timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, encoding="utf-8",
        env={**os.environ, **QUIET_ENV}, cwd=cwd, timeout=timeout,
    )


def run(snippet: Snippet, timeout: float = 120.0, workdir: Path | None = None, fill: bool = True,
        isolated: bool | None = None) -> str:
    """Run the snippet as a learner would (``python file.py``) and return its stdout.

    An exercise runs solved: its blanks filled from their hints. With
    ``fill=False`` it runs as handed out. Raises :class:`SnippetError` when the
    script raises, exits non-zero, writes to stderr, or runs longer than
    *timeout* seconds.

    By default scripts run one after another in a shared :class:`Worker`
    process (TensorFlow imported once); ``isolated=True``, or the environment
    variable ``SNIPPETS_ISOLATED=1``, runs each in a fresh interpreter.
    """
    source = snippet.solution() if fill else snippet.handout()
    script = snippet.path.resolve()
    how = ""
    if source != snippet.source:
        how = " (blanks filled from their hints)" if fill else " (as handed out)"
        script = Path(workdir or Path.cwd()).resolve() / f"{snippet.path.stem}_{'solved' if fill else 'handout'}.py"
        script.write_text(source, encoding="utf-8")
    if isolated is None:
        isolated = os.environ.get("SNIPPETS_ISOLATED") == "1"
    try:
        done = (_run_isolated if isolated else _run_in_worker)(script, snippet.path.resolve().parent, timeout)
    except subprocess.TimeoutExpired:
        raise SnippetError(
            f"{snippet.path}: did not finish within {timeout:g} s and was stopped "
            "(an endless loop, or too much work for an example?)"
        ) from None
    if done.returncode != 0:
        raise SnippetError(_describe_crash(snippet, script, source, how, done))
    stderr = without_startup_logs(done.stderr)
    if stderr.strip():
        raise SnippetError(
            f"{snippet.path}: wrote to stderr, which would show on the page:\n{_indent(stderr)}"
        )
    return done.stdout


def _describe_crash(snippet, script, source, how, done) -> str:
    stderr = done.stderr.strip()
    where = str(snippet.path)
    frames = re.findall(r'File "([^"]+)", line (\d+)', stderr)
    lines_in_file = [int(line) for file, line in frames if Path(file).resolve() == script]
    if lines_in_file:
        line = lines_in_file[-1]
        where = f"{snippet.path}:{line}: {source.splitlines()[line - 1].strip()}"
    last = stderr.splitlines()[-1] if stderr else f"exit status {done.returncode}"
    return f"{where}\nthe snippet{how} raised {last}\n\n{_indent(stderr)}"


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines()) or "    (nothing)"


def discover(root: str | os.PathLike) -> list[Path]:
    """Every snippet file under *root*, in a stable order."""
    return sorted(p for p in Path(root).rglob("*.py") if not p.name.startswith("_"))
