"""Tools that keep the lesson's code examples honest, in the order a snippet meets them.

``snippets/<page>/<file>.py``, one script with its ``# Expected output:`` block:

1. :mod:`~snippetkit.snippetfile`: the file format: the expected block, an exercise's blanks and
   solution region, its hand-out and solved forms (pure functions).
2. :mod:`~snippetkit.execute` (and :mod:`~snippetkit.worker`, the process it talks to): run it as
   ``python file.py`` runs it, in the tests' worker or a process of its own.
3. :mod:`~snippetkit.checker`: the one rule that judges what it printed.
4. :mod:`~snippetkit.pages`: a page that ``:load:``\\ s it or shows it as an ``{exercise}``.
5. :mod:`~snippetkit.cells`: the executed cell, the one home of what it printed: myst-nb's
   executed doctree is read there once, and each snippet cell becomes a record with its verdict.
6. :mod:`~snippetkit.pipeline`: the build's work on each page, in one written order: it hands
   those records to the steps below, reports every failure, and keeps what it learned of the
   page in :mod:`~snippetkit.records`.

   a. :mod:`~snippetkit.downloads`: the page's notebook, its snippet files, the lesson's zip.
   b. :mod:`~snippetkit.runner`: "Try it yourself" in the browser (Pyodide), checked by the same rule.
   c. :mod:`~snippetkit.results`: numbers in the prose taken from the cells' output.
   d. :mod:`~snippetkit.provenance`: the mark under a passed output saying what checked it, the
      page's versions, ended by :mod:`~snippetkit.verified`'s note on where else it was checked.
7. :mod:`~snippetkit.portability`: the machine matrix (:mod:`~snippetkit.arm` makes its aarch64
   machine); :mod:`~snippetkit.accept` writes a block,
   :mod:`~snippetkit.drift` shows what newer TensorFlow, Keras and NumPy would change.

Beside the path: :mod:`~snippetkit.messages` (every message to an author, once),
:mod:`~snippetkit.settings` (the configuration values and their defaults),
:mod:`~snippetkit.cache` (myst-nb's execution cache: ready, set aside when damaged, keyed by the kernels'
environment), :mod:`~snippetkit.parallel` (a parallel build's pages split evenly),
:mod:`~snippetkit.upstream` (other packages' internals, each patch and copied template with the version it
was written against: myst-nb's kernels and HTML, KaTeX's server, the citation list, the theme),
:mod:`~snippetkit.platforms` (the platforms a learner installs on, checked by ``nox -s resolve``),
:mod:`~snippetkit.assets` (math, icons and inventories shipped for offline use) and
:mod:`~snippetkit.slim` (stylesheets cut to the rules the pages use, a small stand-in for Bootstrap's script).
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
