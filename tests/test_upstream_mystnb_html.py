"""Each patch of snippetkit.upstream.mystnb_html still applies to the installed myst-nb.

If myst-nb changes the markup a patch rewrites, these tests fail: the patch
would silently do nothing, and the page would lose what it fixes.
"""

import types

from myst_nb.sphinx_ import HideCodeCellNode

from snippetkit.upstream import mystnb_html


def rendered(visit) -> str:
    translator = types.SimpleNamespace(body=[])
    node = HideCodeCellNode(
        prompt_show="Show the solution", prompt_hide="Hide the solution", classes=["tag_hide-cell"]
    )
    visit(translator, node)
    return "".join(translator.body)


def test_myst_nb_still_writes_the_summary_the_patch_replaces():
    from myst_nb.sphinx_ import visit_HideCellInput

    assert mystnb_html.HIDDEN_CELL_SUMMARY in rendered(visit_HideCellInput)


def test_the_patched_summary_is_named_by_its_visible_text():
    html = rendered(mystnb_html.visit_hidden_cell)
    assert "aria-label" not in html
    assert "<summary>\n" in html and "Show the solution" in html
