"""README.md stays a front door: small, with the quick start's two commands, and links that resolve.

The quick-start commands are defined here, in code (:data:`QUICK_START`). README.md shows them in a
fenced block, and ``tests/test_hosting.py`` checks that CI, Read the Docs and the Pages workflow run
them; no test reads README's sentences, so rewording one never fails the suite.
"""

import re

from paths import ROOT

README = ROOT / "README.md"
GUIDE = ROOT / "CONTRIBUTING.md"
#: At most this many bytes: what it is, the two commands, the layout, links into the guide.
README_LIMIT = 6000

#: Install nox, then build the site (every example executed and checked) and the offline archive.
BUILD = 'python3 -m pip install "nox[uv]" && nox -s docs'
#: Run every example against its expected block, the exercises and the tools' own tests.
TESTS = "nox -s tests"
#: The quick start: the two commands a fresh machine with Python 3.11+ and pip runs, in order.
QUICK_START = (BUILD, TESTS)

_FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.M | re.S)
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def code_blocks(text: str, language: str) -> list[list[str]]:
    """The commands of each fenced block in *language*: its lines without comments or blanks."""
    return [
        [line.split("#", 1)[0].strip() for line in body.splitlines() if line.split("#", 1)[0].strip()]
        for lang, body in _FENCE.findall(text)
        if lang == language
    ]


def anchors(text: str) -> list[str]:
    """The anchors GitHub gives a Markdown file's headings (fenced code left out)."""
    prose = _FENCE.sub("", text)
    slugs = []
    for heading in re.findall(r"^#{1,6} (.+)$", prose, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        slugs.append(slug)
    return slugs


def test_the_readme_is_at_most_6_kb():
    size = len(README.read_bytes())
    assert size <= README_LIMIT, (
        f"README.md is {size} bytes, over {README_LIMIT}: keep it to what the project is, the quick "
        "start, the layout and links; move the rest into CONTRIBUTING.md"
    )


def test_the_readme_shows_the_quick_start_commands_in_one_block():
    blocks = code_blocks(README.read_text(encoding="utf-8"), "bash")
    assert list(QUICK_START) in blocks, (
        f"README.md: no ```bash block with exactly the quick-start commands {list(QUICK_START)} "
        f"(tests/test_readme.py QUICK_START, which CI and the hosted builds run); its bash blocks: {blocks}"
    )


def test_the_readme_and_the_guide_link_only_to_what_exists():
    """Every relative link of README.md and CONTRIBUTING.md names a file of the repository and, after
    a ``#``, a heading of that file; the guide's headings are unique, so each topic is in one place."""
    broken = []
    for source in (README, GUIDE):
        text = source.read_text(encoding="utf-8")
        for target in _LINK.findall(_FENCE.sub("", text)):
            if re.match(r"[a-z]+:", target):  # http:, https:, mailto:
                continue
            path, _, anchor = target.partition("#")
            linked = (source.parent / path) if path else source
            if not linked.is_file():
                broken.append(f"{source.name}: {target}: no file {path}")
            elif (
                anchor
                and linked.suffix == ".md"
                and anchor not in anchors(linked.read_text(encoding="utf-8"))
            ):
                broken.append(f"{source.name}: {target}: no heading with that anchor in {linked.name}")
    assert not broken, "\n".join(broken)
    headings = anchors(GUIDE.read_text(encoding="utf-8"))
    twice = sorted({slug for slug in headings if headings.count(slug) > 1})
    assert not twice, f"CONTRIBUTING.md: each topic once; these headings repeat: {twice}"
