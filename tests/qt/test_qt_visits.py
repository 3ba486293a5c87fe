"""The Visits dock (issue 20): every visit action is modified, autosaved, saved, reopened and recovered
(also after SIGKILL); two visits compare on one camera with the difference coloured on the body; the
trend plot follows the visits."""
from __future__ import annotations


import numpy as np
import pytest
from conftest import front_vertex, new_window
from session_helpers import child_script, kill_and_restore, paint, private_files  # noqa: F401 (fixture)

from radviz.colors import hex_rgb
from radviz.visits import DIFFERENCE_COLOURS, visit_trends





def visits_of(window) -> list:
    """What a user would call the patient file: each visit's date, drawing and findings, and the open one."""
    s = window.state
    visits = s.stored_visits()
    return [visits.current] + [(v.date, np.round(v.as_drawing(s.body.n_vertices).values, 3).tolist(),
                                v.findings.to_dict()) for v in visits.visits]


def _two_visits(w) -> None:
    """A first visit with leg pain; the open one a copy, where the thigh is new."""
    panel = w.visits.panel
    w.state.set_visit_date(0, "2026-01-12")
    paint(w)
    panel.add_copy.click()
    paint(w, "thigh", +1, "numbness", 4.0)


ACTIONS = {
    "add_copy": lambda w: w.visits.panel.add_copy.click(),
    "add_blank": lambda w: w.visits.panel.add_blank.click(),
    "previous": lambda w: w.visits.panel.previous.click(),
    "pick_row": lambda w: w.visits.panel.list.itemClicked.emit(w.visits.panel.list.item(0)),
    "date": lambda w: w.visits.panel.date.setDate(w.visits.panel.date.date().addDays(-3)),
    "remove": lambda w: w.visits.panel.remove.click(),
}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_visit_action_is_modified_autosaved_saved_and_recovered(main_window, qtbot, tmp_path, action):
    w = main_window
    _two_visits(w)
    base = tmp_path / "base.radviz.json"
    assert w.sessions.save_session(base)
    assert not w.sessions.is_modified() and not w.autosave.path.exists()
    before = visits_of(w)

    ACTIONS[action](w)
    after = visits_of(w)
    assert after != before, f"{action} did not change the visits"
    assert w.sessions.is_modified() and w.sessions.shown_title() == "base* — radviz"
    assert w.autosave.path.exists(), f"{action} was not autosaved"
    # another visit's drawing is open: its undo steps are gone; a re-dated visit keeps them
    assert (w.undo_stack.count() == 0) == (action != "date")
    kept = tmp_path / "kept.json"
    kept.write_bytes(w.autosave.path.read_bytes())

    saved = tmp_path / "saved.radviz.json"
    assert w.sessions.save_session(saved)
    other = new_window(qtbot)
    assert other.sessions.open_session(saved)
    assert visits_of(other) == after and other.sessions.warnings == []
    assert other.visits.panel.list.count() == len(after) - 1

    fresh = new_window(qtbot)
    assert fresh.autosave.recover(kept)
    assert visits_of(fresh) == after
    for window in (other, fresh):
        window.close()


def test_stepping_shows_each_visits_drawing_and_undo_stays_with_its_visit(main_window):
    w = main_window
    _two_visits(w)
    panel = w.visits.panel
    thigh = front_vertex(w.body, "thigh", +1)
    skin = np.round(w.picture.rgb[thigh] * 255)
    assert w.drawing.values[1, thigh] > 0 and not np.allclose(w.view.colours()[thigh], skin, atol=2)
    panel.previous.click()
    assert w.state.visits.current == 0 and w.drawing.values[1, thigh] == 0
    assert not w.undo_action.isEnabled()  # the numbness stroke belongs to the other visit
    assert np.allclose(w.view.colours()[thigh], skin, atol=2)  # the view shows the first visit's drawing
    assert panel.next.isEnabled() and not panel.previous.isEnabled()
    assert panel.list.currentRow() == 0 and panel.list.item(0).font().bold()
    panel.next.click()
    assert w.drawing.values[1, thigh] > 0


def test_two_visits_compare_on_one_camera_with_the_difference_coloured(main_window, qtbot):
    w = main_window
    _two_visits(w)
    w.drawing.erase(np.flatnonzero(w.drawing.values[0]))  # the leg pain resolved at the second visit
    view = w.visits.compare(0, 1)
    qtbot.waitExposed(view)
    cameras = {id(v.plotter.renderer.camera) for v in view.views}
    assert len(cameras) == 1  # one camera: turning one turns all three
    change = view.change
    assert len(change.new) and len(change.resolved) and change.persisting_cm2 == 0
    colours = view.views[2].colours()
    for kind in ("new", "resolved"):
        vertex = getattr(change, kind)[0]
        assert np.allclose(colours[vertex], hex_rgb(DIFFERENCE_COLOURS[kind]) * 255, atol=2)
    assert f"new {change.new_cm2:,.0f} cm²" in view.summary.text()
    assert f"resolved {change.resolved_cm2:,.0f} cm²" in view.summary.text()
    view.close()


def test_the_trend_plot_follows_the_visits(main_window, qtbot):
    w = main_window
    _two_visits(w)
    trends = w.visits.trends()
    qtbot.waitExposed(trends)
    assert trends.picture.pixmap().width() > 500
    expected = visit_trends(w.state.stored_visits(), w.engine)
    assert trends.trends.area_cm2 == pytest.approx(expected.area_cm2)
    w.visits.panel.add_blank.click()
    qtbot.waitUntil(lambda: len(trends.trends.dates) == 3, timeout=5000)
    assert trends.trends.area_cm2[-1] == 0.0
    trends.close()


_CHILD = child_script("""
    def snapshot():
        v = s.stored_visits()
        return {"current": v.current, "dates": v.dates,
                "drawings": [np.round(x.as_drawing(s.body.n_vertices).values, 3).tolist() for x in v.visits]}


    def work():
        s.set_visit_date(0, "2026-01-12")
        paint_from_argv()
        window.visits.panel.add_copy.click()
        window.visits.panel.add_blank.click()
        window.visits.panel.previous.click()
""")


def test_visits_survive_sigkill(tmp_path, body):
    worked, restored, second, folder = kill_and_restore(tmp_path, body, _CHILD)
    assert len(worked["dates"]) == 3 and worked["current"] == 1 and worked["dates"][0] == "2026-01-12"
    assert np.asarray(worked["drawings"][0]).any() and not np.asarray(worked["drawings"][2]).any()
    assert restored == worked
    assert "TITLE Untitled* — radviz" in second.stdout
