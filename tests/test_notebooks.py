"""The downloaded notebooks: plain Jupyter Markdown, exercises handed out, outputs as on the page."""

import json
import os
import re
import textwrap

import nbformat
import pytest
from paths import ROOT

from snippetkit import notebooks, pages, snippetfile

# -- the detector of MyST left in Markdown -----------------------------------------------------------

MYST_SAMPLE = {
    "role": "A model {term}`overfits <overfitting>` when ...",
    "directive fence": ":::{admonition} Objectives\nAfter this page you can:\n:::",
    "directive option": "```python\n```\n:class: objectives",
    "label target": "(regularization-keras)=\n## All three in Keras",
    "raw block": "```{raw} html\n<details>\n```",
}


@pytest.mark.parametrize("what", MYST_SAMPLE)
def test_the_detector_finds_each_kind_of_myst(what):
    found = notebooks.myst_syntax(MYST_SAMPLE[what])
    assert what in [kind for _, kind, _ in found], found


def test_the_detector_leaves_plain_jupyter_markdown_alone():
    plain = (
        "# Title\n\n> **Objectives**\n>\n> - a `{term}` in code is code\n\n"
        "$\\frac{\\lambda}{2} \\lVert w \\rVert^2$, [a link](https://example.org) and <details>.\n"
    )
    assert notebooks.myst_syntax(plain) == []


def test_problems_name_the_cell_with_myst_and_an_invalid_notebook():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("See {ref}`intro`.")])
    assert notebooks.problems(notebook) == [
        "cell 1, line 1: MyST role left for Jupyter to show as text: See {ref}`intro`."
    ]
    notebook.cells[0]["source"] = "Plain."
    notebook.cells[0]["execution_count"] = 3  # a Markdown cell has none
    assert notebooks.problems(notebook)[0].startswith("not a valid notebook:")


# -- MyST to Markdown ---------------------------------------------------------------------------------


def by_name(name, content):
    """A resolver that writes the role's name and text, so a test sees which role became what."""
    title, target = notebooks.split_title(content)
    return f"<{name}:{title or target}>"


def test_each_construct_becomes_plain_markdown():
    page = textwrap.dedent(
        """\
        (intro)=
        # Intro

        :::{admonition} Objectives
        :class: objectives
        After this page you can {term}`fit <fitting>` a model.
        :::

        {term}`Dropout <dropout>`
        : switch off units,
          at random.

        See {ref}`the keras part <keras>` and {cite:p}`he2015`, {result}`fit.py | loss
        [0]`, `{term}` in code.

        ```{note}
        Mind $x^{2}$ and {math}`y`.
        ```

        ```{code-block} python
        :class: exercise-handout
        print(1)
        ```

        ```{raw} html
        <details><summary>More</summary>
        ```
        $$
        a = b
        $$ (eq-a)
        """
    )
    markdown = notebooks.to_markdown(page, by_name)
    assert notebooks.myst_syntax(markdown) == [], markdown
    assert markdown.startswith(
        "# Intro\n\n> **Objectives**\n>\n> After this page you can <term:fit> a model."
    )
    assert "- **<term:Dropout>**: switch off units,\n  at random." in markdown
    assert "<ref:the keras part>" in markdown and "<cite:p:he2015>" in markdown
    assert "<result:fit.py | loss [0]>" in markdown, "a role over two lines reads as one"
    assert "`{term}` in code" in markdown, "code spans are left as they are"
    assert "> **Note**\n>\n> Mind $x^{2}$ and $y$." in markdown
    assert "```python\nprint(1)\n```" in markdown and "<details><summary>More</summary>" in markdown
    assert "$$\na = b\n$$" in markdown


def test_a_directive_without_markdown_is_an_error_not_left_in():
    with pytest.raises(notebooks.ConversionError, match=r"no Markdown for the \{glossary\} directive"):
        notebooks.to_markdown("```{glossary}\nepoch\n  One pass.\n```\n", by_name)


