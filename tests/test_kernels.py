"""myst-nb's kernels (snippetkit.upstream.kernels): over Unix sockets, quick to stop, in every mode."""

import asyncio
import functools
import glob
import importlib
import os
import time
import types

import nbformat
import pytest

from snippetkit.upstream import kernels

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows keeps myst-nb's TCP kernels")


#: One of TensorFlow's start-up notices, as its C++ code writes it to a kernel's stderr.
NOTICE = "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR"


class FakeApp:
    """What :func:`kernels.install` uses of Sphinx's application: add_source_parser."""

    def __init__(self):
        self.parsers = []

    def add_source_parser(self, parser, override=False):
        self.parsers.append((parser, override))


class Logger:
    def info(self, *args, **kwargs):
        pass

    warning = debug = info


def notebook():
    """A notebook of one code cell without outputs (so ``auto`` executes it too)."""
    return nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        cells=[nbformat.v4.new_code_cell("1 + 1")],
    )


def client_options(mode, tmp_path, monkeypatch):
    """The options myst-nb hands nbclient when it executes a page in *mode*, once each (nothing runs)."""
    from jupyter_cache.executors import utils
    from myst_nb.core.config import NbParserConfig
    from myst_nb.core.execute import create_client

    used = []
    monkeypatch.setattr(utils, "executenb", lambda nb, **kwargs: used.append(kwargs))
    path = tmp_path / f"{mode}.ipynb"
    nbformat.write(notebook(), path)
    config = NbParserConfig(execution_mode=mode, execution_cache_path=str(tmp_path / ".jupyter_cache"))
    with create_client(notebook(), str(path), config, Logger()):
        pass
    return used


def test_every_mode_the_installed_myst_nb_executes_in_starts_the_quick_kernel_manager(tmp_path, monkeypatch):
    """myst-nb 1.4 has no public hook: the patch must reach each of its clients that run a kernel."""
    how = kernels.install(FakeApp())
    assert how in kernels.COVERED
    if how == "hook":
        pytest.skip("the parser's kernel_manager_class reaches every mode (test_the_public_hook_...)")
    for mode in sorted(kernels.COVERED["patch"]):
        [options] = client_options(mode, tmp_path, monkeypatch)
        assert options["kernel_manager_class"] is kernels.QuickKernelManager, mode


def test_a_timed_out_cell_is_interrupted_and_awaited_in_every_mode_the_patch_reaches(tmp_path, monkeypatch):
    """nbclient's default shuts the kernel down at the time limit and the line the snippet was on could be
    lost (tests/test_build.py shows it): the options that interrupt and wait reach nbclient in each mode."""
    kernels.install(FakeApp())
    for mode in sorted(kernels.COVERED["patch"]):
        [options] = client_options(mode, tmp_path, monkeypatch)
        assert {key: options[key] for key in kernels.ON_TIMEOUT} == kernels.ON_TIMEOUT, mode
    kernels.install(FakeApp())  # installed again (a second build in one process): the options once
    for module in kernels.PATCHED_MODULES:
        execution = importlib.import_module(module).single_nb_execution
        assert not isinstance(execution.func, functools.partial), module


def test_a_timed_out_cell_whose_kernel_did_not_answer_gets_an_error_output():
    """nbclient's on_cell_error: the cell's outputs are where the build reads its error from."""
    reply = {"content": {**kernels.ON_TIMEOUT["error_on_timeout"], "status": "error"}}
    cell = nbformat.v4.new_code_cell("import time; time.sleep(600)")
    kernels.ON_TIMEOUT["on_cell_error"](cell=cell, cell_index=0, execute_reply=reply)
    [output] = cell.outputs
    assert output.output_type == "error" and output.ename == kernels.TIMED_OUT
    nbformat.validate(nbformat.v4.new_notebook(cells=[cell]))
    kernels.ON_TIMEOUT["on_cell_error"](cell=cell, cell_index=0, execute_reply=reply)
    assert len(cell.outputs) == 1, "one error output, not two"
    answered = nbformat.v4.new_code_cell("x")
    answered.outputs = [nbformat.v4.new_output("error", ename="KeyboardInterrupt", evalue="", traceback=[])]
    kernels.ON_TIMEOUT["on_cell_error"](cell=answered, cell_index=0, execute_reply=reply)
    assert [output.ename for output in answered.outputs] == ["KeyboardInterrupt"]  # the kernel's, kept
    other = nbformat.v4.new_code_cell("1 / 0")
    error = {"ename": "ZeroDivisionError", "evalue": "division by zero", "traceback": [], "status": "error"}
    kernels.ON_TIMEOUT["on_cell_error"](cell=other, cell_index=0, execute_reply={"content": error})
    assert other.outputs == []  # an error that is not a timeout: the kernel's own output says it


