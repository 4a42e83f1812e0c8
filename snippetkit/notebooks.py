"""The notebook a learner downloads: a page as plain Jupyter Markdown and code, as Jupyter and Colab show it.

myst-nb's notebook of a page (``_build/jupyter_execute/<page>.ipynb``) keeps the page's MyST source in
its Markdown cells: roles (``{term}``, ``{cite:p}``, ``{result}``...), ``:::{admonition}`` fences,
``(label)=`` targets, ``{raw} html``. Jupyter and Colab show those as literal text. Here
:func:`to_markdown` writes each as Markdown (a role as its text, or a link where the site is hosted;
a ``{result}`` as the number it stands for; an admonition as a quote with a bold title), and
:func:`learner_notebook` hands exercises out with their blanks: the hand-out as a code cell of its own,
its hints folded, the solution in a collapsed cell after it. The first cell installs only what the
notebook needs and the Python running it lacks (Colab's own TensorFlow is kept).

:func:`myst_syntax` finds MyST left in Markdown; :func:`problems` is every check of one notebook (the
build runs it on each one it writes), and ``python -m snippetkit.notebooks NOTEBOOK`` executes one with
nbclient and compares its outputs with the ones it was shipped with (``nox -s docs`` runs it on a page).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_ROLE_OR_CODE = re.compile(
    r"\{(?P<name>[a-z][\w:+.-]*)\}(?P<ticks>`+)(?P<content>.+?)(?P=ticks)"  # a role
    r"|(?P<code>(?P<cticks>`+).+?(?P=cticks))",  # an inline code span: left as it is
    re.DOTALL,
)

#: MyST syntax that Jupyter Markdown shows as literal text, by what it is.
MYST_SYNTAX = {
    "role": re.compile(r"\{[a-z][\w:+.-]*\}`"),
    "directive fence": re.compile(r"^ {0,3}(?:`{3,}|:{3,})\s*\{", re.MULTILINE),
    "directive option": re.compile(r"^:[a-z][\w-]*:(?:\s|$)", re.MULTILINE),
    "label target": re.compile(r"^ {0,3}\([^()\s]+\)=\s*$", re.MULTILINE),
    "raw block": re.compile(r"\{raw\}"),
}


def myst_syntax(markdown: str) -> list[tuple[int, str, str]]:
    """Each piece of MyST syntax in *markdown*: (line, what it is, the line).

    >>> myst_syntax("A {term}`dead unit <dead neuron>`.\\n\\n(intro)=\\n# Intro\\n")
    [(1, 'role', 'A {term}`dead unit <dead neuron>`.'), (3, 'label target', '(intro)=')]
    >>> myst_syntax("A *plain* sentence with `code` and $x^{2}$.\\n")
    []
    """
    found = []
    lines = markdown.splitlines()
    # inline code shows as code, whatever it holds: blanked, its lines kept
    searched = _ROLE_OR_CODE.sub(
        lambda m: re.sub(r"[^\n]", " ", m[0]) if m["code"] and not m["code"].startswith("```") else m[0],
        markdown,
    )
    for what, pattern in MYST_SYNTAX.items():
        for match in pattern.finditer(searched):
            line = markdown.count("\n", 0, match.start()) + 1
            found.append((line, what, lines[line - 1]))
    return sorted(set(found))


class ConversionError(Exception):
    """MyST that :func:`to_markdown` has no Markdown for; the message names it."""


#: A role's resolver: ``resolve(name, content)`` -> its Markdown.
Resolve = Callable[[str, str], str]

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|:{3,})(?P<info>.*)$")
_DIRECTIVE = re.compile(r"^\s*\{(?P<name>[\w:-]+)\}\s*(?P<arg>.*)$")
_OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
_LABEL = re.compile(r"^ {0,3}\([^()\s]+\)=\s*$")
_EQUATION_LABEL = re.compile(r"(\$\$)\s*\([^()\s]+\)\s*$")

#: Directives written as a quote with a bold title: their title when they have no argument.
ADMONITIONS = {
    name: name.title()
    for name in ("note", "tip", "hint", "important", "warning", "caution", "attention", "danger", "error")
} | {"admonition": "", "seealso": "See also"}

CODE_DIRECTIVES = {"code-block", "code", "sourcecode", "code-cell"}


def split_title(content: str) -> tuple[str | None, str]:
    """A role's ``title <target>`` form: (title, target); (None, content) without a title.

    >>> split_title("dead units <dead neuron>"), split_title("epoch")
    (('dead units', 'dead neuron'), (None, 'epoch'))
    """
    match = re.fullmatch(r"(?P<title>.*?[^\s\\])\s*<(?P<target>[^<>]+)>", content, re.DOTALL)
    if match:
        return " ".join(match["title"].split()), match["target"].strip()
    return None, " ".join(content.split())


def inline(text: str, resolve: Resolve) -> str:
    """*text* with each role replaced by ``resolve(name, content)``; code spans kept."""

    def replace(match: re.Match) -> str:
        if match["code"]:
            return match["code"]
        if match["name"] == "math":
            return f"${match['content']}$"
        return resolve(match["name"], match["content"])

    return _ROLE_OR_CODE.sub(replace, text)


def _definition_lists(lines: list[str]) -> list[str]:
    """MyST's ``term`` / ``: definition`` lists as a bulleted list with the term in bold."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if (
            line.strip()
            and not line.startswith((" ", ":", "-", "*", "#", ">"))
            and following.startswith(": ")
        ):
            out.append(f"- **{line.strip()}**: {following[2:].strip()}")
            index += 2
            while index < len(lines) and lines[index].startswith("  ") and lines[index].strip():
                out.append("  " + lines[index].strip())
                index += 1
            continue
        out.append(line)
        index += 1
    return out


