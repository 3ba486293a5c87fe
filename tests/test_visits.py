"""Visits of one patient (issue 20): add, step, save and reopen, compare, trends, the report page."""
from __future__ import annotations

import json

import numpy as np
import pytest
import trimesh

from radviz.errors import InputError
from radviz.findings import Findings
from radviz.report import build_report
from radviz.session import SessionState, load_session, save_session, session_from_dict, session_to_dict
from radviz.state import AppState
from radviz.visits import MAX_VISITS, Visit, Visits, visit_trends


@pytest.fixture
def state(body):
    return AppState(body, "lee2008")


def part(body, name: str, side: int = +1) -> np.ndarray:
    return np.flatnonzero((body.part == list(body.part_names).index(name)) & (body.side == side))


def save(state: AppState, path):
    return save_session(path, SessionState(drawing=state.drawing.to_dict(), findings=state.findings,
                                           visits=state.stored_visits()), state.body)


def test_a_visit_is_added_saved_reopened_and_compared(state, body, tmp_path):
    leg, foot = part(body, "lower leg"), part(body, "foot")
    state.set_visit_date(0, "2026-01-12")
    state.drawing.paint("pain", np.concatenate([leg, foot]), 7.0)
    state.findings.set_motor("left", "ankle_dorsiflexion", "weak")
    state.add_visit("2026-02-09")  # starts as a copy of the first visit
    assert state.visits.dates == ["2026-01-12", "2026-02-09"] and state.visits.current == 1
    assert set(np.flatnonzero(state.drawing.values[0])) == set(leg) | set(foot)
    assert state.findings.motor["left"] == {"ankle_dorsiflexion": "weak"}
    state.drawing.erase(foot)  # the foot got better
    state.drawing.paint("numbness", part(body, "thigh"), 3.0)  # the thigh is new

    path = save(state, tmp_path / "patient.radviz.json")
    raw = json.loads(path.read_text())
    assert raw["version"] == 2 and raw["visit"] == 1 and raw["visits"][1] == {"date": "2026-02-09"}
    reopened = load_session(path, body)
    visits = reopened.all_visits()
    assert visits.dates == ["2026-01-12", "2026-02-09"] and visits.current == 1
    first = visits[0].as_drawing(body.n_vertices)
    assert set(np.flatnonzero(first.values[0])) == set(leg) | set(foot)
    assert visits[0].findings.motor["left"] == {"ankle_dorsiflexion": "weak"}
    assert np.array_equal(visits[1].as_drawing(body.n_vertices).values, np.round(state.drawing.values, 3))

    change = visits.compare(0, 1, body)
    area = body.vertex_areas * 100  # cm^2
    assert set(change.resolved) == set(foot) - set(leg)
    assert set(change.new) == set(part(body, "thigh")) - set(leg) - set(foot)
    assert change.persisting_cm2 == pytest.approx(area[leg].sum())
    assert change.jaccard == pytest.approx(area[leg].sum() / area[np.union1d(np.union1d(leg, foot),
                                                                              part(body, "thigh"))].sum())


def test_blank_visits_step_and_keep_each_drawing(state, body):
    state.drawing.paint("pain", part(body, "forearm"), 5.0)
    today = state.visits.open.date
    state.add_visit("2000-01-01", copy_last=False)  # an earlier visit, entered late
    assert state.visits.dates == ["2000-01-01", today] and state.visits.current == 0
    assert state.drawing.is_empty() and state.findings.is_empty()
    state.drawing.paint("tingling", part(body, "hand"), 2.0)
    state.open_visit(1)
    assert set(np.flatnonzero(state.drawing.values[0])) == set(part(body, "forearm"))
    assert not state.drawing.values[2].any()
    state.open_visit(0)
    assert set(np.flatnonzero(state.drawing.values[2])) == set(part(body, "hand"))
    state.set_visit_date(0, "2100-01-01")  # re-dated: the list stays in date order, the visit stays open
    assert state.visits.dates == [today, "2100-01-01"] and state.visits.current == 1
    state.remove_visit(1)
    assert len(state.visits) == 1 and state.drawing.values[0].any()
    with pytest.raises(ValueError, match="at least one visit"):
        state.remove_visit(0)


