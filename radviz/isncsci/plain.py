"""The classification of a *plain* exam - every value one grade, no NT, no non-SCI marks, VAC and DAP
Yes or No (about nine clinic exams in ten) - by integer walks over the grades, without the constraint
engine of :mod:`radviz.isncsci.possibilities`.  Each determination then has exactly one value, so the
rules of :mod:`radviz.isncsci.rules` reduce to finding where runs of normal values end.  The steps
are not built here: :mod:`radviz.isncsci.classify` asks the engine for them when they are wanted.
tests/test_isncsci_properties.py checks that both always agree."""
from __future__ import annotations

from bisect import bisect_right

from radviz.isncsci.exam import Exam
from radviz.isncsci.levels import (INDEX, LEVELS, LOWER_MOTOR, MOTOR_LEVELS, SENSORY_LEVELS, UPPER_MOTOR, in_motor_order,
                                   in_sensory_order)

__all__ = ["plain_grades", "classify_plain", "SENSORY_CELLS"]

_N = len(SENSORY_LEVELS)  # 28 key sensory points per side
SENSORY_CELLS = 4 * _N  # LT right, PP right, LT left, PP left, then 10 motor right, 10 motor left
_LENGTH = SENSORY_CELLS + 2 * len(MOTOR_LEVELS)
#: bytes.translate table: an ASCII digit 0-5 -> its grade, anything else -> 255 (not plain).
_GRADES = bytes(c - 48 if 48 <= c <= 53 else 255 for c in range(256))
_YES_NO = {"Yes": 1, "No": 0}
_AT_LEAST_3 = bytes(int(g >= 3) for g in range(256))  # bytes.translate: a grade -> 1 when antigravity
_M = len(MOTOR_LEVELS)  # key muscles per side
_INT = INDEX["INT"]
_NAME = {**dict(enumerate(LEVELS)), _INT: "INT"}
_S45 = _N - 1  # index of S4-5 among the sensory points
#: Per key muscle: its segment index (C5 = 4 ... S1 = 24), in motor cell order.
_MUSCLE_INDEX = tuple(INDEX[m] for m in MOTOR_LEVELS)
#: The motor walk down C2..S4-5 in runs: (first, last) segments without key muscles, where sensation
#: stands in (a segment is reached only when every dermatome down to it is normal, which for T2 and S2
#: takes in the key-muscle block above), then the key muscles (motor cell offsets) of the next block.
_UPPER, _LOWER = (tuple(MOTOR_LEVELS.index(m) for m in block) for block in (UPPER_MOTOR, LOWER_MOTOR))
_MOTOR_RUNS = ((INDEX["C2"], INDEX["C4"], _UPPER), (INDEX["T2"], INDEX["L1"], _LOWER),
               (INDEX["S2"], INDEX["S4_5"], ()))


def plain_grades(exam: Exam) -> tuple[bytes, int, int] | None:
    """(grades in cell order, VAC, DAP) when every value is one plain grade and VAC and DAP are Yes or
    No; None otherwise (the engine classifies those)."""
    right, left = exam.right, exam.left
    text = "".join(in_sensory_order(right.light_touch) + in_sensory_order(right.pin_prick)
                   + in_sensory_order(left.light_touch) + in_sensory_order(left.pin_prick)
                   + in_motor_order(right.motor) + in_motor_order(left.motor))
    vac, dap = _YES_NO.get(exam.voluntary_anal_contraction), _YES_NO.get(exam.deep_anal_pressure)
    if len(text) != _LENGTH or vac is None or dap is None:
        return None  # NT, a mark ("1*", "NT*"...) or an anal NT
    grades = text.encode("latin-1", "replace").translate(_GRADES)
    if 255 in grades or max(grades[:SENSORY_CELLS]) > 2:
        return None
    return grades, vac, dap


def _normal_run(touch: bytes, prick: bytes) -> int:
    """How many key sensory points from C2 down have LT = PP = 2 (the sensory walk stops at the next)."""
    return _N - max(len(touch.lstrip(b"\2")), len(prick.lstrip(b"\2")))


def _motor_level(normal_run: int, muscles: bytes, vac: int) -> int:
    """The motor walk (:func:`radviz.isncsci.rules.motor_level`) as a segment index: a segment without a
    key muscle is reached while sensation is normal down to it; a key muscle is reached at >= 3 and
    passed at 5; INT also needs VAC (``vac`` 1; the NLI passes 1 as it leaves VAC out)."""
    for first, last, block in _MOTOR_RUNS:
        if normal_run < last:  # a dermatome from first to last is not normal: the segment above it
            return max(normal_run, first - 1)
        for k in block:
            grade = muscles[k]
            if grade < 5:
                return _MUSCLE_INDEX[k] - (grade < 3)
    return _INT if vac else INDEX["S3"]


