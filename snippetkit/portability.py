"""The machine matrix: does every snippet print its block wherever a learner runs it?

A learner runs ``python file.py`` on whatever CPU they have, with TensorFlow's
default settings. The numbers a training run prints depend on which kernels
oneDNN picks for that CPU (AVX-512, AVX2, SSE4.1), on whether TensorFlow's
oneDNN operations are on, and on how many cores split the work. This module
runs every snippet (exercises solved) under each of those conditions and
checks the output against the snippet's ``# Expected output:`` block with the
rule CI uses everywhere (:func:`snippetkit.snippet.check_output`).

Run it with ``nox -s portability`` (or ``python -m snippetkit.portability
[SNIPPET_OR_PAGE ...]``); it prints a table, snippet × setting, and for each
failure the snippet, the setting, the expected and the printed lines.
Nothing here changes a number: every setting is one a real machine has.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import snippet as snippets

ROOT = Path(__file__).resolve().parent.parent


@dataclasses.dataclass(frozen=True)
class Setting:
    """One condition of the matrix: environment variables, a command prefix, runs per process."""

    name: str
    about: str
    env: dict = dataclasses.field(default_factory=dict)
    prefix: tuple[str, ...] = ()
    runs_per_process: int = 1  # 2: the snippet runs twice in one process; both runs are checked


SETTINGS = (
    Setting("defaults", "python file.py, TensorFlow's defaults, all cores"),
    Setting("avx2", "oneDNN kernels capped at AVX2 (most laptops)", {"ONEDNN_MAX_CPU_ISA": "AVX2"}),
    Setting("sse41", "oneDNN kernels capped at SSE4.1 (old CPUs)", {"ONEDNN_MAX_CPU_ISA": "SSE41"}),
    Setting("no-onednn", "TensorFlow's oneDNN operations off", {"TF_ENABLE_ONEDNN_OPTS": "0"}),
    Setting("one-core", "pinned to one core (taskset -c 0)", prefix=("taskset", "-c", "0")),
    Setting("twice", "run twice in a row in one process", runs_per_process=2),
    Setting("2nd-process", "a second, separate process with the defaults"),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}

@dataclasses.dataclass
class Result:
    snippet: str
    setting: str
    ok: bool
    seconds: float
    message: str = ""


def available(setting: Setting) -> str | None:
    """Why *setting* cannot run on this machine, or None."""
    if setting.prefix and shutil.which(setting.prefix[0]) is None:
        return f"{setting.prefix[0]} is not installed"
    return None


def run_one(snip: snippets.Snippet, setting: Setting, workdir: Path, timeout: float = 300.0) -> Result:
    """Run *snip* (solved) under *setting* and check each output against its block."""
    name = str(snip.path)
    source = snip.solution()
    script = snip.path.resolve()
    if source != snip.source:
        script = workdir / f"{snip.path.stem}_solved.py"
        script.write_text(source, encoding="utf-8")
    env = {**os.environ, **snippets.QUIET_ENV, **setting.env}
    cwd = snip.path.resolve().parent
    if setting.runs_per_process == 1:
        command, stdin = [*setting.prefix, sys.executable, str(script)], None
    else:  # the test harness's worker (snippetkit.worker), asked to run the script N times
        command = [*setting.prefix, sys.executable, "-m", "snippetkit.worker"]
        env["PYTHONPATH"] = str(ROOT)
        stdin = (json.dumps({"script": str(script), "cwd": str(cwd)}) + "\n") * setting.runs_per_process
    start = time.perf_counter()
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, text=True, encoding="utf-8",
                              env=env, cwd=cwd, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Result(name, setting.name, False, timeout, f"did not finish within {timeout:g} s")
    seconds = time.perf_counter() - start
    runs = ([json.loads(line) for line in done.stdout.splitlines()] if stdin
            else [{"stdout": done.stdout, "stderr": done.stderr, "returncode": done.returncode}])
    outputs = []
    for run in runs:
        if run["returncode"] != 0:
            tail = "\n".join(run["stderr"].strip().splitlines()[-15:])
            return Result(name, setting.name, False, seconds, f"the snippet raised:\n{tail}")
        outputs.append(run["stdout"])
    if len(outputs) != setting.runs_per_process:
        return Result(name, setting.name, False, seconds, f"the worker died:\n{done.stderr[-2000:]}")
    for number, output in enumerate(outputs, 1):
        try:
            snippets.check_output(snip, output)
        except snippets.SnippetError as err:
            run = f" (run {number} of {len(outputs)} in one process)" if len(outputs) > 1 else ""
            return Result(name, setting.name, False, seconds, f"{err}{run}")
    return Result(name, setting.name, True, seconds)


def select(targets: list[str]) -> list[Path]:
    """Snippet files named by *targets*: files, page folders (``snippets/<page>``) or page names."""
    everything = snippets.discover(ROOT / "snippets")
    if not targets:
        return everything
    chosen = []
    for target in targets:
        path = Path(target)
        for candidate in (path, ROOT / path, ROOT / "snippets" / path, ROOT / "snippets" / Path(target).stem):
            if candidate.is_file() and candidate.suffix == ".py":
                chosen.append(candidate.resolve())
                break
            if candidate.is_dir():
                chosen += snippets.discover(candidate)
                break
        else:
            raise SystemExit(f"no snippet or page folder named {target!r} (looked under snippets/)")
    return list(dict.fromkeys(p.resolve() for p in chosen))


def run_matrix(paths: list[Path], settings=SETTINGS, jobs: int | None = None,
               progress=None) -> list[Result]:
    """Every snippet in *paths* under every setting; results in (snippet, setting) order."""
    jobs = jobs or os.cpu_count() or 1
    loaded = [snippets.load(Path(os.path.relpath(p, Path.cwd()))) for p in paths]
    with tempfile.TemporaryDirectory(prefix="matrix-") as tmp:
        tasks = {}
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            for snip in loaded:
                for setting in settings:
                    workdir = Path(tmp) / f"{len(tasks)}"
                    workdir.mkdir()
                    tasks[pool.submit(run_one, snip, setting, workdir)] = (snip, setting)
            for future in concurrent.futures.as_completed(tasks):
                if progress:
                    progress(future.result())
        return [future.result() for future in tasks]


def table(results: list[Result], settings=SETTINGS) -> str:
    """A Markdown table, snippet × setting: ``ok`` or ``FAIL``."""
    names = [s.name for s in settings]
    rows = {}
    for result in results:
        rows.setdefault(result.snippet, {})[result.setting] = result
    lines = ["| snippet | " + " | ".join(names) + " |", "| --- |" + " --- |" * len(names)]
    for snippet, cells in rows.items():
        marks = ["ok" if cells[n].ok else "FAIL" for n in names if n in cells]
        lines.append(f"| {snippet} | " + " | ".join(marks) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m snippetkit.portability", description=__doc__.split("\n")[0])
    parser.add_argument("targets", nargs="*", help="snippet files or page names (default: every snippet)")
    parser.add_argument("--setting", action="append", choices=list(BY_NAME),
                        help="run only these settings (repeatable; default: all)")
    parser.add_argument("--jobs", type=int, default=None, help="runs at a time (default: one per core)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    settings = [BY_NAME[name] for name in args.setting] if args.setting else list(SETTINGS)
    for setting in list(settings):
        why = available(setting)
        if why:
            print(f"cannot run setting {setting.name!r} here: {why}", file=sys.stderr)
            return 2
    paths = select(args.targets)
    print(f"machine matrix: {len(paths)} snippets x {len(settings)} settings", flush=True)
    for setting in settings:
        print(f"  {setting.name:12} {setting.about}")
    start = time.perf_counter()
    results = run_matrix(paths, settings, args.jobs,
                         progress=lambda r: print("." if r.ok else "F", end="", flush=True))
    print(f"\n\n{table(results, settings)}\n")
    failures = [r for r in results if not r.ok]
    for failure in failures:
        print(f"FAILED {failure.snippet} under {failure.setting!r} ({BY_NAME[failure.setting].about}):")
        print("\n".join("    " + line for line in failure.message.splitlines()), end="\n\n")
    took = time.perf_counter() - start
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([dataclasses.asdict(r) for r in results], indent=1))
    print(f"{len(results) - len(failures)} passed, {len(failures)} failed in {took:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
