"""Sphinx extension: myst-nb's kernels reached over Unix sockets and never waited on for long, in every
execution mode myst-nb has.

Over TCP, jupyter_client picks five free ports, frees them, and the kernel binds them a moment later.
Two kernels starting at once (a parallel build's workers; builds side by side) can pick the same port:
the kernel dies with "Address already in use" and its page fails to build, or its heartbeat prints that
traceback into the log. A Unix socket is a file named for its kernel, in a folder of this build's own,
which nothing else picks.

When a page is done, its kernel is asked to shut down, and given 0.2 s to exit before it is
terminated, then 0.2 s more before it is killed (jupyter_client's ``shutdown_wait_time``, 5 s by
default: 2.5 s and 2.5 s). An ipykernel 7.4 kernel fails to exit about one time in ten: its main
thread stops the IOPub thread while the control thread still waits on it to flush. It was waited on
for 2.5 s, then terminated a second later: 3.5 s lost on that page. A kernel that exits as it should
takes about 0.1 s.

A kernel's stderr reaches the build's console through a pipe (:func:`pass_on_stderr`) that keeps back
TensorFlow's start-up notices (:data:`snippetkit.execute.STARTUP_LOGS`), as the pages do: ipykernel
copies what is written to its stderr's file descriptor to the console as well as to the cell, so each
kernel that imports TensorFlow printed its two notices in a build that is otherwise silent. Any other
line a kernel writes still reaches the console, as it was.

How myst-nb is told to use :class:`QuickKernelManager` (:func:`install`):

* Where myst-nb's parser takes ``kernel_manager_class`` (its public hook, after 1.4), the parser is
  registered again with it: every mode that starts a kernel (``cache``, ``force``, ``auto``,
  ``inline``) uses it.
* myst-nb 1.4 has no hook. Its ``cache`` and ``force``/``auto`` clients call jupyter-cache's
  ``single_nb_execution``, looked up in their own modules: those two names are replaced with the
  function given ``kernel_manager_class``. Its ``inline`` client builds its own nbclient client, which
  that does not reach: ``inline`` is refused with a one-line configuration error
  (:func:`refuse_unsupported_mode`) rather than silently run on TCP kernels.
* ``off`` starts no kernel.

A cell past its time limit: by default nbclient raises at the limit and the kernel is shut down at
once, and whether the kernel's ``KeyboardInterrupt`` traceback (the line the snippet was on) reached
the cell before its channels closed was a race, lost on a busy machine. With :data:`ON_TIMEOUT`,
nbclient interrupts the kernel and waits for that traceback, at most its ``iopub_timeout`` (4 s); a
kernel that does not answer in that time gets an error output of ours (:data:`TIMED_OUT`) in the
cell, so the build still says the cell timed out. These options reach nbclient through the same
``single_nb_execution`` patch, with the hook or without (myst-nb's hook takes no nbclient options,
so an ``inline`` build with the hook keeps nbclient's default).

Linux and macOS; Windows keeps myst-nb's TCP kernels and jupyter_client's waits.
"""

from __future__ import annotations

import atexit
import functools
import inspect
import os
import shutil
import tempfile
import threading
import uuid

from jupyter_client.manager import AsyncKernelManager
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from traitlets import CaselessStrEnum, Float, default

#: myst-nb's execution modes (``nb_execution_mode``).
MODES = ("auto", "cache", "force", "inline", "off")
#: The modes that start a kernel, by how this module reaches them: through myst-nb's public hook, or
#: through the patch of ``single_nb_execution`` (myst-nb 1.4).
COVERED = {"hook": {"auto", "cache", "force", "inline"}, "patch": {"auto", "cache", "force"}}
#: The name of the error a timed-out cell gets when its kernel did not answer the interrupt, and its text.
TIMED_OUT = "SnippetTimeout"
_UNANSWERED = "the kernel did not answer the interrupt"


def _unanswered_timeout(cell, cell_index: int, execute_reply: dict) -> None:
    """nbclient's ``on_cell_error``: a cell stopped at its time limit whose kernel sent no traceback
    gets :data:`TIMED_OUT`'s error output (the build reads a cell's error from its outputs)."""
    content = execute_reply["content"]
    answered = any(output.get("output_type") == "error" for output in cell.get("outputs", []))
    if content.get("ename") == TIMED_OUT and not answered:
        from nbformat.v4 import new_output

        error = {key: content[key] for key in ("ename", "evalue", "traceback")}
        cell.setdefault("outputs", []).append(new_output("error", **error))


#: nbclient's options for a cell past its time limit: interrupt the kernel and take its traceback (the
#: line it was on), or, when the kernel does not answer within nbclient's iopub_timeout, :data:`TIMED_OUT`.
ON_TIMEOUT = {
    "interrupt_on_timeout": True,
    "error_on_timeout": {
        "ename": TIMED_OUT,
        "evalue": _UNANSWERED,
        "traceback": [f"{TIMED_OUT}: {_UNANSWERED}"],
    },
    "on_cell_error": _unanswered_timeout,
}

