"""Property tests (hypothesis): any valid exam classifies, totals add up, NT values give exactly
the values some completion of them gives, and the plain path agrees with the constraint engine."""
from __future__ import annotations

import itertools
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from radviz.isncsci import classify, exam_to_dict, parse_exam
from radviz.isncsci.classify import FIELDS, classify_by_engine
from radviz.isncsci.exam import ANAL_VALUES, MOTOR_VALUES, NON_KEY_FIELD, SENSORY_VALUES
from radviz.isncsci.levels import LOWER_MOTOR, MOTOR_LEVELS, RESULT_LEVELS, SENSORY_LEVELS, UPPER_MOTOR
from radviz.isncsci.plain import plain_grades

_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_PLAIN_SENSORY = ("0", "1", "2")
_PLAIN_MOTOR = ("0", "1", "2", "3", "4", "5")


def _side(sensory, motor):
    return st.fixed_dictionaries({
        "motor": st.fixed_dictionaries({lv: motor for lv in MOTOR_LEVELS}),
        "lightTouch": st.fixed_dictionaries({lv: sensory for lv in SENSORY_LEVELS}),
        "pinPrick": st.fixed_dictionaries({lv: sensory for lv in SENSORY_LEVELS})})


def _exams(sensory, motor, anal):
    return st.fixed_dictionaries({"right": _side(sensory, motor), "left": _side(sensory, motor),
                                  "voluntaryAnalContraction": anal, "deepAnalPressure": anal})


#: Any valid exam: every value, NT and mark equally likely.
any_exam = _exams(st.sampled_from(SENSORY_VALUES), st.sampled_from(MOTOR_VALUES), st.sampled_from(ANAL_VALUES))
#: Exams without NT or marks, biased to normal values so that injuries sit at every level.
plain_exam = _exams(st.sampled_from(("2", "2", "2", "2", "1", "0")), st.sampled_from(("5", "5", "5", "4", "3", "0", "1")),
                    st.sampled_from(("Yes", "No")))

_ALLOWED = {
    "injuryComplete": {"C", "I"}, "ASIAImpairmentScale": set("ABCDE"),
    "neurologicalLevels": set(RESULT_LEVELS), "neurologicalLevelOfInjury": set(RESULT_LEVELS),
    "zoneOfPartialPreservations": set(RESULT_LEVELS) | {"NA"},
}


def _texts(out):
    for group, key in FIELDS:
        yield (group or key), (out[key] if group is None else out[group][key])


@_SETTINGS
@given(any_exam)
def test_any_valid_exam_classifies_into_the_worksheet_vocabulary(data):
    ex = parse_exam(data)
    out = classify(ex).to_json()
    for group, text in _texts(out):
        values = text.split(",")
        assert all(re.fullmatch(r"[A-Z0-9]+\*?", v) for v in values), text
        bare = [v.rstrip("*") for v in values]
        assert set(bare) <= _ALLOWED[group] and len(set(bare)) == len(bare), text
    assert parse_exam(exam_to_dict(ex)) == ex


_MARKED = {"motor": tuple(v for v in MOTOR_VALUES if v.endswith("*")),
           "sensory": tuple(v for v in SENSORY_VALUES if v.endswith("*"))}


def _stands_for(value: str, normal: int) -> tuple[str, ...]:
    """The plain grades a marked value stands for (this test's own model of the reading): "**" is
    normal; "g*" any grade from g up to just below normal, the SCI's own grade being hidden under the
    other condition's; "NT*" any grade below normal."""
    if value.endswith("**"):
        return (str(normal),)
    lowest = 0 if value.startswith("NT") else int(value[0])
    return tuple(str(g) for g in range(lowest, normal))


def _expected_total(values, normal: int) -> str:
    """The sum of the grades the values stand for ("ND" unless each stands for one), "*" when a "**"
    value counts as normal."""
    values = list(values)
    grades = [_stands_for(v, normal) if v.endswith("*") else (v,) for v in values]
    if any(len(g) != 1 or g[0] == "NT" for g in grades):
        return "ND"
    return str(sum(int(g[0]) for g in grades)) + ("*" if any(v.endswith("**") for v in values) else "")


