"""Every message an author reads is worded once (snippetkit.messages), and README.md quotes it as it is."""

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
#: The messages README's list quotes, with the line number its example uses.
QUOTED = {
    "DIFFERS": 20,
    "RAISED": 7,
    "TIMEOUT": None,
    "STDERR": None,
    "NO_BLOCK": None,
    "NONE_BUT_PRINTED": 20,
    "NOT_FOUND": None,
    "BLANK_WITHOUT_HINT": 3,
}


def first_line(template: str, line: int | None) -> str:
    """The template's first line, with README's example values, up to a placeholder that runs on."""
    text = ""
    for literal, field, _, _ in string.Formatter().parse(template.split("\n")[0]):
        text += literal
        if field is None:
            break
        if field not in EXAMPLE:
            return text  # a placeholder for a block of text: the quote ends before it
        text += str(line if field == "line" and line is not None else EXAMPLE[field])
    return text


@pytest.mark.parametrize("name", sorted(QUOTED))
def test_readme_quotes_the_message_as_it_is(name):
    quote = first_line(getattr(messages, name), QUOTED[name])
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


def test_no_module_words_a_check_message_itself():
    """The phrases of the templates appear nowhere else in snippetkit: each is defined once."""
    sources = {
        path.name: path.read_text(encoding="utf-8")
        for path in (ROOT / "snippetkit").glob("*.py")
        if path.name != "messages.py"
    }
    for name in (n for n in vars(messages) if n.isupper()):
        phrase = max(re.split(r"\{[^}]*\}", getattr(messages, name).split("\n")[0]), key=len).strip(" :.'")
        if len(phrase) < 15:
            continue  # too short to tell a copy from ordinary words
        copies = [file for file, text in sources.items() if phrase in text]
        assert not copies, f"the words of messages.{name} ({phrase!r}) are written again in {copies}"
