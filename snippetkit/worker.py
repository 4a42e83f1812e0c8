"""Run snippet scripts one after another in one long-lived Python process.

Importing TensorFlow costs seconds; a process per snippet pays it every time.
This worker pays it once: each request runs one script as ``__main__`` (like
``python file.py``: its own globals, ``sys.argv`` and working directory), with
file descriptors 1 and 2 redirected, so everything the script or a C library
prints is captured. Between scripts it resets the state a script can leave
behind: Keras's session (layer names, graphs), open matplotlib figures,
environment variables, and warning registries (so a warning shows every
time, as in a fresh process).

Protocol: one JSON object per line on stdin, ``{"script": path, "cwd": dir}``;
one JSON line back on the original stdout, ``{"stdout", "stderr", "returncode"}``.
Start it with ``python -m snippetkit.worker``; :class:`snippetkit.execute.Worker`
drives it.
"""

from __future__ import annotations

import gc
import json
import os
import runpy
import sys
import tempfile
import traceback


def reset_state() -> None:
    if "keras" in sys.modules:
        sys.modules["keras"].backend.clear_session()  # collects garbage: gc.collect()
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    for module in list(sys.modules.values()):
        registry = getattr(module, "__warningregistry__", None)
        if isinstance(registry, dict):
            registry.clear()
    # What is still alive now (TensorFlow's modules, mostly) stays alive: the collector need not
    # look at it again. Without this every clear_session() walks all of TensorFlow's objects,
    # about 0.17 s per script.
    gc.freeze()


def run_script(script: str, cwd: str) -> int:
    """Run *script* as ``__main__``; return its exit status, printing a traceback like Python's."""
    sys.argv = [script]
    os.chdir(cwd)
    sys.path[0] = os.path.dirname(script)
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as stop:
        code = stop.code
        if code is None or isinstance(code, int):
            return code or 0
        print(code, file=sys.stderr)
        return 1
    except BaseException as error:  # noqa: BLE001 - report whatever the script raised, as Python would
        tb = error.__traceback__
        while tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename) != os.path.abspath(script):
            tb = tb.tb_next  # drop the worker's and runpy's own frames
        sys.stderr.write("".join(traceback.format_exception(type(error), error, tb)))
        return 1
    return 0


def main() -> None:
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    home, environment = os.getcwd(), dict(os.environ)
    for line in sys.stdin:
        request = json.loads(line)
        with (
            tempfile.TemporaryFile("w+", encoding="utf-8") as out,
            tempfile.TemporaryFile("w+", encoding="utf-8") as err,
        ):
            saved = os.dup(1), os.dup(2)
            sys.stdout.flush(), sys.stderr.flush()
            os.dup2(out.fileno(), 1)
            os.dup2(err.fileno(), 2)
            try:
                reset_state()
                code = run_script(request["script"], request["cwd"])
            finally:
                sys.stdout.flush(), sys.stderr.flush()
                os.dup2(saved[0], 1)
                os.dup2(saved[1], 2)
                os.close(saved[0]), os.close(saved[1])
                os.chdir(home)
                os.environ.clear()
                os.environ.update(environment)
            out.seek(0), err.seek(0)
            reply = {"stdout": out.read(), "stderr": err.read(), "returncode": code}
        protocol.write(json.dumps(reply) + "\n")
        protocol.flush()


if __name__ == "__main__":
    main()
