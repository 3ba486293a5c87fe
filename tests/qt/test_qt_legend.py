"""What the colours mean, on screen: the 3D legend, the 0-10 scale, the top root after a stroke.

A person paints with the mouse; afterwards the best-fitting root is on the body with its zones,
the legend under the body names it and the symptoms drawn, and the drawing keeps its own colours.
"""
from __future__ import annotations

import numpy as np
from colorspacious import cspace_convert
from conftest import drag, front_vertex
from PySide6.QtCore import Qt

from radviz import colors, pictures
from radviz.qt.brush_bar import BrushBar
from radviz.state import SKIN, Shown


def _stroke(window, qtbot, part="lower leg", side=+1, below=0.8):
    body = window.body
    a, b = front_vertex(body, part, side), front_vertex(body, part, side, below=below)
    window.set_mode("paint")
    drag(qtbot, window, [window.view.project(a).toPoint(), window.view.project(b).toPoint()])
    return np.flatnonzero(window.drawing.values.any(axis=0))


def _ucs_distance(a, b) -> np.ndarray:
    """CAM02-UCS distance between uint8 colours (about one unit per just-noticeable difference)."""
    ua = cspace_convert(np.atleast_2d(a) / 255.0, "sRGB1", "CAM02-UCS")
    ub = cspace_convert(np.atleast_2d(b) / 255.0, "sRGB1", "CAM02-UCS")
    return np.linalg.norm(ua - ub, axis=-1)


def test_after_a_stroke_the_top_root_is_shown_and_the_legend_names_it_and_pain(main_window, qtbot):
    w = main_window
    assert w.state.shown == SKIN and w.view.legend.texts() == []
    assert w.view.legend.note.text() == w.view.legend.HINT
    _stroke(w, qtbot)
    top = w.last_result.roots[0]
    assert w.state.shown == Shown.root(top.root, top.side)
    texts = w.view.legend.texts()
    assert f"{top.root} core: nearly everyone" in texts and texts[-1] == "Pain"
    shared = next(t for t in texts if t.startswith("shared with"))
    assert any(n in shared for n in top.overlap)  # the overlap zones are named with their roots
    assert w.view.legend.scales["pain"][1].isVisible() and not w.view.legend.scales["numbness"][1].isVisible()


def test_the_highlight_is_the_top_roots_territory_and_the_drawing_keeps_its_colours(main_window, qtbot):
    w = main_window
    painted = _stroke(w, qtbot)
    top = w.last_result.roots[0]
    shown = w.view.colours()
    zones, strength, _ = pictures.root_zones(w.body, w.engine.atlas, top.root, top.side)
    core = np.flatnonzero(zones["core"] & (strength > 0.8) & ~w.drawing.values.any(axis=0))
    skin = (colors.skin_rgb(1)[0] * 255).astype(np.uint8)
    zone = (colors.zone_swatches()[0][0] * 255).astype(np.uint8)
    assert len(core) > 50
    assert np.median(_ucs_distance(shown[core], zone)) < np.median(_ucs_distance(shown[core], skin))
    elsewhere = np.flatnonzero(strength == 0)
    assert np.all(shown[elsewhere[:200]] == skin)  # other skin is left bare
    on_skin = colors.composite_uint8(colors.skin_rgb(w.body.n_vertices), w.drawing.values, painted)
    full = w.drawing.values[0, painted] >= 1.0  # the brush's soft rim fades in by design
    assert np.percentile(_ucs_distance(shown[painted][full], on_skin[full]), 95) < 10.0  # the zone only hints through


def test_intensity_2_and_10_look_different_on_the_body(main_window, qtbot):
    w = main_window
    w.brush.intensity_box.setValue(2)
    _stroke(w, qtbot, side=+1)
    w.brush.intensity_box.setValue(10)
    _stroke(w, qtbot, side=-1)
    pain, shown = w.drawing.values[0], w.view.colours()
    weak, strong = np.flatnonzero(pain == 2.0), np.flatnonzero(pain == 10.0)
    assert len(weak) > 10 and len(strong) > 10
    gap = _ucs_distance(shown[weak].mean(axis=0), shown[strong].mean(axis=0))
    assert gap[0] > 15.0
    assert w.view.legend.texts().count("Pain") == 1


def test_choosing_a_root_is_respected_and_clearing_the_drawing_drops_the_highlight(main_window, qtbot):
    w = main_window
    _stroke(w, qtbot)
    assert w.state.shown.kind == "root"
    w.clear_drawing()
    assert w.state.shown == SKIN and w.view.legend.texts() == []
    w.show_root("C6", "right")  # the user's choice stays, whatever the drawing's best root
    _stroke(w, qtbot)
    assert w.state.shown == Shown.root("C6", "right")
    assert "C6 core: nearly everyone" in w.view.legend.texts()


def test_patient_mode_shows_the_top_root_too_and_teach_mode_never_does(main_window, qtbot):
    w = main_window
    w.state.set_register("patient")
    _stroke(w, qtbot)
    top = w.last_result.roots[0].root
    assert w.state.shown.kind == "root" and w.state.shown.name == top
    texts = w.view.legend.texts()  # everyday words: no "core", no examiner's key point
    assert f"skin the {top} nerve supplies in nearly everyone" in texts
    assert not any("core" in t or "key point" in t for t in texts)
    w.state.set_register("clinician")  # the words follow the register at once
    assert f"{top} core: nearly everyone" in w.view.legend.texts()
    assert any(t.startswith("key point") for t in w.view.legend.texts())
    w.state.set_register("patient")
    w.clear_drawing()
    w.teach_action.setChecked(True)
    assert w.state.mode == "teach"
    w.drawing.paint("pain", np.array([front_vertex(w.body, "lower leg", +1)]), np.array([8.0]))
    assert w.state.shown == SKIN
    assert not any("core" in t for t in w.view.legend.texts())  # no answer given away


def test_the_brush_shows_a_0_to_10_scale_of_the_chosen_symptom(qtbot):
    bar = BrushBar()
    qtbot.addWidget(bar)
    scale = bar.scale
    assert scale.symptom == "pain" and scale.value == bar.intensity_box.value()
    assert np.allclose(scale.colours(), colors.intensity_ramp("pain"))
    bar.symptom_box.setCurrentIndex(bar.symptom_box.findData("numbness"))
    assert scale.symptom == "numbness" and np.allclose(scale.colours(), colors.intensity_ramp("numbness"))
    qtbot.mouseClick(scale, Qt.MouseButton.LeftButton, pos=scale.step_rect(9).center().toPoint())
    assert bar.intensity() == 9.0 and scale.value == 9
    bar.eraser.setChecked(True)
    assert not scale.isEnabled()
