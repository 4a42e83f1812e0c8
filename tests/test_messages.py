"""Every message an author or a learner reads is worded once, in snippetkit.messages.

Each command's message is compared whole: the real code path runs (with the snippet's process
replaced by a recorded result, so no test waits on Python or TensorFlow) and what it says must
be the template of snippetkit.messages formatted with the values of that run, every character.
No test reads prose: the list of messages is snippetkit.messages itself.
"""

import ast
import re
import string
import subprocess
import sys
import textwrap

import pytest
from paths import ROOT

from snippetkit import accept, drift, execute, learner, messages, portability, snippetfile

TEMPLATES = {
    name: value for name, value in vars(messages).items() if name.isupper() and isinstance(value, str)
}

#: A value for every placeholder a template has.
SAMPLE = {
    "about": "oneDNN kernels capped at AVX2",
    "after": "",
    "apple": "",
    "cap": "AVX2",
    "chosen": "",
    "cores": 4,
    "found": "in words (line 4)",
    "have": "2.20.0",
    "labels": "TensorFlow",
    "machine": "x86_64",
    "parts": "TensorFlow 2.21.0, Python 3.11.7",
    "plural": "s",
    "python": "",
    "requirements": "requirements.txt",
    "state": "on",
    "sve": "",
    "system": "Linux",
    "verb": "is",
    "version": "2.21.0",
    "want": "2.21.0",
    "widest": "AVX2",
    "changed": 1,
    "code": "print(1)",
    "cpu": "Intel Xeon",
    "command": "taskset",
    "count": 2,
    "describe": "loss [0]",
    "details": "  under 'avx2':\n      why",
    "diff": "Expected:\n    1\nGot:\n    2",
    "end": "# end solution",
    "error": "ZeroDivisionError: division by zero",
    "expect": "True",
    "file": "snippets/x/y.py",
    "fmt": ".2f",
    "folder": "lesson/snippets",
    "header": "# Expected output: 1",
    "how": "",
    "index": 2,
    "label": "loss:",
    "line": 20,
    "lines": [81, 82],
    "message": "snippets/x/y.py: why",
    "name": "y.py",
    "names": "ONEDNN_MAX_CPU_ISA",
    "noisy": 0,
    "notebook": "x.ipynb",
    "number": 2,
    "numbers": "numbers",
    "page": "index",
    "passed": 3,
    "failed": 1,
    "raised": 0,
    "report": "_build/drift/drift.md",
    "snippets": 4,
    "spent": "defaults 3, avx2 4",
    "versions": "numpy 2.4.6",
    "printed": "    2",
    "problem": "a cell without source",
    "refused": 1,
    "relpath": "../snippets/x/y.py",
    "rest": "...",
    "rounded": "",
    "rows": "  20: 1 | 2",
    "runs": 2,
    "seconds": 120,
    "setting": "avx2",
    "settings": "avx2, sse41",
    "start": "# solution",
    "stderr": "    warning",
    "syntax": "{result}`<snippet> | <label>`",
    "tail": "    Traceback ...",
    "target": "x.py",
    "text": "use 0.1",
    "unchanged": 0,
    "value": "2.2343",
    "where": "snippets/x/y.py:7",
    "which": "",
    "why": "taskset is not installed",
    "written": "2.12",
}


def fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_template_formats_with_a_value_for_each_placeholder(name):
    template = TEMPLATES[name]
    missing = fields(template) - set(SAMPLE)
    assert not missing, f"messages.{name} has placeholders with no sample value here: {missing}"
    text = template.format(**SAMPLE)
    assert "{" not in text.replace(SAMPLE["syntax"], ""), f"messages.{name} left a placeholder: {text!r}"


def test_every_template_is_a_module_constant_used_somewhere():
    sources = "".join(
        path.read_text(encoding="utf-8")
        for path in (ROOT / "snippetkit").glob("*.py")
        if path.name != "messages.py"
    )
    unused = [name for name in TEMPLATES if f"messages.{name}" not in sources]
    assert not unused, f"messages defined but never used: {unused}"


