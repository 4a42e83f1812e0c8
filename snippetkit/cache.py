"""Sphinx extension: myst-nb's execution cache, ready before a parallel build starts, and never stuck.

myst-nb keeps each executed page in a jupyter-cache folder (``_build/.jupyter_cache``), whose
SQLite database jupyter-cache creates on first use. In a parallel build (``sphinx-build -j``)
every worker process uses it first at the same moment, and they race to create the folder and
the tables (``FileExistsError``, ``table settings already exists``; sphinx-doc/sphinx#12481).
So at ``builder-inited``, in the main process and before any worker starts, this extension opens
the cache once, creating it if need be.

A build killed while the database was being written can leave a cache that cannot be read; myst-nb
then fails every page with "Unexpected error accessing jupyter cache" until the folder is deleted
by hand. Opening it here also reads it: a cache that cannot be read is set aside (renamed to
``.jupyter_cache.damaged-<time>``) with one line on the console, and the build starts a new one,
executing every page again.

jupyter-cache knows a page by its code only: after a package or Python changed, a rebuild would keep
showing the outputs of the old versions. So the cache also records the environment the kernels run in
(:func:`environment`: Python, the machine, and every installed distribution with its version, as the
kernel's interpreter sees them); when it differs from the one recorded, the cache is emptied, with one
line on the console naming what changed, and every page is executed again (:func:`follow_environment`).

Two more things a parallel build needs: the pages are split between the processes by their
estimated cost, not alphabetically (:func:`balance_reading`), and myst-nb's kernels talk to the
build over Unix sockets, so two kernels starting at once cannot take the same TCP port
(:func:`kernels`, which also waits at most 0.4 s for a kernel to exit).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from sphinx.application import Sphinx

#: What a cache set aside is renamed to: beside it, with the time it was found damaged.
DAMAGED = "{name}.damaged-{stamp}"

#: The file in the cache folder that records the environment its pages were executed in.
ENVIRONMENT = "environment.json"

#: Run by the kernels' interpreter: what it runs under, as JSON (each distribution as the import
#: system finds it first on sys.path, so a copy that shadows another counts, as for the kernel).
_DESCRIBE = """
import importlib.metadata, json, platform, re, sys
found = {}
for dist in importlib.metadata.distributions():
    name = re.sub(r"[-_.]+", "-", (dist.metadata["Name"] or "").lower())
    found.setdefault(name, dist.version)
print(json.dumps({"python": sys.version, "machine": platform.machine(), "packages": found}))
"""


def cache_path(app: Sphinx) -> Path:
    """The folder myst-nb caches executed pages in (its ``builder-inited`` has set it)."""
    return Path(app.env.mystnb_config.execution_cache_path)


def check(path: Path) -> str | None:
    """Open (creating if need be) and read the cache at *path*: ``None`` if it works, else why not."""
    from jupyter_cache import get_cache

    try:
        cache = get_cache(path)
        for record in cache.list_cache_records():
            cache.get_cache_bundle(record.pk)  # its notebook file is there and reads
        cache.list_project_records()
    except Exception as error:  # any failure to read it: sqlite, SQLAlchemy, a half-written folder
        return f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}".rstrip(": ")
    return None


def set_aside(path: Path, why: str) -> Path:
    """Rename a damaged cache out of the way; return where it went."""
    target = path.with_name(DAMAGED.format(name=path.name, stamp=time.strftime("%Y%m%d-%H%M%S")))
    path.rename(target)
    # One line, on stderr: a warning would fail the build under -W, and -q hides an info line.
    print(
        f"snippetkit: the execution cache {path} could not be read ({why}); set aside as {target.name}, "
        "and a new one is started: every page is read and executed again",
        file=sys.stderr,
    )
    return target


def prepare(app: Sphinx) -> None:
    """``builder-inited``: the cache exists and reads before the build (and any worker) uses it."""
    if app.config.nb_execution_mode != "cache":
        return
    path = cache_path(app)
    why = check(path)
    if why is not None:
        set_aside(path, why)
        app.snippetkit_reread = True  # the pages' outputs (and notebooks) come from the cache
        why = check(path)
        if why is not None:  # a new, empty cache fails too: say so the way Sphinx reports errors
            raise RuntimeError(f"cannot create the execution cache at {path}: {why}")
    if follow_environment(path, environment(Path(app.srcdir))):
        app.snippetkit_reread = True


def kernel_python() -> str:
    """The interpreter of the pages' kernel (``python3``, as every page's front matter names it), as
    jupyter_client starts it: its kernel spec's command, where ``python`` means this interpreter."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        command = KernelSpecManager().get_kernel_spec("python3").argv
    except NoSuchKernel:
        return sys.executable
    major, minor = sys.version_info[:2]
    return (
        sys.executable if command[0] in {"python", f"python{major}", f"python{major}.{minor}"} else command[0]
    )


