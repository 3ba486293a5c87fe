"""The package's shape: the model never imports Qt, pyvista or VTK; no import cycles; no hidden global
body; features talk through public names.  Every module is found by walking the package, so a new
module is covered the day it is added.
"""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import radviz

PACKAGE = Path(radviz.__file__).parent
GUI = ("PySide6", "pyvista", "pyvistaqt", "vtk", "vtkmodules", "qtpy", "PyQt5", "PyQt6")
RENDERERS = {"radviz.render", "radviz.render_offscreen"}
"""Model-side modules allowed to import pyvista/VTK inside a function (the off-screen renderers)."""
ENTRY_POINTS = {"radviz.__main__", "radviz.cli", "radviz.report_cli"}
"""Command-line entry points: they may start the app or the PDF writer inside a function."""


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()
VIEWS = sorted(m for m in MODULES if m == "radviz.qt" or m.startswith("radviz.qt."))
MODEL = sorted(set(MODULES) - set(VIEWS))
IMPORTABLE = [m for m in MODEL if m != "radviz.__main__"]  # importing __main__ runs the app


def _imports(name: str) -> list[tuple[str, int]]:
    """Every module ``name`` imports (module level or inside functions), absolute, with its line."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            out += [(f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base, node.lineno)
                    for a in node.names]
    return out


def _graph() -> dict[str, set[str]]:
    """radviz module -> the radviz modules it imports (a submodule, else its package)."""
    graph = {}
    for name in MODULES:
        deps = set()
        for target, _ in _imports(name):
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target.startswith("radviz") and target != name:
                deps.add(target)
        graph[name] = deps
    return graph


def test_the_walk_finds_the_model_and_the_views():
    assert {"radviz.state", "radviz.session", "radviz.localize", "radviz.teach.quiz"} <= set(MODEL)
    assert {"radviz.qt.main_window", "radviz.qt.session_file"} <= set(VIEWS)


def test_model_modules_import_without_qt_pyvista_or_vtk():
    """Import every model module in a fresh interpreter: none of the GUI packages may load."""
    code = ("import importlib, sys\n"
            f"for name in {IMPORTABLE!r}:\n    importlib.import_module(name)\n"
            f"print(','.join(m for m in {GUI!r} if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"importing the model loaded {out.stdout.strip()}"


def test_model_never_imports_qt_pyvista_or_vtk_even_lazily():
    """The import-linter contract, as a test: only the renderers and entry points reach the GUI side."""
    bad = []
    for name in MODEL:
        allowed_gui = name in RENDERERS or name in ENTRY_POINTS
        for target, line in _imports(name):
            top = target.split(".")[0]
            if top in GUI and not (allowed_gui and top in ("pyvista", "vtk", "vtkmodules", "PySide6")):
                bad.append(f"{name}:{line} imports {target}")
            if (target == "radviz.qt" or target.startswith("radviz.qt.")) and name not in ENTRY_POINTS:
                bad.append(f"{name}:{line} imports {target}")
    assert not bad, "\n".join(bad)


def test_no_import_cycles_and_the_layers_print():
    """No two radviz modules import each other (directly or round a loop); print the layering."""
    graph = _graph()
    index, low, stack, on_stack, cycles, counter = {}, {}, [], set(), [], [0]

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert not cycles, f"import cycles: {cycles}"
    layer: dict[str, int] = {}

    def depth(v: str) -> int:
        if v not in layer:
            layer[v] = 1 + max((depth(w) for w in graph[v]), default=-1)
        return layer[v]

    for v in graph:
        depth(v)
    for group, members in (("model", MODEL), ("views", VIEWS)):  # the model below, the views above
        for k in range(max(layer.values()) + 1):
            names = sorted(m for m in members if layer[m] == k)
            if names:
                print(f"{group} layer {k}: {', '.join(names)}")
    model_on_views = [(m, w) for m in MODEL if m not in ENTRY_POINTS for w in graph[m] if w in VIEWS]
    assert not model_on_views, f"model modules importing views: {model_on_views}"


def test_no_hidden_global_body_in_the_engine_and_state():
    """Bodies are told apart by content: no identity checks against a cached base, no id()-keyed caches."""
    for name in ("radviz.engine", "radviz.state", "radviz.scene", "radviz.session"):
        text = MODULES[name].read_text(encoding="utf-8")
        assert not re.search(r"\bid\(", text), f"{name} keys something by id()"
        assert not re.search(r"faces is \w", text), f"{name} compares faces by identity"


def test_views_use_no_private_members_of_other_objects():
    """Features talk through public names and the state; no ``window._x`` and no method patching."""
    bad = []
    for name in VIEWS:
        tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                    bad.append(f"{name}:{node.lineno} {ast.unparse(node)}")
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "setattr":
                bad.append(f"{name}:{node.lineno} setattr(...)")
        assert "wrap_method" not in MODULES[name].read_text(encoding="utf-8")
    assert not bad, "\n".join(bad)


def test_no_pickle_or_eval_in_the_package():
    builtin_call = re.compile(r"(?<![\w.])(eval|exec)\(")  # the builtins, not Qt's dialog.exec()
    for path in MODULES.values():
        text = path.read_text(encoding="utf-8")
        for banned in ("import pickle", "allow_pickle=True", "yaml.load("):
            assert banned not in text, f"{path.name} uses {banned}"
        assert not builtin_call.search(text), f"{path.name} calls eval or exec"
