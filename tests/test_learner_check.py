"""The snippet archive's check.py: a learner checks an example on their own computer as CI does."""

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from paths import ROOT, SNIPPETS

from snippetkit import downloads, platforms, snippetfile
from snippetkit import pins as pinned
from snippetkit.runner import why_not_runnable

STDLIB = [
    path for path in snippetfile.discover(SNIPPETS) if not why_not_runnable(snippetfile.load(path).solution())
]
EXERCISE = next(p for p in STDLIB if snippetfile.load(p).hints())  # blanks to fill, standard library only
EXAMPLE = next(p for p in STDLIB if not snippetfile.load(p).is_exercise)


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory):
    """lesson-snippets.zip as the build writes it, unpacked; Sphinx made unimportable, as on a learner's
    computer that installed only the archive's requirements.txt."""
    folder = tmp_path_factory.mktemp("archive")
    (folder / "lesson-snippets.zip").write_bytes(downloads.snippet_archive(ROOT))
    with zipfile.ZipFile(folder / "lesson-snippets.zip") as archive:
        assert {name.split("/")[0] for name in archive.namelist()} == {downloads.ARCHIVE_TOP}, (
            "one top folder"
        )
        archive.extractall(folder)
    (folder / downloads.ARCHIVE_TOP).rename(folder / "lesson")
    blocker = folder / "no-sphinx" / "sphinx"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('no Sphinx on a learner computer')\n")
    return folder


def check(unzipped, *names):
    return subprocess.run(
        [sys.executable, "check.py", *names],
        cwd=unzipped / "lesson",
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(unzipped / "no-sphinx"), "PATH": "/usr/bin:/bin"},
        timeout=300,
    )


def in_archive(unzipped, path):
    return unzipped / "lesson" / path.relative_to(ROOT)


def test_the_archive_holds_check_py_its_modules_the_pins_and_handouts(unzipped):
    lesson = unzipped / "lesson"
    assert (lesson / "check.py").is_file() and (lesson / "snippetkit" / "learner.py").is_file()
    pins = (lesson / "requirements.txt").read_text().splitlines()[1:]
    assert pins == pinned.learner_requirements(ROOT)
    assert pins[0].startswith("tensorflow-cpu==") and any(p.startswith("pytest-doctestplus==") for p in pins)
    handout = in_archive(unzipped, EXERCISE).read_text()
    assert handout == snippetfile.load(EXERCISE).handout()
    assert "[hint:" not in handout, "the archive gives the hand-out, not the hints"


def test_the_hand_out_fails_with_the_message_ci_prints(unzipped):
    done = check(unzipped, EXERCISE.name)
    assert done.returncode == 1, done
    assert "NameError: name '___' is not defined" in done.stdout
    assert "Fill in each ___ blank first" in done.stdout
    assert done.stdout.startswith(f"✗ {EXERCISE.relative_to(ROOT)}:"), done.stdout


def test_a_solved_exercise_passes(unzipped, tmp_path):
    solved = tmp_path / EXERCISE.name
    solved.write_text(snippetfile.fill_blanks(EXERCISE.read_text()))
    done = check(unzipped, str(solved))
    assert done.returncode == 0, done.stdout + done.stderr
    passed = "printed its expected output (checked the way the lesson's own tests check it)"
    exercises = downloads.exercises_in_order(ROOT)
    following = exercises[[Path(name).name for name in exercises].index(EXERCISE.name) + 1]
    next_page = Path(following).parent.name.replace("-", " ")
    assert done.stdout == (
        f"✓ {solved}: {passed}\nNext: the {next_page} exercise, python check.py {following}\n"
    ), "after a pass, the next exercise"


def test_after_the_last_exercise_and_after_an_example(unzipped):
    from snippetkit import learner

    root = unzipped / "lesson"
    exercises = (root / learner.EXERCISES).read_text().split()
    assert exercises == downloads.exercises_in_order(ROOT) and len(exercises) > 1
    assert all((root / name).is_file() for name in exercises)
    assert learner.next_step(Path(exercises[-1]), root) == "That was the lesson's last exercise: well done!"
    first_page = Path(exercises[0]).parent
    example = next(p for p in (root / first_page).glob("*.py") if p.name != Path(exercises[0]).name)
    assert learner.next_step(example, root).endswith(f"python check.py {exercises[0]}")


