"""Tools that keep the lesson's code examples honest: the module map, one line per module.

How a snippet travels through them, and why, is CONTRIBUTING.md's "How it works"; this list only
says which module owns what, in the order a snippet meets them.

The path:

- :mod:`~snippetkit.snippetfile`: the file format (expected block, an exercise's two forms; pure).
- :mod:`~snippetkit.execute`, :mod:`~snippetkit.worker`: run it as ``python file.py`` runs it.
- :mod:`~snippetkit.checker`: the one rule that judges what it printed.
- :mod:`~snippetkit.pages`: the pages that ``:load:`` a snippet or show it as an ``{exercise}``.
- :mod:`~snippetkit.checks`: the build checks each executed cell's output.
- :mod:`~snippetkit.results`: numbers in the prose taken from that output.
- :mod:`~snippetkit.provenance`: the mark under an output saying what checked it.
- :mod:`~snippetkit.downloads`: the page's notebook, its snippet files, the lesson's zip.
- :mod:`~snippetkit.runner`: "Try it yourself" in the browser (Pyodide), checked by the same rule.
- :mod:`~snippetkit.portability`: the machine matrix; :mod:`~snippetkit.arm` makes its aarch64 machine;
  :mod:`~snippetkit.native`: the hosted workflow's runs on ARM Linux and macOS;
  :mod:`~snippetkit.verified`: their results on the site.
- :mod:`~snippetkit.accept`: writes a block; :mod:`~snippetkit.drift`: what newer TensorFlow, Keras
  and NumPy would change.

Beside the path:

- :mod:`~snippetkit.messages`: every message to an author, once.
- :mod:`~snippetkit.settings`: the configuration values and their defaults.
- :mod:`~snippetkit.cache`: myst-nb's execution cache and kernels, ready for a parallel build.
- :mod:`~snippetkit.mystnb_patches`: changes to myst-nb's HTML, each with its reason.
- :mod:`~snippetkit.citations`: the references page's list, as valid ARIA.
- :mod:`~snippetkit.assets`: math, icons and inventories shipped for offline use.
- :mod:`~snippetkit.slim`: stylesheets cut to the rules the pages use, a small stand-in for Bootstrap.
- :mod:`~snippetkit.pins`: the learner's pins, read from ``requirements.txt``.
- :mod:`~snippetkit.platforms`: the platforms a learner installs on (``nox -s resolve``).
- :mod:`~snippetkit.learner`: the archive's ``check.py``, which checks an example on a learner's computer.
- :mod:`~snippetkit.notebooks`: a page as the notebook a learner downloads.
- :mod:`~snippetkit.pdf`: the lesson printed to PDF.
"""

import os
from pathlib import Path

#: The repository: ``docs/``, ``snippets/``, ``snippetkit/``, ``conf.py``.
ROOT = Path(__file__).resolve().parent.parent
#: The files the extensions ship into the site's ``_static/`` (:func:`snippetkit.settings.apply` adds it).
STATIC = Path(__file__).resolve().parent / "static"


def store(path: Path, data: bytes) -> None:
    """Write *data* to *path* whole: beside it, then renamed over it, so a build reading the file
    side by side (the tests run several) sees the old content or the new, never half of it."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    partial.write_bytes(data)
    partial.replace(path)
