"""ISNCSCI 2019 classification: worked cases derived by hand from the standard's rules."""
from __future__ import annotations

import re

import pytest

from radviz.errors import InputError
from radviz.exam_worksheet import step_lines
from radviz.isncsci import Exam, classify, exam_to_dict, parse_exam
from radviz.isncsci.levels import INDEX, MOTOR_LEVELS, SENSORY_LEVELS
from radviz.isncsci.possibilities import CELL_KEYS
from radviz.isncsci.worksheet import dermatome_status, describe_step, grid_rows, summary_lines


def side(sensory_to="INT", below="0", motor_below="0", lt=None, pp=None, motor=None, **extra):
    """One side: LT and PP 2 down to ``sensory_to`` and ``below`` after it; key muscles 5 down to the
    same level and ``motor_below`` after it; then the overrides."""
    limit = INDEX[sensory_to]
    sens = {lv: "2" if INDEX[lv] <= limit else below for lv in SENSORY_LEVELS}
    mot = {lv: "5" if INDEX[lv] <= limit else motor_below for lv in MOTOR_LEVELS}
    return {"motor": {**mot, **(motor or {})}, "lightTouch": {**sens, **(lt or {})},
            "pinPrick": {**sens, **(pp or {})}, **extra}


def exam(right, left=None, vac="No", dap="No"):
    return parse_exam({"right": right, "left": left or right, "voluntaryAnalContraction": vac,
                       "deepAnalPressure": dap})


def result(ex) -> dict:
    out = classify(ex).to_json()
    levels, zpp = out.pop("neurologicalLevels"), out.pop("zoneOfPartialPreservations")
    return {**{f"L.{k}": v for k, v in levels.items()}, **{f"Z.{k}": v for k, v in zpp.items()}, **out}


# ------------------------------------------------------------------ the issue's example
def test_the_issue_example_classifies_exactly_as_shown():
    """A complete C5 exam built to match every number in issue 19's example output."""
    top = {lv: "2" for lv in ("C2", "C3", "C4", "C5", "C6")}
    right = side("C1", motor={"C5": "5", "C6": "3", "C7": "2", "C8": "2", "T1": "1"},
                 lt={**top, "C7": "1", "C8": "1", "T1": "1", "T2": "1", "T3": "1", "T5": "1"},
                 pp={**top, "T5": "1"})
    left = side("C1", motor={"C5": "5", "C6": "2", "C7": "5"}, lt=top, pp=top)
    assert classify(exam(right, left)).to_json() == {
        "neurologicalLevels": {"sensoryRight": "C6", "sensoryLeft": "C6", "motorRight": "C6", "motorLeft": "C5"},
        "neurologicalLevelOfInjury": "C5", "injuryComplete": "C", "ASIAImpairmentScale": "A",
        "zoneOfPartialPreservations": {"sensoryRight": "T5", "sensoryLeft": "C6", "motorRight": "T1",
                                       "motorLeft": "C7"},
        "totals": {"rightUpperMotorTotal": "13", "leftUpperMotorTotal": "12", "rightLowerMotorTotal": "0",
                   "leftLowerMotorTotal": "0", "rightTouchTotal": "16", "leftTouchTotal": "10",
                   "rightPrickTotal": "11", "leftPrickTotal": "10", "rightMotorTotal": "13",
                   "leftMotorTotal": "12", "upperMotorTotal": "25", "lowerMotorTotal": "0",
                   "touchTotal": "26", "prickTotal": "21"}}


# ------------------------------------------------------------------ levels
def test_an_intact_exam_is_int_everywhere_ais_e_and_full_totals():
    out = classify(exam(side(), vac="Yes", dap="Yes")).to_json()
    assert set(out["neurologicalLevels"].values()) == {"INT"}
    assert out["neurologicalLevelOfInjury"] == "INT"
    assert (out["injuryComplete"], out["ASIAImpairmentScale"]) == ("I", "E")
    assert set(out["zoneOfPartialPreservations"].values()) == {"NA"}
    t = out["totals"]
    assert (t["upperMotorTotal"], t["lowerMotorTotal"], t["touchTotal"], t["prickTotal"]) == ("50", "50", "112", "112")


