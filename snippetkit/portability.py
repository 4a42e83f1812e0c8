"""The machine matrix: does every snippet print its block wherever a learner runs it?

A learner runs ``python file.py`` on whatever CPU they have, with TensorFlow's
default settings. The numbers a training run prints depend on which kernels
oneDNN picks for that CPU (AVX-512, AVX2, SSE4.1), on whether TensorFlow's
oneDNN operations are on, and on how many cores split the work. This module
runs every snippet (exercises solved) under each of those conditions and
checks the output against the snippet's ``# Expected output:`` block with the
rule CI uses everywhere (:func:`snippetkit.checker.check_output`).

Run it with ``nox -s portability`` (or ``python -m snippetkit.portability
[SNIPPET_OR_PAGE ...]``); it prints a table, snippet × setting, and for each
failure the snippet, the setting, the expected and the printed lines.
Nothing here changes a number: every setting is one a real machine has.

The ``arm64`` setting runs the snippets on another CPU architecture: aarch64
CPython 3.11 with the pinned packages (``tensorflow``'s aarch64 wheel),
emulated by ``qemu-aarch64-static`` as a Neoverse N1 (Graviton 2, Ampere
Altra; like Apple's M-series, no SVE). :mod:`snippetkit.arm` makes that
environment the first time a run needs it and keeps it under ``_build/arm64/``
for the pins. TensorFlow's import takes half a minute there, so its snippets
share one worker process per core (``split``), each importing it once.

``--json FILE`` (``nox -s portability`` writes ``_build/portability.json``)
saves a list with one object per (snippet, setting), in table order:
``snippet`` (its path), ``setting`` (its name), ``ok``, ``seconds``,
``message`` (why it failed; empty when ``ok``), ``outputs`` (what each run
printed), and, describing the setting so a reader of the file needs no other
source: ``about`` (the setting's one-line description, as the table's legend
prints it), ``machine`` (``x86_64`` or ``aarch64``), ``cpu`` (the CPU the
snippet ran on: this machine's model name from ``/proc/cpuinfo``, or the
emulated model, e.g. ``neoverse-n1``) and ``emulated`` (true when qemu ran
it); ``day`` (the run's date, ``YYYY-MM-DD``) and ``sha256`` (the digest of the
snippet file that ran), which the site's "Where these outputs hold" page
(:mod:`snippetkit.verified`) reads.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import datetime
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import ROOT, arm, checker, execute, learner, messages, snippetfile
from .settings import load as load_settings


@dataclasses.dataclass(frozen=True)
class Setting:
    """One condition of the matrix: environment variables, a command prefix, how it runs.

    ``fresh``: each snippet in its own ``python file.py``, exactly as a learner
    runs it (:func:`snippetkit.execute.run_as_learner`). Otherwise the snippets of
    the setting run one after another in one long-lived
    :class:`snippetkit.execute.Worker` started under the setting (as the test suite
    runs them), each ``runs`` times in a row.
    """

    name: str
    about: str
    env: dict = dataclasses.field(default_factory=dict)
    prefix: tuple[str, ...] = ()
    fresh: bool = False
    runs: int = 1
    #: ``aarch64``: run by :mod:`snippetkit.arm`'s interpreter, under qemu as the CPU model ``cpu``.
    machine: str = "x86_64"
    cpu: str = ""
    #: Share the snippets among one worker process per job (each imports TensorFlow once),
    #: instead of one worker for them all.
    split: bool = False

    @property
    def timeout(self) -> float:
        """Seconds one snippet may take: a setting of :mod:`snippetkit.settings` (an emulated one,
        with TensorFlow's import, takes longer)."""
        config = load_settings()
        return config.snippet_emulated_timeout if self.machine == "aarch64" else config.snippet_matrix_timeout


def usable_cpus() -> list[int]:
    """The CPUs this process may run on (its affinity), lowest first; all of them where that is unknown."""
    if hasattr(os, "sched_getaffinity"):
        return sorted(os.sched_getaffinity(0))
    return list(range(os.cpu_count() or 1))


#: The core the one-core setting pins to: the first this process may use (0 unless a cpuset says not).
ONE_CPU = str(usable_cpus()[0])

SETTINGS = (
    Setting("defaults", "python file.py with TensorFlow's defaults, all cores", fresh=True),
    Setting("avx2", "oneDNN kernels capped at AVX2, as on most laptops", {"ONEDNN_MAX_CPU_ISA": "AVX2"}),
    Setting(
        "sse41",
        "oneDNN kernels capped at SSE4.1, its oldest instruction set",
        {"ONEDNN_MAX_CPU_ISA": "SSE41"},
    ),
    Setting("no-onednn", "TensorFlow's oneDNN operations off", {"TF_ENABLE_ONEDNN_OPTS": "0"}),
    Setting("one-core", f"pinned to one core (taskset -c {ONE_CPU})", prefix=("taskset", "-c", ONE_CPU)),
    Setting("twice", "a second process, and twice in a row in it", runs=2),
    Setting(
        "arm64",
        "aarch64 CPU without SVE (Neoverse N1: Graviton 2, Ampere Altra), emulated by qemu",
        machine="aarch64",
        cpu="neoverse-n1",
        split=True,
    ),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}

#: Environment variables the matrix sets; a learner's run (``defaults``) has none of them.
MATRIX_VARIABLES = sorted({name for setting in SETTINGS for name in setting.env})
#: The environment's changes for TensorFlow's default settings: the matrix's variables unset
#: (:func:`snippetkit.execute.run_as_learner`'s *env*), whatever this process has.
TF_DEFAULTS = dict.fromkeys(MATRIX_VARIABLES)


@dataclasses.dataclass
class Result:
    snippet: str
    setting: str
    ok: bool
    seconds: float
    message: str = ""
    outputs: list[str] = dataclasses.field(default_factory=list)


def available(setting: Setting) -> str | None:
    """Why *setting* cannot run on this machine, or None (an aarch64 one: its environment is
    made, or can be made here)."""
    if setting.prefix and shutil.which(setting.prefix[0]) is None:
        return messages.MATRIX_NOT_INSTALLED.format(command=setting.prefix[0])
    if setting.machine == "aarch64" and not arm.machine().ready():
        return arm.missing_tools()
    return None


def prepare(settings) -> None:
    """Make what *settings* need that is not made yet: the aarch64 environment (once per pins)."""
    if any(setting.machine == "aarch64" for setting in settings):
        arm.prepare()


def interpreter(setting: Setting) -> tuple[list[str], list[str]]:
    """The command that is ``python`` under *setting*, and the folders its packages are in (beyond
    its own site-packages)."""
    if setting.machine == "aarch64":
        made = arm.machine()
        return [*setting.prefix, *made.interpreter(setting.cpu)], [str(made.wheels)]
    return [*setting.prefix, sys.executable], []


def host_cpu() -> str:
    """This machine's CPU model, as ``/proc/cpuinfo`` names it (its architecture where it does not), and
    its widest x86 vector extension: what the capped settings (AVX2, SSE4.1) are capped from."""
    model = platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    widest = learner.widest_x86_extension(learner.cpu_flags())
    return messages.WIDEST_EXTENSION.format(cpu=model, widest=widest) if widest else model


def describe(setting: Setting) -> dict:
    """What the results file says of *setting*: its description, architecture, CPU, emulated or not."""
    emulated = setting.machine == "aarch64"  # always under qemu, even on an aarch64 host
    return {
        "about": setting.about,
        "machine": setting.machine,
        "cpu": setting.cpu if emulated else host_cpu(),
        "emulated": emulated,
    }


def records(results: list[Result], settings=SETTINGS) -> list[dict]:
    """The results file's entries: each result's fields, its setting's :func:`describe`, the day of
    the run and the digest of the snippet file it ran (so a reader can tell a result that no longer
    holds for the file as it is now)."""
    about = {setting.name: describe(setting) for setting in settings}
    day = datetime.date.today().isoformat()
    digests = {}
    for r in results:
        if r.snippet not in digests:
            path = Path(r.snippet)
            digests[r.snippet] = file_digest(path) if path.is_file() else ""
    return [
        {**dataclasses.asdict(r), **about.get(r.setting, {}), "day": day, "sha256": digests[r.snippet]}
        for r in results
    ]


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, as the results file records it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _judge(
    snip: snippetfile.Snippet, setting: Setting, seconds: float, runs: list[subprocess.CompletedProcess]
) -> Result:
    """Check every run's output against the block; the first difference fails the result."""
    result = Result(str(snip.path), setting.name, True, round(seconds, 2), outputs=[r.stdout for r in runs])
    for number, run in enumerate(runs, 1):
        which = messages.MATRIX_WHICH_RUN.format(number=number, runs=len(runs)) if len(runs) > 1 else ""
        if run.returncode != 0:
            tail = "\n".join(run.stderr.strip().splitlines()[-15:])
            result.ok = False
            result.message = messages.MATRIX_RAISED.format(file=snip.path, which=which, tail=tail)
            return result
        try:
            checker.check_output(snip, run.stdout)
        except snippetfile.SnippetError as err:
            result.ok, result.message = False, f"{err}{which}"
            return result
    return result


def run_fresh(
    snip: snippetfile.Snippet, workdir: Path, timeout: float, setting: Setting = SETTINGS[0]
) -> subprocess.CompletedProcess:
    """:func:`snippetkit.execute.run_as_learner` under *setting*: its interpreter and its environment
    on TensorFlow's defaults (:data:`TF_DEFAULTS`)."""
    python, path = interpreter(setting)
    env = {**TF_DEFAULTS, **setting.env}
    if path:
        env["PYTHONPATH"] = os.pathsep.join(path)
    return execute.run_as_learner(snip, workdir, timeout, env=env, python=python)


def run_one(
    snip: snippetfile.Snippet, setting: Setting, workdir: Path, timeout: float | None = None
) -> Result:
    """Run *snip* (solved) in a fresh process under *setting*, ``runs`` times, and check it."""
    timeout = timeout or setting.timeout
    start, runs = time.perf_counter(), []
    for _ in range(setting.runs):
        try:
            runs.append(run_fresh(snip, workdir, timeout, setting))
        except subprocess.TimeoutExpired:
            message = messages.TIMEOUT.format(file=snip.path, seconds=timeout)
            return Result(str(snip.path), setting.name, False, timeout, message)
    return _judge(snip, setting, time.perf_counter() - start, runs)


class Shared:
    """An iterator several threads take items from, each item once (a split setting's snippets)."""

    def __init__(self, items) -> None:
        self._items, self._lock = iter(items), threading.Lock()

    def __iter__(self):
        return self

    def __next__(self):
        with self._lock:
            return next(self._items)


def run_lane(
    loaded, setting: Setting, workdir: Path, timeout: float | None = None, progress=None
) -> list[Result]:
    """Run the snippets one after another in one worker process started under *setting*.

    *loaded* may be a :class:`Shared` iterator that other lanes of the setting take from too; the
    worker starts with the first snippet this lane gets (none: no process at all).
    """
    timeout = timeout or setting.timeout
    python, path = interpreter(setting)
    results, worker = [], None
    try:
        for snip in loaded:
            if worker is None or worker.process.poll() is not None:
                worker = execute.Worker(
                    {**dict.fromkeys(MATRIX_VARIABLES), **setting.env}, python=python, path=path
                )
            script, cwd = execute.script(snip, workdir), snip.path.resolve().parent
            start, runs = time.perf_counter(), []
            try:
                for _ in range(setting.runs):
                    runs.append(worker.run(script, cwd, timeout))
            except (subprocess.TimeoutExpired, snippetfile.SnippetError) as err:
                worker = None
                message = (
                    messages.TIMEOUT.format(file=snip.path, seconds=timeout)
                    if isinstance(err, subprocess.TimeoutExpired)
                    else str(err)  # the worker died: execute.Worker's message names the file
                )
                results.append(
                    Result(str(snip.path), setting.name, False, time.perf_counter() - start, message)
                )
            else:
                results.append(_judge(snip, setting, time.perf_counter() - start, runs))
            if progress:
                progress(results[-1])
    finally:
        if worker is not None:
            worker.close()
    return results


def select(targets: list[str]) -> list[Path]:
    """Snippet files named by *targets*: files, page folders (``snippets/<page>``) or page names."""
    everything = snippetfile.discover(ROOT / "snippets")
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
                chosen += snippetfile.discover(candidate)
                break
        else:
            raise SystemExit(messages.MATRIX_NO_TARGET.format(target=target))
    return list(dict.fromkeys(p.resolve() for p in chosen))


def run_matrix(paths: list[Path], settings=SETTINGS, jobs: int | None = None, progress=None) -> list[Result]:
    """Every snippet in *paths* under every setting; results in (snippet, setting) order.

    The runs are independent, so *jobs* of them (default: one per usable core) go at once, each in
    its own process(es). Nothing a run sees depends on what runs beside it: a setting is only the
    environment and command prefix of its own processes (``one-core``'s ``taskset`` sets the
    affinity of its worker alone, and TensorFlow sizes its thread pools from that affinity), and a
    ``defaults`` run still has every core. The order of the results, the table and the JSON is the
    order of *paths* and *settings*, whichever run ends first. A ``split`` setting runs in *jobs*
    worker processes that share its snippets. What an aarch64 setting needs is made first, once
    (:func:`prepare`).
    """
    jobs = jobs or len(usable_cpus())
    prepare(settings)
    loaded = [snippetfile.load(Path(os.path.relpath(p, Path.cwd()))) for p in paths]
    found = {}
    with (
        tempfile.TemporaryDirectory(prefix="matrix-") as tmp,
        concurrent.futures.ThreadPoolExecutor(jobs) as pool,
    ):

        def folder() -> Path:
            return Path(tempfile.mkdtemp(dir=tmp))

        futures = []
        # The long worker lanes first: the emulated ones (TensorFlow's import alone takes half a
        # minute there), then the most runs per snippet; the short fresh runs then fill the gaps, so
        # the cores finish together.
        for setting in sorted(settings, key=lambda setting: (not setting.split, -setting.runs)):
            if setting.fresh:
                continue
            share = Shared(loaded) if setting.split else loaded
            for _ in range(jobs if setting.split else 1):
                futures.append(pool.submit(run_lane, share, setting, folder(), progress=progress))
        for setting in settings:
            if setting.fresh:
                for snip in loaded:
                    future = pool.submit(run_one, snip, setting, folder())
                    if progress:
                        future.add_done_callback(lambda f: progress(f.result()))
                    futures.append(future)
        for future in futures:
            outcome = future.result()
            for result in outcome if isinstance(outcome, list) else [outcome]:
                found[result.snippet, result.setting] = result
    return [found[str(snip.path), setting.name] for snip in loaded for setting in settings]


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


def variants(results: list[Result]) -> str:
    """For each snippet, every distinct output and the settings (and runs) that printed it."""
    by_snippet: dict[str, dict[str, list[str]]] = {}
    for result in results:
        seen = by_snippet.setdefault(result.snippet, {})
        for number, output in enumerate(result.outputs, 1):
            label = result.setting + (f" (run {number})" if len(result.outputs) > 1 else "")
            seen.setdefault(output, []).append(label)
    parts = []
    for snippet, seen in by_snippet.items():
        parts.append(f"{snippet}: {len(seen)} distinct output{'s' * (len(seen) != 1)}")
        for output, labels in seen.items():
            parts.append(f"  printed under {', '.join(labels)}:")
            parts.extend("    " + line for line in output.splitlines())
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m snippetkit.portability", description=__doc__.split("\n")[0]
    )
    parser.add_argument("targets", nargs="*", help="snippet files or page names (default: every snippet)")
    parser.add_argument(
        "--setting",
        action="append",
        choices=list(BY_NAME),
        help="run only these settings (repeatable; default: all)",
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=list(BY_NAME),
        help="leave these settings out (repeatable), e.g. arm64 where native ARM runners check it",
    )
    parser.add_argument(
        "--jobs", type=int, default=None, help="runs at a time (default: one per core this process may use)"
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument(
        "--show",
        action="store_true",
        help="print what each snippet printed, grouped by the settings that printed it",
    )
    args = parser.parse_args(argv)
    settings = [BY_NAME[name] for name in args.setting] if args.setting else list(SETTINGS)
    settings = [setting for setting in settings if setting.name not in args.skip]
    for setting in list(settings):
        why = available(setting)
        if why:
            print(messages.MATRIX_CANNOT_RUN.format(setting=setting.name, why=why), file=sys.stderr)
            return 2
    paths = select(args.targets)
    try:
        prepare(settings)
    except RuntimeError as err:
        print(messages.MATRIX_CANNOT_RUN.format(setting="arm64", why=err), file=sys.stderr)
        return 2
    print(messages.MATRIX_START.format(snippets=len(paths), count=len(settings)), flush=True)
    for setting in settings:
        print(f"  {setting.name:12} {setting.machine:8} {setting.about}")
    start = time.perf_counter()
    results = run_matrix(
        paths, settings, args.jobs, progress=lambda r: print("." if r.ok else "F", end="", flush=True)
    )
    print(f"\n\n{table(results, settings)}\n")
    if args.show:
        print(variants(results))
    failures = [r for r in results if not r.ok]
    for failure in failures:
        about = BY_NAME[failure.setting].about
        print(messages.MATRIX_FAILED.format(file=failure.snippet, setting=failure.setting, about=about))
        print("\n".join("    " + line for line in failure.message.splitlines()), end="\n\n")
    took = time.perf_counter() - start
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(records(results, settings), indent=1))
    spent = {
        setting.name: sum(r.seconds for r in results if r.setting == setting.name) for setting in settings
    }
    print(messages.MATRIX_SECONDS.format(spent=", ".join(f"{n} {s:.0f}" for n, s in spent.items())))
    print(
        messages.MATRIX_SUMMARY.format(
            passed=len(results) - len(failures), failed=len(failures), seconds=took
        )
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
