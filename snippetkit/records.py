"""What the build keeps of each page with snippets, from one build to the next, in one place.

Sphinx pickles its environment between builds, reads pages in parallel processes and merges
what they found, and forgets a page before it reads it again. MyST-NB keeps its per-page data
for that in one place (``NbMetadataCollector``); so does this: one :class:`Store` at
``env.snippetkit``, with one :class:`Page` per page, purged and merged as a whole by
:mod:`snippetkit.pipeline`. The pipeline writes a page's record, but for one flag: the
``{snippet-provenance}`` directive sets ``table`` on the page that holds it
(:mod:`snippetkit.provenance`). The other modules read it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # a type only: the store sits below the modules that fill it
    from .pages import Entry


@dataclasses.dataclass
class Page:
    """What the build learned of one page when it read it."""

    #: Its snippets, by key (a ``:load:`` path or an exercise id): from its source (``source-read``).
    entries: dict[str, Entry] = dataclasses.field(default_factory=dict)
    #: The failure registry: every problem reported on the page; a page with one is read again.
    failures: list[str] = dataclasses.field(default_factory=list)
    #: Its rows of the provenance table, one per snippet cell (:mod:`snippetkit.provenance`).
    rows: list[dict] = dataclasses.field(default_factory=list)
    #: Its ``{result}`` values by the role's text, for its notebook (:mod:`snippetkit.results`).
    results: dict[str, str] = dataclasses.field(default_factory=dict)
    #: It holds a ``{snippet-provenance}`` table, written again when any page changes.
    table: bool = False


class Store:
    """Every page's :class:`Page`, and the little the build keeps about all of them."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        #: A page was read or removed in this build (the provenance tables are written again).
        self.changed = False
        #: The digest of the results files :mod:`snippetkit.verified` last showed.
        self.fingerprint: str | None = None
        #: Read every page again in this build: the execution cache was set aside or its environment
        #: changed (:mod:`snippetkit.cache`). Not kept for the next build.
        self.reread_all = False
        self._build: dict[str, Any] = {}

    def page(self, docname: str) -> Page:
        """*docname*'s record, new and empty if the page has none yet."""
        return self.pages.setdefault(docname, Page())

    def purge(self, docname: str) -> None:
        self.changed = True
        self.pages.pop(docname, None)

    def merge(self, docnames, other: Store) -> None:
        self.pages.update({d: page for d, page in other.pages.items() if d in docnames})

    def for_this_build(self, key: str, make: Callable[[], Any]) -> Any:
        """*make*'s value, made once in this build and process (it is not kept for the next build)."""
        if key not in self._build:
            self._build[key] = make()
        return self._build[key]

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_build": {}, "reread_all": False}


def of(env) -> Store:
    """The environment's :class:`Store` (made on first use)."""
    if not hasattr(env, "snippetkit"):
        env.snippetkit = Store()
    return env.snippetkit
