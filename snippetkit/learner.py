"""Check an example on your own computer the way the lesson's own tests check it.

The lesson's snippet archive (``lesson-snippets.zip``) ships this module with
the parts of ``snippetkit`` it uses and a ``check.py`` that calls :func:`main`::

    python check.py your_turn_dropout_l2.py

runs the file as it is (your edited copy: blanks and all) with ``python``
(:func:`snippetkit.execute.run_as_learner`, as the lesson's tools run it), and
compares what it printed with the file's ``# Expected output:`` block by the
same rule as CI (:mod:`snippetkit.checker`), printing the same message: the
expected lines, the printed ones, and the lines that differ. Exit status 0 when
it passes, 1 when it does not, 2 when the file cannot be found.

When the output differs, a short :func:`diagnosis` follows: the installed
TensorFlow, Keras, NumPy and Python against the lesson's (the archive's
``requirements.txt``), the CPU, oneDNN and threads, and what kind of difference
it is (a last digit, or words, shape or line count).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
from pathlib import Path

from . import ROOT, checker, execute, messages, pins, snippetfile
from .settings import load as load_settings
from .versions import distributions, installed

#: The archive's list of the lesson's exercises, in reading order (written by snippetkit.downloads).
EXERCISES = "snippetkit/exercises.txt"


def find(name: str, root: Path) -> Path | None:
    """*name* as a path, or else the snippet of that file name under *root*/snippets."""
    path = Path(name)
    if path.is_file():
        return path
    found = sorted((root / "snippets").rglob(path.name))
    if len(found) != 1:
        return None
    try:
        return found[0].relative_to(Path.cwd())  # named in messages as the learner would type it
    except ValueError:
        return found[0]


def check(path: Path, timeout: float | None = None) -> str | None:
    """Run *path* as written and check its output: ``None`` if it passes, else the message.
    *timeout*: seconds, by default the ``snippet_check_timeout`` setting (generous: a learner's
    computer may be slower than CI's)."""
    timeout = load_settings().snippet_check_timeout if timeout is None else timeout
    source = path.read_text(encoding="utf-8")
    printed = None
    try:
        expected, line, no_output = snippetfile.parse_expected(source, str(path))
        snip = snippetfile.Snippet(path, source, expected, line, no_output)
        printed = execute.run(snip, timeout=timeout, as_written=True, isolated=True)
        checker.check_output(snip, printed)
    except snippetfile.SnippetError as err:
        message = str(err)
        if messages.BLANK_NAME_ERROR in message:
            message += "\n" + messages.CHECK_FILL_BLANKS
        if printed is not None:  # it ran, and printed something else: why that may be
            message = message.rstrip("\n") + "\n\n" + diagnosis(snip, printed)
        return message
    return None


def next_step(path: Path, root: Path) -> str | None:
    """One line suggesting what to do after *path* passed: the exercise after it in the lesson (or,
    for an example, the next exercise from its page on), or that the lesson's exercises are done."""
    try:
        exercises = (root / EXERCISES).read_text(encoding="utf-8").split()
    except OSError:
        return None
    names = [Path(name).name for name in exercises]
    if path.name in names:
        later = exercises[names.index(path.name) + 1 :]
        if not later:
            return messages.CHECK_LAST
    else:
        page = path.parent.name
        pages = [Path(name).parent.name for name in exercises]
        if page not in pages:
            return None
        later = exercises[pages.index(page) :]
    following = later[0]
    where = Path(following).parent.name.replace("-", " ")
    return messages.CHECK_NEXT.format(where=where, file=following)


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    parser = argparse.ArgumentParser(prog="check.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", help="example files, by path or by file name")
    args = parser.parse_args(argv)
    root = root or Path(__file__).resolve().parent.parent
    status = 0
    for name in args.files:
        path = find(name, root)
        if path is None:
            print(messages.CHECK_NO_FILE.format(name=name, folder=root / "snippets"))
            status = max(status, 2)
            continue
        message = check(path)
        if message is None:
            print(messages.CHECK_PASSED.format(file=path))
            if (step := next_step(path, root)) is not None:
                print(step)
        else:
            print(messages.CHECK_FAILED.format(message=message))
            status = max(status, 1)
    return status


# -- "Why is my number different?": the diagnosis after a difference ------------------------------

#: x86 vector extensions, widest first, as /proc/cpuinfo's flags name them, and as we call them.
X86_EXTENSIONS = (
    ("avx512f", "AVX-512"),
    ("avx2", "AVX2"),
    ("avx", "AVX"),
    ("sse4_2", "SSE4.2"),
    ("sse4_1", "SSE4.1"),
    ("sse2", "SSE2"),
)

NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def lesson_pins(root: Path = ROOT) -> tuple[dict[str, str], str | None]:
    """The versions the lesson pins (the archive's ``requirements.txt``: name -> version) and the
    Python it was built with (its first line says), if it says (:mod:`snippetkit.pins` reads it)."""
    try:
        return pins.read(root / "requirements.txt"), pins.python_of(root / "requirements.txt")
    except OSError:
        return {}, None


def versions_note(root: Path = ROOT) -> list[str]:
    """The installed TensorFlow, Keras, NumPy and Python, each against the lesson's, and the
    command that installs the lesson's versions when any differs."""
    pinned, lesson_python = lesson_pins(root)
    parts, differ = [], []
    for label, names in distributions().items():
        have = installed(*names)
        want = next((pinned[name] for name in names if name in pinned), None)
        shown = have or messages.NOT_INSTALLED
        if have != want:
            shown = messages.THE_LESSONS_VERSION.format(have=shown, want=want)
        parts.append(messages.INSTALLED_VERSION.format(label=label, version=shown))
        if want and have != want:
            differ.append(label)
    python = platform.python_version()
    if lesson_python and python.split(".")[:2] != lesson_python.split(".")[:2]:
        shown = messages.THE_LESSONS_VERSION.format(have=python, want=lesson_python)
        parts.append(messages.INSTALLED_VERSION.format(label="Python", version=shown))
        differ.append("Python")
    else:
        parts.append(messages.INSTALLED_VERSION.format(label="Python", version=python))
    lines = [messages.INSTALLED_HERE.format(parts=", ".join(parts))]
    if differ:
        requirements = root / "requirements.txt"
        try:
            requirements = requirements.relative_to(Path.cwd())
        except ValueError:
            pass
        lines.append(
            messages.NOT_THE_LESSONS.format(
                labels=" and ".join(differ),
                verb="is" if len(differ) == 1 else "are",
                requirements=requirements,
                python=messages.NOT_THE_LESSONS_PYTHON if "Python" in differ else "",
            )
        )
    else:
        lines.append(messages.THE_LESSONS_VERSIONS)
    return lines


def cpu_flags() -> set[str]:
    """The CPU's feature flags, as this system lists them (Linux's /proc/cpuinfo, an x86 Mac's sysctl)."""
    flags = set()
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as cpuinfo:
                for line in cpuinfo:
                    if line.lower().startswith(("flags", "features")):
                        flags.update(line.split(":", 1)[1].lower().split())
                        break
        except OSError:
            pass
    elif sys.platform == "darwin" and platform.machine().lower() in {"x86_64", "amd64"}:
        import subprocess

        for key in ("machdep.cpu.features", "machdep.cpu.leaf7_features"):
            done = subprocess.run(["sysctl", "-n", key], capture_output=True, text=True)
            flags.update(word.lower().replace(".", "_") for word in done.stdout.split())
    return flags


def widest_x86_extension(flags: set[str]) -> str | None:
    """The widest x86 vector extension among *flags* (e.g. AVX-512), or None."""
    return next((name for flag, name in X86_EXTENSIONS if flag in flags), None)


def cpu_note() -> str:
    """The CPU's architecture and, on x86, its widest vector extension (where this system says)."""
    machine = platform.machine() or "unknown"
    x86 = machine.lower() in {"x86_64", "amd64", "i386", "i686", "x86"}
    flags = cpu_flags()
    if x86:
        widest = widest_x86_extension(flags)
        text = (
            messages.CPU.format(cpu=messages.WIDEST_EXTENSION.format(cpu=machine, widest=widest))
            if widest
            else messages.CPU_UNREAD.format(machine=machine, system=platform.system() or "this system")
        )
    else:
        sve = ", with SVE" if "sve" in flags else ""
        apple = " (Apple Silicon)" if sys.platform == "darwin" and machine == "arm64" else ""
        text = messages.CPU.format(cpu=f"{machine}{sve}{apple}")
    cap = os.environ.get("ONEDNN_MAX_CPU_ISA")
    return text + (messages.CPU_CAPPED.format(cap=cap) if cap else "") + "."


def onednn_note() -> str:
    """Whether TensorFlow's oneDNN operations are on (TF_ENABLE_ONEDNN_OPTS, else TensorFlow's
    default for this platform), and the threads it may use."""
    setting = os.environ.get("TF_ENABLE_ONEDNN_OPTS")
    system, machine = platform.system(), platform.machine().lower()
    if setting is not None:
        off = setting.strip().lower() in {"0", "false"}
        state = messages.ONEDNN_SET.format(state="off" if off else "on", setting=setting)
    elif system == "Darwin":
        state = messages.ONEDNN_MACOS
    elif machine in {"x86_64", "amd64"} and system in {"Linux", "Windows"}:
        state = messages.ONEDNN_X86.format(system=system)
    else:
        state = messages.ONEDNN_BY_CPU.format(system=system, machine=machine)
    if hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))
    else:
        cores = os.cpu_count() or 1
    chosen = [
        f"{name}={os.environ[name]}"
        for name in ("OMP_NUM_THREADS", "TF_NUM_INTRAOP_THREADS")
        if name in os.environ
    ]
    return messages.ONEDNN.format(
        state=state,
        cores=cores,
        plural="s" * (cores != 1),
        chosen=f" ({', '.join(chosen)})" if chosen else "",
    )


