"""Sphinx extension: the snippet tools' settings: their names, defaults, types and meaning, checked.

:class:`Settings` lists every value an author may change in ``conf.py``, each with its
default, its type and what it sets (as MyST-NB's ``NbParserConfig`` does for its own). Sphinx
reads them from ``conf.py`` as configuration values (:func:`setup` registers each one), and
:func:`validate` refuses a value of the wrong type, or a name with one of the settings'
prefixes that is no setting (a typo would otherwise be ignored in silence), with one line.

The tools that run without building (the test harness, the machine matrix, accept, drift,
the benchmark) read the same values with :func:`load`: ``conf.py``'s top-level assignments,
read with :mod:`ast` and checked by the same :class:`Settings`, so ``conf.py`` runs once, in
Sphinx, and never a second time. Standard library only: a learner's ``check.py`` imports this
module too, with no ``conf.py`` beside it (the defaults then).
"""

from __future__ import annotations

import ast
import dataclasses
import difflib
import functools
from pathlib import Path
from typing import TYPE_CHECKING

from . import ROOT, STATIC

if TYPE_CHECKING:  # Sphinx is imported only where it runs: learners' check.py imports this module too
    from sphinx.application import Sphinx
    from sphinx.config import Config

NUMBER = (int, float)


def _field(default, kinds: tuple[type, ...], help: str):
    return dataclasses.field(default=default, metadata={"types": kinds, "help": help})


@dataclasses.dataclass(frozen=True)
class Settings:
    """The snippet tools' settings; ``conf.py`` may set any of them by name."""

    snippet_timeout: float = _field(
        120, NUMBER, "seconds a snippet may run: a notebook cell at build time, a test run"
    )
    snippet_matrix_timeout: float = _field(
        300,
        NUMBER,
        "seconds a snippet may run in a fresh process of the machine matrix, accept and drift "
        "(TensorFlow's import included)",
    )
    snippet_emulated_timeout: float = _field(
        1200, NUMBER, "seconds a snippet may run in the matrix's emulated aarch64 setting (qemu is slower)"
    )
    snippet_check_timeout: float = _field(
        600, NUMBER, "seconds check.py lets an example run on a learner's computer (may be slower than CI's)"
    )
    runner_timeout: float = _field(
        10, NUMBER, "seconds a 'Try it yourself' run may take in the browser before it is stopped"
    )
    runner_min_rows: int = _field(4, (int,), "fewest rows a 'Try it yourself' editor shows")
    runner_max_rows: int = _field(
        40, (int,), "most rows a 'Try it yourself' editor shows (it scrolls beyond)"
    )
    colab_notebooks: str = _field(
        "",
        (str,),
        "where Colab opens the pages' notebooks (snippetkit.downloads.colab_base); empty: no Colab links",
    )
    verified_page: str | None = _field(
        None, (str, type(None)), "the page with {verified-machines}; its results mark every snippet page"
    )

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value, kinds = getattr(self, field.name), field.metadata["types"]
            if isinstance(value, bool) or not isinstance(value, kinds):  # True is an int to Python
                raise ConfigurationError(
                    f"{field.name} must be {_kind_names(kinds)} ({field.metadata['help']}), not {value!r}"
                )

    @classmethod
    def from_values(cls, values: dict, where: str = "conf.py") -> Settings:
        """The settings *values* sets (the others: defaults); one line of refusal for a name with a
        setting's prefix that is no setting, or a value of the wrong type."""
        known = {field.name for field in dataclasses.fields(cls)}
        for name in values:
            if name not in known and name.startswith(PREFIXES):
                close = difflib.get_close_matches(name, sorted(known), n=1)
                hint = (
                    f"; did you mean {close[0]}?" if close else f"; the settings: {', '.join(sorted(known))}"
                )
                raise ConfigurationError(f"{where} sets {name}, which is no snippetkit setting{hint}")
        try:
            return cls(**{name: value for name, value in values.items() if name in known})
        except ConfigurationError as err:
            raise ConfigurationError(f"{where}: {err}") from None


class ConfigurationError(ValueError):
    """A setting ``conf.py`` gives that :class:`Settings` refuses (Sphinx reports it as a config error)."""


def _kind_names(kinds: tuple[type, ...]) -> str:
    names = {int: "a number" if float in kinds else "a whole number", float: "a number"}
    names |= {str: "a string", type(None): "None"}
    return " or ".join(dict.fromkeys(names[kind] for kind in kinds))


#: The name of every field, with what it sets: the help text, e.g. for a guide's table.
HELP = {field.name: field.metadata["help"] for field in dataclasses.fields(Settings)}
#: The prefixes of the settings' names: a name in conf.py with one of them must be a setting.
PREFIXES = tuple(sorted({name.split("_", 1)[0] + "_" for name in HELP}))


def read_conf(source: str) -> tuple[dict, set[str]]:
    """What *source* (a ``conf.py``) sets, read without running it: the names with a setting's prefix
    that it assigns once, at top level, to a literal, with their values; and the other names with a
    setting's prefix that it assigns (inside an ``if``, from an expression, more than once)."""
    tree = ast.parse(source)
    assigned: dict[str, int] = {}
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        for target in targets:
            if isinstance(target, ast.Name) and target.id.startswith(PREFIXES):
                assigned[target.id] = assigned.get(target.id, 0) + 1
    literal = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if assigned.get(name) == 1:
                try:
                    literal[name] = ast.literal_eval(node.value)
                except ValueError:
                    pass
    return literal, set(assigned) - set(literal)


@functools.cache
def load(conf: Path = ROOT / "conf.py") -> Settings:
    """The settings as *conf* sets them, read without running it, checked as the build checks them;
    the defaults where there is no *conf* (a learner's archive).

    A setting *conf* computes (inside an ``if``, from an expression) only a build can read: asking
    for it here raises :class:`ConfigurationError`; the others read as usual.
    """
    try:
        source = conf.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    literal, other = read_conf(source)
    settings = Settings.from_values({**literal, **dict.fromkeys(other - set(HELP))}, where=conf.name)
    computed = other & set(HELP)
    return _Computed(settings, frozenset(computed), conf.name) if computed else settings


class _Computed:
    """Settings of which *computed* cannot be read without running conf.py: asking for one fails."""

    def __init__(self, settings: Settings, computed: frozenset, where: str) -> None:
        self._settings, self._computed, self._where = settings, computed, where

    def __getattr__(self, name: str):
        if name in self._computed:
            raise ConfigurationError(
                f"{self._where} computes {name}; only a build can read it (assign it a literal at top level)"
            )
        return getattr(self._settings, name)


def validate(app: Sphinx, config: Config) -> None:
    """``config-inited``: refuse a mistyped setting, or an unknown name with a setting's prefix."""
    from sphinx.errors import ConfigError

    given = {name: config[name] for name in HELP}
    conf = Path(app.confdir) / "conf.py"
    if conf.is_file():
        literal, other = read_conf(conf.read_text(encoding="utf-8"))
        given |= {name: None for name in {*literal, *other} if name not in HELP}  # unknown: refused
    try:
        Settings.from_values(given)
    except ConfigurationError as err:
        raise ConfigError(str(err)) from None


def apply(app: Sphinx, config: Config) -> None:
    """``config-inited``: myst-nb's cell timeout is the snippet timeout; the extensions' static files."""
    validate(app, config)
    config.nb_execution_timeout = config.snippet_timeout
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> dict:
    for field in dataclasses.fields(Settings):
        app.add_config_value(field.name, field.default, "env", types=frozenset(field.metadata["types"]))
    app.connect("config-inited", apply, priority=100)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
