"""The ISNCSCI exam as part of the work (Qt-free): the evented exam state, the body coloured by it, the
exam in sessions (saved, reopened, refused with its place, absent from old sessions) and the worksheet
page of the report."""
import json

import numpy as np
import pytest

from radviz import colors
from radviz.errors import InputError
from radviz.exam_picture import STATUS_COLOURS, exam_picture, level_statuses, levels_caption
from radviz.exam_state import NON_KEY_FIELD, ExamState
from radviz.exam_worksheet import step_lines, worksheet_html
from radviz.isncsci import Exam, classify, exam_to_dict
from radviz.isncsci.levels import SENSORY_LEVELS
from radviz.scene import picture_for
from radviz.session import SessionState, load_session, save_session
from radviz.state import AppState, Shown


def _injured() -> Exam:
    """Left T4 and below absent to pin prick and light touch, right side intact."""
    state = ExamState()
    below = SENSORY_LEVELS[SENSORY_LEVELS.index("T4"):]
    return state.with_values([("left", kind, lv, "0") for lv in below for kind in ("lightTouch", "pinPrick")])


def test_exam_state_edits_replace_the_exam_and_reclassify():
    state = ExamState()
    heard = []
    state.changed.connect(lambda: heard.append(state.exam))
    assert state.exam is None and state.classification["ASIAImpairmentScale"].text == "E"
    edited = state.with_values([("left", "lightTouch", "T4", "0"), ("left", "pinPrick", "T4", "1*")])
    assert state.exam is None, "computing an edit must not change the state"
    state.replace(edited)
    assert heard == [edited]
    assert state.value("left", "pinPrick", "T4") == "1*"
    assert state.classification["neurologicalLevels.sensoryLeft"].text == "T3"
    state.replace(state.with_values([(None, "anal", "voluntaryAnalContraction", "No")]))
    assert state.value(None, "anal", "voluntaryAnalContraction") == "No"


def test_exam_state_refuses_a_value_the_worksheet_does_not_allow():
    state = ExamState()
    with pytest.raises(InputError, match="left.pinPrick.T4"):
        state.with_values([("left", "pinPrick", "T4", "2*")])  # a normal value cannot carry a mark
    with pytest.raises(InputError, match="deepAnalPressure"):
        state.with_values([(None, "anal", "deepAnalPressure", "maybe")])


def test_exam_state_sets_clears_and_refuses_a_sides_lowest_non_key_muscle():
    state = ExamState()
    state.replace(state.with_values([("right", NON_KEY_FIELD, None, "T1")]))
    assert state.value("right", NON_KEY_FIELD, None) == "T1" and state.value("left", NON_KEY_FIELD, None) == ""
    assert state.to_dict()["right"][NON_KEY_FIELD] == "T1" and NON_KEY_FIELD not in state.to_dict()["left"]
    state.replace(state.with_values([("right", NON_KEY_FIELD, None, "")]))  # "none" again
    assert state.exam.right.lowest_non_key_muscle is None
    with pytest.raises(InputError, match="left.lowestNonKeyMuscleWithMotorFunction") as err:
        state.with_values([("left", NON_KEY_FIELD, None, "T2")])  # T2 has no key muscle
    assert "'T2'" in err.value.reason and "L2" in err.value.reason


def test_the_levels_caption_names_each_sides_sensory_level_the_nli_and_the_ais():
    exam = _injured()
    assert levels_caption(classify(exam)) == "Sensory level R: INT  L: T3\nNLI: T3   AIS: D"


def test_the_steps_are_worded_without_field_names_and_say_when_nt_leaves_them_open():
    exam = _injured().with_value("right", "pinPrick", "L3", "NT")
    lines = dict(step_lines(exam, classify(exam)))
    assert lines["Sensory level left: T3"] == [
        "going down, T4 is the first level short of normal (left T4 light touch 0, pin prick 0)"]
    right = lines["Sensory level right: L2,INT"]
    assert "L2: going down, L3 is the first level short of normal (right L3 pin prick NT), one possibility " \
        "where NT leaves it open" in right
    assert not any(word in line for lines_ in lines.values() for line in lines_
                   for word in ("lightTouch", "pinPrick", "voluntaryAnalContraction"))


