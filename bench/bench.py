"""Measure what building and testing the site costs on this machine.

Run with ``nox -s bench``. Writes ``_build/bench/bench.json`` and prints a
table (also saved as ``_build/bench/bench.md``) with the targets it checks:

* a cold build (empty cache) with one process and with every core (``-j auto``,
  as ``nox -s docs`` builds), a no-change rebuild, and a rebuild after one
  snippet was edited, each with the number of pages it executed;
* the test suite's time, and the floor under it: the sum of every snippet's own
  run time, TensorFlow import included;
* the bytes a browser loads to show each page the first time (HTML, CSS, JS
  and fonts, figures apart), raw and gzip-compressed, and side by side with the
  theme's own stylesheets and bootstrap.js (which the build cuts and replaces);
* Run's first output in the browser, with the editor open for 3 s and at once;
* ``.ci/run`` on a fresh clone of the last commit, with each nox session's time.

The builds run on a copy of the project in a temporary folder, so the cache
and the snippets of the working tree are never touched. The table shows this
run only: a section left out with ``--skip`` is a row that says so.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent  # the repository, before snippetkit can be imported
sys.path[:0] = [str(HERE), str(HERE / "tests" / "browser")]
from offline_archive import CHROMIUM, CHROMIUM_ARGS, Traffic  # noqa: E402  (the browser tests' Chromium)

from snippetkit import ROOT, execute, slim, snippetfile  # noqa: E402

OUT = ROOT / "_build" / "bench"
EDITED = "snippets/optimizers/momentum_step.py"  # the snippet the edit benchmark touches

TARGETS = {
    "no_change_rebuild_s": 3.0,
    "tests_s": 60.0,
    "first_load_gzip_kb": 100.0,
    "ci_min": 12.0,
    "cold_build_factor": 1.5,
    "parallel_cold_ratio": 0.6,
    "run_answer_ms": 300.0,
}


def timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return elapsed, done.stdout + done.stderr


def executed_pages(log: str) -> list[str]:
    return sorted(set(re.findall(r"/docs/(\S+)\.md: Executing notebook", log)))


def _copy_project(folder: Path) -> Path:
    for name in ("docs", "snippets", "snippetkit", "conf.py", "requirements.txt"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    return folder


def sphinx(jobs: str) -> list[str]:
    """The build as ``nox -s docs`` runs it (``-j auto``), or with other *jobs*; not quiet, so that the
    log names each page executed."""
    return [
        sys.executable,
        "-m",
        "sphinx",
        "-j",
        jobs,
        "-W",
        "--keep-going",
        "-b",
        "html",
        "-c",
        ".",
        "docs",
        "_build/html",
    ]


def builds() -> dict:
    """Cold builds, one process and every core, each in its own copy of the project; then, with every
    core, a no-change rebuild and a rebuild after one snippet was edited."""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        results = {}
        serial = _copy_project(Path(tmp) / "serial")
        seconds, log = timed(sphinx("1"), serial)
        results["cold_serial"] = {"seconds": round(seconds, 2), "executed": executed_pages(log)}
        copy = _copy_project(Path(tmp) / "site")
        for label in ("cold", "no_change", "one_edit"):
            if label == "one_edit":
                edited = copy / EDITED
                edited.write_text(
                    edited.read_text().replace("lr = 0.1 ", "lr = 0.1", 1)
                )  # code changes, output not
            seconds, log = timed(sphinx("auto"), copy)
            results[label] = {"seconds": round(seconds, 2), "executed": executed_pages(log)}
        return results


def snippet_floor() -> dict:
    """Each snippet's own run time (python file.py), and one bare TensorFlow import."""
    env = {**os.environ, **execute.QUIET_ENV}
    tf_import = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import tensorflow"], env=env, check=True)
        tf_import.append(time.perf_counter() - start)
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        for path in snippetfile.discover(ROOT / "snippets"):
            snip = snippetfile.load(path)
            start = time.perf_counter()
            execute.run(snip, workdir=Path(tmp), isolated=True)  # as a learner runs it
            times[str(path.relative_to(ROOT))] = round(time.perf_counter() - start, 2)
    return {
        "tensorflow_import_s": round(min(tf_import), 2),
        "snippets_s": times,
        "sum_s": round(sum(times.values()), 2),
    }


def uses_tensorflow(relpath: str) -> bool:
    return snippetfile.needs_tensorflow((ROOT / relpath).read_text(encoding="utf-8"))


def test_suite() -> dict:
    seconds, log = timed(
        [sys.executable, "-m", "pytest", "-q", "--numprocesses=auto", "-p", "no:cacheprovider"], ROOT
    )
    summary = [line for line in log.splitlines() if " passed" in line][-1:]
    return {"seconds": round(seconds, 2), "summary": summary[0].strip("= ") if summary else ""}