def test_a_mode_the_kernels_do_not_reach_is_refused_in_one_line():
    from sphinx.errors import ConfigError

    refused = set(kernels.MODES) - kernels.COVERED[kernels.way()] - {"off"}
    for mode in kernels.MODES:
        config = types.SimpleNamespace(nb_execution_mode=mode)
        if mode in refused:
            with pytest.raises(ConfigError) as error:
                kernels.refuse_unsupported_mode(None, config)
            assert f"nb_execution_mode = {mode!r} is not supported with myst-nb" in str(error.value)
            assert "\n" not in str(error.value)
        else:
            kernels.refuse_unsupported_mode(None, config)  # no error


def test_the_public_hook_is_used_where_myst_nb_has_it():
    """myst-nb after 1.4 takes kernel_manager_class on its parser: the patch then carries only nbclient's
    timeout options, which the hook does not take."""
    from myst_nb.core.execute import cache, direct

    class ParserWithHook:  # as myst-nb's development branch defines it
        def __init__(self, *args, kernel_manager_class=None, **kwargs):
            self.kernel_manager_class = kernel_manager_class

    before = (cache.single_nb_execution, direct.single_nb_execution)
    app = FakeApp()
    assert kernels.install(app, ParserWithHook) == "hook"
    [(parser, override)] = app.parsers
    assert override and issubclass(parser, ParserWithHook)
    assert parser().kernel_manager_class is kernels.QuickKernelManager  # as Sphinx makes it: no argument
    for module, execution in zip((cache, direct), before):  # the timeout options only
        assert module.single_nb_execution.func is getattr(execution, "func", execution)
        assert module.single_nb_execution.keywords == kernels.ON_TIMEOUT
    assert kernels.COVERED["hook"] == set(kernels.MODES) - {"off"}


def test_the_patch_is_used_where_myst_nb_has_no_hook():
    class ParserWithoutHook:  # myst-nb 1.4
        def __init__(self, *args, **kwargs):
            pass

    app = FakeApp()
    assert kernels.install(app, ParserWithoutHook) == "patch"
    assert app.parsers == []


def test_a_kernel_listens_on_unix_sockets_and_passes_its_stderr_on(capfd):
    """jupyter_client still honours the manager's transport and ip, and still launches the kernel
    through the method that hands it the stderr pipe, which keeps TensorFlow's notices back (both are
    its internals)."""

    async def run():
        manager = kernels.QuickKernelManager(kernel_name="python3")
        # as `nox -s docs` runs: ipykernel copies its stderr to the console except under pytest
        env = {name: value for name, value in os.environ.items() if name != "PYTEST_CURRENT_TEST"}
        await manager.start_kernel(env=env)
        client = manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            info = manager.get_connection_info()
            sockets = glob.glob(f"{info['ip']}-*")
            client.execute(f"import os; os.write(2, {NOTICE!r}.encode() + b'\\na line from the kernel\\n')")
            await client.get_shell_msg(timeout=30)
            # the line travels through two threads (ipykernel's echo, then our pipe reader) after the
            # reply; wait for it, as a busy machine may be slow, rather than race the shutdown
            err, deadline = "", time.monotonic() + 30
            while "a line from the kernel" not in err and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
                err += capfd.readouterr().err
        finally:
            client.stop_channels()
            await manager.shutdown_kernel()
        return info, sockets, err + capfd.readouterr().err

    info, sockets, err = asyncio.run(run())
    assert info["transport"] == "ipc" and info["ip"].startswith(kernels.socket_folder() + os.sep), info
    assert len(sockets) == 5, sockets  # shell, iopub, stdin, control, heartbeat: files, not ports
    assert "a line from the kernel" in err, f"the kernel's stderr line did not reach ours in 30 s: {err!r}"
    assert NOTICE not in err, f"TensorFlow's start-up notice was passed on: {err!r}"
