"""Root browser highlights, results rows highlight, findings go through undo, red flags show first."""
from __future__ import annotations

import numpy as np
from conftest import drag, front_vertex

from radviz.state import Shown


def test_root_browser_highlights_l4(main_window):
    w = main_window
    skin = w.view.colours()
    weights = w.engine.atlas.column_weights("L4", "left")
    w.browser.side_box.setCurrentIndex(w.browser.side_box.findData("left"))
    w.browser.root_box.setCurrentIndex(w.browser.root_box.findData("L4"))
    shown = w.view.colours()
    core = weights >= 0.7
    assert core.sum() > 20
    assert (shown[core] != skin[core]).any(axis=1).all()
    untouched = (weights == 0) & (w.body.side < 0)
    assert np.array_equal(shown[untouched], skin[untouched])
    assert "Patellar" in w.browser.info.toPlainText() or "L4" in w.browser.info.toPlainText()


def test_all_dermatomes_toggle_colours_everything(main_window):
    w = main_window
    skin = w.view.colours()
    w.browser.all_box.setChecked(True)
    changed = (w.view.colours() != skin).any(axis=1).mean()
    assert changed > 0.8
    w.browser.all_box.setChecked(False)
    assert np.array_equal(w.view.colours(), skin)


def test_choosing_a_result_row_highlights_that_root_under_the_drawing(main_window, qtbot):
    w = main_window
    w.set_mode("paint")
    a = front_vertex(w.body, "lower leg", +1)
    drag(qtbot, w, [w.view.project(a).toPoint()])
    painted = w.view.colours()  # the best root may already be shown: choose a root that is not
    row = next(k for k, (root, side) in enumerate(w.results.rows) if w.state.shown != Shown.root(root, side))
    w.results.table.selectRow(row)
    root, side = w.results.rows[row]
    assert w.state.shown == Shown.root(root, side) and w.browser.root_box.currentData() == root
    weights = w.engine.atlas.column_weights(root, side)
    core = (weights >= 0.7) & (w.drawing.values.max(axis=0) == 0)
    assert (w.view.colours()[core] != painted[core]).any(axis=1).all()
    drawn = np.flatnonzero(w.drawing.values[0] > 0)
    assert (w.view.colours()[drawn, 0] > w.view.colours()[drawn, 2]).all()  # red pain stays on top


def test_findings_go_through_undo_and_flags_show_in_red(main_window, qtbot):
    w = main_window
    assert w.results.banner.isHidden()
    w.findings_panel.checks["saddle_numbness"].setChecked(True)
    assert "saddle_numbness" in w.findings.signs
    assert not w.results.banner.isHidden()
    assert "urgent" in w.results.banner.text()
    w.undo_action.trigger()
    assert not w.findings.signs
    assert not w.findings_panel.checks["saddle_numbness"].isChecked()  # mirrored back from the model
    assert w.results.banner.isHidden()


def test_motor_finding_combo_updates_the_model(main_window):
    w = main_window
    combo = w.findings_panel.combos[("motor", "left", "ankle_dorsiflexion")]
    combo.setCurrentIndex(combo.findData("weak"))
    assert w.findings.motor["left"]["ankle_dorsiflexion"] == "weak"
    assert w.results.rows  # findings alone rank roots
    w.undo_action.trigger()
    assert combo.currentData() is None and not w.findings.motor["left"]


def test_map_switch_keeps_the_drawing(main_window, qtbot):
    w = main_window
    w.set_mode("paint")
    a = front_vertex(w.body, "lower leg", +1)
    drag(qtbot, w, [w.view.project(a).toPoint()])
    before = w.drawing.values.copy()
    w.browser.map_box.setCurrentIndex(w.browser.map_box.findData("keegan1948"))
    assert w.engine.atlas.map.name == "keegan1948"
    assert np.array_equal(w.drawing.values, before)
    assert w.results.rows
