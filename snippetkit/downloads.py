"""Sphinx extension: a page's examples to take away: its notebook, its snippet files, the lesson's zip."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import platform
import re
import zipfile
from pathlib import Path
from typing import NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import ROOT, execute, learner, messages, notebooks, records, snippetfile
from .cells import Cell
from .pins import learner_pins, learner_requirements, python_versions
from .snippetfile import imported_modules, needs_tensorflow
from .upstream import sphinx_builds

logger = logging.getLogger(__name__)


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


def add_downloads(app: Sphinx, doctree: nodes.document, cells: list[Cell]) -> None:
    """End a page that runs code (its snippet *cells*) with links to download it.

    The page as a notebook (executed, as the build ran it), each of its
    snippets as a ``.py`` file, and every snippet of the lesson as one zip.
    :mod:`snippetkit.pipeline` calls it before Sphinx collects download links, so the files are copied.
    """
    docname = app.env.docname
    files = list(dict.fromkeys(found.relpath for found in cells))
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

    colab = app.config.colab_notebooks
    if colab and any(needs_tensorflow(found.snippet.source) for found in cells):
        item(
            nodes.Text("Or run that notebook in Google Colab, nothing to install: "),
            nodes.reference(
                "", "Open in Colab", refuri=f"{colab.rstrip('/')}/{docname}.ipynb", classes=["colab-link"]
            ),
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
    """``build-finished``: ship the executed notebooks and the zip of all snippets.

    Each file is made again only when what it is made from changed (:class:`Written`): a rebuild
    that changed nothing writes none of them.
    """
    if exception or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    written = Written(outdir)
    executed = outdir.parent / "jupyter_execute"
    cache_path = app.env.mystnb_config.execution_cache_path
    for docname in sorted(app.env.found_docs):
        notebook = executed / f"{docname}.ipynb"
        record = records.of(app.env).pages.get(docname)
        if notebook.is_file() and record and record.entries:  # a page with examples: linked below it
            page = Page.of(app, docname)
            target = outdir / NOTEBOOKS / f"{docname}.ipynb"
            try:
                written.write(
                    target,
                    # myst-nb rewrites the executed notebook when it reads the page; the roles' values
                    # (results, section titles, the hosted site's address) may change without it
                    [notebook.read_bytes(), cache_path.encode(), page.digest()],
                    lambda notebook=notebook, page=page: download_notebook(notebook, cache_path, page),
                )
            except notebooks.ConversionError as err:
                logger.warning(
                    messages.NOTEBOOK_PROBLEM.format(notebook=f"{NOTEBOOKS}/{docname}.ipynb", problem=err),
                    type="snippet",
                    subtype="notebook",
                )
                continue
            report_notebook(app, target)
    root = Path(app.srcdir).parent
    sources = [name.encode() + path.read_bytes() for name, path in archive_sources(root).items()]
    sources.append(platform.python_version().encode())  # its requirements.txt names it
    written.write(outdir / ARCHIVE, sources, lambda: snippet_archive(root))
    for source, unique in sphinx_builds.downloaded_files(app.env).items():  # an exercise's: its hand-out
        path = Path(app.srcdir) / source
        if path.suffix == ".py" and (outdir / "_downloads" / unique).is_file():
            written.write(
                outdir / "_downloads" / unique, [path.read_bytes()], lambda path=path: take_away(path)
            )
    written.save()


class Written:
    """Files this extension wrote into *outdir*, each with a digest of what it was made from (the
    inputs given, this module's code and the pins) and of what was written, in ``downloads.json``
    beside *outdir*. A file whose inputs are the same, and which still holds what was written (Sphinx
    copies a download's original over it on some builds), is left as it is."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self.record = outdir.parent / "downloads.json"
        try:
            self.known = json.loads(self.record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}
        self.now: dict[str, dict] = {}
        here = Path(__file__).parent
        self.code = b"".join(
            path.read_bytes()
            for path in (here / "downloads.py", here / "notebooks.py", ROOT / "requirements.txt")
        )

    def write(self, target: Path, inputs: list[bytes], make) -> None:
        name = target.relative_to(self.outdir).as_posix()
        key = _digest(self.code, *inputs)
        entry = self.known.get(name)
        if not (
            entry
            and entry["made_from"] == key
            and target.is_file()
            and _digest(target.read_bytes()) == entry["written"]
        ):
            data = make()
            data = data.encode("utf-8") if isinstance(data, str) else data
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            entry = {"made_from": key, "written": _digest(data)}
        self.now[name] = entry

    def save(self) -> None:
        if self.now != self.known:
            self.record.write_text(json.dumps(self.now, indent=1, sort_keys=True), encoding="utf-8")


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())  # so that parts' boundaries count
    return digest.hexdigest()


#: The modules of snippetkit that ``check.py`` runs on a learner's computer (no Sphinx needed).
CHECK_MODULES = (
    "__init__",
    "snippetfile",
    "messages",
    "checker",
    "execute",
    "settings",
    "pins",
    "versions",
    "learner",
)

CHECK_PY = (
    '"""Check an example as the lesson\'s own tests do: python check.py <file.py> [...]"""\n\n'
    "import sys\n\nfrom snippetkit.learner import main\n\nsys.exit(main())\n"
)


def colab_base(repository_url: str, branch: str = "notebooks") -> str:
    """Where Colab opens the notebooks the Pages workflow publishes to *branch* of the repository.

    >>> colab_base("https://github.com/someone/nn-lesson")
    'https://colab.research.google.com/github/someone/nn-lesson/blob/notebooks'
    """
    match = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+?)(?:\.git)?/?", repository_url)
    if not match:
        return ""  # not a GitHub repository: Colab cannot open it from there
    return f"https://colab.research.google.com/github/{match[1]}/{match[2]}/blob/{branch}"