def test_c2_not_normal_gives_sensory_and_motor_level_c1():
    r = result(exam(side(lt={"C2": "1"}), side(), vac="Yes", dap="Yes"))
    assert (r["L.sensoryRight"], r["L.motorRight"], r["L.sensoryLeft"]) == ("C1", "C1", "INT")
    assert r["neurologicalLevelOfInjury"] == "C1"


def test_a_key_muscle_counts_from_grade_3_and_passes_only_at_5():
    assert result(exam(side("C6", motor={"C6": "3"})))["L.motorRight"] == "C6"
    assert result(exam(side("C6", motor={"C6": "2"})))["L.motorRight"] == "C5"
    assert result(exam(side("C6", motor={"C5": "4", "C6": "5"})))["L.motorRight"] == "C5"


def test_above_c5_the_motor_level_follows_sensation():
    """C5 graded 2 with normal sensation to C4: no myotome at C4, so the motor level is C4."""
    r = result(exam(side("C4", motor={"C5": "2"}), dap="Yes"))
    assert (r["L.motorRight"], r["L.motorLeft"], r["neurologicalLevelOfInjury"]) == ("C4", "C4", "C4")


def test_impaired_sensation_at_c4_stops_the_motor_level_even_with_strong_arms():
    """Sensation stands in for the C2-C4 myotomes: C4 not normal means C5 is not reached."""
    r = result(exam(side("C3", motor={m: "5" for m in ("C5", "C6", "C7", "C8", "T1")})))
    assert (r["L.sensoryRight"], r["L.motorRight"]) == ("C3", "C3")
    assert r["Z.motorRight"] == "T1"  # the most caudal key muscle with function


def test_thoracic_motor_level_is_the_sensory_level():
    r = result(exam(side("T8")))
    assert (r["L.motorRight"], r["L.motorLeft"], r["neurologicalLevelOfInjury"]) == ("T8", "T8", "T8")


def test_between_t2_and_l1_each_segment_reads_its_own_sensation():
    """Past T1 the motor level follows the sensory level segment by segment: T9 not normal stops it at T8."""
    r = result(exam(side("L1", lt={"T9": "1"})))
    assert (r["L.sensoryRight"], r["L.motorRight"], r["neurologicalLevelOfInjury"]) == ("T8", "T8", "T8")


def test_strong_arms_do_not_carry_the_motor_level_past_impaired_arm_sensation():
    """Every arm muscle 5 but the C7 (or T1) dermatome impaired: the sensory level is C6 (C8), so the
    motor level, "presumed to be the same as the sensory level" below T1, cannot leave the arm: T1."""
    for dermatome, sensory in (("C7", "C6"), ("T1", "C8")):
        r = result(exam(side("L1", lt={dermatome: "1"})))
        assert (r["L.sensoryRight"], r["L.motorRight"], r["neurologicalLevelOfInjury"]) == (sensory, "T1", sensory)


def test_an_nt_arm_dermatome_leaves_both_motor_levels_open():
    """C7 light touch NT, arms 5, sensation normal to T8: if C7 is normal the motor level follows the
    sensory level to T8, if not it stays at the last key muscle, T1."""
    r = result(exam(side("T8", lt={"C7": "NT"})))
    assert (r["L.sensoryRight"], r["L.motorRight"], r["neurologicalLevelOfInjury"]) == ("C6,T8", "T1,T8", "C6,T8")
    assert r["totals"]["rightTouchTotal"] == "ND"


def test_strong_legs_do_not_carry_the_motor_level_past_impaired_leg_sensation():
    """Every leg muscle 5, L4 pin prick impaired, S2-S4-5 normal: the motor level stays at S1."""
    r = result(exam(side("INT", pp={"L4": "1"}), vac="Yes", dap="Yes"))
    assert (r["L.sensoryRight"], r["L.motorRight"], r["neurologicalLevelOfInjury"]) == ("L3", "S1", "L3")
    assert result(exam(side("INT"), vac="Yes", dap="Yes"))["L.motorRight"] == "INT"


