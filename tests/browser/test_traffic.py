"""offline_archive.Traffic, the wait every browser test uses in place of Playwright's ``networkidle``:
it returns on a page where networkidle never comes, waits for a request that starts after load,
and fails naming a request that is never answered. And no other browser code waits for networkidle.

Each page here is served by a small local server: it answers ``/slow?ms=N`` after N milliseconds.
"""

import ast
import http.server
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from offline_archive import ROOT, Traffic
from playwright.sync_api import TimeoutError as PlaywrightTimeout

PAGES = {
    # All requests end (the page, then its script); the script then holds the parser for 1.5 s, so
    # the network is idle for more than 500 ms before load; then a request starts and ends before
    # DOMContentLoaded (a synchronous XHR). That is how networkidle is lost for good.
    "lost.html": """<!doctype html><title>lost</title><p>text</p><script src="/lost.js"></script>""",
    "lost.js": """
        const start = Date.now(); while (Date.now() - start < 1500) {}
        const xhr = new XMLHttpRequest(); xhr.open("GET", "/slow?ms=0", false); xhr.send();
        """,
    # A request that starts just after load and is answered 1 s later.
    "later.html": """<!doctype html><title>later</title><script>
        addEventListener("load", () => setTimeout(async () => {
          await (await fetch("/slow?ms=1000")).text(); document.title = "answered";
        }, 0));
        </script>""",
    # A request that is not answered within the test's patience.
    "stuck.html": """<!doctype html><title>stuck</title><script>fetch("/slow?ms=8000")</script>""",
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == "/slow":
            time.sleep(int(parse_qs(url.query)["ms"][0]) / 1000)
            body, kind = b"ok", "text/plain"
        elif url.path.lstrip("/") in PAGES:
            name = url.path.lstrip("/")
            body, kind = PAGES[name].encode(), "text/javascript" if name.endswith(".js") else "text/html"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:  # the browser gave up on it (stuck.html)
            pass

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    yield context.new_page()
    context.close()


def test_quiet_returns_where_networkidle_is_lost(page, server):
    traffic = Traffic(page)
    page.goto(server + "lost.html", wait_until="load")
    with pytest.raises(PlaywrightTimeout):  # the page does show the bug Traffic is there for
        page.wait_for_load_state("networkidle", timeout=3000)
    traffic.quiet(timeout=5)
    assert not traffic.in_flight


def test_quiet_waits_for_a_request_that_starts_after_load(page, server):
    traffic = Traffic(page)
    page.goto(server + "later.html", wait_until="load")
    traffic.quiet()
    assert page.title() == "answered", "quiet() returned before the late request was answered"


def test_quiet_fails_naming_the_request_still_in_flight(page, server):
    traffic = Traffic(page)
    page.goto(server + "stuck.html", wait_until="load")
    with pytest.raises(AssertionError) as failed:
        traffic.quiet(timeout=2)
    message = str(failed.value)
    assert message.startswith(f"{server}stuck.html: the network did not fall quiet within 2 s"), message
    assert f"in flight:\n  {server}slow?ms=8000" in message, message


def test_no_browser_code_waits_for_networkidle():
    """Only the test above may name it (it shows the bug); anywhere else, wait with Traffic."""
    found = []
    for path in sorted([*(ROOT / "tests" / "browser").glob("*.py"), *(ROOT / "bench").glob("*.py")]):
        if path.name == Path(__file__).name:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value == "networkidle":
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, (
        "waits for Playwright's networkidle, which can hang; use offline_archive.Traffic:\n  "
        + ("\n  ".join(found))
    )
