"""The first five minutes: who is using radviz, patient mode for patients, menus and Help."""
from __future__ import annotations

import functools
import re

import numpy as np
import pytest
from conftest import front_vertex, new_window  # tests/qt/conftest.py helpers

from radviz.vocabulary import GLOSSARY, words


@pytest.fixture
def first_run_window(qtbot, monkeypatch):
    """A shown window on its first start (the notice and the question above the body)."""
    import radviz.qt.main_window as main_window_module

    monkeypatch.setattr(main_window_module, "MainWindow",
                        functools.partial(main_window_module.MainWindow, first_start=True))
    window = new_window(qtbot)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def _visible_docks(window) -> set[str]:
    return {key for key, dock in window.docks.items() if dock.isVisible()}


@pytest.mark.window
def test_first_run_asks_who_is_using_radviz_and_a_patient_gets_patient_mode(first_run_window, tmp_path):
    from PySide6.QtCore import QSettings

    from radviz.qt.app import NOTICE_KEY, remember_notice_when_answered
    from radviz.qt.modes import PROMPT

    w = first_run_window
    settings = QSettings(str(tmp_path / "radviz.ini"), QSettings.Format.IniFormat)
    remember_notice_when_answered(w, settings)
    assert w.first_run.isVisible() and set(w.first_run.buttons) == {"patient", "clinician", "teacher"}
    assert not settings.value(NOTICE_KEY, False, type=bool)  # shown is not seen
    w.first_run.buttons["patient"].click()
    assert settings.value(NOTICE_KEY, False, type=bool)
    assert not w.first_run.isVisible()
    assert w.state.register == "patient" and w.modes.mode == "patient"
    assert w.state.tool == "paint" and w.paint_action.isChecked()
    assert w.modes.prompt.isVisible() and PROMPT in w.modes.prompt.findChildren(type(w.hover_label))[0].text()
    assert w.docks["results"].isVisible() and not w.docks["results"].visibleRegion().isEmpty()  # in front


@pytest.mark.window
def test_ok_keeps_the_clinician_view_and_marks_the_notice_seen(first_run_window, tmp_path):
    from PySide6.QtCore import QSettings

    from radviz.qt.app import NOTICE_KEY, remember_notice_when_answered

    w = first_run_window
    settings = QSettings(str(tmp_path / "radviz.ini"), QSettings.Format.IniFormat)
    remember_notice_when_answered(w, settings)
    w.first_run.ok.click()
    assert settings.value(NOTICE_KEY, False, type=bool)
    assert w.state.register == "clinician" and not w.teach_mode.active
    assert {"browser", "results"} <= _visible_docks(w) and not w.first_run.isVisible()


@pytest.mark.window
def test_a_teacher_gets_teach_mode_and_the_choice_can_change_later(first_run_window, monkeypatch):
    from radviz.qt import first_run

    w = first_run_window
    w.first_run.buttons["teacher"].click()
    assert w.teach_mode.active and w.docks["teach"].isVisible()
    monkeypatch.setattr(first_run.UserDialog, "exec", lambda self: (self.buttons["clinician"].click(), True)[1])
    w.user_dialog_action.trigger()  # Help > Who is using radviz?
    assert not w.teach_mode.active and w.state.register == "clinician"
    assert w.user_dialog_action in w.menus["help"].actions()


def test_paint_is_the_default_tool_for_everyone(main_window):
    assert main_window.state.tool == "paint" and main_window.view.mode == "paint"
    assert main_window.paint_action.isChecked()


def test_patient_mode_hides_clinician_panels_and_asks_red_flags_in_plain_words(main_window, qtbot):
    from radviz.qt.first_run import set_user
    from radviz.qt.patient_ui import PATIENT_SIGNS

    w = main_window
    clinician_size = w.patient_questions.font().pointSize()
    w.actions["exam_mode"].trigger()  # a clinician's exam was open: a patient does not land in it
    set_user(w, "patient")
    qtbot.wait(20)
    assert w.state.shown.kind != "exam" and not w.actions["exam_mode"].isChecked()
    shown = _visible_docks(w)
    assert not shown & {"browser", "nerves", "findings", "body", "visits"}, shown
    assert {"results", "patient_questions"} <= shown
    assert not w.toolbars["layers"].isVisible()
    tools = w.toolbars["tools"]
    for key in ("paint", "undo", "clear"):  # in sight with the big text, not behind the overflow button
        assert tools.widgetForAction(w.actions[key]).isVisible(), key
    assert not w.actions["exam_mode"].isVisible()  # a clinician's tool: no button, no F8
    assert not w.menus["exam"].menuAction().isVisible()
    point = w.view.project(front_vertex(w.body, "lower leg", +1)).toPoint()
    w.view.hover_at(point.x(), point.y())  # the status line names the roots, without their shares
    assert w.hover_label.text().startswith("left lower leg — ") and not re.search(r"\d\.\d", w.hover_label.text())
    assert "Score" not in w.results.table.toolTip() and "fits well" in w.results.table.toolTip()
    questions = w.patient_questions
    assert questions.font().pointSize() >= w.results.table.font().pointSize() - 1 > clinician_size  # big text
    labels = [lab.text() for lab in questions.findChildren(type(w.hover_label)) if lab.wordWrap()]
    assert set(PATIENT_SIGNS) == {"saddle_numbness", "bladder_bowel", "bilateral_weakness"}
    for sign in PATIENT_SIGNS:
        assert any(words("signs", sign)[1:] in text for text in labels), sign  # the patient's words
    assert not any("Babinski" in text or "Saddle numbness" in text for text in labels)  # not the clinician's
    questions.checks["bladder_bowel"].click()
    assert "bladder_bowel" in w.findings.signs
    assert "cauda_equina" in w.last_result.flags  # the emergency is raised from the patient's answer
    assert w.undo_stack.count() == 1  # one undoable step, like the clinician's tick
    set_user(w, "clinician")
    shown = _visible_docks(w)
    assert {"browser", "results"} <= shown and "patient_questions" not in shown
    assert w.toolbars["layers"].isVisible() and w.menus["exam"].menuAction().isVisible()
    assert w.actions["exam_mode"].isVisible()
    assert w.findings_panel.checks["bladder_bowel"].isChecked()  # the same finding, seen by the clinician


