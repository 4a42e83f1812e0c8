"""Numbers in the prose come from the run (the ``{result}`` role of snippetkit.results).

The unit tests read roles and printed lines and round numbers; the build tests
(marked ``build``) lay out a one-page site with tests/test_build.py's helpers
and check that a value is filled in, follows a changed snippet, and that a
number the page writes itself fails the build once the snippet prints another.
"""

from decimal import Decimal

import pytest
from sitebuild import build
from test_build import html, load, make_site, write_snippet

from snippetkit.results import (
    Reference,
    ResultError,
    as_decimal,
    check,
    check_claim,
    find_value,
    formatted,
    numbers,
    parse_reference,
    select,
)

# -- reading the role ------------------------------------------------------------------------------


def test_fill_form_with_index_and_format():
    assert parse_reference("../snippets/p/fit.py | loss per epoch [-1] | {:.2f}") == Reference(
        "../snippets/p/fit.py", (), "loss per epoch", -1, "{:.2f}", None
    )


def test_a_bare_format_spec_gets_its_braces():
    assert parse_reference("a.py | accuracy | .0%").format == "{:.0%}"


def test_checked_form_keeps_the_written_number():
    ref = parse_reference("61 % <../snippets/p/fit.py | accuracy after 5 epochs>")
    assert (ref.written, ref.path, ref.label, ref.index) == (
        "61 %",
        "../snippets/p/fit.py",
        "accuracy after 5 epochs",
        None,
    )


def test_a_label_may_hold_a_bar():
    ref = parse_reference("a.py | he_normal > largest |w| [0]")
    assert (ref.sections, ref.label, ref.index) == (("he_normal",), "largest |w|", 0)


def test_words_checked_by_the_value_they_rest_on():
    ref = parse_reference("below 1.75 <a.py | loss in epoch 5 below 1.75 = True>")
    assert (ref.written, ref.label, ref.expect) == ("below 1.75", "loss in epoch 5 below 1.75", "True")
    assert parse_reference("a.py | lr = 0.1").label == "lr = 0.1", "only the checked form takes ' = '"


def test_sections_and_a_role_broken_over_lines():
    ref = parse_reference("../s.py\n| plain,  he_normal init > loss per epoch: [0]")
    assert (ref.sections, ref.label, ref.index) == (("plain, he_normal init",), "loss per epoch", 0)
    assert ref.describe() == "plain, he_normal init > loss per epoch [0]"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("../s.py", "no label"),
        ("../s.py | ", "no label"),
        (" | loss", "no snippet"),
        ("a.py | b | c | d", "too many ' | '"),
        ("a.py|loss", "no label"),  # the bar between the parts has spaces around it
        ("<a.py | loss>", "no number before <...>"),
        ("2.1 <a.py | loss | {:.1f}>", "a checked number takes no format"),
        ("a.py | > loss", "an empty label"),
    ],
)
def test_malformed_roles_say_what_is_wrong(text, problem):
    with pytest.raises(ResultError, match=problem):
        parse_reference(text)


# -- finding the printed line ----------------------------------------------------------------------

PRINTED = """\
plain, glorot_uniform init
  loss per epoch: 2.3034 2.3033 2.3036
  accuracy after 5 epochs: 0.10
plain, he_normal init
  loss per epoch: 2.2343 2.2826 2.2831
  accuracy after 5 epochs: 0.11
std of the outputs, layer     1       20
He (he_normal)            0.828     1.03
stopped after epoch 10 of at most 100
SGD  lr=10  : nan nan
  largest |w|          0.2008  (cut-off 0.2010)
"""


@pytest.mark.parametrize(
    "sections, label, value",
    [
        ((), "std of the outputs, layer", "1       20"),
        ((), "He (he_normal)", "0.828     1.03"),  # a table row: the label, then numbers
        ((), "stopped after epoch", "10 of at most 100"),
        ((), "SGD lr=10", "nan nan"),  # runs of spaces in the output are one space
        (("plain, he_normal init",), "accuracy after 5 epochs", "0.11"),
        (("plain, glorot", "plain, he"), "loss per epoch", "2.2343 2.2826 2.2831"),
        ((), "largest |w|", "0.2008  (cut-off 0.2010)"),
    ],
)
def test_find_value(sections, label, value):
    assert find_value(PRINTED, sections, label) == value


