"""Teach mode is fair and leaves things as they were: the results come back, case questions are
seen from a side that shows the marked skin, and the labelled map is locked during a quiz."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import front_vertex

from radviz import teach
from radviz.state import ALL

CASE_SEEDS = (8, 10, 11, 15, 19, 20, 21, 37, 51, 54)
"""Cases whose old camera (the mean of the skin's normals) showed little or none of the marked skin."""


def _seen_share(window, vertices, values, samples: int = 60) -> float:
    """Share of the marked mass that the 3D view shows: VTK picks the pixel each marked vertex projects
    to, and the vertex is seen when the picked skin is that vertex's own (within 2 cm)."""
    body, view = window.body, window.view
    order = np.argsort(-values)[:samples]
    seen = 0.0
    for k in order:
        v = int(vertices[k])
        p = view.project(v)
        picked, _, _ = view.pick(p.x(), p.y())
        if picked >= 0 and np.linalg.norm(body.vertices[picked] - body.vertices[v]) < 0.2:
            seen += values[k]
    return seen / float(values[order].sum())


def test_leaving_teach_mode_brings_the_results_back(main_window, qtbot):
    w = main_window
    w.engine.paint_points(w.drawing, [front_vertex(w.body, "lower leg", +1)], 0.5, "pain")
    before = list(w.results.rows)
    assert before
    w.teach_action.trigger()
    w.teach_panel.start(teach.Quiz(("show_me",), 1, 1, engine=w.engine, roots=["C6"]))
    w.teach_action.trigger()  # leave
    after = list(w.results.rows)
    assert after == before
    assert w.results.isVisible() and not w.results.visibleRegion().isEmpty()  # in front, not behind a tab


@pytest.mark.parametrize("seed", CASE_SEEDS)
def test_a_case_question_is_seen_from_a_side_that_shows_the_marked_skin(main_window, qtbot, seed):
    w = main_window
    w.teach_action.trigger()
    w.teach_panel.start(teach.Quiz(("case",), 1, seed, engine=w.engine))
    q = w.teach_panel.quiz.current
    w.view.plotter.render()
    assert _seen_share(w, q.case.vertices, q.case.values) >= 0.25, (q.root, q.side, w.state.camera)


def test_the_labelled_map_is_locked_during_a_quiz(main_window, qtbot):
    w = main_window
    w.browser.all_box.setChecked(True)
    assert w.state.shown == ALL
    w.teach_action.trigger()
    assert w.state.shown.kind == "skin"  # no labelled map behind the quiz (nor on the 2D chart)
    assert not w.docks["browser"].widget().isEnabled() and not w.docks["nerves"].widget().isEnabled()
    w.teach_action.trigger()
    assert w.state.shown == ALL and w.docks["browser"].widget().isEnabled()