def test_the_motor_level_is_intact_only_with_voluntary_anal_contraction():
    """VAC is the S4-5 motor test: without it an otherwise normal exam has motor level S3 (NLI and AIS
    read the segments' sensation and key muscles: INT and E; the motor ZPP applies and is S3)."""
    r = result(exam(side("INT"), vac="No", dap="Yes"))
    assert (r["L.motorRight"], r["L.motorLeft"], r["L.sensoryRight"]) == ("S3", "S3", "INT")
    assert (r["neurologicalLevelOfInjury"], r["injuryComplete"], r["ASIAImpairmentScale"]) == ("INT", "I", "E")
    assert (r["Z.motorRight"], r["Z.sensoryRight"]) == ("S3", "NA")
    r = result(exam(side("INT"), vac="NT", dap="Yes"))
    assert (r["L.motorRight"], r["Z.motorRight"]) == ("S3,INT", "NA,S3")


def test_lumbar_level_and_the_half_rule_below_it():
    r = result(exam(side("L3", motor={"L3": "4"}, below="1"), vac="Yes", dap="Yes"))
    assert (r["L.motorRight"], r["neurologicalLevelOfInjury"]) == ("L3", "L3")
    assert r["ASIAImpairmentScale"] == "C"  # none of L4, L5, S1 (6 muscles) is >= 3


# ------------------------------------------------------------------ completeness, AIS
def test_complete_thoracic_injury_with_zones_of_partial_preservation():
    right = side("T6", lt={"T7": "1"}, pp={"T8": "1"}, motor={"L2": "1"})
    r = result(exam(right, side("T6")))
    assert (r["injuryComplete"], r["ASIAImpairmentScale"]) == ("C", "A")
    assert (r["Z.sensoryRight"], r["Z.sensoryLeft"]) == ("T8", "T6")
    assert (r["Z.motorRight"], r["Z.motorLeft"]) == ("L2", "T6")


def _sensory_incomplete_c5(right_motor, **extra):
    right = side("C5", below="1", motor={"C5": "5", **right_motor}, **extra)
    return result(exam(right, side("C5", below="1")))


def test_motor_function_exactly_three_levels_below_keeps_ais_b():
    assert _sensory_incomplete_c5({"C8": "1"})["ASIAImpairmentScale"] == "B"


def test_motor_function_more_than_three_levels_below_makes_ais_c():
    assert _sensory_incomplete_c5({"T1": "1"})["ASIAImpairmentScale"] == "C"


def test_a_non_key_muscle_more_than_three_levels_below_counts_for_b_versus_c():
    assert _sensory_incomplete_c5({}, lowestNonKeyMuscleWithMotorFunction="T1")["ASIAImpairmentScale"] == "C"
    assert _sensory_incomplete_c5({}, lowestNonKeyMuscleWithMotorFunction="C8")["ASIAImpairmentScale"] == "B"


def _c6_exam(graded: int, left_extra=None, vac="Yes", dap="No"):
    """NLI C6, every key muscle below it 2 but the first ``graded`` of eight, which are 3."""
    order = [("right", m) for m in ("C7", "C8", "T1", "L2")] + [("left", m) for m in ("L2", "L3", "L4", "L5")]
    right = side("C6", below="1", motor_below="2", motor={m: "3" for s, m in order[:graded] if s == "right"})
    left = side("C6", below="1", motor_below="2",
                motor={**{m: "3" for s, m in order[:graded] if s == "left"}, **(left_extra or {})})
    return exam(right, left, vac=vac, dap=dap)


@pytest.mark.parametrize("graded", [8, 7])
def test_half_of_the_key_muscles_below_the_nli_at_3_or_more_is_d(graded):
    """NLI C6: 16 key muscles below it; 8 at >= 3 is half (D), 7 is less (C)."""
    r = result(_c6_exam(graded))
    assert r["neurologicalLevelOfInjury"] == "C6"
    assert r["ASIAImpairmentScale"] == ("D" if graded == 8 else "C")


@pytest.mark.parametrize("graded, marked, expected", [
    (7, "2*", "C*,D*"),  # the marked muscle may be 3 or more: C needs it below 3, D at 3 or more
    (2, "0*", "C"),    # far from half: the mark decides nothing
    (7, "2**", "D*"),  # counted only because it is considered normal
])
def test_the_half_rule_is_marked_only_when_a_marked_muscle_decides_it(graded, marked, expected):
    assert result(_c6_exam(graded, {"S1": marked}))["ASIAImpairmentScale"] == expected


def _half_steps_of(ex) -> list:
    return [s for s in classify(ex)["ASIAImpairmentScale"].steps
            if s.rule in ("half_antigravity", "less_than_half_antigravity", "no_key_muscle_below")]


