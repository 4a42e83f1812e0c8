"""Provenance on the page (snippetkit/provenance.py): the mark under every checked output, the
table of every snippet, and the folded expected-output block.

The build tests lay out small sites with tests/test_build.py's helpers; the fold and the copy
button in a browser are tested in tests/browser/test_provenance_in_browser.py.
"""

import json
import os
import pickle
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
    x = ___  # 👉 the answer [hint: 6 * 7]
    print("answer:", x)

    # ✅ Expected output:
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


def mark_text(versions, day) -> str:
    return " · ".join(["✓ Output checked", *(f"{k} {v}" for k, v in versions.items()), day])


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


def test_the_mark_reads_well_on_screen_and_aloud():
    markup = provenance.mark_html({"TensorFlow": "2.21.0", "Python": "3.11.7"}, "2026-11-25")
    assert visible(markup) == "✓ Output checked · TensorFlow 2.21.0 · Python 3.11.7 · 2026-11-25"
    assert spoken(markup) == "Output checked with TensorFlow 2.21.0, Python 3.11.7, on 2026-11-25"
    assert '<time class="provenance-item" datetime="2026-11-25">' in markup


# -- built sites ------------------------------------------------------------------------------------


@pytest.mark.build
def test_every_checked_output_is_marked_and_the_table_lists_every_snippet(tmp_path):
    site = make_site(tmp_path, load("hello"), hello=HELLO, turn=TURN)
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

    # the mark under every output, examples and exercise solutions alike
    for docname in ("index", "more"):
        cells = soup(site, docname).select("div.cell")
        assert cells, docname
        for cell in cells:
            marks = cell.select(".cell_output p.snippet-provenance")
            assert len(marks) == 1, f"{docname}: a cell without its mark (or with two):\n{cell}"
            assert visible(marks[0]) == mark_text(versions, days[docname])
            assert marks[0].find_previous_sibling() is not None, "the mark comes under the output"

    # the fold: an example's expected block behind a button, an exercise's in view
    code = soup(site).select_one("div.cell_input pre")
    button = code.select_one("button.expected-toggle")
    assert button is not None and button["aria-expanded"] == "false", code
    assert " ".join(button.get_text().split()) == "Expected output (1 line)"
    assert button.find_next_sibling()["id"] == button["aria-controls"]
    assert button.find_next_sibling().get_text() == "# Expected output:\n# hello 4\n"
    button.decompose()
    assert code.get_text() == (site / "snippets" / "hello.py").read_text(encoding="utf-8"), (
        "the code block holds the whole file (what the copy button copies)"
    )
    more = soup(site, "more")
    assert not more.select("button.expected-toggle"), "an exercise keeps its expected block in view"
    for pre in more.select("div.exercise-handout pre, div.cell_input pre"):
        assert "# ✅ Expected output:\n# answer: 42" in pre.get_text()
    head = str(soup(site).head)
    assert "snippet-folds" in head and "provenance/provenance.css" in head
    assert "snippet-folds" not in str(more.head), "no fold, no script"

    # the table: every snippet, its page, passed, versions, date
    checked_with = provenance.versions_text(versions)
    assert table_rows(site) == [
        ["index", "snippets/hello.py", "✓ passed", f"{checked_with}, on {days['index']}"],
        ["more", "snippets/turn.py (solution)", "✓ passed", f"{checked_with}, on {days['more']}"],
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
    older = {**versions, "TensorFlow": "2.0.0-then"}
    data["metadata"]["language_info"][provenance.KEY] = older
    notebook.write_text(json.dumps(data), encoding="utf-8")
    os.utime(site / "docs" / "index.md")
    (site / "docs" / "more.md").unlink()  # and a page goes: its rows go with it
    status, log = build(site, "-j", "2")  # the page read in another process: its record is merged
    assert status == 0, log
    assert "Executing notebook" not in log, log
    (mark,) = soup(site).select("p.snippet-provenance")
    assert visible(mark) == mark_text(older, "2020-01-02")
    assert table_rows(site) == [
        ["index", "snippets/hello.py", "✓ passed", f"{provenance.versions_text(older)}, on 2020-01-02"]
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
        ["index", "snippets/hello.py", "✗ failed"],
        ["index", "snippets/turn.py (solution)", "✓ passed"],
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
    assert "expected-toggle" not in page and "snippet-folds" not in page
    assert "Output checked" in page
