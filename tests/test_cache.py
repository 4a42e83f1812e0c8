"""The execution cache (snippetkit.cache): ready before a parallel build, set aside when damaged, emptied
when the kernels' environment changed; and the kernels' stderr on a build's console.

How the kernels are started and stopped (snippetkit.upstream.kernels) is tested in test_kernels.py."""

import re

import pytest
from sitebuild import build
from test_build import HELLO, add_pages, html, load, make_site, write_snippet

pytestmark = pytest.mark.build

PAGES = 3  # executed ones: index and two more, so that each of two processes executes a page


def many_pages(tmp_path):
    """A site of PAGES pages, each running its own small snippet."""
    site = make_site(tmp_path, load("hello"), hello=HELLO)
    names = [f"page{n}" for n in range(1, PAGES)]
    for name in names:
        write_snippet(site, name, HELLO.replace("hello", name))
    add_pages(site, {name: load(name) for name in names})
    return site


def test_a_parallel_build_uses_the_cache_like_a_serial_one(tmp_path):
    site = many_pages(tmp_path)
    status, log = build(site, "-j", "2")
    assert status == 0, log
    assert "Traceback" not in log and "WARNING" not in log, log
    assert log.count("Executing notebook") == PAGES, log
    assert "hello 4" in html(site)
    # read in two processes (Sphinx logs each one's run of pages), written in one (snippetkit.parallel)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", log)  # Sphinx colours its log where FORCE_COLOR is set (CI)
    assert re.search(r"reading sources\.\.\. \[ *\d+%\] \S+ \.\. \S+", plain), log
    assert re.search(r"writing output\.\.\. \[ *\d+%\] page2\n", plain), log

    status, log = build(site, "-j", "2")
    assert status == 0, log
    assert "Executing notebook" not in log, "a no-change parallel rebuild executed a page:\n" + log

    write_snippet(site, "page2", HELLO.replace("hello", "page2").replace("2 + 2", "3 + 3").replace("4", "6"))
    status, log = build(site, "-j", "2")
    assert status == 0, log
    assert log.count("Executing notebook") == 1 and "page2.md: Executing notebook" in log, log
    assert "page2 6" in (site / "_build" / "html" / "page2.html").read_text()


def test_a_damaged_cache_is_set_aside_with_one_line_and_the_build_goes_on(tmp_path):
    site = make_site(tmp_path, load("hello"), hello=HELLO)
    status, log = build(site)
    assert status == 0, log
    cache = site / "_build" / ".jupyter_cache"
    (cache / "global.db").write_bytes(b"not a database: a build killed while writing it")

    status, log = build(site)
    assert status == 0, log
    assert "Traceback" not in log and "Unexpected error accessing jupyter cache" not in log, log
    lines = [line for line in log.splitlines() if "could not be read" in line]
    assert len(lines) == 1, log
    assert lines[0].startswith(f"snippetkit: the execution cache {cache} could not be read (DatabaseError")
    aside = [p.name for p in cache.parent.iterdir() if p.name.startswith(".jupyter_cache.damaged-")]
    assert len(aside) == 1 and aside[0] in lines[0], (aside, lines)
    assert log.count("Executing notebook") == 1, "the page is executed again into a new cache"

    status, log = build(site)
    assert status == 0 and "could not be read" not in log and "Executing notebook" not in log, log


def installed(folder, name, version):
    """*folder*, holding one installed distribution: *name* at *version* (its metadata only)."""
    for old in folder.glob(f"{name}-*.dist-info"):
        for file in old.iterdir():
            file.unlink()
        old.rmdir()
    info = folder / f"{name}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    return folder


def test_a_changed_package_version_executes_every_page_again(tmp_path):
    """The cache is keyed on the kernel's environment too: a version installed over another makes
    every page execute again (once), as a changed snippet does its page."""
    import os

    (tmp_path / "site").mkdir()
    site = many_pages(tmp_path / "site")
    status, log = build(site)
    assert status == 0 and log.count("Executing notebook") == PAGES, log

    packages = installed(tmp_path / "packages", "lesson-fake-dependency", "1.0")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(packages), os.environ.get("PYTHONPATH")])),
    }
    status, log = build(site, env=env)
    assert status == 0, log
    assert log.count("Executing notebook") == PAGES, "a page kept outputs of another environment:\n" + log
    notes = [line for line in log.splitlines() if "executed under another environment" in line]
    assert notes == [
        "snippetkit: the pages were executed under another environment (lesson-fake-dependency added); "
        "every page is executed again"
    ], log

    status, log = build(site, env=env)
    assert status == 0, log
    assert "Executing notebook" not in log and "another environment" not in log, log

    installed(packages, "lesson-fake-dependency", "1.1")
    status, log = build(site, env=env)
    assert status == 0, log
    assert log.count("Executing notebook") == PAGES, log
    assert "(lesson-fake-dependency 1.0 -> 1.1)" in log, log
    assert "hello 4" in html(site)


#: TensorFlow's two start-up notices, as its C++ code writes them to a kernel's stderr, and a line
#: of another kind written there.
NOTICES = (
    "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
    "I0000 00:00:1795622942.104133   28803 port.cc:153] oneDNN custom operations are on. You may see "
    "slightly different numerical results due to floating-point round-off errors from different "
    "computation orders. To turn them off, set the environment variable `TF_ENABLE_ONEDNN_OPTS=0`.",
)
OTHER = "a kernel's own line on stderr, not TensorFlow's"

NOISY_KERNEL = f"""
    import os
    import sys

    for notice in {list(NOTICES)!r}:
        os.write(2, notice.encode() + b"\\n")  # the descriptor, as TensorFlow's C++ code writes
    os.write(sys.stderr.fileno(), {OTHER!r}.encode() + b"\\n")  # the kernel's stderr, not the cell's
    print("done")

    # Expected output:
    # done
"""


def test_a_cold_build_keeps_tensorflows_start_up_notices_off_the_console_and_nothing_else(tmp_path):
    import os

    site = make_site(tmp_path, load("noisy_kernel"), noisy_kernel=NOISY_KERNEL)
    # as `nox -s docs` runs: ipykernel copies its stderr to the console except under pytest
    env = {name: value for name, value in os.environ.items() if name != "PYTEST_CURRENT_TEST"}
    status, log = build(site, env=env)
    assert status == 0, log
    assert log.count("Executing notebook") == 1, log
    assert OTHER in log.splitlines(), "a kernel's other stderr must still reach the console:\n" + log
    for notice in NOTICES:
        assert notice[:40] not in log, log
    assert "output stderr" not in (site / "_build" / "html" / "index.html").read_text()
