"""Sphinx extension: numbers in the prose that come from the run, or are checked against it.

A page that quotes a result of one of its snippets (a loss, an accuracy, a
count) writes it with the ``{result}`` role instead of typing it, so the prose
cannot go stale. Two forms:

* **Filled in:** ``{result}`../snippets/p/fit.py | accuracy after 5 epochs``
  is replaced by what the snippet printed after ``accuracy after 5 epochs:``.
  ``| loss per epoch [0]`` takes the first number of that line (``[-1]`` the
  last), and a third part ``| {:.0%}`` formats it (0.61 becomes 61%).
* **Checked:** ``{result}`2.12 <../snippets/p/fit.py | loss per epoch [0]>``
  keeps the author's text, 2.12, and the build checks it against the printed
  value rounded to the decimals written (61% against 0.61 the same way).
  Words rather than a number state what the printed value must be after
  `` = ``: ``{result}`below 1.75 <../snippets/p/fit.py | loss below 1.75 = True>``.

The parts are separated by `` | `` (with spaces, so a label may hold ``|w|``).
The path is relative to the page, as in ``:load:``, or the file name alone
(``fit.py``); the page must run that snippet. A *label* names the line: the
line that starts (after leading white space) with it and then a colon, or
white space and a number (a table row, or ``stopped after epoch 10``); runs of
spaces count as one. When several lines start so, name a line above the one
meant: ``plain, he init > loss per epoch``.

The values are read from the page's own executed cells, which
:mod:`snippetkit.pipeline` hands to :func:`fill_results` (:class:`snippetkit.cells.Cell`).
A number that does not match, a label that is not printed, or a snippet the
page does not run is a problem :func:`fill_results` returns; the pipeline reports
it as a warning of type ``snippet.result`` (an error under ``-W``) naming the
page, line, snippet and label and both values, and the page is re-read until it
is fixed.
"""

from __future__ import annotations

import decimal
import functools
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from docutils import nodes
from sphinx.application import Sphinx

from . import messages
from .cells import Cell


class ResultError(Exception):
    """A result that cannot be read or does not match; the message is for the author."""


class result(nodes.inline):
    """A number taken from (or checked against) a snippet's printed output."""


class Reference(NamedTuple):
    """What a ``{result}`` role asks for."""

    path: str  # the snippet, relative to the page
    sections: tuple[str, ...]  # lines above the labelled one, each after the last
    label: str
    index: int | None  # the n-th number of the line, else the whole rest of it
    format: str | None  # e.g. "{:.0%}"
    written: str | None  # the checked form: the number as the page writes it
    expect: str | None = None  # ...or its words, which hold while the snippet prints this

    def describe(self) -> str:
        """The label as the author wrote it: ``plain > loss per epoch [0]``."""
        where = " > ".join((*self.sections, self.label))
        return where if self.index is None else f"{where} [{self.index}]"


_CHECKED = re.compile(r"(?P<written>[^<]*?)\s*<(?P<ref>.*)>")
_LABEL = re.compile(r"(?P<label>.*?)\s*(?:\[(?P<index>[-+]?\d+)\])?")
SYNTAX = (
    "{result}`<snippet> | <label>` to fill in a value, "
    "or {result}`<number> <<snippet> | <label>>` to check one"
)


