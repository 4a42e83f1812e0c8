"""Tasks for the lesson site; `nox -l` lists them, `nox -s NAME` runs one."""

import nox

nox.options.sessions = ["tests", "docs"]
nox.options.reuse_venv = "yes"  # a second run re-checks the pins instead of reinstalling

REQUIREMENTS = "requirements.txt"
SITE = "_build/html"
SPHINX = ["sphinx-build", "-W", "--keep-going", "-q", "-b", "html", "-c", ".", "docs", SITE]


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site into _build/html, executing every example and checking its output."""
    session.install("-r", REQUIREMENTS)
    session.run(*SPHINX, *session.posargs)
    session.log(f"The site is in {SITE}/index.html")


@nox.session
def tests(session: nox.Session) -> None:
    """Run every snippet against its expected output, the exercises, and the tooling's own tests."""
    session.install("-r", REQUIREMENTS)
    session.run("pytest", "--numprocesses=auto", *session.posargs)


@nox.session(venv_backend="none")
def serve(session: nox.Session) -> None:
    """Serve the built site at http://127.0.0.1:8000 (loopback only; build it first)."""
    session.run("python3", "-m", "http.server", "--bind", "127.0.0.1", "--directory", SITE, "8000")