def test_a_changed_block_fails_naming_the_lines_that_differ(unzipped):
    path = in_archive(unzipped, EXAMPLE)
    text = path.read_text()
    lines = text.splitlines()
    last = len(lines) - 1
    changed = re.sub(r"\d(?=\D*$)", lambda m: str((int(m[0]) + 1) % 10), lines[last])
    assert changed != lines[last], lines[last]
    path.write_text("\n".join([*lines[:last], changed]) + "\n")
    try:
        done = check(unzipped, EXAMPLE.name)
    finally:
        path.write_text(text)
    assert done.returncode == 1, done
    assert "the printed output differs from the expected-output block" in done.stdout
    assert f"    line {last + 1}: expected {changed[2:]!r}" in done.stdout, done.stdout
    assert f"printed  {lines[last][2:]!r}" in done.stdout, done.stdout


def test_an_unknown_name_says_so(unzipped):
    done = check(unzipped, "no_such_example.py")
    assert done.returncode == 2
    assert done.stdout.startswith("no_such_example.py: no such file here")


def test_pins_come_from_requirements_txt(tmp_path):
    (tmp_path / "requirements.txt").write_text(
        "# pins\n" + "".join(f"{name}==1.{i}  # why\n" for i, name in enumerate(pinned.LEARNER_PACKAGES))
    )
    assert pinned.learner_pins(tmp_path)[0] == "tensorflow-cpu==1.0"
    (tmp_path / "requirements.txt").write_text("numpy==2.0\n")
    with pytest.raises(ValueError, match="pins no version of tensorflow-cpu"):
        pinned.learner_pins(tmp_path)


#: Which TensorFlow package has a wheel there (tensorflow-cpu has none for macOS or ARM Linux).
TENSORFLOW = {
    "Linux x86-64": "tensorflow-cpu",
    "Linux ARM": "tensorflow",
    "macOS (Apple Silicon)": "tensorflow",
    "Windows": "tensorflow-cpu",
}


@pytest.mark.parametrize("platform", platforms.PLATFORMS)
def test_the_learners_requirements_pick_one_tensorflow_per_platform(platform):
    from packaging.requirements import Requirement

    requirements = [Requirement(line) for line in pinned.learner_requirements(ROOT)]
    names = [Requirement(line).name for line in platforms.requirements_for(platform)]
    assert [name for name in names if name.startswith("tensorflow")] == [TENSORFLOW[platform]], names
    versions = {str(r.specifier) for r in requirements if r.name.startswith("tensorflow")}
    assert len(versions) == 1, f"both TensorFlow packages at the pinned version: {versions}"
    others = [pin.split("==")[0] for pin in pinned.learner_pins(ROOT)[1:]]
    assert names[1:] == others, "every other package on every platform"


class FakeDistribution:
    def __init__(self, requires, classifiers, compiled):
        self.metadata = {"Requires-Python": requires}
        self.classifiers = [f"Programming Language :: Python :: {v}" for v in classifiers]
        self.compiled = compiled

    def read_text(self, name):
        return f"Root-Is-Purelib: {'false' if self.compiled else 'true'}\n" if name == "WHEEL" else None


@pytest.fixture
def distributions(monkeypatch):
    found = {}

    class Metadata(dict):
        def get_all(self, key):
            return self.get(key)

    def distribution(name):
        dist = found[name]
        dist.metadata = Metadata(
            {"Requires-Python": dist.metadata["Requires-Python"], "Classifier": dist.classifiers}
        )
        return dist

    monkeypatch.setattr("importlib.metadata.distribution", distribution)
    return found


def test_python_range_floor_from_requires_python_ceiling_from_compiled_packages(distributions):
    distributions["compiled"] = FakeDistribution(">=3.10", ["3.10", "3.11", "3.12", "3.13"], compiled=True)
    distributions["pure"] = FakeDistribution(">=3.11", ["3.11", "3.12"], compiled=False)
    assert pinned.python_versions(("compiled", "pure")) == "3.11 to 3.13"
    distributions["old"] = FakeDistribution(">=3.8,<3.11", ["3.8", "3.9", "3.10"], compiled=True)
    with pytest.raises(ValueError, match="no Python 3 version suits all of compiled, pure, old"):
        pinned.python_versions(("compiled", "pure", "old"))


