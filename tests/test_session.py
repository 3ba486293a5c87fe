"""Sessions round-trip exactly; damaged, future or hostile files fail clearly and change nothing."""
import json

import numpy as np
import pytest

from radviz.drawing import Drawing
from radviz.errors import InputError
from radviz.findings import Findings
from radviz.session import SessionState, load_session, save_session, session_to_dict


def _state(body):
    d = Drawing(body.n_vertices)
    d.paint("pain", [10, 11, 12], [5, 6, 7])
    d.paint("numbness", [500, 501], [2.5, 10])
    f = Findings()
    f.set_motor("left", "ankle_dorsiflexion", "weak")
    f.set_motor("left", "ankle_inversion", "normal")
    f.set_reflex("right", "achilles", "absent")
    f.set_sign("babinski", True)
    return SessionState(drawing=d.to_dict(), findings=f, map_name="keegan1948", map_digest="abc",
                        shape="neutral", view={"camera": "posterior", "highlight": "L5"}, notes="n")


def test_session_round_trips_exactly(tmp_path, body):
    state = _state(body)
    path = save_session(tmp_path / "s.json", state, body)
    back = load_session(path, body)
    assert back.drawing == {k: {"vertices": v["vertices"], "values": v["values"]} for k, v in state.drawing.items()}
    assert back.findings.to_dict() == state.findings.to_dict()
    assert (back.map_name, back.map_digest, back.shape, back.view, back.notes) == \
        ("keegan1948", "abc", "neutral", {"camera": "posterior", "highlight": "L5"}, "n")
    assert not back.warnings
    again = save_session(tmp_path / "t.json", back, body)
    a, b = json.loads(path.read_text()), json.loads(again.read_text())
    a.pop("saved"), b.pop("saved")
    assert a == b


def test_saving_leaves_no_temporary_files(tmp_path, body):
    save_session(tmp_path / "s.json", _state(body), body)
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]


@pytest.mark.parametrize("mutate,place", [
    (lambda t: t[: len(t) // 2], "line"),  # truncated
    (lambda t: "\x00\xff garbage", ""),
    (lambda t: t.replace('"version": 2', '"version": 7'), "newer radviz"),
    (lambda t: t.replace('"format": "radviz-session"', '"format": "other"'), "format"),
    (lambda t: t.replace('"ankle_dorsiflexion": "weak"', '"ankle_dorsiflexion": "sore"'), "findings.motor.left"),
    (lambda t: t.replace('"mesh": null', '"mesh": "../../etc/passwd"'), "body.mesh"),
    (lambda t: t.replace('"mesh": null', '"mesh": "/home/x/body.obj"'), "body.mesh"),
    (lambda t: t.replace('"name": "keegan1948"', '"name": "../maps/evil"'), "map.name"),
    (lambda t: t.replace("[\n    10,", "[\n    99999999,"), "does not exist"),
    (lambda t: t.replace("2.5", "NaN"), "NaN"),
    (lambda t: t.replace("2.5", "11"), "0..10"),
])
def test_bad_sessions_fail_clearly(tmp_path, body, mutate, place):
    path = save_session(tmp_path / "s.json", _state(body), body)
    path.write_bytes(mutate(path.read_text()).encode("utf-8", "surrogateescape")
                     if isinstance(mutate(path.read_text()), str) else mutate(path.read_text()))
    with pytest.raises(InputError) as err:
        load_session(path, body)
    assert "s.json" in str(err.value) and place in str(err.value), str(err.value)


def test_a_drawing_moves_to_another_body_by_position(tmp_path, body):
    state = _state(body)
    data = session_to_dict(state, body)
    data["body"]["n_vertices"] = 99  # pretend it was made on another body
    path = tmp_path / "other.json"
    path.write_text(json.dumps(data))
    back = load_session(path, body)
    assert back.warnings and "moved" in back.warnings[0]
    assert sorted(back.drawing["pain"]["vertices"]) == [10, 11, 12]


def test_view_and_mesh_keys_round_trip(tmp_path, body):
    state = _state(body)
    state.shape, state.mesh = "file:scan.obj", "scan.obj"
    state.view = {"camera": "left", "shown": "nerve", "highlight": "sural", "side": "right", "layer": "both",
                  "tone": "deep", "patient_mode": True, "unknown": "dropped"}
    back = load_session(save_session(tmp_path / "s.json", state, body), body)
    assert (back.shape, back.mesh) == ("file:scan.obj", "scan.obj")
    assert back.view == {k: v for k, v in state.view.items() if k != "unknown"}


def test_move_drawing_keeps_the_place_on_the_skin(body):
    from radviz.body import subdivided
    from radviz.session import move_drawing

    fine = subdivided(body, 1)
    heel = int(np.argmin(body.vertices[:, 1]))
    moved = move_drawing({"pain": {"vertices": [heel], "values": [6.0]}}, body, fine)
    assert moved["pain"]["values"] == [6.0]
    assert np.allclose(fine.vertices[moved["pain"]["vertices"][0]], body.vertices[heel], atol=1e-6)
    back = move_drawing(moved, fine, body)
    assert back == {"pain": {"vertices": [heel], "values": [6.0]}}
