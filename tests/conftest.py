"""How the tests share pytest-xdist's workers (`nox -s tests` runs `pytest --numprocesses=auto`).

Two kinds of test pay a start-up cost in each worker process that runs one: the site builds
(marked ``build``: tests/sitebuild.py's fork server imports Sphinx and the extensions, and
tests/test_build.py's shared site is built, once per worker) and the snippet runs of
tests/test_snippets.py (snippetkit.execute's worker imports TensorFlow once per worker). A build
also spends part of its time waiting (on a Jupyter kernel starting and stopping), which another
worker's tests can use.

So ``--numprocesses=auto`` starts one worker more than xdist would (one per core), and the run is
``--dist worksteal`` (unless ``--dist`` is given): each worker starts with its share of the tests, in
the order below, and a worker that runs out takes half of what another still has queued, from the
end. The order puts the builds at the head of the first worker's share and the snippet runs at the
head of the last one's, every other test after them: a worker takes over builds or snippet runs from
another (and pays for that kind's start-up) only once the quick tests queued behind them are gone.

(Not ``--dist`` in pyproject.toml's addopts: pytest without xdist, as with ``-p no:xdist``, would
refuse to start. Not xdist_group marks with ``--dist loadgroup``: xdist 3.8 names a grouped test by
setting ``item._nodeid``, which pytest 9 no longer reads, so the groups are silently ignored.)
"""

import os

import pytest

# pytest-doctestplus would import this file as the module "conftest" to look for doctests, which
# clashes with tests/browser/conftest.py, already imported under that name.
collect_ignore = ["conftest.py"]


@pytest.hookimpl(optionalhook=True)  # an xdist hook
def pytest_xdist_auto_num_workers(config):
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist's own hook reads it
    from xdist.plugin import pytest_xdist_auto_num_workers as one_per_core

    return one_per_core(config) + 1


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    """In the main process, before xdist makes a run with workers ``--dist load``."""
    if config.pluginmanager.hasplugin("xdist") and config.option.dist == "no" and config.option.numprocesses:
        config.option.dist = "worksteal"


def pytest_collection_modifyitems(config, items):
    workers = getattr(config, "workerinput", {}).get("workercount", 1)
    if workers < 2:
        return
    builds = [item for item in items if item.get_closest_marker("build")]
    runs = [i for i in items if i.path.name == "test_snippets.py" and "tmp_path" in i.fixturenames]
    heavy = {*builds, *runs}
    quick = [item for item in items if item not in heavy]
    heads = [builds, *([[]] * (workers - 2)), runs]
    order, left = [], len(items)
    for number, head in enumerate(heads):
        share = left // (workers - number)  # what worksteal first sends to each worker, in order
        left -= share
        take = max(0, share - len(head))
        order += head + quick[:take]
        quick = quick[take:]
    items[:] = order + quick
