"""Provenance on the page (snippetkit/provenance.py): the mark under every checked output, the
page's one line of versions, the table of every snippet, and the code shown without its
expected-output block.

The build tests lay out small sites with tests/test_build.py's helpers; the fold and the copy
button in a browser are tested in tests/browser/test_provenance_in_browser.py.
"""

import json
import os
import pickle
import re
import sqlite3
import types
from datetime import datetime

import pytest
from bs4 import BeautifulSoup
from sitebuild import build
from test_build import HELLO, html, load, make_site, write_snippet

from snippetkit import provenance

TURN = """
    # fill in the ___
    x = ___  # -> the answer [hint: 6 * 7]
    print("answer:", x)

    # Expected output:
    # answer: 42
"""
EXERCISE = "```{exercise} ../snippets/turn.py\n```\n"
# a second notebook page, outside the toctree
MORE = """\
---
file_format: mystnb
kernelspec:
  name: python3
orphan: true
---
# More

{body}
"""
OBJECTIVES = """\
:::{admonition} Objectives
:class: objectives
After this page you can:

- say hello
:::

"""
ARRAYS = """
    import numpy as np

    print("sum", int(np.arange(4).sum()))

    # Expected output:
    # sum 6
"""
# the page with the table (make_site's "other", in the toctree)
TABLE = "# Other\n\n```{snippet-provenance}\n```\n"


def visible(tag) -> str:
    """The text a reader sees: without what is only for screen readers."""
    tag = BeautifulSoup(str(tag), "html.parser")
    for hidden in tag.select(".visually-hidden"):
        hidden.decompose()
    return " ".join(tag.get_text().split())


def spoken(tag) -> str:
    """The text a screen reader reads: without what is aria-hidden."""
    tag = BeautifulSoup(str(tag), "html.parser")
    for hidden in tag.select("[aria-hidden=true]"):
        hidden.decompose()
    return " ".join(tag.get_text().split())


def soup(site, page="index"):
    text = (site / "_build" / "html" / f"{page}.html").read_text(encoding="utf-8")
    return BeautifulSoup(text, "html.parser")


def environment(site):
    with open(site / "_build" / "html" / ".doctrees" / "environment.pickle", "rb") as file:
        return pickle.load(file)


def run_day(env, docname) -> str:
    """The day myst-nb recorded for the page's execution, as {nb-exec-table} shows it."""
    return datetime.fromtimestamp(env.nb_metadata[docname]["exec_data"]["mtime"]).strftime("%Y-%m-%d")


def page_line_text(versions, day) -> str:
    named = [f"{k} {v}" for k, v in versions.items()]
    named = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    return (
        f"The outputs on this page were printed on {day} with {named}; with other versions, "
        "numbers may differ."
    )


EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f]")


def table_rows(site, page="other"):
    table = soup(site, page).select_one("table.snippet-provenance-table")
    assert table is not None, f"no provenance table on {page}.html"
    head = [" ".join(th.get_text().split()) for th in table.select("thead th")]
    assert head == ["Page", "Snippet", "Output", "Checked with"], head
    rows, spans = [], {}  # spans: column -> (text, rows it still covers)
    for tr in table.select("tbody tr"):
        cells, row = iter(tr.select("td")), []
        for column in range(len(head)):
            text, left = spans.get(column, ("", 0))
            if left:
                spans[column] = (text, left - 1)
            else:
                td = next(cells)
                text = " ".join(td.get_text().split())
                spans[column] = (text, int(td.get("rowspan", 1)) - 1)
            row.append(text)
        assert next(cells, None) is None, f"a row with too many cells: {tr}"
        rows.append(row)
    return rows


# -- without a build ------------------------------------------------------------------------------


def test_installed_versions_are_this_environments():
    import platform
    from importlib.metadata import version

    found = provenance.installed_versions()
    assert list(found) == ["TensorFlow", "Keras", "NumPy", "Python"]
    assert found["Keras"] == version("keras") and found["NumPy"] == version("numpy")
    assert found["Python"] == platform.python_version()


def test_the_kernels_startup_file_records_the_versions_and_leaves_no_name_behind():
    kernel = types.SimpleNamespace(language_info={"name": "python", "version": "3.x"})
    namespace = {"get_ipython": lambda: types.SimpleNamespace(kernel=kernel)}
    exec(compile(provenance.startup_script(), provenance.STARTUP, "exec"), namespace)
    assert kernel.language_info == {
        "name": "python",
        "version": "3.x",
        provenance.KEY: provenance.installed_versions(),
    }
    assert sorted(name for name in namespace if name != "__builtins__") == ["get_ipython"]


def test_the_mark_says_what_it_means_with_an_icon_the_site_ships():
    markup = provenance.mark_html()
    assert visible(markup) == spoken(markup) == "Matches the file's expected output"
    icon = BeautifulSoup(markup, "html.parser").select_one("i")
    assert icon is not None and {"fa-solid", "fa-circle-check"} <= set(icon["class"]), markup
    assert icon["aria-hidden"] == "true"
    assert not EMOJI.search(markup), "an emoji needs an emoji font: the tick is Font Awesome's"
    for word in ("TensorFlow", "Python", "Keras", "NumPy", "20"):
        assert word not in markup, f"the mark names {word}: versions and day are said once per page"


