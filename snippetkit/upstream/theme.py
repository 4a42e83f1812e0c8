"""What this project relies on in pydata-sphinx-theme (under sphinx-book-theme): its files' places and
formats, and the two templates copied from it into ``templates/`` (``conf.py``'s ``templates_path``).

A theme upgrade may move a file, rename a variable or change a copied template; the registry
(:data:`snippetkit.upstream.INTERNALS`) lists every file of ours it touches, and
``tests/test_upstream.py`` compares the theme's templates with the ones copied (:data:`COPIED_FROM`).
"""

from __future__ import annotations

import re
from pathlib import Path

#: Where the copied templates are (``conf.py``'s ``templates_path``).
TEMPLATES = Path(__file__).parent / "templates"

#: Each copied template and what it was copied from in pydata-sphinx-theme's ``theme/pydata_sphinx_theme``
#: folder: the file, the block copied (None: the whole file), and the sha256 (first 16 hex digits) of
#: that text when it was copied.
COPIED_FROM = {
    "layout.html": ("layout.html", "extrahead", "e9f6d0d875b21a35"),
    "search-button-field.html": ("components/search-button-field.html", None, "518dda81dd8cd06a"),
}

#: The theme's stylesheet, its Bootstrap script and its Font Awesome script, under the site's ``_static/``.
STYLESHEET = Path("styles") / "pydata-sphinx-theme.css"
BOOTSTRAP = Path("scripts") / "bootstrap.js"
FONTAWESOME_SCRIPT = Path("scripts") / "fontawesome.js"

#: A Font Awesome glyph in the theme's stylesheet: ``.fa-magnifying-glass,.fa-search{--fa:"\f002"}``.
ICON_RULE = re.compile(r'(?:^|(?<=\}))([^{}]+)\{--fa:"\\([0-9a-f]+)"\}')
#: A glyph the stylesheet draws itself, through its ``--pst-icon-*`` variables (an admonition's bell).
STYLESHEET_ICON = re.compile(r'--pst-icon-[a-z-]+:"(.)"')


def static_originals() -> Path:
    """The theme's own ``static`` folder, as installed (what the build copies into ``_static/``)."""
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


def fontawesome_fonts() -> list[Path]:
    """Font Awesome's web fonts, as the theme ships them (inside :func:`static_originals`)."""
    return sorted((static_originals() / "vendor" / "fontawesome" / "webfonts").glob("*.woff2"))


def icon_codes(css: str) -> dict[str, str]:
    """Each Font Awesome icon name the theme's stylesheet *css* defines: its glyph's code, in hex."""
    return {
        name: code  # ".fa-magnifying-glass,.fa-search{--fa:"\f002"}" names one glyph twice
        for selectors, code in ICON_RULE.findall(css)
        for name in re.findall(r"\.fa-([a-z0-9-]+)", selectors)
    }


def stylesheet_glyphs(css: str) -> set[int]:
    """The glyphs the theme's stylesheet *css* draws itself: no ``fa-`` class names them in a page."""
    return {ord(char) for char in STYLESHEET_ICON.findall(css)}


def upstream_text(path: str, block: str | None) -> str:
    """The text of the theme's template *path*, or of its ``{%- block <block> %}`` when *block* is set."""
    text = (static_originals().parent / path).read_text(encoding="utf-8")
    if block is None:
        return text
    found = re.search(rf"\{{%- block {block} %\}}.*?\{{%- endblock {block} %\}}", text, re.S)
    return found[0] if found else ""