def theme_files() -> dict[str, bytes]:
    """The stylesheets and the bootstrap.js the theme ships, which the build cut or replaced:
    URL path -> bytes."""
    return {f"_static/{name}": data for name, data in slim.replaced(ROOT / "_build").items()}


def first_load(site: Path) -> dict:
    """Bytes loaded by a browser opening each page for the first time (images apart), as built and,
    side by side, with the theme's own stylesheets and bootstrap.js in place of the cut ones."""
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    originals = theme_files()

    def load(browser, name: str, replace: dict) -> dict:
        context = browser.new_context()
        page = context.new_page()
        loaded = {}

        def serve(route):
            path = route.request.url[len(base) :].split("?")[0]
            if path in replace:
                kind = "text/css" if path.endswith(".css") else "text/javascript"
                route.fulfill(body=replace[path], content_type=kind)
            else:
                route.continue_()

        def record(response):
            if response.request.resource_type != "image" and response.url.startswith(base):
                with contextlib.suppress(Exception):
                    loaded[response.url[len(base) :].split("?")[0]] = response.body()

        context.route(base + "**", serve)
        page.on("response", record)
        traffic = Traffic(page)
        page.goto(base + name, wait_until="load")
        traffic.quiet()
        context.close()
        return loaded

    def gzip_kb(loaded: dict) -> float:
        return round(sum(len(gzip.compress(body, 9)) for body in loaded.values()) / 1024, 1)

    pages = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for html in sorted(site.glob("*.html")):
            if html.name in ("404.html", "genindex.html", "search.html"):
                continue
            loaded = load(browser, html.name, {})
            biggest = sorted(loaded.items(), key=lambda item: -len(item[1]))[:3]
            pages[html.name] = {
                "raw_kb": round(sum(map(len, loaded.values())) / 1024, 1),
                "gzip_kb": gzip_kb(loaded),
                "theme_files_gzip_kb": gzip_kb(load(browser, html.name, originals)) if originals else None,
                "files": len(loaded),
                "largest": [f"{path} {len(body) / 1024:.0f} KB" for path, body in biggest],
            }
        browser.close()
    server.shutdown()
    return pages


