"""The lesson's pins as a learner installs them: read from ``requirements.txt``, with no Sphinx.

The set-up page, the archive's ``requirements.txt`` (:mod:`snippetkit.downloads`), ``nox -s resolve``
(:mod:`snippetkit.platforms`) and the hosted workflow's native runners all take the learner's list
from here::

    python -m snippetkit.pins > learner-requirements.txt
"""

from __future__ import annotations

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


def learner_pins(root: Path) -> list[str]:
    """``name==version`` for each of :data:`LEARNER_PACKAGES`, as ``requirements.txt`` pins it."""
    pins = {}
    for line in (root / "requirements.txt").read_text(encoding="utf-8").splitlines():
        requirement = line.split("#", 1)[0].strip()
        if "==" in requirement:
            name, version = requirement.split("==", 1)
            pins[name.strip().lower()] = version.strip()
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