def test_every_visit_action_is_a_document_change(state):
    heard = []
    state.events.document.connect(heard.append)
    state.set_visit_date(0, "2026-01-01")
    state.add_visit("2026-05-01")
    state.open_visit(0)
    state.set_visit_date(0, "2026-04-30")
    state.remove_visit(1)
    assert heard.count("visits") == 5
    heard.clear()
    state.open_visit(0)  # the open visit: nothing changes
    assert heard == []


def test_bad_dates_and_indices_are_refused(state):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        state.add_visit("12/03/2026")
    with pytest.raises(ValueError, match="not a calendar date"):
        state.add_visit("2026-02-30")
    with pytest.raises(IndexError, match="visit 4 of 1"):
        state.open_visit(3)
    with pytest.raises(ValueError, match=f"at most {MAX_VISITS}"):
        Visits([Visit("2026-01-01")] * (MAX_VISITS + 1))


def test_an_old_session_opens_as_one_visit_on_its_saved_day(body, tmp_path):
    old = {"format": "radviz-session", "version": 1, "saved": "2025-11-03T09:30:00+00:00",
           "body": {"shape": "neutral", "n_vertices": body.n_vertices},
           "drawing": {"pain": {"vertices": [10, 11], "values": [6.0, 3.5]}},
           "findings": {"signs": ["babinski"]}}
    path = tmp_path / "old.radviz.json"
    path.write_text(json.dumps(old))
    visits = load_session(path, body).all_visits()
    assert len(visits) == 1 and visits.dates == ["2025-11-03"]
    assert visits[0].drawing["pain"] == {"vertices": [10, 11], "values": [6.0, 3.5]}
    assert visits[0].findings.signs == {"babinski"}
    undated = dict(old, saved=None)
    assert len(session_from_dict(undated, body).all_visits()) == 1  # no day: dated today, still opens


@pytest.mark.parametrize("visits, visit, place, reason", [
    ("not a list", 0, "visits", "list of 1 to"),
    ([], 0, "visits", "list of 1 to"),
    ([{"date": "2026-01-01"}], 1, "visit", "open visit, 0 to 0"),
    ([{"date": "2026-01-01"}], True, "visit", "open visit"),
    ([{"date": "yesterday"}, {"date": "2026-01-01"}], 1, "visits[0].date", "YYYY-MM-DD"),
    ([{"date": "2026-01-01", "drawing": {"ache": {}}}, {"date": "2026-01-02"}], 1, "visits[0].drawing.ache",
     "unknown symptom"),
    ([{"date": "2026-01-01", "drawing": {"pain": {"vertices": [1], "values": [11]}}}, {"date": "2026-01-02"}], 1,
     "visits[0].drawing.pain.values[0]", "0..10"),
    ([{"date": "2026-01-01", "findings": {"signs": ["itch"]}}, {"date": "2026-01-02"}], 1,
     "visits[0].findings.signs[0]", "unknown sign"),
])
def test_bad_visits_name_the_place_and_the_reason(body, visits, visit, place, reason):
    raw = {"format": "radviz-session", "version": 2, "visits": visits, "visit": visit}
    with pytest.raises(InputError, match=reason) as caught:
        session_from_dict(raw, body, "bad.radviz.json")
    assert caught.value.place == place


