"""The exam and its classification as the standard worksheet lays them out: rows a report can print,
and the readable summary the CLI prints without ``--json``."""
from __future__ import annotations

from radviz.isncsci.classify import Classification
from radviz.isncsci.exam import Exam
from radviz.isncsci.levels import MOTOR_LEVELS, SENSORY_LEVELS
from radviz.isncsci.possibilities import CELL_KEYS, Step

__all__ = ["grid_rows", "summary_rows", "summary_lines", "dermatome_status", "describe_step", "GRID_HEADER"]

#: Columns of the worksheet grid: right side (motor, LT, PP), the level, left side (LT, PP, motor).
GRID_HEADER = ("Right motor", "Right LT", "Right PP", "Level", "Left LT", "Left PP", "Left motor")


def grid_rows(exam: Exam) -> list[tuple[str, ...]]:
    """One row per sensory level (C2..S4-5), as on the worksheet; motor cells blank where no key muscle."""
    rows = []
    r, left = exam.right, exam.left
    for lv in SENSORY_LEVELS:
        key = lv in MOTOR_LEVELS
        rows.append((r.motor[lv] if key else "", r.light_touch[lv], r.pin_prick[lv], lv.replace("_", "-"),
                     left.light_touch[lv], left.pin_prick[lv], left.motor[lv] if key else ""))
    rows.append(("VAC", exam.voluntary_anal_contraction, "", "", "", exam.deep_anal_pressure, "DAP"))
    return rows


def dermatome_status(exam: Exam, side: str, level: str) -> tuple[str, bool]:
    """How a chart colours one key sensory point: ("normal" | "impaired" | "absent" | "not tested",
    marked).  The lower of the recorded light touch and pin prick scores decides, as on the worksheet
    chart; NT counts only when neither was tested; marked when either value carries a non-SCI mark."""
    ex = exam.side(side)
    values = (ex.light_touch[level], ex.pin_prick[level])
    scores = [int(v.rstrip("*")) for v in values if not v.startswith("NT")]
    marked = any(v.endswith("*") for v in values)
    if not scores:
        return "not tested", marked
    return ("absent", "impaired", "normal")[min(scores)], marked


def summary_rows(result: Classification) -> list[tuple[str, str, str]]:
    """(label, right, left) rows of the worksheet's classification block, then (label, value, "")."""
    t = result.totals
    d = result.determinations
    return [
        ("Sensory level", d["neurologicalLevels.sensoryRight"].text, d["neurologicalLevels.sensoryLeft"].text),
        ("Motor level", d["neurologicalLevels.motorRight"].text, d["neurologicalLevels.motorLeft"].text),
        ("Neurological level of injury (NLI)", d["neurologicalLevelOfInjury"].text, ""),
        ("Complete or incomplete", d["injuryComplete"].text, ""),
        ("ASIA Impairment Scale (AIS)", d["ASIAImpairmentScale"].text, ""),
        ("Zone of partial preservation, sensory", d["zoneOfPartialPreservations.sensoryRight"].text,
         d["zoneOfPartialPreservations.sensoryLeft"].text),
        ("Zone of partial preservation, motor", d["zoneOfPartialPreservations.motorRight"].text,
         d["zoneOfPartialPreservations.motorLeft"].text),
        ("Upper extremity motor (UEMS, max 25 a side)", t["rightUpperMotorTotal"], t["leftUpperMotorTotal"]),
        ("Lower extremity motor (LEMS, max 25 a side)", t["rightLowerMotorTotal"], t["leftLowerMotorTotal"]),
        ("Light touch (max 56 a side)", t["rightTouchTotal"], t["leftTouchTotal"]),
        ("Pin prick (max 56 a side)", t["rightPrickTotal"], t["leftPrickTotal"]),
        ("Motor totals UEMS / LEMS (max 50 each)", t["upperMotorTotal"], t["lowerMotorTotal"]),
        ("Sensory totals LT / PP (max 112 each)", t["touchTotal"], t["prickTotal"]),
    ]


def summary_lines(source: str, result: Classification) -> list[str]:
    """The readable summary: one line per classification row, right and left side by side."""
    lines = [f"{source}:", f"  {'':44s} {'right':>12s} {'left':>12s}"]
    for label, right, left in summary_rows(result):
        lines.append(f"  {label:44s} {right:>12s} {left:>12s}" if left else f"  {label:44s} {right:>12s}")
    if any("," in d.text for d in result.determinations.values()):
        lines.append("  (a list: not-testable values leave each of these possible)")
    if any("*" in text for text in [*(d.text for d in result.determinations.values()), *result.totals.values()]):
        lines.append("  (*: rests on a value marked as impaired for a reason other than the spinal cord injury)")
    return lines


_RULE_TEXT = {
    "not_reached": "{value}: at {level} {cells} not normal enough to go on",
    "reached_not_intact": "{value}: {cells} at least 3 but not 5",
    "all_intact": "{value}: every segment normal",
    "no_sacral_sparing": "{value}: no VAC, no DAP, no S4-5 sensation",
    "sacral_sparing": "{value}: sacral sparing ({cells})",
    "vac_present": "{value}: voluntary anal contraction present",
    "motor_function_below": "motor function more than three levels below motor level {value} ({cells})",
    "no_motor_function_below": "no motor function more than three levels below {value}",
    "less_than_half_antigravity": "C: {value} key muscles below the NLI {level} graded >= 3, fewer than half",
    "half_antigravity": "D: {value} key muscles below the NLI {level} graded >= 3, at least half",
    "no_key_muscle_below": "D: no key muscle below the NLI {level}, half of none is reached",
    "lowest_sensation": "{value}: most caudal sensation ({cells})",
    "no_sensation": "{value}: no sensation at any key point",
    "lowest_motor_function": "{value}: most caudal key muscle with function ({cells})",
    "sacral_sensation_present": "{value}: sacral sensation present ({cells}), not applicable",
    "non_key_muscle_below": "{value}: the lowest non-key muscle with motor function, more than three levels"
                            " below the key muscles' zone, the AIS being C",
}


def describe_step(step: Step, exam: Exam) -> str:
    """One step in words, with the recorded values it rests on ("T4: at T5 right lightTouch T5 = 1 ...").
    A default wording for reports; the app may word :class:`Step` fields its own way."""
    cells = []
    for cid in step.because:
        key = CELL_KEYS[cid]
        if len(key) == 1:
            value = exam.voluntary_anal_contraction if key[0] == "voluntaryAnalContraction" else exam.deep_anal_pressure
            cells.append(f"{key[0]} = {value}")
        else:
            side, kind, level = key
            cells.append(f"{side} {kind} {level.replace('_', '-')} = {exam.side(side).values(kind)[level]}")
    text = _RULE_TEXT.get(step.rule, step.rule + " {value}")
    return text.format(value=step.value, level=step.level.replace("_", "-"), cells=", ".join(cells) or "-")
