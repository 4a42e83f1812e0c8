"""Sphinx extension: other packages' internals this project relies on, in one place, each with the
version of the package it was written against.

A patch of another package's code, a private name, a copied template or a file replaced by a stand-in
of ours works against one version of that package. A newer version can undo it silently: the patch
applies to nothing, the copied template misses a fix, the stand-in lacks a function. So each one is
listed in :data:`INTERNALS`, with what it is, the package and the version it was written against, why it
is there and the files of ours that depend on it (the files to re-check after an upgrade).
``tests/test_upstream.py`` fails, in one line naming the entry, when an installed version differs from
the one recorded, and checks that each patched or used name still exists as expected.

The modules here: :mod:`.kernels` (myst-nb's kernels, over Unix sockets, every execution mode),
:mod:`.katex` (sphinxcontrib-katex's render server), :mod:`.mystnb_html` (myst-nb's HTML),
:mod:`.citations` (docutils' citation list), :mod:`.sphinx_builds` (Sphinx's parallel build),
:mod:`.theme` and ``templates/`` (pydata-sphinx-theme's files and the templates copied from it).
Where another package's internals are used outside this folder (a shipped script, a stylesheet, a
module that is not ours to move), the entry names that file.

Prefer a public hook where one exists: :mod:`.kernels` gives myst-nb's ``kernel_manager_class`` where the
installed myst-nb has it, and patches the kernel manager in only for the version that lacks it (nbclient's
timeout options, which no hook takes, go through the patch with either).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # Sphinx only where it runs: the browser tests read the theme's names without it
    from sphinx.application import Sphinx


class Internal(NamedTuple):
    """One thing of another package's that this project patches, uses or copies."""

    what: str  #: what is patched, used or copied
    package: str  #: the distribution it belongs to (as pip names it)
    version: str  #: the version it was written against
    why: str  #: what it is for
    where: str  #: the module or folder of ours that holds it
    files: tuple[str, ...]  #: every file of ours to re-check when the package changes


_THEME_FILES = (
    "snippetkit/upstream/theme.py",
    "snippetkit/upstream/templates/layout.html",
    "snippetkit/upstream/templates/search-button-field.html",
    "snippetkit/static/bootstrap-lite.js",
    "snippetkit/slim.py",
    "snippetkit/assets.py",
    "snippetkit/pdf.py",
    "snippetkit/static/runner/runner.css",
    "snippetkit/static/provenance/provenance.css",
    "docs/_static/lesson.css",
    "conf.py",
    "tests/test_slim.py",
    "tests/test_build.py",
    "tests/browser/test_lighter_pages.py",
    "tests/browser/test_offline.py",
    "tests/browser/test_pages.py",
    "tests/browser/test_pdf.py",
    "tests/browser/test_provenance_in_browser.py",
)

