"""snippetkit.slim: stylesheets cut to the rules the pages can match, Bootstrap's script replaced.

The rules themselves are checked by the module's doctests; here, a small site built twice (a
rebuild must not trip over the cut files, which Sphinx and myst-nb copy again) and once more
after a page starts using a rule the cut had left out. That the cut pages look the same as the
uncut ones is checked in a browser (tests/browser/test_lighter_pages.py).
"""

import json
from pathlib import Path

import pytest
from paths import ROOT
from sitebuild import build

from snippetkit import slim

pytestmark = pytest.mark.build

PAGE = "# Demo\n\nText.\n\n```{toctree}\nother\n```\n"


def test_words_come_from_class_and_id_values_scripts_and_element_names():
    words = slim.page_names('<div class="a b-c" id="d"><p>plain text</p><script>x.add("e")</script></div>')
    assert {"a", "b-c", "d", "div", "p", "e"} <= words
    assert "plain" not in words and "text" not in words, "a page's prose adds no class"


def test_a_rule_is_kept_only_if_the_pages_can_match_it():
    css = ".used{a:1}.unused{b:2}.used .unused{c:3}p:not(.unused){d:4}@media print{.unused{e:5}}"
    assert slim.purge({"x.css": css}, {"used", "p"})["x.css"] == ".used{a:1}p:not(.unused){d:4}\n"


def test_the_site_ships_cut_stylesheets_and_the_bootstrap_stand_in_and_rebuilds_cleanly(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "docs" / "other.md").write_text("# Other\n\nA second page.\n", encoding="utf-8")
    static = tmp_path / "_build" / "html" / "_static"
    theme_css = static / "styles" / "pydata-sphinx-theme.css"

    status, log = build(tmp_path)
    assert status == 0, log
    manifest = json.loads((tmp_path / "_build" / "slim.json").read_text(encoding="utf-8"))
    original = ROOT / "_build" / "slim" / "originals" / manifest["styles/pydata-sphinx-theme.css"]["original"]
    assert theme_css.stat().st_size < original.stat().st_size / 3, "the theme's stylesheet was not cut"
    assert (static / "scripts" / "bootstrap.js").read_bytes() == slim.LITE.read_bytes()
    lite = slim.STAND_INS[Path("clipboard.min.js")]
    assert (static / "clipboard.min.js").read_bytes() == lite.read_bytes(), "clipboard.js: the stand-in"
    assert "clipboard.min.js" in manifest, "the original kept, for the comparisons"
    assert "seealso" not in theme_css.read_text(encoding="utf-8"), "no page shows a 'see also' box yet"

    # a rebuild: Sphinx and myst-nb copy their files again; with -W, a refused copy would fail it
    status, log = build(tmp_path)
    assert status == 0, log
    assert (static / "scripts" / "bootstrap.js").read_bytes() == slim.LITE.read_bytes()

    # a page starts using a rule the cut had left out: it comes back, cut from the original
    (tmp_path / "docs" / "other.md").write_text(
        "# Other\n\n```{seealso}\nThe index.\n```\n", encoding="utf-8"
    )
    status, log = build(tmp_path)
    assert status == 0, log
    assert ".admonition.seealso" in theme_css.read_text(encoding="utf-8")
