"""Sphinx extension: a parallel build's work split evenly: the pages to read balanced between the
processes by their cost, and written in one process when there are two.

``nox -s docs`` builds with ``-j auto``. Sphinx cuts the pages to read into one run per process,
alphabetically, and writes them with one process fewer than ``-j``; neither suits this site
(:func:`balance_reading`, :func:`write_in_one_process_with_two`).
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

from .pages import snippet_paths
from .snippetfile import needs_tensorflow
from .upstream import sphinx_builds

#: Training calls, whose epochs take most of a snippet's time.
TRAINS = re.compile(r"\.fit\(|\.train_on_batch\(|GradientTape\(")


def reading_cost(snippets: list[str]) -> float:
    """A page's estimated cost to execute, in about seconds, from the sources of the snippets it runs:
    TensorFlow's import, once per page that needs it, and each snippet, more for one that trains.
    Only to order the work; never exact.

    >>> reading_cost([])
    0.0
    >>> reading_cost(["import numpy", "import keras\\nmodel.fit(x, y)"])
    6.2
    """
    tensorflow = [snippet for snippet in snippets if needs_tensorflow(snippet)]
    trains = sum(len(TRAINS.findall(snippet)) for snippet in tensorflow)
    return round(4.0 * bool(tensorflow) + 0.3 * len(snippets) + 0.2 * len(tensorflow) + 1.4 * trains, 1)


def balanced(docnames: list[str], costs: dict[str, float], sizes: list[int]) -> list[str]:
    """*docnames* reordered so that consecutive runs of *sizes* documents (Sphinx's chunks, one
    process each) cost about the same: the costliest first, each into the chunk with the least cost
    so far that has room.

    Within its run, the first process reads its costliest page first, the second its cheapest first,
    and so on alternately. The costliest pages train models, and TensorFlow spreads training over
    every core: two of them at once slowed each other by 30-40 %, so each process's training runs
    while the other is on pages that mostly import and print.

    >>> balanced(["a", "b", "c", "d"], {"a": 9, "b": 8, "c": 1, "d": 1}, [2, 2])
    ['a', 'd', 'c', 'b']
    """
    chunks: list[list[str]] = [[] for _ in sizes]
    totals = [0.0 for _ in sizes]
    for docname in sorted(docnames, key=lambda name: (-costs.get(name, 0.0), name)):
        room = [i for i, size in enumerate(sizes) if len(chunks[i]) < size]
        best = min(room, key=lambda i: (totals[i], i))
        chunks[best].append(docname)
        totals[best] += costs.get(docname, 0.0)
    return [docname for i, chunk in enumerate(chunks) for docname in (chunk[::-1] if i % 2 else chunk)]


def balance_reading(app: Sphinx, env, docnames: list[str]) -> None:
    """``env-before-read-docs``: in a parallel build, the pages in an order that splits their work
    evenly between the processes.

    Sphinx cuts the list of pages to read into as many runs as processes (``-j``), in its order
    (alphabetical), and each process reads (executes) one run. Alphabetically, one process got
    common-errors, the costliest page, and the other the next four: one sat idle for a quarter of
    the build. The pages are reordered (as this event allows, in place) by :func:`reading_cost`.
    """
    if app.parallel <= 1:  # one process reads them all
        return
    costs = {}
    for docname in docnames:
        page = Path(env.doc2path(docname))
        files = [
            (page.parent / relpath).resolve() for relpath in snippet_paths(page.read_text(encoding="utf-8"))
        ]
        costs[docname] = reading_cost([path.read_text(encoding="utf-8") for path in files if path.is_file()])
    docnames[:] = balanced(docnames, costs, sphinx_builds.chunk_sizes(docnames, app.parallel))


def write_in_one_process_with_two(app: Sphinx) -> None:
    """``builder-inited``: with two processes (``-j 2``, or ``-j auto`` on two cores), the pages are
    read in parallel but written in this process.

    Sphinx writes in parallel with one process fewer than ``-j``, since this process loads and
    resolves every page's doctree for the others: with ``-j 2``, one forked process writes while this
    one resolves, and the forks cost more than that overlap gains. This site's 14 pages took
    1.55 s to write that way and 1.2 s in one process. With more processes Sphinx's way is kept.
    """
    if app.parallel == 2:
        sphinx_builds.write_in_this_process(app)


def setup(app: Sphinx) -> dict:
    app.connect("env-before-read-docs", balance_reading)
    app.connect("builder-inited", write_in_one_process_with_two)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
