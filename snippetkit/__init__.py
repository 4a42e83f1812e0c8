"""Tools that keep the lesson's code examples honest: the module map, one line per module.

How a snippet travels through them, and why, is CONTRIBUTING.md's "How it works"; this list only
says which module owns what, in the order a snippet meets them.

The modules in layers, lowest first; a module imports only from its own layer or a lower one, and
``tests/test_imports.py`` keeps it so (``python tests/test_imports.py`` prints the graph).

Words, rules and versions (standard library only; the learner's ``check.py`` ships them):

- :mod:`~snippetkit.messages`: every message to an author or a learner, once.
- :mod:`~snippetkit.settings`: the validated settings, their defaults, types and help text.
- :mod:`~snippetkit.pins`: the learner's pins, read from ``requirements.txt`` once.
- :mod:`~snippetkit.versions`: the installed versions, read from the packages' metadata once.

The snippet file and running it:

- :mod:`~snippetkit.snippetfile`: the file format (expected block, an exercise's two forms,
  what it imports; pure).
- :mod:`~snippetkit.checker`: the one rule that judges what it printed.
- :mod:`~snippetkit.execute`, :mod:`~snippetkit.worker`: run it as ``python file.py`` runs it
  (``execute.run_as_learner``), or in the tests' reused worker.
- :mod:`~snippetkit.learner`: the archive's ``check.py``, on a learner's computer.

The machine matrix and the tools on it:

- :mod:`~snippetkit.portability`: every snippet under each machine setting; :mod:`~snippetkit.arm`
  makes its aarch64 machine; :mod:`~snippetkit.native`: the hosted workflow's runs on ARM Linux
  and macOS; :mod:`~snippetkit.platforms`: the platforms a learner installs on (``nox -s resolve``).
- :mod:`~snippetkit.accept`: writes a block; :mod:`~snippetkit.drift`: what newer TensorFlow,
  Keras and NumPy would change.

The build (Sphinx extensions and what they use):

- :mod:`~snippetkit.upstream`: other packages' internals, each patch and copied template with the
  version it was written against (myst-nb's kernels and HTML, KaTeX's server, the citation list,
  Sphinx's parallel build, the theme).
- :mod:`~snippetkit.records`: what the build keeps of each page, in one store.
- :mod:`~snippetkit.cache`: myst-nb's execution cache, ready before the workers, set aside when
  damaged, keyed by the kernels' environment.
- :mod:`~snippetkit.assets`: math, icons and inventories shipped for offline use;
  :mod:`~snippetkit.slim`: stylesheets cut to the rules the pages use, a small Bootstrap stand-in;
  :mod:`~snippetkit.pdf`: the lesson printed to PDF.
- :mod:`~snippetkit.pages`: a page's source: its snippet files, ``{exercise}`` fences expanded;
  :mod:`~snippetkit.parallel`: a parallel build's pages split evenly.
- :mod:`~snippetkit.cells`: the executed cell, read once from myst-nb's doctree and judged once.
- :mod:`~snippetkit.notebooks`: a page as the notebook a learner downloads.
- What the build makes of the cells: :mod:`~snippetkit.downloads` (the page's notebook and files,
  the lesson's zip), :mod:`~snippetkit.runner` ("Try it yourself" in the browser),
  :mod:`~snippetkit.results` (numbers in the prose from the run), :mod:`~snippetkit.provenance`
  (the mark under a passed output, the page's versions) and :mod:`~snippetkit.verified` (where the
  outputs were checked).
- :mod:`~snippetkit.pipeline`: each page's steps in one written order; the one writer of the
  failure registry.
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
