"""Teach mode: quizzes on their own drawing, fair scores, overlap accepted, seeds, tour, maps, slides."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import drag, front_vertex
from PySide6.QtCore import QPoint, Qt

from radviz import teach


@pytest.fixture
def teaching(main_window, tmp_path, monkeypatch):
    """The main window in Teach mode, with progress kept in a temporary file."""
    monkeypatch.setenv("RADVIZ_TEACH_PROGRESS", str(tmp_path / "progress.json"))
    panel = main_window.teach_panel
    panel.store = teach.ProgressStore(tmp_path / "progress.json")  # the panel was built before the env
    main_window.teach_action.trigger()
    assert main_window.teach_mode.active
    return main_window


def _show_me(window, root="L5", seed=3):
    """Start a one-question "show me" quiz on ``root``; returns its side."""
    window.teach_panel.start(teach.Quiz(("show_me",), 1, seed, engine=window.engine, roots=[root]))
    q = window.teach_panel.quiz.current
    assert q.kind == "show_me" and q.root == root
    return q.side


def _check(qtbot, window) -> teach.Answer:
    qtbot.mouseClick(window.teach_panel.check_button, Qt.MouseButton.LeftButton)
    return window.teach_panel.quiz.answers[-1]


def test_teach_mode_keeps_the_patient_drawing_aside(teaching, qtbot):
    w = teaching
    mode = w.teach_mode
    mode.leave()  # paint a patient first, then come back
    patient = w.drawing
    w.engine.paint_points(patient, [front_vertex(w.body, "forearm", +1)], 0.4, "numbness")
    saved = patient.values.copy()
    mode.enter()
    assert w.drawing is mode.drawing and w.drawing.is_empty()
    assert not w.results.isVisible()  # the results would give the answers away
    _show_me(w)
    w.set_mode("paint")
    leg = [front_vertex(w.body, "lower leg", +1), front_vertex(w.body, "lower leg", +1, below=0.8)]
    drag(qtbot, w, [w.view.project(v).toPoint() for v in leg])
    assert not mode.drawing.is_empty() and np.array_equal(patient.values, saved)
    assert w.undo_action.isEnabled()
    w.undo_action.trigger()
    assert mode.drawing.is_empty() and not w.undo_action.isEnabled()  # undo stops at teach mode's start
    w.teach_panel.leave_button.click()
    assert w.drawing is patient and np.array_equal(patient.values, saved)
    assert w.results.isVisible() and not w.teach_mode.active


def test_show_me_scores_core_border_and_wrong_limb(teaching, qtbot):
    w = teaching
    atlas, body = w.engine.atlas, w.body
    side = _show_me(w)
    weights = atlas.column_weights("L5", side)
    w.drawing.paint("pain", np.flatnonzero(weights >= 0.9), 6.0)
    answer = _check(qtbot, w)
    assert answer.score >= 0.8, answer.text
    assert w.teach_panel.feedback.text().startswith("Well done")
    shown = w.view.colours()
    unpainted_core = np.flatnonzero((weights >= 0.7) & (w.drawing.values[0] == 0))
    assert len(unpainted_core) == 0 or (shown[unpainted_core] != shown[np.argmin(weights)]).any(axis=1).all()

    side = _show_me(w, seed=4)
    other = "right" if side == "left" else "left"
    arm = np.isin(body.part, [body.part_names.index(p) for p in ("upper arm", "forearm", "hand")])
    w.drawing.paint("pain", np.flatnonzero(arm & ((body.side > 0) == (other == "left"))), 6.0)
    assert _check(qtbot, w).score <= 0.1

    side = _show_me(w, seed=5)
    w4, w5 = atlas.column_weights("L4", side), atlas.column_weights("L5", side)
    border = np.flatnonzero((w4 >= 0.3) & (w4 <= 0.7) & (w5 >= 0.3) & (w5 <= 0.7))
    w.drawing.paint("pain", border, 6.0)
    answer = _check(qtbot, w)
    assert 0.2 <= answer.score <= 0.75 and "L4" in answer.text
    correct = 1 + int(answer.correct)  # the core counts as right, the other limb as wrong
    assert w.teach_panel.store.roots["L5"] == {"asked": 3, "correct": correct}  # kept for the next session
    assert teach.ProgressStore(w.teach_panel.store.path).roots["L5"]["asked"] == 3


def test_which_root_on_an_overlap_spot_accepts_both_roots(teaching, qtbot):
    w = teaching
    atlas = w.engine.atlas
    w4, w5 = atlas.column_weights("L4", "left"), atlas.column_weights("L5", "left")
    spot = int(np.flatnonzero((w4 >= 0.35) & (w4 <= 0.65) & (w5 >= 0.35) & (w5 <= 0.65))[0])
    accepted = tuple(teach.accepted_roots(atlas, spot, "left"))
    question = teach.Question("which_root", "Which root supplies the marked spot?", accepted[0], "left",
                              accepted, ("L3", "L4", "L5", "S1"), spot)
    for answer in ("L4", "L5"):
        w.teach_panel.start(teach.Quiz(("which_root",), engine=w.engine, questions=[question]))
        assert w.view._markers_actor.GetVisibility()  # the spot is marked on the body
        w.teach_panel.choose(answer)
        result = _check(qtbot, w)
        assert result.correct and "overlap" in result.text
    w.teach_panel.start(teach.Quiz(("which_root",), engine=w.engine, questions=[question]))
    w.teach_panel.choose("L3")
    assert not _check(qtbot, w).correct
    qtbot.mouseClick(w.teach_panel.review_button, Qt.MouseButton.LeftButton)
    assert w.teach_panel.quiz.current.vertex == spot  # the mistake comes back


def test_the_same_seed_gives_the_same_quiz(teaching, qtbot):
    panel = teaching.teach_panel
    panel.seed.setValue(42)
    panel.count.setValue(6)
    runs = []
    for seed in (42, 42, 43):
        panel.seed.setValue(seed)
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
        runs.append(([q.key for q in panel.quiz.questions], panel.prompt.text()))
    assert runs[0] == runs[1] and runs[0][0] != runs[2][0]
    kinds = {q.kind for q in panel.quiz.questions}
    assert kinds <= set(teach.KINDS) and len(panel.quiz.questions) == 6


def test_a_case_question_paints_the_case_and_names_its_findings(teaching, qtbot):
    w = teaching
    w.teach_panel.start(teach.Quiz(("case",), 1, 7, engine=w.engine, roots=["C7"]))
    q = w.teach_panel.quiz.current
    assert q.kind == "case" and not w.drawing.is_empty()
    assert "On examination" in w.teach_panel.prompt.text()
    w.teach_panel.choose("C7")
    assert _check(qtbot, w).correct
    qtbot.mouseClick(w.teach_panel.next_button, Qt.MouseButton.LeftButton)
    assert w.teach_panel.prompt.text().startswith("Done: 1 of 1")


def test_tour_steps_with_keys_and_leaves_with_escape(main_window, qtbot):
    tour = main_window.teach_tools.tour()
    qtbot.waitExposed(tour)
    qtbot.waitUntil(tour.isActiveWindow, timeout=3000)  # the presenter's keys reach the active window
    first = tour.steps[0].root
    assert tour.index == 0 and first in tour.title.text()
    for key, index in ((Qt.Key.Key_Right, 1), (Qt.Key.Key_Space, 2), (Qt.Key.Key_Left, 1),
                       (Qt.Key.Key_Left, 0), (Qt.Key.Key_Left, 0)):
        qtbot.keyClick(tour.view.plotter, key)
        assert tour.index == index
    qtbot.keyClick(tour, Qt.Key.Key_Right)
    assert tour.steps[1].root in tour.title.text()
    assert tour.view._markers_actor.GetVisibility()  # its key point
    qtbot.keyClick(tour, Qt.Key.Key_Escape)
    assert not tour.isVisible()
    again = main_window.teach_tools.tour()  # a second lecture after the first one was closed
    assert main_window.teach_tools.windows == [again] and again.index == 0


def test_two_maps_side_by_side_turn_together(main_window, qtbot):
    compare = main_window.teach_tools.compare()
    qtbot.waitExposed(compare)
    left, right = (v.plotter for v in compare.views)
    assert compare.differences.count() >= 5
    renders = []
    right.ren_win.AddObserver("EndEvent", lambda *_: renders.append(1))
    before = right.camera_position[0]
    centre = QPoint(left.width() // 2, left.height() // 2)
    qtbot.mousePress(left, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    for dx in (30, 60, 90, 120):
        qtbot.mouseMove(left, centre + QPoint(dx, 0))
    qtbot.mouseRelease(left, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre + QPoint(120, 0))
    assert right.camera_position[0] != before
    assert np.allclose(right.camera_position[0], left.camera_position[0])
    assert renders  # the right view was redrawn as the left one turned
    compare.close()


def test_export_writes_png_slides(main_window, tmp_path):
    main_window.show_root("C6", "left")
    view = main_window.teach_tools.export_view(str(tmp_path / "view"))
    steps = main_window.teach_tools.steps()[4:6]
    files = main_window.teach_tools.export_tour(str(tmp_path / "tour"), steps)
    assert [f.name for f in files] == [f"tour-{k}-{s.root}.png" for k, s in zip(("01", "02"), steps)]
    for path in (view, *files):
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000