def to_markdown(markdown: str, resolve: Resolve) -> str:
    """A Markdown cell of a MyST page as plain Jupyter Markdown.

    >>> print(to_markdown(":::{admonition} Objectives\\n:class: objectives\\nYou can {term}`x <y>`.\\n:::\\n",
    ...                   lambda name, content: split_title(content)[0] or content))
    > **Objectives**
    >
    > You can x.
    """
    lines = markdown.splitlines()
    out: list[str] = []
    text: list[str] = []  # prose lines waiting for their roles to be replaced (a role may span lines)

    def flush() -> None:
        if text:
            out.extend(inline("\n".join(_definition_lists(text)), resolve).split("\n"))
            text.clear()

    index = 0
    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
        if not fence:
            if not (_LABEL.match(line) or line.startswith("%") or line.strip() == "+++"):
                text.append(_EQUATION_LABEL.sub(r"\1", line))
            index += 1
            continue
        flush()
        mark = fence["fence"]
        closing = re.compile(rf"^ {{0,3}}{re.escape(mark[0])}{{{len(mark)},}}\s*$")
        end = index + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        body = lines[index + 1 : end]
        index = end + 1
        directive = _DIRECTIVE.match(fence["info"])
        if not directive:  # a plain code fence: as it is
            out.extend([line, *body, mark])
            continue
        out.extend(_directive(directive["name"], directive["arg"].strip(), body, resolve))
    flush()
    result = "\n".join(out).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", result)


def _options(body: list[str]) -> tuple[dict[str, str], list[str]]:
    """A directive's options (``:key: value`` lines or a ``---`` YAML block) and the rest of its body."""
    options: dict[str, str] = {}
    if body and body[0].strip() == "---":
        end = next((i for i in range(1, len(body)) if body[i].strip() == "---"), len(body) - 1)
        for line in body[1:end]:
            key, _, value = line.partition(":")
            options[key.strip()] = value.strip()
        return options, body[end + 1 :]
    index = 0
    while index < len(body) and (option := _OPTION.match(body[index])):
        options[option["key"]] = option["value"]
        index += 1
    return options, body[index:]


def _directive(name: str, arg: str, body: list[str], resolve: Resolve) -> list[str]:
    options, content = _options(body)
    if name in ADMONITIONS:
        title = inline(arg, resolve) if arg else ADMONITIONS[name]
        inner = to_markdown("\n".join(content), resolve)
        quoted = [f"> {line}" if line else ">" for line in inner.splitlines()]
        return ["", f"> **{title}**", ">", *quoted, ""]
    if name in CODE_DIRECTIVES:
        language = arg.split()[0] if arg else ""
        fence = "`" * max(3, 1 + max((len(r) for r in re.findall(r"`+", "\n".join(content))), default=0))
        return ["", fence + language, *content, fence, ""]
    if name == "raw":
        return ["", *content, ""] if arg.lower() == "html" else []
    if name == "toctree":  # the site's navigation: the notebook is one page
        return []
    if name == "math":
        return ["", "$$", *content, "$$", ""]
    if name == "dropdown":
        inner = to_markdown("\n".join(content), resolve)
        return ["", f"<details><summary>{inline(arg, resolve)}</summary>", "", inner, "", "</details>", ""]
    raise ConversionError(f"no Markdown for the {{{name}}} directive")


# -- the notebook ----------------------------------------------------------------------------------------


@dataclass
class Exercise:
    """What the notebook needs of an exercise: its hand-out and hints
    (see :class:`snippetkit.snippetfile.Snippet`)."""

    handout: str
    hints: list  # snippetfile.Hint: line, pointer, text


