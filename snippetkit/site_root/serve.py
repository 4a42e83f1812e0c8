#!/usr/bin/env python3
"""Show this lesson in your browser, with its "Try it yourself" code runners working.

    python3 serve.py          (then open the address it prints; Ctrl+C stops it)

Browsers will not run the in-page Python from pages opened as files, so this
serves the folder it sits in on http://127.0.0.1 (this computer only: nothing
is reachable from the network). It needs nothing but Python 3.

Options: --port N (default 8000; a free one is picked if N is taken),
--open (also open the lesson in your web browser).
"""

import argparse
import functools
import http.server
import sys
import webbrowser
from pathlib import Path

HERE = Path(__file__).resolve().parent


class LessonHandler(http.server.SimpleHTTPRequestHandler):
    # Browsers load JavaScript modules and WebAssembly only with these types.
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".py": "text/plain; charset=utf-8",
    }

    def log_request(self, code="-", size="-"):  # quiet: log failed requests only
        if str(getattr(code, "value", code)).startswith(("4", "5")):
            super().log_request(code, size)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (0: any free port)")
    parser.add_argument("--open", action="store_true", help="open the lesson in the web browser")
    args = parser.parse_args(argv)

    handler = functools.partial(LessonHandler, directory=str(HERE))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError:
        if args.port == 0:
            raise
        print(f"Port {args.port} is in use; picking a free one.", flush=True)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
    print(f"The lesson is at {url}  (Ctrl+C stops the server)", flush=True)
    if args.open:
        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