def test_a_label_must_be_followed_by_a_colon_or_a_number():
    with pytest.raises(ResultError, match="printed no line starting 'He:'"):
        find_value(PRINTED, (), "He")  # "He (he_normal) ..." is another label
    with pytest.raises(ResultError, match="printed no line starting 'accuracy:'"):
        find_value(PRINTED, (), "accuracy")


def test_a_missing_label_shows_what_was_printed():
    with pytest.raises(ResultError) as err:
        find_value(PRINTED, ("plain, he_normal init",), "precision", "snippets/p/fit.py")
    assert str(err.value).startswith(
        "snippets/p/fit.py printed no line starting 'precision:' after the line 'plain, he_normal init'; "
        "it printed:\n    plain, glorot_uniform init\n      loss per epoch: 2.3034"
    )


def test_a_label_printed_twice_needs_a_section():
    with pytest.raises(ResultError) as err:
        find_value(PRINTED, (), "loss per epoch", "fit.py")
    assert str(err.value) == (
        "fit.py printed 'loss per epoch' on 2 lines (2 and 5 of its output); name a "
        "line above the one you mean: '<that line> > loss per epoch'"
    )


def test_numbers_of_a_line():
    assert numbers("0% ->  33%   loss:  9.42 ->  6.49") == ["0%", "33%", "9.42", "6.49"]
    assert numbers("SGD lr=10 nan, Adam lr=1e-6 1.3219, Adam 0.6254") == ["nan", "1.3219", "0.6254"]
    assert numbers("[-0.0504 -1.6869  1.2672]  (cut-off 9.7e+10)") == [
        "-0.0504",
        "-1.6869",
        "1.2672",
        "9.7e+10",
    ]
    assert numbers("True | distinct columns: 1 | loss 0.2005") == ["1", "0.2005"]


def test_select_counts_from_either_end_and_names_a_missing_number():
    assert select("2.1 1.9 1.08", 0, "loss") == "2.1"
    assert select("2.1 1.9 1.08", -1, "loss") == "1.08"
    assert select("  0.61 ", None, "accuracy") == "  0.61 "
    with pytest.raises(ResultError) as err:
        select("2.1 1.9", 2, "loss per epoch [2]", "fit.py")
    assert str(err.value) == "fit.py printed 2 numbers for 'loss per epoch [2]', so there is no [2]: 2.1 1.9"


# -- formats and rounding --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, value, step",
    [
        ("2.12", "2.12", "0.01"),
        ("61%", "0.61", "0.01"),
        ("99.3 %", "0.993", "0.001"),
        ("7", "7", "1"),
        ("1,797", "1797", "1"),
        ("−0.05", "-0.05", "0.01"),  # a typographic minus
        ("1e-3", "0.001", "0.001"),
    ],
)
def test_as_decimal(written, value, step):
    assert as_decimal(written) == (Decimal(value), Decimal(step))


def test_as_decimal_of_nan():
    value, step = as_decimal("nan")
    assert value.is_nan() and step is None


@pytest.mark.parametrize(
    "value, fmt, text",
    [
        ("0.61", "{:.0%}", "61%"),
        ("0.605", "{:.0%}", "61%"),  # half-way rounds up, as an author would
        ("2.125", "{:.2f}", "2.13"),
        ("33%", "{:.0%}", "33%"),  # a printed percentage is a fraction to the format
        ("0.000763", "{:.1e}", "7.6e-4"),
        ("1.0839", "about {:.1f}", "about 1.1"),
    ],
)
def test_formatted(value, fmt, text):
    assert formatted(value, fmt, "x") == text


def test_a_format_needs_a_number():
    with pytest.raises(
        ResultError,
        match=r"fit.py printed '2.1 1.9' for 'loss', which is not a number; "
        r"pick one with \[n\]",
    ):
        formatted("2.1 1.9", "{:.1f}", "loss", "fit.py")
    with pytest.raises(ResultError, match="the format '{:.1q}' does not apply to 2.1"):
        formatted("2.1", "{:.1q}", "loss")


