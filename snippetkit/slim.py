"""Sphinx extension: a page loads only the CSS and JavaScript the site uses.

* **Stylesheets.** The theme's stylesheet is 368 KB (64 KB gzip): all of Bootstrap's rules
  and the theme's, most of them for components this site never shows. At ``build-finished``
  every stylesheet in ``_static`` (Pyodide's folder and the project's own, :func:`ours`, apart)
  is cut down to the rules that can
  match: a rule is kept when each class and id its selector names is a word of a built page
  or of a script the site ships (a script may add a class, so its words count too). Rules
  that name no class or id (elements, attributes, ``:root``'s variables), ``@font-face``,
  ``@keyframes`` and license comments (``/*! ... */``) are kept whole; the arguments of
  ``:not()``, ``:is()``, ``:has()`` and other functions are not required.
* **Bootstrap.** The theme's ``bootstrap.js`` (80 KB: every Bootstrap component and Popper)
  becomes ``bootstrap-lite.js``, the two parts this site's pages use: the header buttons'
  tooltips and the two header menus (download, colour mode); see that file.
* **clipboard.js.** sphinx-copybutton's ``clipboard.min.js`` (9 KB) becomes
  ``clipboard-lite.js``: the copy buttons' one call, copying a text on a click.
* **Search highlighting.** Sphinx's ``sphinx_highlight.js`` (5 KB) marks the words a reader
  searched for, on a page opened from the search results (``?highlight=...``). Every page but
  the search page (whose script uses it) loads it only then, by a one-line loader
  (:func:`lazy_highlight`).

Sphinx copies the originals into ``_build/html/_static`` on every build, but not always
(myst-nb copies its stylesheet only when the file is missing, and complains if it differs).
So the first ``build-finished`` handler puts back each original this module replaced, and
the last one cuts again, from the original: a page added later gets the rules it needs.
Originals and cuts are kept in ``_build/slim`` under hashes (of the original, and of the
words), so a rebuild with the same pages copies its cut; what was replaced in a site is listed
beside it (``slim.json`` next to its ``html`` folder).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from . import ROOT, STATIC, store
from .upstream import theme

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CACHE = ROOT / "_build" / "slim"
LITE = Path(__file__).parent / "static" / "bootstrap-lite.js"
BOOTSTRAP = theme.BOOTSTRAP
#: Scripts replaced by a stand-in of ours: their path under _static/, and the stand-in.
STAND_INS = {
    BOOTSTRAP: LITE,
    Path("clipboard.min.js"): Path(__file__).parent / "static" / "clipboard-lite.js",
}

# Strings, comments and braces, in the order they appear (a brace inside a string is no brace).
TOKEN = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|/\*.*?\*/|[{}]', re.S)
STRING_OR_COMMENT = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|/\*.*?\*/', re.S)
GROUPING = {"media", "supports", "layer", "container", "document", "-moz-document", "scope", "starting-style"}
WORD = re.compile(r"[\w-]+")
NAME = re.compile(r"[.#](-?[_a-zA-Z][\w-]*)")
ELEMENT = re.compile(r"(?:^|(?<=[\s>+~]))([a-zA-Z][\w-]*)")
TAG = re.compile(r"<([a-zA-Z][\w-]*)")
IMPLIED = {"html", "head", "body", "tbody"}  # elements a browser adds to any page
ATTRIBUTE = re.compile(r"""\s(?:class|id)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
VARIABLE = re.compile(r"var\(\s*(--[\w-]+)")
INLINE_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S | re.I)


class Rule:
    """A rule: its prelude (selectors or at-rule), its body's text, and the rules inside it."""

    def __init__(self, prelude: str, body: str, children: list) -> None:
        self.prelude, self.body, self.children = prelude, body, children


