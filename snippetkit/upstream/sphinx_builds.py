"""What this project relies on in how Sphinx runs a parallel build: how it cuts the pages to read
into runs, and the builder's switch for writing in parallel (used by :mod:`snippetkit.parallel`)."""

from __future__ import annotations

from sphinx.application import Sphinx


def chunk_sizes(docnames: list[str], processes: int) -> list[int]:
    """How many pages each run of Sphinx's parallel read holds, in order, as Sphinx cuts *docnames*
    (``sphinx.util.parallel.make_chunks``, which Sphinx's builder calls with the pages to read)."""
    from sphinx.util.parallel import make_chunks

    return [len(chunk) for chunk in make_chunks(list(docnames), processes)]


def write_in_this_process(app: Sphinx) -> None:
    """The pages are written in the main process, even in a parallel build (``Builder.allow_parallel``,
    which Sphinx reads only to decide to write in parallel)."""
    app.builder.allow_parallel = False