def test_a_page_names_the_versions_of_what_its_examples_import():
    versions = {"TensorFlow": "2.21.0", "Keras": "3.15.1", "NumPy": "2.4.6", "Python": "3.11.7"}
    assert provenance.named_versions(versions, {"math", "random"}) == {"Python": "3.11.7"}
    assert provenance.named_versions(versions, {"numpy"}) == {"NumPy": "2.4.6", "Python": "3.11.7"}
    assert provenance.named_versions(versions, {"keras"}) == {
        "TensorFlow": "2.21.0",
        "Keras": "3.15.1",
        "Python": "3.11.7",
    }
    line = provenance.page_line(provenance.named_versions(versions, {"tensorflow", "numpy"}), "2026-11-25")
    assert line.astext() == page_line_text(versions, "2026-11-25")


def test_the_code_hides_the_block_and_the_blank_lines_before_it():
    assert provenance.expected_start("a = 1\nprint(a)\n\n\n# Expected output:\n# 1\n") == 2
    assert provenance.expected_start("print(1)\n# Expected output:\n# 1\n") == 1
    assert provenance.expected_start("x = 1\n# Expected output: none (it only sets x)\n") is None
    assert provenance.expected_start("print(1)\n") is None


# -- built sites ------------------------------------------------------------------------------------


@pytest.mark.build
def test_every_checked_output_is_marked_and_the_table_lists_every_snippet(tmp_path):
    site = make_site(
        tmp_path, OBJECTIVES + load("hello") + load("arrays"), hello=HELLO, turn=TURN, arrays=ARRAYS
    )
    (site / "docs" / "more.md").write_text(MORE.format(body=EXERCISE), encoding="utf-8")
    (site / "docs" / "other.md").write_text(TABLE, encoding="utf-8")
    status, log = build(site)  # (not -j 2: parallel first runs race to create jupyter-cache's database)
    assert status == 0, log
    assert "WARNING" not in log, log
    env = environment(site)
    versions = provenance.installed_versions()
    for docname in ("index", "more"):
        recorded = env.metadata[docname]["language_info"].get(provenance.KEY)
        assert recorded == versions, f"{docname}: the kernel did not record its versions"
    days = {docname: run_day(env, docname) for docname in ("index", "more")}

    # the mark under every output, examples and exercise solutions alike: what it means, no more
    for docname in ("index", "more"):
        cells = soup(site, docname).select("div.cell")
        assert cells, docname
        for cell in cells:
            marks = cell.select(".cell_output p.snippet-provenance")
            assert len(marks) == 1, f"{docname}: a cell without its mark (or with two):\n{cell}"
            assert visible(marks[0]) == provenance.MARK_TEXT
            assert marks[0].select_one("i.fa-circle-check[aria-hidden=true]"), marks[0]
            assert marks[0].find_previous_sibling() is not None, "the mark comes under the output"

    # the versions and the day, once per page, after the objectives; only what the page imports
    page = soup(site)
    (line,) = page.select("p.page-provenance")
    assert visible(line) == page_line_text(
        {k: v for k, v in versions.items() if k in ("NumPy", "Python")}, days["index"]
    ), "index runs plain Python and NumPy: no TensorFlow, no Keras"
    assert "objectives" in line.find_previous_sibling()["class"], "the line comes after the objectives"
    (line,) = soup(site, "more").select("p.page-provenance")
    assert visible(line) == page_line_text({"Python": versions["Python"]}, days["more"])
    assert line.find_previous_sibling().name == "h1", "without objectives, the line comes under the title"
    assert not soup(site, "other").select("p.page-provenance"), "a page without examples has no line"

    # the code without its block (nor the blank line before it), which stays in the code block, hidden
    code = page.select_one("div.cell_input pre")
    assert not code.select("button"), "no fold button: the output under the code says it all"
    (fold,) = code.select("span.expected-fold")
    assert fold.has_attr("hidden"), fold
    assert fold.get_text() == "\n# Expected output:\n# hello 4\n"
    assert code.get_text() == (site / "snippets" / "hello.py").read_text(encoding="utf-8"), (
        "the code block holds the whole file (what the copy button copies)"
    )
    fold.decompose()
    assert code.get_text() == 'print("hello", 2 + 2)\n', "what shows: the code alone"
    more = soup(site, "more")
    for pre in more.select("div.exercise-handout pre"):
        assert "# Expected output:\n# answer: 42" in pre.get_text()
        assert not pre.select(".expected-fold"), "the hand-out shows the output to aim for"
    (solution,) = more.select("div.cell_input pre")
    assert "# Expected output:\n# answer: 42" in solution.select_one(".expected-fold[hidden]").get_text(), (
        "the solution's output is under it: its block is hidden, as an example's"
    )
    head = str(page.head)
    assert "provenance/provenance.css" in head
    assert "expected-toggle" not in str(page) and "snippet-folds" not in str(page)

    # the files a learner downloads keep the block
    (download,) = {a["href"] for a in page.select("a[download]") if a["href"].endswith("/hello.py")}
    shipped = (site / "_build" / "html" / download).read_text(encoding="utf-8")
    assert shipped.endswith("# Expected output:\n# hello 4\n"), shipped

    # the table: every snippet, its page, passed, versions, date
    checked_with = provenance.versions_text(versions)
    assert table_rows(site) == [
        ["index", "snippets/hello.py", "passed", f"{checked_with}, on {days['index']}"],
        ["index", "snippets/arrays.py", "passed", f"{checked_with}, on {days['index']}"],
        ["more", "snippets/turn.py (solution)", "passed", f"{checked_with}, on {days['more']}"],
    ]
    assert {row[1].split()[0] for row in table_rows(site)} == {
        f"snippets/{p.name}" for p in (site / "snippets").glob("*.py")
    }

    # taken from the cache, a page shows the run that produced its outputs: that day, those versions
    cache = site / "_build" / ".jupyter_cache"
    with sqlite3.connect(cache / "global.db") as db:
        db.execute("UPDATE nbcache SET created = '2020-01-02 10:00:00.000000' WHERE uri LIKE '%index.md'")
    (notebook,) = [
        path for path in cache.glob("executed/*/base.ipynb") if "hello" in path.read_text(encoding="utf-8")
    ]
    data = json.loads(notebook.read_text(encoding="utf-8"))
    older = {**versions, "NumPy": "1.0.0-then"}
    data["metadata"]["language_info"][provenance.KEY] = older
    notebook.write_text(json.dumps(data), encoding="utf-8")
    os.utime(site / "docs" / "index.md")
    (site / "docs" / "more.md").unlink()  # and a page goes: its rows go with it
    status, log = build(site, "-j", "2")  # the page read in another process: its record is merged
    assert status == 0, log
    assert "Executing notebook" not in log, log
    (line,) = soup(site).select("p.page-provenance")
    assert visible(line) == page_line_text(
        {k: v for k, v in older.items() if k in ("NumPy", "Python")}, "2020-01-02"
    )
    assert table_rows(site) == [
        ["index", "snippets/hello.py", "passed", f"{provenance.versions_text(older)}, on 2020-01-02"],
        ["index", "snippets/arrays.py", "passed", f"{provenance.versions_text(older)}, on 2020-01-02"],
    ], "the table does not show the page's new record"


