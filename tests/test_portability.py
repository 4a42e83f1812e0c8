"""The machine matrix (snippetkit.portability) runs snippets under each setting and names what fails.

These tests use tiny standard-library snippets in a temporary folder: one that
prints the same everywhere, and one whose output depends on a variable that one
setting sets, so a failure under exactly that setting is certain.
"""

import os
import shutil
import textwrap

import pytest

from snippetkit import execute, portability, snippetfile

STEADY = """\
print("sum:", sum(range(10)))

# Expected output:
# sum: 45
"""

# Prints what a setting changes: passes under "defaults", fails under "avx2".
FRAGILE = """\
import os

print("isa:", os.environ.get("ONEDNN_MAX_CPU_ISA", "all"))

# Expected output:
# isa: all
"""

# Differs between the first and the second run in one process.
STATEFUL = """\
import builtins

builtins.runs = getattr(builtins, "runs", 0) + 1
print("run", builtins.runs)

# Expected output:
# run 1
"""

# Prints the cores it may run on (what TensorFlow sizes its thread pools from).
CORES = """\
import os

print("cores:", len(os.sched_getaffinity(0)))

# Expected output:
# cores: ...
"""

FAST = [portability.BY_NAME[name] for name in ("defaults", "avx2", "twice")]


def write(tmp_path, name, text):
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_settings_are_the_issue_matrix():
    names = [s.name for s in portability.SETTINGS]
    assert names == ["defaults", "avx2", "sse41", "no-onednn", "one-core", "twice"]
    assert portability.BY_NAME["avx2"].env == {"ONEDNN_MAX_CPU_ISA": "AVX2"}
    assert portability.BY_NAME["sse41"].env == {"ONEDNN_MAX_CPU_ISA": "SSE41"}
    assert portability.BY_NAME["no-onednn"].env == {"TF_ENABLE_ONEDNN_OPTS": "0"}
    assert portability.BY_NAME["one-core"].prefix == ("taskset", "-c", portability.ONE_CPU)
    assert int(portability.ONE_CPU) in os.sched_getaffinity(0), "a core this process may use"
    assert portability.BY_NAME["defaults"].fresh and portability.BY_NAME["twice"].runs == 2


def test_nothing_in_the_harness_changes_a_number():
    """The harness's environment only quiets logs: no oneDNN, thread or determinism switch."""
    assert set(execute.QUIET_ENV) <= {"TF_CPP_MIN_LOG_LEVEL", "PYTHONUNBUFFERED"}


def test_a_steady_snippet_passes_every_setting(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    results = portability.run_matrix([write(tmp_path, "steady", STEADY)], FAST, jobs=2)
    assert [(r.setting, r.ok) for r in results] == [("defaults", True), ("avx2", True), ("twice", True)]
    assert results[2].outputs == ["sum: 45\n", "sum: 45\n"]


def test_a_failure_names_snippet_setting_expected_and_printed(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "fragile", FRAGILE)
    status = portability.main(["fragile.py", "--setting", "defaults", "--setting", "avx2"])
    out = capsys.readouterr().out
    assert status == 1
    assert "| fragile.py | ok | FAIL |" in out
    assert "FAILED fragile.py under 'avx2'" in out
    assert "Expected:\n        isa: all\n    Got:\n        isa: AVX2" in out
    assert "1 passed, 1 failed" in out


def test_twice_in_one_process_catches_state_left_behind(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (result,) = portability.run_matrix(
        [write(tmp_path, "stateful", STATEFUL)], [portability.BY_NAME["twice"]]
    )
    assert not result.ok
    assert "(run 2 of 2 in one process)" in result.message
    assert result.outputs == ["run 1\n", "run 2\n"]


def test_exercises_run_solved(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    exercise = write(
        tmp_path,
        "blank",
        """\
        print(___)  # -> the answer [hint: 6 * 7]

        # Expected output:
        # 42
        """,
    )
    (result,) = portability.run_matrix([exercise], [portability.BY_NAME["defaults"]])
    assert result.ok, result.message


def test_a_crash_is_reported_with_its_traceback(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    crash = write(tmp_path, "crash", "print(1 / 0)\n\n# Expected output:\n# 1\n")
    results = portability.run_matrix([crash], FAST)
    assert not any(r.ok for r in results)
    assert all("ZeroDivisionError" in r.message for r in results)


def test_variants_groups_settings_by_what_they_printed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    results = portability.run_matrix([write(tmp_path, "fragile", FRAGILE)], FAST)
    text = portability.variants(results)
    assert "fragile.py: 2 distinct outputs" in text
    assert "printed under defaults, twice (run 1), twice (run 2):\n    isa: all" in text
    assert "printed under avx2:\n    isa: AVX2" in text


def test_select_names_unknown_targets():
    with pytest.raises(SystemExit, match="no snippet or page folder named 'nowhere'"):
        portability.select(["nowhere"])
    assert portability.select(["optimizers"]) == snippetfile.discover(
        portability.ROOT / "snippets" / "optimizers"
    )


@pytest.mark.skipif(shutil.which("taskset") is None, reason="taskset is not installed")
def test_runs_side_by_side_keep_their_settings(tmp_path, monkeypatch):
    """Two runs at a time (the default on two cores): one-core still sees one core, the others all."""
    monkeypatch.chdir(tmp_path)
    cores = write(tmp_path, "cores", CORES)
    steady = write(tmp_path, "steady", STEADY)
    settings = [portability.BY_NAME[name] for name in ("defaults", "one-core", "twice")]
    results = portability.run_matrix([cores, steady], settings, jobs=2)
    assert [(r.snippet, r.setting) for r in results] == [
        (snippet, setting.name) for snippet in ("cores.py", "steady.py") for setting in settings
    ], "results in (snippet, setting) order, whichever ended first"
    assert all(r.ok for r in results), [r.message for r in results if not r.ok]
    everything = f"cores: {len(os.sched_getaffinity(0))}\n"
    assert [r.outputs for r in results[:3]] == [[everything], ["cores: 1\n"], [everything, everything]]
