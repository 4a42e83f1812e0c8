"""Sphinx extension: a page's examples to take away: its notebook, its snippet files, the lesson's zip."""

from __future__ import annotations

import contextlib
import zipfile
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from . import execute, snippetfile
from .pages import snippet_cells


def download_link(relpath: str, docname: str) -> addnodes.download_reference:
    """A link that downloads the snippet *relpath* (relative to the page *docname*)."""
    return addnodes.download_reference(
        "",
        "",
        nodes.literal("", Path(relpath).name),
        reftarget=relpath,
        refdoc=docname,
        refdomain="",
        reftype="download",
        refexplicit=True,
    )


ARCHIVE = "lesson-snippets.zip"

NOTEBOOKS = "_notebooks"


def add_downloads(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: end a page that runs code with links to download it.

    The page as a notebook (executed, as the build ran it), each of its
    snippets as a ``.py`` file, and every snippet of the lesson as one zip.
    Runs before Sphinx collects download links, so the files are copied.
    """
    docname = app.env.docname
    files = list(dict.fromkeys(found.relpath for found in snippet_cells(app, doctree)))
    if not files:
        return
    up = "../" * docname.count("/")
    items = nodes.bullet_list()

    def item(*children):
        items.append(nodes.list_item("", nodes.paragraph("", "", *children)))

    item(
        nodes.Text("This page as a Jupyter notebook: "),
        nodes.reference("", f"{Path(docname).name}.ipynb", refuri=f"{up}{NOTEBOOKS}/{docname}.ipynb"),
    )
    links = []
    for relpath in files:
        if links:
            links.append(nodes.Text(", "))
        links.append(download_link(relpath, docname))
    item(nodes.Text("Its examples as Python files: "), *links)
    item(nodes.Text("Every example of the lesson: "), nodes.reference("", ARCHIVE, refuri=f"{up}{ARCHIVE}"))
    box = nodes.container(classes=["snippet-downloads"])
    box += nodes.rubric("", "Run it yourself")
    box += items
    doctree += box


def write_downloads(app: Sphinx, exception) -> None:
    """``build-finished``: ship the executed notebooks and the zip of all snippets."""
    if exception or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    executed = outdir.parent / "jupyter_execute"
    for docname in app.env.found_docs:
        notebook = executed / f"{docname}.ipynb"
        if notebook.is_file():
            target = outdir / NOTEBOOKS / f"{docname}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                download_notebook(notebook, app.env.mystnb_config.execution_cache_path), encoding="utf-8"
            )
    root = Path(app.srcdir).parent
    with zipfile.ZipFile(outdir / ARCHIVE, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in snippetfile.discover(root / "snippets"):
            info = zipfile.ZipInfo(str(path.relative_to(root)), date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())


def download_notebook(path: Path, cache_path: str) -> str:
    """The notebook a learner downloads: the page's code cells with the outputs the build got.

    myst-nb writes the page's notebook with outputs when it executes it, but without them
    when it takes them from the cache, and with new random cell ids each time it reads the
    page. So the outputs are taken from the cache in both cases, and the ids are numbered:
    the same page gives the same file on every build. TensorFlow's start-up notice is dropped
    from the stderr outputs, as it is from the page.
    """
    import nbformat
    from jupyter_cache import get_cache

    notebook = nbformat.read(path, as_version=4)
    with contextlib.suppress(KeyError):  # no cache record: a page whose run failed
        _, notebook = get_cache(cache_path).merge_match_into_notebook(notebook)
    for number, cell in enumerate(notebook.cells, 1):
        cell.id = f"cell-{number}"
        for output in cell.get("outputs", []):
            if output.get("name") == "stderr":
                output.text = execute.without_startup_logs(output.text)
        if "outputs" in cell:
            cell.outputs = [out for out in cell.outputs if out.get("output_type") != "stream" or out.text]
    return nbformat.writes(notebook) + "\n"


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", add_downloads, priority=400)  # before Sphinx collects downloads
    app.connect("build-finished", write_downloads)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