@pytest.mark.build
def test_an_output_that_fails_its_check_gets_no_mark_and_the_table_says_so(tmp_path):
    wrong = HELLO.replace("# hello 4", "# hello 5")
    site = make_site(tmp_path, load("hello") + EXERCISE, hello=wrong, turn=TURN)
    (site / "docs" / "other.md").write_text(TABLE, encoding="utf-8")
    status, log = build(site)
    assert status != 0 and "the printed output differs" in log, log
    example, solution = soup(site).select("div.cell")
    assert not example.select(".snippet-provenance"), "a failed output is marked as checked"
    assert len(solution.select(".snippet-provenance")) == 1
    assert [row[:3] for row in table_rows(site)] == [
        ["index", "snippets/hello.py", "failed"],
        ["index", "snippets/turn.py (solution)", "passed"],
    ]


@pytest.mark.build
def test_a_snippet_that_prints_nothing_keeps_its_one_line_unfolded(tmp_path):
    site = make_site(tmp_path, load("quiet"))
    write_snippet(
        site,
        "quiet",
        """
        x = 1

        # Expected output: none (it only sets x)
    """,
    )
    status, log = build(site)
    assert status == 0, log
    page = html(site)
    assert "expected-fold" not in page, "the one line that says why nothing is printed stays"
    assert "# Expected output: none (it only sets x)" in page
    assert provenance.MARK_TEXT.replace("'", "&#x27;") in page or provenance.MARK_TEXT in page


def test_the_needs_tensorflow_line_links_colab_when_the_site_has_notebooks_there():
    from docutils import nodes

    from snippetkit.runner import unavailable_note

    reason = "needs TensorFlow, which does not run in a web browser"
    with_colab = unavailable_note(reason, "../snippets/a/fit.py", "a", colab="https://colab.example/a.ipynb")
    (link,) = [
        node
        for node in with_colab.findall(nodes.reference)
        if node.get("refuri") == "https://colab.example/a.ipynb"
    ]
    assert link.astext() == "Open in Colab" and "colab-link" in link["classes"]
    assert with_colab.astext().startswith("Needs TensorFlow: "), with_colab.astext()
    without = unavailable_note(reason, "../snippets/a/fit.py", "a")
    assert "Colab" not in without.astext() and "No Run button" not in without.astext()
