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


def test_compiled_inventories_are_rewritten_only_when_they_change(tmp_path, monkeypatch):
    """Another build may be reading them: an unchanged file is left alone, a stale one replaced whole."""
    monkeypatch.setattr(assets, "COMPILED", tmp_path)
    assets.build_inventories(None, None)
    written = {path.name: path.stat().st_mtime_ns for path in tmp_path.glob("*.inv")}
    assert written, "no inventory compiled"
    name = sorted(written)[0]
    (tmp_path / name).write_bytes(b"")  # as a reader saw a file being rewritten in place
    assets.build_inventories(None, None)
    after = {path.name: path.stat().st_mtime_ns for path in tmp_path.glob("*.inv")}
    assert {n: t for n, t in after.items() if n != name} == {n: t for n, t in written.items() if n != name}
    assert (tmp_path / name).read_bytes().startswith(b"# Sphinx inventory version 2")
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(written), "no temporary file left"


def test_math_fonts_keep_the_glyphs_formulas_draw_and_drop_the_rest(tmp_path):
    from fontTools.ttLib import TTFont

    outdir = tmp_path / "html"
    (outdir / "_static" / "katex" / "fonts").mkdir(parents=True)
    (outdir / "page.html").write_text(
        '<p>not math: Z</p><span class="katex"><span class="katex-html" aria-hidden="true">'
        '<span class="mord mathnormal">w</span><span class="mrel">←</span></span></span>',
        encoding="utf-8",
    )
    app = types.SimpleNamespace(outdir=str(outdir), builder=types.SimpleNamespace(format="html"), parallel=1)
    assets.trim_math_fonts(app, None)
    trimmed = outdir / "_static" / "katex" / "fonts"
    full = assets.KATEX / "fonts"
    cmap = TTFont(trimmed / "KaTeX_Main-Regular.woff2").getBestCmap()
    italic = TTFont(trimmed / "KaTeX_Math-Italic.woff2").getBestCmap()
    assert ord("←") in cmap and ord("w") in italic, "a glyph a formula draws was dropped"
    assert ord("w") not in cmap, "a variable's letter kept in the font it is not drawn in"
    assert ord("←") not in italic and ord("Z") not in cmap, "a glyph no formula draws in this font was kept"
    assert len(cmap) < len(TTFont(full / "KaTeX_Main-Regular.woff2").getBestCmap())
    assert sorted(p.name for p in trimmed.iterdir()) == sorted(p.name for p in full.glob("*.woff2"))


def test_fonts_cut_in_parallel_are_the_fonts_cut_one_by_one(tmp_path, monkeypatch):
    """A -j build cuts the fonts not cut yet in several processes, while it finishes its other steps;
    what it ships is the same."""
    fonts = sorted((assets.KATEX / "fonts").glob("KaTeX_Size*-Regular.woff2"))[:3]  # small ones
    assert len(fonts) == 3, fonts
    written = {}
    for processes in (1, 2):
        monkeypatch.setattr(assets, "FONT_CACHE", tmp_path / f"cache{processes}")  # nothing cut yet
        out = tmp_path / f"out{processes}"
        cuts = [(font, out / font.name, [ord("("), ord(")")]) for font in fonts]
        assets.subset_fonts(cuts, processes, background=processes > 1)  # as the build starts them
        assets.wait_for_fonts()  # as the build's last step waits for them
        assert len(list((tmp_path / f"cache{processes}").glob("*.woff2"))) == 3, "each cut is kept"
        written[processes] = {path.name: path.read_bytes() for path in sorted(out.iterdir())}
    assert sorted(written[2]) == sorted(font.name for font in fonts)
    assert written[2] == written[1]
