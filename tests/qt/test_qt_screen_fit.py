"""The window fits the screen it opens on: 1280x720, a scale factor of 1.5, and a saved geometry
from a bigger screen.  Each screen size is its own Xvfb, in a subprocess (one process, one screen)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

_PROBE = """
import json
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyle, QTabBar
app = QApplication(['radviz'])
from radviz.qt.main_window import MainWindow
w = MainWindow(first_start=True)
w.show()
for _ in range(30):
    app.processEvents()
avail = w.screen().availableGeometry()
frame = w.frameGeometry()

def strip(bar):
    space = bar.style().pixelMetric(QStyle.PixelMetric.PM_TabBarTabHSpace, None, bar)
    texts = [bar.tabText(i) for i in range(bar.count())]
    whole = all(bar.tabRect(i).width() >= bar.fontMetrics().horizontalAdvance(t) + space for i, t in enumerate(texts))
    return {'tabs': texts, 'current': bar.tabText(bar.currentIndex()), 'whole_titles': whole,
            'over_the_body': bar.geometry().intersects(w.centralWidget().geometry())}

strips = [strip(b) for b in w.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly)
          if b.isVisible()]
results_seen = not w.docks['results'].visibleRegion().isEmpty()
w.modes.set_mode('patient')
for _ in range(30):
    app.processEvents()
patient = w.frameGeometry()
print(json.dumps({'avail': avail.getRect(), 'frame': frame.getRect(), 'patient': patient.getRect(),
                  'scale': w.screen().devicePixelRatio(), 'notice_wraps': w.first_run.height() < 200,
                  'strips': strips, 'results_seen': results_seen}))
w.close()
"""


def _open_on_screen(width: int, height: int, scale: float | None = None, probe: str = _PROBE) -> dict:
    """Run ``probe`` (by default: open the window) on a fresh Xvfb screen of that size; the JSON it
    prints last (the window's geometry as the app saw it)."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    from pyvirtualdisplay import Display

    display = Display(size=(width, height), manage_global_env=False)
    display.start()
    try:
        env = display.env()
        env.pop("WAYLAND_DISPLAY", None)
        env["QT_QPA_PLATFORM"] = "xcb"
        if scale is not None:
            env["QT_SCALE_FACTOR"] = str(scale)
        out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=180)
    finally:
        display.stop()
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def _inside(rect, area) -> bool:
    x, y, w, h = rect
    ax, ay, aw, ah = area
    return ax <= x and ay <= y and x + w <= ax + aw and y + h <= ay + ah


@pytest.mark.window
@pytest.mark.parametrize("width, height, scale", [(1280, 720, None), (1920, 1080, 1.5), (3840, 2160, 2.0)])
def test_the_window_fits_the_screen_it_opens_on(width, height, scale):
    seen = _open_on_screen(width, height, scale)
    if scale is not None:
        assert seen["scale"] == pytest.approx(scale)
    assert seen["avail"][2] <= width / (scale or 1) + 1  # the app saw the scaled (logical) screen
    assert _inside(seen["frame"], seen["avail"]), seen
    assert _inside(seen["patient"], seen["avail"]), seen  # the big patient prompt does not widen it
    assert seen["frame"][2] >= 0.8 * seen["avail"][2]  # and it uses the screen, not a corner of it
    assert seen["notice_wraps"]
    _tab_strips_are_clean(seen)


def _tab_strips_are_clean(seen: dict) -> None:
    """One strip per dock group, beside its docks, every title whole; Results in front, Body a tab away."""
    strips = seen["strips"]
    groups = [tuple(s["tabs"]) for s in strips]
    assert len(groups) == len(set(groups)) == 2, strips  # the left and the right group, no stray copy
    assert not any(s["over_the_body"] for s in strips), strips
    assert all(s["whole_titles"] for s in strips), strips  # no "Root bro…"
    right = next(s for s in strips if "Results" in s["tabs"])
    assert right["current"] == "Results" and "Body" in right["tabs"] and seen["results_seen"], strips


def test_a_saved_geometry_from_a_bigger_screen_is_clipped(main_window, tmp_path):
    from PySide6.QtCore import QSettings

    w = main_window
    available = w.screen().availableGeometry()
    settings = QSettings(str(tmp_path / "radviz.ini"), QSettings.Format.IniFormat)
    w.move(available.x() + 200, available.y() + 150)
    w.resize(available.width() + 900, available.height() + 700)  # as saved on a 4K screen
    settings.setValue("window/geometry", w.saveGeometry())
    w.resize(800, 600)
    w.preferences.settings = settings  # the window remembers through this settings file
    w.preferences.restore_layout()
    frame = w.frameGeometry()
    assert available.contains(frame), (frame, available)
    assert frame.width() > available.width() * 0.8  # clipped, not reset to something small


def test_docks_can_shrink_below_their_starting_width(main_window):
    from radviz.qt.main_window import DOCK_MIN_WIDTH

    for key in ("browser", "results", "findings"):
        assert main_window.docks[key].minimumSizeHint().width() <= DOCK_MIN_WIDTH + 30
