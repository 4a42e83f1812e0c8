"""Build a small test site as `python -m sphinx` does, in a process of its own, without paying the imports.

A build in a new Python process spends about two seconds importing Sphinx, myst-nb, the themes and
the other extensions conf.py names (sphinxext.opengraph brings Matplotlib) before it reads a page.
Here each build runs in a child of a multiprocessing fork server that imported those third-party
modules once (per test worker): the child starts with them in memory, unused, and otherwise as a new
process would be: its own working directory (the site), environment (the test's), sys.path (the
site's folder first, as `python -m` has it), stdout and stderr (files, read back as
`subprocess.run(capture_output=True, text=True)` would return them), exit status (what
`python -m sphinx` exits with), and interpreter exit (its atexit handlers run, which stop KaTeX's
render server). The project's own modules (snippetkit, conf.py) are imported fresh by each build,
never by the fork server.

Two things a build would otherwise redo every time are kept, neither of which changes what it
builds: soupsieve's patterns, compiled once in the fork server (tests/sitebuild_warm.py), and the
theme's Jinja templates, compiled by the first build and kept in Jinja's bytecode cache
(:data:`TEMPLATES`). Together they take about 0.4 s off a build.
"""

import atexit
import functools
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

TIMEOUT = 300  # seconds, for one build
TEMPLATES = Path(tempfile.gettempdir()) / f"sitebuild-templates-{os.getuid()}"  # compiled Jinja templates

# What a build imports that costs time, imported once in the fork server. Only third-party modules,
# whose state a build changes only in its own (forked) copy; a module missing here is imported by the
# build itself, as in a new process.
PRELOAD = [
    "sphinx.cmd.build",
    "sphinx.application",
    *(
        f"sphinx.{name}"
        for name in (
            "builders.epub3",
            "builders.gettext",
            "builders.html",
            "builders.latex",
            "builders.linkcheck",
            "builders.manpage",
            "builders.singlehtml",
            "builders.texinfo",
            "builders.text",
            "builders.xml",
            "domains.c",
            "domains.cpp",
            "domains.javascript",
            "domains.math",
            "domains.python",
            "domains.rst",
            "domains.std",
            "directives.code",
            "directives.other",
            "directives.patches",
            "ext.intersphinx",
            "search.en",
            "transforms.post_transforms.code",
            "transforms.post_transforms.images",
        )
    ),
    "sphinxcontrib.applehelp",
    "sphinxcontrib.devhelp",
    "sphinxcontrib.htmlhelp",
    "sphinxcontrib.qthelp",
    "sphinxcontrib.serializinghtml",
    "sphinxcontrib.katex",
    "alabaster",
    "docutils.parsers.rst",
    "myst_parser.sphinx_ext.main",
    "myst_nb.sphinx_ext",
    "myst_nb.sphinx_",
    "myst_nb.core.execute",
    "myst_nb.ext.download",
    "jupyter_cache",
    "nbclient",
    "jupyter_client",
    "ipykernel.kernelspec",
    "nbformat",
    "IPython.lib.lexers",
    "sphinx_book_theme",
    "pydata_sphinx_theme",
    "sphinx_copybutton",
    "sphinx_sitemap",
    "sphinxext.opengraph",
    "sphinxext.opengraph._social_cards",  # Matplotlib
    "notfound.extension",
    "pytest_doctestplus.output_checker",
    "bs4",
    "numpy",
    "sqlalchemy.dialects.sqlite",  # jupyter-cache's database
    "psutil",
    "sitebuild_warm",  # last: first-use set-up of the modules above (tests/sitebuild_warm.py)
]

_context = None


def _forkserver():
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(PRELOAD)
    return _context


def build(site, *options, env=None):
    """Build the site (in the environment *env*, default this one); return (exit status, what it printed).

    What `python -m sphinx -W --keep-going -b html -c <repository> *options docs _build/html`, run in
    *site*, exits with, and its stdout followed by its stderr.
    """
    from paths import ROOT

    argv = ["-W", "--keep-going", "-b", "html", "-c", str(ROOT), *options, "docs", "_build/html"]
    with tempfile.TemporaryDirectory(prefix="sitebuild-") as logs:
        out, err = os.path.join(logs, "stdout"), os.path.join(logs, "stderr")
        for path in (out, err):
            open(path, "w").close()
        environment = dict(os.environ if env is None else env)
        path = [os.path.abspath(site), *_interpreter_path(environment)]
        process = _forkserver().Process(target=_sphinx, args=(path, argv, environment, out, err))
        process.start()
        try:
            process.join(TIMEOUT)
        finally:
            if process.exitcode is None:  # out of time, or the test was interrupted: as subprocess.run
                process.kill()
                process.join()
        if process.exitcode is None:
            raise subprocess.TimeoutExpired([sys.executable, "-m", "sphinx", *argv], TIMEOUT)
        return process.exitcode, _read(out) + _read(err)


def _interpreter_path(environment):
    """sys.path of a new `python -m ...` in *environment*, less its first entry (the working directory)."""
    return _new_interpreter_path(tuple(sorted((k, v) for k, v in environment.items() if "PYTHON" in k)))


@functools.cache
def _new_interpreter_path(variables):
    env = {k: v for k, v in os.environ.items() if "PYTHON" not in k} | dict(variables)
    code = "import json, sys; print(json.dumps(sys.path[1:]))"
    return json.loads(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True).stdout)


def _read(path):
    with open(path) as file:  # as text=True decodes: the locale's encoding, universal newlines
        return file.read()


def _keep_compiled_templates():
    """Keep the theme's Jinja templates compiled, from one build to the next, in TEMPLATES.

    Each build compiles the templates it renders (about 0.25 s for the theme's 37); Jinja's bytecode
    cache keeps the result, keyed on each template's name and source, so an edited template is
    compiled again. What a template renders is the same either way.
    """
    import jinja2
    from sphinx.jinja2glue import BuiltinTemplateLoader

    init = BuiltinTemplateLoader.init

    def init_with_cache(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(TEMPLATES))

    TEMPLATES.mkdir(parents=True, exist_ok=True)
    BuiltinTemplateLoader.init = init_with_cache  # in this child only


def _sphinx(path, argv, environment, out, err):
    """In the child: `python -m sphinx *argv` in ``path[0]`` (the site), printing into *out* and *err*."""
    os.chdir(path[0])
    sys.path[:] = path  # not the test process's
    os.environ.clear()
    os.environ.update(environment)
    for stream, number, name in ((sys.stdout, 1, out), (sys.stderr, 2, err)):
        stream.flush()
        fd = os.open(name, os.O_WRONLY)
        os.dup2(fd, number)
        os.close(fd)
    try:
        from sphinx.cmd.build import main

        _keep_compiled_templates()
        status = main(argv)
    except SystemExit as exit:
        status = exit.code
    except BaseException:
        traceback.print_exc()  # as the interpreter does with an uncaught exception, which exits with 1
        status = 1
    finally:
        atexit._run_exitfuncs()  # as the interpreter does on exit; multiprocessing's child does not
        sys.stdout.flush()
        sys.stderr.flush()
    sys.exit(status)
