"""The lesson's pins: ``requirements.txt`` read once, here, and the list a learner installs.

The set-up page, the archive's ``requirements.txt`` (:mod:`snippetkit.downloads`), ``nox -s resolve``
(:mod:`snippetkit.platforms`) and the hosted workflow's native runners all take the learner's list
from here::

    python -m snippetkit.pins > learner-requirements.txt

:func:`read` is the one parser of a requirements file: drift's report reads the repository's pins
with it, and check.py (:mod:`snippetkit.learner`) the archive's. Standard library only: the
archive ships this module.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from . import ROOT

#: What a learner installs to run every example and check it (set-up page, archive's requirements.txt).
LEARNER_PACKAGES = (
    "tensorflow-cpu",
    "keras",
    "numpy",
    "scikit-learn",
    "matplotlib",
    "pytest",
    "pytest-doctestplus",
)

#: Where PyPI has ``tensorflow-cpu`` wheels (Linux on x86-64, Windows on x86-64): a learner's
#: requirements install it there and ``tensorflow``, the same version, everywhere else (Linux on ARM,
#: macOS on Apple Silicon), where ``tensorflow-cpu`` has none. ``nox -s resolve`` asks pip whether each
#: platform's list installs (snippetkit.platforms): on 2026-12-06 all four did on Python 3.11 and
#: 3.13, and none on 3.10 or 3.14, the range :func:`python_range` computes.
CPU_WHEELS = (
    '(platform_system == "Linux" and platform_machine == "x86_64")'
    ' or (platform_system == "Windows" and platform_machine == "AMD64")'
)
#: Everywhere else: the same condition negated by hand, since markers have no ``not`` (PEP 508).
NO_CPU_WHEELS = (
    '(platform_system != "Linux" or platform_machine != "x86_64")'
    ' and (platform_system != "Windows" or platform_machine != "AMD64")'
)


def normalize(name: str) -> str:
    """A distribution's name as pip compares it (PEP 503): lower case, runs of ``-_.`` as one ``-``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read(requirements: Path) -> dict[str, str]:
    """``name: version`` for every ``name==version`` line of *requirements* (names normalized; a
    comment or an environment marker after it is left out); for a name pinned twice (the archive's
    TensorFlow, once per platform), the first.

    >>> import tempfile, pathlib
    >>> req = pathlib.Path(tempfile.mkdtemp()) / "r.txt"
    >>> _ = req.write_text("# Python 3.11\\nKeras==3.15.1  # why\\nnumpy == 2.4.6; os_name == 'nt'\\n")
    >>> read(req)
    {'keras': '3.15.1', 'numpy': '2.4.6'}
    """
    pins = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        requirement = line.split("#", 1)[0].split(";", 1)[0].strip()
        if "==" in requirement:
            name, version = requirement.split("==", 1)
            pins.setdefault(normalize(name.strip()), version.strip())
    return pins


def python_of(requirements: Path) -> str | None:
    """The Python version a comment line of *requirements* names (the archive's first line says
    which Python the site was built with), or None."""
    for line in requirements.read_text(encoding="utf-8").splitlines():
        found = re.search(r"Python (\d+\.\d+(?:\.\d+)?)", line) if line.startswith("#") else None
        if found:
            return found[1]
    return None


def learner_pins(root: Path) -> list[str]:
    """``name==version`` for each of :data:`LEARNER_PACKAGES`, as ``requirements.txt`` pins it."""
    pins = read(root / "requirements.txt")
    missing = [name for name in LEARNER_PACKAGES if name not in pins]
    if missing:
        raise ValueError(f"requirements.txt pins no version of {', '.join(missing)}")
    return [f"{name}=={pins[name]}" for name in LEARNER_PACKAGES]


def learner_requirements(root: Path) -> list[str]:
    """The lines of the learner's ``requirements.txt``: :func:`learner_pins`, with TensorFlow split by
    platform (:data:`CPU_WHEELS`), so one file installs on Linux, macOS and Windows, x86-64 or ARM."""
    first, *rest = learner_pins(root)
    version = first.split("==", 1)[1]
    return [f"{first}; {CPU_WHEELS}", f"tensorflow=={version}; {NO_CPU_WHEELS}", *rest]


if __name__ == "__main__":
    sys.stdout.write("".join(line + "\n" for line in learner_requirements(ROOT)))


def python_range(packages: tuple[str, ...] = LEARNER_PACKAGES) -> tuple[int, int]:
    """The lowest and highest Python 3 minor version on which every one of *packages*, as installed
    here, installs, e.g. ``(11, 13)``.

    The floor is the highest ``Requires-Python`` lower bound. The ceiling comes from the
    ``Programming Language :: Python :: 3.N`` classifiers of the compiled packages only: a
    compiled package installs only where it has a wheel, and lists those versions, while a pure
    Python one (keras) lists the versions it was tested on, not all it runs on.
    """
    from importlib.metadata import distribution

    from packaging.specifiers import SpecifierSet

    minors = set(range(20))  # 3.0 to 3.19
    for package in packages:
        dist = distribution(package)
        requires = SpecifierSet(dist.metadata.get("Requires-Python") or "")
        minors = {minor for minor in minors if requires.contains(f"3.{minor}")}
        compiled = "Root-Is-Purelib: false" in (dist.read_text("WHEEL") or "")
        classified = [
            int(c.rsplit(".", 1)[1])
            for c in dist.metadata.get_all("Classifier") or []
            if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
        ]
        if compiled and classified:
            minors = {minor for minor in minors if minor <= max(classified)}
    if not minors:
        raise ValueError(f"no Python 3 version suits all of {', '.join(packages)}")
    return min(minors), max(minors)


def python_versions(packages: tuple[str, ...] = LEARNER_PACKAGES) -> str:
    """:func:`python_range` as the set-up page words it, e.g. ``3.11 to 3.13``."""
    low, high = python_range(packages)
    return f"3.{low}" if low == high else f"3.{low} to 3.{high}"