def _half_steps(ex) -> list[tuple[str, str, str, list]]:
    """The AIS's C-versus-D steps as (rule, count, level, cells they leave open)."""
    return [(s.rule, s.value, s.level, [CELL_KEYS[c] for c in s.because]) for s in _half_steps_of(ex)]


def _ais_lines(ex) -> tuple[str, list[str]]:
    """The Steps tab's AIS heading and lines (Qt-free: the words the panel shows)."""
    return next((head, lines) for head, lines in step_lines(ex, classify(ex)) if head.startswith("AIS"))


@pytest.mark.parametrize("graded, rule", [(7, "less_than_half_antigravity"), (8, "half_antigravity")])
def test_the_c_versus_d_step_counts_the_key_muscles_below_the_nli(graded, rule):
    assert _half_steps(_c6_exam(graded)) == [(rule, f"{graded} of 16", "C6", [])]


def test_with_nt_muscles_each_possible_grade_has_its_own_count_step():
    """Six sure, two NT: C for 6 or 7 of 16, D for 8; both steps name the NT muscles."""
    ex = _c6_exam(7, {"L2": "NT", "S1": "NT"}, vac="No", dap="Yes")
    nt = [("left", "motor", "L2"), ("left", "motor", "S1")]
    assert classify(ex)["ASIAImpairmentScale"].text == "C,D"
    assert _half_steps(ex) == [("less_than_half_antigravity", "6 to 7 of 16", "C6", nt),
                               ("half_antigravity", "8 of 16", "C6", nt)]


def test_no_key_muscle_below_the_nli_is_half_of_none_and_says_so():
    ex = exam(side("S1", below="1"), vac="Yes", dap="Yes")
    assert _half_steps(ex) == [("no_key_muscle_below", "0 of 0", "S1", [])]
    assert classify(ex)["ASIAImpairmentScale"].text == "D"


def test_ais_b_says_for_each_side_that_no_muscle_far_below_moves():
    """Motor level C5 both sides: T1 and L2..S1 (more than three levels below) are the step's cells."""
    b = classify(exam(side("C5", below="1"), dap="Yes"))["ASIAImpairmentScale"]
    cells = [[CELL_KEYS[c] for c in s.because] for s in b.steps if s.rule == "no_motor_function_below"]
    assert cells == [[(s, "motor", m) for m in ("T1", "L2", "L3", "L4", "L5", "S1")] for s in ("right", "left")]


def test_b_a_and_e_say_why_without_a_count():
    b = classify(exam(side("C5", below="1"), dap="Yes"))["ASIAImpairmentScale"]
    assert b.text == "B" and "no_motor_function_below" in {s.rule for s in b.steps}
    assert [s.rule for s in classify(exam(side("T6")))["ASIAImpairmentScale"].steps] == ["no_sacral_sparing"]
    assert [s.rule for s in classify(exam(side(), vac="Yes", dap="Yes"))["ASIAImpairmentScale"].steps] == \
        ["all_intact"]
    assert not _half_steps(exam(side("C5", below="1"), dap="Yes"))


def test_the_c_versus_d_step_reads_as_plain_words_in_the_steps_tab():
    head, lines = _ais_lines(_c6_exam(7))
    assert head == "AIS: C"
    assert lines[-1] == "7 of 16 key muscles below the NLI C6 graded 3 or more: fewer than half, so C"
    ex = _c6_exam(7, {"S1": "NT"})
    head, lines = _ais_lines(ex)
    assert head == "AIS: C,D"
    assert lines[-2:] == [
        "7 of 16 key muscles below the NLI C6 graded 3 or more: fewer than half, so C, one possibility where NT "
        "leaves it open",
        "8 of 16 key muscles below the NLI C6 graded 3 or more: at least half, so D, one possibility where NT "
        "leaves it open"]
    assert describe_step(_half_steps_of(ex)[-1], ex) == \
        "D: 8 of 16 key muscles below the NLI C6 graded >= 3, at least half"