_HANDOUT = re.compile(
    r"^(?P<fence>`{3,})\{code-block\}[^\n]*\n(?:[^\n]*\n)*?:name:\s*(?P<ident>\S+)[^\n]*\n",
    re.MULTILINE,
)


def hints_markdown(hints: list) -> str:
    """An exercise's hints, in two steps: the folded list shows each blank's line and idea, and each
    of them, opened, the code for it.

    >>> from snippetkit.snippetfile import Hint
    >>> print(hints_markdown([Hint(6, "keep positives", "max(0.0, x)")]))
    <details><summary>Hint</summary>
    <BLANKLINE>
    <details><summary>Line 6: keep positives</summary>
    <BLANKLINE>
    <code>max(0.0, x)</code>
    </details>
    <BLANKLINE>
    </details>
    """
    import html

    if not hints:
        return ""
    items = "\n".join(
        f"<details><summary>Line {h.line}: {html.escape(h.pointer)}</summary>\n\n"
        f"<code>{html.escape(h.text)}</code>\n</details>\n"
        for h in hints
    )
    return f"<details><summary>{'Hint' if len(hints) == 1 else 'Hints'}</summary>\n\n{items}\n</details>"


SOLUTION_NOTE = "**Solution.** The cell below is folded: open it once you have tried the exercise."

HIDDEN_TAGS = {"hide-cell", "hide-input"}


def _hide_source(cell) -> None:
    """Fold a code cell's source in Jupyter (``source_hidden``) and in Colab (``cellView: form``)."""
    cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    cell.metadata["cellView"] = "form"


def balance_details(markdown: str) -> str:
    """*markdown* with its ``<details>`` closed in the same cell: a page may fold prose and code
    together, but a notebook renders each cell's HTML on its own, so a fold is closed at the end of
    the cell that opens it, and a closing tag with no opening one in its cell is dropped.

    >>> balance_details("<details><summary>Why</summary>\\n\\nBecause.")
    '<details><summary>Why</summary>\\n\\nBecause.\\n\\n</details>'
    >>> balance_details("</details>\\n\\n## Next")
    '## Next'
    """
    depth, parts = 0, []
    for piece in re.split(r"(<details\b[^>]*>|</details>)", markdown):
        if piece.startswith("<details"):
            depth += 1
        elif piece == "</details>":
            if not depth:
                continue
            depth -= 1
        parts.append(piece)
    text = "".join(parts).strip("\n") + "\n\n</details>" * depth
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def learner_notebook(notebook, exercises: dict[str, Exercise], resolve: Resolve, install):
    """*notebook* (myst-nb's executed notebook of a page) as a learner downloads it.

    Markdown cells in plain Jupyter Markdown (:func:`to_markdown`); each exercise as a hand-out code
    cell (its blanks, no output), its hints, then its solution, folded; code cells that the page
    folds, folded; *install* (a code cell) first. Cell ids numbered, so a page gives the same file on
    every build.
    """
    import nbformat

    cells = [install]
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            source = cell.source
            while match := _HANDOUT.search(source):
                ident = match["ident"]
                closing = re.compile(rf"^{match['fence']}`*\s*$", re.MULTILINE)
                end = closing.search(source, match.end())
                if ident not in exercises or not end:
                    break
                before = balance_details(to_markdown(source[: match.start()], resolve))
                if before.strip():
                    cells.append(nbformat.v4.new_markdown_cell(before))
                exercise = exercises[ident]
                cells.append(
                    nbformat.v4.new_code_cell(
                        exercise.handout.rstrip("\n"), metadata={"tags": ["raises-exception"]}
                    )
                )
                # What follows the hand-out in its cell is the page's hints: the notebook has its own.
                source = hints_markdown(exercise.hints)
                if source:
                    source += "\n\n"
                source += SOLUTION_NOTE
                cells.append(nbformat.v4.new_markdown_cell(source))
                source = ""
            source = balance_details(to_markdown(source, resolve)) if source.strip() else ""
            if source.strip():
                cells.append(nbformat.v4.new_markdown_cell(source))
            continue
        if cell.cell_type == "code":
            tags = set(cell.metadata.get("tags", []))
            for key in ("load", "mystnb", "exercise"):  # myst-nb's and the build's own
                cell.metadata.pop(key, None)
            if tags & HIDDEN_TAGS:
                _hide_source(cell)
        cells.append(cell)
    notebook.cells = cells
    for key in ("file_format", "source_map"):
        notebook.metadata.pop(key, None)
    notebook.metadata.get("language_info", {}).pop("snippetkit_versions", None)
    for number, cell in enumerate(notebook.cells, 1):
        cell.id = f"cell-{number}"
    return notebook


