"""Make the window pictures of the README on one screen size: the first run, patient mode with a
result, and clinician mode (``docs/app_first_run.png``, ``docs/app_patient.png``,
``docs/app_clinician.png``; ``_1280`` in the name at 1280x720).

Run under a virtual screen of the size to show, once per size::

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python docs/app_pictures.py
    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python docs/app_pictures.py

The window sizes itself to the screen as it does for a user; the whole screen is grabbed, so a
window wider than the screen would show cut off.  The drawing is made up: pain down the outer left
leg into the top of the foot (an L5-like pattern).
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PySide6.QtWidgets import QApplication

from radviz.drawing import brush

DOCS = Path(__file__).resolve().parent


def _outer_leg(body, n: int = 14) -> np.ndarray:
    """Skin vertices down the outer front of the left lower leg."""
    idx = np.flatnonzero((body.part == list(body.part_names).index("lower leg")) & (body.side == 1))
    normals = body.vertex_normals[idx]
    idx = idx[(normals[:, 0] * 0.6 + normals[:, 2] * 0.4) > 0.6]
    y = body.vertices[idx, 1]
    heights = y.min() + (y.max() - y.min()) * np.linspace(0.05, 0.95, n)
    return np.array([idx[np.argmin(np.abs(y - t))] for t in heights])


def _paint_leg(window) -> None:
    for centre in _outer_leg(window.body):
        verts, values = brush(window.body, int(centre), 0.45, 7.0)
        window.state.drawing.paint("pain", verts, values)


def _settle(app, window) -> None:
    for _ in range(40):
        app.processEvents()
    window.view.plotter.render()
    app.processEvents()


def _grab_screen(app, name: str) -> None:
    screen = app.primaryScreen()
    suffix = "" if screen.size().width() >= 1600 else f"_{screen.size().width()}"
    screen.grabWindow(0).save(str(DOCS / f"app_{name}{suffix}.png"))


def main() -> None:
    app = QApplication(sys.argv[:1])
    from radviz.qt.main_window import MainWindow

    window = MainWindow(first_start=True)
    window.show()
    _settle(app, window)
    _grab_screen(app, "first_run")
    window.first_run.buttons["patient"].click()
    _paint_leg(window)
    _settle(app, window)
    _grab_screen(app, "patient")
    from radviz.qt.first_run import set_user

    set_user(window, "clinician")
    window.state.show(window.state.shown.root("L5", "left"))
    _settle(app, window)
    _grab_screen(app, "clinician")
    window.close()


if __name__ == "__main__":
    main()
