"""AppState without Qt: every change emits its event and says whether it is a document change."""
from __future__ import annotations

import numpy as np
import pytest

from radviz.shape import body_with_shape
from radviz.state import ALL, UNDOABLE, AppState, Shown


@pytest.fixture
def state(body):
    return AppState(body, "lee2008")


@pytest.fixture
def heard(state):
    """(kind, field) of every document and view event, in order."""
    out = []
    state.events.document.connect(lambda field: out.append(("document", field)))
    state.events.view.connect(lambda field: out.append(("view", field)))
    return out


def test_document_changes_are_document_events(state, heard, body):
    state.set_tone("deep")
    state.set_register("patient")
    state.set_map("keegan1948")
    state.set_body(body_with_shape(body, "heavy"), "heavy")
    state.drawing.paint("pain", np.array([5, 6]), np.array([3.0, 4.0]))
    state.findings.set_sign("clonus", True)
    assert heard == [("document", "tone"), ("document", "register"), ("document", "map"),
                     ("document", "body"), ("document", "drawing"), ("document", "findings")]
    assert {f for _, f in heard if f in UNDOABLE} == {"drawing", "findings"}
    assert state.shape == "heavy" and state.engine.body is state.body and state.map_name == "keegan1948"


def test_view_changes_are_view_events(state, heard):
    state.set_layer("nerves")
    state.show(Shown.root("L5", "left"))
    state.set_camera("posterior")
    assert state.tool == "paint"  # the default: a first drag paints
    state.set_tool("rotate")
    assert heard == [("view", "layer"), ("view", "shown"), ("view", "camera"), ("view", "tool")]
    assert state.selected == ("L5", "left")


def test_bad_values_are_refused_with_the_allowed_ones(state, heard):
    for call, value, allowed in ((state.set_tone, "green", "fair"), (state.set_layer, "skin", "roots"),
                                 (state.set_camera, "below", "anterior"), (state.set_register, "nurse", "patient")):
        with pytest.raises(ValueError, match=f"allowed: .*{allowed}"):
            call(value)
    with pytest.raises(ValueError, match="unknown root 'L9'"):
        state.show(Shown.root("L9", "left"))
    with pytest.raises(ValueError, match="names its root"):
        Shown("root")
    assert heard == []


def test_a_reshape_keeps_the_drawing_vertex_for_vertex(state, body):
    state.drawing.paint("numbness", np.array([100, 101]), np.array([5.0, 6.0]))
    drawing = state.drawing
    state.set_body(body_with_shape(body, "child"), "child")
    assert state.drawing is drawing and np.flatnonzero(state.drawing.values[1]).tolist() == [100, 101]


def test_a_body_with_another_vertex_count_gets_the_drawing_moved(state, body):
    from radviz.body import subdivided

    vertex = int(np.argmax(body.vertices[:, 1]))  # the top of the head
    state.drawing.paint("pain", np.array([vertex]), np.array([7.0]))
    replaced = []
    state.events.drawing.connect(replaced.append)
    fine = subdivided(body, 1)
    state.set_body(fine, "file:fine.obj")
    assert replaced == [state.drawing] and state.drawing.n_vertices == fine.n_vertices
    moved = np.flatnonzero(state.drawing.values[0])
    assert len(moved) == 1 and np.allclose(fine.vertices[moved[0]], body.vertices[vertex], atol=1e-6)


def test_a_map_without_the_shown_root_falls_back_to_skin(state, heard):
    state.show(ALL)
    state.set_map("keegan1948")
    assert state.shown == ALL  # every territory of the new map
    assert ("document", "map") in heard


def test_teach_mode_has_its_own_drawing_and_the_patients_stays(state):
    state.drawing.paint("pain", np.array([1]), np.array([5.0]))
    patient = state.drawing
    state.set_mode("teach")
    assert state.active_drawing is state.quiz_drawing and state.active_drawing is not patient
    state.active_drawing.paint("pain", np.array([2]), np.array([5.0]))
    state.set_mode("clinic")
    assert state.active_drawing is patient and np.flatnonzero(patient.values[0]).tolist() == [1]


def test_overlapping_dabs_undo_as_one_stroke_to_the_drawing_before_it(body):
    """A drag's dabs overlap and repaint each other's vertices; combined into one change they undo to
    exactly the drawing before the stroke and redo to exactly the drawing after it."""
    from radviz.drawing import Drawing, StrokeDiff, brush

    drawing = Drawing(body.n_vertices)
    drawing.paint("numbness", *brush(body, 100, 0.4, 3.0))  # there before the stroke
    before = drawing.values.copy()
    path = [100, *body.skin_graph[100].indices[:2].tolist(), 100]  # back and forth over the same skin
    dabs = [drawing.paint("pain", *brush(body, v, 0.3, 2.0 + k)) for k, v in enumerate(path)]
    dabs.append(drawing.erase(dabs[0].vertices[:5], "numbness"))
    after = drawing.values.copy()
    stroke = StrokeDiff.combined(dabs)
    assert len(np.unique(stroke.vertices)) == len(stroke.vertices) < sum(len(d.vertices) for d in dabs)
    drawing.apply(stroke, reverse=True)
    assert np.array_equal(drawing.values, before)
    drawing.apply(stroke)
    assert np.array_equal(drawing.values, after)