def test_app_state_forwards_exam_edits_as_document_changes(body):
    app = AppState(body, "lee2008")
    fields = []
    app.events.document.connect(fields.append)
    app.exam.replace(_injured())
    assert fields == ["exam"]


def test_the_exam_picture_colours_each_dermatome_by_its_result(body):
    app = AppState(body, "lee2008")
    app.exam.replace(_injured())
    app.show(Shown("exam"))
    picture = picture_for(app)
    atlas = app.engine.atlas
    core_l6 = np.flatnonzero(atlas.column_weights("T6", "left") >= 0.95)
    core_r6 = np.flatnonzero(atlas.column_weights("T6", "right") >= 0.95)
    assert len(core_l6) and len(core_r6)
    absent, normal = STATUS_COLOURS["absent"], STATUS_COLOURS["normal"]
    left, right = picture.rgb[core_l6].mean(axis=0), picture.rgb[core_r6].mean(axis=0)
    assert np.linalg.norm(left - absent) < np.linalg.norm(left - normal)
    assert np.linalg.norm(right - normal) < np.linalg.norm(right - absent)
    assert len(picture.markers) == 55  # a dot on every key point (both sides) but the labelled one
    assert [text for _, text in picture.labels] == ["Sensory level L: T3"]  # the intact right side has no level to mark
    assert level_statuses(app.exam.current)[("T4", "left")] == "absent"


def test_a_marked_sensory_level_is_labelled_with_its_mark(body):
    app = AppState(body, "lee2008")
    exam = app.exam.with_values([("right", "lightTouch", "C6", "NT*")])
    rgb, _, labels = exam_picture(body, app.engine.atlas, exam, classify(exam))
    assert [text for _, text in labels] == ["Sensory level R: C5*"]
    assert rgb.shape == (body.n_vertices, 3) and not np.allclose(rgb, colors.skin_rgb(body.n_vertices))


def test_sessions_keep_the_exam(tmp_path, body):
    exam = _injured()
    path = save_session(tmp_path / "s.json", SessionState(exam=exam_to_dict(exam)), body)
    assert json.loads(path.read_text())["exam"]["left"]["pinPrick"]["T6"] == "0"
    back = load_session(path, body)
    assert back.exam == exam_to_dict(exam)
    app = AppState(body, "lee2008")
    app.load(back.drawing, back.findings, back.exam)
    assert app.exam.classification.to_json() == classify(exam).to_json()


def test_a_session_without_an_exam_opens_with_none(tmp_path, body):
    path = save_session(tmp_path / "old.json", SessionState(), body)
    data = json.loads(path.read_text())
    assert "exam" not in data
    assert load_session(path, body).exam is None


def test_a_bad_exam_in_a_session_names_the_file_and_the_field(tmp_path, body):
    data = json.loads(save_session(tmp_path / "s.json", SessionState(exam=exam_to_dict(_injured())), body)
                      .read_text())
    data["exam"]["left"]["pinPrick"]["T4"] = "3"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(InputError) as err:
        load_session(bad, body)
    assert str(bad) in str(err.value.source)
    assert err.value.place == "exam.left.pinPrick.T4" and "'3'" in err.value.reason
    data["exam"] = ["not", "an", "exam"]
    bad.write_text(json.dumps(data))
    with pytest.raises(InputError) as err:
        load_session(bad, body)
    assert err.value.place == "exam"


def test_the_report_worksheet_lays_out_the_exam_and_its_classification():
    exam = _injured()
    page = worksheet_html(exam, classify(exam))
    assert "page-break-before: always" in page
    assert "Right motor" in page and "Left PP" in page and "S4-5" in page
    assert "Neurological level of injury (NLI)" in page
    assert "<b>T3</b>" in page and "<b>D</b>" in page  # the NLI and AIS of this exam
    assert "How each result was found" in page and "right T4 " not in page  # steps cite the left
    assert "left T4 light touch 0, pin prick 0" in page
    assert "Lowest non-key muscle with motor function: <b>none</b>" in page
    with_non_key = ExamState()
    with_non_key.replace(exam)
    marked = with_non_key.with_values([("left", NON_KEY_FIELD, None, "L2")])
    assert "Lowest non-key muscle with motor function: <b>L2</b>" in worksheet_html(marked, classify(marked))
