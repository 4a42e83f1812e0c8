"""snippetkit.upstream.citations still applies to the installed docutils, and its entries are list items."""

from docutils import frontend, nodes, utils
from docutils.writers import html5_polyglot
from sphinx.writers.html5 import HTML5Translator

from snippetkit.upstream import citations


def rendered(visit) -> str:
    """One citation as *visit* writes it, with docutils' own HTML translator (Sphinx's inherits its
    visit_citation unchanged, which the first test checks)."""
    settings = frontend.get_default_settings(html5_polyglot.Writer)
    document = utils.new_document("test", settings)
    citation = nodes.citation("", nodes.label("", "1"), ids=["id1"])
    document += citation
    translator = html5_polyglot.HTMLTranslator(document)
    visit(translator, citation)
    return "".join(translator.body)


def test_docutils_still_writes_the_role_the_patch_replaces():
    assert HTML5Translator.visit_citation is html5_polyglot.HTMLTranslator.visit_citation
    html = rendered(HTML5Translator.visit_citation)
    assert citations.DEPRECATED_ROLE in html, html
    assert 'role="list"' in html, html


def test_the_patched_entry_is_a_list_item_of_its_list():
    html = rendered(citations.visit_citation)
    assert citations.DEPRECATED_ROLE not in html
    assert 'role="list"' in html and 'role="listitem"' in html, html
