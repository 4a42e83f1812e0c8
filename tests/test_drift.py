"""`nox -s drift`'s report: each snippet unchanged, changed (with a diff) or raised (with the error).

The session itself needs the newest releases from the index; here its parts
run on small standard-library snippets in a temporary folder.
"""

import textwrap

from snippetkit import drift, pins


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def test_each_snippet_is_unchanged_changed_or_raised_and_the_report_says_so(tmp_path):
    same = write(
        tmp_path,
        "same.py",
        """
        print("loss:", 0.25)

        # Expected output:
        # loss: 0.25
    """,
    )
    moved = write(
        tmp_path,
        "moved.py",
        """
        print("loss:", 0.5)

        # Expected output:
        # loss: 0.25
    """,
    )
    broken = write(
        tmp_path,
        "broken.py",
        """
        import no_such_module_here

        # Expected output: none (imports only)
    """,
    )
    entries = [drift.check(path, tmp_path) for path in (same, moved, broken)]
    assert [e.status for e in entries] == [drift.UNCHANGED, drift.CHANGED, drift.RAISED]
    assert "-loss: 0.25\n+loss: 0.5\n" in entries[1].diff
    assert "ModuleNotFoundError: No module named 'no_such_module_here'" in entries[2].error

    versions = [("numpy", "2.0.0", "2.1.0", "2.1.0")]
    text = drift.report(entries, versions, [("ml-dtypes", "0.5.0", "0.6.0")], "", 1.0)
    assert "| numpy | 2.0.0 | 2.1.0 | 2.1.0 |" in text
    assert "- ml-dtypes: 0.5.0 → 0.6.0" in text
    assert "3 snippets: **1 unchanged**, **1 changed**, **1 raised**" in text
    assert f"### `{entries[1].snippet}`\n\n```diff\n" in text
    assert f"### `{entries[2].snippet}`\n\n```text\n" in text


def test_the_packages_drift_upgrades_are_pinned():
    assert set(drift.UPGRADED) <= set(pins.read(drift.REQUIREMENTS))
