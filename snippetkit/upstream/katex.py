"""sphinxcontrib-katex's render server, changed where a parallel build under load needs it.

sphinxcontrib-katex renders math through one node server per process, stopped by an atexit hook. A
parallel build's workers are forked (sharing the parent's server, if it had started one) and leave with
``os._exit``, which skips atexit: their servers would outlive the build and hold its output open (a
caller reading it never sees the end). So a forked worker starts a server of its own, and stops it as
it leaves (multiprocessing's finalizers do run there): :func:`server_per_process`.

Its ``start_server_process`` connects as soon as the server's socket file exists, which is a moment
before the server listens: :func:`start_server_process` is that function with the connection retried.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time

#: sha256 (first 16 hex digits) of sphinxcontrib-katex's own ``KaTeXServer.start_server_process``
#: source, the one :func:`start_server_process` is an edited copy of (tests/test_upstream.py).
COPIED_FROM = "676c42f8bdf618fe"


def use_node(executable: str) -> None:
    """Have sphinxcontrib-katex's prerender run *executable*, not whatever ``node`` PATH finds."""
    import sphinxcontrib.katex

    sphinxcontrib.katex.NODEJS_BINARY = executable


def server_per_process() -> None:
    """A forked worker starts a KaTeX server of its own and stops it as it leaves (see above)."""
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


def start_server_process(cls, rundir, timeout):
    """sphinxcontrib-katex's ``KaTeXServer.start_server_process``, with the connection retried while
    it is refused: the server's socket file exists from its ``bind()``, a moment before its
    ``listen()``, and a build under load connected in between (ConnectionRefusedError, build failed)."""
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
