"""Write a snippet's ``# Expected output:`` block from what it prints, for authors.

``nox -s accept -- snippets/<page>/<file>.py [...]`` (or ``python -m
snippetkit.accept TARGET ...``, a target being a snippet file, a page folder or
a page name) does, for each snippet:

1. runs it as a learner does (:func:`snippetkit.execute.run_as_learner`):
   ``python file.py`` in its folder, with TensorFlow's defaults (an exercise
   runs solved: its blanks filled from their hints);
2. rewrites its expected-output block with what it printed: the header line
   stays as it is, each
   line gets a ``# `` prefix, the file ends with a newline, and everything
   above the header (an exercise's hand-out code) stays as it is. A new
   script may end with a bare ``# Expected output:``, or with no header at
   all (one is added);
3. shows the change as a unified diff.

Then it runs the machine matrix (:mod:`snippetkit.portability`) on the
rewritten snippets. A snippet whose new block fails it under any setting is
restored as it was, and the command names the snippet and the settings and
exits non-zero: a block that only one machine prints is not an expected
output.

A snippet whose output still matches its block (by the checker's rules:
numbers within 1e-5, ``...``) is left alone and reported unchanged, so a
hand-written ``...`` survives. Refused without writing anything: a snippet that
raises, writes to stderr, prints nothing under a block that lists output, or
prints something under ``# Expected output: none (...)``.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from . import checker, execute, messages, portability, snippetfile
from .messages import display_name
from .settings import load as load_settings

WRITTEN, UNCHANGED, REFUSED = "written", "unchanged", "refused"


@dataclasses.dataclass
class Outcome:
    """What accept did with one snippet."""

    path: Path
    status: str  # WRITTEN, UNCHANGED or REFUSED
    message: str = ""
    diff: str = ""
    failed_settings: list[str] = dataclasses.field(default_factory=list)


def block_lines(output: str) -> list[str]:
    """Printed text as block lines: ``# `` + line, ``#`` for an empty one; no trailing blanks.

    >>> block_lines("loss: 0.25\\n\\n  done  \\n\\n")
    ['# loss: 0.25', '#', '#   done']
    """
    lines = [line.rstrip() for line in output.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return [f"# {line}" if line else "#" for line in lines]


def with_block(snip: snippetfile.Snippet, output: str) -> str:
    """The snippet's source with its expected block replaced by *output*.

    Everything above the header line is kept byte for byte; the header keeps
    its form; the file ends with one newline.

    >>> snip = snippetfile.Snippet(Path("x.py"), "print(2)\\n\\n# Expected output:\\n# 1\\n", "1\\n", 3)
    >>> print(with_block(snip, "2\\n"), end="")
    print(2)
    <BLANKLINE>
    # Expected output:
    # 2
    """
    lines = snip.source.splitlines(keepends=True)
    above = "".join(lines[: snip.expected_line - 1])
    header = lines[snip.expected_line - 1].rstrip()
    return above + "\n".join([header, *block_lines(output)]) + "\n"


def unified_diff(old: str, new: str, name: str) -> str:
    before, after = (name, name) if Path(name).is_absolute() else (f"a/{name}", f"b/{name}")
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), before, after)
    mark = "\n\\ No newline at end of file\n"
    return "".join(line if line.endswith("\n") else line + mark for line in lines)


def load(path: Path) -> snippetfile.Snippet:
    """Read a snippet, also a new one whose block is still to write.

    A file that ends with a bare ``# Expected output:`` header, or has no
    header at all (one is added at the end), loads with an empty block; any
    other malformed file raises :class:`~snippetkit.snippetfile.SnippetError` as
    :func:`snippetkit.snippetfile.load` does.
    """
    try:
        return snippetfile.load(path)
    except snippetfile.SnippetError:
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        headers = [number for number, line in enumerate(lines) if snippetfile.HEADER.match(line)]
        if not headers:
            source = source.rstrip() + "\n\n# Expected output:\n"
            header = source.count("\n")
        elif snippetfile.HEADER.match(lines[headers[-1]])["rest"] or any(
            line.strip() for line in lines[headers[-1] + 1 :]
        ):
            raise  # a block that is there but malformed: the author fixes it
        else:
            header = headers[-1] + 1
    snip = snippetfile.Snippet(path, source, "", header)
    if snip.is_exercise:
        snip.solution(), snip.handout()  # a blank without its hint, or a broken region, is an error
    return snip


def propose(path: Path, workdir: Path, timeout: float | None = None) -> tuple[Outcome, str | None]:
    """Run one snippet; return its outcome so far and the new source to write (None: nothing to write).
    *timeout*: seconds (default: the ``snippet_matrix_timeout`` setting)."""
    timeout = load_settings().snippet_matrix_timeout if timeout is None else timeout
    name = display_name(path)
    original = path.read_text(encoding="utf-8")
    try:
        snip = load(path)
    except snippetfile.SnippetError as err:
        return Outcome(path, REFUSED, str(err)), None
    try:
        done = portability.run_fresh(snip, workdir, timeout)  # python file.py, TensorFlow's defaults
    except subprocess.TimeoutExpired:
        return Outcome(path, REFUSED, messages.TIMEOUT.format(file=name, seconds=timeout)), None
    stderr = execute.page_stderr(done.stderr)
    tail = "\n".join("    " + line for line in stderr.splitlines()[-15:])
    if done.returncode != 0:
        return Outcome(path, REFUSED, messages.ACCEPT_RAISED.format(file=name, tail=tail)), None
    if stderr:
        return Outcome(path, REFUSED, messages.ACCEPT_STDERR.format(file=name, tail=tail)), None
    output = done.stdout
    if snip.no_output:
        if not output.strip():
            return Outcome(path, UNCHANGED, messages.ACCEPT_SILENT_AS_MARKED.format(file=name)), None
        shown = "\n".join("    " + line for line in output.splitlines())
        message = messages.ACCEPT_NONE_BUT_PRINTS.format(file=name, line=snip.expected_line, printed=shown)
        return Outcome(path, REFUSED, message), None
    if not output.strip():
        return Outcome(path, REFUSED, messages.ACCEPT_PRINTED_NOTHING.format(file=name)), None
    new = with_block(snip, output)
    if new == original:
        return Outcome(path, UNCHANGED, messages.ACCEPT_UNCHANGED.format(file=name)), None
    try:
        checker.check_output(snip, output)
    except snippetfile.SnippetError:
        pass
    else:
        return Outcome(path, UNCHANGED, messages.ACCEPT_MATCHES.format(file=name)), None
    diff = unified_diff(original, new, name)
    return Outcome(path, WRITTEN, messages.ACCEPT_WRITTEN.format(file=name), diff), new


def accept(
    targets: list[str | os.PathLike],
    settings=portability.SETTINGS,
    jobs: int | None = None,
    timeout: float | None = None,
    out=None,
) -> list[Outcome]:
    """Rewrite the blocks of the snippets named by *targets*; keep only those the matrix passes.

    *settings* are the matrix settings to check the rewritten snippets under
    (all of them by default). Progress, diffs and verdicts go to *out*
    (standard output by default).
    """
    out = out or sys.stdout

    def say(*parts, **kwargs):
        print(*parts, file=out, flush=True, **kwargs)

    settings = list(settings)
    for setting in settings:
        why = portability.available(setting)
        if why:
            raise SystemExit(messages.ACCEPT_CANNOT_RUN.format(setting=setting.name, why=why))
    ignored = [name for name in portability.MATRIX_VARIABLES if name in os.environ]
    if ignored:
        say(messages.ACCEPT_IGNORING.format(names=", ".join(ignored)))
    paths = portability.select([str(t) for t in targets])
    outcomes, originals = [], {}
    try:
        with tempfile.TemporaryDirectory(prefix="accept-") as tmp:
            for path in paths:
                outcome, new = propose(path, Path(tmp), timeout)
                outcomes.append(outcome)
                if new is None:
                    continue
                originals[path] = path.read_bytes()
                path.write_text(new, encoding="utf-8")
                say(outcome.diff, end="")
                long = [n for n, line in enumerate(new.splitlines(), 1) if len(line) > 79]
                if long:
                    say(messages.ACCEPT_LONG_LINES.format(file=display_name(path), lines=long))
        written = [o for o in outcomes if o.status == WRITTEN]
        if written:
            names = ", ".join(s.name for s in settings)
            say("\n" + messages.ACCEPT_MATRIX.format(snippets=len(written), count=len(settings), names=names))
            results = portability.run_matrix(
                [o.path for o in written],
                settings,
                jobs,
                progress=lambda r: say("." if r.ok else "F", end=""),
            )
            say("")
            for outcome in written:
                failures = [r for r in results if not r.ok and Path(r.snippet).resolve() == outcome.path]
                if not failures:
                    continue
                outcome.path.write_bytes(originals.pop(outcome.path))
                outcome.status = REFUSED
                outcome.failed_settings = [r.setting for r in failures]
                details = "\n".join(
                    messages.ACCEPT_UNDER.format(
                        setting=r.setting,
                        about=_about(r.setting),
                        message="\n".join("      " + line for line in r.message.splitlines()),
                    )
                    for r in failures
                )
                outcome.message = messages.ACCEPT_RESTORED.format(
                    file=display_name(outcome.path),
                    settings=", ".join(outcome.failed_settings),
                    details=details,
                )
            for outcome in written:
                if outcome.status == WRITTEN:
                    originals.pop(outcome.path, None)
    finally:
        for path, data in originals.items():  # interrupted before a verdict: leave the files as they were
            path.write_bytes(data)
    say("")
    for outcome in outcomes:
        marker = {WRITTEN: "written  ", UNCHANGED: "unchanged", REFUSED: "REFUSED  "}[outcome.status]
        first, *rest = (outcome.message or display_name(outcome.path)).splitlines() or [""]
        say(f"{marker} {first}")
        for line in rest:
            say(f"          {line}")
    counts = {status: sum(o.status == status for o in outcomes) for status in (WRITTEN, UNCHANGED, REFUSED)}
    say("\n" + messages.ACCEPT_SUMMARY.format(**counts))
    return outcomes


def _about(setting: str) -> str:
    known = portability.BY_NAME.get(setting)
    return f" ({known.about})" if known else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m snippetkit.accept", description=__doc__.split("\n")[0])
    parser.add_argument("targets", nargs="+", help="snippet files, page folders or page names")
    parser.add_argument(
        "--setting",
        action="append",
        choices=list(portability.BY_NAME),
        help="check under only these matrix settings (repeatable; default: all)",
    )
    parser.add_argument(
        "--jobs", type=int, default=None, help="matrix runs at a time (default: one per core)"
    )
    args = parser.parse_args(argv)
    settings = (
        [portability.BY_NAME[name] for name in args.setting] if args.setting else list(portability.SETTINGS)
    )
    outcomes = accept(args.targets, settings, args.jobs)
    return 1 if any(o.status == REFUSED for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
