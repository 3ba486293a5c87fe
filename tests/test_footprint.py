"""Small footprint: the command line loads no GUI or plotting library it does not use.

Every library loaded costs start-up time and memory (``radviz locate`` must peak under 150 MB, and
``radviz`` must show its splash within half a second, before VTK loads).  Checked in a fresh
interpreter, as MNE's import-nesting test does; the figures themselves are in ``benchmarks/``.
"""
from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("PySide6", "pyvista", "pyvistaqt", "vtkmodules", "matplotlib", "colorcet", "trimesh")


def _loaded_after(code: str) -> list[str]:
    probe = (code + "\nimport sys, json\n"
             f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_command_line_starts_without_gui_or_plotting_libraries():
    assert _loaded_after("import radviz.cli") == []


def test_locate_loads_no_gui_or_plotting_library():
    code = ("import contextlib, io\nfrom radviz.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            "    assert main(['locate', '--at', '1.9,-6.0,0.3', '--json']) == 0\n"
            "assert out.getvalue().startswith('{')")
    assert _loaded_after(code) == []
