"""Every snippet, run as a learner runs it, prints exactly its expected block.

One generic test per snippet file under snippets/; nothing here names a
snippet. An exercise is run solved (its ___ blanks filled from its "->" hints, or
its solution region kept), which proves it solvable as written; run as handed
out (blanks, or only the outline) it must not pass.
"""

import pytest
from paths import ROOT, SNIPPETS

from snippetkit import checker, execute, snippetfile

ALL = snippetfile.discover(SNIPPETS)
EXERCISES = [p for p in ALL if snippetfile.Snippet(p, p.read_text(encoding="utf-8"), "", 0).is_exercise]


def _id(path):
    return str(path.relative_to(SNIPPETS))


def _speak(call, *args, **kwargs):
    """Call; a SnippetError becomes a test failure showing just its message."""
    try:
        return call(*args, **kwargs)
    except snippetfile.SnippetError as err:
        message = str(err)
    pytest.fail(message, pytrace=False)


def _load(path):
    return _speak(snippetfile.load, path.relative_to(ROOT))


def test_snippets_exist():
    assert ALL, f"no snippet files found under {SNIPPETS}"


@pytest.mark.parametrize("path", ALL, ids=_id)
def test_snippet_prints_its_expected_output(path, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)  # so messages name files as snippets/<page>/<file>.py
    snip = _load(path)
    _speak(checker.check_output, snip, _speak(execute.run, snip, workdir=tmp_path))


@pytest.mark.parametrize("path", EXERCISES, ids=_id)
def test_exercise_is_not_solved_as_handed_out(path, tmp_path, monkeypatch):
    """Run as the learner gets it (blanks, or just the outline), it must not pass."""
    monkeypatch.chdir(ROOT)
    snip = _load(path)
    with pytest.raises(snippetfile.SnippetError):
        checker.check_output(snip, execute.run(snip, workdir=tmp_path, fill=False))


@pytest.mark.parametrize("path", ALL, ids=_id)
def test_snippet_fits_the_page(path):
    """A snippet reads on the page without side-scrolling: lines of at most 79 characters."""
    lines = path.read_text(encoding="utf-8").splitlines()
    long = [number for number, line in enumerate(lines, 1) if len(line) > 79]
    assert not long, f"{_id(path)}: lines {long} are longer than 79 characters"
