"""An aarch64 machine for the matrix, made from Debian's and PyPI's own files: nothing installed by hand.

Many learners run the lesson on ARM (Apple Silicon, Graviton and Ampere cloud
machines, a Raspberry Pi). The matrix's ``arm64`` setting runs every snippet on
aarch64 CPython with the pinned packages, emulated by ``qemu-aarch64-static``
(user mode: no virtual machine, no binfmt registration). :func:`prepare` makes
that environment once, under ``_build/arm64/<key>/``:

1. Debian's arm64 packages of ``python3.11``, ``libstdc++6`` and ``libgomp1``
   and everything they depend on (apt resolves that, with a state of its own
   under ``apt/``: the machine's dpkg and apt lists are not touched), each
   unpacked with ``dpkg-deb -x`` into ``root/``;
2. ``qemu-aarch64-static`` from Debian's ``qemu-user-static`` (amd64) package,
   unpacked likewise (no root, no ``apt-get install``);
3. the learner's pinned packages for aarch64 (``tensorflow``, which has aarch64
   wheels, where x86-64 gets ``tensorflow-cpu``: the markers of
   :func:`snippetkit.pins.learner_requirements`), every other package
   held to ``requirements.txt``'s pins, installed as wheels into ``wheels/``
   (``uv pip install --target`` for the aarch64 platform; ``pip`` where there
   is no uv), their bytecode compiled on the host (same for every 3.11).

The key is a digest of ``requirements.txt``'s pins, the Debian packages and
suite, and :data:`LAYOUT`: a second :func:`prepare` with the same pins finds
``ready.json`` and does nothing; other pins make a new folder (the old one is
removed). ``python -m snippetkit.arm`` prepares it and prints where it is.

Needs, once: Debian's ``apt-get`` and ``dpkg-deb`` and the network to Debian
and PyPI (about 80 MB of packages and 500 MB of wheels).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import ROOT

#: The Debian release whose arm64 packages make the machine (its Python is 3.11, the lesson's).
SUITE = "bookworm"
MIRRORS = (
    f"http://deb.debian.org/debian {SUITE} main",
    f"http://deb.debian.org/debian {SUITE}-updates main",
    f"http://deb.debian.org/debian-security {SUITE}-security main",
)
#: What the interpreter and the wheels need from the system; apt adds their dependencies.
DEBIAN_PACKAGES = ("python3.11", "libstdc++6", "libgomp1")
QEMU_PACKAGE = "qemu-user-static"
PYTHON_VERSION = "3.11"
#: The wheels' platform, for uv (``--python-platform``) and pip (``--platform``, the tags it accepts).
UV_PLATFORM = "aarch64-manylinux_2_28"
PIP_PLATFORMS = ("manylinux2014_aarch64", "manylinux_2_27_aarch64", "manylinux_2_28_aarch64")
#: Bumped when what prepare makes changes shape, so an old cache is not taken for a new one.
LAYOUT = 1
CACHE = Path("_build") / "arm64"


def requirements(root: Path = ROOT) -> list[str]:
    """The learner's requirements as an aarch64 Linux machine resolves them: ``name==version``.

    >>> [line.split("==")[0] for line in requirements()][:2]
    ['tensorflow', 'keras']
    """
    from packaging.markers import default_environment
    from packaging.requirements import Requirement

    from .pins import learner_requirements

    machine = {**default_environment(), "platform_machine": "aarch64", "platform_system": "Linux"}
    machine["python_version"] = PYTHON_VERSION
    kept = []
    for line in learner_requirements(root):
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(machine):
            requirement.marker = None
            kept.append(str(requirement))
    return kept


def constraints(root: Path = ROOT) -> list[str]:
    """``requirements.txt``'s pins, ``name==version``, but for packages aarch64 does not install.

    tensorflow-cpu is left out: its pin must not hold tensorflow's dependencies to nothing.
    """
    pins = []
    for line in (root / "requirements.txt").read_text(encoding="utf-8").splitlines():
        requirement = line.split("#", 1)[0].strip()
        if "==" in requirement and requirement.split("==")[0].strip().lower() != "tensorflow-cpu":
            pins.append(requirement)
    return pins


def key(root: Path = ROOT) -> str:
    """What the prepared environment is made from, as a short digest (the cache folder's name)."""
    made_from = {
        "layout": LAYOUT,
        "suite": SUITE,
        "mirrors": MIRRORS,
        "debian": DEBIAN_PACKAGES,
        "qemu": QEMU_PACKAGE,
        "python": PYTHON_VERSION,
        "platform": UV_PLATFORM,
        "requirements": requirements(root),
        "constraints": constraints(root),
    }
    return hashlib.sha256(json.dumps(made_from, sort_keys=True).encode()).hexdigest()[:16]


@dataclasses.dataclass(frozen=True)
class Machine:
    """A prepared aarch64 environment: ``root/`` (Debian's files), ``wheels/``, the emulator."""

    folder: Path

    @property
    def root(self) -> Path:
        return self.folder / "root"

    @property
    def wheels(self) -> Path:
        return self.folder / "wheels"

    @property
    def qemu(self) -> Path:
        return self.folder / "qemu" / "usr" / "bin" / "qemu-aarch64-static"

    @property
    def python(self) -> Path:
        return self.root / "usr" / "bin" / f"python{PYTHON_VERSION}"

    def ready(self) -> bool:
        return (self.folder / "ready.json").is_file() and self.qemu.is_file() and self.python.is_file()

    def interpreter(self, cpu: str) -> list[str]:
        """The command that is ``python`` on an aarch64 CPU of model *cpu* (``qemu-aarch64 -cpu help``).

        ``-L`` makes the emulated program see ``root/`` as ``/`` where a path exists there (its
        libraries, ``/usr/lib/python3.11``), the host's files elsewhere (the snippets, temporary
        files). ``-s``: no user site-packages (the host's ``~/.local`` holds x86-64 builds).
        """
        return [str(self.qemu), "-cpu", cpu, "-L", str(self.root), str(self.python), "-s"]

    def manifest(self) -> dict:
        return json.loads((self.folder / "ready.json").read_text(encoding="utf-8"))


def machine(root: Path = ROOT) -> Machine:
    """Where the environment for the current pins is (prepared or not)."""
    return Machine((root / CACHE / key(root)).resolve())


def missing_tools() -> str | None:
    """Why :func:`prepare` cannot run on this machine, or None."""
    absent = [tool for tool in ("apt-get", "dpkg-deb") if shutil.which(tool) is None]
    if _installer() is None:
        absent.append("uv or pip")
    return f"{', '.join(absent)} not found (needed to make the aarch64 environment)" if absent else None


def prepare(root: Path = ROOT, say=None) -> Machine:
    """The aarch64 environment for *root*'s pins: made the first time, found after that.

    It is made in a folder beside the final one and renamed when complete, so an interrupted
    prepare leaves nothing that looks ready. Other keys' folders are removed once it is.
    """
    target = machine(root)
    if target.ready():
        return target
    say = say or (lambda message: print(message))
    why = missing_tools()
    if why:
        raise RuntimeError(why)
    start = time.perf_counter()
    target.folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{target.folder.name}.partial-", dir=target.folder.parent))
    try:
        made = Machine(work)
        say(f"arm64: making the aarch64 environment in {target.folder} (once for these pins)")
        debs = fetch_debian(work / "apt", work / "debs")
        for deb in debs:
            unpack(deb, made.root)
        for folder in (
            "usr/lib/python3/dist-packages",
            f"usr/local/lib/python{PYTHON_VERSION}/dist-packages",
        ):
            # Present and empty: qemu's -L would otherwise show the host's x86-64 packages there.
            (made.root / folder).mkdir(parents=True, exist_ok=True)
        say(f"arm64: {len(debs)} Debian packages unpacked; now {QEMU_PACKAGE}")
        unpack(fetch_qemu(work / "apt", work / "debs"), made.folder / "qemu", "./usr/bin/qemu-aarch64-static")
        say("arm64: now the pinned wheels for aarch64")
        install_wheels(made.wheels, requirements(root), constraints(root), work)
        for scratch in (work / "apt", work / "debs"):
            shutil.rmtree(scratch, ignore_errors=True)
        versions = _versions(made.wheels)
        (work / "ready.json").write_text(
            json.dumps(
                {
                    "key": target.folder.name,
                    "debian": sorted(deb.name for deb in debs),
                    "wheels": versions,
                    "requirements": requirements(root),
                    "seconds": round(time.perf_counter() - start, 1),
                },
                indent=1,
            ),
            encoding="utf-8",
        )
        if target.folder.exists():
            shutil.rmtree(target.folder)
        work.rename(target.folder)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    for other in target.folder.parent.iterdir():
        if other != target.folder and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)  # earlier pins' environments, partial ones
    say(f"arm64: ready in {time.perf_counter() - start:.0f} s")
    return target


