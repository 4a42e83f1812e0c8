"""Which versions of the lesson's packages are installed here: read from their metadata, once.

The page's line of versions (:mod:`snippetkit.provenance`, in every kernel the build starts),
a native run's record (:mod:`snippetkit.native`), the execution cache's record of what the kernels
ran under (:mod:`snippetkit.cache`), drift's report (:mod:`snippetkit.drift`) and
check.py's diagnosis on a learner's computer (:mod:`snippetkit.learner`) all ask here. The
packages' metadata answers, so nothing is imported (TensorFlow's import takes seconds).

Standard library only, and the functions self-contained (their imports inside them, no name of
this module used but each other): :func:`script` writes them into the kernels' startup file as
they are.
"""

from __future__ import annotations

import inspect


def installed(*names: str) -> str | None:
    """The installed version of the first of *names* (distributions) that is installed, or None."""
    import importlib.metadata

    for name in names:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return None


def installed_versions() -> dict[str, str]:
    """TensorFlow, Keras, NumPy and Python versions of the running interpreter's environment, by the
    names the pages use. Each package under any of the distributions it is published as."""
    import platform

    found = {}
    for label, dists in distributions().items():
        version = installed(*dists)
        if version is not None:
            found[label] = version
    found["Python"] = platform.python_version()
    return found


def distributions() -> dict[str, tuple[str, ...]]:
    """Each package the lesson names, and the distributions it is published as, the usual one first."""
    return {
        "TensorFlow": (
            "tensorflow",
            "tensorflow-cpu",
            "tensorflow-intel",
            "tensorflow-macos",
            "tf-nightly",
            "tf-nightly-cpu",
        ),
        "Keras": ("keras", "keras-nightly"),
        "NumPy": ("numpy",),
    }


def script() -> str:
    """This module's functions as source, to define them in another interpreter (a kernel's startup
    file); :func:`installed_versions` is the one to call there."""
    return "\n\n".join(inspect.getsource(f) for f in (installed, distributions, installed_versions))


def environment() -> dict:
    """What this interpreter runs under: Python's version, the machine, and every installed
    distribution (normalized name: version), each as the import system finds it first on sys.path
    (so a copy that shadows another counts, as it does for an import)."""
    import importlib.metadata
    import platform
    import re
    import sys

    found = {}
    for dist in importlib.metadata.distributions():
        name = re.sub(r"[-_.]+", "-", (dist.metadata["Name"] or "").lower())
        found.setdefault(name, dist.version)
    return {"python": sys.version, "machine": platform.machine(), "packages": found}


def environment_script() -> str:
    """A program that prints :func:`environment` as JSON: to ask another interpreter (the kernels')."""
    return f"{inspect.getsource(environment)}\n\nimport json\n\nprint(json.dumps(environment()))\n"
