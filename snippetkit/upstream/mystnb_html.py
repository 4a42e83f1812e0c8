"""myst-nb's HTML, changed where it needs to be, each change with its reason.

Every change here names the upstream behaviour it works around and has a test
(``tests/test_upstream_mystnb_html.py``) that fails if myst-nb's markup changes so
that the change no longer applies.
"""

from __future__ import annotations

from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput, visit_HideCellInput
from sphinx.application import Sphinx

#: What myst-nb 1.4 writes as the summary of a collapsed cell (myst_nb/sphinx_.py, visit_HideCellInput).
HIDDEN_CELL_SUMMARY = '<summary aria-label="Toggle hidden content">'


def visit_hidden_cell(self, node) -> None:
    """myst-nb's collapsed cell (a solution), whose summary is named by what it shows.

    myst-nb labels every such summary "Toggle hidden content"; the label replaces the text a reader
    sees ("Show the solution") as its accessible name, so speech input and screen readers disagree
    with the screen (WCAG 2.5.3; axe-core's label-content-name-mismatch). Without the label the
    summary's name is its visible text.
    """
    start = len(self.body)
    visit_HideCellInput(self, node)
    self.body[start:] = [part.replace(HIDDEN_CELL_SUMMARY, "<summary>") for part in self.body[start:]]


def setup(app: Sphinx) -> None:
    """Called by :func:`snippetkit.upstream.setup`, after myst-nb's own."""
    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_HideCellInput))
