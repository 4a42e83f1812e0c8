"""Drift report: what the snippets print under the newest TensorFlow, Keras and NumPy.

``nox -s drift`` installs ``requirements.txt``, upgrades tensorflow-cpu, keras
and numpy past their pins to their newest releases, and runs ``python -m
snippetkit.drift``: every snippet (exercises solved) runs as a learner runs it
(:func:`snippetkit.execute.run_as_learner`) and its output is checked against
its ``# Expected output:`` block by the rule CI uses. The report,
``_build/drift/drift.md``, gives the versions (pinned, newest on the index, and
those this run used) and, per snippet, *unchanged*, *changed* (a diff of the
block against what it printed) or *raised* (the error), and what reached
stderr.

Run it before bumping the pins: the changed blocks are the ones to re-accept
(``nox -s accept``) in the same commit as the new pins. It is a report: it
exits 0 whatever the snippets do, and non-zero only when it cannot run.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import datetime
import difflib
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import ROOT, checker, messages, pins, portability, snippetfile
from .execute import page_stderr
from .messages import display_name
from .settings import load as load_settings
from .versions import installed

REQUIREMENTS = ROOT / "requirements.txt"
#: The packages the drift session upgrades past their pins (pip names).
UPGRADED = ("tensorflow-cpu", "keras", "numpy")
UNCHANGED, CHANGED, RAISED = "unchanged", "changed", "raised"


@dataclasses.dataclass
class Entry:
    """One snippet's run under this environment."""

    snippet: str
    status: str  # UNCHANGED, CHANGED or RAISED
    seconds: float = 0.0
    diff: str = ""  # CHANGED: the block against what was printed
    error: str = ""  # RAISED: what went wrong
    stderr: str = ""  # what reached stderr and would show on the page (page_stderr)


