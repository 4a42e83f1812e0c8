"""Every lesson page has the same shape: objectives first, one exercise, key points last; glossary in use.

The pages are found, not listed: the toctrees of docs/index.md are the reading order, and each
toctree's caption says which part of the lesson its pages make up (:data:`PARTS`), so which checks
they get. A page added to a toctree gets its part's checks with no list to edit here; a page under
docs/ that is in no toctree must be an orphan (an author page), or the tests say so.
"""

import re

import pytest
from paths import ROOT, SNIPPETS

DOCS = ROOT / "docs"
HOME = "index"

#: The home page's toctrees, by caption, in reading order: the part of the lesson their pages make up.
#: "sections" teach (objectives, one exercise, key points), "practice" puts them to use (objectives and
#: key points), "reference" is to look things up in (no shape).
PARTS = {"The lesson": "sections", "Putting it to use": "practice", "To look things up": "reference"}
#: Pages of the lesson's toctrees that teach nothing themselves, so have no objectives or exercise.
NOT_LESSONS = {"setup": "the set-up page: how to install and run the examples, read before the first section"}


def page(name: str) -> str:
    return (DOCS / f"{name}.md").read_text(encoding="utf-8")


def toctrees(text: str) -> list[tuple[str, list[str]]]:
    """``(caption, entries)`` of each ```` ```{toctree} ```` block of a page, in order: the directive's
    ``:caption:`` option and its document names (``Title <name>`` gives ``name``)."""
    found = []
    for body in re.findall(r"^```\{toctree\}\n(.*?)^```", text, re.M | re.S):
        options = dict(re.findall(r"^:(\w+):[ \t]*(.*?)\s*$", body, re.M))
        entries = []
        for line in body.splitlines():
            line = line.strip()
            if line and not line.startswith(":"):
                titled = re.search(r"<([^>]+)>$", line)
                entries.append((titled[1] if titled else line).removesuffix(".md"))
        found.append((options.get("caption", ""), entries))
    return found


def toctree_entries(text: str) -> list[str]:
    return [entry for _, entries in toctrees(text) for entry in entries]


def part(kind: str) -> list[str]:
    """The pages of the home page's toctrees whose caption :data:`PARTS` maps to *kind*, in order."""
    return [
        entry for caption, entries in toctrees(page(HOME)) if PARTS.get(caption) == kind for entry in entries
    ]


#: The lesson's sections, then the pages that put them to use (the mini challenge last of all), then
#: the pages to look things up in, as docs/index.md's toctrees list them.
READING_ORDER = part("sections") + part("practice")
REFERENCE_PAGES = part("reference")
SECTIONS = [name for name in part("sections") if name not in NOT_LESSONS]
LESSON_PAGES = SECTIONS + [name for name in part("practice") if name not in NOT_LESSONS]


def is_orphan(name: str) -> bool:
    """The page's front matter says ``orphan: true``: it is in no toctree on purpose (an author page)."""
    return bool(re.match(r"---\n(?:.*\n)*?orphan: true\n(?:.*\n)*?---\n", page(name)))


def listed() -> set[str]:
    """Every page some toctree of some page lists."""
    return {
        entry for path in DOCS.glob("*.md") for entry in toctree_entries(path.read_text(encoding="utf-8"))
    }


#: Pages for authors, not learners (execution statistics): orphans, out of the reading order.
AUTHOR_PAGES = sorted(path.stem for path in DOCS.glob("*.md") if is_orphan(path.stem))

_OBJECTIVES = re.compile(
    r"^:::\{admonition\} Objectives\n:class: objectives\n(?P<body>.*?)^:::$", re.M | re.S
)
_KEY_POINTS = re.compile(
    r"^\((?P<label>[\w-]+)\)=\n## Key points\n\n(?P<body>(?:- .*\n(?:  .*\n)*)+)\s*\Z", re.M
)


def bullets(text: str) -> list[str]:
    return re.findall(r"^- (.+)$", text, re.M)