#: The module a snippet imports, and the learner's pins (snippetkit.downloads) that provide it.
MODULE_PACKAGES = {
    "tensorflow": ("tensorflow-cpu", "tensorflow"),
    "keras": ("keras",),
    "numpy": ("numpy",),
    "sklearn": ("scikit-learn",),
    "matplotlib": ("matplotlib",),
    "pytest": ("pytest",),
    "pytest_doctestplus": ("pytest-doctestplus",),
}


def install_source(modules: set[str], requirements: list[str]) -> str:
    """The first cell: pip-install, at the pinned versions, the *modules* the page imports that the
    running Python cannot import. *requirements* are the learner's requirement lines (with markers:
    pip picks tensorflow-cpu or tensorflow). Nothing is replaced, so Colab keeps its TensorFlow."""
    needed = {}
    wanted = set(modules) | ({"keras"} if "tensorflow" in modules else set())
    for module, packages in MODULE_PACKAGES.items():
        if module in wanted:
            lines = [r for r in requirements if re.split(r"[=;<>!~ ]", r, maxsplit=1)[0] in packages]
            needed[module] = lines
    listing = "\n".join(f"    {module!r}: {lines!r}," for module, lines in needed.items())
    return (
        "# Set-up: installs what this notebook imports and this Python lacks, at the\n"
        "# versions the page was checked with. What is there already is kept (Colab's\n"
        "# own TensorFlow too); other versions may print a different last digit.\n"
        "import importlib\n"
        "import importlib.util\n"
        "import subprocess\n"
        "import sys\n\n"
        "PINNED = {  # module: the packages that pip installs when it is missing\n"
        f"{listing}\n"
        "}\n"
        "missing = [package for module, packages in PINNED.items()\n"
        "           if importlib.util.find_spec(module) is None for package in packages]\n"
        "if missing:\n"
        '    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", *missing])\n'
        "    importlib.invalidate_caches()\n"
        'print("installed:", ", ".join(missing) if missing else "nothing, all there")\n'
    )


# -- in the build: what the roles stand for ------------------------------------------------------------


def local_url(url: str) -> bool:
    """Is *url* the address of a local build (``nox -s serve``), useless in a downloaded notebook?"""
    from urllib.parse import urlsplit

    return not url or urlsplit(url).hostname in {"127.0.0.1", "localhost", "::1", None}


def sphinx_resolver(app, docname: str, results: dict[str, str]) -> Resolve:
    """How the roles of the page *docname* read in its notebook, from the build's own records.

    ``{term}``, ``{ref}``, ``{doc}`` and ``{numref}`` give their text, linked to the hosted site
    (``html_baseurl``) when there is one; a local or offline build's notebook gets the text alone, since
    its pages are not where the notebook is opened. ``{cite:p}``/``{cite:t}`` read as on the page
    (sphinxcontrib-bibtex's own text), the API roles as code linked to the official reference (from the
    intersphinx inventories), ``{result}`` as the value the build filled in (*results*: the role's text
    -> its value, :func:`snippetkit.results.values`, kept in the page's
    :class:`snippetkit.records.Page`).
    """
    from docutils import nodes
    from sphinx import addnodes
    from sphinx.ext.intersphinx import InventoryAdapter

    env = app.env
    base = "" if local_url(app.config.html_baseurl) else app.config.html_baseurl.rstrip("/") + "/"
    std = env.domaindata["std"]
    inventory = InventoryAdapter(env).main_inventory

    def link(text: str, target_doc: str | None, anchor: str = "") -> str:
        if not base or target_doc is None:
            return text
        return f"[{text}]({base}{target_doc}.html{'#' + anchor if anchor else ''})"

    def api(kind: str, content: str) -> str:
        title, target = split_title(content)
        shown = target.lstrip("~.")
        if title is None:
            title = shown.rsplit(".", 1)[-1] if target.startswith("~") else shown
            if kind in {"func", "meth"} and app.config.add_function_parentheses:
                title += "()"
        for objtype, entries in inventory.items():
            if objtype.startswith("py:") and shown in entries:
                entry = entries[shown]
                uri = entry.uri if hasattr(entry, "uri") else entry[2]
                return f"[`{title}`]({uri})"
        return f"`{title}`"

    def cite(kind: str, content: str) -> str:
        domain = env.get_domain("cite")
        node = addnodes.pending_xref(
            "", refdomain="cite", reftype=kind, reftarget=content.strip(), refdoc=docname, refexplicit=False
        )
        resolved = domain.resolve_xref(env, docname, app.builder, kind, content.strip(), node, nodes.inline())
        text = resolved.astext() if resolved is not None else content
        refs = list(resolved.findall(nodes.reference)) if resolved is not None else []
        if base and refs and "#" in refs[0].get("refuri", ""):
            return f"[{text}]({base}{refs[0]['refuri'].split('#')[0]}#{refs[0]['refuri'].split('#')[1]})"
        return text

    def resolve(name: str, content: str) -> str:
        domain, _, kind = name.rpartition(":")
        if name == "result":
            key = " ".join(content.split())
            if key not in results:
                raise ConversionError(f"no value for {{result}}`{key}`")
            return results[key]
        title, target = split_title(content)
        if name == "term":
            found = std["objects"].get(("term", target.lower())) or std["objects"].get(("term", target))
            return link(title or target, *(found or (None,)))
        if name in {"ref", "numref"}:
            docname_, labelid, section = std["labels"].get(target.lower(), (None, "", target))
            return link(title or section, docname_, labelid)
        if name == "doc":
            from posixpath import dirname, join, normpath

            doc = normpath(join(dirname(docname), target)) if not target.startswith("/") else target[1:]
            shown = title or (env.titles[doc].astext() if doc in env.titles else target)
            return link(shown, doc if doc in env.titles else None)
        if domain == "py" or (not domain and kind in {"class", "func", "meth", "attr", "mod", "obj"}):
            return api(kind, content)
        if domain == "cite":
            return cite(kind, content)
        raise ConversionError(f"no Markdown for the {{{name}}} role")

    return resolve


