"""Sessions from the window: exact round trips, bad files that change nothing, exports, autosave,
crash recovery in a real killed process, recent files, remembered preferences and patient mode.

Nothing here touches the user's files: the recovery file goes to ``tmp_path`` (``RADVIZ_RECOVERY``),
compiled atlases to the test run's cache (``RADVIZ_CACHE``, tests/conftest.py) and QSettings to
``tmp_path`` under a test organisation name.
"""
from __future__ import annotations

import json
import subprocess
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from conftest import new_window
from session_helpers import child_script, kill_and_restore, paint, private_files  # noqa: F401 (fixture)
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox


@pytest.fixture
def settings_dir(tmp_path):
    """QSettings under ``tmp_path`` for this test (a settings-using window behaves as in the app)."""
    folder = tmp_path / "settings"
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(folder))
    QCoreApplication.setOrganizationName("radviz-test")
    yield folder
    QCoreApplication.setOrganizationName("")




def _example(window) -> None:
    paint(window)
    paint(window, "thigh", -1, "numbness", 4.0)
    window.request_finding("motor", "left", "ankle_dorsiflexion", "weak")
    window.request_finding("reflex", "right", "achilles", "absent")
    window.request_finding("sign", None, "babinski", True)
    choose_map(window, "keegan1948")


def choose_map(window, name: str) -> None:
    """Switch map as the root browser's map box does (the window and the autosave both listen)."""
    window.browser.map_chosen.emit(name)


def _snapshot(window) -> tuple:
    return (window.drawing.values.copy(), window.findings.to_dict(), window.engine.atlas.map.name,
            window.windowTitle(), window.sessions.path, window.undo_stack.count())


# --------------------------------------------------------------------- save and open
def test_saved_session_reopens_exactly(main_window, tmp_path):
    w = main_window
    _example(w)
    assert w.sessions.shown_title() == "Untitled* — radviz" and w.isWindowModified()
    saved_values, saved_findings = np.round(w.drawing.values, 3), w.findings.to_dict()
    path = tmp_path / "case.radviz.json"
    scored = [(r.root, r.side, round(r.score, 3)) for r in w.last_result.roots[:5]]
    assert w.sessions.save_session(path)
    assert w.sessions.shown_title() == "case — radviz" and not w.sessions.is_modified()

    w.sessions.new_session()
    choose_map(w, "lee2008")
    assert w.drawing.is_empty() and w.findings.is_empty()
    assert w.sessions.open_session(path)
    assert np.array_equal(w.drawing.values, saved_values)
    assert w.findings.to_dict() == saved_findings
    assert w.engine.atlas.map.name == "keegan1948"
    assert w.sessions.warnings == [] and w.sessions.shown_title() == "case — radviz"
    assert [(r.root, r.side, round(r.score, 3)) for r in w.last_result.roots[:5]] == scored  # scored again
    again = tmp_path / "again.radviz.json"
    w.sessions.save_session(again)
    first, second = json.loads(path.read_text()), json.loads(again.read_text())
    first.pop("saved"), second.pop("saved")
    assert first == second


def test_other_map_version_and_body_are_reported(main_window, tmp_path):
    w = main_window
    paint(w)
    path = tmp_path / "old.radviz.json"
    w.sessions.save_session(path)
    raw = json.loads(path.read_text())
    raw["map"]["digest"] = "0" * 64
    raw["body"]["shape"] = "file:scan.obj"  # a mesh this computer does not have
    path.write_text(json.dumps(raw))
    values = w.drawing.values.copy()
    assert w.sessions.open_session(path)
    text = " ".join(w.sessions.warnings)
    assert "has changed since this session was saved" in text and "'file:scan.obj' body" in text
    assert np.array_equal(w.drawing.values, np.round(values, 3))  # same topology: vertex for vertex
    notices = [box for box in w.findChildren(QMessageBox) if box.isVisible()]  # the non-blocking notice
    assert len(notices) == 1 and "scores may differ" in notices[0].text()
    notices[0].close()


def test_session_on_another_shape_reshapes_the_body(main_window, tmp_path):
    w = main_window
    if getattr(w, "body_panel", None) is None:
        pytest.skip("the Body dock (radviz.qt.body_panel) is not installed")
    paint(w)
    values = np.round(w.drawing.values, 3)
    path = tmp_path / "shaped.radviz.json"
    w.sessions.save_session(path)
    raw = json.loads(path.read_text())
    raw["body"]["shape"] = "older-female"
    path.write_text(json.dumps(raw))
    assert w.sessions.open_session(path)
    assert w.state.shape == "older-female" and w.sessions.warnings == []
    assert np.array_equal(w.drawing.values, values)  # shapes share the mesh: vertex for vertex