@_SETTINGS
@given(any_exam)
def test_totals_are_the_read_grades_and_add_up(data):
    t = classify(parse_exam(data)).totals
    for side in ("right", "left"):
        d = data[side]
        assert t[f"{side}UpperMotorTotal"] == _expected_total((d["motor"][m] for m in UPPER_MOTOR), 5)
        assert t[f"{side}LowerMotorTotal"] == _expected_total((d["motor"][m] for m in LOWER_MOTOR), 5)
        assert t[f"{side}TouchTotal"] == _expected_total(d["lightTouch"].values(), 2)
        assert t[f"{side}PrickTotal"] == _expected_total(d["pinPrick"].values(), 2)

    def add(a, b):
        if "ND" in (a, b):
            return "ND"
        return str(int(a.rstrip("*")) + int(b.rstrip("*"))) + ("*" if "*" in a + b else "")

    for side in ("right", "left"):
        assert t[f"{side}MotorTotal"] == add(t[f"{side}UpperMotorTotal"], t[f"{side}LowerMotorTotal"])
    assert t["upperMotorTotal"] == add(t["rightUpperMotorTotal"], t["leftUpperMotorTotal"])
    assert t["lowerMotorTotal"] == add(t["rightLowerMotorTotal"], t["leftLowerMotorTotal"])
    assert t["touchTotal"] == add(t["rightTouchTotal"], t["leftTouchTotal"])
    assert t["prickTotal"] == add(t["rightPrickTotal"], t["leftPrickTotal"])


@_SETTINGS
@given(plain_exam)
def test_an_exam_without_nt_has_one_value_for_each_determination(data):
    out = classify(parse_exam(data)).to_json()
    for _group, text in _texts(out):
        assert "," not in text and "*" not in text, text


@st.composite
def _injured_side(draw):
    """One side as a clinic records it: normal down to a level (each kind its own), below it absent
    but for a few spared values (so that function just three or four levels below the motor level
    decides), now and then a non-key muscle with function."""
    def kind(levels, normal, grades):
        stop = draw(st.integers(0, len(levels)))
        spared = draw(st.dictionaries(st.integers(stop, len(levels)), st.sampled_from(grades), max_size=3))  # len: none
        return {lv: normal if k < stop else spared.get(k, "0") for k, lv in enumerate(levels)}

    side = {"motor": kind(MOTOR_LEVELS, "5", _PLAIN_MOTOR), "lightTouch": kind(SENSORY_LEVELS, "2", _PLAIN_SENSORY),
            "pinPrick": kind(SENSORY_LEVELS, "2", _PLAIN_SENSORY)}
    non_key = draw(st.sampled_from((None, None, *MOTOR_LEVELS)))
    return {**side, NON_KEY_FIELD: non_key} if non_key else side


#: Plain exams (one grade a value, no marks) with injuries at every level, on the plain path.
injured_exam = st.fixed_dictionaries({"right": _injured_side(), "left": _injured_side(),
                                      "voluntaryAnalContraction": st.sampled_from(("Yes", "No")),
                                      "deepAnalPressure": st.sampled_from(("Yes", "No"))})


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(injured_exam, plain_exam))
def test_the_plain_path_and_the_constraint_engine_never_disagree(data):
    """A plain exam is classified by integer walks (radviz.isncsci.plain), not the engine: both must
    give the same values and totals, and the plain result's steps are the engine's."""
    ex = parse_exam(data)
    assert plain_grades(ex) is not None  # this exam does take the plain path
    fast, engine = classify(ex), classify_by_engine(ex)
    assert fast.to_json() == engine.to_json()
    assert fast["ASIAImpairmentScale"].steps == engine["ASIAImpairmentScale"].steps


_CELLS = ([(s, k, lv) for s in ("right", "left") for k in ("lightTouch", "pinPrick") for lv in SENSORY_LEVELS]
          + [(s, "motor", lv) for s in ("right", "left") for lv in MOTOR_LEVELS]
          + [("voluntaryAnalContraction",), ("deepAnalPressure",)])


def _with(data, cells, values):
    out = {"right": {k: dict(v) for k, v in data["right"].items()},
           "left": {k: dict(v) for k, v in data["left"].items()},
           "voluntaryAnalContraction": data["voluntaryAnalContraction"], "deepAnalPressure": data["deepAnalPressure"]}
    for cell, value in zip(cells, values):
        if len(cell) == 1:
            out[cell[0]] = value
        else:
            out[cell[0]][cell[1]][cell[2]] = value
    return out