def _last_digit(want: str, have: str) -> bool:
    """Whether *have* is *want* give or take one in *want*'s last printed decimal."""
    if "." not in want or "e" in want.lower():
        return False
    decimals = len(want.split(".", 1)[1])
    return abs(float(want) - float(have)) <= 1.000001 * 10**-decimals


def difference_note(expected: str, printed: str, header_line: int) -> str | None:
    """What kind of difference it is: only in a number's last printed digit, in other digits, or in
    words, shape or line count. None where the block has ``...`` (lines do not pair one to one)."""
    if "..." in expected:
        return None
    want, have = expected.splitlines(), printed.splitlines()
    if len(want) != len(have):
        return messages.DIFFERENCE_LINE_COUNT.format(want=len(want), have=len(have))
    match = checker.OutputChecker()
    kinds: dict[str, list[str]] = {}
    for index, (w, h) in enumerate(zip(want, have)):
        if match.check_output(w + "\n", h + "\n", checker.CHECK_FLAGS):
            continue
        where = f"line {header_line + 1 + index}"
        if NUMBER.sub("#", w).split() != NUMBER.sub("#", h).split():
            kinds.setdefault("words", []).append(where)
            continue
        pairs = [(a, b) for a, b in zip(NUMBER.findall(w), NUMBER.findall(h)) if float(a) != float(b)]
        if re.search(r"\(\s*\d+\s*,|shape", w, re.IGNORECASE):
            kinds.setdefault("shape", []).append(where)
        elif pairs and all(_last_digit(a, b) for a, b in pairs):
            kinds.setdefault("last digit", []).append(
                f"{where}: {', '.join(f'{a} vs {b}' for a, b in pairs)}"
            )
        else:
            kinds.setdefault("numbers", []).append(where)
    if not kinds:
        return None
    if set(kinds) == {"last digit"}:
        return messages.DIFFERENCE_LAST_DIGIT.format(where="; ".join(kinds["last digit"]))
    words = {
        "words": "in words",
        "shape": "in a shape",
        "numbers": "in numbers, beyond their last digit",
        "last digit": "in a last digit",
    }
    found = "; ".join(
        f"{words[kind]} ({', '.join(where.split(':')[0] for where in kinds[kind])})" for kind in kinds
    )
    return messages.DIFFERENCE_MORE.format(found=found)


def diagnosis(snip: snippetfile.Snippet, printed: str, root: Path = ROOT) -> str:
    """Why a run on this computer may print something other than the lesson's block: the lines
    :func:`check` adds after the message when the output differs."""
    lines = [messages.WHY_IT_DIFFERS, *versions_note(root), cpu_note()]
    if re.search(r"^\s*(?:import|from)\s+(?:tensorflow|keras)\b", snip.source, re.MULTILINE):
        lines.append(onednn_note())
    kind = difference_note(snip.expected, printed, snip.expected_line)
    if kind:
        lines.append(kind)
    return "\n".join([lines[0], *("  " + line for line in lines[1:])])
