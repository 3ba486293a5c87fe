"""The body panel: presets and sliders reshape the body in place; drawing, highlight and tone follow."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import front_vertex

from radviz import colors


def _paint_leg(window) -> np.ndarray:
    v = front_vertex(window.body, "lower leg", +1)
    window.engine.paint_points(window.drawing, [v], 0.4, "pain")
    return np.flatnonzero(window.drawing.values[0])


def test_presets_reshape_the_body_and_keep_drawing_and_highlight(main_window):
    w = main_window
    painted = _paint_leg(w)
    w.show_root("L5", "left")
    before, highlight = w.body.vertices.copy(), w.view.colours()
    for preset in ("female", "heavy", "child"):
        assert w.body_panel.set_shape(preset)
        assert w.state.shape == preset
        assert w.view.body is w.body and w.body.n_vertices == len(before)
        assert np.abs(w.body.vertices - before).max() > 0.1  # the mesh really moved
        assert w.engine.body is w.body
        assert np.array_equal(np.flatnonzero(w.drawing.values[0]), painted)  # same vertex ids
        shown = w.view.colours()  # the root's patterns follow the skin's shape; the coloured area stays
        skin = colors.skin_rgb(1)[0] * 255  # drawing and L5 stay: the same vertices differ from bare skin
        assert np.array_equal((np.abs(shown - skin) > 2).any(axis=1), (np.abs(highlight - skin) > 2).any(axis=1))
    assert w.body_panel.set_shape("neutral")
    assert np.allclose(w.body.vertices, before)


def test_sliders_update_the_body_after_a_short_pause(main_window, qtbot):
    w = main_window
    w.body_panel.set_shape("neutral")
    before = w.body.vertices.copy()
    camera = w.view.plotter.camera_position
    w.body_panel.sliders["weight"].setValue(90)
    w.body_panel.sliders["age"].setValue(70)
    assert np.array_equal(w.body.vertices, before)  # debounced: nothing yet
    qtbot.waitUntil(lambda: w.state.shape.startswith("gender="), timeout=2000)
    assert "weight=0.9" in w.state.shape and "age=70" in w.state.shape
    assert not w.body_panel.preset_buttons["neutral"].isChecked()
    assert np.abs(w.body.vertices - before).max() > 0.1
    assert w.view.plotter.camera_position == camera  # a slider move never throws the camera around


def test_a_bad_shape_is_reported_and_the_body_stays(main_window):
    w = main_window
    body = w.body
    assert not w.body_panel.set_shape("giant")
    assert w.body is body and "unknown preset" in w.body_panel.status.text()


def test_skin_tone_changes_the_base_colour_of_every_picture(main_window):
    w = main_window
    painted = _paint_leg(w)
    bare = np.setdiff1d(np.flatnonzero(w.body.side < 0), painted)[:50]
    for tone in ("light", "brown", "deep"):
        w.body_panel.set_tone(tone)
        assert w.state.tone == tone
        expected = (colors.hex_rgb(colors.SKIN_TONES[tone]) * 255).astype(np.uint8)
        assert (np.abs(w.view.colours()[bare].astype(int) - expected) <= 1).all()
    w.show_root("C6", "left")  # the highlight is drawn over the chosen tone too
    assert (np.abs(w.view.colours()[bare].astype(int) - expected) <= 1).all()
    assert w.body_panel.tone_buttons["deep"].isChecked()
    with pytest.raises(ValueError, match="allowed: light"):
        w.body_panel.set_tone("green")
