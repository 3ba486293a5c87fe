"""The worksheet totals: sums of the grades classification reads, "ND" when a value that may read
several grades (NT, "NT*", a marked "2*") leaves a sum undetermined, "*" when a "**" value counts as
normal (docs/isncsci.md, choice 8)."""
from __future__ import annotations

from radviz.isncsci.levels import SENSORY_LEVELS

__all__ = ["totals", "TOTAL_KEYS", "NT_SCORE"]

TOTAL_KEYS = ("rightUpperMotorTotal", "leftUpperMotorTotal", "rightLowerMotorTotal", "leftLowerMotorTotal",
              "rightTouchTotal", "leftTouchTotal", "rightPrickTotal", "leftPrickTotal", "rightMotorTotal",
              "leftMotorTotal", "upperMotorTotal", "lowerMotorTotal", "touchTotal", "prickTotal")
_N = len(SENSORY_LEVELS)
_M0 = 4 * _N  # first motor cell (see possibilities.CELL_KEYS: LT/PP right, LT/PP left, motor right, left)
_END = _M0 + 20  # after the last motor cell


#: Cell-id slices of the 8 one-side sums, in the order :func:`totals` unpacks them.
_PARTS = tuple(slice(_M0 + 5 * k, _M0 + 5 * (k + 1)) for k in (0, 2, 1, 3)) + tuple(  # motor: R/L upper, R/L lower
    slice(k * _N, (k + 1) * _N) for k in (0, 2, 1, 3))  # sensory: R/L touch, R/L prick


NT_SCORE = 255  # the score byte of a value with several readings (see classify.board_of): it has no score


def _sum(scores: bytes) -> int | None:
    """None (not determinable) when a score is NT: a total needs every value."""
    return None if NT_SCORE in scores else sum(scores)


def _add(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


def totals(scores: bytes, normal_by_mark: bytes | None = None) -> dict[str, str]:
    """The 14 worksheet totals as strings, from the cells' scores in cell-id order (one byte each:
    the one grade a value reads, 255 when it may read several).  A "**" value counts as normal ("4**"
    adds 5, as the Praxis calculator sums it) and marks every total it is in: ``normal_by_mark`` holds
    1 for such cells (None: there are none)."""
    open_ = NT_SCORE in scores[:_END]  # some total may not be determinable (the usual exam has none)
    r_up, l_up, r_low, l_low, r_lt, l_lt, r_pp, l_pp = map(_sum if open_ else sum, map(scores.__getitem__, _PARTS))
    add = _add if open_ else int.__add__
    values = (r_up, l_up, r_low, l_low, r_lt, l_lt, r_pp, l_pp, add(r_up, r_low), add(l_up, l_low),
              add(r_up, l_up), add(r_low, l_low), add(r_lt, l_lt), add(r_pp, l_pp))
    texts = map(_TEXT.__getitem__, values)
    if normal_by_mark is None:
        return dict(zip(TOTAL_KEYS, texts))
    starred = [any(normal_by_mark[part]) for part in _PARTS]
    r_up, l_up, r_low, l_low, r_lt, l_lt, r_pp, l_pp = starred
    marks = (*starred, r_up or r_low, l_up or l_low, r_up or l_up, r_low or l_low, r_lt or l_lt, r_pp or l_pp)
    return {key: text + "*" if mark and text != "ND" else text for key, text, mark in zip(TOTAL_KEYS, texts, marks)}


_TEXT = {None: "ND", **{n: str(n) for n in range(2 * 5 * 2 * _N + 1)}}  # every possible total