def take_away(path: Path) -> str:
    """A snippet as a learner downloads it: an exercise as handed out (no hints, no solution)."""
    try:
        snip = snippetfile.load(path)
    except snippetfile.SnippetError:  # reported where a page uses it; the file as it is meanwhile
        return path.read_text(encoding="utf-8")
    return snip.handout() if snip.is_exercise else snip.source


def archive_sources(root: Path) -> dict[str, Path]:
    """What :func:`snippet_archive` takes from files: its name in the archive, and the file (every
    snippet under *root*, and the snippetkit modules check.py runs, this repository's)."""
    snippets = {str(path.relative_to(root)): path for path in snippetfile.discover(root / "snippets")}
    modules = {f"snippetkit/{name}.py": ROOT / "snippetkit" / f"{name}.py" for name in CHECK_MODULES}
    return {**snippets, **modules}


#: The one folder ``lesson-snippets.zip`` unzips to.
ARCHIVE_TOP = "lesson-snippets"


def archive_readme(example: str, exercise: str) -> str:
    """The archive's README.txt: what it is, and the four steps from a venv to a checked file."""
    return (
        "Every example of the lesson on neural-network training, as files to run, with check.py.\n"
        "1. Make a virtual environment and switch it on: python3 -m venv lesson-env, then\n"
        "   source lesson-env/bin/activate (Windows: py -m venv lesson-env, lesson-env\\Scripts\\activate)\n"
        "2. In this folder, install what the examples need: python -m pip install -r requirements.txt\n"
        f"3. Run an example: python {example}\n"
        f"4. Fill in an exercise's ___ blanks, then check it: python check.py {exercise}\n"
    )


