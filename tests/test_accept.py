"""`nox -s accept`: an author's snippet gets the block it prints, unless the machine matrix disagrees.

Every test works on small standard-library snippets written to a temporary
folder, and checks them under only the matrix settings it needs (the
``settings`` parameter), so the suite stays fast and never touches snippets/.
"""

import textwrap

import pytest

from snippetkit import accept, portability
from snippetkit.portability import BY_NAME

DEFAULTS = [BY_NAME["defaults"]]


@pytest.fixture(autouse=True)
def learner_defaults(monkeypatch):
    """No matrix variable leaks in from the machine running the tests."""
    for name in portability.MATRIX_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def write(tmp_path, text, name="example.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def test_a_changed_output_is_written_and_the_diff_shown(tmp_path, capsys):
    path = write(
        tmp_path,
        """
        print("loss:", 0.5)
        print()
        print("  done")

        # Expected output:
        # loss: 0.25""",
    )  # no newline at the end of the file
    [outcome] = accept.accept([path], settings=DEFAULTS)
    assert outcome.status == accept.WRITTEN
    assert path.read_text(encoding="utf-8") == textwrap.dedent("""\
        print("loss:", 0.5)
        print()
        print("  done")

        # Expected output:
        # loss: 0.5
        #
        #   done
    """)  # blank lines are '#', one newline at the end
    shown = capsys.readouterr().out
    assert f"--- {path}\n+++ {path}\n" in shown
    assert "\n-# loss: 0.25\n" in shown and "\n+# loss: 0.5\n" in shown
    assert f"written   {path}" in shown
    assert "1 written, 0 unchanged, 0 refused" in shown
    assert accept.main(["--setting", "defaults", str(path)]) == 0  # and now it is unchanged


def test_an_unchanged_output_is_reported_and_the_file_left_alone(tmp_path, capsys):
    same = write(
        tmp_path,
        """
        print("weight:", 4.8)

        # Expected output:
        # weight: 4.8
    """,
        "same.py",
    )
    loose = write(
        tmp_path,
        """
        print("weight:", 4.8000001, "at step", 7)

        # Expected output:
        # weight: 4.8 ...
    """,
        "loose.py",
    )  # matches by the checker's rules: the author's `...` survives
    before = same.read_bytes(), loose.read_bytes()
    outcomes = accept.accept([same, loose], settings=DEFAULTS)
    assert [o.status for o in outcomes] == [accept.UNCHANGED, accept.UNCHANGED]
    assert (same.read_bytes(), loose.read_bytes()) == before
    shown = capsys.readouterr().out
    assert f"unchanged {same}: unchanged\n" in shown
    assert f"unchanged {loose}: unchanged (its block matches" in shown
    assert "machine matrix" not in shown  # nothing written, nothing to check


def test_a_block_that_fails_the_matrix_is_restored_and_named(tmp_path, capsys):
    """Under the 'avx2' setting ONEDNN_MAX_CPU_ISA is set, so this snippet prints something else there."""
    path = write(
        tmp_path,
        """
        import os

        print("isa:", os.environ.get("ONEDNN_MAX_CPU_ISA"))

        # Expected output:
        # isa: old
    """,
    )
    before = path.read_bytes()
    [outcome] = accept.accept([path], settings=[BY_NAME["defaults"], BY_NAME["avx2"]])
    assert outcome.status == accept.REFUSED
    assert outcome.failed_settings == ["avx2"]
    assert path.read_bytes() == before
    shown = capsys.readouterr().out
    assert "+# isa: None\n" in shown  # the diff was shown before the matrix ran
    assert f"REFUSED   {path}: restored as it was: its new block fails the machine matrix under avx2" in shown
    assert "Got:\n" in shown and "isa: AVX2" in shown
    assert "0 written, 0 unchanged, 1 refused" in shown
    assert accept.main(["--setting", "defaults", "--setting", "avx2", str(path)]) == 1
    assert path.read_bytes() == before


def test_a_none_block_that_now_prints_is_refused(tmp_path, capsys):
    path = write(
        tmp_path,
        """
        print("a stray debug line")

        # Expected output: none (only draws a figure)
    """,
    )
    before = path.read_bytes()
    [outcome] = accept.accept([path], settings=DEFAULTS)
    assert outcome.status == accept.REFUSED
    assert path.read_bytes() == before
    shown = capsys.readouterr().out
    assert f"REFUSED   {path}:3: marked 'Expected output: none' but now prints:" in shown
    assert "a stray debug line" in shown
    assert "---" not in shown  # no diff: nothing was written


def test_a_snippet_that_raises_or_prints_nothing_is_refused(tmp_path, capsys):
    raises = write(
        tmp_path,
        """
        print(1 / 0)

        # Expected output:
        # 0
    """,
        "raises.py",
    )
    silent = write(
        tmp_path,
        """
        x = 1

        # Expected output:
        # 1
    """,
        "silent.py",
    )
    before = raises.read_bytes(), silent.read_bytes()
    outcomes = accept.accept([raises, silent], settings=DEFAULTS)
    assert [o.status for o in outcomes] == [accept.REFUSED, accept.REFUSED]
    assert (raises.read_bytes(), silent.read_bytes()) == before
    shown = capsys.readouterr().out
    assert "ZeroDivisionError: division by zero" in shown
    assert f"{silent}: printed nothing; nothing written" in shown


def test_an_exercise_runs_solved_and_keeps_its_handout(tmp_path):
    handout = textwrap.dedent("""\
        # YOUR TURN: fill in the blank
        weight = 5.0
        weight = ___  # -> the answer [hint: weight - 0.2]
        print("weight:", round(weight, 4))

        # Expected output:
    """)
    path = tmp_path / "your_turn.py"
    path.write_text(handout + "# weight: 5.0\n", encoding="utf-8")
    [outcome] = accept.accept([path], settings=DEFAULTS)
    assert outcome.status == accept.WRITTEN
    assert path.read_text(encoding="utf-8") == handout + "# weight: 4.8\n"


def test_a_new_snippet_gets_its_first_block(tmp_path):
    """The author's workflow: write the script, with a bare header or none, and run accept."""
    bare = write(
        tmp_path,
        """
        print("step", 1)

        # Expected output:
    """,
        "bare.py",
    )
    headless = write(
        tmp_path,
        """
        print("step", 2)
    """,
        "headless.py",
    )
    outcomes = accept.accept([bare, headless], settings=DEFAULTS)
    assert [o.status for o in outcomes] == [accept.WRITTEN, accept.WRITTEN]
    assert bare.read_text(encoding="utf-8") == 'print("step", 1)\n\n# Expected output:\n# step 1\n'
    assert headless.read_text(encoding="utf-8") == 'print("step", 2)\n\n# Expected output:\n# step 2\n'