def environment(cwd: Path) -> dict:
    """What the kernels run under: Python's version, the machine, and each installed distribution
    (normalized name: version), asked of the kernel's interpreter, in this environment (PYTHONPATH
    and all, which the kernels inherit) and from *cwd* (as a kernel sees it: the pages' folder)."""
    done = subprocess.run(
        [kernel_python(), "-c", _DESCRIBE], capture_output=True, text=True, cwd=cwd, check=True
    )
    return json.loads(done.stdout)


def changes(before: dict, now: dict) -> str:
    """What differs between two :func:`environment` records, in a few words.

    >>> changes({"python": "3.11.2", "machine": "x86_64", "packages": {"numpy": "2.4.6", "six": "1"}},
    ...         {"python": "3.11.2", "machine": "x86_64", "packages": {"numpy": "2.4.5", "rich": "15"}})
    'numpy 2.4.6 -> 2.4.5, rich added, six removed'
    """
    words = [
        f"{key} {before.get(key, '?').split()[0]} -> {now[key].split()[0]}"
        for key in ("python", "machine")
        if before.get(key) != now[key]
    ]
    old, new = before.get("packages", {}), now["packages"]
    for name in sorted(old.keys() | new.keys()):
        if name not in old:
            words.append(f"{name} added")
        elif name not in new:
            words.append(f"{name} removed")
        elif old[name] != new[name]:
            words.append(f"{name} {old[name]} -> {new[name]}")
    return ", ".join(words[:6]) + (f" and {len(words) - 6} more" if len(words) > 6 else "")


def follow_environment(path: Path, now: dict) -> bool:
    """Keep the cache at *path* to pages executed in the environment *now*: if the one it recorded
    differs (or none is recorded while it holds pages), empty it and say so in one line. True when
    it was emptied, so every page is read and executed again."""
    from jupyter_cache import get_cache

    record = path / ENVIRONMENT
    try:
        before = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = None
    if before == now:
        return False
    cache = get_cache(path)
    emptied = bool(cache.list_cache_records())
    if emptied:
        cache.clear_cache()
        get_cache(path).list_cache_records()  # a new, empty database, before any worker starts
        what = changes(before, now) if before else "no record of the versions they ran with"
        # One line, on stderr, as set_aside's: a warning would fail the build under -W.
        print(
            f"snippetkit: the pages were executed under another environment ({what}); "
            "every page is executed again",
            file=sys.stderr,
        )
    path.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(now, indent=1, sort_keys=True), encoding="utf-8")
    return emptied


def reread(app: Sphinx, env, added: set, changed: set, removed: set) -> list[str]:
    """``env-get-outdated``: after a cache was set aside, every page (all outputs come from it)."""
    return sorted(env.found_docs) if getattr(app, "snippetkit_reread", False) else []


def setup(app: Sphinx) -> dict:
    app.setup_extension("myst_nb")
    app.connect("builder-inited", prepare, priority=900)  # after myst-nb's own (500) sets the path
    app.connect("env-get-outdated", reread)
    app.connect("env-before-read-docs", balance_reading)
    app.connect("builder-inited", write_in_one_process_with_two)
    katex_server_per_process()
    kernels()
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


#: Training calls, whose epochs take most of a snippet's time.
TRAINS = re.compile(r"\.fit\(|\.train_on_batch\(|GradientTape\(")


def reading_cost(snippets: list[str]) -> float:
    """A page's estimated cost to execute, in about seconds, from the sources of the snippets it runs:
    TensorFlow's import, once per page that needs it, and each snippet, more for one that trains.
    Only to order the work; never exact.

    >>> reading_cost([])
    0.0
    >>> reading_cost(["import numpy", "import keras\\nmodel.fit(x, y)"])
    6.2
    """
    from .snippetfile import needs_tensorflow

    tensorflow = [snippet for snippet in snippets if needs_tensorflow(snippet)]
    trains = sum(len(TRAINS.findall(snippet)) for snippet in tensorflow)
    return round(4.0 * bool(tensorflow) + 0.3 * len(snippets) + 0.2 * len(tensorflow) + 1.4 * trains, 1)