def parse(css: str) -> list:
    """The rules of *css* (comments already dropped), as :class:`Rule` and statement strings.

    >>> [(r.prelude, r.body) for r in parse('@import "a.css";p{color:red}')[1:]]
    [('p', 'color:red')]
    >>> parse('@import "a.css";p{x:1}')[0]
    '@import "a.css";'
    >>> [c.prelude for c in parse("@media print{.a{x:1}.b{x:2}}")[0].children]
    ['.a', '.b']
    """
    stack: list[list] = [[]]
    opened: list[tuple[str, int]] = []
    last = 0
    for match in TOKEN.finditer(css):
        if match.group() == "{":
            text = css[last : match.start()]
            statements, _, prelude = text.rpartition(";")  # "@import x;" before a rule
            if statements.strip():
                stack[-1].append(statements.strip() + ";")
            opened.append((prelude.strip(), match.end()))
            stack.append([])
            last = match.end()
        elif match.group() == "}" and opened:
            prelude, start = opened.pop()
            children = stack.pop()
            stack[-1].append(Rule(prelude, css[start : match.start()], children))
            last = match.end()
    if css[last:].strip():
        stack[0].append(css[last:].strip())
    return stack[0]


def split_selectors(prelude: str) -> list[str]:
    """Split a selector list at its top-level commas.

    >>> split_selectors(":is(.a,.b) p, .c")
    [':is(.a,.b) p', '.c']
    """
    parts, depth, start = [], 0, 0
    for index, char in enumerate(prelude):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prelude[start:index].strip())
            start = index + 1
    parts.append(prelude[start:].strip())
    return parts


def required_names(selector: str) -> set[str] | None:
    """What *selector* needs on a page: its class and id names and its element names (lower case);
    None if it cannot be judged (kept). Arguments of functions such as ``:not()`` or ``:is()``
    are not required, nor attributes (a script sets ``data-kind`` as ``dataset.kind``).

    >>> sorted(required_names("html[data-theme=dark] .bd-sidebar:not(.hidden) > a#top::after"))
    ['a', 'bd-sidebar', 'html', 'top']
    >>> sorted(required_names('A[href$=".pdf"] + Kbd:is(.x, [open])'))
    ['a', 'kbd']
    >>> required_names(r".w-1\\.5") is None
    True
    """
    if "\\" in selector or "|" in selector:
        return None
    bare = STRING_OR_COMMENT.sub("", selector)
    while True:  # drop (...), innermost first: the arguments of functions
        shorter = re.sub(r"\([^()]*\)", "", bare)
        if shorter == bare:
            break
        bare = shorter
    bare = re.sub(r"\[[^\]]*\]", "", bare)
    return set(NAME.findall(bare)) | {name.lower() for name in ELEMENT.findall(bare)}


def declarations(body: str) -> list[str]:
    """The declarations of a rule's body, split at the semicolons outside strings and brackets.

    >>> declarations('color:red;background:url("a;b.png");--x:var(--y, 1px)')
    ['color:red', 'background:url("a;b.png")', '--x:var(--y, 1px)']
    """
    parts, depth, start, quote = [], 0, 0, ""
    for index, char in enumerate(body):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == ";" and depth == 0:
            parts.append(body[start:index])
            start = index + 1
    parts.append(body[start:])
    return [part.strip() for part in parts if part.strip()]


def used_variables(css: str, words: set[str]) -> set[str]:
    """The custom properties (``--name``) something uses: a declaration that is not itself a custom
    property, a page or a script (*words*), or a custom property used in turn.

    >>> sorted(used_variables(":root{--a:var(--b);--b:1px;--c:2px;--d:var(--c)}p{margin:var(--a)}", set()))
    ['--a', '--b']
    """
    needs: dict[str, set[str]] = {}
    used = {word for word in words if word.startswith("--")}
    for body in re.findall(r"\{([^{}]*)\}", css):
        for declaration in declarations(body):
            name, _, value = declaration.partition(":")
            refs = set(VARIABLE.findall(value))
            if name.strip().startswith("--"):
                needs.setdefault(name.strip(), set()).update(refs)
            else:
                used |= refs
    todo = list(used)
    while todo:
        for ref in needs.get(todo.pop(), ()):
            if ref not in used:
                used.add(ref)
                todo.append(ref)
    return used


