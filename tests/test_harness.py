"""The harness speaks to the author: each kind of bad snippet gets a clear error.

Each test writes a small snippet file, runs it through the same functions the
snippet tests use, and checks that the failure names the file, the line, and
what was expected against what came out.
"""

import textwrap

import pytest

from snippetkit import checker, execute, snippetfile


@pytest.fixture(autouse=True, params=["worker", "isolated"])
def mode(request, monkeypatch):
    """Every check holds whether snippets share a worker process or each get a fresh one."""
    monkeypatch.setenv("SNIPPETS_ISOLATED", "1" if request.param == "isolated" else "0")
    return request.param


def write(tmp_path, text, name="example.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def outcome(path, **run_options):
    """The error message of loading, running and checking *path*, or None."""
    try:
        snip = snippetfile.load(path)
        checker.check_output(snip, execute.run(snip, workdir=path.parent, **run_options))
    except snippetfile.SnippetError as err:
        return str(err)
    return None


def test_a_correct_snippet_passes(tmp_path):
    path = write(
        tmp_path,
        """
        print("loss:", 0.25)

        # Expected output:
        # loss: 0.25
    """,
    )
    assert outcome(path) is None


def test_wrong_expected_output_names_file_line_expected_and_actual(tmp_path):
    path = write(
        tmp_path,
        """
        print("ReLU :", [max(0.0, x) for x in [1.0, -2.0]])

        # Expected output:
        # ReLU : [1.0, 2.0]
    """,
    )
    message = outcome(path)
    assert f"{path}:3:" in message
    assert "Expected:\n    ReLU : [1.0, 2.0]" in message
    assert "Got:\n    ReLU : [1.0, 0.0]" in message


def test_floats_compare_as_numbers_within_tolerance_but_not_beyond(tmp_path):
    close = write(
        tmp_path,
        """
        print(0.1 + 0.2, 1 / 3)

        # Expected output:
        # 0.3 0.333333
    """,
        "close.py",
    )
    assert outcome(close) is None
    wrong = write(
        tmp_path,
        """
        print(0.1 + 0.2)

        # Expected output:
        # 0.31
    """,
        "wrong.py",
    )
    assert "Got:\n    0.30000000000000004" in outcome(wrong)


def test_a_snippet_that_raises_names_file_and_failing_line(tmp_path):
    path = write(
        tmp_path,
        """
        weights = [1.0, 2.0]
        total = weights[0] / 0
        print(total)

        # Expected output:
        # 1.0
    """,
    )
    message = outcome(path)
    assert message.startswith(f"{path}:2: the snippet raised ZeroDivisionError: float division by zero\n")
    assert "total = weights[0] / 0" in message  # the traceback, under the one-line message
    assert message.splitlines()[-1] == "    ZeroDivisionError: float division by zero", "the traceback, whole"


def test_a_snippet_that_hangs_is_stopped_after_the_timeout(tmp_path):
    path = write(
        tmp_path,
        """
        import time

        time.sleep(600)  # hangs, without keeping a core busy

        # Expected output:
        # never
    """,
    )
    assert (
        outcome(path, timeout=1) == f"{path}: did not finish within 1 s and was stopped "
        "(an endless loop, or too much work for an example?)"
    )


def test_a_snippet_without_expected_block_is_an_error(tmp_path):
    path = write(tmp_path, 'print("hello")\n')
    assert outcome(path).startswith(f"{path}: no '# Expected output:' block at the end of the file")


def test_code_after_the_expected_block_is_an_error(tmp_path):
    path = write(
        tmp_path,
        """
        # Expected output:
        # 1
        print(1)
    """,
    )
    assert outcome(path).startswith(f"{path}:3: the expected-output block must be the end of the file")


def test_a_no_output_snippet_must_print_nothing(tmp_path):
    quiet = write(
        tmp_path,
        """
        x = 2 + 2

        # Expected output: none (it only computes)
    """,
        "quiet.py",
    )
    assert outcome(quiet) is None
    noisy = write(
        tmp_path,
        """
        print(2 + 2)

        # Expected output: none (it only computes)
    """,
        "noisy.py",
    )
    assert outcome(noisy) == f"{noisy}:3: marked 'Expected output: none' but printed:\n    4"


def test_stderr_is_an_error_because_it_would_show_on_the_page(tmp_path):
    path = write(
        tmp_path,
        """
        import sys
        print("warning!", file=sys.stderr)

        # Expected output: none (writes only to stderr)
    """,
    )
    assert outcome(path).startswith(f"{path}: wrote to stderr, which shows on the page:\n    warning!")


def test_an_exercise_runs_with_its_blanks_filled_from_its_hints(tmp_path):
    path = write(
        tmp_path,
        """
        # fill in the ___
        x = ___  # -> two threes [hint: 2 * 3]
        print(x)

        # Expected output:
        # 6
    """,
    )
    assert outcome(path) is None
    assert "NameError: name '___' is not defined" in outcome(path, fill=False)


def test_a_wrong_hint_fails_as_the_filled_exercise(tmp_path):
    path = write(
        tmp_path,
        """
        x = ___  # -> two threes [hint: 2 * 4]
        print(x)

        # Expected output:
        # 6
    """,
    )
    assert "Got:\n    8" in outcome(path)


def test_a_blank_without_hint_names_the_line(tmp_path):
    path = write(
        tmp_path,
        """
        x = 1
        y = ___
        print(y)

        # Expected output:
        # 1
    """,
    )
    assert outcome(path).startswith(
        f"{path}:2: a ___ blank needs '# -> <pointer to the idea> [hint: <code>]'"
    )


def test_two_blanks_on_one_line_are_refused(tmp_path):
    path = write(
        tmp_path,
        """
        y = ___ + ___  # -> one [hint: 1]
        print(y)

        # Expected output:
        # 2
    """,
    )
    assert outcome(path) == f"{path}:1: one ___ blank per line, so its hint is unambiguous"


CHALLENGE = """
    # 1. print the sum of 2 and 3
    # --- solution ---
    print(2 + 3)
    # --- end of solution ---

    # Expected output:
    # 5
"""


def test_a_challenge_runs_as_its_solution_and_hands_out_the_outline(tmp_path):
    path = write(tmp_path, CHALLENGE)
    snip = snippetfile.load(path)
    assert snip.is_exercise
    assert snip.handout() == "# 1. print the sum of 2 and 3\n# your code here\n\n# Expected output:\n# 5\n"
    assert "# ---" not in snip.solution(for_display=True)
    assert outcome(path) is None
    assert outcome(path, fill=False).startswith(f"{path}:6: the printed output differs")
    assert outcome(path, fill=False).endswith("Expected:\n    5\nGot nothing\n")


def test_an_unclosed_solution_region_is_an_error(tmp_path):
    path = write(tmp_path, CHALLENGE.replace("# --- end of solution ---", ""))
    assert outcome(path) == f"{path}: '# --- solution ---' is never closed by '# --- end of solution ---'"


def test_exit_status_and_state_do_not_leak_between_snippets(tmp_path):
    quits = write(
        tmp_path,
        """
        import sys
        import os
        os.environ["LEAK"] = "yes"
        print("bye")
        sys.exit(3)

        # Expected output:
        # bye
    """,
        "quits.py",
    )
    assert outcome(quits) == f"{quits}: the snippet raised exit status 3"
    clean = write(
        tmp_path,
        """
        import sys
        print(sys.argv[0].endswith("clean.py"), "quits" in globals())

        # Expected output:
        # True False
    """,
        "clean.py",
    )
    assert outcome(clean) is None