def exercises_in_order(root: Path) -> list[str]:
    """The lesson's exercises in reading order, as paths relative to *root*: the pages of
    ``docs/index.md``'s tables of contents, in order, and each page's ``{exercise}`` fences.

    ``check.py`` reads the list (:data:`learner.EXERCISES`) to suggest the exercise after one that passed.
    """
    docs = root / "docs"
    index = docs / "index.md"
    if not index.is_file():
        return []
    pages = []
    for block in re.findall(
        r"^`{3,}\{toctree\}[^\n]*\n(.*?)^`{3,}", index.read_text(encoding="utf-8"), re.M | re.S
    ):
        pages += [line.strip() for line in block.splitlines() if line.strip() and not line.startswith(":")]
    found = []
    for page in pages:
        source = docs / f"{page}.md"
        if source.is_file():
            for relpath in re.findall(
                r"^`{3,}\{exercise\}\s*(\S+)", source.read_text(encoding="utf-8"), re.M
            ):
                path = (docs / relpath).resolve()
                if path.is_file() and path.is_relative_to(root.resolve()):
                    found.append(path.relative_to(root.resolve()).as_posix())
    return found


def snippet_archive(root: Path) -> bytes:
    """``lesson-snippets.zip``: one folder, :data:`ARCHIVE_TOP`, holding every snippet under *root*
    (exercises as handed out), the learner's requirements.txt, check.py with the snippetkit modules it
    runs (this repository's) and a README.txt saying how to use them."""
    modules = [f"snippetkit/{name}.py" for name in CHECK_MODULES]
    sources = archive_sources(root)
    files = {name: take_away(path) for name, path in sources.items() if name not in modules}
    files["requirements.txt"] = (
        "# Everything the lesson's examples and check.py need, at the versions the site was built with"
        f" (on Python {platform.python_version()}).\n" + "\n".join(learner_requirements(ROOT)) + "\n"
    )
    files["check.py"] = CHECK_PY
    for name in modules:
        files[name] = sources[name].read_text(encoding="utf-8")
    snippets = sorted(name for name in sources if name not in modules)
    exercises = exercises_in_order(root)
    files[learner.EXERCISES] = "".join(f"{name}\n" for name in exercises)
    example = next(
        (name for name in snippets if "matplotlib" not in files[name]), snippets[0] if snippets else ""
    )
    files["README.txt"] = archive_readme(example, (exercises or [example])[0])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in sorted(files.items()):
            info = zipfile.ZipInfo(f"{ARCHIVE_TOP}/{name}", date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


class Page(NamedTuple):
    """What a page's notebook is made from besides myst-nb's notebook: how its roles read, its
    exercises, and the modules its code imports."""

    resolve: notebooks.Resolve
    exercises: dict[str, notebooks.Exercise]
    modules: frozenset[str]
    results: dict[str, str]
    base: str

    @classmethod
    def of(cls, app: Sphinx, docname: str) -> Page:
        record = records.of(app.env).pages.get(docname) or records.Page()
        entries, results = record.entries, record.results
        exercises = {
            key: notebooks.Exercise(entry.snippet.handout(), entry.snippet.hints())
            for key, entry in entries.items()
            if key.startswith("exercise-")
        }
        modules = {
            module.split(".")[0]
            for entry in entries.values()
            for module in imported_modules(entry.snippet.source)
        }
        resolve = notebooks.sphinx_resolver(app, docname, results)
        return cls(resolve, exercises, frozenset(modules), results, app.config.html_baseurl)

    def digest(self) -> bytes:
        exercises = {key: [ex.handout, [list(h) for h in ex.hints]] for key, ex in self.exercises.items()}
        return json.dumps([exercises, sorted(self.modules), self.results, self.base], sort_keys=True).encode()


def install_cell(modules: frozenset[str] | set[str] = frozenset({"tensorflow", "numpy"})):
    """The notebook's first cell: install what the page imports and the Python running it lacks, at
    the versions the page ran with (:func:`notebooks.install_source`)."""
    import nbformat

    return nbformat.v4.new_code_cell(
        notebooks.install_source(set(modules), learner_requirements(ROOT)), metadata={"tags": ["install"]}
    )


def download_notebook(path: Path, cache_path: str, page: Page | None = None) -> str:
    """The notebook a learner downloads: the page in plain Jupyter Markdown, its code cells with the
    outputs the build got, its exercises handed out (:func:`notebooks.learner_notebook`).

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
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("name") == "stderr":
                output.text = execute.without_startup_logs(output.text)
        if "outputs" in cell:
            cell.outputs = [out for out in cell.outputs if out.get("output_type") != "stream" or out.text]
    if page is None:  # no build's records: the roles as their text
        page = Page(
            lambda name, content: notebooks.split_title(content)[0] or content, {}, frozenset(), {}, ""
        )
    notebook = notebooks.learner_notebook(notebook, page.exercises, page.resolve, install_cell(page.modules))
    return nbformat.writes(notebook) + "\n"


def report_notebook(app: Sphinx, path: Path) -> None:
    """Warn (an error under ``-W``) for each problem of a written notebook (:func:`notebooks.problems`)."""
    import nbformat

    for problem in notebooks.problems(nbformat.read(path, as_version=4)):
        logger.warning(
            messages.NOTEBOOK_PROBLEM.format(
                notebook=path.relative_to(app.outdir).as_posix(), problem=problem
            ),
            type="snippet",
            subtype="notebook",
        )


class LearnerInstall(SphinxDirective):
    """``{learner-install}``: on the set-up page, in the order a learner does it: the Python versions
    every pinned package installs on, the packages at the versions ``requirements.txt`` pins, a virtual
    environment, then the pip command (from the archive's requirements, or typed out per platform)."""

    def run(self) -> list[nodes.Node]:
        pins = learner_pins(ROOT)
        tensorflow, others = pins[0].split("==", 1)[1], " ".join(pins[1:])
        up = "../" * self.env.docname.count("/")
        intro = nodes.paragraph(
            "",
            f"Python {python_versions()} (the versions on which all of these packages install), "
            "and these packages at the versions this site was built and checked with:",
        )
        listing = "\n".join(
            [f"tensorflow-cpu=={tensorflow}  (or tensorflow=={tensorflow}, see below)", *pins[1:]]
        )
        block = nodes.literal_block(listing, listing, language="text", classes=["learner-pins"])
        venv_text = nodes.paragraph(
            "",
            "First make a virtual environment for the lesson in a terminal, so these versions do not "
            "clash with anything else you have installed, and switch it on (on Windows, type py "
            "where the first line says python3):",
        )
        venv = (
            "python3 -m venv lesson-env\n"
            "source lesson-env/bin/activate      # Windows: lesson-env\\Scripts\\activate"
        )
        venv_block = nodes.literal_block(venv, venv, language="bash", classes=["learner-venv"])
        archive = nodes.paragraph(
            "",
            "",
            nodes.Text(
                "Then, inside it, install the packages. Every example of the lesson, with check.py "
                "and a requirements.txt that picks the right TensorFlow for your computer, is in "
            ),
            nodes.reference("", ARCHIVE, refuri=f"{up}{ARCHIVE}"),
            nodes.Text(
                ". Without the zip, use the line for your computer: tensorflow-cpu (TensorFlow "
                "without GPU support, which is all these small examples need) is published only for "
                "Linux and Windows on x86-64; on a Mac with Apple Silicon or a Linux ARM machine, "
                "install the tensorflow package, the same version. TensorFlow publishes no build of "
                "this version for Macs with an Intel processor (its last was 2.16): there, open the "
                "pages' notebooks in Colab. (pytest and pytest-doctestplus are what check.py "
                "compares outputs with.)"
            ),
        )
        commands = (
            "# with the zip, in the folder it unzips to:\n"
            "python -m pip install -r requirements.txt\n"
            "# without it, on Linux or Windows (x86-64):\n"
            f"python -m pip install tensorflow-cpu=={tensorflow} {others}\n"
            "# without it, on macOS (Apple Silicon) or Linux on ARM:\n"
            f"python -m pip install tensorflow=={tensorflow} {others}"
        )
        install = nodes.literal_block(commands, commands, language="bash", classes=["learner-install"])
        return [intro, block, venv_text, venv_block, archive, install]


def setup(app: Sphinx) -> dict:
    app.add_directive("learner-install", LearnerInstall)
    app.connect("build-finished", write_downloads)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