# -- "Why is my number different?": the diagnosis after a difference ---------------------------

#: A standard-library example whose block ends in a number with decimals (its last digit to change).
DECIMAL = next(
    p
    for p in STDLIB
    if not snippetfile.load(p).is_exercise
    and "..." not in snippetfile.load(p).expected
    and re.search(r"\d\.\d+\s*$", snippetfile.load(p).expected)
)


def changed_block(unzipped, path, change):
    """The archive's copy of *path* with its block's last line changed by *change*; the old text."""
    copy = in_archive(unzipped, path)
    text = copy.read_text()
    lines = text.splitlines()
    lines[-1] = change(lines[-1])
    copy.write_text("\n".join(lines) + "\n")
    return copy, text


def fake_installed(folder, name, version):
    """A folder whose only content is *name*'s metadata at *version*: first on PYTHONPATH, it is the
    installed version importlib.metadata (and pip) report."""
    info = folder / f"{name}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    return folder


def test_a_last_digit_difference_is_diagnosed_naming_a_version_that_is_not_the_lessons(unzipped, tmp_path):
    import platform

    def bump_last_digit(line):
        return re.sub(r"\d(?=\D*$)", lambda m: str((int(m[0]) + 1) % 10 if m[0] != "9" else 8), line)

    copy, text = changed_block(unzipped, DECIMAL, bump_last_digit)
    fake = fake_installed(tmp_path / "fake", "numpy", "1.0.0")
    try:
        done = subprocess.run(
            [sys.executable, "check.py", DECIMAL.name],
            cwd=unzipped / "lesson",
            capture_output=True,
            text=True,
            env={"PYTHONPATH": f"{fake}:{unzipped / 'no-sphinx'}", "PATH": "/usr/bin:/bin"},
            timeout=300,
        )
    finally:
        copy.write_text(text)
    assert done.returncode == 1, done
    out = done.stdout
    numpy_pin = next(p for p in pinned.learner_pins(ROOT) if p.startswith("numpy=="))[len("numpy==") :]
    assert f"NumPy 1.0.0 (the lesson's: {numpy_pin})" in out, out
    assert (
        "NumPy is not the lesson's version" in out and "python -m pip install -r requirements.txt" in out
    ), out
    assert f"Python {platform.python_version()}." in out or f"Python {platform.python_version()}," in out, out
    assert f"CPU: {platform.machine()}" in out, out
    assert "only in the last printed digit of a number (line " in out, out
    assert out.index("the printed output differs") < out.index("Why it may differ here:"), "after the message"


def test_a_difference_in_words_is_not_called_rounding(unzipped):
    copy, text = changed_block(unzipped, DECIMAL, lambda line: line.replace(":", " changed:", 1) + " words")
    try:
        done = check(unzipped, DECIMAL.name)
    finally:
        copy.write_text(text)
    assert done.returncode == 1, done
    assert "The difference: in words (line " in done.stdout, done.stdout
    assert "last printed digit" not in done.stdout and "These are the lesson's versions." in done.stdout


def test_the_kind_of_difference():
    from snippetkit.learner import difference_note

    assert "only in the last printed digit of a number (line 6: 2.1 vs 2.0)" in difference_note(
        "a: 1.5\nloss in epoch 1: 2.1\n", "a: 1.5\nloss in epoch 1: 2.0\n", 4
    )
    assert "in numbers, beyond their last digit (line 5)" in difference_note("loss: 2.1\n", "loss: 2.3\n", 4)
    assert "in a shape (line 5)" in difference_note("shape: (32, 10)\n", "shape: (32, 11)\n", 4)
    assert "in words (line 5)" in difference_note("dead units: none\n", "dead units: some\n", 4)
    assert "in the count of lines: the block has 1, the run printed 2" in difference_note("a\n", "a\nb\n", 4)
    assert difference_note("a ...\n", "a b\n", 4) is None


def test_the_python_the_lesson_was_built_with_is_in_the_archives_requirements(unzipped):
    import platform

    from snippetkit.learner import lesson_pins

    pins, python = lesson_pins(unzipped / "lesson")
    assert python == platform.python_version()
    assert pins["keras"] == next(p for p in pinned.learner_pins(ROOT) if p.startswith("keras=="))[7:]
