"""The hosted workflow's native runs: every snippet as a learner runs it, on a machine this one cannot be.

The machine matrix (:mod:`snippetkit.portability`) runs on x86-64. The Pages workflow
(``.github/workflows/pages.yml``) also runs its ``defaults`` setting (``python file.py``, one process
per snippet, TensorFlow's defaults) on GitHub's ARM Linux and Apple Silicon macOS runners, with the
packages a learner installs there (the archive's ``requirements.txt``: ``tensorflow``, not
``tensorflow-cpu``)::

    python -m snippetkit.native --runner macos-14 --out _build/native

writes the results, with what ran them (the runner, its CPU, Python and the installed versions), to
``<runner>.json`` in the form :mod:`snippetkit.verified` reads (the site's "Where these outputs hold"
page shows each runner as a setting of its own), and prints one
``::error`` line for each snippet that failed: GitHub shows it on the run's page, titled with the
snippet and the runner. It exits with 1 then, which fails the job, and the deployment after it.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sys
import tempfile
from datetime import date
from pathlib import Path

from . import portability
from .versions import installed

#: The installed versions the about file records.
PACKAGES = ("tensorflow", "tensorflow-cpu", "keras", "numpy")


def escape(text: str, property: bool = False) -> str:
    """*text* as a workflow command's message (or, with *property*, one of its properties) carries it.

    >>> escape("50%\\nnext: a, b", property=True)
    '50%25%0Anext%3A a%2C b'
    """
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property else text


def annotations(results: list[dict], runner: str) -> list[str]:
    """One ``::error`` workflow command per failed result: at the snippet's file (and the line its
    message names), titled with the snippet and the runner, with the matrix's message."""
    lines = []
    for result in results:
        if result["ok"]:
            continue
        snippet = result["snippet"]
        where = f"file={escape(snippet, True)}"
        line = re.match(rf"{re.escape(snippet)}:(\d+):", result["message"])
        if line:
            where += f",line={line[1]}"
        title = escape(f"{snippet} failed on {runner}", True)
        lines.append(f"::error {where},title={title}::{escape(result['message'])}")
    return lines


def about(runner: str) -> dict:
    """What ran the snippets: the runner, its system and CPU, Python and the installed versions."""
    versions = {name: installed(name) for name in PACKAGES if installed(name) is not None}
    return {
        "runner": runner,
        "system": platform.system(),
        "machine": platform.machine(),
        "processor": platform.processor(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "packages": versions,
    }


def report(runner: str, results: list[dict], info: dict) -> dict:
    """The runner's results as :mod:`snippetkit.verified` reads them: one setting, named for the runner."""
    cpu = info["processor"] or info["machine"]
    setting = {
        "name": runner,
        "about": f"python file.py on GitHub's {runner} runner ({info['system']}, Python {info['python']})",
        "machine": f"{cpu}, {info['platform']}",
        "arch": info["machine"],
    }
    rows = [{**result, "setting": runner} for result in results]
    return {
        "run": {"date": date.today().isoformat(), "native": True, "about": info, "settings": [setting]},
        "results": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m snippetkit.native", description=__doc__.split("\n")[0])
    parser.add_argument("--runner", required=True, help="the runner's name, for the messages and files")
    parser.add_argument("--out", type=Path, default=Path("_build/native"), help="folder for the results")
    parser.add_argument("targets", nargs="*", help="snippet files or page names (default: every snippet)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    results_file = args.out / f"{args.runner}.json"
    results_file.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        matrix_file = Path(folder) / "matrix.json"
        status = portability.main(["--setting", "defaults", "--json", str(matrix_file), *args.targets])
        try:
            results = json.loads(matrix_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            title = escape(f"the snippets did not run on {args.runner}", True)
            print(f"::error title={title}::the machine matrix exited with {status} and wrote no results")
            return 1
    results_file.write_text(json.dumps(report(args.runner, results, about(args.runner)), indent=1))
    lines = annotations(results, args.runner)
    for line in lines:
        print(line)
    return 1 if lines or status else 0


if __name__ == "__main__":
    sys.exit(main())
