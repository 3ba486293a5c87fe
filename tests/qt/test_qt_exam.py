"""Exam mode in the window: clicks on key points, the muscle panel, exam files, the live classification,
the body coloured by the exam, undo and the modified session, save and reopen, and the report page."""
from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import Qt

from radviz.exam_picture import STATUS_COLOURS
from radviz.isncsci import Exam, exam_to_dict, load_exam
from radviz.isncsci.levels import MOTOR_LEVELS, SENSORY_LEVELS
from radviz.qt.chart_view import legend_entries
from tests.qt.test_qt_screen_fit import _inside, _open_on_screen

_EXAM_PROBE = """
import json
from PySide6.QtWidgets import QApplication
app = QApplication(['radviz'])
from radviz.qt.main_window import MainWindow
from radviz.isncsci.levels import SENSORY_LEVELS
w = MainWindow()
w.show()
w.exam_mode.action.trigger()
w.exam_mode.set_values([(side, kind, lv, 'NT' if lv == 'T4' else '1*')
                        for side in ('right', 'left') for lv in SENSORY_LEVELS[5:]
                        for kind in ('lightTouch', 'pinPrick')])
for _ in range(40):
    app.processEvents()
dock = w.docks['exam']
corner = dock.mapTo(w, dock.rect().bottomRight())
frame = w.frameGeometry().getRect()
w.chart_switch.show_chart(True)
for _ in range(40):
    app.processEvents()
print(json.dumps({'avail': w.screen().availableGeometry().getRect(), 'frame': frame,
                  'chart_frame': w.frameGeometry().getRect(),
                  'dock_shown': dock.isVisible() and w.exam_mode.panel.isVisible(),
                  'dock_inside': w.rect().contains(corner), 'tabs_height': w.exam_mode.panel.tabs.height()}))
w.close()
"""


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


