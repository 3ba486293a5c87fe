"""The 2D chart: two locked flat views of one model; strokes, undo, picking and labels as in 3D."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import front_vertex
from PySide6.QtCore import Qt


@pytest.fixture
def chart(main_window, qtbot):
    """The window switched to the 2D chart, both charts shown and framed."""
    main_window.chart_switch.action.trigger()
    chart = main_window.chart_switch.chart
    for view in chart.charts.values():
        qtbot.waitExposed(view.plotter)
        view.set_view()
    return chart


def _flat_drag(qtbot, view, points):
    qtbot.mousePress(view.plotter, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
    for p in points[1:]:
        qtbot.mouseMove(view.plotter, p)
    qtbot.mouseRelease(view.plotter, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])


def test_switch_shows_two_locked_flat_charts(main_window, chart, qtbot):
    w = main_window
    assert not w.view.isVisible() and chart.isVisible()
    assert all(v.plotter.camera.parallel_projection for v in chart.charts.values())
    assert not w.view_actions["left"].isEnabled()  # the fixed views belong to the 3D body
    front, back = chart.charts["anterior"], chart.charts["posterior"]
    assert front.plotter.camera_position[0][2] > 0 > back.plotter.camera_position[0][2]
    qtbot.keyClick(w, Qt.Key.Key_C)  # the shortcut switches back
    assert w.view.isVisible() and not chart.isVisible()


def test_stroke_in_the_front_chart_reaches_drawing_back_chart_and_undo(main_window, chart, qtbot):
    w = main_window
    front, back = chart.charts["anterior"], chart.charts["posterior"]
    skin = back.colours()
    before = back.plotter.screenshot(return_img=True)
    w.brush.radius_box.setValue(12.0)  # a wide brush wraps round the thigh, into the back chart's sight
    w.set_mode("paint")
    a, b = front_vertex(w.body, "thigh", +1), front_vertex(w.body, "thigh", +1, below=1.5)
    _flat_drag(qtbot, front, [front.project(a).toPoint(), front.project(b).toPoint()])
    painted = np.flatnonzero(w.drawing.values.any(axis=0))
    assert len(painted) > 20 and (w.body.side[painted] > 0).all()
    assert w.undo_stack.count() == 1  # the window's PaintStroke path: one stroke, one undo step
    for view in (front, back, w.view):  # one model, every view shows it
        assert (view.colours()[painted] != skin[painted]).any(axis=1).all()
    seen = painted[w.body.vertex_normals[painted, 2] < -0.3]  # painted skin the back chart can see
    assert len(seen)
    p = back.project(int(seen[0]))
    ratio = back.plotter.devicePixelRatioF()
    y, x = int(p.y() * ratio), int(p.x() * ratio)
    after = back.plotter.screenshot(return_img=True)
    assert np.abs(after[y - 2:y + 3, x - 2:x + 3].astype(int) - before[y - 2:y + 3, x - 2:x + 3]).max() > 30
    w.undo_action.trigger()
    assert w.drawing.is_empty()
    assert np.array_equal(back.colours(), skin) and np.array_equal(front.colours(), skin)


def test_picking_in_2d_finds_the_vertex_3d_finds(main_window, qtbot):
    w = main_window
    target = front_vertex(w.body, "trunk", +1)
    p = w.view.project(target)
    in_3d = w.view.pick(p.x(), p.y())[0]
    w.chart_switch.show_chart(True)
    front = w.chart_switch.chart.charts["anterior"]
    qtbot.waitExposed(front.plotter)
    front.set_view()
    q = front.project(target)
    in_2d = front.pick(q.x(), q.y())[0]
    assert in_2d >= 0 and in_3d >= 0
    assert np.linalg.norm(w.body.vertices[in_2d] - w.body.vertices[in_3d]) < 0.1  # within a pixel's skin
    assert np.linalg.norm(w.body.vertices[in_2d] - w.body.vertices[target]) < 0.1


def test_hover_in_a_chart_names_the_spot_in_the_status_bar(main_window, chart):
    front = chart.charts["anterior"]
    p = front.project(front_vertex(main_window.body, "lower leg", +1))
    assert front.hover_at(p.x(), p.y()) >= 0
    assert "leg" in main_window.hover_label.text()


def test_labels_toggle_adds_and_removes_label_actors(main_window, chart):
    counts = {s: len(v.plotter.renderer.actors) for s, v in chart.charts.items()}
    chart.labels_box.setChecked(True)
    for side, view in chart.charts.items():
        assert view._labels_actor is not None
        assert len(view.plotter.renderer.actors) == counts[side] + 1
    main_window.show_root("L5", "left")  # a new picture keeps the labels the user asked for
    assert all(v._labels_actor is not None for v in chart.charts.values())
    chart.labels_box.setChecked(False)
    assert {s: len(v.plotter.renderer.actors) for s, v in chart.charts.items()} == counts


def test_legend_follows_the_picture_and_the_drawing(main_window, chart):
    w = main_window
    assert chart.legend.texts() == []  # nothing drawn, nothing highlighted: only a hint
    assert chart.legend.note.text() == chart.legend.HINT
    w.drawing.paint("pain", np.array([front_vertex(w.body, "lower leg", +1)]), np.array([4.0]))
    assert chart.legend.texts()[-1] == "Pain" and chart.legend.scales["pain"][1].isVisibleTo(chart)
    w.show_root("L5", "left")
    assert {"L5 core: nearly everyone", "Pain"} <= set(chart.legend.texts())
    assert any(t.startswith("shared with") and "L4" in t for t in chart.legend.texts())
    w.browser.all_box.setChecked(True)
    assert {"L5", "S1", "C5"} <= set(chart.legend.texts())