def _damaged(path: Path, kind: str) -> Path:
    text = path.read_text()
    bad = path.with_name(f"{kind}.radviz.json")
    if kind == "truncated":
        bad.write_text(text[: len(text) // 2])
    elif kind == "future":
        bad.write_text(text.replace('"version": 2', '"version": 99'))
    else:
        bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00garbage")
    return bad


@pytest.mark.parametrize("kind, reason", [("truncated", "not valid JSON"), ("future", "newer radviz"),
                                          ("corrupted", "not UTF-8")])
def test_bad_session_shows_file_place_reason_and_changes_nothing(main_window, tmp_path, monkeypatch, kind,
                                                                 reason):
    w = main_window
    paint(w)
    good = tmp_path / "good.radviz.json"
    w.sessions.save_session(good)
    _example(w)
    bad = _damaged(good, kind)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    before = _snapshot(w)
    assert not w.sessions.open_session(bad)
    assert len(shown) == 1 and bad.name in shown[0] and reason in shown[0]
    if kind == "future":
        assert "version:" in shown[0]  # the place
    after = _snapshot(w)
    assert np.array_equal(before[0], after[0]) and before[1:] == after[1:]


# --------------------------------------------------------------------- exports
def test_pdf_report_has_the_text_and_the_charts(main_window, tmp_path):
    w = main_window
    _example(w)
    top = w.last_result.roots[0].root
    pdf = w.exports.export_report(tmp_path / "report.pdf")
    text = unicodedata.normalize("NFKC", subprocess.run(  # NFKC: the PDF's "fi" ligatures back to letters
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    for expected in ("Front view", "Back view", "Symptoms drawn", "Ankle dorsiflexion", "Examination",
                     "Roots that fit the picture", top, "What this means", "Map and sources",
                     "does not diagnose", "Babinski", "Page 1 of"):
        assert expected.lower() in text.lower(), expected
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert len([line for line in images if " image " in line]) >= 2


def test_png_export_has_the_chosen_size(main_window, tmp_path):
    w = main_window
    paint(w)
    path = w.exports.export_png(tmp_path / "view.png", 640, 360)
    image = QImage(str(path))
    assert (image.width(), image.height()) == (640, 360)
    centre = image.pixelColor(320, 180)
    assert (centre.red(), centre.green(), centre.blue()) != (255, 255, 255)  # the body, not background


def test_size_dialog_defaults_to_the_view(main_window, tmp_path):
    from radviz.qt.exports import SizeDialog

    dialog = SizeDialog(main_window, 800, 600)
    dialog.width_box.setValue(1024)
    assert dialog.size() == (1024, 600)
    dialog.show()
    dialog.grab().save(str(tmp_path / "size_dialog.png"))
    dialog.close()


# --------------------------------------------------------------------- autosave, close, recovery
def test_autosave_follows_every_change_and_goes_when_saved(main_window, tmp_path):
    w = main_window
    recovery = w.autosave.path
    assert recovery.parent == tmp_path / "recovery" and not recovery.exists()
    paint(w)
    kept = json.loads(recovery.read_text())
    assert kept["drawing"]["pain"]["vertices"] == np.flatnonzero(w.drawing.values[0]).tolist()
    w.request_finding("motor", "left", "hip_flexion", "weak")
    assert json.loads(recovery.read_text())["findings"]["motor"]["left"] == {"hip_flexion": "weak"}
    choose_map(w, "keegan1948")
    assert json.loads(recovery.read_text())["map"]["name"] == "keegan1948"
    w.sessions.save_session(tmp_path / "s.radviz.json")
    assert not recovery.exists()
    w.undo_action.trigger()
    assert recovery.exists() and w.sessions.shown_title() == "s* — radviz"
    w.close()
    assert not recovery.exists()  # closing without asking discards: nothing is left to offer


def test_closing_with_changes_asks_save_discard_cancel(main_window, tmp_path, monkeypatch):
    w = main_window
    w.sessions.ask = True
    paint(w)
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    target = tmp_path / "kept.radviz.json"
    monkeypatch.setattr("radviz.qt.session_file.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), ""))
    assert not w.close() and w.isVisible()  # cancelled: still open, work still there
    recovery = w.autosave.path
    assert recovery.exists()
    assert w.close()  # saved through the dialog, then closed
    assert target.exists() and not recovery.exists()


def test_recover_restores_the_drawing_as_unsaved(main_window, tmp_path):
    w = main_window
    _example(w)
    values = np.round(w.drawing.values, 3)
    recovery = w.autosave.path
    kept = tmp_path / "kept.json"
    kept.write_bytes(recovery.read_bytes())
    w.sessions.new_session()
    choose_map(w, "lee2008")
    assert w.autosave.recover(kept)
    assert np.array_equal(w.drawing.values, values) and w.engine.atlas.map.name == "keegan1948"
    assert w.sessions.shown_title() == "Untitled* — radviz"
    assert json.loads(recovery.read_text())["drawing"] == json.loads(kept.read_text())["drawing"]


_CHILD = child_script("""
    def snapshot():
        return {"drawing": s.drawing.values.tolist()}


    def work():
        paint_from_argv("tingling")
""")


def test_killed_app_restores_the_last_stroke_on_next_start(tmp_path, body):
    worked, restored, second, folder = kill_and_restore(tmp_path, body, _CHILD)
    painted, restored = np.asarray(worked["drawing"]), np.asarray(restored["drawing"])
    assert painted[2].any() and np.array_equal(restored, np.round(painted, 3))
    assert "TITLE Untitled* — radviz" in second.stdout
    assert not list(folder.glob("*.json"))  # restored, then closed after discarding: a clean exit
    assert not list(folder.glob("*.lock"))


# --------------------------------------------------------------------- recent files, settings, modes
def test_recent_files_newest_first_missing_dropped(qtbot, tmp_path, settings_dir):
    w = new_window(qtbot)
    paths = [tmp_path / f"s{k}.radviz.json" for k in range(10)]
    for p in paths:
        w.sessions.save_session(p)
    recent = w.preferences.recent_files()
    assert recent == [str(p.resolve()) for p in reversed(paths)][:8]
    paths[9].unlink()
    assert str(paths[9].resolve()) not in w.preferences.recent_files()
    w.preferences.fill_recent()
    assert [a.text() for a in w.preferences.recent_menu.actions()][0] == "&1 s8.radviz.json"
    w.close()


def test_preferences_and_layout_are_remembered(qtbot, settings_dir):
    w = new_window(qtbot)
    w.show()
    choose_map(w, "keegan1948")
    w.brush.radius_box.setValue(7.5)
    w.modes.action.trigger()
    w.resize(1200, 800)
    w.close()
    again = new_window(qtbot)
    again.show()
    qtbot.waitExposed(again)
    assert again.engine.atlas.map.name == "keegan1948"
    assert again.brush.radius_box.value() == 7.5
    assert again.modes.mode == "patient" and again.modes.action.isChecked()
    assert not again.docks["findings"].isVisible() and again.modes.prompt.isVisible()
    assert (again.width(), again.height()) == (1200, 800)
    again.modes.set_mode("clinician")
    again.close()


def test_patient_mode_plain_and_large_clinician_mode_full(main_window, qtbot, tmp_path):
    w = main_window
    paint(w)
    w.refresh_results()
    w.docks["findings"].raise_()
    clinician_size = w.results.table.font().pointSize()
    w.grab().save(str(tmp_path / "clinician.png"))
    w.modes.action.trigger()
    assert w.modes.mode == "patient"
    assert not w.docks["findings"].isVisible()
    table = w.results.table  # words only: no score or overlap numbers a patient cannot act on
    assert [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())] == \
        ["Nerve root", "Side", "How well it fits"]
    assert w.results.table.font().pointSize() > clinician_size
    assert w.modes.prompt.isVisible() and "Where does it hurt?" in w.modes.prompt.widgetForAction(
        w.modes.prompt.actions()[0]).text()
    assert "not a diagnostic" in w.statusBar().findChildren(type(w.hover_label))[-1].text()
    qtbot.wait(50)
    w.grab().save(str(tmp_path / "patient.png"))
    w.modes.action.trigger()
    assert w.modes.mode == "clinician" and w.docks["findings"].isVisible()
    assert table.columnCount() == 6 and table.horizontalHeaderItem(2).text() == "Score"
    assert w.results.table.font().pointSize() == clinician_size
    assert not w.modes.prompt.isVisible()


def test_file_menu_order_and_shortcuts(main_window):
    w = main_window
    texts = [a.text() for a in w.menus["file"].actions() if a.text()]
    assert texts[:5] == ["New session", "Open session…", "Open recent", "Save session", "Save session as…"]
    assert texts[-3:] == ["Export image…", "Export report…", "Quit"]
    keys = {name: w.actions[name].shortcut().toString() for name in ("new", "open", "save", "save_as", "png", "report")}
    assert keys == {"new": "Ctrl+N", "open": "Ctrl+O", "save": "Ctrl+S", "save_as": "Ctrl+Shift+S",
                    "png": "Ctrl+E", "report": "Ctrl+P"}