@pytest.mark.parametrize("left_l5, ais, right_zpp", [
    ("2", "C", "L2"),  # four of ten below the NLI at 3: C, the non-key muscle is the right motor ZPP
    ("3", "D", "T6"),  # five of ten: D, key muscles only
])
def test_a_non_key_muscle_far_below_is_the_motor_zpp_when_the_ais_is_c(left_l5, ais, right_zpp):
    right = side("T6", lowestNonKeyMuscleWithMotorFunction="L2")
    left = side("T6", motor={m: "3" for m in ("L2", "L3", "L4", "S1")} | {"L5": left_l5})
    r = result(exam(right, left, dap="Yes"))
    assert (r["ASIAImpairmentScale"], r["Z.motorRight"], r["Z.motorLeft"]) == (ais, right_zpp, "S1")


def test_the_non_key_motor_zpp_says_why_in_its_steps():
    ex = exam(side("C6", below="1", lowestNonKeyMuscleWithMotorFunction="L2"), side("C6", below="1"), dap="Yes")
    zpp = classify(ex)["zoneOfPartialPreservations.motorRight"]
    assert zpp.text == "L2"
    assert "L2: the lowest non-key muscle with motor function" in describe_step(zpp.steps[-1], ex)


def test_a_non_key_muscle_within_three_levels_of_the_zpp_leaves_it():
    right = side("C6", below="1", motor={"L3": "1"}, lowestNonKeyMuscleWithMotorFunction="S1")
    r = result(exam(right, side("C6", below="1"), dap="Yes"))
    assert (r["ASIAImpairmentScale"], r["Z.motorRight"], r["Z.motorLeft"]) == ("C", "L3", "C6")


def test_zpp_2019_motor_zpp_in_an_incomplete_injury_without_vac():
    """Sacral sensation (DAP) present, VAC absent: sensory ZPP NA, motor ZPP recorded."""
    r = result(exam(side("T6", motor={"L3": "2"}), side("T6"), dap="Yes"))
    assert (r["injuryComplete"], r["ASIAImpairmentScale"]) == ("I", "C")
    assert (r["Z.sensoryRight"], r["Z.sensoryLeft"]) == ("NA", "NA")
    assert (r["Z.motorRight"], r["Z.motorLeft"]) == ("L3", "T6")


def test_sensory_zpp_applies_per_side():
    """DAP absent; S4-5 light touch felt on the right only: the right sensory ZPP is NA."""
    r = result(exam(side("T6", lt={"S4_5": "1"}), side("T6", lt={"T9": "1"})))
    assert (r["Z.sensoryRight"], r["Z.sensoryLeft"]) == ("NA", "T9")
    assert r["injuryComplete"] == "I"


# ------------------------------------------------------------------ NT: every possible value
def test_an_nt_sensory_point_lists_both_possible_levels_and_leaves_totals_undetermined():
    out = classify(exam(side("T6", lt={"T5": "NT"}), side("T6"))).to_json()
    assert out["neurologicalLevels"]["sensoryRight"] == "T4,T6"
    assert out["neurologicalLevels"]["sensoryLeft"] == "T6"
    assert out["neurologicalLevelOfInjury"] == "T4,T6"
    assert out["totals"]["rightTouchTotal"] == out["totals"]["touchTotal"] == "ND"
    assert out["totals"]["rightPrickTotal"] == str(2 * 13)  # C2..C8 and T1..T6: 13 points at 2


def test_nt_at_s4_5_gives_s3_or_int_and_the_grades_of_each():
    r = result(exam(side(lt={"S4_5": "NT"}), side(), vac="Yes", dap="Yes"))
    assert (r["L.sensoryRight"], r["L.motorRight"], r["neurologicalLevelOfInjury"]) == ("S3,INT",) * 3
    assert r["ASIAImpairmentScale"] == "D,E"  # below S3 there is no key muscle: half of none is met


def test_nt_vac_in_an_otherwise_complete_injury():
    r = result(exam(side("T6"), vac="NT"))
    assert (r["injuryComplete"], r["ASIAImpairmentScale"]) == ("C,I", "A,C")
    assert r["Z.motorRight"] == "NA,T6"


def test_nt_dap_gives_na_or_the_zone():
    r = result(exam(side("S3"), dap="NT"))
    assert (r["Z.sensoryRight"], r["injuryComplete"], r["ASIAImpairmentScale"]) == ("NA,S3", "C,I", "A,B")


def test_an_nt_key_muscle_lists_every_motor_level_it_allows():
    r = result(exam(side("C6", motor={"C6": "NT"})))
    assert r["L.motorRight"] == "C5,C6"