def render(rules: list, words: set[str], animations=None, variables=None) -> str:
    """The CSS of *rules* keeping only the selectors whose names are all in *words*, the
    ``@keyframes`` named in *animations* and the custom properties in *variables* (all of them
    where these are None).

    >>> render(parse(".a,.b{x:1}@media print{.c{y:2}}@font-face{src:url(f.woff2)}p{z:3}"), {"a", "p"})
    '.a{x:1}@font-face{src:url(f.woff2)}p{z:3}'
    >>> render(parse(":root{--a:1;--b:2}"), set(), variables={"--b"})
    ':root{--b:2}'
    """
    out = []
    for rule in rules:
        if isinstance(rule, str):
            out.append(rule)
        elif rule.prelude.startswith("@"):
            keyword = re.match(r"@([\w-]+)", rule.prelude)
            if keyword and keyword[1].lower() in GROUPING and rule.children:
                inner = render(rule.children, words, animations, variables)
                if inner:
                    out.append(f"{rule.prelude}{{{inner}}}")
            elif keyword and keyword[1].lower().endswith("keyframes") and animations is not None:
                if rule.prelude.split()[-1] in animations:
                    out.append(f"{rule.prelude}{{{rule.body}}}")
            else:
                out.append(f"{rule.prelude}{{{rule.body}}}")  # @font-face, @keyframes, @page ...
        else:
            kept = []
            for selector in split_selectors(rule.prelude):
                names = required_names(selector)
                if names is None or words is None or names <= words:
                    kept.append(selector)
            body = rule.body
            if variables is not None and not rule.children:
                body = ";".join(
                    d
                    for d in declarations(body)
                    if not d.startswith("--") or d.partition(":")[0].strip() in variables
                )
            if kept and body:
                out.append(f"{','.join(kept)}{{{body}}}")
    return "".join(out)


def purge(sheets: dict[str, str], words: set[str], whole=frozenset()) -> dict[str, str]:
    """Each stylesheet of *sheets* (name: CSS) without the rules no page can match, the animations
    no rule left runs, and the custom properties nothing left uses (in any of the sheets: one
    defines what another uses); license comments (``/*!``) first. The sheets named in *whole*
    are returned as they are, and count whole for the rest.

    >>> cut = purge({"a.css": "/*! MIT */ .a{animation:spin 1s;color:var(--ink)}.b{animation:fade 1s}"
    ...              "@keyframes spin{to{x:1}}@keyframes fade{to{x:0}}",
    ...              "b.css": ":root{--ink:#000;--paper:#fff}"}, {"a"})
    >>> cut["a.css"]
    '/*! MIT */\\n.a{animation:spin 1s;color:var(--ink)}@keyframes spin{to{x:1}}\\n'
    >>> cut["b.css"]
    ':root{--ink:#000}\\n'
    """
    parsed = {}
    for name, css in sheets.items():
        bare = STRING_OR_COMMENT.sub(lambda m: "" if m.group().startswith("/*") else m.group(), css)
        parsed[name] = (re.findall(r"/\*!.*?\*/", css, re.S), parse(bare))
    first = "".join(
        render(rules, None if name in whole else words, animations=set())
        for name, (_, rules) in parsed.items()
    )
    animations = set(WORD.findall(first))
    variables = used_variables(first, words)
    return {
        name: sheets[name]
        if name in whole
        else "\n".join([*licenses, render(rules, words, animations, variables)]) + "\n"
        for name, (licenses, rules) in parsed.items()
    }


def page_names(html: str) -> set[str]:
    """What a page's elements can match: their names, the words of their ``class`` and ``id``
    values, and every word of the page's inline scripts (which may add a class); custom
    properties (``--name``) set or used in ``style=""``.

    >>> sorted(page_names('<p class="note big" id="top" hidden>table</p><script>el.add("x")</script>'))
    ['add', 'big', 'el', 'note', 'p', 'script', 'top', 'x']
    """
    names = {element.lower() for element in TAG.findall(html)}
    for values in ATTRIBUTE.findall(html):
        names.update(WORD.findall(" ".join(values)))
    for script in INLINE_SCRIPT.findall(html):
        names.update(WORD.findall(script))
    names.update(re.findall(r"--[\w-]+", html))
    return names