def newest_on_index(name: str) -> str:
    """The newest release pip's index offers for *name* (``pip index versions``), or ``?``."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "index", "versions", name],
            capture_output=True,
            text=True,
            timeout=120,
        )
    except subprocess.TimeoutExpired:
        return "? (the index did not answer)"
    match = re.search(rf"^{re.escape(name)} \(([^)]+)\)", done.stdout, re.MULTILINE | re.IGNORECASE)
    return match[1] if match else "? (pip index versions failed)"


def check(path: Path, workdir: Path, timeout: float | None = None) -> Entry:
    """Run one snippet as a learner does and compare with its block (*timeout*: seconds, default the
    ``snippet_matrix_timeout`` setting)."""
    timeout = load_settings().snippet_matrix_timeout if timeout is None else timeout
    name = display_name(path)
    start = time.perf_counter()
    try:
        snip = snippetfile.load(path)
        done = portability.run_fresh(snip, workdir, timeout)  # python file.py, TensorFlow's defaults
    except snippetfile.SnippetError as err:
        return Entry(name, RAISED, error=str(err))
    except subprocess.TimeoutExpired:
        return Entry(name, RAISED, timeout, error=messages.TIMEOUT.format(file=name, seconds=timeout))
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        tail = "\n".join(page_stderr(done.stderr).splitlines()[-20:])
        tail = tail or messages.EXIT_STATUS.format(code=done.returncode)
        return Entry(name, RAISED, seconds, error=tail)
    entry = Entry(name, UNCHANGED, seconds, stderr=page_stderr(done.stderr))
    try:
        checker.check_output(snip, done.stdout)
    except snippetfile.SnippetError:
        entry.status = CHANGED
        entry.diff = "".join(
            difflib.unified_diff(
                snip.expected.splitlines(keepends=True),
                done.stdout.splitlines(keepends=True),
                "expected (the block)",
                "printed (this run)",
            )
        )
    return entry


def _stderr_key(text: str) -> str:
    """Stderr with log timestamps and thread ids taken out, to group identical messages."""
    return re.sub(r"^([IWEF])\d{4} [\d:.]+\s+\d+ ", r"\1 ", text, flags=re.MULTILINE)


def report(
    entries: list[Entry],
    versions: list[tuple[str, str, str, str]],
    other: list[tuple[str, str, str]],
    pip_check: str,
    took: float,
) -> str:
    """The Markdown report."""
    counts = {s: sum(e.status == s for e in entries) for s in (UNCHANGED, CHANGED, RAISED)}
    noisy = [e for e in entries if e.stderr]
    now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    lines = [
        "# Drift report: the snippets under the newest TensorFlow, Keras and NumPy",
        "",
        f"Generated {now} by `nox -s drift`; Python {platform.python_version()} on "
        f"{platform.system()} {platform.machine()}; every snippet run as `python file.py` "
        f"(exercises solved), TensorFlow's defaults; {took:.0f} s.",
        "",
        "| package | pinned (requirements.txt) | newest on the index | this run |",
        "| --- | --- | --- | --- |",
        *(f"| {name} | {pinned} | {newest} | {used} |" for name, pinned, newest, used in versions),
        "",
    ]
    if all(pinned == used for _, pinned, _, used in versions):
        lines += ["The newest releases are the pinned ones: this run checks the pins themselves.", ""]
    if other:
        lines += [
            "Other packages the upgrade moved off their pins:",
            "",
            *(f"- {name}: {pinned} → {used}" for name, pinned, used in other),
            "",
        ]
    else:
        lines += ["No other package moved off its pin.", ""]
    verdict = "reports broken requirements:" if pip_check else "no broken requirements."
    lines += [f"`pip check`: {verdict}", ""]
    if pip_check:
        lines += ["```text", pip_check, "```", ""]
    lines += [
        "## Summary",
        "",
        f"{len(entries)} snippets: **{counts[UNCHANGED]} unchanged**, **{counts[CHANGED]} changed**, "
        f"**{counts[RAISED]} raised**; {len(noisy)} wrote to stderr.",
        "",
        "| snippet | result | stderr | seconds |",
        "| --- | --- | --- | --- |",
        *(f"| `{e.snippet}` | {e.status} | {'yes' if e.stderr else ''} | {e.seconds:.1f} |" for e in entries),
        "",
    ]
    changed = [e for e in entries if e.status == CHANGED]
    if changed:
        lines += ["## Changed: the block no longer matches what the snippet prints", ""]
        for entry in changed:
            lines += [f"### `{entry.snippet}`", "", "```diff", entry.diff.rstrip("\n"), "```", ""]
    raised = [e for e in entries if e.status == RAISED]
    if raised:
        lines += ["## Raised", ""]
        for entry in raised:
            lines += [f"### `{entry.snippet}`", "", "```text", entry.error, "```", ""]
    if noisy:
        lines += ["## Wrote to stderr (would show on the page; the tests fail on it)", ""]
        groups: dict[str, list[Entry]] = {}
        for entry in noisy:
            groups.setdefault(_stderr_key(entry.stderr), []).append(entry)
        for text, members in groups.items():
            lines += [", ".join(f"`{e.snippet}`" for e in members) + ":", "", "```text", text, "```", ""]
    unchanged = [e for e in entries if e.status == UNCHANGED]
    if unchanged:
        lines += ["## Unchanged", "", *(f"- `{e.snippet}`" for e in unchanged), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m snippetkit.drift", description=__doc__.split("\n")[0])
    parser.add_argument("targets", nargs="*", help="snippet files or page names (default: every snippet)")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "drift", help="report folder")
    parser.add_argument("--jobs", type=int, default=None, help="snippets at a time (default: one per core)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=None,
        help="seconds per snippet (default: the snippet_matrix_timeout setting)",
    )
    parser.add_argument("--offline", action="store_true", help="do not ask the index for the newest releases")
    args = parser.parse_args(argv)

    pinned = pins.read(REQUIREMENTS)
    versions = []
    for name in UPGRADED:
        used = installed(name)
        if used is None:
            print(messages.DRIFT_NOT_INSTALLED.format(name=name), file=sys.stderr)
            return 2
        newest = "not asked (--offline)" if args.offline else newest_on_index(name)
        versions.append((name, pinned.get(name, "not pinned"), newest, used))
    other = [
        (name, version, installed(name))
        for name, version in pinned.items()
        if name not in UPGRADED and installed(name) not in (None, version)
    ]
    pip_check = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True)
    pip_problems = "" if pip_check.returncode == 0 else (pip_check.stdout + pip_check.stderr).strip()

    paths = portability.select(args.targets)
    if not paths:
        print(messages.DRIFT_NO_SNIPPETS, file=sys.stderr)
        return 2
    under = ", ".join(f"{name} {used}" for name, _, _, used in versions)
    print(messages.DRIFT_START.format(snippets=len(paths), versions=under), flush=True)
    start = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="drift-") as tmp,
        concurrent.futures.ThreadPoolExecutor(args.jobs) as pool,
    ):
        futures = []
        for number, path in enumerate(paths):
            workdir = Path(tmp) / str(number)
            workdir.mkdir()
            futures.append(pool.submit(check, path, workdir, args.timeout))
        for future in concurrent.futures.as_completed(futures):
            print({UNCHANGED: ".", CHANGED: "C", RAISED: "E"}[future.result().status], end="", flush=True)
        entries = [future.result() for future in futures]
    took = time.perf_counter() - start
    print()

    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / "drift.md"
    target.write_text(report(entries, versions, other, pip_problems, took), encoding="utf-8")

    for name, pin, newest, used in versions:
        print(f"  {name:15} pinned {pin:10} newest {newest:10} this run {used}")
    for name, pin, used in other:
        print(f"  also moved: {name} {pin} -> {used}")
    if pip_problems:
        print(messages.DRIFT_PIP_CHECK)
    counts = {s: [e.snippet for e in entries if e.status == s] for s in (UNCHANGED, CHANGED, RAISED)}
    for status in (CHANGED, RAISED):
        for snippet in counts[status]:
            print(f"  {status:9} {snippet}")
    noisy = sum(bool(e.stderr) for e in entries)
    print(
        messages.DRIFT_SUMMARY.format(
            snippets=len(entries),
            unchanged=len(counts[UNCHANGED]),
            changed=len(counts[CHANGED]),
            raised=len(counts[RAISED]),
            noisy=noisy,
            report=display_name(target),
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