def balanced(docnames: list[str], costs: dict[str, float], sizes: list[int]) -> list[str]:
    """*docnames* reordered so that consecutive runs of *sizes* documents (Sphinx's chunks, one
    process each) cost about the same: the costliest first, each into the chunk with the least cost
    so far that has room.

    Within its run, the first process reads its costliest page first, the second its cheapest first,
    and so on alternately. The costliest pages train models, and TensorFlow spreads training over
    every core: two of them at once slowed each other by 30-40 %, so each process's training runs
    while the other is on pages that mostly import and print.

    >>> balanced(["a", "b", "c", "d"], {"a": 9, "b": 8, "c": 1, "d": 1}, [2, 2])
    ['a', 'd', 'c', 'b']
    """
    chunks: list[list[str]] = [[] for _ in sizes]
    totals = [0.0 for _ in sizes]
    for docname in sorted(docnames, key=lambda name: (-costs.get(name, 0.0), name)):
        room = [i for i, size in enumerate(sizes) if len(chunks[i]) < size]
        best = min(room, key=lambda i: (totals[i], i))
        chunks[best].append(docname)
        totals[best] += costs.get(docname, 0.0)
    return [docname for i, chunk in enumerate(chunks) for docname in (chunk[::-1] if i % 2 else chunk)]


def balance_reading(app: Sphinx, env, docnames: list[str]) -> None:
    """``env-before-read-docs``: in a parallel build, the pages in an order that splits their work
    evenly between the processes.

    Sphinx cuts the list of pages to read into as many runs as processes (``-j``), in its order
    (alphabetical), and each process reads (executes) one run. Alphabetically, one process got
    common-errors, the costliest page, and the other the next four: one sat idle for a quarter of
    the build. The pages are reordered (as this event allows, in place) by :func:`reading_cost`.
    """
    if app.parallel <= 1:  # one process reads them all
        return
    from sphinx.util.parallel import make_chunks

    from .pages import snippet_paths

    costs = {}
    for docname in docnames:
        page = Path(env.doc2path(docname))
        files = [
            (page.parent / relpath).resolve() for relpath in snippet_paths(page.read_text(encoding="utf-8"))
        ]
        costs[docname] = reading_cost([path.read_text(encoding="utf-8") for path in files if path.is_file()])
    sizes = [len(chunk) for chunk in make_chunks(list(docnames), app.parallel)]
    docnames[:] = balanced(docnames, costs, sizes)


def write_in_one_process_with_two(app: Sphinx) -> None:
    """``builder-inited``: with two processes (``-j 2``, or ``-j auto`` on two cores), the pages are
    read in parallel but written in this process.

    Sphinx writes in parallel with one process fewer than ``-j``, since this process loads and
    resolves every page's doctree for the others: with ``-j 2``, one forked process writes while this
    one resolves, and the forks cost more than that overlap gains. This site's 14 pages took
    1.55 s to write that way and 1.2 s in one process. With more processes Sphinx's way is kept.
    """
    if app.parallel == 2:
        app.builder.allow_parallel = False  # read only by Sphinx's choice to write in parallel


def katex_server_per_process() -> None:
    """sphinxcontrib-katex renders math through one node server per process, stopped by an atexit
    hook. A parallel build's workers are forked (sharing the parent's server, if it had started one)
    and leave with ``os._exit``, which skips atexit: their servers would outlive the build and hold
    its output open (a caller reading it never sees the end). So a forked worker starts a server of its
    own, and stops it as it leaves (multiprocessing's finalizers do run there)."""
    import multiprocessing.util

    from sphinxcontrib import katex

    if getattr(katex.KaTeXServer, "_snippetkit_patched", False):
        return
    start, main = katex.KaTeXServer.start.__func__, os.getpid()

    def start_and_finalize(cls):
        server = start(cls)
        if os.getpid() != main:  # in a worker: stopped when it leaves (the main process has atexit)
            multiprocessing.util.Finalize(server, server.terminate, exitpriority=10)
        return server

    katex.KaTeXServer.start = classmethod(start_and_finalize)
    katex.KaTeXServer.start_server_process = classmethod(start_server_process)
    katex.KaTeXServer._snippetkit_patched = True

    def forget_parents_server() -> None:
        katex.KaTeXServer.katex_server = None

    os.register_at_fork(after_in_child=forget_parents_server)


