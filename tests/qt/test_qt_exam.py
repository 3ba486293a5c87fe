"""Exam mode in the window: clicks on key points, the muscle panel, exam files, the live classification,
the body coloured by the exam, undo and the modified session, save and reopen, and the report page."""
from __future__ import annotations

import json

import numpy as np
from PySide6.QtCore import Qt

from radviz.exam_picture import STATUS_COLOURS
from radviz.isncsci import Exam, exam_to_dict
from radviz.isncsci.levels import SENSORY_LEVELS
from radviz.qt.chart_view import legend_entries


def _enter(w):
    w.exam_mode.action.trigger()
    assert w.state.shown.kind == "exam" and w.docks["exam"].isVisible()
    w.view.plotter.render()
    return w.exam_mode


def _click(qtbot, w, vertex: int):
    point = w.view.project(vertex).toPoint()
    qtbot.mouseClick(w.view.plotter, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def test_clicking_a_key_point_on_the_body_sets_its_light_touch_and_pin_prick(qtbot, main_window):
    w = main_window
    mode = _enter(w)
    panel = mode.panel
    vertex = w.engine.atlas.key_points[("T10", "left")]  # the umbilicus level, facing the camera
    _click(qtbot, w, vertex)
    assert panel.point == ("T10", "left")
    assert "T10" in panel.point_label.text()
    assert mode.hover_text(vertex) == "key point left T10: LT 2, PP 2"  # the status bar names it in Exam mode
    panel.lt_box.setCurrentIndex(panel.lt_box.findData("1"))
    panel.pp_box.setCurrentIndex(panel.pp_box.findData("0*"))  # absent, not due to the SCI
    assert w.state.exam.value("left", "lightTouch", "T10") == "1"
    assert w.state.exam.value("left", "pinPrick", "T10") == "0*"
    assert panel.grid.item(SENSORY_LEVELS.index("T10"), 3).text() == "0*"
    # a quick pass: the click itself sets both values on the other side
    panel.click_box.setCurrentIndex(panel.click_box.findData("0"))
    _click(qtbot, w, w.engine.atlas.key_points[("T10", "right")])
    assert panel.point == ("T10", "right")
    assert w.state.exam.value("right", "lightTouch", "T10") == "0"
    assert w.state.exam.value("right", "pinPrick", "T10") == "0"
    assert "T10" in w.undo_stack.undoText()


def test_the_classification_and_its_steps_follow_every_change(main_window):
    w = main_window
    mode = _enter(w)
    assert "AIS <b>E</b>" in mode.panel.summary.text()
    below = SENSORY_LEVELS[SENSORY_LEVELS.index("T6"):]
    mode.set_values([(side, kind, lv, "0") for side in ("left", "right") for lv in below
                     for kind in ("lightTouch", "pinPrick")])
    mode.set_values([(None, "anal", "voluntaryAnalContraction", "No"), (None, "anal", "deepAnalPressure", "No")])
    mode.set_values([(side, "motor", lv, "0") for side in ("left", "right") for lv in ("L2", "L3", "L4", "L5", "S1")])
    text = mode.panel.summary.text()
    assert "R <b>T5</b>" in text and "L <b>T5</b>" in text and "AIS <b>A</b>" in text and "complete" in text
    steps = mode.panel.steps.toPlainText()
    assert "no VAC, no DAP, no S4-5 sensation" in steps
    assert "at T6" in steps  # the rule that stopped the sensory level, and where


def test_the_motor_panel_sets_key_muscles_and_anal_fields_as_undo_steps(main_window):
    w = main_window
    mode = _enter(w)
    box = mode.panel.motor_boxes[("C6", "right")]
    box.setCurrentIndex(box.findData("3"))
    assert w.state.exam.value("right", "motor", "C6") == "3"
    assert w.state.exam.classification.totals["rightUpperMotorTotal"] == "23"
    assert w.sessions.is_modified() and "*" in w.sessions.shown_title()
    anal = mode.panel.anal_boxes["voluntaryAnalContraction"]
    anal.setCurrentIndex(anal.findData("NT"))
    assert w.state.exam.current.voluntary_anal_contraction == "NT"
    w.undo_stack.undo()
    w.undo_stack.undo()
    assert w.state.exam.value("right", "motor", "C6") == "5"
    assert mode.panel.motor_boxes[("C6", "right")].currentData() == "5"
    assert w.state.exam.exam is None  # undone back to no exam at all
    w.undo_stack.redo()
    assert w.state.exam.value("right", "motor", "C6") == "3"


def test_the_body_colours_each_dermatome_by_its_exam_result(main_window):
    w = main_window
    mode = _enter(w)
    mode.set_values([("left", kind, "T8", "0") for kind in ("lightTouch", "pinPrick")]
                    + [("right", "lightTouch", "T8", "1")])
    atlas = w.engine.atlas
    left = np.flatnonzero(atlas.column_weights("T8", "left") >= 0.95)
    right = np.flatnonzero(atlas.column_weights("T8", "right") >= 0.95)
    colours = w.view.colours() / 255.0
    for idx, status in ((left, "absent"), (right, "impaired")):
        mean = colours[idx].mean(axis=0)
        nearest = min(STATUS_COLOURS, key=lambda s: np.linalg.norm(mean - STATUS_COLOURS[s]))
        assert nearest == status, (status, mean)
    assert w.view._markers.n_points == 56  # every key point is a dot
    # the 2D chart shows the same picture
    w.chart_switch.show_chart(True)
    chart = w.chart_switch.chart
    front = chart.charts["anterior"].colours() / 255.0
    assert np.allclose(front[left], colours[left], atol=0.02)
    assert [text for _, text in legend_entries(w.state)][:4] == ["normal", "impaired", "absent", "not tested"]


def test_an_exam_file_opens_and_a_bad_one_says_file_field_and_value(tmp_path, main_window):
    w = main_window
    mode = w.exam_mode
    data = exam_to_dict(Exam.normal())
    data["left"]["pinPrick"]["C6"] = "1"
    good = tmp_path / "exam.json"
    good.write_text(json.dumps(data))
    assert mode.open_exam(good)
    assert w.state.shown.kind == "exam"  # opening an exam shows it
    assert w.state.exam.value("left", "pinPrick", "C6") == "1"
    data["right"]["motor"]["L4"] = "6"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    assert not mode.open_exam(bad)
    assert mode.last_error == "bad.json: right.motor.L4: unknown value '6'; expected one of " + \
        mode.last_error.split("expected one of ")[1]
    assert "\n" not in mode.last_error
    assert w.state.exam.value("left", "pinPrick", "C6") == "1" and w.state.exam.value("right", "motor", "L4") == "5"
    assert w.isVisible()


def test_the_exam_survives_save_and_reopen(tmp_path, qtbot, main_window):
    w = main_window
    mode = _enter(w)
    mode.set_values([("left", "lightTouch", "L3", "NT"), ("right", "motor", "L4", "2**")])
    path = tmp_path / "case.radviz.json"
    assert w.sessions.save_session(path)
    assert not w.sessions.is_modified()
    assert json.loads(path.read_text())["exam"]["right"]["motor"]["L4"] == "2**"
    w.exam_mode.clear()
    w.exam_mode.set_active(False)
    assert w.state.exam.exam is None and not w.exam_mode.action.isChecked()
    assert w.sessions.open_session(path)
    assert w.state.exam.value("left", "lightTouch", "L3") == "NT"
    assert w.state.exam.value("right", "motor", "L4") == "2**"
    assert mode.panel.motor_boxes[("L4", "right")].currentData() == "2**"
    assert w.state.shown.kind == "exam" and mode.action.isChecked()  # it reopens in Exam mode
    assert not w.sessions.is_modified()


def test_the_report_prints_the_worksheet(tmp_path, main_window):
    w = main_window
    mode = _enter(w)
    mode.set_values([("left", "pinPrick", "C7", "0")])
    pdf = w.exports.export_report(tmp_path / "report.pdf")
    text = _pdf_text(pdf)
    assert "ISNCSCI examination worksheet" in text
    assert "Neurological level of injury" in text and "Deep anal pressure" in text


def _pdf_text(path) -> str:
    import shutil
    import subprocess

    import pytest

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
