"""Every lesson page has the same shape: objectives first, one exercise, key points last; glossary in use."""

import re

import pytest
from paths import ROOT

DOCS = ROOT / "docs"
SECTIONS = ["activations", "initialization", "normalization", "regularization", "optimizers", "schedules"]
LESSON_PAGES = [*SECTIONS, "common-errors", "mini-challenge"]

_OBJECTIVES = re.compile(
    r"^:::\{admonition\} Objectives\n:class: objectives\n(?P<body>.*?)^:::$", re.M | re.S
)
_KEY_POINTS = re.compile(
    r"^\((?P<label>[\w-]+)\)=\n## Key points\n\n(?P<body>(?:- .*\n(?:  .*\n)*)+)\s*\Z", re.M
)


def page(name: str) -> str:
    return (DOCS / f"{name}.md").read_text(encoding="utf-8")


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


#: The reading order: the set-up page and the lesson's sections, the pages that put them to use (the
#: mini challenge last of all), then the pages to look things up in. Author pages are in no toctree.
READING_ORDER = ["setup", *SECTIONS, "common-errors", "mini-challenge"]
REFERENCE_PAGES = ["quick-reference", "faq", "glossary", "references", "where-outputs-hold"]
AUTHOR_PAGES = ["execution-statistics"]


def toctree_entries(text: str) -> list[str]:
    entries = []
    for body in re.findall(r"^```\{toctree\}\n(.*?)^```", text, re.M | re.S):
        entries += [line.strip() for line in body.splitlines() if line.strip() and not line.startswith(":")]
    return entries


def test_the_home_page_lists_the_lesson_then_the_challenge_then_the_reference_pages():
    assert toctree_entries(page("index")) == READING_ORDER + REFERENCE_PAGES, (
        "docs/index.md: the toctrees give the reading order (Next/Previous follow it): the lesson, "
        "the mini challenge, then quick reference, FAQ, glossary, references and where the outputs hold"
    )


@pytest.mark.parametrize("name", AUTHOR_PAGES)
def test_author_pages_are_out_of_the_reading_sequence(name):
    """No Next/Previous link leads to an author page: it is in no toctree (an orphan, linked from the
    home page's last line)."""
    for other in DOCS.glob("*.md"):
        assert name not in toctree_entries(other.read_text(encoding="utf-8")), (
            f"docs/{other.name}: {name} is an author page; keep it out of the toctrees"
        )
    assert re.match(r"---\n(?:.*\n)*?orphan: true\n(?:.*\n)*?---\n", page(name)), (
        f"docs/{name}.md: an author page in no toctree needs 'orphan: true' in its front matter"
    )
    assert f"{{doc}}`{name}`" in page("index"), f"docs/index.md: link {name} from the home page's end"
