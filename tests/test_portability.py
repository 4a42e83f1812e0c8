"""The machine matrix (snippetkit.portability) runs snippets under each setting and names what fails.

These tests use tiny standard-library snippets in a temporary folder: one that
prints the same everywhere, and one whose output depends on a variable that one
setting sets, so a failure under exactly that setting is certain.
"""

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from snippetkit import accept, arm, execute, portability, snippetfile

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
    assert names == ["defaults", "avx2", "sse41", "no-onednn", "one-core", "twice", "arm64"]
    arm64 = portability.BY_NAME["arm64"]
    assert (arm64.machine, arm64.cpu) == ("aarch64", "neoverse-n1"), "an ARM CPU without SVE"
    assert arm64.split and not arm64.fresh, "TensorFlow imported once per worker, the snippets shared"
    assert all(s.machine == "x86_64" for s in portability.SETTINGS if s is not arm64)
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


# -- the arm64 setting: an aarch64 interpreter under qemu, made by snippetkit.arm ---------------------

ARM64 = portability.BY_NAME["arm64"]

# Prints the architecture it runs on: aarch64 under the arm64 setting, x86_64 elsewhere.
MACHINE = """\
import platform

print("machine:", platform.machine())

# Expected output:
# machine: aarch64
"""


def test_the_arm64_command_line_is_qemu_running_debians_python(monkeypatch, tmp_path):
    """``python file.py`` under arm64: qemu-aarch64 as a Neoverse N1, Debian's aarch64 Python 3.11 with
    its files under -L, no user site-packages, the aarch64 wheels on PYTHONPATH."""
    made = arm.machine()
    assert made.folder == (portability.ROOT / "_build" / "arm64" / arm.key()).resolve()
    python, path = portability.interpreter(ARM64)
    assert python == [
        str(made.folder / "qemu/usr/bin/qemu-aarch64-static"),
        "-cpu",
        "neoverse-n1",
        "-L",
        str(made.folder / "root"),
        str(made.folder / "root/usr/bin/python3.11"),
        "-s",
    ]
    assert path == [str(made.folder / "wheels")]
    one_core = ["taskset", "-c", portability.ONE_CPU, sys.executable]
    assert portability.interpreter(portability.BY_NAME["one-core"]) == (one_core, [])
    seen = {}

    def fake_run(command, **kwargs):
        seen.update(command=command, env=kwargs["env"])
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_run)
    steady = snippetfile.load(write(tmp_path, "steady", STEADY))
    portability.run_fresh(steady, tmp_path, 10, ARM64)
    assert seen["command"] == [*python, str(steady.path.resolve())]
    assert seen["env"]["PYTHONPATH"] == str(made.wheels)


def test_aarch64_installs_tensorflow_where_x86_gets_tensorflow_cpu():
    pins = dict(line.split("==") for line in arm.constraints())
    wanted = dict(line.split("==") for line in arm.requirements())
    everything = (portability.ROOT / "requirements.txt").read_text()
    assert f"tensorflow-cpu=={wanted['tensorflow']}\n" in everything, "tensorflow at tensorflow-cpu's pin"
    assert "tensorflow-cpu" not in wanted and "tensorflow-cpu" not in pins
    for name in ("keras", "numpy", "scikit-learn", "matplotlib"):
        assert wanted[name] == pins[name], f"{name} at the pin of requirements.txt"
    uv = arm.wheel_command(["uv", "pip", "install"], arm.Path("W"), arm.Path("r"), arm.Path("c"))
    assert uv[uv.index("--python-platform") + 1] == "aarch64-manylinux_2_28"
    pip = arm.wheel_command(["python", "-m", "pip", "install"], arm.Path("W"), arm.Path("r"), arm.Path("c"))
    assert [pip[i + 1] for i, option in enumerate(pip) if option == "--platform"] == [
        "manylinux2014_aarch64",
        "manylinux_2_27_aarch64",
        "manylinux_2_28_aarch64",
    ]
    for command in (uv, pip):
        assert "--only-binary=:all:" in command and command[command.index("--python-version") + 1] == "3.11"
        assert command[command.index("--target") + 1] == "W"


@pytest.fixture
def fake_steps(monkeypatch, tmp_path):
    """snippetkit.arm's download steps replaced by ones that write stand-in files, counting calls."""
    calls = []

    def fetch_debian(state, debs):
        calls.append("debian")
        debs.mkdir(parents=True)
        (debs / "python3.11_arm64.deb").write_text("")
        return [debs / "python3.11_arm64.deb"]

    def fetch_qemu(state, debs):
        calls.append("qemu")
        return debs / "qemu-user-static_amd64.deb"

    def unpack(deb, into, *members):
        name = "usr/bin/qemu-aarch64-static" if "qemu" in deb.name else "usr/bin/python3.11"
        (into / name).parent.mkdir(parents=True, exist_ok=True)
        (into / name).write_text("")

    def install_wheels(target, reqs, pins, work):
        calls.append("wheels")
        (target / "numpy-2.4.6.dist-info").mkdir(parents=True)

    for step in (fetch_debian, fetch_qemu, unpack, install_wheels):
        monkeypatch.setattr(arm, step.__name__, step)
    monkeypatch.setattr(arm, "missing_tools", lambda: None)
    (tmp_path / "requirements.txt").write_text((portability.ROOT / "requirements.txt").read_text())
    return calls