LESSON_PAGES = sorted(
    path for path in (ROOT / "docs").glob("*.md") if pages.snippet_paths(path.read_text(encoding="utf-8"))
)


def page_notebook(path):
    """The page as myst-nb reads it into a notebook, its exercises expanded as the build expands
    them, and the exercises by id: no build, no execution."""
    from myst_nb.core.read import read_myst_markdown_notebook

    exercises = {}

    def expand(match):
        if match["name"] != "exercise":
            return match[0]
        snip = snippetfile.load((path.parent / match["arg"].strip()).resolve())
        ident = f"exercise-{snip.path.stem.replace('_', '-')}"
        exercises[ident] = notebooks.Exercise(snip.handout(), snip.hints())
        return pages._exercise_cells(ident, snip)

    source = pages._FENCE.sub(expand, path.read_text(encoding="utf-8"))
    return read_myst_markdown_notebook(source, path=path), exercises


@pytest.mark.parametrize("path", LESSON_PAGES, ids=lambda path: path.stem)
def test_every_lesson_page_becomes_a_valid_notebook_without_myst(path):
    """Every role and directive the lesson's pages use has its Markdown (the build fills in the roles'
    values: tests/test_notebooks.py's build test and the docs build check those)."""
    notebook, exercises = page_notebook(path)
    before = sum(len(notebooks.myst_syntax(c.source)) for c in notebook.cells if c.cell_type == "markdown")
    assert before, "the page has no MyST: nothing to test"
    install = nbformat.v4.new_code_cell(notebooks.install_source({"numpy"}, ["numpy==2.0"]))
    result = notebooks.learner_notebook(notebook, exercises, by_name, install)
    assert notebooks.problems(result) == []
    code = [cell.source for cell in result.cells if cell.cell_type == "code"]
    for exercise in exercises.values():
        assert exercise.handout.rstrip("\n") in code, "the exercise is handed out as a code cell"
    for cell in result.cells:
        if cell.cell_type == "markdown":
            opened, closed = cell.source.count("<details"), cell.source.count("</details>")
            assert opened == closed, f"a fold left open or closed twice:\n{cell.source}"


def test_the_install_cell_installs_only_what_is_missing_and_keeps_tensorflow(tmp_path):
    requirements = [
        'tensorflow-cpu==2.21.0; platform_system == "Linux"',
        "keras==3.1",
        "numpy==2.4",
        "pytest==9",
    ]
    source = notebooks.install_source({"tensorflow", "numpy", "json"}, requirements)
    namespace = {}
    calls = []
    exec_source = source.replace("subprocess.check_call", "calls.append")
    import importlib.util

    real = importlib.util.find_spec
    for present, expected in [
        ({"tensorflow", "keras", "numpy"}, []),  # Colab: nothing installed, its TensorFlow kept
        ({"numpy"}, [[requirements[0], "keras==3.1"]]),
    ]:
        calls.clear()
        importlib.util.find_spec = lambda name, present=present: real("json") if name in present else None
        try:
            exec(exec_source, {"calls": calls, **namespace})
        finally:
            importlib.util.find_spec = real
        assert [call[5:] for call in calls] == expected
    assert "pytest" not in source, "no pytest for a page that does not import it"


# -- a built page's notebook, executed --------------------------------------------------------------

PAGE = """\
---
file_format: mystnb
kernelspec:
  name: python3
---
(intro)=
# Demo

:::{admonition} Objectives
:class: objectives
Fit an {term}`epoch`, as {cite:t}`he2015` did, with {py:class}`~keras.layers.Dropout`.
:::

```{code-cell} ipython3
:load: ../snippets/hello.py
```

It printed {result}`hello.py | hello`; see {ref}`intro` and {doc}`glossary`.

```{exercise} ../snippets/turn.py
```

```{toctree}
glossary
references
```
"""