@pytest.mark.parametrize(
    "written, value",
    [
        ("2.12", "2.1161"),
        ("1.08", "1.0839"),
        ("61%", "0.61"),
        ("61 %", "0.6149"),
        ("0.61", "61%"),
        ("33%", "33%"),
        ("0.02", "0.019"),
        ("0.63", "0.625"),  # exactly half-way: either way
        ("0.62", "0.625"),
        ("10", "10"),
        ("2.3", "2.3034"),
        ("nan", "nan"),
        ("NaN", "nan"),
        ("1e-3", "1.000e-03"),
    ],
)
def test_check_accepts_the_value_rounded_as_written(written, value):
    check(written, value, "x")


@pytest.mark.parametrize(
    "written, value, message",
    [
        (
            "2.12",
            "2.2343",
            "the page says 2.12, but fit.py printed 2.2343 for 'x' (2.23 at the precision written)",
        ),
        ("61%", "0.58", "the page says 61%, but fit.py printed 0.58 for 'x' (58% at the precision written)"),
        (
            "61 %",
            "0.6151",
            "the page says 61 %, but fit.py printed 0.6151 for 'x' (62% at the precision written)",
        ),
        ("7", "8", "the page says 7, but fit.py printed 8 for 'x' (8 at the precision written)"),
        ("0.5", "0.56", "the page says 0.5, but fit.py printed 0.56 for 'x' (0.6 at the precision written)"),
        ("2.303", "nan", "the page says 2.303, but fit.py printed nan for 'x'"),
    ],
)
def test_check_rejects_another_value_naming_both(written, value, message):
    with pytest.raises(ResultError) as err:
        check(written, value, "x", "fit.py")
    assert str(err.value) == message


@pytest.mark.parametrize("expect, value", [("True", "True"), ("2", "2.4"), ("0.5", "50%")])
def test_check_claim_accepts_the_value_stated(expect, value):
    check_claim("words", expect, value, "x")


def test_check_claim_names_the_words_and_both_values():
    with pytest.raises(ResultError) as err:
        check_claim("below 1.75", "True", "False", "loss in epoch 5 below 1.75", "fit.py")
    assert str(err.value) == (
        "the page says 'below 1.75', which holds while fit.py prints True for "
        "'loss in epoch 5 below 1.75', but it printed False"
    )


def test_check_needs_numbers_on_both_sides():
    with pytest.raises(ResultError, match="the page's number 'about 2' is not one the build can check"):
        check("about 2", "2.1", "x")
    with pytest.raises(ResultError, match="printed 'True' for 'x', which is not a number"):
        check("1", "True", "x")


# -- in a build ------------------------------------------------------------------------------------

FIT = """
    losses = [2.1161, 1.8835, 1.0839]
    accuracy = 0.61
    print("with BatchNorm")
    print("  loss per epoch:", *losses)
    print("  accuracy after 5 epochs:", accuracy)
    print("  accuracy above 60%:", accuracy > 0.6)

    # Expected output:
    # with BatchNorm
    #   loss per epoch: 2.1161 1.8835 1.0839
    #   accuracy after 5 epochs: 0.61
    #   accuracy above 60%: True
"""
# The same run, worse: what a change to the model or to TensorFlow could do to the numbers.
WORSE = (
    FIT.replace("2.1161", "2.2343")
    .replace("1.0839", "1.2211")
    .replace("= 0.61", "= 0.58")
    .replace("epochs: 0.61", "epochs: 0.58")
    .replace("60%: True", "60%: False")
)

FILLED = """
The loss fell from {result}`../snippets/fit.py | loss per epoch [0]` to
{result}`../snippets/fit.py | loss per epoch [-1] | {:.2f}`, and the accuracy reached
{result}`../snippets/fit.py | accuracy after 5 epochs | {:.0%}`.
"""
CHECKED = """
The loss fell from {result}`2.12 <../snippets/fit.py | loss per epoch [0]>` and the
accuracy reached {result}`61% <fit.py | accuracy after 5 epochs>`, which is
{result}`above 60 % <fit.py | accuracy above 60% = True>`.
"""


def result_spans(site):
    import re

    return re.findall(r'<span class="result" title="([^"]*)">([^<]*)</span>', html(site))


