"""Every user action goes through the window's state: it marks the session modified, is autosaved,
survives save and reopen, and comes back from the recovery file (issue 17).

Also the two bugs of issue 17 (a reshape after a save was lost; an opened mesh was not recorded)
and the recovery bugs of issue 21 (Open body dropped the drawing and the recovery file; two
windows shared one recovery file; autosave failures were silent; a recovery file could point Save
anywhere; a damaged file with ``RADVIZ_RECOVER=yes`` stopped start-up on a dialog).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import new_window
from session_helpers import child_script, kill_and_restore, paint, private_files  # noqa: F401 (fixture)
from PySide6.QtWidgets import QApplication, QMessageBox

from radviz.recovery import find_orphans



@pytest.fixture(scope="module")
def finer_mesh(tmp_path_factory) -> Path:
    """The shipped body subdivided once, as an OBJ: another vertex count, the same skin."""
    import trimesh

    from radviz.body import default_body, subdivided

    fine = subdivided(default_body(), 1)
    path = tmp_path_factory.mktemp("meshes") / "finer.obj"
    trimesh.Trimesh(fine.vertices, fine.faces, process=False).export(path)
    return path




def snapshot(window) -> dict:
    """What a user would call 'my work': drawing, findings, map, body, skin tone and register."""
    s = window.state
    return {"drawing": np.round(s.drawing.values, 3).tolist(), "findings": s.findings.to_dict(),
            "map": s.map_name, "shape": s.shape, "n_vertices": s.body.n_vertices, "tone": s.tone,
            "register": s.register}


def _slider(window, qtbot, finer_mesh) -> None:
    window.body_panel.sliders["weight"].setValue(90)  # debounced: the body changes after a pause
    qtbot.waitUntil(lambda: window.state.shape.startswith("gender="), timeout=3000)


ACTIONS = {
    "paint": lambda w, qtbot, mesh: paint(w, "thigh", -1, "numbness", 4.0),
    "clear": lambda w, qtbot, mesh: w.actions["clear"].trigger(),
    "finding": lambda w, qtbot, mesh: w.findings_panel.finding_requested.emit("motor", "left",
                                                                              "ankle_dorsiflexion", "weak"),
    "map": lambda w, qtbot, mesh: w.browser.map_chosen.emit("keegan1948"),
    "preset": lambda w, qtbot, mesh: w.body_panel.preset_buttons["older-female"].click(),
    "slider": _slider,
    "open_body": lambda w, qtbot, mesh: w.open_body(mesh),
    "tone": lambda w, qtbot, mesh: w.body_panel.tone_buttons["deep"].click(),
    "register": lambda w, qtbot, mesh: w.modes.action.trigger(),
}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_action_is_modified_autosaved_saved_and_recovered(main_window, qtbot, tmp_path, finer_mesh,
                                                               action):
    w = main_window
    mesh = Path(shutil.copy(finer_mesh, tmp_path / finer_mesh.name))  # sessions find meshes beside them
    paint(w)  # something to clear, and a drawing that must follow a new body
    base = tmp_path / "base.radviz.json"
    assert w.sessions.save_session(base)
    assert not w.sessions.is_modified() and not w.autosave.path.exists()
    before = snapshot(w)

    ACTIONS[action](w, qtbot, mesh)
    after = snapshot(w)
    assert after != before, f"{action} did not change the state"
    assert w.sessions.is_modified() and w.sessions.shown_title() == "base* — radviz"
    assert w.autosave.path.exists(), f"{action} was not autosaved"
    kept = tmp_path / "kept.json"
    kept.write_bytes(w.autosave.path.read_bytes())

    saved = tmp_path / "saved.radviz.json"
    assert w.sessions.save_session(saved)
    assert not w.autosave.path.exists()
    other = new_window(qtbot)
    assert other.sessions.open_session(saved)
    assert snapshot(other) == after and other.sessions.warnings == []

    fresh = new_window(qtbot)
    assert fresh.autosave.recover(kept)
    assert snapshot(fresh) == after
    assert fresh.sessions.path is None and fresh.sessions.shown_title() == "Untitled* — radviz"
    for window in (other, fresh):
        window.close()


def test_reshape_after_save_marks_modified_and_asks_on_close(main_window, monkeypatch, tmp_path):
    """Issue 17, bug 1: a body-shape change after a save was not a change (lost on close, no prompt)."""
    w = main_window
    paint(w)
    w.sessions.save_session(tmp_path / "s.radviz.json")
    w.body_panel.set_shape("heavy")
    assert w.sessions.is_modified() and w.autosave.path.exists()
    assert json.loads(w.autosave.path.read_text())["body"]["shape"] == "heavy"
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Cancel)
    w.sessions.ask = True
    assert not w.close() and w.isVisible()
    assert asked == ["The drawing has changes that are not saved."]
    w.sessions.ask = False


def test_opened_mesh_is_recorded_in_the_session(main_window, tmp_path, finer_mesh):
    """Issue 17, bug 2: after File > Open body the session kept the old preset and no mesh."""
    w = main_window
    assert w.open_body(finer_mesh)
    path = tmp_path / "on-mesh.radviz.json"
    w.sessions.save_session(path)
    body = json.loads(path.read_text())["body"]
    assert body == {"shape": "file:finer.obj", "mesh": "finer.obj", "n_vertices": w.body.n_vertices}


def test_open_body_keeps_the_drawing_and_the_recovery_file(main_window, finer_mesh):
    """Issue 21: opening a body dropped the drawing, marked the session clean and deleted recovery."""
    w = main_window
    paint(w)
    painted = w.body.vertices[np.flatnonzero(w.drawing.values[0])]
    assert w.open_body(finer_mesh)
    assert w.body.n_vertices > 13380 and not w.drawing.is_empty()
    moved = w.body.vertices[np.flatnonzero(w.drawing.values[0])]
    assert np.abs(moved.mean(axis=0) - painted.mean(axis=0)).max() < 0.05  # the same place on the skin
    assert w.sessions.is_modified() and w.autosave.path.exists()
    kept = json.loads(w.autosave.path.read_text())
    assert kept["recovery"]["mesh_path"] == str(finer_mesh.resolve()) and kept["drawing"]["pain"]["vertices"]
    assert w.results.rows  # the moved drawing is scored on the new body


def test_two_windows_keep_their_own_recovery_files(main_window, qtbot, tmp_path):
    """Issue 21: two windows shared one file; one's save or discard deleted the other's work."""
    first, second = main_window, new_window(qtbot)
    paint(first)
    paint(second, "forearm", -1, "tingling")
    assert first.autosave.path != second.autosave.path
    assert first.autosave.path.exists() and second.autosave.path.exists()
    assert find_orphans(tmp_path / "recovery") == []  # both windows are alive: nothing to offer
    first.sessions.save_session(tmp_path / "first.radviz.json")
    assert not first.autosave.path.exists() and second.autosave.path.exists()
    tingling = json.loads(second.autosave.path.read_text())["drawing"]["tingling"]["vertices"]
    assert tingling and not json.loads(second.autosave.path.read_text())["drawing"]["pain"]["vertices"]
    second.close()


def _orphan(folder: Path, name: str, drawing_vertices: list[int], written: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps({
        "format": "radviz-session", "version": 1, "body": {"shape": "neutral", "n_vertices": 13380},
        "map": {"name": "lee2008"}, "drawing": {"pain": {"vertices": drawing_vertices,
                                                         "values": [5.0] * len(drawing_vertices)}},
        "findings": {"signs": ["clonus"]}, "recovery": {"written": written, "session": "/etc/passwd"}}))
    return path


def test_next_start_offers_every_orphan_with_time_and_summary(qtbot, tmp_path, monkeypatch):
    folder = tmp_path / "recovery"
    _orphan(folder, "a", [10, 11, 12], "2026-01-02T03:04:05+00:00")
    _orphan(folder, "b", [20, 21], "2026-01-01T00:00:00+00:00")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text)
                        or (QMessageBox.StandardButton.Yes if len(asked) == 1 else QMessageBox.StandardButton.No))
    w = new_window(qtbot)
    restored = w.autosave.offer(ask=True)
    assert len(asked) == 2
    assert "January 2026" in asked[0] and "pain on 3 points; 1 finding" in asked[0]  # when, in words
    assert "days ago" in asked[1] and "pain on 2 points" in asked[1]
    assert [o.path.name for o in restored] == ["a.json"]
    assert np.flatnonzero(w.drawing.values[0]).tolist() == [10, 11, 12]
    assert not list(folder.glob("a.json")) and not list(folder.glob("b.json"))  # kept in w's own file; 'No'
    assert w.autosave.path.exists()


def test_recovered_work_is_untitled_and_save_asks_where(qtbot, tmp_path, monkeypatch):
    """Issue 21: a crafted recovery file named the session path, and Save wrote there."""
    folder = tmp_path / "recovery"
    _orphan(folder, "crafted", [5], "2026-01-01T00:00:00+00:00")
    monkeypatch.setenv("RADVIZ_RECOVER", "yes")
    w = new_window(qtbot)
    assert w.sessions.path is None and w.sessions.shown_title() == "Untitled* — radviz"
    asked = []
    monkeypatch.setattr("radviz.qt.session_file.QFileDialog.getSaveFileName",
                        lambda *a, **k: asked.append(a) or ("", ""))
    assert not w.sessions.save()
    assert len(asked) == 1
    w.close()


def test_damaged_recovery_with_recover_yes_starts_without_a_dialog(qtbot, tmp_path, monkeypatch, capfd):
    folder = tmp_path / "recovery"
    folder.mkdir()
    (folder / "garbage.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00garbage")
    _orphan(folder, "wrong", [99_999_999], "2026-01-01T00:00:00+00:00")  # valid JSON, bad vertex
    monkeypatch.setenv("RADVIZ_RECOVER", "yes")
    for name in ("critical", "question", "warning"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: pytest.fail("a dialog stopped start-up"))
    w = new_window(qtbot)
    assert QApplication.activeModalWidget() is None
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".bad") == ["garbage.json.bad", "wrong.json.bad"]
    err = capfd.readouterr().err
    assert "garbage.json: damaged" in err and "wrong.json: drawing.pain.vertices" in err
    assert w.drawing.is_empty()
    w.close()


def test_autosave_failure_is_told_once_and_retried(main_window, tmp_path, qtbot):
    w = main_window
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the recovery folder should be")
    w.autosave.file.folder = blocker / "recovery"
    w.autosave.file.path = blocker / "recovery" / "r.json"
    w.autosave.file.lock_path = blocker / "recovery" / "r.lock"
    paint(w)
    paint(w, "forearm", +1)
    told = [b for b in w.findChildren(QMessageBox) if b.windowTitle() == "Autosave failed"]
    assert len(told) == 1 and w.autosave.failing and w.autosave.retry.isActive()
    for box in told:
        box.close()
    blocker.unlink()  # the disk works again: the retry writes without another change
    qtbot.waitUntil(lambda: w.autosave.path.exists(), timeout=w.autosave.retry.interval() + 3000)
    assert not w.autosave.failing
    assert json.loads(w.autosave.path.read_text())["drawing"]["pain"]["vertices"]


_CHILD = child_script("""
    def snapshot():
        return {"drawing": np.round(s.drawing.values, 3).tolist(), "findings": s.findings.to_dict(),
                "map": s.map_name, "shape": s.shape, "tone": s.tone, "register": s.register}


    def work():
        paint_from_argv()
        window.findings_panel.finding_requested.emit("reflex", "right", "achilles", "absent")
        window.browser.map_chosen.emit("keegan1948")
        window.body_panel.tone_buttons["brown"].click()
        window.modes.action.trigger()
        window.body_panel.preset_buttons["heavy"].click()
""")


def test_every_action_survives_sigkill(tmp_path, body):
    worked, restored, second, folder = kill_and_restore(tmp_path, body, _CHILD)
    assert worked["shape"] == "heavy" and worked["tone"] == "brown" and worked["register"] == "patient"
    assert restored == worked
    assert "TITLE Untitled* — radviz" in second.stdout
    assert not list(folder.glob("*.json"))