def test_every_value_nt_gives_every_possible_value():
    nt = {k: {lv: "NT" for lv in v} for k, v in side().items()}
    out = classify(exam(nt, vac="NT", dap="NT")).to_json()
    every_level = ",".join(["C1", *SENSORY_LEVELS[:-1], "INT"])  # C1..S3, INT
    assert out["neurologicalLevelOfInjury"] == out["neurologicalLevels"]["motorLeft"] == every_level
    assert out["zoneOfPartialPreservations"]["sensoryRight"] == "NA," + every_level.removesuffix(",INT")
    assert out["ASIAImpairmentScale"] == "A,B,C,D,E"
    assert out["injuryComplete"] == "C,I"
    assert set(out["totals"].values()) == {"ND"}


# ------------------------------------------------------------------ non-SCI marks
def test_a_value_considered_normal_above_the_level_marks_the_level():
    r = result(exam(side("T4", lt={"C6": "1**"})))
    assert (r["L.sensoryRight"], r["neurologicalLevelOfInjury"]) == ("T4*", "T4*")
    assert r["L.motorRight"] == "T4*"  # the motor level left the arm through the C6 dermatome read as normal


@pytest.mark.parametrize("grade", ["0*", "1*", "2*"])
def test_a_marked_grade_below_3_may_hide_an_antigravity_grade(grade):
    """The SCI's own grade under a non-SCI impairment is unknown but not normal: the level stops
    above the muscle (as recorded) or at it (3 or 4 hidden), and only the latter rests on the mark."""
    r = result(exam(side(motor={"C6": grade})))
    assert (r["L.motorRight"], r["neurologicalLevelOfInjury"]) == ("C5,C6*", "C5,C6*")


def test_a_marked_grade_that_decides_nothing_leaves_no_star():
    assert result(exam(side(motor={"C6": "3*"})))["L.motorRight"] == "C6"  # 3 or 4: C6 either way
    assert result(exam(side("T6", pp={"T5": "1*"})))["L.sensoryRight"] == "T4"  # 1, as plain 1 does
    assert result(exam(side("T6", pp={"T5": "NT*"})))["L.sensoryRight"] == "T4*"  # nothing was recorded


def test_a_marked_absent_value_may_hide_preserved_function():
    sacral = result(exam(side("T6", lt={"S4_5": "0*"}), side("T6")))
    assert (sacral["injuryComplete"], sacral["Z.sensoryRight"]) == ("C,I*", "NA,T6")
    muscle = result(exam(side("C6", motor={"L3": "0*"}), side("C6")))
    assert (muscle["L.motorRight"], muscle["Z.motorRight"], muscle["ASIAImpairmentScale"]) == ("C6", "C6,L3*", "A")


def test_a_marked_nt_at_s4_5_marks_both_completeness_answers():
    r = result(exam(side("T6", lt={"S4_5": "NT*"}), side("T6")))
    assert r["injuryComplete"] == "C*,I*"
    assert r["ASIAImpairmentScale"] == "A*,B*"


def test_a_key_muscle_considered_normal_marks_the_motor_level():
    r = result(exam(side("C6", motor={"C6": "2**"})))
    assert (r["L.motorRight"], r["neurologicalLevelOfInjury"], r["Z.motorRight"]) == ("C6*", "C6*", "C6*")


def test_totals_sum_the_grades_read_and_mark_values_counted_as_normal():
    """A total is the sum of what classification reads: "**" counts as normal (and marks the total),
    a marked grade that may hide another ("2*", sensory "0*") leaves it undetermined, one that can
    only read as recorded ("4*", sensory "1*") counts as recorded."""
    t = classify(exam(side(motor={"C5": "4**", "C6": "4*"}, lt={"C5": "1*"}, pp={"C5": "0*"}),
                      side(motor={"L2": "2*", "C5": "NT**"}))).totals
    assert (t["rightUpperMotorTotal"], t["rightLowerMotorTotal"], t["rightMotorTotal"]) == ("24*", "25", "49*")
    assert (t["leftUpperMotorTotal"], t["leftLowerMotorTotal"], t["upperMotorTotal"]) == ("25*", "ND", "49*")
    assert (t["rightTouchTotal"], t["rightPrickTotal"], t["touchTotal"]) == ("55", "ND", "111")