def line_of(site, text):
    lines = (site / "docs" / "index.md").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


@pytest.mark.build
def test_the_role_fills_in_the_value_and_follows_a_changed_snippet(tmp_path):
    site = make_site(tmp_path, load("fit") + FILLED, fit=FIT)
    status, log = build(site)
    assert status == 0, log
    assert "WARNING" not in log, log
    source = "Printed by the example above (fit.py)"  # words a learner reads, no label syntax
    assert result_spans(site) == [(source, "2.1161"), (source, "1.08"), (source, "61%")]

    write_snippet(site, "fit", WORSE)
    status, log = build(site)
    assert status == 0, log
    assert [text for _, text in result_spans(site)] == ["2.2343", "1.22", "58%"], "stale sentence"


@pytest.mark.build
def test_a_number_before_its_example_says_the_example_below(tmp_path):
    body = "The loss starts at {result}`fit.py | loss per epoch [0]`.\n\n" + load("fit")
    site = make_site(tmp_path, body, fit=FIT)
    status, log = build(site)
    assert status == 0, log
    assert result_spans(site) == [("Printed by the example below (fit.py)", "2.1161")]


@pytest.mark.build
def test_a_checked_number_fails_the_build_once_the_snippet_prints_another(tmp_path):
    site = make_site(tmp_path, load("fit") + CHECKED, fit=FIT)
    status, log = build(site)
    assert status == 0, log
    assert "WARNING" not in log, log
    checked = "The example above (fit.py) printed"
    assert result_spans(site) == [
        (f"{checked} loss per epoch: 2.1161", "2.12"),
        (f"{checked} accuracy after 5 epochs: 0.61", "61%"),
        (f"{checked} accuracy above 60%: True", "above 60 %"),
    ]

    write_snippet(site, "fit", WORSE)  # the sentence still says 2.12, 61% and above 60 %
    loss, accuracy = line_of(site, "{result}`2.12"), line_of(site, "{result}`61%")
    above = line_of(site, "{result}`above")
    for attempt in ("first build", "rebuild with no change"):
        status, log = build(site)
        assert status != 0, f"{attempt} passed:\n{log}"
        assert (
            f"docs/index.md:{loss}: WARNING: docs/index.md:{loss}: the page says 2.12, but "
            "snippets/fit.py printed 2.2343 for 'loss per epoch [0]' (2.23 at the precision written) "
            "[snippet.result]"
        ) in log
        assert (
            f"docs/index.md:{accuracy}: the page says 61%, but snippets/fit.py printed 0.58 for "
            "'accuracy after 5 epochs' (58% at the precision written) [snippet.result]"
        ) in log
        assert (
            f"docs/index.md:{above}: the page says 'above 60 %', which holds while snippets/fit.py "
            "prints True for 'accuracy above 60%', but it printed False [snippet.result]"
        ) in log


@pytest.mark.build
def test_a_label_the_snippet_did_not_print_fails_showing_what_it_did(tmp_path):
    body = load("fit") + "The precision was {result}`../snippets/fit.py | precision`.\n"
    site = make_site(tmp_path, body, fit=FIT)
    status, log = build(site)
    assert status != 0, log
    line = line_of(site, "The precision")
    assert (
        f"docs/index.md:{line}: snippets/fit.py printed no line starting 'precision:'; it printed:\n"
        "    with BatchNorm\n      loss per epoch: 2.1161 1.8835 1.0839\n"
        "      accuracy after 5 epochs: 0.61\n      accuracy above 60%: True [snippet.result]"
    ) in log


@pytest.mark.build
def test_a_snippet_the_page_does_not_run_fails(tmp_path):
    body = load("fit") + "Elsewhere the loss was {result}`../snippets/other.py | loss per epoch [0]`.\n"
    site = make_site(tmp_path, body, fit=FIT, other=FIT)
    status, log = build(site)
    assert status != 0, log
    line = line_of(site, "Elsewhere")
    assert (
        f"docs/index.md:{line}: 'loss per epoch [0]' is to come from ../snippets/other.py, but this "
        "page does not run that snippet (no :load: cell for it) [snippet.result]"
    ) in log
