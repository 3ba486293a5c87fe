"""The brush is ready once the window's first frame is on screen, so the first dab does not wait.

The brush's skin graph and SciPy's graph search cost about a quarter of a second the first time; the
app prepares them right after its first frame instead of at the user's first dab (and not before
the first frame, which they would delay)."""
import subprocess
import sys

from radviz.qt.app import _prepare_brush_after_first_frame
from conftest import new_window  # tests/qt/conftest.py helper


def test_the_brush_is_prepared_after_the_first_frame(qtbot):
    window = new_window(qtbot)
    body = window.body
    body.__dict__.pop("skin_graph", None)  # as at start: not built yet
    _prepare_brush_after_first_frame(window)
    assert "skin_graph" not in body.__dict__  # nothing before the first frame
    window.show()
    qtbot.waitUntil(lambda: "skin_graph" in body.__dict__, timeout=5000)
    window.close()


def test_preparing_the_brush_loads_the_graph_search():
    code = ("import sys\nfrom radviz.body import default_body\nb = default_body()\n"
            "before = 'scipy.sparse.csgraph' in sys.modules\nb.prepare_brush()\n"
            "print(before, 'scipy.sparse.csgraph' in sys.modules, 'skin_graph' in b.__dict__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["False", "True", "True"]
