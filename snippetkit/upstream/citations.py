"""The references page's list of papers, with roles a screen reader accepts.

sphinxcontrib-bibtex writes each paper as a docutils citation, and docutils (0.22) writes a run of
citations as ``<div role="list">`` holding ``<div role="doc-biblioentry">`` entries. DPUB-ARIA 1.1
deprecates ``doc-biblioentry``, so axe-core does not count it as a list item: it reports the list as
holding a link where list items belong (``aria-required-children``, critical). Here each entry is
written as a ``listitem``, which is what the list needs; ``tests/test_citations.py`` fails if
docutils stops writing the role this replaces.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

#: The role docutils gives each entry of a citation list (docutils/writers/_html_base.py, visit_citation).
DEPRECATED_ROLE = 'role="doc-biblioentry"'


def visit_citation(self, node: nodes.citation) -> None:
    """docutils' citation, its entry marked as an item of the list around it."""
    start = len(self.body)
    HTML5Translator.visit_citation(self, node)
    self.body[start:] = [part.replace(DEPRECATED_ROLE, 'role="listitem"') for part in self.body[start:]]


def setup(app: Sphinx) -> None:
    """Called by :func:`snippetkit.upstream.setup`."""
    app.add_node(nodes.citation, override=True, html=(visit_citation, HTML5Translator.depart_citation))
