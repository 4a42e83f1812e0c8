"""Sphinx extension: the snippet tools' settings, their defaults, and one way to read them.

Each setting is a Sphinx configuration value, so ``conf.py`` may change it;
the build reads it from Sphinx's config, and the test harness, the browser
tests and the benchmark read the same value with :func:`value` (which reads
``conf.py`` without building). So a number such as the cell timeout is written
once: here, or in ``conf.py``.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from . import ROOT, STATIC

if TYPE_CHECKING:  # Sphinx is imported only where it runs: learners' check.py imports this module too
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: name: (default, what it sets)
DEFAULTS = {
    "snippet_timeout": (120, "seconds a snippet may run: a notebook cell at build time, a test run"),
    "runner_timeout": (10, "seconds a 'Try it yourself' run may take in the browser before it is stopped"),
    "colab_notebooks": (
        "",
        "where Colab opens the pages' notebooks (snippetkit.downloads.colab_base); empty: no Colab links",
    ),
}


@functools.cache
def _conf() -> dict:
    from sphinx.config import eval_config_file

    return eval_config_file(ROOT / "conf.py", tags=None)


def value(name: str):
    """The setting *name* as ``conf.py`` sets it, else its default."""
    return _conf().get(name, DEFAULTS[name][0])


def apply(app: Sphinx, config: Config) -> None:
    """``config-inited``: myst-nb's cell timeout is the snippet timeout; the extensions' static files."""
    config.nb_execution_timeout = config.snippet_timeout
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> dict:
    for name, (default, _) in DEFAULTS.items():
        kinds = frozenset({str}) if isinstance(default, str) else frozenset({int, float})
        app.add_config_value(name, default, "env", types=kinds)
    app.connect("config-inited", apply, priority=100)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
