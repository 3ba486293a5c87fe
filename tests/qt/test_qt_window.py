"""The window opens on the body, the standard views move the camera, and the body is on screen."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import front_vertex, new_window  # tests/qt/conftest.py helpers

from radviz.render import VIEWS


def _body_pixels(window) -> float:
    """Share of the central region's pixels that differ from the background (i.e. show the body)."""
    img = window.view.plotter.screenshot(return_img=True)
    h, w = img.shape[:2]
    centre = img[h // 4: 3 * h // 4, w // 3: 2 * w // 3].astype(int)
    corner = img[2, 2].astype(int)
    return float((np.abs(centre - corner).sum(axis=2) > 40).mean())


def test_window_opens_with_the_body_framed(main_window):
    assert main_window.view.body is main_window.body
    assert _body_pixels(main_window) > 0.15
    image = main_window.grab().toImage()
    assert image.width() > 800 and image.height() > 600


@pytest.mark.parametrize("view", [v for v in VIEWS if v != "anterior"])
def test_views_change_the_camera_and_keep_the_body_in_sight(main_window, view):
    before = np.array(main_window.view.plotter.camera_position[0])
    main_window.view_actions[view].trigger()
    after = np.array(main_window.view.plotter.camera_position[0])
    assert np.linalg.norm(after - before) > 1.0
    assert _body_pixels(main_window) > 0.05


def test_view_shortcut_keys(main_window, qtbot):
    from PySide6.QtCore import Qt

    before = main_window.view.plotter.camera_position[0]
    qtbot.keyClick(main_window.view.plotter, Qt.Key.Key_2)  # back view
    assert main_window.view.plotter.camera_position[0] != before
    assert main_window.view.plotter.camera_position[0][2] < 0  # the camera is behind the body


def test_status_bar_names_place_and_roots_under_the_cursor(main_window, qtbot):
    body = main_window.body
    v = front_vertex(body, "lower leg", +1)
    point = main_window.view.project(v).toPoint()
    assert main_window.view.hover_at(point.x(), point.y()) == v  # the handler a mouse move calls
    text = main_window.hover_label.text()
    assert text.startswith("left lower leg — ")
    assert any(root in text for root in ("L4", "L5", "S1"))
    assert main_window.view.hover_at(5, 5) == -1  # the background corner
    assert main_window.hover_label.text() == ""


def test_close_finalises_the_plotter(qtbot):
    window = new_window(qtbot)
    window.show()
    window.close()
    assert window.view.plotter._closed
