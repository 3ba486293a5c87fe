"""Painting with the mouse marks skin and updates the results; undo restores both; rotate never paints."""
from __future__ import annotations

import numpy as np
from conftest import drag, front_vertex
from PySide6.QtCore import Qt


def _stroke_points(window, part="lower leg", side=+1):
    body = window.body
    a, b = front_vertex(body, part, side), front_vertex(body, part, side, below=0.8)
    return [window.view.project(a).toPoint(), window.view.project(b).toPoint()]


def test_paint_stroke_marks_the_leg_and_updates_results(main_window, qtbot):
    w = main_window
    assert w.results.rows == []
    w.paint_action.trigger()
    drag(qtbot, w, _stroke_points(w))
    painted = np.flatnonzero(w.drawing.values[0])
    assert len(painted) > 20
    assert (w.body.side[painted] > 0).all()  # the left leg only: the brush never crosses to the right
    assert w.undo_stack.count() == 1  # one press-to-release stroke, one undo step
    assert w.results.rows and w.results.rows[0][0] in ("L3", "L4", "L5", "S1")
    assert w.results.rows[0][1] == "left"
    shown = w.view.colours()
    assert (shown[painted] != shown[np.flatnonzero(w.body.side < 0)[0]]).any(axis=1).all()


def test_undo_restores_the_empty_drawing_and_results(main_window, qtbot):
    w = main_window
    skin = w.view.colours()
    w.set_mode("paint")
    drag(qtbot, w, _stroke_points(w))
    assert not w.drawing.is_empty()
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.drawing.is_empty()
    assert w.results.rows == []
    assert np.array_equal(w.view.colours(), skin)
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not w.drawing.is_empty() and w.results.rows


def test_rotate_mode_turns_the_camera_and_never_paints(main_window, qtbot):
    w = main_window
    w.rotate_action.trigger()
    points = _stroke_points(w)
    before = w.view.plotter.camera_position[0]
    drag(qtbot, w, points + [points[0] + type(points[0])(120, 0)])
    assert w.drawing.is_empty()
    assert w.undo_stack.count() == 0
    assert w.view.plotter.camera_position[0] != before


def test_ctrl_drag_in_paint_mode_rotates_instead(main_window, qtbot):
    w = main_window
    w.set_mode("paint")
    points = _stroke_points(w)
    before = w.view.plotter.camera_position[0]
    drag(qtbot, w, points + [points[0] + type(points[0])(120, 0)], Qt.KeyboardModifier.ControlModifier)
    assert w.drawing.is_empty()
    assert w.view.plotter.camera_position[0] != before


def test_eraser_and_clear_are_undoable(main_window, qtbot):
    w = main_window
    w.set_mode("paint")
    points = _stroke_points(w)
    drag(qtbot, w, points)
    w.brush.eraser.setChecked(True)
    drag(qtbot, w, points[:1])
    erased = w.drawing.values.sum()
    w.brush.eraser.setChecked(False)
    drag(qtbot, w, points)
    assert w.drawing.values.sum() > erased
    w.clear_drawing()
    assert w.drawing.is_empty()
    w.undo_action.trigger()
    assert not w.drawing.is_empty()