#: myst-nb 1.4's modules whose ``single_nb_execution`` the patch replaces: cache (``cache``) and
#: direct (``force``, and ``auto`` when a page lacks outputs).
PATCHED_MODULES = ("myst_nb.core.execute.cache", "myst_nb.core.execute.direct")


@functools.cache
def socket_folder() -> str:
    """This build's folder for the kernels' sockets, made (and removed at exit) by the main process,
    before the parallel build forks its workers (which leave without running atexit hooks)."""
    folder = tempfile.mkdtemp(prefix="kernels-")  # short: a socket's path has at most 107 bytes
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


class QuickKernelManager(AsyncKernelManager):
    """jupyter_client's kernel manager, over Unix sockets, with short shutdown waits and the kernel's
    stderr passed on less TensorFlow's start-up notices."""

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)
    shutdown_wait_time = Float(0.4, config=True)  # seconds, half before SIGTERM, half after

    @default("ip")
    def _socket_path_prefix(self) -> str:  # the sockets are <prefix>-<number>
        return os.path.join(socket_folder(), uuid.uuid4().hex[:12])

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


def pass_on_stderr(fd: int, to: int = 2) -> None:
    """Copy what a kernel writes to the pipe *fd* to the descriptor *to* (the build's stderr), line by
    line as it comes, less TensorFlow's start-up notices; until the kernel, the pipe's writer, ends."""
    from ..execute import without_startup_logs

    with open(fd, "rb") as pipe:  # a line as soon as it is written: readline returns what has come
        for line in pipe:
            if without_startup_logs(line.decode("utf-8", errors="replace")):  # whole lines, or nothing
                os.write(to, line)


def has_hook(parser_class: type) -> bool:
    """Whether myst-nb's parser takes ``kernel_manager_class`` (its public hook, after myst-nb 1.4)."""
    return "kernel_manager_class" in inspect.signature(parser_class.__init__).parameters


def way(parser_class: type | None = None) -> str:
    """How the kernels are set up here: ``"hook"``, ``"patch"``, or ``"none"`` (Windows)."""
    if os.name != "posix":
        return "none"
    if parser_class is None:
        from myst_nb.sphinx_ import Parser as parser_class
    return "hook" if has_hook(parser_class) else "patch"


def with_kernels(parser_class: type) -> type:
    """myst-nb's parser, made with :class:`QuickKernelManager` (Sphinx makes a parser with no argument)."""

    class Parser(parser_class):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **{"kernel_manager_class": QuickKernelManager, **kwargs})

    return Parser


def patch_single_nb_execution(**options) -> None:
    """Replace ``single_nb_execution`` in myst-nb's ``cache`` and ``force``/``auto`` clients with the
    function given *options* too (jupyter-cache passes them on to nbclient): :data:`ON_TIMEOUT`, and
    :class:`QuickKernelManager` in myst-nb 1.4 (which has no hook)."""
    import importlib

    for name in PATCHED_MODULES:
        module = importlib.import_module(name)
        original = getattr(module.single_nb_execution, "_snippetkit_original", module.single_nb_execution)
        execution = functools.partial(original, **ON_TIMEOUT, **options)
        execution._snippetkit_original = original
        module.single_nb_execution = execution


def install(app: Sphinx, parser_class: type | None = None) -> str:
    """Have myst-nb start its kernels with :class:`QuickKernelManager`; return :func:`way`'s answer."""
    how = way(parser_class)
    if how == "none":
        return how
    socket_folder()  # in this (the main) process, before any worker forks
    if how == "hook":
        if parser_class is None:
            from myst_nb.sphinx_ import Parser as parser_class
        app.add_source_parser(with_kernels(parser_class), override=True)
        patch_single_nb_execution()  # the timeout options only
    else:
        patch_single_nb_execution(kernel_manager_class=QuickKernelManager)
    return how


def refuse_unsupported_mode(app: Sphinx, config: Config) -> None:
    """``config-inited``: a mode that would start kernels this module cannot reach is refused."""
    how = way()
    mode = config.nb_execution_mode
    if how != "none" and mode not in COVERED[how] | {"off"}:
        import importlib.metadata

        version = importlib.metadata.version("myst-nb")
        supported = ", ".join(sorted(COVERED[how] | {"off"}))
        raise ConfigError(
            f"nb_execution_mode = {mode!r} is not supported with myst-nb {version} "
            f"(snippetkit.upstream.kernels cannot give its kernels Unix sockets): use one of {supported}"
        )


def setup(app: Sphinx) -> dict:
    app.setup_extension("myst_nb")
    app.connect("config-inited", refuse_unsupported_mode)
    install(app)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
