"""Sphinx extension: where the outputs were verified, read from the machine matrix's own results.

``nox -s portability`` writes every snippet's result under every setting to
``_build/portability.json`` (:mod:`snippetkit.portability`); a hosted build
adds the native runners' results, one file per runner, in ``_build/native/``.
From those files, and nothing typed by hand:

* ``{verified-machines}`` writes the "Where these outputs hold" page: when the
  run was made, each setting with the machine it stands for and how many
  snippets passed there, and every snippet that was not checked somewhere,
  with why (not run there, or failed);
* each page with examples gets one line under its title saying on how many
  settings its outputs were checked, linking to that page (:func:`page_note_node`:
  :mod:`snippetkit.pipeline` gives it to :mod:`snippetkit.provenance`, which
  ends the page's line of versions with it).

A build with no results file claims nothing: the page says that no run was
recorded, and each page's line says its outputs were checked only on the
machine that built the site. A changed results file reads the pages again
(their executed outputs come from the cache, so nothing runs).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import ROOT, portability, provenance, records, snippetfile
from .pages import Entry

#: What a results file names an architecture, as a reader knows it.
ARCH_NAMES = {"x86_64": "x86-64", "amd64": "x86-64", "aarch64": "arm64", "arm64": "arm64"}


@dataclasses.dataclass
class Setting:
    name: str
    about: str = ""
    machine: str = ""  # the CPU it ran on (or the emulated CPU model)
    arch: str = ""  # x86-64, arm64
    native: bool = False  # a hosted native runner rather than a setting of the matrix


@dataclasses.dataclass
class Report:
    date: str  # when the run finished, YYYY-MM-DD ("" when the file does not say)
    settings: list[Setting]
    results: dict[tuple[str, str], dict]  # (snippet relative to the project, setting) -> its result

    def result(self, snippet: str, setting: str) -> dict | None:
        """The result of *snippet* under *setting*, if the run checked the file as it is now."""
        row = self.results.get((snippet, setting))
        return None if row is None or row.get("stale") else row

    def why_not(self, snippet: str, setting: str) -> str | None:
        """Why *snippet* does not count as checked under *setting*, or None when it passed."""
        row = self.results.get((snippet, setting))
        if row is None:
            return "not run under this setting in the last run"
        if row.get("stale"):
            return "the file changed after the last run"
        if not row.get("ok"):
            first = (row.get("message") or "its output differed").strip().splitlines()[0]
            return f"failed: {first}"
        return None


def _relative(path: str) -> str:
    """A snippet path as the project names it (``snippets/<page>/<file>.py``), wherever it was run."""
    parts = Path(path).parts
    if "snippets" in parts:
        return "/".join(parts[len(parts) - 1 - parts[::-1].index("snippets") :])
    return path


def _read(path: Path, native: bool) -> tuple[str, list[Setting], list[dict]]:
    """One results file: the matrix's list of results, each describing its setting (``about``,
    ``machine``, ``cpu``, ``emulated``, ``day``: :mod:`snippetkit.portability`), or a native runner's
    ``{"run": {"date", "settings": [...]}, "results": [...]}`` (:mod:`snippetkit.native`)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, list):
        data = {"results": data}
    run = data.get("run", {})
    described = {s["name"]: s for s in run.get("settings", [])}
    first = {}  # each setting's first result, which describes it in the matrix's list
    for row in data["results"]:
        first.setdefault(row["setting"], row)
    settings = []
    for name in dict.fromkeys([*described, *first]):
        about = described.get(name) or {}
        row = first.get(name, {})
        arch = about.get("arch") or row.get("machine") or run.get("arch", "")
        machine = about.get("machine") or row.get("cpu") or run.get("machine", "")
        if machine and row.get("emulated") and "machine" not in about:
            machine += ", emulated by qemu"
        settings.append(
            Setting(
                name=name,
                about=about.get("about") or row.get("about", ""),
                machine=machine,
                arch=ARCH_NAMES.get(arch, arch),
                native=run.get("native", native),
            )
        )
    days = [str(row.get("day", "")) for row in data["results"]]
    return str(run.get("date") or max(days, default=""))[:10], settings, data["results"]


def results_files(root: Path = ROOT) -> list[Path]:
    """The results files a build reads: the matrix's, then each native runner's."""
    files = [root / "_build" / "portability.json"]
    files += sorted((root / "_build" / "native").glob("*.json"))
    return [f for f in files if f.is_file()]


def load(files: list[Path], root: Path | None = None) -> Report | None:
    """Every results file in one report; None when there is none. With *root*, a result whose
    snippet file has changed since it ran (its ``sha256`` no longer matches) is marked ``stale``:
    it no longer says anything about the file as it is."""
    if not files:
        return None
    dates, settings, results = [], [], {}
    for number, path in enumerate(files):
        date, found, rows = _read(path, native=number > 0 or path.parent.name == "native")
        dates.append(date)
        settings += [s for s in found if s.name not in {t.name for t in settings}]
        for row in rows:
            snippet = _relative(row["snippet"])
            if root is not None and row.get("sha256"):
                path = root / snippet
                row = {**row, "stale": not path.is_file() or portability.file_digest(path) != row["sha256"]}
            results[(snippet, row["setting"])] = row
    return Report(max(dates), settings, results)


