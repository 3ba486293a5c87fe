"""radviz.deferred_module: a module a library imports at start is loaded when first read, and then is
the real module everywhere.  Each case runs in a fresh interpreter (``sys.modules`` is process-wide)."""
from __future__ import annotations

import json
import subprocess
import sys


def _run(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", "import json, sys\n" + code], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_an_import_statement_does_not_load_a_deferred_module_but_a_read_does():
    result = _run(
        "from radviz.deferred_module import defer, is_deferred\n"
        "def real():\n    import json.tool as module\n    return module\n"
        "defer('json.tool', real)\n"
        "import json.tool as tool\n"  # what a library's top-level import does
        "imported = is_deferred('json.tool')\n"
        "main = tool.main\n"  # the first read
        "import json.tool as again\n"
        "print(json.dumps({'imported_only': imported, 'after_read': is_deferred('json.tool'),\n"
        "  'real': sys.modules['json.tool'] is again is json.tool, 'same_function': main is again.main,\n"
        "  'file': tool.__file__ == again.__file__}))")
    assert result == {"imported_only": True, "after_read": False, "real": True, "same_function": True,
                      "file": True}


def test_from_imports_and_package_attributes_reach_the_real_module():
    """numpy imports submodules on attribute access: the stand-in sits on the package, so a star import of
    numpy (as scipy's array-API layer does) leaves it deferred, and ``from ... import`` reads the real one."""
    result = _run(
        "from radviz.deferred_module import defer, is_deferred\n"
        "def real():\n    import numpy.testing as module\n    return module\n"
        "defer('numpy.testing', real)\n"
        "import numpy\n"
        "namespace = {}\n"
        "exec('from numpy import *', namespace)\n"
        "star = is_deferred('numpy.testing')\n"
        "from numpy.testing import assert_array_equal\n"
        "assert_array_equal([1.0], [1.0])\n"
        "print(json.dumps({'star_import_leaves_it': star, 'loaded': not is_deferred('numpy.testing'),\n"
        "  'package_attribute_is_real': numpy.testing is sys.modules['numpy.testing'],\n"
        "  'has_real_content': hasattr(numpy.testing, 'assert_allclose')}))")
    assert all(result.values()), result


def test_deferring_an_imported_module_changes_nothing_and_a_missing_one_is_an_error():
    result = _run(
        "import json.decoder\n"
        "from radviz.deferred_module import defer, is_deferred\n"
        "defer('json.decoder', lambda: None)\n"
        "try:\n    defer('json.no_such_module', lambda: None)\n    missing = 'no error'\n"
        "except ModuleNotFoundError as exc:\n    missing = str(exc)\n"
        "print(json.dumps({'still_real': not is_deferred('json.decoder'), 'missing': missing,\n"
        "  'not_registered': 'json.no_such_module' not in sys.modules}))")
    assert result == {"still_real": True, "missing": "No module named 'json.no_such_module'", "not_registered": True}


def test_a_deferred_library_module_works_when_first_used_late():
    """pyvista keeps the stand-in it imported; its reads go to the real pyplot once that has loaded."""
    result = _run(
        "from radviz.deferred_module import defer, is_deferred\n"
        "from radviz.qt.app import _pyplot\n"
        "defer('matplotlib.pyplot', _pyplot)\n"
        "import pyvista.plotting.colors as colours\n"
        "before = is_deferred('matplotlib.pyplot')\n"
        "cycle = list(colours.get_matplotlib_theme_cycler())\n"
        "import matplotlib.pyplot as plt\n"
        "print(json.dumps({'before': before, 'cycle': len(cycle),\n"
        "  'real': plt is sys.modules['matplotlib.pyplot'] and not is_deferred('matplotlib.pyplot'),\n"
        "  'shared_state': colours.plt.rcParams is plt.rcParams}))")
    assert result["before"] and result["real"] and result["shared_state"]
    assert result["cycle"] >= 10  # matplotlib's default colour cycle