def _value_sets(data):
    out = classify(parse_exam(data)).to_json()
    return {name: {v.rstrip("*") for v in text.split(",")} for name, text in
            ((f"{g}.{k}", out[k] if g is None else out[g][k]) for g, k in FIELDS)}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plain_exam, st.lists(st.sampled_from(range(len(_CELLS))), min_size=1, max_size=2, unique=True))
def test_nt_gives_exactly_the_values_of_its_completions(data, picked):
    """Every listed value comes from some completion of the NT cells, and every completion's value is
    listed: checked against brute force over all completions."""
    cells = [_CELLS[k] for k in picked]
    got = _value_sets(_with(data, cells, ["NT"] * len(cells)))
    domains = [("Yes", "No") if len(c) == 1 else _PLAIN_MOTOR if c[1] == "motor" else _PLAIN_SENSORY for c in cells]
    union: dict = {name: set() for name in got}
    for values in itertools.product(*domains):
        for name, vals in _value_sets(_with(data, cells, values)).items():
            union[name] |= vals
    assert got == union


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plain_exam, st.lists(st.tuples(st.sampled_from(range(len(_CELLS) - 2)), st.integers(0, 99)),
                            min_size=1, max_size=3, unique_by=lambda pick: pick[0]))
def test_marked_values_give_exactly_the_values_of_the_grades_they_stand_for(data, picked):
    """An exam with marked values classifies (stars aside) to the union of its plain readings'
    classifications: brute force over every grade each marked value stands for."""
    cells = [_CELLS[k] for k, _n in picked]
    kinds = ["motor" if c[1] == "motor" else "sensory" for c in cells]
    values = [_MARKED[kind][n % len(_MARKED[kind])] for kind, (_k, n) in zip(kinds, picked)]
    got = _value_sets(_with(data, cells, values))
    union: dict = {name: set() for name in got}
    for plain in itertools.product(*(_stands_for(v, 5 if kind == "motor" else 2) for v, kind in zip(values, kinds))):
        for name, vals in _value_sets(_with(data, cells, plain)).items():
            union[name] |= vals
    assert got == union, values


def _boundary_exams():
    """Right side: normal down to a sensory and a motor stop, the muscle at the stop graded 0 or 3, one
    muscle below graded 1; left side absent below C4; sacral sensation kept (DAP), VAC either way."""
    left = {"motor": dict.fromkeys(MOTOR_LEVELS, "0"),
            "lightTouch": {lv: "2" if k < 3 else "0" for k, lv in enumerate(SENSORY_LEVELS)},
            "pinPrick": {lv: "2" if k < 3 else "0" for k, lv in enumerate(SENSORY_LEVELS)}}
    for sensory_stop, motor_stop, at_stop, spared, vac in itertools.product(
            (0, 3, 8, 9, 19, 20, 25, 28), range(len(MOTOR_LEVELS) + 1), ("0", "3"), range(len(MOTOR_LEVELS)),
            ("Yes", "No")):
        motor = {lv: "5" if k < motor_stop else at_stop if k == motor_stop else "0"
                 for k, lv in enumerate(MOTOR_LEVELS)}
        if spared > motor_stop:
            motor[MOTOR_LEVELS[spared]] = "1"
        sensory = {lv: "2" if k < sensory_stop else "1" for k, lv in enumerate(SENSORY_LEVELS)}
        yield {"right": {"motor": motor, "lightTouch": sensory, "pinPrick": dict(sensory)}, "left": left,
               "voluntaryAnalContraction": vac, "deepAnalPressure": "Yes"}


def test_the_plain_path_agrees_with_the_engine_at_every_motor_and_sensory_boundary():
    """Every motor level against every place of the one muscle with function below it (B against C:
    more than three levels below), with sensation stopping above, inside and below each key-muscle block."""
    exams = [parse_exam(data) for data in _boundary_exams()]
    assert all(plain_grades(ex) is not None for ex in exams)
    assert [classify(ex).to_json() for ex in exams] == [classify_by_engine(ex).to_json() for ex in exams]
    assert {classify(ex)["ASIAImpairmentScale"].text for ex in exams} >= {"B", "C", "D"}
