"""snippetkit's modules import in one direction: no loops, and no module imports one of a higher layer.

The layers, lowest first, are :data:`LAYERS`. A module may import from its own layer or a lower one.
Imports inside functions count: a lazy import hides a loop, it does not remove it.
``python tests/test_imports.py`` prints the layers with each module's imports.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "snippetkit"

#: Each layer's modules, lowest first: what a module may import is in its layer or above it here.
LAYERS: list[tuple[str, set[str]]] = [
    ("the package root", {"__init__"}),
    ("words, rules and versions, standard library only", {"messages", "settings", "pins", "versions"}),
    ("the snippet file and its check", {"snippetfile", "checker"}),
    ("running a snippet as a learner does", {"worker", "execute", "learner"}),
    (
        "the machine matrix and the tools on it",
        {"arm", "platforms", "portability", "native", "accept", "drift"},
    ),
    ("other packages' internals", {"upstream"}),
    ("what the build keeps of each page", {"records"}),
    ("build parts that need no page", {"assets", "slim", "cache", "pdf"}),
    ("pages, read in parallel, and their executed cells", {"pages", "parallel", "cells", "notebooks"}),
    (
        "what the build makes of an executed cell",
        {"results", "provenance", "downloads", "runner", "verified"},
    ),
    ("the build's pipeline: each page's steps in order", {"pipeline"}),
]


def modules() -> list[str]:
    """snippetkit's modules: a module file, or a subpackage (its modules are counted as one)."""
    found = [p.stem for p in PACKAGE.glob("*.py")]
    found += [p.parent.name for p in PACKAGE.glob("*/__init__.py")]
    return sorted(found)


def _files(module: str) -> list[Path]:
    single = PACKAGE / f"{module}.py"
    return [single] if single.is_file() else sorted((PACKAGE / module).rglob("*.py"))


def imports(module: str) -> set[str]:
    """The snippetkit modules *module* imports, at the top or inside a function."""
    found: set[str] = set()
    for path in _files(module):
        depth = len(path.relative_to(PACKAGE).parts)  # 1 for snippetkit/a.py, 2 for snippetkit/sub/b.py
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {  # `if TYPE_CHECKING:` imports: names for annotations, not imports that run
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING"
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.ImportFrom) and node.level == depth:  # from . import a
                found |= {node.module.split(".")[0]} if node.module else {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "snippetkit":
                parts = node.module.split(".")
                found |= {parts[1]} if len(parts) > 1 else {alias.name for alias in node.names}
            elif isinstance(node, ast.Import):
                found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("snippetkit.")}
    known = set(modules())
    return {name for name in found if name in known} - {module}


def graph() -> dict[str, set[str]]:
    return {module: imports(module) for module in modules()}


def layer_of(module: str) -> int:
    for index, (_, members) in enumerate(LAYERS):
        if module in members:
            return index
    raise KeyError(module)


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import loop, as the modules around it (the first repeated at the end), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_cycle_finds_a_loop_and_no_loop_where_there_is_none():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_every_module_has_a_layer():
    missing = [m for m in modules() if not any(m in members for _, members in LAYERS)]
    assert not missing, f"snippetkit modules in no layer of tests/test_imports.py LAYERS: {missing}: add each"


def test_no_import_loops():
    loop = cycle(graph())
    assert loop is None, "an import loop in snippetkit: " + " -> ".join(loop or [])


def test_no_module_imports_a_higher_layer():
    upward = [
        f"snippetkit/{module}.py ({LAYERS[layer_of(module)][0]}) imports {name} ({LAYERS[layer_of(name)][0]})"
        for module, names in graph().items()
        for name in sorted(names)
        if layer_of(name) > layer_of(module)
    ]
    assert not upward, "imports that go up a layer:\n" + "\n".join(upward)


if __name__ == "__main__":
    edges = graph()
    for index, (title, members) in enumerate(LAYERS):
        print(f"{index}. {title}")
        for module in sorted(m for m in members if m in edges):
            print(f"   {module:<12} imports {', '.join(sorted(edges[module])) or 'nothing of snippetkit'}")
    loop = cycle(edges)
    print("import loops:", " -> ".join(loop) if loop else "none")
    sys.exit(1 if loop else 0)