def string_literals(source: str) -> str:
    """The text of a module's string literals (f-strings too), docstrings (and their doctests) left out."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return "\n".join(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    )


def test_no_module_words_a_message_itself():
    """No phrase of a template (each run of words between placeholders and line breaks, of 15
    characters or more; shorter ones are the file format's own words, such as '# Expected output')
    is in another module's strings: each message is defined once."""
    sources = {
        path.name: string_literals(path.read_text(encoding="utf-8"))
        for path in (ROOT / "snippetkit").glob("*.py")
        if path.name != "messages.py"
    }
    for name, template in TEMPLATES.items():
        for phrase in re.split(r"\{[^}]*\}|\n", template):
            phrase = phrase.strip(" :.'()")
            if len(phrase) < 20:
                continue  # too short to tell a copy from ordinary words
            copies = [file for file, text in sources.items() if phrase in text]
            assert not copies, f"the words of messages.{name} ({phrase!r}) are written again in {copies}"


# -- each command's messages, whole -----------------------------------------------------------


def write(tmp_path, text, name="example.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


@pytest.fixture
def ran(monkeypatch):
    """Replace the snippet's process (execute.run_as_learner) by a recorded result: ``ran(stdout,
    stderr, returncode)``, or ``ran(timeout=True)`` for a run stopped at its timeout."""

    def record(stdout="", stderr="", returncode=0, timeout=False):
        def fake(snippet, workdir=None, timeout_seconds=None, **options):
            if timeout:
                raise subprocess.TimeoutExpired("python", timeout_seconds)
            script = execute.script(snippet, workdir, options.get("form", execute.SOLVED))
            return subprocess.CompletedProcess([sys.executable, str(script)], returncode, stdout, stderr)

        monkeypatch.setattr(execute, "run_as_learner", fake)

    return record


BLOCK = """
    print("loss:", 0.5)

    # Expected output:
    # loss: 0.5
"""
NONE = """
    x = 1

    # Expected output: none (sets a name)
"""
TRACEBACK = 'Traceback (most recent call last):\n  File "{file}", line 1, in <module>\n{error}\n'


def test_accept_words_each_verdict_with_its_template(tmp_path, ran, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, BLOCK)
    name = "example.py"

    def message(**run):
        ran(**run)
        outcome, _ = accept.propose(path, tmp_path, 5)
        return outcome.message

    assert message(timeout=True) == messages.TIMEOUT.format(file=name, seconds=5)
    tail = "    Traceback\n    ValueError: no"
    assert message(stderr="Traceback\nValueError: no\n", returncode=1) == messages.ACCEPT_RAISED.format(
        file=name, tail=tail
    )
    assert message(stdout="loss: 0.5\n", stderr="careful\n") == messages.ACCEPT_STDERR.format(
        file=name, tail="    careful"
    )
    assert message(stdout="loss: 0.5\n") == messages.ACCEPT_UNCHANGED.format(file=name)
    assert message(stdout="loss: 0.500001\n") == messages.ACCEPT_MATCHES.format(file=name)
    assert message(stdout="loss: 0.75\n") == messages.ACCEPT_WRITTEN.format(file=name)
    assert message(stdout="") == messages.ACCEPT_PRINTED_NOTHING.format(file=name)
    path.write_text(textwrap.dedent(NONE).lstrip(), encoding="utf-8")
    assert message(stdout="") == messages.ACCEPT_SILENT_AS_MARKED.format(file=name)
    assert message(stdout="1\n2\n") == messages.ACCEPT_NONE_BUT_PRINTS.format(
        file=name, line=3, printed="    1\n    2"
    )


def test_accept_words_a_block_the_matrix_refuses_with_its_template(tmp_path, ran, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, BLOCK)
    ran(stdout="loss: 0.75\n")
    failed = portability.Result(str(path), "avx2", False, 1.0, "why\nand why")
    monkeypatch.setattr(portability, "run_matrix", lambda *args, **kwargs: [failed])
    [outcome] = accept.accept([path], settings=[portability.BY_NAME["avx2"]])
    details = messages.ACCEPT_UNDER.format(
        setting="avx2", about=f" ({portability.BY_NAME['avx2'].about})", message="      why\n      and why"
    )
    assert outcome.message == messages.ACCEPT_RESTORED.format(
        file="example.py", settings="avx2", details=details
    )
    assert capsys.readouterr().out.endswith(
        "\n" + messages.ACCEPT_SUMMARY.format(written=0, unchanged=0, refused=1) + "\n"
    )


def test_the_matrix_words_a_failure_with_its_templates(tmp_path, ran):
    snip = snippetfile.load(write(tmp_path, BLOCK))
    setting = portability.BY_NAME["twice"]
    runs = [
        subprocess.CompletedProcess([], 0, "loss: 0.5\n", ""),
        subprocess.CompletedProcess([], 1, "", "E\n"),
    ]
    result = portability._judge(snip, setting, 1.0, runs)
    which = messages.MATRIX_WHICH_RUN.format(number=2, runs=2)
    assert result.message == messages.MATRIX_RAISED.format(file=snip.path, which=which, tail="E")
    ran(timeout=True)
    result = portability.run_one(snip, portability.BY_NAME["defaults"], tmp_path, timeout=3)
    assert result.message == messages.TIMEOUT.format(file=snip.path, seconds=3)


def test_the_matrix_command_says_everything_with_its_templates(tmp_path, monkeypatch, capsys):
    path = write(tmp_path, BLOCK)
    chosen = [portability.BY_NAME["defaults"], portability.BY_NAME["avx2"]]
    results = [
        portability.Result(str(path), "defaults", True, 1.0),
        portability.Result(str(path), "avx2", False, 2.0, "why\nand why"),
    ]
    monkeypatch.setattr(portability, "run_matrix", lambda *args, **kwargs: results)
    monkeypatch.setattr(portability.time, "perf_counter", lambda: 0.0)
    assert portability.main([str(path), "--setting", "defaults", "--setting", "avx2"]) == 1
    legend = "".join(f"  {s.name:12} {s.machine:8} {s.about}\n" for s in chosen)
    failed = messages.MATRIX_FAILED.format(file=path, setting="avx2", about=chosen[1].about)
    assert capsys.readouterr().out == (
        messages.MATRIX_START.format(snippets=1, count=2)
        + "\n"
        + legend
        + f"\n\n{portability.table(results, chosen)}\n\n"
        + f"{failed}\n    why\n    and why\n\n"
        + messages.MATRIX_SECONDS.format(spent="defaults 1, avx2 2")
        + "\n"
        + messages.MATRIX_SUMMARY.format(passed=1, failed=1, seconds=0)
        + "\n"
    )


def test_drift_words_a_run_that_did_not_finish_or_failed_silently(tmp_path, ran, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, BLOCK)
    ran(timeout=True)
    assert drift.check(path, tmp_path, 4).error == messages.TIMEOUT.format(file="example.py", seconds=4)
    ran(returncode=3)
    assert drift.check(path, tmp_path, 4).error == messages.EXIT_STATUS.format(code=3)


def test_check_py_words_each_verdict_with_its_template(tmp_path, ran, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, BLOCK)
    ran(stdout="loss: 0.5\n")
    assert learner.main([str(path)], root=tmp_path) == 0
    assert capsys.readouterr().out == messages.CHECK_PASSED.format(file=path) + "\n"

    assert learner.main(["missing.py"], root=tmp_path) == 2
    assert (
        capsys.readouterr().out
        == messages.CHECK_NO_FILE.format(name="missing.py", folder=tmp_path / "snippets") + "\n"
    )

    error = messages.BLANK_NAME_ERROR
    stderr = TRACEBACK.format(file=path.resolve(), error=error)
    ran(stderr=stderr, returncode=1)
    assert learner.main([str(path)], root=tmp_path) == 1
    raised = messages.RAISED.format(where=f"{path}:1", how="", error=error)
    text = f"{raised}\n{messages.indent(stderr.strip())}\n{messages.CHECK_FILL_BLANKS}"
    assert capsys.readouterr().out == messages.CHECK_FAILED.format(message=text) + "\n"


def test_check_py_names_the_next_exercise_or_the_end(tmp_path):
    listed = tmp_path / learner.EXERCISES
    listed.parent.mkdir(parents=True)
    listed.write_text("snippets/one-page/your_turn_a.py\nsnippets/two-page/your_turn_b.py\n")
    first = learner.next_step(tmp_path / "your_turn_a.py", tmp_path)
    assert first == messages.CHECK_NEXT.format(where="two page", file="snippets/two-page/your_turn_b.py")
    assert learner.next_step(tmp_path / "your_turn_b.py", tmp_path) == messages.CHECK_LAST


def test_check_py_words_its_diagnosis_with_its_templates(tmp_path, monkeypatch):
    root = tmp_path.resolve()
    (root / "requirements.txt").write_text(
        "# built on Python 3.11.7\ntensorflow-cpu==2.21.0\nkeras==3.15.1\nnumpy==2.4.6\n"
    )
    have = {"tensorflow": "2.20.0", "keras": "3.15.1", "numpy": "2.4.6"}
    monkeypatch.setattr(
        learner, "installed", lambda *names: next((have[n] for n in names if n in have), None)
    )
    monkeypatch.setattr(learner.platform, "python_version", lambda: "3.11.2")
    monkeypatch.chdir(root)
    versions = [
        ("TensorFlow", messages.THE_LESSONS_VERSION.format(have="2.20.0", want="2.21.0")),
        ("Keras", "3.15.1"),
        ("NumPy", "2.4.6"),
        ("Python", "3.11.2"),
    ]
    parts = ", ".join(messages.INSTALLED_VERSION.format(label=label, version=v) for label, v in versions)
    assert learner.versions_note(root) == [
        messages.INSTALLED_HERE.format(parts=parts),
        messages.NOT_THE_LESSONS.format(
            labels="TensorFlow", verb="is", requirements="requirements.txt", python=""
        ),
    ]
    monkeypatch.setattr(learner.platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(learner, "cpu_flags", lambda: {"avx2", "sse4_1"})
    monkeypatch.setenv("ONEDNN_MAX_CPU_ISA", "SSE41")
    assert learner.cpu_note() == (
        messages.CPU.format(cpu=messages.WIDEST_EXTENSION.format(cpu="x86_64", widest="AVX2"))
        + messages.CPU_CAPPED.format(cap="SSE41")
        + "."
    )
    assert learner.difference_note(
        "loss: 0.25\n", "loss: 0.26\n", 3
    ) == messages.DIFFERENCE_LAST_DIGIT.format(where="line 4: 0.25 vs 0.26")
    assert learner.difference_note("a\n", "a\nb\n", 3) == messages.DIFFERENCE_LINE_COUNT.format(
        want=1, have=2
    )
