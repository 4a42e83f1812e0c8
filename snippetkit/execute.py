"""Running a snippet as a learner does (``python file.py``): in a process of its own, or in the test worker.

:func:`run_as_learner` is the one way a snippet runs in a fresh interpreter: the
test harness with ``SNIPPETS_ISOLATED=1``, the machine matrix, accept, drift and
a learner's check.py all call it. :func:`script` writes the form that runs (an
exercise solved, or as handed out). TensorFlow's import costs seconds, so the
tests' :func:`run` uses a :class:`Worker` by default, which pays it once per test
process (see :mod:`snippetkit.worker`, the process on the other end). The
build's notebook kernels get the same quiet environment (:func:`configure_kernels`).
Nothing here changes a number a snippet prints: the environment only quiets logs.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import select
import subprocess
import sys
from pathlib import Path

from . import ROOT, messages, settings
from .snippetfile import Snippet, SnippetError

#: Environment for running a snippet: no TensorFlow start-up logs on stderr.
#: Only logging: nothing here may change a number a snippet prints, so the
#: build and the tests check what ``python file.py`` prints for a learner.
QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONUNBUFFERED": "1"}

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


class Worker:
    """A long-lived ``python -m snippetkit.worker`` that runs scripts one by one.

    It imports TensorFlow once instead of once per snippet. A script that runs
    past its timeout gets the worker killed; the next call starts a new one.
    """

    def __init__(
        self,
        env: dict | None = None,
        prefix: tuple[str, ...] = (),
        python: list[str] | None = None,
        path: list[str] = (),
    ):
        """*env* sets (a value of None: unsets) environment variables; *prefix* is a command to
        run the worker under (``taskset -c 0``); *python* the interpreter's command (this one's by
        default; the matrix's aarch64 one is qemu's), *path* folders of packages to import from."""
        merged = {**os.environ, **QUIET_ENV, **(env or {}), "PYTHONPATH": os.pathsep.join([str(ROOT), *path])}
        self.process = subprocess.Popen(
            [*prefix, *(python or [sys.executable]), "-m", "snippetkit.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
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
            raise SnippetError(messages.WORKER_DIED.format(file=script))
        reply = json.loads(line)
        return subprocess.CompletedProcess(
            [str(script)], reply["returncode"], reply["stdout"], reply["stderr"]
        )

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


#: The forms of a snippet that run: an exercise solved (its blanks filled from their hints) or as
#: handed out; a file as it is (a learner's copy, whose blanks have no hints to fill from).
SOLVED, HANDOUT, AS_WRITTEN = "solved", "handout", "as written"


def script(snippet: Snippet, workdir: Path | None = None, form: str = SOLVED) -> Path:
    """The file that runs *snippet* in *form*: the snippet itself where that is its source, else
    ``<stem>_solved.py`` or ``<stem>_handout.py`` written in *workdir* (default: the working folder)."""
    source = {SOLVED: snippet.solution, HANDOUT: snippet.handout, AS_WRITTEN: lambda: snippet.source}[form]()
    if source == snippet.source:
        return snippet.path.resolve()
    path = Path(workdir or Path.cwd()).resolve() / f"{snippet.path.stem}_{form}.py"
    path.write_text(source, encoding="utf-8")
    return path


def run_as_learner(
    snippet: Snippet,
    workdir: Path | None = None,
    timeout: float | None = None,
    *,
    form: str = SOLVED,
    env: dict | None = None,
    python: list[str] | None = None,
) -> subprocess.CompletedProcess:
    """``python file.py`` in the snippet's folder, in a process of its own: as a learner runs it.

    The file is :func:`script`'s (*form*, written in *workdir*). The process has this one's
    environment, quiet (:data:`QUIET_ENV`), with *env* on top (a value of None unsets a
    variable: the machine matrix's ``TF_DEFAULTS`` gives TensorFlow's default settings);
    *python* is the interpreter's command (this one's by default). Raises
    :class:`subprocess.TimeoutExpired` after *timeout* seconds (default: the
    ``snippet_timeout`` setting).
    """
    timeout = settings.load().snippet_timeout if timeout is None else timeout
    merged = {**os.environ, **QUIET_ENV, **(env or {})}
    return subprocess.run(
        [*(python or [sys.executable]), str(script(snippet, workdir, form))],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={name: value for name, value in merged.items() if value is not None},
        cwd=snippet.path.resolve().parent,
        timeout=timeout,
    )


def page_stderr(stderr: str) -> str:
    """What of a run's *stderr* would show on a page: all of it but TensorFlow's start-up notices."""
    return without_startup_logs(stderr).strip()


def run(
    snippet: Snippet,
    timeout: float | None = None,
    workdir: Path | None = None,
    fill: bool = True,
    isolated: bool | None = None,
    as_written: bool = False,
) -> str:
    """Run the snippet as a learner would (``python file.py``) and return its stdout.

    An exercise runs solved: its blanks filled from their hints. With
    ``fill=False`` it runs as handed out; with ``as_written=True`` the file runs
    as it is (a learner's copy, whose blanks have no hints to fill from).
    Raises :class:`SnippetError` when the script raises, exits non-zero, writes
    to stderr, or runs longer than *timeout* seconds (default: the
    ``snippet_timeout`` setting).

    By default scripts run one after another in a shared :class:`Worker`
    process (TensorFlow imported once); ``isolated=True``, or the environment
    variable ``SNIPPETS_ISOLATED=1``, runs each in a fresh interpreter
    (:func:`run_as_learner`).
    """
    timeout = settings.load().snippet_timeout if timeout is None else timeout
    form = AS_WRITTEN if as_written else SOLVED if fill else HANDOUT
    how = {SOLVED: " (blanks filled from their hints)", HANDOUT: " (as handed out)", AS_WRITTEN: ""}[form]
    if isolated is None:
        isolated = os.environ.get("SNIPPETS_ISOLATED") == "1"
    try:
        if isolated:
            done = run_as_learner(snippet, workdir, timeout, form=form)
            path = Path(done.args[-1])
        else:
            path = script(snippet, workdir, form)
            done = _run_in_worker(path, snippet.path.resolve().parent, timeout)
    except subprocess.TimeoutExpired:
        raise SnippetError(messages.TIMEOUT.format(file=snippet.path, seconds=timeout)) from None
    if done.returncode != 0:
        raise SnippetError(
            _describe_crash(snippet, path, how if path != snippet.path.resolve() else "", done)
        )
    stderr = without_startup_logs(done.stderr)
    if stderr.strip():
        raise SnippetError(messages.STDERR.format(file=snippet.path, stderr=messages.indent(stderr)))
    return done.stdout


def _describe_crash(snippet, script, how, done) -> str:
    stderr = done.stderr.strip()
    where = str(snippet.path)
    frames = re.findall(r'File "([^"]+)", line (\d+)', stderr)
    lines_in_file = [int(line) for file, line in frames if Path(file).resolve() == script]
    if lines_in_file:
        where = f"{snippet.path}:{lines_in_file[-1]}"
    last = stderr.splitlines()[-1] if stderr else messages.EXIT_STATUS.format(code=done.returncode)
    message = messages.RAISED.format(where=where, how=how, error=last)
    return f"{message}\n{messages.indent(stderr)}" if stderr else message


def configure_kernels(outdir: Path) -> None:
    """Make the notebook kernels (which inherit this environment) quiet.

    No TensorFlow start-up logs in cell outputs, and no kernel log lines (such
    as ipykernel's note on TCP transport) in the build log, so a real warning
    stands out. The kernels also get an IPython profile of their own, free of
    whatever the machine's user has configured.
    """
    os.environ.update(QUIET_ENV)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    profile = outdir.parent / ".ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text('c.IPKernelApp.log_level = "ERROR"\n')
    os.environ["IPYTHONDIR"] = str(profile.parent)
