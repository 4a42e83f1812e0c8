"""Check an example on your own computer the way the lesson's own tests check it.

The lesson's snippet archive (``lesson-snippets.zip``) ships this module with
the parts of ``snippetkit`` it uses and a ``check.py`` that calls :func:`main`::

    python check.py your_turn_dropout_l2.py

runs the file as it is (your edited copy: blanks and all) with ``python``, and
compares what it printed with the file's ``# Expected output:`` block by the
same rule as CI (:mod:`snippetkit.checker`), printing the same message: the
expected lines, the printed ones, and the lines that differ. Exit status 0 when
it passes, 1 when it does not, 2 when the file cannot be found.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from . import checker, execute, snippetfile

#: The archive's list of the lesson's exercises, in reading order (written by snippetkit.downloads).
EXERCISES = "snippetkit/exercises.txt"

#: Seconds an example may run here: generous, a learner's computer may be slower than CI's.
TIMEOUT = 600


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


def check(path: Path, timeout: float = TIMEOUT) -> str | None:
    """Run *path* as written and check its output: ``None`` if it passes, else the message."""
    source = path.read_text(encoding="utf-8")
    try:
        expected, line, no_output = snippetfile.parse_expected(source, str(path))
        snip = snippetfile.Snippet(path, source, expected, line, no_output)
        checker.check_output(snip, execute.run(snip, timeout=timeout, as_written=True, isolated=True))
    except snippetfile.SnippetError as err:
        message = str(err)
        if "NameError: name '___' is not defined" in message:
            message += "\n(Fill in each ___ blank first: the 👉 note on its line says where to look.)"
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
            return "That was the lesson's last exercise: well done!"
    else:
        page = path.parent.name
        pages = [Path(name).parent.name for name in exercises]
        if page not in pages:
            return None
        later = exercises[pages.index(page) :]
    following = later[0]
    where = Path(following).parent.name.replace("-", " ")
    return f"Next: the {where} exercise, python check.py {following}"


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    parser = argparse.ArgumentParser(prog="check.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", help="example files, by path or by file name")
    args = parser.parse_args(argv)
    root = root or Path(__file__).resolve().parent.parent
    status = 0
    for name in args.files:
        path = find(name, root)
        if path is None:
            print(f"{name}: no such file here, and no single snippet of that name under {root / 'snippets'}")
            status = max(status, 2)
            continue
        message = check(path)
        if message is None:
            print(f"✓ {path}: printed its expected output (checked the way the lesson's own tests check it)")
            if (step := next_step(path, root)) is not None:
                print(step)
        else:
            print(f"✗ {message}")
            status = max(status, 1)
    return status
