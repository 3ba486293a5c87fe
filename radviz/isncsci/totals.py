"""The worksheet totals: sums of the recorded scores, "ND" when an NT leaves a sum undetermined."""
from __future__ import annotations

from radviz.isncsci.levels import SENSORY_LEVELS

__all__ = ["totals", "TOTAL_KEYS"]

TOTAL_KEYS = ("rightUpperMotorTotal", "leftUpperMotorTotal", "rightLowerMotorTotal", "leftLowerMotorTotal",
              "rightTouchTotal", "leftTouchTotal", "rightPrickTotal", "leftPrickTotal", "rightMotorTotal",
              "leftMotorTotal", "upperMotorTotal", "lowerMotorTotal", "touchTotal", "prickTotal")
_N = len(SENSORY_LEVELS)
_M0 = 4 * _N  # first motor cell (see possibilities.CELL_KEYS: LT/PP right, LT/PP left, motor right, left)


def _sum(scores) -> int | None:
    """None (not determinable) when a score is NT: a total needs every value."""
    try:
        return sum(scores)
    except TypeError:  # an NT (None) among them
        return None


def _add(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


def totals(scores: list) -> dict[str, str]:
    """The 14 worksheet totals as strings, from the cells' scores in cell-id order.  A marked value
    counts with its recorded grade ("4**" is 4): the mark changes how classification reads it, not the
    score."""
    t = {}
    for k, side in enumerate(("right", "left")):
        sens = 2 * _N * k
        motor = _M0 + 10 * k
        t[f"{side}TouchTotal"] = _sum(scores[sens:sens + _N])
        t[f"{side}PrickTotal"] = _sum(scores[sens + _N:sens + 2 * _N])
        t[f"{side}UpperMotorTotal"] = _sum(scores[motor:motor + 5])
        t[f"{side}LowerMotorTotal"] = _sum(scores[motor + 5:motor + 10])
        t[f"{side}MotorTotal"] = _add(t[f"{side}UpperMotorTotal"], t[f"{side}LowerMotorTotal"])
    t["upperMotorTotal"] = _add(t["rightUpperMotorTotal"], t["leftUpperMotorTotal"])
    t["lowerMotorTotal"] = _add(t["rightLowerMotorTotal"], t["leftLowerMotorTotal"])
    t["touchTotal"] = _add(t["rightTouchTotal"], t["leftTouchTotal"])
    t["prickTotal"] = _add(t["rightPrickTotal"], t["leftPrickTotal"])
    return {k: _TEXT[t[k]] for k in TOTAL_KEYS}


_TEXT = {None: "ND", **{n: str(n) for n in range(2 * 2 * 2 * _N + 1)}}  # every possible total
