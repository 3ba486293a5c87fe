"""The Nerves layer on a drawing no peripheral nerve explains (the trunk has no nerve map): the
results say so, instead of looking exactly as they did with the Roots layer."""
from __future__ import annotations

from conftest import drag, front_vertex

from radviz.qt.panels import MIN_SCORE


def test_the_nerve_layer_says_when_no_nerve_fits(main_window, qtbot):
    w = main_window
    a, b = front_vertex(w.body, "trunk", +1), front_vertex(w.body, "trunk", +1, below=0.5)
    w.set_mode("paint")
    drag(qtbot, w, [w.view.project(a).toPoint(), w.view.project(b).toPoint()])
    assert w.results.rows and w.layers.note.isHidden()  # Roots layer: roots ranked, nothing about nerves
    w.layers.combo.setCurrentIndex(w.layers.combo.findData("nerves"))
    assert w.layers.nerve_rows == [] and all(n.score < MIN_SCORE for n in w.last_result.nerves)
    assert not w.layers.note.isHidden() and "No peripheral nerve fits" in w.layers.note.text()
    w.layers.combo.setCurrentIndex(w.layers.combo.findData("roots"))
    assert w.layers.note.isHidden()