def _has_function_below(muscles: bytes, motor_level: int, non_key: str | None) -> bool:
    """Motor function (any grade above 0, or the recorded non-key muscle) more than three segments below
    the motor level (:func:`radviz.isncsci.rules.motor_function_below`)."""
    far = motor_level + 3
    if non_key and INDEX[non_key] > far:
        return True
    return any(grade and index > far for index, grade in zip(_MUSCLE_INDEX, muscles))


def _lowest_function(muscles: bytes, motor_level: int) -> int:
    """The motor ZPP: the lowest key muscle below the motor level with any function, else the level."""
    for index, grade in zip(reversed(_MUSCLE_INDEX), reversed(muscles)):
        if index <= motor_level:
            break
        if grade:
            return index
    return motor_level


def _lowest_sensation(touch: bytes, prick: bytes) -> int:
    """The sensory ZPP: the lowest dermatome above S4-5 with any LT or PP, C1 (0) with none."""
    return max(len(touch[:_S45].rstrip(b"\0")), len(prick[:_S45].rstrip(b"\0")))


def _ais(grades: bytes, vac: int, nli: int, complete: bool, has_function) -> str:
    """A-E (:func:`radviz.isncsci.rules.ais`): the half rule counts key muscles below the NLI (both
    sides) at >= 3 against half of them; without VAC, C or D needs motor function far below."""
    if complete:
        return "A"
    if nli == _INT:
        return "E"
    if not vac and not has_function():
        return "B"
    first = bisect_right(_MUSCLE_INDEX, nli)  # the first key muscle below the NLI (on each side)
    antigravity = grades[SENSORY_CELLS:].translate(_AT_LEAST_3)
    count = sum(antigravity[first:_M]) + sum(antigravity[_M + first:])
    return "D" if count >= _M - first else "C"  # half of the 2 * (_M - first) muscles below, or more


def classify_plain(grades: bytes, vac: int, dap: int, non_key: dict) -> dict[str, str]:
    """Each determination's one value, by name (the names of :data:`radviz.isncsci.classify.FIELDS`)."""
    lt_r, pp_r, lt_l, pp_l = (grades[k * _N:(k + 1) * _N] for k in range(4))
    motor_r, motor_l = grades[SENSORY_CELLS:SENSORY_CELLS + _M], grades[SENSORY_CELLS + _M:]
    run_r, run_l = _normal_run(lt_r, pp_r), _normal_run(lt_l, pp_l)
    sensory_r, sensory_l = (_INT if run == _N else run for run in (run_r, run_l))
    motor_level_r, motor_level_l = _motor_level(run_r, motor_r, vac), _motor_level(run_l, motor_l, vac)
    nli = min(sensory_r, sensory_l, _motor_level(run_r, motor_r, 1), _motor_level(run_l, motor_l, 1))
    sacral_r, sacral_l = dap or lt_r[_S45] or pp_r[_S45], dap or lt_l[_S45] or pp_l[_S45]
    non_key_r, non_key_l = non_key.get("right"), non_key.get("left")
    grade = _ais(grades, vac, nli, not (vac or sacral_r or sacral_l), lambda: (
        _has_function_below(motor_r, motor_level_r, non_key_r)
        or _has_function_below(motor_l, motor_level_l, non_key_l)))
    return {"neurologicalLevels.sensoryRight": _NAME[sensory_r], "neurologicalLevels.sensoryLeft": _NAME[sensory_l],
            "neurologicalLevels.motorRight": _NAME[motor_level_r], "neurologicalLevels.motorLeft": _NAME[motor_level_l],
            "neurologicalLevelOfInjury": _NAME[nli], "injuryComplete": "I" if vac or sacral_r or sacral_l else "C",
            "ASIAImpairmentScale": grade,
            "zoneOfPartialPreservations.sensoryRight": "NA" if sacral_r else _NAME[_lowest_sensation(lt_r, pp_r)],
            "zoneOfPartialPreservations.sensoryLeft": "NA" if sacral_l else _NAME[_lowest_sensation(lt_l, pp_l)],
            "zoneOfPartialPreservations.motorRight": _motor_zpp(motor_r, motor_level_r, vac, grade, non_key_r),
            "zoneOfPartialPreservations.motorLeft": _motor_zpp(motor_l, motor_level_l, vac, grade, non_key_l)}


def _motor_zpp(muscles: bytes, motor_level: int, vac: int, grade: str, non_key: str | None) -> str:
    """NA with VAC; else the lowest function below the motor level, or with AIS C a recorded non-key
    muscle more than three segments below that (:func:`radviz.isncsci.rules.motor_zpp`)."""
    if vac:
        return "NA"
    zpp = _lowest_function(muscles, motor_level)
    if grade == "C" and non_key and INDEX[non_key] - zpp > 3:
        return non_key
    return _NAME[zpp]