# -- checks ----------------------------------------------------------------------------------------------


def problems(notebook) -> list[str]:
    """What is wrong with a downloaded notebook: nbformat's validation errors and MyST left in its
    Markdown cells, each naming the cell."""
    import nbformat

    found = []
    try:
        nbformat.validate(notebook)
    except nbformat.ValidationError as err:
        found.append(f"not a valid notebook: {err.message}")
    for number, cell in enumerate(notebook.cells, 1):
        if cell.cell_type != "markdown":
            continue
        for line, what, text in myst_syntax(cell.source):
            found.append(f"cell {number}, line {line}: MyST {what} left for Jupyter to show as text: {text}")
    return found


def stream_text(cell) -> str:
    """The text a code cell printed (stdout and stderr, in order)."""
    return "".join(
        out.get("text", "") for out in cell.get("outputs", []) if out.get("output_type") == "stream"
    )


def execute_and_compare(path: Path, timeout: int = 600) -> list[str]:
    """Execute the notebook at *path* with nbclient, as a learner's Jupyter runs it (top to bottom, the
    hand-outs raising at their blanks), and compare each code cell's printed text with the text it was
    shipped with (the page's checked outputs), by the lesson's checker. The differences, each naming
    the cell; none when they agree."""
    import doctest

    import nbformat
    from nbclient import NotebookClient

    from .checker import CHECK_FLAGS
    from .execute import QUIET_ENV, without_startup_logs

    shipped = nbformat.read(path, as_version=4)
    ran = nbformat.read(path, as_version=4)
    client = NotebookClient(
        ran, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    # as the build runs a page; the kernel's own start-up notices stay out of the report
    client.execute(env={**os.environ, **QUIET_ENV}, stderr=subprocess.DEVNULL)
    from pytest_doctestplus.output_checker import OutputChecker

    checker = OutputChecker()
    found = []
    for number, (before, after) in enumerate(zip(shipped.cells, ran.cells), 1):
        if before.cell_type != "code" or not before.get("outputs"):
            continue
        want, got = stream_text(before), without_startup_logs(stream_text(after))
        if not checker.check_output(want, got, CHECK_FLAGS):
            found.append(
                f"{path.name}, cell {number}: printed other text than the page.\n"
                f"{checker.output_difference(doctest.Example('', want), got, CHECK_FLAGS)}"
            )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m snippetkit.notebooks",
        description="Check downloaded notebooks: valid, no MyST left; with --execute, run each and compare "
        "its outputs with the ones it was shipped with.",
    )
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--execute", action="store_true")
    args = parser.parse_args(argv)
    import nbformat

    status = 0
    for path in args.notebooks:
        found = problems(nbformat.read(path, as_version=4))
        if args.execute and not found:
            found = execute_and_compare(path)
        for problem in found:
            print(f"{path}: {problem}")
        status = status or int(bool(found))
        if not found:
            print(f"{path}: valid, plain Markdown" + (", outputs as on the page" if args.execute else ""))
    return status


if __name__ == "__main__":
    sys.exit(main())