def fingerprint(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def every_snippet(root: Path = ROOT) -> list[str]:
    return [_relative(str(p)) for p in snippetfile.discover(root / "snippets")]


def _report(app: Sphinx) -> Report | None:
    root = Path(app.srcdir).parent
    return records.of(app.env).for_this_build("verified", lambda: load(results_files(root), root))


def _arches(settings: list[Setting]) -> str:
    arches = list(dict.fromkeys(s.arch for s in settings if s.arch))
    return " and ".join(arches)


# -- the page's line ---------------------------------------------------------------------------------


def page_note(report: Report | None, snippets: list[str]) -> str:
    """The line under a page's title: on how many settings its snippets' outputs were checked."""
    if report is None:
        return "Outputs checked on the machine that built this site; no run on other machines was recorded."
    passed = [s for s in report.settings if all((report.result(p, s.name) or {}).get("ok") for p in snippets)]
    if not passed:
        return "The last run on other machines did not check this page's outputs."
    where = f" ({_arches(passed)})" if _arches(passed) else ""
    count = f"{len(passed)} machine setting{'s' * (len(passed) != 1)}"
    text = f"Every output on this page was checked on {count}{where}"
    if report.date:
        text += f" on {report.date}"
    missing = len(report.settings) - len(passed)
    if missing:
        text += f"; {missing} other setting{'s' * (missing != 1)} did not check all of them"
    return text + "."


def page_note_node(app: Sphinx, entries: dict[str, Entry]) -> nodes.inline | None:
    """The note for a page with examples (its snippets' *entries*): on how many settings its
    outputs were checked, linking to the page that says where; ``None`` for a page without
    examples, or a site without that page (nothing to link to)."""
    if not entries or app.config.verified_page not in app.env.found_docs:
        return None
    snippets = sorted({_relative(str(entry.path)) for entry in entries.values()})
    note = nodes.inline(classes=["verified-note"])
    note += nodes.Text(page_note(_report(app), snippets) + " See ")
    note += pending_xref(
        "",
        nodes.inline(text="where these outputs hold"),
        refdoc=app.env.docname,
        refdomain="std",
        reftype="doc",
        reftarget="/" + app.config.verified_page,
        refexplicit=True,
        refwarn=True,
    )
    note += nodes.Text(".")
    return note


def place_note(doctree: nodes.document, note: nodes.inline) -> None:
    """Put *note* under the page's first title, in a paragraph of its own: for a page that has
    no line of versions to end with it (:func:`snippetkit.provenance.mark_outputs`)."""
    title = next(iter(doctree.findall(nodes.title)), None)
    if title is not None:
        title.parent.insert(title.parent.index(title) + 1, nodes.paragraph("", "", note))


# -- the page ----------------------------------------------------------------------------------------


def _table(headers: list[str], rows: list[list[nodes.Node | str]]) -> nodes.table:
    table, body = provenance.headed_table(headers, "verified-table")
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            row += nodes.entry("", cell if isinstance(cell, nodes.Node) else nodes.paragraph(text=cell))
        body += row
    return table


def page_nodes(report: Report | None, snippets: list[str]) -> list[nodes.Node]:
    """The verification page's body."""
    if report is None:
        return [
            nodes.paragraph(
                text="No run on other machines was recorded for this build of the site, so it makes no "
                "claim about them: each output was checked only on the machine that built the site."
            )
        ]
    checked = [p for p in snippets if any(report.result(p, s.name) for s in report.settings)]
    intro = f"The last run checked {len(checked)} of the lesson's {len(snippets)} example"
    intro += "s" * (len(snippets) != 1)
    intro += f" under {len(report.settings)} settings"
    intro += f" on {report.date}." if report.date else "."
    rows = []
    for setting in report.settings:
        passed = sum(1 for p in snippets if report.why_not(p, setting.name) is None)
        kind = "native runner" if setting.native else setting.arch or ""
        rows.append(
            [
                nodes.paragraph("", "", nodes.literal(text=setting.name)),
                setting.about or kind,
                setting.machine or "not recorded",
                f"{passed} of {len(snippets)}",
            ]
        )
    out = [nodes.paragraph(text=intro), _table(["Setting", "What it is", "Machine", "Passed"], rows)]
    gaps = []
    for snippet in snippets:
        for setting in report.settings:
            why = report.why_not(snippet, setting.name)
            if why:
                gaps.append([nodes.paragraph("", "", nodes.literal(text=snippet)), setting.name, why])
    if gaps:
        out.append(nodes.paragraph(text="Not checked everywhere:"))
        out.append(_table(["Example", "Setting", "Why"], gaps))
    else:
        out.append(nodes.paragraph(text="Every example passed under every setting."))
    return out


class VerifiedMachines(SphinxDirective):
    """``{verified-machines}``: the settings of the last recorded run and what they checked."""

    def run(self) -> list[nodes.Node]:
        return page_nodes(_report(self.env.app), every_snippet(Path(self.env.app.srcdir).parent))


def outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: when the results files changed, every page that shows them is read again."""
    files = results_files(Path(app.srcdir).parent)
    now = fingerprint(files) if files else ""
    kept = records.of(env)
    before, kept.fingerprint = kept.fingerprint, now
    if before is None or before == now:
        return []
    shown = set(kept.pages) | {app.config.verified_page}
    return sorted(d for d in shown if d in env.all_docs)


def setup(app: Sphinx) -> dict:
    app.setup_extension("snippetkit.settings")  # verified_page
    app.add_directive("verified-machines", VerifiedMachines)
    app.connect("env-get-outdated", outdated)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
