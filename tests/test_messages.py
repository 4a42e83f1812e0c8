"""Every message an author reads is worded once (snippetkit.messages), and README.md quotes it as it is."""

import ast
import re
import string

import pytest
from paths import ROOT

from snippetkit import messages

README = (ROOT / "README.md").read_text(encoding="utf-8")
FAILURES = README.split("## Reading a failure", 1)[1].split("\n## ", 1)[0]

#: The values README's examples use for each placeholder.
EXAMPLE = {
    "file": "snippets/x/y.py",
    "line": 20,
    "where": "snippets/x/y.py:7",
    "how": "",
    "error": "ZeroDivisionError: division by zero",
    "seconds": 120,
    "page": "index",
    "relpath": "../snippets/x/y.py",
    "target": "...",
}
#: The messages README's list quotes, each with the values of README's example where they differ.
QUOTED = {
    "DIFFERS": {},
    "RAISED": {},
    "TIMEOUT": {},
    "STDERR": {},
    "NO_BLOCK": {},
    "NONE_BUT_PRINTED": {},
    "NOT_FOUND": {},
    "BLANK_WITHOUT_HINT": {"line": 3},
    "RESULT_MISMATCH": {
        "written": "2.12",
        "value": "2.2343",
        "describe": "loss per epoch [0]",
        "rounded": " (2.23 at the precision written)",
    },
    "RESULT_CLAIM": {
        "written": "below 1.75",
        "expect": "True",
        "describe": "loss below 1.75",
        "value": "False",
    },
    "RESULT_NO_LINE": {"label": "precision:", "after": ""},
    "RESULT_NO_INDEX": {"count": 2, "numbers": "numbers", "describe": "loss [2]", "index": 2, "rest": "..."},
    "RESULT_NOT_RUN": {"describe": "loss [0]", "name": "y.py"},
}
#: Where README's example of a message of the prose stands: the build's "<page>:<line>: " before it.
PAGE_LINE = "docs/x.md:12: "


def first_line(template: str, values: dict) -> str:
    """The template's first line, with README's example values, up to a placeholder that runs on."""
    values = {**EXAMPLE, "name": EXAMPLE["file"], **values}
    text = ""
    for literal, field, _, _ in string.Formatter().parse(template.split("\n")[0]):
        text += literal
        if field is None:
            break
        if field not in values:
            return text  # a placeholder for a block of text: the quote ends before it
        text += str(values[field])
    return text


@pytest.mark.parametrize("name", sorted(QUOTED))
def test_readme_quotes_the_message_as_it_is(name):
    quote = (PAGE_LINE if name.startswith("RESULT_") else "") + first_line(
        getattr(messages, name), QUOTED[name]
    )
    assert f"`{quote}" in FAILURES, f"README's 'Reading a failure' should quote messages.{name}: `{quote}`"


def test_every_template_is_a_module_constant_used_somewhere():
    templates = [name for name in vars(messages) if name.isupper()]
    sources = "".join(
        path.read_text(encoding="utf-8")
        for path in (ROOT / "snippetkit").glob("*.py")
        if path.name != "messages.py"
    )
    unused = [name for name in templates if f"messages.{name}" not in sources]
    assert not unused, f"messages defined but never used: {unused}"


def string_literals(source: str) -> str:
    """The text of a module's string literals (f-strings too), docstrings (and their doctests) left out."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return "\n".join(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    )


def test_no_module_words_a_check_message_itself():
    """The phrases of the templates appear in no other module's strings: each message is defined once."""
    sources = {
        path.name: string_literals(path.read_text(encoding="utf-8"))
        for path in (ROOT / "snippetkit").glob("*.py")
        if path.name != "messages.py"
    }
    for name in (n for n in vars(messages) if n.isupper()):
        phrase = max(re.split(r"\{[^}]*\}", getattr(messages, name).split("\n")[0]), key=len).strip(" :.'")
        if len(phrase) < 15:
            continue  # too short to tell a copy from ordinary words
        copies = [file for file, text in sources.items() if phrase in text]
        assert not copies, f"the words of messages.{name} ({phrase!r}) are written again in {copies}"