def parse_reference(text: str) -> Reference:
    """Read the text of a ``{result}`` role.

    >>> parse_reference("../s/fit.py | loss per epoch [0] | {:.2f}")[:5]
    ('../s/fit.py', (), 'loss per epoch', 0, '{:.2f}')
    >>> parse_reference("61% <../s/fit.py | plain > accuracy>")
    Reference(path='../s/fit.py', sections=('plain',), label='accuracy', index=None, format=None, \
written='61%', expect=None)
    >>> parse_reference("fell <../s/fit.py | loss below 1.75 = True>").expect
    'True'
    >>> parse_reference("../s/fit.py")
    Traceback (most recent call last):
    ...
    snippetkit.results.ResultError: no label: ...
    """
    text = " ".join(text.split())  # a role broken over two lines reads as one
    written = None
    checked = _CHECKED.fullmatch(text)
    if checked:
        written, text = checked["written"] or None, checked["ref"]
        if written is None:
            raise ResultError(messages.RESULT_NO_NUMBER.format(syntax=SYNTAX))
    parts = [part.strip() for part in re.split(r"(?:^|\s)\|(?:\s|$)", text)]  # not the bars of "|w|"
    if len(parts) < 2 or not parts[1]:
        raise ResultError(messages.RESULT_NO_LABEL.format(syntax=SYNTAX))
    if len(parts) > 3:
        raise ResultError(messages.RESULT_TOO_MANY_PARTS.format(syntax=SYNTAX))
    path, label, fmt = parts[0], parts[1], (parts[2] if len(parts) == 3 else None)
    expect = None
    if written is not None and (claim := re.fullmatch(r"(?P<label>.*?)\s=\s(?P<expect>.+)", label)):
        label, expect = claim["label"], claim["expect"].strip()
    if not path:
        raise ResultError(messages.RESULT_NO_SNIPPET.format(syntax=SYNTAX))
    if fmt is not None and written is not None:
        raise ResultError(messages.RESULT_CHECKED_FORMAT)
    if fmt is not None and "{" not in fmt:
        fmt = f"{{:{fmt}}}"
    match = _LABEL.fullmatch(label)
    index = int(match["index"]) if match["index"] is not None else None
    parts = re.split(r"(?:^|\s)>(?:\s|$)", match["label"])  # "a line > the label"
    *sections, label = [part.strip().rstrip(":").strip() for part in parts]
    if not label or not all(sections):
        raise ResultError(messages.RESULT_EMPTY_LABEL.format(syntax=SYNTAX))
    return Reference(path, tuple(sections), label, index, fmt, written, expect)


def _words(text: str) -> str:
    """A pattern for *text* in which each run of spaces matches any run of white space."""
    return r"\s+".join(re.escape(word) for word in text.split())


_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?%?|[-+]?(?:nan|inf)", re.IGNORECASE)
_STARTS_NUMBER = r"[-+]?\.?\d|[-+]?(?:nan|inf)\b"


def find_value(printed: str, sections: tuple[str, ...], label: str, name: str = "the snippet") -> str:
    """The rest of the line of *printed* that *label* names, after its colon.

    >>> find_value("a\\n  loss per epoch: 2.1 1.9\\n", (), "loss per epoch")
    '2.1 1.9'
    >>> find_value("plain  0.5 0.6\\nBN     1.0 1.0\\n", (), "BN")
    '1.0 1.0'
    >>> find_value("A\\n loss: 3\\nB\\n loss: 4\\n", ("B",), "loss")
    '4'
    """
    lines = printed.splitlines()
    start, after = 0, ""
    for section in sections:
        pattern = re.compile(r"\s*" + _words(section))
        found = next((n for n in range(start, len(lines)) if pattern.match(lines[n])), None)
        if found is None:
            raise ResultError(
                messages.RESULT_NO_LINE.format(
                    name=name, label=section, after=after, printed=messages.indent(printed)
                )
            )
        start, after = found + 1, f" after the line '{lines[found].strip()}'"
    pattern = re.compile(r"\s*" + _words(label) + rf"(?:\s*:|\s+(?={_STARTS_NUMBER}))")
    hits = [(n, match) for n in range(start, len(lines)) if (match := pattern.match(lines[n]))]
    if not hits:
        raise ResultError(
            messages.RESULT_NO_LINE.format(
                name=name, label=f"{label}:", after=after, printed=messages.indent(printed)
            )
        )
    if len(hits) > 1 and not sections:
        where = " and ".join(str(n + 1) for n, _ in hits)
        raise ResultError(
            messages.RESULT_MANY_LINES.format(name=name, label=label, count=len(hits), where=where)
        )
    number, match = hits[0]
    return lines[number][match.end() :].strip()


def numbers(text: str) -> list[str]:
    """The whitespace-separated numbers of *text*, brackets and trailing commas left off.

    >>> numbers("0% ->  33%   loss:  9.42 ->  6.49")
    ['0%', '33%', '9.42', '6.49']
    >>> numbers("[0.047 0.052 0.05 ]  lr=1e-3  nan, 7,")
    ['0.047', '0.052', '0.05', 'nan', '7']
    """
    tokens = (token.lstrip("[(").rstrip("]),;:") for token in text.split())
    return [token for token in tokens if _NUMBER.fullmatch(token)]


def select(rest: str, index: int | None, describe: str, name: str = "the snippet") -> str:
    """The *index*-th number of *rest*, or all of it when *index* is None."""
    if index is None:
        return rest
    found = numbers(rest)
    if not -len(found) <= index < len(found):
        raise ResultError(
            messages.RESULT_NO_INDEX.format(
                name=name,
                count=len(found),
                numbers="number" if len(found) == 1 else "numbers",
                describe=describe,
                index=index,
                rest=rest,
            )
        )
    return found[index]


