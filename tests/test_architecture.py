"""The model never imports Qt, pyvista or VTK: it serves the CLI and tests too."""
import subprocess
import sys

MODEL_MODULES = ["radviz.body", "radviz.anatomy", "radviz.atlas", "radviz.atlas.compiler",
                 "radviz.drawing", "radviz.findings", "radviz.localize", "radviz.engine",
                 "radviz.explain", "radviz.pictures", "radviz.colors", "radviz.cli"]


def test_model_imports_no_gui_or_vtk():
    code = ("import sys\n" + "".join(f"import {m}\n" for m in MODEL_MODULES) +
            "bad = [m for m in ('PySide6', 'pyvista', 'vtk', 'vtkmodules', 'pyvistaqt', 'qtpy') "
            "if m in sys.modules]\nprint(','.join(bad))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_no_pickle_or_eval_in_the_package():
    from pathlib import Path

    import radviz

    import re

    builtin_call = re.compile(r"(?<![\w.])(eval|exec)\(")  # the builtins, not Qt's dialog.exec()
    for path in Path(radviz.__file__).parent.rglob("*.py"):
        text = path.read_text()
        for banned in ("import pickle", "allow_pickle=True", "yaml.load("):
            assert banned not in text, f"{path.name} uses {banned}"
        assert not builtin_call.search(text), f"{path.name} calls eval or exec"