def run_answer(site: Path) -> dict:
    """Milliseconds from a click on Run to the first output, in Chromium from the served site: the
    editor opened 3 s before the click (Python starting in the background meanwhile), and, for
    comparison, clicked the moment it opens."""
    from playwright.sync_api import sync_playwright

    server = subprocess.Popen(
        [sys.executable, str(site / "serve.py"), "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    base = re.search(r"http://127\.0\.0\.1:\d+/", server.stdout.readline())[0]
    results = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for label, wait_ms in (("open_3s", 3000), ("at_once", 0)):
                page = browser.new_context().new_page()
                page.goto(base + "activations.html", wait_until="load")
                runner = page.locator("div.runner").first
                runner.locator("summary").click()
                page.wait_for_timeout(wait_ms)
                runner.locator("button.runner-run").click()
                page.wait_for_function("window.lessonRunner.timings.length > 0", timeout=120_000)
                results[label] = round(page.evaluate("window.lessonRunner.timings[0].firstOutputMs"))
                page.context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return results


def ci_run() -> dict:
    """``.ci/run`` as CI runs it: on a fresh clone of this repository's last commit, with new nox
    environments (the pip cache as it is), outside this session's virtual environment."""
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if not p.startswith(sys.prefix))
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"} | {"PATH": path, "CI": "true"}
    with tempfile.TemporaryDirectory(prefix="bench-ci-") as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=clone, capture_output=True, text=True
        )
        start = time.perf_counter()
        done = subprocess.run(["bash", ".ci/run"], cwd=clone, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
    log = done.stdout + done.stderr
    sessions = re.findall(r"nox > Session (\S+) (?:was successful|failed) in ([^\n]+?)\.?\n", log)
    return {
        "seconds": round(seconds, 1),
        "exit": done.returncode,
        "commit": commit.stdout.strip(),
        "sessions": dict(sessions),
        "tail": log[-2000:] if done.returncode else "",
    }


def report(data: dict) -> str:
    """The table of targets (a section bench did not measure, now or before, says so) and pages."""
    rows = []
    b, floor, tests, pages = (data.get(key) for key in ("builds", "floor", "tests", "first_load"))
    if b and floor:
        tf_pages = len(b["cold"]["executed"])
        compute = sum(
            t - (floor["tensorflow_import_s"] if uses_tensorflow(p) else 0)
            for p, t in floor["snippets_s"].items()
        )
        budget = TARGETS["cold_build_factor"] * (compute + floor["tensorflow_import_s"] * tf_pages)
        rows.append(
            (
                "cold build",
                f"{b['cold']['seconds']} s, {len(b['cold']['executed'])} pages executed",
                f"≤ {budget:.1f} s (1.5 × (compute {compute:.1f} s + {tf_pages} × TF import))",
                b["cold"]["seconds"] <= budget,
            )
        )
    if b:
        rows += [
            (
                "cold build, every core vs one",
                f"{b['cold']['seconds']} s vs {b['cold_serial']['seconds']} s with -j 1: "
                f"{b['cold']['seconds'] / b['cold_serial']['seconds']:.2f} × ({os.cpu_count()} cores)",
                f"≤ {TARGETS['parallel_cold_ratio']} × the -j 1 cold build",
                b["cold"]["seconds"] <= TARGETS["parallel_cold_ratio"] * b["cold_serial"]["seconds"],
            ),
            (
                "no-change rebuild",
                f"{b['no_change']['seconds']} s, {len(b['no_change']['executed'])} executed",
                "≤ 3 s, executes nothing",
                b["no_change"]["seconds"] <= TARGETS["no_change_rebuild_s"]
                and not b["no_change"]["executed"],
            ),
            (
                "one-snippet edit",
                f"{b['one_edit']['seconds']} s, executed {b['one_edit']['executed']}",
                "re-executes exactly optimizers",
                b["one_edit"]["executed"] == ["optimizers"],
            ),
        ]
    if tests:
        rows.append(
            (
                "test suite",
                f"{tests['seconds']} s ({tests['summary']})",
                f"≤ {TARGETS['tests_s']:.0f} s",
                tests["seconds"] <= TARGETS["tests_s"],
            )
        )
    if floor:
        rows.append(
            (
                "Σ snippet run times",
                f"{floor['sum_s']} s ({len(floor['snippets_s'])} snippets, "
                f"TF import {floor['tensorflow_import_s']} s each)",
                "(the floor)",
                None,
            )
        )
    if pages:
        name, worst = max(pages.items(), key=lambda item: item[1]["gzip_kb"])
        theme = worst.get("theme_files_gzip_kb")
        before = f" (with the theme's stylesheets and bootstrap.js: {theme} KB)" if theme else ""
        rows.append(
            (
                "first load, worst page",
                f"{name}: {worst['gzip_kb']} KB gzip{before}",
                f"≤ {TARGETS['first_load_gzip_kb']:.0f} KB gzip, every page",
                worst["gzip_kb"] <= TARGETS["first_load_gzip_kb"],
            )
        )
    answer = data.get("run_answer")
    if answer:
        rows.append(
            (
                "Run: first output",
                f"{answer['open_3s']} ms with the editor open 3 s ({answer['at_once']} ms clicked at once)",
                f"≤ {TARGETS['run_answer_ms']:.0f} ms",
                answer["open_3s"] <= TARGETS["run_answer_ms"],
            )
        )
    ci = data.get("ci")
    if ci:
        sessions = ", ".join(f"{name} {took}" for name, took in ci["sessions"].items())
        rows.append(
            (
                ".ci/run on a fresh clone",
                f"{ci['seconds'] / 60:.1f} min, exit {ci['exit']} ({ci['commit']}: {sessions})",
                f"≤ {TARGETS['ci_min']:.0f} min, passing",
                ci["seconds"] <= TARGETS["ci_min"] * 60 and ci["exit"] == 0,
            )
        )
    measured = {"builds", "floor", "tests", "first_load", "run_answer", "ci"} & data.keys()
    missing = sorted({"builds", "floor", "tests", "first_load", "run_answer", "ci"} - measured)
    lines = ["| measure | result | target | met |", "| --- | --- | --- | --- |"]
    lines += [f"| {a} | {r} | {t} | {'' if ok is None else 'yes' if ok else 'NO'} |" for a, r, t, ok in rows]
    lines += [f"| {name} | not measured in this run (--skip) | | NO |" for name in missing]
    if pages:
        lines += [
            "",
            "| page | first load raw | gzip | gzip with the theme's files | files | largest |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| {name} | {p['raw_kb']} KB | {p['gzip_kb']} KB | {p.get('theme_files_gzip_kb') or '-'} KB | "
            f"{p['files']} | {', '.join(p['largest'])} |"
            for name, p in pages.items()
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=["builds", "floor", "tests", "first_load", "run_answer", "ci"],
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    data = {}
    steps = {
        "builds": builds,
        "floor": snippet_floor,
        "tests": test_suite,
        "first_load": lambda: first_load(ROOT / "_build" / "html"),
        "run_answer": lambda: run_answer(ROOT / "_build" / "html"),
        "ci": ci_run,
    }
    for name, step in steps.items():
        if name not in args.skip:
            print(f"bench: {name} ...", flush=True)
            data[name] = step()
    data["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    (OUT / "bench.json").write_text(json.dumps(data, indent=2) + "\n")
    table = report(data)
    (OUT / "bench.md").write_text(table + "\n")
    print(table)


if __name__ == "__main__":
    main()
