"""Our pages and snippets share no run of 8 words with the lesson brief (see tests/own_words.py)."""

import pytest
from own_words import BRIEF, FINGERPRINT, RUN, fingerprint, lesson_files, load_fingerprint, shared_runs
from paths import ROOT


def test_no_page_or_snippet_repeats_the_brief():
    hashes = load_fingerprint()
    found = [
        str(hit)
        for path in lesson_files()
        for hit in shared_runs(path.relative_to(ROOT), path.read_text(encoding="utf-8"), hashes)
    ]
    assert not found, (
        f"{len(found)} run(s) of {RUN}+ words copied from the brief: say it in our own words and code "
        "(an API call that must be spelt this way goes in ALLOWED in tests/own_words.py, with its reason)\n"
        + "\n".join(found)
    )


@pytest.mark.skipif(not BRIEF.exists(), reason="the brief is not beside the repository")
def test_the_fingerprint_is_the_briefs():
    assert load_fingerprint() == fingerprint(BRIEF.read_text(encoding="utf-8")), (
        f"{FINGERPRINT.relative_to(ROOT)} is not the brief's: run python tests/own_words.py --update"
    )


def test_a_planted_sentence_is_found_with_its_file_line_and_words(tmp_path):
    brief = "A schedule lowers the rate as training goes on, so late steps settle gently."
    page = "# Schedules\n\nIn short: a schedule lowers the rate as training\ngoes on, so late steps settle.\n"
    (hit,) = shared_runs(tmp_path / "page.md", page, fingerprint(brief))
    assert str(hit) == (
        f"{tmp_path / 'page.md'}:3-4: 13 words as in the brief: "
        "'a schedule lowers the rate as training goes on so late steps settle'"
    )


def test_seven_words_numbers_and_allowed_calls_do_not_count(tmp_path):
    brief = (
        "one two three four five six seven. 3.0 -2.0 0.5 -10.0 1.5 as set up below, "
        'stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)'
    )
    page = (
        "one two three four five six seven eight\n"
        "print([3.0, -2.0, 0.5, -10.0, 1.5])\n"
        'cb = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)\n'
    )
    assert list(shared_runs(tmp_path / "x.py", page, fingerprint(brief))) == []
    copied = page.replace("cb =", "stopper =")
    (hit,) = shared_runs(tmp_path / "x.py", copied, fingerprint(brief))
    assert hit.text.startswith("stopper keras callbacks earlystopping"), "a copied name next to it counts"
