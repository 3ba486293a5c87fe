"""The worksheet totals: sums of the recorded scores, "ND" when an NT leaves a sum undetermined."""
from __future__ import annotations

from radviz.isncsci.levels import SENSORY_LEVELS

__all__ = ["totals", "TOTAL_KEYS", "NT_SCORE"]

TOTAL_KEYS = ("rightUpperMotorTotal", "leftUpperMotorTotal", "rightLowerMotorTotal", "leftLowerMotorTotal",
              "rightTouchTotal", "leftTouchTotal", "rightPrickTotal", "leftPrickTotal", "rightMotorTotal",
              "leftMotorTotal", "upperMotorTotal", "lowerMotorTotal", "touchTotal", "prickTotal")
_N = len(SENSORY_LEVELS)
_M0 = 4 * _N  # first motor cell (see possibilities.CELL_KEYS: LT/PP right, LT/PP left, motor right, left)


#: Cell-id slices of the 8 one-side sums, in the order :func:`totals` unpacks them.
_PARTS = tuple(slice(_M0 + 5 * k, _M0 + 5 * (k + 1)) for k in (0, 2, 1, 3)) + tuple(  # motor: R/L upper, R/L lower
    slice(k * _N, (k + 1) * _N) for k in (0, 2, 1, 3))  # sensory: R/L touch, R/L prick


NT_SCORE = 255  # an NT value's byte in the scores (see classify.board_of): it has no score


def _sum(scores: bytes) -> int | None:
    """None (not determinable) when a score is NT: a total needs every value."""
    return None if NT_SCORE in scores else sum(scores)


def _add(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


def totals(scores: bytes) -> dict[str, str]:
    """The 14 worksheet totals as strings, from the cells' scores in cell-id order (one byte each,
    255 for NT).  A marked value
    counts with its recorded grade ("4**" is 4): the mark changes how classification reads it, not the
    score."""
    r_up, l_up, r_low, l_low, r_lt, l_lt, r_pp, l_pp = map(_sum, map(scores.__getitem__, _PARTS))
    values = (r_up, l_up, r_low, l_low, r_lt, l_lt, r_pp, l_pp, _add(r_up, r_low), _add(l_up, l_low),
              _add(r_up, l_up), _add(r_low, l_low), _add(r_lt, l_lt), _add(r_pp, l_pp))
    return dict(zip(TOTAL_KEYS, map(_TEXT.__getitem__, values)))


_TEXT = {None: "ND", **{n: str(n) for n in range(2 * 2 * 2 * _N + 1)}}  # every possible total
