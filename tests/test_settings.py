"""The snippet tools' settings: one object with defaults, types and help; read from conf.py, run once."""

import dataclasses
import types

import pytest
from paths import ROOT
from sphinx.errors import ConfigError

from snippetkit import settings
from snippetkit.settings import ConfigurationError, Settings


def test_every_setting_has_a_default_of_its_type_and_help():
    defaults = Settings()
    for field in dataclasses.fields(Settings):
        assert isinstance(getattr(defaults, field.name), field.metadata["types"]), field.name
        assert field.metadata["help"], f"{field.name} says what it sets"


def test_a_value_of_the_wrong_type_is_refused_in_one_line():
    with pytest.raises(ConfigurationError) as refused:
        Settings.from_values({"snippet_timeout": "long"})
    assert str(refused.value) == (
        f"conf.py: snippet_timeout must be a number ({settings.HELP['snippet_timeout']}), not 'long'"
    )
    with pytest.raises(
        ConfigurationError, match=r"^conf.py: runner_max_rows must be a whole number .*, not 40.5$"
    ):
        Settings.from_values({"runner_max_rows": 40.5})
    with pytest.raises(ConfigurationError, match="runner_timeout must be a number"):
        Settings.from_values({"runner_timeout": True})  # an int to Python, not a number of seconds


def test_an_unknown_name_with_a_settings_prefix_is_refused_in_one_line():
    with pytest.raises(ConfigurationError) as refused:
        Settings.from_values({"snippet_timeuot": 5})
    assert (
        str(refused.value)
        == "conf.py sets snippet_timeuot, which is no snippetkit setting; did you mean snippet_timeout?"
    )
    assert Settings.from_values({"html_title": "x"}) == Settings(), "other names are Sphinx's and others'"


def test_the_tools_read_conf_py_without_running_it(tmp_path):
    conf = tmp_path / "conf.py"
    conf.write_text(
        "raise SystemExit('conf.py ran')\n"
        "snippet_timeout = 7\n"
        "if True:\n"
        "    colab_notebooks = 'https://example.org/' + 'x'\n"
    )
    read = settings.load(conf)
    assert read.snippet_timeout == 7 and read.runner_timeout == Settings().runner_timeout
    with pytest.raises(ConfigurationError, match="computes colab_notebooks; only a build can read it"):
        read.colab_notebooks  # noqa: B018 - reading it is the test
    assert settings.load(tmp_path / "absent.py") == Settings(), "a learner's archive has no conf.py"


def test_the_tools_refuse_what_the_build_refuses(tmp_path):
    conf = tmp_path / "conf.py"
    conf.write_text("snippet_timeout = '2 minutes'\n")
    with pytest.raises(ConfigurationError, match="snippet_timeout must be a number"):
        settings.load(conf)


def validate(tmp_path, conf_text, **given):
    """snippetkit.settings.validate as Sphinx calls it, on a conf.py of *conf_text*, with *given* as
    the values Sphinx read from it."""
    (tmp_path / "conf.py").write_text(conf_text)
    config = {**dataclasses.asdict(Settings()), **given}
    settings.validate(types.SimpleNamespace(confdir=str(tmp_path)), config)


def test_the_build_refuses_a_mistyped_value_or_an_unknown_name(tmp_path):
    validate(tmp_path, "snippet_timeout = 30\n", snippet_timeout=30)
    with pytest.raises(ConfigError, match=r"^conf.py: snippet_timeout must be a number"):
        validate(tmp_path, "snippet_timeout = 'x'\n", snippet_timeout="x")
    with pytest.raises(ConfigError, match=r"^conf.py sets runner_row, which is no snippetkit setting"):
        validate(tmp_path, "if True:\n    runner_row = 4\n")


def test_the_lessons_conf_py_is_valid_and_nothing_runs_it_twice():
    settings.load(ROOT / "conf.py").snippet_timeout  # noqa: B018 - read, and checked, without running it
    for folder in ("snippetkit", "tests", "bench"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name != "test_settings.py":
                assert "eval_config_file" not in path.read_text(encoding="utf-8"), path


def test_the_browsers_runner_keeps_the_editor_rows_and_the_blank_error_as_python_defines_them():
    """runner.js cannot read the settings without a change to every runner page, so it keeps a copy
    of the two values; this keeps the copy equal to the one definition (settings, messages)."""
    from snippetkit import STATIC, messages

    script = (STATIC / "runner" / "runner.js").read_text(encoding="utf-8")
    config = settings.load()
    rows = f"Math.min(Math.max(count, {config.runner_min_rows}), {config.runner_max_rows})"
    assert rows in script, f"runner.js's fitRows should clamp the rows as the settings do: {rows}"
    pattern = f"/{messages.BLANK_NAME_ERROR}/.test(result.error)"
    assert pattern in script, f"runner.js should look for messages.BLANK_NAME_ERROR: {pattern}"