def as_decimal(text: str) -> tuple[Decimal, Decimal | None]:
    """``(value, step)`` of a number as written: 61% is 0.61 in steps of 0.01.

    The step is the unit of its last written digit; ``None`` for ``nan`` and ``inf``.

    >>> as_decimal("2.12")
    (Decimal('2.12'), Decimal('0.01'))
    >>> as_decimal("61 %")
    (Decimal('0.61'), Decimal('0.01'))
    >>> as_decimal("1.3e+16")
    (Decimal('1.3E+16'), Decimal('1E+15'))
    >>> as_decimal("about 2")
    Traceback (most recent call last):
    ...
    decimal.InvalidOperation: ...
    """
    text = text.strip().replace("\N{MINUS SIGN}", "-").replace(",", "")
    percent = text.endswith("%")
    text = text.rstrip("%").strip()
    if not _NUMBER.fullmatch(text):
        raise decimal.InvalidOperation(f"not a number: {text!r}")
    value = Decimal(text)
    if not value.is_finite():
        return value, None
    step = Decimal(1).scaleb(value.as_tuple().exponent)
    return (value / 100, step / 100) if percent else (value, step)


def _printed_number(value: str, describe: str, name: str) -> Decimal:
    """The number a snippet printed for *describe*, or a :class:`ResultError` saying it is none."""
    try:
        return as_decimal(value)[0]
    except decimal.InvalidOperation:
        raise ResultError(
            messages.RESULT_NOT_A_NUMBER.format(name=name, value=value, describe=describe)
        ) from None


def formatted(value: str, fmt: str, describe: str, name: str = "the snippet") -> str:
    """*value* (a printed number) through the format string *fmt*, half-way cases rounded up.

    >>> formatted("0.605", "{:.0%}", "accuracy")
    '61%'
    >>> formatted("33%", "{:.2f}", "dead units")
    '0.33'
    """
    number = _printed_number(value, describe, name)
    try:
        with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):
            return fmt.format(number)
    except (ValueError, TypeError, IndexError, KeyError) as err:
        raise ResultError(messages.RESULT_BAD_FORMAT.format(fmt=fmt, value=value, error=err)) from None


def check(written: str, value: str, describe: str, name: str = "the snippet") -> None:
    """Raise :class:`ResultError` unless *written* is *value* rounded to the decimals written.

    A value exactly half-way may be rounded either way.

    >>> check("2.12", "2.1161", "loss")
    >>> check("61%", "0.61", "accuracy")
    >>> check("2.12", "2.2343", "loss per epoch [0]", "snippets/fit.py")
    Traceback (most recent call last):
    ...
    snippetkit.results.ResultError: the page says 2.12, but snippets/fit.py printed 2.2343 for \
'loss per epoch [0]' (2.23 at the precision written)
    """
    try:
        page, step = as_decimal(written)
    except decimal.InvalidOperation:
        raise ResultError(messages.RESULT_UNCHECKABLE.format(written=written)) from None
    got = _printed_number(value, describe, name)
    mismatch = functools.partial(
        messages.RESULT_MISMATCH.format, written=written, name=name, value=value, describe=describe
    )
    if step is None or not got.is_finite():
        if str(page).lower() != str(got).lower():
            raise ResultError(mismatch(rounded=""))
    elif abs(got - page) > step / 2:
        percent = written.strip().endswith("%")
        scale = 100 if percent else 1
        exponent = (step * scale).normalize().as_tuple().exponent
        with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):
            rounded = f"{(got * scale).quantize(Decimal(1).scaleb(exponent)):f}" + ("%" if percent else "")
        raise ResultError(mismatch(rounded=f" ({rounded} at the precision written)"))


def check_claim(written: str, expect: str, value: str, describe: str, name: str = "the snippet") -> None:
    """Raise :class:`ResultError` unless the snippet printed *expect*, on which the page's words rest.

    >>> check_claim("below 1.75", "True", "True", "loss below 1.75")
    >>> check_claim("about 2", "2", "2.4", "loss")
    >>> check_claim("below 1.75", "True", "False", "loss below 1.75", "fit.py")
    Traceback (most recent call last):
    ...
    snippetkit.results.ResultError: the page says 'below 1.75', which holds while fit.py prints True \
for 'loss below 1.75', but it printed False
    """
    if value.strip() == expect:
        return
    try:
        check(expect, value, describe, name)
        return
    except ResultError:
        pass
    raise ResultError(
        messages.RESULT_CLAIM.format(
            written=written, name=name, expect=expect, describe=describe, value=value
        )
    )


