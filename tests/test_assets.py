"""The offline-assets extension: KaTeX shipped locally, inventories compiled."""

import types
import zlib

import pytest
from sphinx.errors import ConfigError

from snippetkit import assets


def fake_app(tmp_path):
    return types.SimpleNamespace(outdir=str(tmp_path / "html"))


def test_katex_stylesheet_and_fonts_are_copied_into_a_static_folder(tmp_path):
    config = types.SimpleNamespace(html_static_path=["docs/_static"])
    assets.vendor_katex(fake_app(tmp_path), config)
    vendored = tmp_path / "vendor" / "katex"
    assert (vendored / "katex.min.css").is_file()
    fonts = sorted(p.suffix for p in (vendored / "fonts").iterdir())
    assert fonts and set(fonts) == {".woff2"}, "only the WOFF2 fonts browsers load are shipped"
    assert config.html_static_path == ["docs/_static", str(tmp_path / "vendor")]


def test_missing_katex_is_a_clear_configuration_error(tmp_path, monkeypatch):
    monkeypatch.setattr(assets, "KATEX", tmp_path / "nowhere")
    config = types.SimpleNamespace(html_static_path=[])
    with pytest.raises(ConfigError, match=r"run `npm ci` in the project folder"):
        assets.vendor_katex(fake_app(tmp_path), config)


def test_every_hand_written_inventory_line_compiles(tmp_path):
    for source in sorted((assets.ROOT / "docs" / "_inventories").glob("*.txt")):
        data = assets.compile_inventory(source.read_text(), source.stem)
        body = zlib.decompress(data.split(b"zlib.\n", 1)[1]).decode().splitlines()
        entries = [
            line for line in source.read_text().splitlines() if line.strip() and not line.startswith("#")
        ]
        assert len(body) == len(entries), source.name


def test_math_fonts_keep_the_glyphs_formulas_draw_and_drop_the_rest(tmp_path):
    from fontTools.ttLib import TTFont

    outdir = tmp_path / "html"
    (outdir / "_static" / "katex" / "fonts").mkdir(parents=True)
    (outdir / "page.html").write_text(
        '<p>not math: Z</p><span class="katex"><span class="katex-html" aria-hidden="true">'
        '<span class="mord mathnormal">w</span><span class="mrel">←</span></span></span>',
        encoding="utf-8",
    )
    app = types.SimpleNamespace(outdir=str(outdir), builder=types.SimpleNamespace(format="html"))
    assets.trim_math_fonts(app, None)
    trimmed = outdir / "_static" / "katex" / "fonts"
    full = assets.KATEX / "fonts"
    cmap = TTFont(trimmed / "KaTeX_Main-Regular.woff2").getBestCmap()
    assert ord("w") in cmap and ord("←") in cmap, "a glyph a formula draws was dropped"
    assert ord("Z") not in cmap, "text outside the formulas kept its glyph"
    assert len(cmap) < len(TTFont(full / "KaTeX_Main-Regular.woff2").getBestCmap())
    assert sorted(p.name for p in trimmed.iterdir()) == sorted(p.name for p in full.glob("*.woff2"))