def test_trend_numbers_on_drawings_of_known_area(state, body, engine):
    """The whole skin painted is the mesh's surface area (trimesh's, not ours); half the body at 8 and
    half at 4 averages 6 (the body is mirror-symmetric)."""
    skin_cm2 = trimesh.Trimesh(body.vertices, body.faces, process=False).area * 100
    everything = np.arange(body.n_vertices)
    state.set_visit_date(0, "2026-01-01")
    state.drawing.paint("pain", everything, 4.0)
    state.add_visit("2026-02-01", copy_last=False)
    state.add_visit("2026-03-01", copy_last=True)  # a copy of the blank visit before it
    state.drawing.paint("pain", everything, 4.0)
    state.drawing.paint("pain", np.flatnonzero(body.vertices[:, 0] > 0), 8.0)
    trends = visit_trends(state.stored_visits(), engine)
    assert trends.dates == ["2026-01-01", "2026-02-01", "2026-03-01"]
    assert trends.area_cm2 == pytest.approx([skin_cm2, 0.0, skin_cm2], rel=1e-6)
    assert trends.skin_percent == pytest.approx([100.0, 0.0, 100.0])
    pain = [s["pain"] for s in trends.summaries]
    assert [p["mean"] for p in pain] == pytest.approx([4.0, 0.0, 6.0], abs=0.1)
    assert [p["peak"] for p in pain] == [4.0, 0.0, 8.0]
    assert trends.roots.scores.shape == (len(trends.roots.roots), 3) and trends.roots.roots
    whole = state.visits.compare(0, 2, body)
    assert whole.jaccard == pytest.approx(1.0) and whole.persisting_cm2 == pytest.approx(skin_cm2, rel=1e-6)
    assert state.visits.compare(0, 1, body).resolved_cm2 == pytest.approx(skin_cm2, rel=1e-6)


def test_the_top_roots_follow_each_visits_drawing(state, body, engine):
    """A drawing on the first toes' dorsum, then on the little toe's side: L5 leads first, S1 later."""
    foot = part(body, "foot")
    x = body.vertices[foot, 0]
    state.drawing.paint("numbness", foot[x < np.percentile(x, 40)], 6.0)
    state.add_visit("2100-01-01", copy_last=False)
    state.drawing.paint("numbness", foot[x > np.percentile(x, 80)], 6.0)
    trends = visit_trends(state.stored_visits(), engine)
    for k in range(2):
        drawing = state.visits[k].as_drawing(body.n_vertices)
        best = engine.locate(drawing, Findings()).roots[0]
        column = trends.roots.scores[:, k]
        assert trends.roots.roots[int(np.argmax(column))] == (best.root, best.side)
        assert column.max() == pytest.approx(best.score)


def test_a_new_body_moves_every_visit(state, body):
    from radviz.body import subdivided

    state.drawing.paint("pain", part(body, "thigh"), 5.0)
    state.add_visit("2100-01-01", copy_last=False)
    state.drawing.paint("tingling", part(body, "hand"), 5.0)
    fine = subdivided(body, 1)
    state.set_body(fine, "file:fine.obj")
    first = state.stored_visits()[0].as_drawing(fine.n_vertices)
    painted = np.flatnonzero(first.values[0])
    assert len(painted) and set(fine.part[painted]) == {list(fine.part_names).index("thigh")}
    assert state.drawing.n_vertices == fine.n_vertices and state.drawing.values[2].any()


def test_the_report_has_a_visits_page(state, body, engine):
    state.set_visit_date(0, "2026-01-12")
    state.drawing.paint("pain", part(body, "lower leg"), 7.0)
    one = build_report(engine, state.drawing, state.findings, charts=False, visits=state.stored_visits())
    assert one.visits_html == ""  # one visit: nothing to follow over time
    state.add_visit("2026-02-09", copy_last=False)
    content = build_report(engine, state.drawing, state.findings, charts=False, visits=state.stored_visits())
    html = content.visits_html
    leg_cm2 = (body.vertex_areas[part(body, "lower leg")] * 100).sum()
    assert "page-break-before" in html and "2026-01-12" in html and "2026-02-09" in html
    assert f"{leg_cm2:,.0f}" in html and "data:image/png;base64," in html
    assert "1 → 2 (2026-01-12 → 2026-02-09)" in html


def test_session_round_trip_keeps_dates_order_and_open_visit(state, body):
    state.set_visit_date(0, "2026-01-01")
    state.add_visit("2026-06-01", copy_last=False)
    state.add_visit("2026-05-01", copy_last=False)
    data = session_to_dict(SessionState(drawing=state.drawing.to_dict(), findings=state.findings,
                                        visits=state.stored_visits()), body)
    back = session_from_dict(json.loads(json.dumps(data)), body).all_visits()
    assert back.dates == state.visits.dates and back.current == state.visits.current == 1
