"""How the tests share pytest-xdist's workers (`nox -s tests` runs `pytest --numprocesses=auto`).

Work stealing (xdist's ``--dist worksteal``, the default here; an explicit ``--dist`` wins): each
worker starts with its share of the tests, in order, and a worker that runs out takes half of what
another still has queued, from the end. So the order decides which tests start in the same worker:

- first the site builds (marked ``build``): tests/sitebuild.py's fork server imports Sphinx and
  the extensions once per worker, and tests/test_build.py's shared site is built once per worker;
- last the snippet runs of tests/test_snippets.py: snippetkit.execute's worker imports TensorFlow
  once per worker;
- every other test in between.

So the builds start in one worker and the snippet runs in the other, and a worker pays for the other
kind's start-up only when it takes over some of that work.

(Not ``--dist`` in pyproject.toml's addopts: pytest without xdist, as with ``-p no:xdist``, would
refuse to start. Not xdist_group marks with ``--dist loadgroup``: xdist 3.8 names a grouped test by
setting ``item._nodeid``, which pytest 9 no longer reads, so the groups are silently ignored.)
"""

import pytest

# pytest-doctestplus would import this file as the module "conftest" to look for doctests, which
# clashes with tests/browser/conftest.py, already imported under that name.
collect_ignore = ["conftest.py"]


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    """In the main process, before xdist makes a run with workers ``--dist load``."""
    if config.pluginmanager.hasplugin("xdist") and config.option.dist == "no" and config.option.numprocesses:
        config.option.dist = "worksteal"


def pytest_collection_modifyitems(items):
    def kind(item):
        if item.get_closest_marker("build"):
            return 0
        if item.path.name == "test_snippets.py" and "tmp_path" in item.fixturenames:  # runs the snippet
            return 2
        return 1

    items.sort(key=kind)  # stable: the order within each kind is kept