HELLO = 'print("hello", 2 + 2)\n\n# Expected output:\n# hello 4\n'
TURN = 'x = ___  # -> six sevens [hint: 6 * 7]\nprint("answer:", x)\n\n# Expected output:\n# answer: 42\n'


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from sitebuild import build

    site = tmp_path_factory.mktemp("site")
    (site / "docs").mkdir()
    (site / "snippets").mkdir()
    (site / "docs" / "index.md").write_text(PAGE, encoding="utf-8")
    (site / "docs" / "glossary.md").write_text("# Glossary\n\n```{glossary}\nepoch\n  One pass.\n```\n")
    (site / "docs" / "references.md").write_text("# References\n\n```{bibliography}\n```\n")
    (site / "snippets" / "hello.py").write_text(HELLO, encoding="utf-8")
    (site / "snippets" / "turn.py").write_text(TURN, encoding="utf-8")
    status, log = build(site, env={**os.environ, "SITE_URL": "https://someone.github.io/lesson/"})
    assert status == 0, log
    out = site / "_build" / "html"
    return out, nbformat.read(out / "_notebooks" / "index.ipynb", as_version=4)


@pytest.mark.build
def test_the_built_notebook_reads_as_the_page_with_links_to_the_hosted_site(built):
    out, notebook = built
    assert notebooks.problems(notebook) == []
    markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "> **Objectives**" in markdown
    assert "[epoch](https://someone.github.io/lesson/glossary.html#term-epoch)" in markdown
    page = re.sub(r"<[^>]+>", "", (out / "index.html").read_text(encoding="utf-8"))
    citation = re.search(
        r"\[(He et al\. \[2015\])\]\(https://someone\.github\.io/lesson/references\.html#", markdown
    )
    assert citation and citation[1] in page, "the citation reads as on the page"
    assert re.search(r"\[`Dropout`\]\(https://www\.tensorflow\.org/[^)]*Dropout\)", markdown), markdown
    assert "It printed 4; see [Demo](https://someone.github.io/lesson/index.html#intro)" in markdown
    assert "[Glossary](https://someone.github.io/lesson/glossary.html)" in markdown


@pytest.mark.build
def test_the_built_notebook_hands_the_exercise_out_and_folds_its_solution(built):
    _, notebook = built
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    install, hello, handout, solution = code
    assert install.metadata["tags"] == ["install"] and "tensorflow" not in install.source
    assert hello.source == HELLO, "a snippet's cell is the snippet's code"
    assert handout.source.startswith("x = ___  # -> six sevens\n"), handout.source
    assert "[hint:" not in handout.source and handout.outputs == [] and handout.execution_count is None
    assert solution.source.startswith("x = 6 * 7") and "answer: 42" in notebooks.stream_text(solution)
    assert solution.metadata["jupyter"] == {"source_hidden": True} and solution.metadata["cellView"] == "form"
    between = notebook.cells[notebook.cells.index(handout) + 1 : notebook.cells.index(solution)]
    hints = "".join(cell.source for cell in between)
    assert "<summary>Line 1: six sevens</summary>" in hints and "<code>6 * 7</code>" in hints
    assert hints.index("six sevens") < hints.index("6 * 7"), "the idea first, the code behind a second click"


@pytest.mark.build
def test_the_built_notebook_runs_in_jupyter_and_prints_what_the_page_shows(built, tmp_path):
    out, notebook = built
    path = out / "_notebooks" / "index.ipynb"
    assert notebooks.execute_and_compare(path, timeout=120) == []
    # and the comparison can fail: a notebook shipped with another output than its code prints
    changed = json.loads(path.read_text(encoding="utf-8"))
    for cell in changed["cells"]:
        for output in cell.get("outputs", []):
            if "hello 4" in "".join(output.get("text", "")):
                output["text"] = "hello 5\n"
    (tmp_path / "changed.ipynb").write_text(json.dumps(changed), encoding="utf-8")
    found = notebooks.execute_and_compare(tmp_path / "changed.ipynb", timeout=120)
    assert len(found) == 1 and "printed other text than the page" in found[0] and "hello 5" in found[0], found