@pytest.mark.parametrize("field, value", [("motor", "5*"), ("lightTouch", "2**"), ("pinPrick", "3")])
def test_a_mark_on_a_normal_value_or_an_impossible_grade_is_refused(field, value):
    bad = side()
    bad[field]["C5"] = value
    with pytest.raises(InputError, match=re.escape(f"right.{field}.C5: unknown value '{value}'")):
        exam(bad)


# ------------------------------------------------------------------ steps, exam object, worksheet
def test_steps_name_the_rule_the_level_and_the_cells():
    ex = exam(side("T4", lt={"T5": "1"}, pp={"T5": "2"}), side("T4"))
    det = classify(ex)["neurologicalLevels.sensoryRight"]
    step = next(s for s in det.steps if s.value == "T4")
    assert (step.rule, step.level) == ("not_reached", "T5")
    assert [CELL_KEYS[c] for c in step.because] == [("right", "lightTouch", "T5")]
    assert describe_step(step, ex) == "T4: at T5 right lightTouch T5 = 1 not normal enough to go on"


def test_a_file_in_any_key_order_reads_the_same_and_is_copied_not_shared():
    data = exam_to_dict(exam(side("C6", below="1", motor={"C7": "NT*"}), side("T2", lt={"T5": "0*"})))
    shuffled = {**data, "right": {k: dict(reversed(v.items())) for k, v in data["right"].items()}}
    ex = parse_exam(data)
    assert parse_exam(shuffled) == ex and list(parse_exam(shuffled).right.motor) == list(MOTOR_LEVELS)
    data["left"]["lightTouch"]["C2"] = "0"
    assert ex.left.light_touch["C2"] == "2"


@pytest.mark.parametrize("value, reason", [
    (["2"], 'wrong type: ["2"] (list), expected a string'), ({"v": 2}, "wrong type: {\"v\": 2} (dict)"),
    (2, "wrong type: 2 (int)"), ("3", "unknown value '3'")])
def test_a_bad_value_in_an_otherwise_complete_row_is_named(value, reason):
    data = exam_to_dict(exam(side()))
    data["left"]["pinPrick"]["T7"] = value
    with pytest.raises(InputError, match=re.escape(f"left.pinPrick.T7: {reason}")):
        parse_exam(data)


def test_exam_edits_are_validated_and_round_trip_through_the_file_layout(tmp_path):
    ex = Exam.normal().with_value("left", "motor", "L4", "2*")
    assert ex.left.motor["L4"] == "2*" and Exam.normal().left.motor["L4"] == "5"
    assert parse_exam(exam_to_dict(ex)) == ex
    with pytest.raises(InputError, match=r"left\.motor\.L4: unknown value '7'"):
        ex.with_value("left", "motor", "L4", "7")
    with pytest.raises(InputError, match="no such field"):
        ex.with_value("left", "motor", "T6", "5")


def test_worksheet_grid_and_summary():
    ex = exam(side("C6", motor={"C6": "3"}), dap="Yes")
    rows = grid_rows(ex)
    assert len(rows) == 29 and rows[0][3] == "C2" and rows[0][0] == ""
    assert rows[4][:4] == ("3", "2", "2", "C6") and rows[27][3] == "S4-5"
    lines = summary_lines("exam.json", classify(ex))
    assert any(line.split()[:4] == ["ASIA", "Impairment", "Scale", "(AIS)"] and line.split()[-1] == "B" for line in lines)


def test_the_exam_model_imports_no_gui_or_vtk():
    import subprocess
    import sys

    code = ("import sys, radviz.isncsci, radviz.isncsci.cli, radviz.isncsci.worksheet\n"
            "print(','.join(m for m in ('PySide6', 'pyvista', 'vtk', 'vtkmodules', 'pyvistaqt') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_dermatome_status_is_the_lower_score_for_the_chart():
    ex = exam(side("T4", lt={"T5": "1", "T6": "NT", "T7": "NT"}, pp={"T5": "2", "T6": "0*", "T7": "NT"}))
    assert dermatome_status(ex, "right", "T4") == ("normal", False)
    assert dermatome_status(ex, "right", "T5") == ("impaired", False)
    assert dermatome_status(ex, "right", "T6") == ("absent", True)
    assert dermatome_status(ex, "right", "T7") == ("not tested", False)
