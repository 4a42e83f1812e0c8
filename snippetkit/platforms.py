"""The platforms a learner installs the lesson on, and a check by hand that each one can.

``snippetkit.pins.learner_requirements`` writes one ``requirements.txt`` for all of them, with
environment markers. ``tests/test_learner_check.py`` evaluates the markers for each platform here;
``nox -s resolve`` (needs the network, so not in CI) asks pip whether each platform's packages
install, on the Python versions the set-up page names and one on each side of them::

    python -m snippetkit.platforms            # every platform, the page's range and its neighbours
    python -m snippetkit.platforms --python 3.12

pip judges markers by the machine it runs on, not by ``--platform``, so each platform's list is
made here first (its markers evaluated for that platform) and handed to pip without them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from . import ROOT

#: Each platform as environment markers see it, and the wheel tags pip may take for it.
PLATFORMS = {
    "Linux x86-64": (
        {"platform_system": "Linux", "platform_machine": "x86_64", "sys_platform": "linux"},
        ["manylinux_2_28_x86_64", "manylinux_2_27_x86_64", "manylinux2014_x86_64"],
    ),
    "Linux ARM": (
        {"platform_system": "Linux", "platform_machine": "aarch64", "sys_platform": "linux"},
        ["manylinux_2_28_aarch64", "manylinux_2_27_aarch64", "manylinux2014_aarch64"],
    ),
    "macOS (Apple Silicon)": (
        {"platform_system": "Darwin", "platform_machine": "arm64", "sys_platform": "darwin"},
        ["macosx_14_0_arm64"],
    ),
    "Windows": (
        {"platform_system": "Windows", "platform_machine": "AMD64", "sys_platform": "win32"},
        ["win_amd64"],
    ),
}


def requirements_for(platform: str, root: Path = ROOT) -> list[str]:
    """The learner's requirements that apply on *platform*, without their markers."""
    from packaging.requirements import Requirement

    from .pins import learner_requirements

    environment = PLATFORMS[platform][0]
    chosen = [Requirement(line) for line in learner_requirements(root)]
    return [f"{r.name}{r.specifier}" for r in chosen if r.marker is None or r.marker.evaluate(environment)]


def resolves(platform: str, python: str) -> tuple[bool, str]:
    """Whether pip finds wheels for everything *platform* needs on *python*, and pip's first error."""
    with tempfile.TemporaryDirectory() as folder:
        listing = Path(folder) / "requirements.txt"
        listing.write_text("\n".join(requirements_for(platform)) + "\n", encoding="utf-8")
        tags = [arg for tag in PLATFORMS[platform][1] for arg in ("--platform", tag)]
        done = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
             "--target", str(Path(folder) / "target"), "--only-binary=:all:", *tags,
             "--python-version", python, "-r", str(listing)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
    errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
    return done.returncode == 0, (errors[0] if errors else done.stderr.strip()[-300:])


def main(argv: list[str] | None = None) -> int:
    """Try every platform on each Python version; exit 1 where pip disagrees with the set-up page."""
    from .pins import python_range, python_versions

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", action="append", help="a Python version, e.g. 3.12 (repeatable)")
    args = parser.parse_args(argv)
    low, high = python_range()
    minors = [int(v.split(".")[1]) for v in args.python] if args.python else [low - 1, low, high, high + 1]
    print(f"The set-up page says Python {python_versions()}; trying {', '.join(f'3.{m}' for m in minors)}.")
    disagree = 0
    for platform in PLATFORMS:
        for minor in minors:
            ok, error = resolves(platform, f"3.{minor}")
            said = low <= minor <= high
            line = "installs" if ok else f"does not install: {error}"
            if ok != said:
                disagree += 1
                line += "   <- the set-up page says otherwise"
            print(f"{platform:22} Python 3.{minor}: {line}")
    return 1 if disagree else 0


if __name__ == "__main__":
    sys.exit(main())
