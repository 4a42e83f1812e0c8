"""What this project relies on in Sphinx's internals: how a parallel build cuts the pages to read
into runs, the builder's switch for writing in parallel (both used by :mod:`snippetkit.parallel`),
and where the environment keeps the files the download role collected (:mod:`snippetkit.downloads`)."""

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


def downloaded_files(env) -> dict[str, str]:
    """Each file a ``{download}`` role (or a download reference) collected, relative to the source
    folder, and the unique name Sphinx copies it under in ``_downloads/`` (``env.dlfiles``)."""
    return {source: unique for source, (_, unique) in env.dlfiles.items()}