def kernels() -> None:
    """How myst-nb's kernels are reached and stopped: over Unix sockets, and never waited on for long.

    Over TCP, jupyter_client picks five free ports, frees them, and the kernel binds them a moment
    later. Two kernels starting at once (a parallel build's workers; builds side by side) can pick
    the same port: the kernel dies with "Address already in use" and its page fails to build, or its
    heartbeat prints that traceback into the log. A Unix socket is a file named for its kernel, in a
    folder of this build's own, which nothing else picks.

    When a page is done, its kernel is asked to shut down, and given 0.2 s to exit before it is
    terminated, then 0.2 s more before it is killed (jupyter_client's ``shutdown_wait_time``, 5 s
    by default: 2.5 s and 2.5 s). An ipykernel 7.4 kernel fails to exit about one time in ten: its
    main thread stops the IOPub thread while the control thread still waits on it to flush. It was
    waited on for 2.5 s, then terminated a second later: 3.5 s lost on that page. A kernel that
    exits as it should takes about 0.1 s. (Not killed at once: asked, a kernel stopped at its
    time limit still reports the line it was on.)

    A kernel's stderr reaches the build's console through a pipe (:func:`pass_on_stderr`) that keeps
    back TensorFlow's start-up notices (:data:`snippetkit.execute.STARTUP_LOGS`), as the pages do:
    ipykernel copies what is written to its stderr's file descriptor to the console as well as to the
    cell, so each kernel that imports TensorFlow printed its two notices in a build that is otherwise
    silent. Any other line a kernel writes still reaches the console, as it was.

    Linux and macOS; Windows keeps myst-nb's TCP kernels and jupyter_client's waits.
    """
    import atexit
    import functools
    import shutil
    import tempfile
    import threading
    import uuid

    from jupyter_client.manager import AsyncKernelManager
    from myst_nb.core.execute import cache as mystnb_cache
    from traitlets import CaselessStrEnum, Float, default

    if os.name != "posix" or getattr(mystnb_cache.single_nb_execution, "_snippetkit_patched", False):
        return
    folder = tempfile.mkdtemp(prefix="kernels-")  # short: a socket's path has at most 107 bytes
    atexit.register(shutil.rmtree, folder, ignore_errors=True)  # the main process's; workers fork

    class QuickKernelManager(AsyncKernelManager):
        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)
        shutdown_wait_time = Float(0.4, config=True)  # seconds, half before SIGTERM, half after

        @default("ip")
        def _socket_path_prefix(self) -> str:  # the sockets are <prefix>-<number>
            return os.path.join(folder, uuid.uuid4().hex[:12])

        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
            read, write = os.pipe()
            try:
                await super()._async_launch_kernel(kernel_cmd, **{**kw, "stderr": write})
            finally:
                os.close(write)  # the kernel holds its end: the pipe ends when the kernel does
            self._stderr_thread = threading.Thread(target=pass_on_stderr, args=(read,), daemon=True)
            self._stderr_thread.start()

        async def _async_cleanup_resources(self, restart: bool = False) -> None:
            await super()._async_cleanup_resources(restart=restart)
            thread = getattr(self, "_stderr_thread", None)
            if thread is not None:  # the kernel has exited: its last lines, before the build goes on
                thread.join(0.5)

    execution = functools.partial(mystnb_cache.single_nb_execution, kernel_manager_class=QuickKernelManager)
    execution._snippetkit_patched = True
    mystnb_cache.single_nb_execution = execution


def pass_on_stderr(fd: int, to: int = 2) -> None:
    """Copy what a kernel writes to the pipe *fd* to the descriptor *to* (the build's stderr), line by
    line as it comes, less TensorFlow's start-up notices; until the kernel, the pipe's writer, ends."""
    from .execute import without_startup_logs

    with open(fd, "rb") as pipe:  # a line as soon as it is written: readline returns what has come
        for line in pipe:
            if without_startup_logs(line.decode("utf-8", errors="replace")):  # whole lines, or nothing
                os.write(to, line)


def start_server_process(cls, rundir, timeout):
    """sphinxcontrib-katex's ``KaTeXServer.start_server_process``, with the connection retried while
    it is refused: the server's socket file exists from its ``bind()``, a moment before its
    ``listen()``, and a build under load connected in between (ConnectionRefusedError, build failed)."""
    import socket
    import subprocess

    socket_path = rundir / "katex.sock"
    command = cls.build_command(socket=socket_path)
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=rundir)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if socket_path.is_socket():
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(max(deadline - time.monotonic(), 0.001))
            try:
                sock.connect(str(socket_path))
            except ConnectionRefusedError:
                sock.close()  # bound, not yet listening: try again
            except TimeoutError:
                break
            else:
                sock.settimeout(None)
                return process, sock
        time.sleep(0.001)
    process.kill()  # not left running, holding its socket, after the build gave up on it
    process.wait()
    raise cls.timeout_error(timeout)