def _apt(state: Path) -> list[str]:
    """apt-get with a state of its own in *state*: arm64 as the native architecture, amd64 beside it,
    an empty list of installed packages (so every dependency is fetched), the mirrors of :data:`SUITE`."""
    if not (state / "sources.list").is_file():
        for folder in ("lists/partial", "archives/partial"):
            (state / folder).mkdir(parents=True, exist_ok=True)
        (state / "status").write_text("")
        keyring = "/usr/share/keyrings/debian-archive-keyring.gpg"
        options = (
            f"[arch=arm64,amd64 signed-by={keyring}]" if Path(keyring).is_file() else "[arch=arm64,amd64]"
        )
        (state / "sources.list").write_text("".join(f"deb {options} {mirror}\n" for mirror in MIRRORS))
    settings = {
        "Dir::State": state,
        "Dir::State::Lists": state / "lists",
        "Dir::State::status": state / "status",
        "Dir::Cache": state,
        "Dir::Cache::archives": state / "archives",
        "Dir::Etc::SourceList": state / "sources.list",
        "Dir::Etc::SourceParts": state / "sources.list.d",
        "Dir::Etc::Preferences": state / "preferences",
        "Dir::Etc::PreferencesParts": state / "preferences.d",
        "APT::Architecture": "arm64",
        "APT::Architectures::": "arm64",
        "Debug::NoLocking": "1",
        "APT::Sandbox::User": "root" if os.geteuid() == 0 else os.environ.get("USER", "nobody"),
        "APT::Install-Recommends": "0",
    }
    command = ["apt-get", "-q", "-y"]
    for name, value in settings.items():
        command += ["-o", f"{name}={value}"]
    command += ["-o", "APT::Architectures::=amd64"]
    if not (state / "updated").is_file():
        _run([*command, "update"])
        (state / "updated").write_text("")
    return command


