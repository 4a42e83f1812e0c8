"""Where the outputs hold (snippetkit/verified.py): the verification page and each page's line,
made from the machine matrix's results file, and no claim without one."""

import json

import pytest
from bs4 import BeautifulSoup
from sitebuild import build
from test_build import HELLO, load, make_site

from snippetkit import verified

RUN = {
    "run": {
        "date": "2026-12-01T10:00:00",
        "settings": [
            {"name": "defaults", "about": "python file.py", "machine": "Xeon (AVX-512)", "arch": "x86_64"},
            {"name": "arm64", "about": "emulated Arm CPU", "machine": "neoverse-n1", "arch": "aarch64"},
        ],
    },
    "results": [
        {"snippet": "/anywhere/snippets/hello.py", "setting": "defaults", "ok": True, "seconds": 1.0},
        {"snippet": "/anywhere/snippets/hello.py", "setting": "arm64", "ok": True, "seconds": 9.0},
        {"snippet": "snippets/other.py", "setting": "defaults", "ok": False, "message": "line 2: 2.0"},
    ],
}


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_report_reads_both_formats_and_names_snippets_as_the_project_does(tmp_path):
    report = verified.load([write(tmp_path / "new.json", RUN)])
    assert report.date == "2026-12-01"
    assert [(s.name, s.arch, s.machine) for s in report.settings] == [
        ("defaults", "x86-64", "Xeon (AVX-512)"),
        ("arm64", "arm64", "neoverse-n1"),
    ]
    assert report.result("snippets/hello.py", "arm64")["ok"]
    old = verified.load([write(tmp_path / "old.json", RUN["results"])])  # the matrix's first format
    assert [s.name for s in old.settings] == ["defaults", "arm64"] and old.date == ""
    assert verified.load([]) is None


def test_the_build_reads_the_matrix_file_then_each_native_runners(tmp_path):
    assert verified.results_files(tmp_path) == []
    native = write(tmp_path / "_build" / "native" / "macos-14.json", RUN)  # where the workflow puts them
    matrix = write(tmp_path / "_build" / "portability.json", RUN)
    assert verified.results_files(tmp_path) == [matrix, native]


MATRIX = [  # as snippetkit.portability writes it: each result describes its setting
    {
        "snippet": "/ci/snippets/a.py",
        "setting": "avx2",
        "ok": True,
        "about": "oneDNN capped at AVX2",
        "machine": "x86_64",
        "cpu": "Intel Xeon",
        "emulated": False,
        "day": "2026-12-05",
        "sha256": "",
    },
    {
        "snippet": "/ci/snippets/a.py",
        "setting": "arm64",
        "ok": True,
        "about": "aarch64, emulated",
        "machine": "aarch64",
        "cpu": "neoverse-n1",
        "emulated": True,
        "day": "2026-12-06",
        "sha256": "",
    },
]


def test_the_matrix_results_describe_their_settings_and_say_when_the_file_changed_after_them(tmp_path):
    from snippetkit import portability

    (tmp_path / "snippets").mkdir()
    snippet = tmp_path / "snippets" / "a.py"
    snippet.write_text("print(1)\n")
    rows = [{**row, "sha256": portability.file_digest(snippet)} for row in MATRIX]
    report = verified.load([write(tmp_path / "m.json", rows)], tmp_path)
    assert report.date == "2026-12-06"
    assert [(s.name, s.about, s.machine, s.arch) for s in report.settings] == [
        ("avx2", "oneDNN capped at AVX2", "Intel Xeon", "x86-64"),
        ("arm64", "aarch64, emulated", "neoverse-n1, emulated by qemu", "arm64"),
    ]
    assert report.why_not("snippets/a.py", "arm64") is None

    snippet.write_text("print(2)\n")  # edited after the run: its results no longer count
    report = verified.load([tmp_path / "m.json"], tmp_path)
    assert report.result("snippets/a.py", "arm64") is None
    assert report.why_not("snippets/a.py", "arm64") == "the file changed after the last run"
    assert verified.page_note(report, ["snippets/a.py"]) == (
        "The last run on other machines did not check this page's outputs."
    )


def test_the_page_line_counts_only_the_settings_that_checked_every_output(tmp_path):
    report = verified.load([write(tmp_path / "r.json", RUN)])
    assert verified.page_note(report, ["snippets/hello.py"]) == (
        "Every output on this page was checked on 2 machine settings (x86-64 and arm64) on 2026-12-01."
    )
    assert verified.page_note(report, ["snippets/hello.py", "snippets/other.py"]) == (
        "The last run on other machines did not check this page's outputs."
    )
    assert "no run on other machines was recorded" in verified.page_note(None, ["snippets/hello.py"])


def test_the_page_names_each_snippet_not_checked_somewhere_and_why(tmp_path):
    report = verified.load([write(tmp_path / "r.json", RUN)])
    text = [
        " ".join(n.astext().split())
        for n in verified.page_nodes(report, ["snippets/hello.py", "snippets/other.py"])
    ]
    assert text[0] == "The last run checked 2 of the lesson's 2 examples under 2 settings on 2026-12-01."
    assert "neoverse-n1" in text[1] and "1 of 2" in text[1]
    assert "snippets/other.py defaults failed: line 2: 2.0" in text[3]
    assert "snippets/other.py arm64 not run under this setting in the last run" in text[3]


PAGE = "(where-outputs-hold)=\n# Where these outputs hold\n\n```{verified-machines}\n```\n"


def page_text(site, name):
    soup = BeautifulSoup(
        (site / "_build" / "html" / f"{name}.html").read_text(encoding="utf-8"), "html.parser"
    )
    return " ".join(soup.select_one("main").get_text().split()).replace("\u2019", "'")  # (smart quotes)


@pytest.mark.build
def test_the_site_claims_what_the_results_file_says_and_nothing_once_it_is_gone(tmp_path):
    site = make_site(tmp_path, load("hello"), hello=HELLO)
    (site / "docs" / "where-outputs-hold.md").write_text(PAGE, encoding="utf-8")
    other = site / "docs" / "other.md"
    other.write_text(other.read_text() + "\n```{toctree}\nwhere-outputs-hold\n```\n")
    results = write(site / "_build" / "portability.json", RUN)

    status, log = build(site)
    assert status == 0, log
    claim = "Every output on this page was checked on 2 machine settings (x86-64 and arm64) on 2026-12-01."
    assert claim in page_text(site, "index")
    assert "The last run checked 1 of the lesson's 1 example under 2 settings" in page_text(
        site, "where-outputs-hold"
    )
    assert "Every example passed under every setting." in page_text(site, "where-outputs-hold")

    results.unlink()  # no matrix run: no page may claim one
    status, log = build(site)
    assert status == 0, log
    assert "Executing notebook" not in log, "a changed results file reads the pages, never runs them"
    assert "checked on 2 machine settings" not in page_text(site, "index")
    assert "no run on other machines was recorded" in page_text(site, "index")
    assert "No run on other machines was recorded" in page_text(site, "where-outputs-hold")
    assert "neoverse-n1" not in page_text(site, "where-outputs-hold")
