"""Other packages' internals (snippetkit.upstream): each still what it was written against.

Two kinds of guard. The version guard fails, in one line, when an installed package differs from the
version an entry of the registry was written against: re-check the entry's files, then update the
version. The behavioural guards fail when a name patched or used is gone or changed, or when a copied
template or function no longer matches the upstream text it was copied from.
"""

import hashlib
import importlib.metadata
import inspect
from pathlib import Path

import pytest

from snippetkit import ROOT
from snippetkit.upstream import INTERNALS, katex, kernels, theme


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@pytest.mark.parametrize("entry", INTERNALS, ids=[f"{e.package}:{e.what[:40]}" for e in INTERNALS])
def test_installed_version_is_the_one_written_against(entry):
    installed = importlib.metadata.version(entry.package)
    if installed != entry.version:
        pytest.fail(
            f"{entry.package} is {installed}, {entry.where} was written against {entry.version}: "
            f"re-check {entry.what} ({', '.join(entry.files)}), then update the version in "
            "snippetkit/upstream/__init__.py",
            pytrace=False,
        )


def test_every_entry_names_files_that_exist():
    missing = [
        f"{e.package}: {path}"
        for e in INTERNALS
        for path in (e.where, *e.files)
        if not (ROOT / path).exists()
    ]
    assert not missing, missing


def test_one_version_per_package():
    versions = {}
    for entry in INTERNALS:
        versions.setdefault(entry.package, set()).add(entry.version)
    assert all(len(found) == 1 for found in versions.values()), versions


def parameters(function) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_myst_nb_calls_single_nb_execution_as_the_kernel_patch_expects():
    """myst-nb 1.4's cache and direct clients look single_nb_execution up in their own modules, and
    jupyter-cache's passes unknown keywords (kernel_manager_class) on to nbclient."""
    from jupyter_cache.executors.utils import single_nb_execution
    from myst_nb.core.execute import cache, direct

    for module in (cache, direct):
        assert "single_nb_execution(" in inspect.getsource(module), module.__name__
    assert inspect.signature(single_nb_execution).parameters["kwargs"].kind is inspect.Parameter.VAR_KEYWORD
    from nbclient import NotebookClient

    assert "kernel_manager_class" in NotebookClient.class_trait_names()


def test_nbclient_interrupts_at_the_time_limit_as_the_timeout_options_expect():
    """A timed-out cell: nbclient interrupts the kernel, takes error_on_timeout as its reply, waits
    iopub_timeout for the kernel's output and calls on_cell_error with the reply before it raises."""
    from nbclient import NotebookClient

    assert set(kernels.ON_TIMEOUT) <= set(NotebookClient.class_trait_names())
    assert NotebookClient.class_traits()["iopub_timeout"].default_value == 4  # the wait kernels.py names
    handle = inspect.getsource(NotebookClient._async_handle_timeout)
    assert "self.interrupt_on_timeout" in handle and "self.error_on_timeout" in handle
    check = inspect.getsource(NotebookClient._check_raise_for_error)
    assert check.index("self.on_cell_error") < check.index("raise CellExecutionError")


def test_the_kernel_manager_overrides_methods_jupyter_client_still_has():
    from jupyter_client.manager import AsyncKernelManager

    assert parameters(AsyncKernelManager._async_launch_kernel) == ["self", "kernel_cmd", "kw"]
    assert parameters(AsyncKernelManager._async_cleanup_resources) == ["self", "restart"]
    assert {"transport", "ip", "shutdown_wait_time"} <= set(AsyncKernelManager.class_trait_names())
    assert kernels.QuickKernelManager.class_traits()["transport"].default_value == "ipc"


def test_katex_server_has_what_the_patch_uses_and_the_function_copied_is_unchanged():
    import sphinxcontrib.katex
    from sphinxcontrib.katex import KaTeXServer

    assert isinstance(sphinxcontrib.katex.NODEJS_BINARY, str)
    assert hasattr(KaTeXServer, "katex_server")
    assert parameters(KaTeXServer.build_command) == ["socket", "port"]
    assert parameters(KaTeXServer.timeout_error) == ["timeout"]
    assert parameters(KaTeXServer.start) == []
    original = KaTeXServer.start_server_process
    if getattr(KaTeXServer, "_snippetkit_patched", False):  # patched in this process by a build
        pytest.skip("KaTeXServer is patched in this process")
    assert _digest(inspect.getsource(original)) == katex.COPIED_FROM, (
        "sphinxcontrib-katex's KaTeXServer.start_server_process changed: compare it with "
        "snippetkit/upstream/katex.py's copy, carry the change over, then update COPIED_FROM"
    )


def test_sphinx_has_what_the_parallel_build_uses():
    from sphinx.builders import Builder
    from sphinx.util.parallel import make_chunks

    from snippetkit.upstream import sphinx_builds

    assert parameters(make_chunks) == ["arguments", "nproc", "maxbatch"]
    assert hasattr(Builder, "allow_parallel")
    assert sphinx_builds.chunk_sizes([f"p{n}" for n in range(14)], 2) == [7, 7]


def test_sphinx_keeps_downloaded_files_where_downloads_reads_them():
    from sphinx.environment import BuildEnvironment
    from sphinx.util._files import DownloadFiles  # where Sphinx 9 keeps it (sphinx.util warns)

    from snippetkit.upstream import sphinx_builds

    files = DownloadFiles()
    files.add_file("docs", "../snippets/a/your_turn_x.py")
    env = BuildEnvironment.__new__(BuildEnvironment)
    env.dlfiles = files
    (unique,) = sphinx_builds.downloaded_files(env).values()
    assert Path(unique).name == "your_turn_x.py", f"env.dlfiles maps no file to a name: {files}"
    assert "dlfiles" in BuildEnvironment.__init__.__code__.co_names, "Sphinx's environment has no dlfiles"


@pytest.mark.parametrize("name", sorted(theme.COPIED_FROM))
def test_the_copied_theme_templates_match_the_theme_they_were_copied_from(name):
    path, block, digest = theme.COPIED_FROM[name]
    assert (theme.TEMPLATES / name).is_file()
    text = theme.upstream_text(path, block)
    assert _digest(text) == digest, (
        f"pydata-sphinx-theme's {path}{f' (block {block})' if block else ''} changed: compare it with "
        f"snippetkit/upstream/templates/{name}, carry the change over, then update theme.COPIED_FROM"
    )


def test_the_theme_ships_the_files_replaced_or_cut():
    static = theme.static_originals()
    assert (static / theme.STYLESHEET).is_file()
    assert (static / theme.BOOTSTRAP).is_file()
    assert (static / theme.FONTAWESOME_SCRIPT).is_file()
    assert theme.fontawesome_fonts()
    css = (static / theme.STYLESHEET).read_text(encoding="utf-8")
    assert theme.icon_codes(css).get("magnifying-glass"), "the search icon's glyph, as the theme defines it"
    assert theme.stylesheet_glyphs(css), "the glyphs the stylesheet draws through --pst-icon-*"