def site_words(outdir: Path) -> set[str]:
    """The names the built pages carry (:func:`page_names`), and every word of the scripts the
    site ships (Pyodide's apart), which may add a class or an id."""
    static = outdir / "_static"
    words: set[str] = set()
    for path in outdir.rglob("*.html"):
        words |= page_names(path.read_text(encoding="utf-8", errors="replace"))
    for path in [*static.rglob("*.js"), *static.rglob("*.mjs")]:
        if "pyodide" not in path.relative_to(static).parts and path.name not in {p.name for p in STAND_INS}:
            words |= set(WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    for lite in STAND_INS.values():  # what replaces bootstrap.js and clipboard.min.js
        words |= set(WORD.findall(lite.read_text(encoding="utf-8")))
    return words | {word.lower() for word in words} | IMPLIED


def _stylesheets(static: Path) -> list[Path]:
    return sorted(p for p in static.rglob("*.css") if "pyodide" not in p.relative_to(static).parts)


def ours() -> set[str]:
    """The project's own stylesheets (docs/_static, snippetkit/static), by their path under _static/:
    shipped whole, since they style HTML made outside the pages too (``nox -s pdf`` joins the pages
    into ``section.print-page`` elements)."""
    return {
        p.relative_to(folder).as_posix()
        for folder in (ROOT / "docs" / "_static", STATIC)
        for p in folder.rglob("*.css")
    }


def replaced(build: Path) -> dict[str, bytes]:
    """What the build in *build* (the folder holding ``html``) replaced: each file's path under
    ``_static/`` and the original it replaced (for the browser test and bench, which compare)."""
    manifest = build / "slim.json"
    if not manifest.is_file():
        return {}
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    return {name: (CACHE / "originals" / entry["original"]).read_bytes() for name, entry in entries.items()}


def _manifest(app: Sphinx) -> Path:
    return Path(app.outdir).parent / "slim.json"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:24]


def _digest_b(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def restore(app: Sphinx, exception) -> None:
    """``build-finished``, first: put back the originals of the files :func:`slim` replaced."""
    if exception or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    manifest = _manifest(app)
    entries = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}
    for name, entry in entries.items():
        target, original = static / name, CACHE / "originals" / entry["original"]
        if target.is_file() and original.is_file() and _digest(target.read_bytes()) == entry["written"]:
            target.write_bytes(original.read_bytes())


def slim(app: Sphinx, exception) -> None:
    """``build-finished``, last: cut the stylesheets to the site's rules; Bootstrap's script to
    :data:`LITE`."""
    if exception or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    static = outdir / "_static"
    (CACHE / "originals").mkdir(parents=True, exist_ok=True)
    originals = {p.relative_to(static).as_posix(): p.read_bytes() for p in _stylesheets(static)}
    words = site_words(outdir)
    code = _digest_b(Path(__file__).read_bytes())  # a new version of this module cuts anew
    key = _digest(
        "\n".join(sorted(words)).encode() + code + b"".join(sorted(map(_digest_b, originals.values())))
    )
    cuts = {name: CACHE / f"{_digest(data)}-{key}.css" for name, data in originals.items()}
    if not all(cut.is_file() for cut in cuts.values()):
        sheets = {name: data.decode("utf-8") for name, data in originals.items()}
        for name, text in purge(sheets, words, whole=ours() & sheets.keys()).items():
            store(cuts[name], text.encode("utf-8"))
    slimmed = {name: cut.read_bytes() for name, cut in cuts.items()}
    for script, lite in STAND_INS.items():
        if (static / script).is_file():
            originals[script.as_posix()] = (static / script).read_bytes()
            slimmed[script.as_posix()] = lite.read_bytes()
    manifest = {}
    for name, data in originals.items():
        kept = CACHE / "originals" / f"{_digest(data)}{Path(name).suffix}"
        if not kept.is_file():
            store(kept, data)
        (static / name).write_bytes(slimmed[name])
        manifest[name] = {"original": kept.name, "written": _digest(slimmed[name])}
    _manifest(app).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")


#: Loads sphinx_highlight.js only on a page opened from the search results (its URL names the words).
HIGHLIGHT_LOADER = (
    'if(new URLSearchParams(location.search).has("highlight")){{const s=document.createElement("script");'
    's.src="{src}";document.head.append(s)}}'
)


def lazy_highlight(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: ``sphinx_highlight.js`` behind :data:`HIGHLIGHT_LOADER`, except on the
    search page."""
    scripts = context.get("script_files")
    if pagename == "search" or not scripts:
        return
    found = [s for s in scripts if str(getattr(s, "filename", s)).endswith("_static/sphinx_highlight.js")]
    if not found:
        return
    for script in found:
        scripts.remove(script)
    src = context["pathto"]("_static/sphinx_highlight.js", 1)
    app.add_js_file(None, body=HIGHLIGHT_LOADER.format(src=src))


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", lazy_highlight, priority=900)
    app.connect("build-finished", restore, priority=100)
    app.connect("build-finished", slim, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
