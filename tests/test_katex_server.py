"""The KaTeX render server is connected to once it listens, not as soon as its socket file exists."""

import subprocess
import sys
import time

import pytest

from snippetkit.upstream import katex as katex_patch

# A server that binds its Unix socket (the file appears), waits, and only then listens: what a
# node server does under load, between its bind() and its listen().
SLOW_SERVER = """
import socket, sys, time
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(sys.argv[1])
time.sleep(0.5)
server.listen(1)
conn, _ = server.accept()
conn.sendall(b"ok")
time.sleep(2)
"""


class SlowServer:
    @classmethod
    def build_command(cls, socket):
        return [sys.executable, "-c", SLOW_SERVER, str(socket)]

    @classmethod
    def timeout_error(cls, timeout):
        return TimeoutError(f"no server after {timeout} s")


def test_connection_waits_until_the_server_listens(tmp_path):
    start = time.monotonic()
    process, sock = katex_patch.start_server_process(SlowServer, tmp_path, timeout=60)
    try:
        assert sock.recv(2) == b"ok"
        assert time.monotonic() - start >= 0.5, "connected only once the server listened"
    finally:
        sock.close()
        process.kill()
        process.wait()


def test_a_server_that_never_listens_is_stopped_when_the_build_gives_up(tmp_path):
    started = []

    class NeverListens(SlowServer):
        @classmethod
        def build_command(cls, socket):
            return [
                sys.executable,
                "-c",
                SLOW_SERVER.replace("time.sleep(0.5)", "time.sleep(60)"),
                str(socket),
            ]

    def popen(*args, **kwargs):
        process = real_popen(*args, **kwargs)
        started.append(process)
        return process

    real_popen = subprocess.Popen
    subprocess.Popen = popen
    try:
        with pytest.raises(TimeoutError):
            katex_patch.start_server_process(NeverListens, tmp_path, timeout=1)
    finally:
        subprocess.Popen = real_popen
    assert len(started) == 1
    assert started[0].poll() is not None, "the server the build gave up on is still running"