#: Every internal of another package this project relies on.
INTERNALS = (
    Internal(
        "myst-nb's kernel manager: the parser's public kernel_manager_class where it has one; else "
        "single_nb_execution in myst_nb.core.execute.cache and .direct, replaced by a functools.partial",
        "myst-nb",
        "1.4.0",
        "kernels over Unix sockets (no TCP port races) and short shutdown waits, in every execution mode",
        "snippetkit/upstream/kernels.py",
        ("snippetkit/upstream/kernels.py", "tests/test_kernels.py", "tests/test_build.py"),
    ),
    Internal(
        "jupyter_client's AsyncKernelManager, subclassed: its private _async_launch_kernel and "
        "_async_cleanup_resources, its transport, ip and shutdown_wait_time traits",
        "jupyter-client",
        "8.10.0",
        "a kernel's sockets in the build's own folder, its stderr passed on less TensorFlow's notices",
        "snippetkit/upstream/kernels.py",
        ("snippetkit/upstream/kernels.py", "tests/test_kernels.py", "tests/test_cache.py"),
    ),
    Internal(
        "nbclient's NotebookClient options interrupt_on_timeout, error_on_timeout (its iopub_timeout "
        "wait) and on_cell_error, given through jupyter-cache's single_nb_execution",
        "nbclient",
        "0.11.0",
        "a cell stopped at its time limit reports the line it was on, however busy the machine",
        "snippetkit/upstream/kernels.py",
        (
            "snippetkit/upstream/kernels.py",
            "snippetkit/cells.py",
            "tests/test_kernels.py",
            "tests/test_build.py",
        ),
    ),
    Internal(
        "jupyter-cache's single_nb_execution passing kernel_manager_class and nbclient's options on",
        "jupyter-cache",
        "1.0.1",
        "the way the patch reaches nbclient: myst-nb 1.4's kernel manager, and the timeout options",
        "snippetkit/upstream/kernels.py",
        ("snippetkit/upstream/kernels.py", "tests/test_kernels.py"),
    ),
    Internal(
        "myst-nb's HTML visitor of HideCodeCellNode (visit_HideCellInput) and its summary's markup",
        "myst-nb",
        "1.4.0",
        "a solution's summary named by its visible text (WCAG 2.5.3)",
        "snippetkit/upstream/mystnb_html.py",
        ("snippetkit/upstream/mystnb_html.py", "tests/test_upstream_mystnb_html.py"),
    ),
    Internal(
        "sphinxcontrib-katex's KaTeXServer: start wrapped, start_server_process replaced by an edited "
        "copy, katex_server cleared after a fork; NODEJS_BINARY set",
        "sphinxcontrib-katex",
        "0.9.11",
        "one render server per worker, stopped when it leaves; the connection retried until the server "
        "listens; the pinned Node.js",
        "snippetkit/upstream/katex.py",
        (
            "snippetkit/upstream/katex.py",
            "snippetkit/assets.py",
            "tests/test_katex_server.py",
            "tests/test_node.py",
        ),
    ),
    Internal(
        'docutils\' citation markup (role="doc-biblioentry"), '
        "through Sphinx's HTML5Translator.visit_citation",
        "docutils",
        "0.22.4",
        "the references page's entries as list items (valid ARIA)",
        "snippetkit/upstream/citations.py",
        ("snippetkit/upstream/citations.py", "tests/test_citations.py"),
    ),
    Internal(
        "Sphinx's sphinx.util.parallel.make_chunks and Builder.allow_parallel",
        "sphinx",
        "9.0.4",
        "the pages to read balanced between processes; written in one process with two",
        "snippetkit/upstream/sphinx_builds.py",
        ("snippetkit/upstream/sphinx_builds.py", "snippetkit/parallel.py", "tests/test_cache.py"),
    ),
    Internal(
        "Sphinx's sphinx_highlight.js, loaded only on a page opened from the search results",
        "sphinx",
        "9.0.4",
        "5 KB less on every page",
        "snippetkit/slim.py",
        ("snippetkit/slim.py", "tests/test_slim.py"),
    ),
    Internal(
        "Sphinx's env.dlfiles (the files the download role collected)",
        "sphinx",
        "9.0.4",
        "an exercise's download is its hand-out",
        "snippetkit/upstream/sphinx_builds.py",
        ("snippetkit/upstream/sphinx_builds.py", "snippetkit/downloads.py"),
    ),
    Internal(
        "pydata-sphinx-theme: two templates copied (layout.html's extrahead block, "
        "components/search-button-field.html), scripts/bootstrap.js replaced by bootstrap-lite.js, "
        "Font Awesome's script replaced and its fonts cut, its stylesheet's classes and variables",
        "pydata-sphinx-theme",
        "0.20.0",
        "search scripts only where used, the search button's name (WCAG 2.5.3), 80 KB of Bootstrap and "
        "1.5 MB of icon script not loaded; the lesson's look",
        "snippetkit/upstream/theme.py",
        _THEME_FILES,
    ),
    Internal(
        "sphinx-book-theme: its layout (sidebar search, no top bar), its classes and variables",
        "sphinx-book-theme",
        "1.4.0",
        "the lesson's look and layout",
        "snippetkit/upstream/theme.py",
        _THEME_FILES,
    ),
    Internal(
        "sphinx-copybutton's clipboard.min.js, replaced by clipboard-lite.js",
        "sphinx-copybutton",
        "0.5.2",
        "9 KB less on every page",
        "snippetkit/slim.py",
        ("snippetkit/slim.py", "snippetkit/static/clipboard-lite.js", "tests/test_slim.py"),
    ),
    Internal(
        "pytest-doctestplus's output_checker.isclose, replaced in the browser by numpy.isclose's rule",
        "pytest-doctestplus",
        "1.7.1",
        "the browser's Check judges numbers as CI does, without NumPy",
        "snippetkit/static/runner/lesson_check.py",
        ("snippetkit/static/runner/lesson_check.py", "snippetkit/runner.py", "tests/test_learner_check.py"),
    ),
)


def setup(app: Sphinx) -> dict:
    """Install the patches: myst-nb's kernels and HTML, KaTeX's server, docutils' citation list."""
    from . import citations, katex, kernels, mystnb_html

    kernels.setup(app)  # sets myst-nb up first
    mystnb_html.setup(app)
    citations.setup(app)
    katex.server_per_process()
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