def fetch_debian(state: Path, debs: Path) -> list[Path]:
    """Download :data:`DEBIAN_PACKAGES` for arm64 and all they depend on; the ``.deb`` files."""
    command = _apt(state)
    _run([*command, "install", "--download-only", *(f"{name}:arm64" for name in DEBIAN_PACKAGES)])
    debs.mkdir(parents=True, exist_ok=True)
    found = sorted((state / "archives").glob("*.deb"))
    for deb in found:
        deb.rename(debs / deb.name)
    return sorted(debs / deb.name for deb in found)


def fetch_qemu(state: Path, debs: Path) -> Path:
    """Download Debian's amd64 ``qemu-user-static`` package (one static binary per CPU; no dependency)."""
    command = _apt(state)
    debs.mkdir(parents=True, exist_ok=True)
    before = set(debs.glob(f"{QEMU_PACKAGE}_*.deb"))
    _run([*command, "download", f"{QEMU_PACKAGE}:amd64"], cwd=debs)
    (deb,) = set(debs.glob(f"{QEMU_PACKAGE}_*.deb")) - before
    return deb


def unpack(deb: Path, into: Path, *members: str) -> None:
    """``dpkg-deb -x``: a package's files into *into* (only *members*, when named), no scripts run."""
    into.mkdir(parents=True, exist_ok=True)
    if not members:
        _run(["dpkg-deb", "-x", str(deb), str(into)])
        return
    tar = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=subprocess.PIPE)
    try:
        _run(["tar", "-x", "-C", str(into), *members], stdin=tar.stdout)
    finally:
        tar.stdout.close()
        if tar.wait():
            raise RuntimeError(f"dpkg-deb --fsys-tarfile {deb} failed")


def _installer() -> list[str] | None:
    """uv (as nox[uv] brings it) or this Python's pip, whichever is here."""
    uv = shutil.which("uv")
    if uv:
        return [uv, "pip", "install"]
    try:
        import pip  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-m", "pip", "install"]


def wheel_command(installer: list[str], target: Path, reqs: Path, pins: Path) -> list[str]:
    """The install command for aarch64 wheels into *target*, by uv or pip (their platform options)."""
    if Path(installer[0]).name.startswith("uv"):
        platform = ["--python-platform", UV_PLATFORM, "--compile-bytecode"]
    else:
        platform = [option for name in PIP_PLATFORMS for option in ("--platform", name)]
        platform += ["--implementation", "cp"]
    return [
        *installer,
        "--quiet",
        "--target",
        str(target),
        *platform,
        "--python-version",
        PYTHON_VERSION,
        "--only-binary=:all:",
        "-r",
        str(reqs),
        "-c",
        str(pins),
    ]


def install_wheels(target: Path, reqs: list[str], pins: list[str], work: Path) -> None:
    """Install *reqs* (held to *pins*) as aarch64 wheels into *target*, bytecode compiled."""
    (work / "requirements.txt").write_text("\n".join(reqs) + "\n", encoding="utf-8")
    (work / "constraints.txt").write_text("\n".join(pins) + "\n", encoding="utf-8")
    installer = _installer()
    command = wheel_command(installer, target, work / "requirements.txt", work / "constraints.txt")
    _run(command)
    if not Path(installer[0]).name.startswith("uv"):
        # The bytecode of 3.11 is the same on every CPU: compiled here, not at 1/20 speed under qemu.
        _run([sys.executable, "-m", "compileall", "-q", "-j", "0", str(target)])


def _versions(wheels: Path) -> dict[str, str]:
    """``{name: version}`` of every distribution installed in *wheels*."""
    found = {}
    for info in wheels.glob("*.dist-info"):
        name, version = info.name[: -len(".dist-info")].rsplit("-", 1)
        found[name.lower().replace("_", "-")] = version
    return dict(sorted(found.items()))


def _run(command: list[str], **kwargs) -> None:
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if done.returncode:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-20:])
        raise RuntimeError(f"making the aarch64 environment: {' '.join(command)} failed:\n{tail}")


def main() -> int:
    try:
        made = prepare()
    except RuntimeError as err:
        print(err, file=sys.stderr)
        return 1
    print(made.folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