def test_a_second_prepare_does_nothing_and_new_pins_prepare_again(fake_steps, tmp_path):
    first = arm.prepare(tmp_path, say=lambda message: None)
    assert fake_steps == ["debian", "qemu", "wheels"]
    assert first.ready() and first.folder.parent == tmp_path / "_build" / "arm64"
    assert json.loads((first.folder / "ready.json").read_text())["wheels"] == {"numpy": "2.4.6"}
    assert arm.prepare(tmp_path, say=lambda message: None) == first
    assert fake_steps == ["debian", "qemu", "wheels"], "nothing fetched the second time"

    pins = tmp_path / "requirements.txt"
    pins.write_text(pins.read_text().replace("\nnumpy==", "\nnumpy==1.0.0  # was "))
    second = arm.prepare(tmp_path, say=lambda message: None)
    assert second.folder != first.folder and fake_steps == ["debian", "qemu", "wheels"] * 2
    assert not first.folder.exists(), "the old pins' environment is removed"


def test_an_interrupted_prepare_leaves_nothing_that_looks_ready(fake_steps, tmp_path, monkeypatch):
    def broken(*args):
        raise RuntimeError("no network")

    monkeypatch.setattr(arm, "install_wheels", broken)
    with pytest.raises(RuntimeError, match="no network"):
        arm.prepare(tmp_path, say=lambda message: None)
    assert list((tmp_path / "_build" / "arm64").iterdir()) == []
    assert not arm.machine(tmp_path).ready()


def test_the_table_shows_x86_and_arm_side_by_side_and_the_json_says_which_is_which():
    settings = [portability.BY_NAME["defaults"], ARM64]
    results = [
        portability.Result("a.py", "defaults", True, 1.0, outputs=["x\n"]),
        portability.Result("a.py", "arm64", False, 9.0, "a.py: differs", ["y\n"]),
    ]
    assert portability.table(results, settings).splitlines() == [
        "| snippet | defaults | arm64 |",
        "| --- | --- | --- |",
        "| a.py | ok | FAIL |",
    ]
    x86, aarch64 = portability.records(results, settings)
    assert {k: x86[k] for k in ("snippet", "setting", "ok", "seconds", "message", "outputs")} == {
        "snippet": "a.py",
        "setting": "defaults",
        "ok": True,
        "seconds": 1.0,
        "message": "",
        "outputs": ["x\n"],
    }, "the fields the file always had"
    assert (x86["machine"], x86["emulated"], x86["cpu"]) == ("x86_64", False, portability.host_cpu())
    assert (aarch64["machine"], aarch64["emulated"], aarch64["cpu"]) == ("aarch64", True, "neoverse-n1")
    assert aarch64["about"] == ARM64.about


def test_accept_checks_under_arm64_too(tmp_path, monkeypatch):
    """accept's default settings, from its command line, include the arm64 setting."""
    path = write(tmp_path, "new", "print(2)\n\n# Expected output:\n# 1\n")
    checked = []

    def fake_matrix(paths, settings, jobs=None, progress=None):
        checked.extend(setting.name for setting in settings)
        return [portability.Result(str(paths[0]), s.name, True, 0.0) for s in settings]

    monkeypatch.setattr(portability, "run_matrix", fake_matrix)
    monkeypatch.setattr(portability, "available", lambda setting: None)
    assert accept.main([str(path)]) == 0
    assert "arm64" in checked and "defaults" in checked


needs_arm64 = pytest.mark.skipif(
    not arm.machine().ready(),
    reason="the aarch64 environment is not made yet: python -m snippetkit.arm (nox -s portability makes it)",
)


@needs_arm64
def test_a_snippet_really_runs_on_aarch64(tmp_path, monkeypatch):
    """Under qemu: the snippets see an aarch64 machine, x86's settings an x86-64 one; each lane of the
    split setting runs its share, and a prepared environment is not made again."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(arm, "fetch_debian", lambda *args: pytest.fail("prepared again"))
    machine = write(tmp_path, "machine", MACHINE)
    steady = write(tmp_path, "steady", STEADY)
    results = portability.run_matrix([machine, steady], [portability.BY_NAME["defaults"], ARM64], jobs=2)
    by = {(r.snippet, r.setting): r for r in results}
    assert by["machine.py", "arm64"].ok, by["machine.py", "arm64"].message
    assert by["machine.py", "arm64"].outputs == ["machine: aarch64\n"]
    assert not by["machine.py", "defaults"].ok and "machine: x86_64" in by["machine.py", "defaults"].message
    assert by["steady.py", "arm64"].ok and by["steady.py", "arm64"].outputs == ["sum: 45\n"]


@needs_arm64
def test_accept_refuses_a_block_that_fails_on_arm(tmp_path, monkeypatch):
    monkeypatch.delenv("ONEDNN_MAX_CPU_ISA", raising=False)
    path = write(tmp_path, "machine", MACHINE.replace("aarch64", "old"))
    before = path.read_bytes()
    [outcome] = accept.accept([path], settings=[portability.BY_NAME["defaults"], ARM64], jobs=2)
    assert outcome.status == accept.REFUSED and outcome.failed_settings == ["arm64"]
    assert "machine: aarch64" in outcome.message and path.read_bytes() == before