@pytest.mark.parametrize("name", LESSON_PAGES)
def test_a_lesson_page_opens_with_objectives_and_ends_with_key_points(name):
    text = page(name)
    objectives = _OBJECTIVES.search(text)
    assert objectives, f"docs/{name}.md: no ':::{{admonition}} Objectives' with ':class: objectives'"
    before = text[: objectives.start()]
    assert before.count("\n## ") == 0, f"docs/{name}.md: the objectives come before the first section"
    assert 2 <= len(bullets(objectives["body"])) <= 4, f"docs/{name}.md: 2 to 4 objectives"
    points = _KEY_POINTS.search(text)
    assert points, f"docs/{name}.md: does not end with '({name}-key-points)=' and a '## Key points' list"
    assert points["label"] == f"{name}-key-points"
    assert 2 <= len(bullets(points["body"])) <= 6, f"docs/{name}.md: a short list of key points"


@pytest.mark.parametrize("name", SECTIONS)
def test_each_section_page_has_one_exercise(name):
    fences = re.findall(r"^```\{exercise\}\s*(\S+)", page(name), re.M)
    assert len(fences) == 1, f"docs/{name}.md: one 'Your turn' exercise, found {fences}"
    assert f"({name}-your-turn)=" in page(name), f"docs/{name}.md: label the exercise ({name}-your-turn)="


def test_every_glossary_term_is_linked_from_a_page():
    glossary = page("glossary")
    terms = re.findall(r"^(\S.*)$", glossary.split("```{glossary}", 1)[1].split("```", 1)[0], re.M)
    assert terms
    pages = "\n".join(p.read_text(encoding="utf-8") for p in DOCS.glob("*.md") if p.stem != "glossary")
    linked = {m.lower() for m in re.findall(r"\{term\}`(?:[^`<]*<)?([^`>]+)>?`", pages)}
    unused = [term for term in terms if term.lower() not in linked]
    assert not unused, f"glossary terms no page links with {{term}}: {unused}"


def test_the_home_page_lists_the_lesson_then_the_challenge_then_the_reference_pages():
    """The toctrees give the reading order (Next and Previous follow it), so their parts and the pages
    that open and close them are checked here; the order of the sections is the author's."""
    captions = [caption for caption, _ in toctrees(page(HOME))]
    assert captions == list(PARTS), (
        f"docs/index.md: the toctrees' captions are {captions}; the reading order is {list(PARTS)}, each "
        "caption saying which checks its pages get (tests/test_page_shape.py PARTS)"
    )
    order = READING_ORDER + REFERENCE_PAGES
    missing = [name for name in order if not (DOCS / f"{name}.md").is_file()]
    assert not missing, f"docs/index.md: toctree entries with no page under docs/: {missing}"
    twice = sorted({name for name in order if order.count(name) > 1})
    assert not twice, f"docs/index.md: a page is listed once in the reading order: {twice}"
    assert part("sections")[0] == "setup", "docs/index.md: the lesson opens with the set-up page"
    assert part("practice")[-1] == "mini-challenge", "docs/index.md: the mini challenge closes the lesson"
    with_examples = sorted(folder.name for folder in SNIPPETS.iterdir() if folder.is_dir())
    assert with_examples == sorted(LESSON_PAGES), (
        f"a page with examples (snippets/<page>/: {with_examples}) is a page of the lesson or its "
        f"practice, and each of those has examples (docs/index.md lists {sorted(LESSON_PAGES)})"
    )


def test_every_page_is_in_a_toctree_or_an_orphan():
    """Sphinx would only warn that a page is in no toctree; this says where it belongs."""
    strays = sorted(
        f"docs/{path.name}"
        for path in DOCS.glob("*.md")
        if path.stem != HOME and path.stem not in listed() and not is_orphan(path.stem)
    )
    assert not strays, (
        f"{strays}: in no toctree and not 'orphan: true'. Add each to a toctree of docs/index.md (its "
        f"caption, one of {list(PARTS)}, decides the page's checks), or, for an author page, put "
        "'orphan: true' in its front matter and link it from the home page's end"
    )


@pytest.mark.parametrize("name", AUTHOR_PAGES)
def test_author_pages_are_out_of_the_reading_sequence(name):
    """No Next/Previous link leads to an author page: it is in no toctree (an orphan, linked from the
    home page's last line)."""
    for other in DOCS.glob("*.md"):
        assert name not in toctree_entries(other.read_text(encoding="utf-8")), (
            f"docs/{other.name}: {name} is an author page ('orphan: true'); keep it out of the toctrees"
        )
    assert f"{{doc}}`{name}`" in page(HOME), f"docs/{HOME}.md: link {name} from the home page's end"
