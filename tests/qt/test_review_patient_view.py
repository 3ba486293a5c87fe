"""What a patient sees after painting the left shin: the best-fitting root's skin and their own
drawing, with no unexplained black dot (the examiner's key point) on the foot they painted."""
from __future__ import annotations

from conftest import drag, front_vertex

from radviz.state import Shown


def _dark_pixels_at(window, vertex: int, reach: int = 6) -> int:
    """How many near-black pixels the 3D view shows around a vertex (the key-point dot is #111111)."""
    window.view.plotter.render()
    image = window.view.plotter.screenshot(None, return_img=True)
    ratio = window.view.plotter.devicePixelRatioF()
    point = window.view.project(vertex)
    x, y = int(point.x() * ratio), int(point.y() * ratio)
    patch = image[max(y - reach, 0):y + reach + 1, max(x - reach, 0):x + reach + 1, :3].astype(int)
    return int((patch.max(axis=2) < 60).sum())


def _paint_left_shin(window, qtbot) -> None:
    body = window.body
    a, b = front_vertex(body, "lower leg", +1), front_vertex(body, "lower leg", +1, below=0.8)
    window.set_mode("paint")
    drag(qtbot, window, [window.view.project(a).toPoint(), window.view.project(b).toPoint()])


def test_a_patient_sees_no_key_point_dot_a_clinician_does(main_window, qtbot):
    w = main_window
    w.state.set_register("patient")
    _paint_left_shin(w, qtbot)
    top = w.last_result.roots[0]
    assert w.state.shown == Shown.root(top.root, top.side)  # the top root is on the body
    key_point = w.engine.atlas.key_points[(top.root, top.side)]
    assert _dark_pixels_at(w, key_point) == 0
    assert "key point" not in " ".join(w.view.legend.texts())
    w.state.set_register("clinician")  # the same picture for a clinician marks the key point, as its legend says
    assert _dark_pixels_at(w, key_point) > 10
    assert any(t.startswith("key point") for t in w.view.legend.texts())


def test_the_hint_under_the_body_asks_only_for_what_the_user_can_do(main_window):
    w = main_window
    hint = w.view.legend.note
    assert "choose a root" in hint.text() and hint.isVisible()  # a clinician has the root browser
    w.state.set_register("patient")  # a patient has none
    assert hint.isVisible() and "paint" in hint.text().lower() and "root" not in hint.text()
    w.state.set_register("clinician")
    w.teach_action.setChecked(True)  # the Teach panel says what to do; the roots are locked
    assert w.docks["teach"].isVisible() and not hint.isVisible()
    w.teach_action.setChecked(False)
    assert "choose a root" in hint.text() and hint.isVisible()