def test_menus_follow_desktop_conventions(main_window):
    from PySide6.QtGui import QKeySequence

    from radviz.qt.main_window import OPEN_BODY_KEY

    w = main_window
    titles = [a.text().replace("&", "") for a in w.menuBar().actions()]
    assert titles[:3] == ["File", "Edit", "View"] and titles[-1] == "Help"
    assert "Teach" in titles
    assert w.actions["open"].shortcut() == QKeySequence(QKeySequence.StandardKey.Open)  # Ctrl+O: a session
    assert w.actions["open"].text().startswith("Open session")
    assert w.actions["open_body"].shortcut() == QKeySequence(OPEN_BODY_KEY)
    owners: dict[str, str] = {}
    for key, action in w.actions.items():  # no key does two things
        for seq in action.shortcuts():
            assert seq.toString() not in owners, (key, owners.get(seq.toString()))
            owners[seq.toString()] = key
    help_texts = [a.text() for a in w.menus["help"].actions() if a.text()]
    assert help_texts[:3] == ["Quick start", "Keyboard shortcuts", "Words explained"]
    assert help_texts[-1] == "About radviz"


def test_help_pages_show_the_quick_start_the_shortcuts_and_the_words(main_window, qtbot):
    w = main_window
    w.actions["help_shortcuts"].trigger()
    shortcuts = w.help_pages["shortcuts"].text.toPlainText()
    assert "Open session" in shortcuts and "Ctrl+O" in shortcuts and "Ctrl+B" in shortcuts
    assert "Ctrl + drag" in shortcuts
    w.actions["help_quick_start"].trigger()
    quick_start = w.help_pages["quick_start"].text.toPlainText()
    assert "Drag on the body to paint" in quick_start and "legend under the body" in quick_start
    w.actions["help_glossary"].trigger()
    glossary = w.help_pages["glossary"].text.toPlainText()
    for term in ("dermatome", "EMG", "nerve root"):
        assert term in GLOSSARY and GLOSSARY[term][:30] in glossary
    for page in w.help_pages.values():
        page.close()


def test_patient_prompt_opens_the_words_explained(main_window, qtbot):
    from radviz.qt.first_run import set_user

    w = main_window
    set_user(w, "patient")
    prompt = w.modes.prompt.findChildren(type(w.hover_label))[0]
    assert "What do the words mean?" in prompt.text()
    prompt.linkActivated.emit("glossary")  # what a click on the link sends
    page = w.help_pages["glossary"]
    assert page.isVisible() and "EMG" in page.text.toPlainText() and "dermatome" in page.text.toPlainText()
    page.close()


def test_ctrl_o_opens_a_session_and_ctrl_b_a_body(main_window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    w = main_window
    w.engine.paint_points(w.drawing, [w.body.n_vertices // 3], 0.5, "pain")
    saved = w.drawing.values.copy()
    assert w.sessions.save_session(tmp_path / "visit.radviz.json")
    w.sessions.new_session()
    assert w.drawing.is_empty()
    asked = []

    def answer(parent, title, start, patterns):
        asked.append((title, patterns))
        return (str(tmp_path / "visit.radviz.json"), "") if title == "Open session" else ("", "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer)
    qtbot.keyClick(w, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert asked[-1][0] == "Open session" and not w.drawing.is_empty()
    assert np.allclose(w.drawing.values, saved, atol=0.01)  # the saved drawing is back (stored rounded)
    qtbot.keyClick(w, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert asked[-1][0] == "Open body" and "*.obj" in asked[-1][1]


def test_a_teacher_s_next_start_opens_on_the_teach_panel(main_window, qtbot, tmp_path):
    """A layout saved while the Teach panel was closed is restored on the next start; Teach mode,
    remembered for a teacher, still opens on its own panel (not behind the Results tab)."""
    from PySide6.QtCore import QSettings

    w = main_window
    settings = QSettings(str(tmp_path / "radviz.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/state", w.saveState())  # the clinician's layout: Results in front
    w.preferences.settings = settings
    w.teach_action.setChecked(True)
    w.preferences.restore_layout()  # what the first show does, in this order
    w.modes.sync()
    qtbot.wait(20)
    assert w.docks["teach"].isVisible() and not w.docks["teach"].visibleRegion().isEmpty()