def result_role(name, rawtext, text, lineno, inliner, options=None, content=()):
    """``{result}`...```: a placeholder, filled in once the page's snippets have run."""
    node = result(rawtext, "", reference=text)
    node.line = lineno
    return [node], []


_ROLE_IN_SOURCE = re.compile(r"\{result\}(`+)(.+?)\1", re.DOTALL)


def _source_lines(page: Path, found: list[result]) -> list[int | None]:
    """The line of the page where each role starts (MyST gives its paragraph's line)."""
    source = page.read_text(encoding="utf-8")
    roles = list(_ROLE_IN_SOURCE.finditer(source))
    lines, position = [], 0
    for node in found:
        want = " ".join(node["reference"].split())
        for number in range(position, len(roles)):
            if " ".join(roles[number][2].split()) == want:
                lines.append(source.count("\n", 0, roles[number].start()) + 1)
                position = number + 1
                break
        else:
            lines.append(node.line)
    return lines


def snippet_path(name: str, page: Path, run: list[Path], describe: str) -> Path:
    """The snippet *name* names: a path relative to the page, or the file name of one it runs."""
    if "/" in name:
        path = (page.parent / name).resolve()
        found = [path] if path in run else []
    else:
        found = [path for path in run if path.name == name]
    if not found:
        raise ResultError(messages.RESULT_NOT_RUN.format(describe=describe, name=name))
    if len(found) > 1:
        raise ResultError(messages.RESULT_AMBIGUOUS.format(count=len(found), name=name))
    return found[0]


def where_printed(name: str, above: bool) -> str:
    """The example a number came from, as a learner finds it on the page (the hover text).

    >>> where_printed("fit.py", True)
    'the example above (fit.py)'
    """
    return f"the example {'above' if above else 'below'} ({name})"


def fill_results(app: Sphinx, doctree: nodes.document, found_cells: list[Cell]) -> list[tuple[str, result]]:
    """Replace each ``{result}`` with the value its snippet printed (in *found_cells*), or check it.

    Returns the problems, each with its role's node, for the build to report.
    """
    found = list(doctree.findall(result))
    if not found:
        return []
    problems = []
    docname = app.env.docname
    page = Path(app.env.doc2path(docname))
    root = Path(app.srcdir).parent
    printed: dict[Path, str] = {}
    cells: dict[Path, nodes.Element] = {}
    for cell in found_cells:
        printed.setdefault(cell.path, cell.stdout)
        cells.setdefault(cell.path, cell.node)
    order = {id(node): number for number, node in enumerate(doctree.findall())}
    for node, line in zip(found, _source_lines(page, found)):
        node.source, node.line = str(page), line
        where = f"{os.path.relpath(page, root)}:{line}"
        written = None
        try:
            ref = parse_reference(node["reference"])
            written = ref.written
            path = snippet_path(ref.path, page, list(printed), ref.describe())
            shown = os.path.relpath(path, root)
            value = select(
                find_value(printed[path], ref.sections, ref.label, shown), ref.index, ref.describe(), shown
            )
            if ref.expect is not None:
                check_claim(written, ref.expect, value, ref.describe(), shown)
            elif written is not None:
                check(written, value, ref.describe(), shown)
            example = where_printed(path.name, order[id(cells[path])] < order[id(node)])
            if written is not None:
                text, title = written, f"{example[:1].upper()}{example[1:]} printed {ref.label}: {value}"
            else:
                text = formatted(value, ref.format, ref.describe(), shown) if ref.format else value
                title = f"Printed by {example}"
        except ResultError as err:
            problems.append((f"{where}: {err}", node))
            text, title = written or "??", "not checked: the build reported an error here"
        node[:] = [nodes.Text(text)]
        node["classes"].append("result")
        node["title"] = title
    return problems


def values(doctree: nodes.document) -> dict[str, str]:
    """The page's ``{result}`` values once filled in, by the role's text (for its notebook)."""
    return {" ".join(node["reference"].split()): node.astext() for node in doctree.findall(result)}


def visit_result_html(self, node: result) -> None:
    self.body.append(self.starttag(node, "span", "", title=node.get("title", "")))


def depart_result_html(self, node: result) -> None:
    self.body.append("</span>")


def setup(app: Sphinx) -> dict:
    app.add_node(result, html=(visit_result_html, depart_result_html))  # other builders: as inline
    app.add_role("result", result_role)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
