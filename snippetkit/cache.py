"""Sphinx extension: myst-nb's execution cache, ready before a parallel build starts, and never stuck.

myst-nb keeps each executed page in a jupyter-cache folder (``_build/.jupyter_cache``), whose
SQLite database jupyter-cache creates on first use. In a parallel build (``sphinx-build -j``)
every worker process uses it first at the same moment, and they race to create the folder and
the tables (``FileExistsError``, ``table settings already exists``; sphinx-doc/sphinx#12481).
So at ``builder-inited``, in the main process and before any worker starts, this extension opens
the cache once, creating it if need be.

A build killed while the database was being written can leave a cache that cannot be read; myst-nb
then fails every page with "Unexpected error accessing jupyter cache" until the folder is deleted
by hand. Opening it here also reads it: a cache that cannot be read is set aside (renamed to
``.jupyter_cache.damaged-<time>``) with one line on the console, and the build starts a new one,
executing every page again.

jupyter-cache knows a page by its code only: after a package or Python changed, a rebuild would keep
showing the outputs of the old versions. So the cache also records the environment the kernels run in
(:func:`environment`: Python, the machine, and every installed distribution with its version, as the
kernel's interpreter sees them); when it differs from the one recorded, the cache is emptied, with one
line on the console naming what changed, and every page is executed again (:func:`follow_environment`).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from sphinx.application import Sphinx

from . import records, versions

#: What a cache set aside is renamed to: beside it, with the time it was found damaged.
DAMAGED = "{name}.damaged-{stamp}"

#: The file in the cache folder that records the environment its pages were executed in.
ENVIRONMENT = "environment.json"


def cache_path(app: Sphinx) -> Path:
    """The folder myst-nb caches executed pages in (its ``builder-inited`` has set it)."""
    return Path(app.env.mystnb_config.execution_cache_path)


def check(path: Path) -> str | None:
    """Open (creating if need be) and read the cache at *path*: ``None`` if it works, else why not."""
    from jupyter_cache import get_cache

    try:
        cache = get_cache(path)
        for record in cache.list_cache_records():
            cache.get_cache_bundle(record.pk)  # its notebook file is there and reads
        cache.list_project_records()
    except Exception as error:  # any failure to read it: sqlite, SQLAlchemy, a half-written folder
        return f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}".rstrip(": ")
    return None


def set_aside(path: Path, why: str) -> Path:
    """Rename a damaged cache out of the way; return where it went."""
    target = path.with_name(DAMAGED.format(name=path.name, stamp=time.strftime("%Y%m%d-%H%M%S")))
    path.rename(target)
    # One line, on stderr: a warning would fail the build under -W, and -q hides an info line.
    print(
        f"snippetkit: the execution cache {path} could not be read ({why}); set aside as {target.name}, "
        "and a new one is started: every page is read and executed again",
        file=sys.stderr,
    )
    return target


def prepare(app: Sphinx) -> None:
    """``builder-inited``: the cache exists and reads before the build (and any worker) uses it."""
    if app.config.nb_execution_mode != "cache":
        return
    path = cache_path(app)
    why = check(path)
    if why is not None:
        set_aside(path, why)
        records.of(app.env).reread_all = True  # the pages' outputs (and notebooks) come from the cache
        why = check(path)
        if why is not None:  # a new, empty cache fails too: say so the way Sphinx reports errors
            raise RuntimeError(f"cannot create the execution cache at {path}: {why}")
    if follow_environment(path, environment(Path(app.srcdir))):
        records.of(app.env).reread_all = True


def kernel_python() -> str:
    """The interpreter of the pages' kernel (``python3``, as every page's front matter names it), as
    jupyter_client starts it: its kernel spec's command, where ``python`` means this interpreter."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        command = KernelSpecManager().get_kernel_spec("python3").argv
    except NoSuchKernel:
        return sys.executable
    major, minor = sys.version_info[:2]
    return (
        sys.executable if command[0] in {"python", f"python{major}", f"python{major}.{minor}"} else command[0]
    )


def environment(cwd: Path) -> dict:
    """What the kernels run under: Python's version, the machine, and each installed distribution
    (normalized name: version), asked of the kernel's interpreter, in this environment (PYTHONPATH
    and all, which the kernels inherit) and from *cwd* (as a kernel sees it: the pages' folder)."""
    ask = [kernel_python(), "-c", versions.environment_script()]
    done = subprocess.run(ask, capture_output=True, text=True, cwd=cwd, check=True)
    return json.loads(done.stdout)


def changes(before: dict, now: dict) -> str:
    """What differs between two :func:`environment` records, in a few words.

    >>> changes({"python": "3.11.2", "machine": "x86_64", "packages": {"numpy": "2.4.6", "six": "1"}},
    ...         {"python": "3.11.2", "machine": "x86_64", "packages": {"numpy": "2.4.5", "rich": "15"}})
    'numpy 2.4.6 -> 2.4.5, rich added, six removed'
    """
    words = [
        f"{key} {before.get(key, '?').split()[0]} -> {now[key].split()[0]}"
        for key in ("python", "machine")
        if before.get(key) != now[key]
    ]
    old, new = before.get("packages", {}), now["packages"]
    for name in sorted(old.keys() | new.keys()):
        if name not in old:
            words.append(f"{name} added")
        elif name not in new:
            words.append(f"{name} removed")
        elif old[name] != new[name]:
            words.append(f"{name} {old[name]} -> {new[name]}")
    return ", ".join(words[:6]) + (f" and {len(words) - 6} more" if len(words) > 6 else "")


def follow_environment(path: Path, now: dict) -> bool:
    """Keep the cache at *path* to pages executed in the environment *now*: if the one it recorded
    differs (or none is recorded while it holds pages), empty it and say so in one line. True when
    it was emptied, so every page is read and executed again."""
    from jupyter_cache import get_cache

    record = path / ENVIRONMENT
    try:
        before = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = None
    if before == now:
        return False
    cache = get_cache(path)
    emptied = bool(cache.list_cache_records())
    if emptied:
        cache.clear_cache()
        get_cache(path).list_cache_records()  # a new, empty database, before any worker starts
        what = changes(before, now) if before else "no record of the versions they ran with"
        # One line, on stderr, as set_aside's: a warning would fail the build under -W.
        print(
            f"snippetkit: the pages were executed under another environment ({what}); "
            "every page is executed again",
            file=sys.stderr,
        )
    path.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(now, indent=1, sort_keys=True), encoding="utf-8")
    return emptied


def reread(app: Sphinx, env, added: set, changed: set, removed: set) -> list[str]:
    """``env-get-outdated``: after a cache was set aside, every page (all outputs come from it)."""
    return sorted(env.found_docs) if records.of(env).reread_all else []


def setup(app: Sphinx) -> dict:
    app.setup_extension("myst_nb")
    app.connect("builder-inited", prepare, priority=900)  # after myst-nb's own (500) sets the path
    app.connect("env-get-outdated", reread)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
