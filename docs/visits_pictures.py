"""Make the visits pictures of the README: ``docs/timeline.png``, ``docs/visits_compare.png`` and
``docs/trends.png`` (run under a display: ``xvfb-run -a .venv/bin/python docs/visits_pictures.py``).

One made-up patient: L5 pain down the outer leg into the top of the foot with tingling in the big
toe, then six and twelve weeks later, less pain and a patch of numbness that stays.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PySide6.QtWidgets import QApplication

from radviz.drawing import brush

DOCS = Path(__file__).resolve().parent


def _path(body, part: str, lateral: float, lo: float, hi: float, n: int = 10) -> np.ndarray:
    """Skin vertices along the left ``part``, from ``lo`` to ``hi`` of its height, facing out by ``lateral``."""
    idx = np.flatnonzero((body.part == list(body.part_names).index(part)) & (body.side == 1))
    normals = body.vertex_normals[idx]
    idx = idx[(normals[:, 0] * lateral + normals[:, 2] * (1 - abs(lateral))) > 0.6]
    y = body.vertices[idx, 1]
    span = y.min() + (y.max() - y.min()) * np.linspace(lo, hi, n)
    return np.array([idx[np.argmin(np.abs(y - t))] for t in span])


def _paint(state, symptom: str, centres, radius: float, intensity: float) -> None:
    for c in centres:
        verts, values = brush(state.body, int(c), radius, intensity)
        state.drawing.paint(symptom, verts, values)


def patient(state) -> None:
    """Three visits of the made-up patient, the last one open."""
    body = state.body
    leg, foot = _path(body, "lower leg", 0.7, 0.05, 0.95, 18), _path(body, "foot", 0.0, 0.2, 0.95, 8)
    thigh = _path(body, "thigh", 0.8, 0.05, 0.7, 10)
    state.set_visit_date(0, "2026-01-12")
    _paint(state, "pain", np.concatenate([thigh, leg]), 0.5, 8.0)
    _paint(state, "tingling", foot, 0.4, 6.0)
    state.add_visit("2026-02-23")  # a copy of the first visit, then what changed
    state.drawing.erase(np.flatnonzero(state.drawing.values.any(axis=0)))
    _paint(state, "pain", leg[4:], 0.45, 6.0)
    _paint(state, "numbness", foot, 0.4, 5.0)
    state.add_visit("2026-04-06")
    state.drawing.erase(np.flatnonzero(state.drawing.values.any(axis=0)))
    _paint(state, "pain", leg[10:15], 0.35, 3.0)
    _paint(state, "numbness", foot[4:], 0.4, 4.0)
    _paint(state, "numbness", _path(body, "lower leg", -0.3, 0.1, 0.3, 3), 0.35, 3.0)  # new: inner shin


def main() -> None:
    app = QApplication(sys.argv[:1])
    from radviz.qt.main_window import MainWindow
    from radviz.trend_plot import trend_png
    from radviz.visits import visit_trends

    window = MainWindow()
    patient(window.state)
    window.resize(1500, 900)
    window.show()
    window.docks["visits"].raise_()
    for _ in range(30):
        app.processEvents()
    window.grab().save(str(DOCS / "timeline.png"))
    compare = window.visits.compare(0, 2)
    compare.resize(1500, 760)
    for _ in range(30):
        app.processEvents()
    compare.grab().save(str(DOCS / "visits_compare.png"))
    (DOCS / "trends.png").write_bytes(trend_png(visit_trends(window.state.stored_visits(), window.engine)))
    window.close()


if __name__ == "__main__":
    main()