def test_clicking_a_key_point_on_the_2d_chart_chooses_it_too(qtbot, main_window):
    w = main_window
    mode = _enter(w)
    w.chart_switch.show_chart(True)
    front = w.chart_switch.chart.charts["anterior"]
    front.plotter.render()
    mode.panel.click_box.setCurrentIndex(mode.panel.click_box.findData("1"))
    point = front.project(w.engine.atlas.key_points[("L3", "right")]).toPoint()
    qtbot.mouseClick(front.plotter, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert mode.panel.point == ("L3", "right")
    assert w.state.exam.value("right", "lightTouch", "L3") == "1" and w.state.exam.value("right", "pinPrick", "L3") == "1"


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
    assert "Complete or incomplete: C (complete)" in steps
    assert "no voluntary anal contraction, no deep anal pressure, no S4-5 sensation" in steps
    assert "going down, T6 is the first level short of normal (left T6 light touch 0, pin prick 0)" in steps
    assert "lightTouch" not in steps and "voluntaryAnalContraction" not in steps  # words, not field names
    assert "*: the result rests on" not in steps  # no mark, no note
    mode.set_values([("right", "pinPrick", "C4", "NT*")])
    assert "*: the result rests on a value marked as impaired for a reason other than the spinal cord injury" \
        in mode.panel.steps.toPlainText()


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
    assert len(w.picture.labels) == 2 and w.view._markers.n_points == 54  # a dot on every key point but the labelled
    # the 2D chart shows the same picture
    w.chart_switch.show_chart(True)
    chart = w.chart_switch.chart
    front = chart.charts["anterior"].colours() / 255.0
    assert np.allclose(front[left], colours[left], atol=0.02)
    assert [text for _, text in legend_entries(w.state)][:4] == ["normal", "impaired", "absent", "not tested"]


def _sensory_incomplete_below_c5():
    """Nothing below C5 but light touch at S4-5: AIS B, unless motor function more than three levels below C5."""
    below = SENSORY_LEVELS[SENSORY_LEVELS.index("C6"):]
    changes = [(side, kind, lv, "1" if (lv, kind) == ("S4_5", "lightTouch") else "0")
               for side in ("left", "right") for lv in below for kind in ("lightTouch", "pinPrick")]
    changes += [(side, "motor", lv, "0") for side in ("left", "right") for lv in MOTOR_LEVELS[1:]]
    return changes + [(None, "anal", "voluntaryAnalContraction", "No"), (None, "anal", "deepAnalPressure", "No")]


def test_the_3d_view_and_the_chart_show_the_sensory_levels_beside_the_colours(main_window):
    w = main_window
    mode = _enter(w)
    mode.set_values([("right", kind, lv, "0") for lv in SENSORY_LEVELS[SENSORY_LEVELS.index("C7"):]
                     for kind in ("lightTouch", "pinPrick")] + [("left", "pinPrick", "T2", "1")])
    assert "Sensory level R: C6  L: T1" in w.view.caption()
    assert "NLI: C6" in w.view.caption()
    assert ["Sensory level R: C6", "Sensory level L: T1"] == [text for _, text in w.picture.labels]
    w.chart_switch.show_chart(True)
    chart = w.chart_switch.chart
    assert "Sensory level R: C6 &nbsp;L: T1" in chart.levels.text() and chart.levels.isVisible()
    assert chart.charts["anterior"]._markers.n_points == 56  # a dot on every key point, the levelled ones too
    mode.set_values([("left", "pinPrick", "T2", "2")])  # the chart follows the next edit
    assert "L: INT" in chart.levels.text()
    mode.set_active(False)
    assert w.view.caption() == "" and not chart.levels.isVisible()  # only Exam mode shows the levels


def test_the_lowest_non_key_muscle_is_set_in_the_panel_classified_and_saved(tmp_path, main_window):
    w = main_window
    mode = _enter(w)
    mode.set_values(_sensory_incomplete_below_c5())
    ais = w.state.exam.classification["ASIAImpairmentScale"]
    assert ais.text == "B"
    box = mode.panel.non_key_boxes["right"]
    assert box.currentText() == "none"
    box.setCurrentIndex(box.findText("T1"))  # T1 is more than three levels below the motor level C5
    assert w.state.exam.value("right", "lowestNonKeyMuscleWithMotorFunction", None) == "T1"
    assert w.state.exam.classification["ASIAImpairmentScale"].text == "C"
    assert "AIS <b>C</b>" in mode.panel.summary.text()
    assert "motor function more than three levels below the motor level C5 (lowest non-key muscle with motor " \
        "function right T1)" in mode.panel.steps.toPlainText()  # the step names the muscle that decided it
    assert "lowest non-key muscle T1" in w.undo_stack.undoText()
    session = tmp_path / "case.radviz.json"
    assert w.sessions.save_session(session)
    assert json.loads(session.read_text())["exam"]["right"]["lowestNonKeyMuscleWithMotorFunction"] == "T1"
    exam_file = tmp_path / "exam.json"
    assert mode.save_exam(exam_file)
    assert load_exam(exam_file).right.lowest_non_key_muscle == "T1"  # the file `radviz isncsci` reads
    w.undo_stack.undo()
    assert box.currentText() == "none" and w.state.exam.classification["ASIAImpairmentScale"].text == "B"
    assert w.sessions.open_session(session)
    assert mode.panel.non_key_boxes["right"].currentText() == "T1"
    assert mode.panel.non_key_boxes["left"].currentText() == "none"


@pytest.mark.window
@pytest.mark.parametrize("width, height, scale", [(1280, 720, None), (1920, 1080, 1.5)])
def test_the_window_in_exam_mode_fits_a_small_screen(width, height, scale):
    seen = _open_on_screen(width, height, scale, probe=_EXAM_PROBE)
    assert _inside(seen["frame"], seen["avail"]), seen  # the exam panel scrolls rather than grow the window
    assert _inside(seen["chart_frame"], seen["avail"]), seen  # and the 2D chart's levels line wraps
    assert seen["dock_shown"] and seen["dock_inside"], seen
    assert seen["tabs_height"] >= 120, seen  # the sensory grid keeps room for several rows


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
