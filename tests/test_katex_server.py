"""The KaTeX render server is connected to once it listens, not as soon as its socket file exists."""

import sys
import time

from snippetkit import cache

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
    process, sock = cache.start_server_process(SlowServer, tmp_path, timeout=10)
    try:
        assert sock.recv(2) == b"ok"
        assert time.monotonic() - start >= 0.5, "connected only once the server listened"
    finally:
        sock.close()
        process.kill()
        process.wait()
