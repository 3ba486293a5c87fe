"""Exact "every possible value" reasoning over not-testable cells, without enumerating every exam.

Cells are numbered (:data:`CELL_IDS`) and a cell's possible readings are a bit set (bit g: grade g).
A *constraint set* maps a cell id to the readings still allowed (cells not in it keep all theirs).
Each rule yields *outcomes*: a result value, whether it rests on a value marked for a non-SCI
impairment, the constraints under which it holds and the steps that produced it.  Cells are
independent, so a walk down the levels needs one branch per way it can stop, and a later rule (the AIS
needs the levels) continues under each outcome's constraints: the possible values are exactly those of
some completion of the NT cells.
"""
from __future__ import annotations

from typing import NamedTuple

from radviz.isncsci.levels import MOTOR_LEVELS, SENSORY_LEVELS, SIDES

__all__ = ["Board", "Step", "Outcome", "restrict", "narrow", "causes", "walk", "cell_id", "CELL_KEYS", "bits",
           "NO_MARKS", "by_mark"]


def bits(*grades: int) -> int:
    return sum(1 << g for g in grades)


#: Cell id -> (side, kind, level) or ("voluntaryAnalContraction",) / ("deepAnalPressure",).
CELL_KEYS: tuple = tuple(
    [(s, k, lv) for s in SIDES for k in ("lightTouch", "pinPrick") for lv in SENSORY_LEVELS]
    + [(s, "motor", lv) for s in SIDES for lv in MOTOR_LEVELS]
    + [("voluntaryAnalContraction",), ("deepAnalPressure",)])
_ID = {key: k for k, key in enumerate(CELL_KEYS)}


def cell_id(*key) -> int:
    return _ID[key]


#: The marks of a board without any: boards built by ``classify.board_of`` share it, so rules can
#: skip looking for marks with one identity test.
NO_MARKS = (None,) * len(CELL_KEYS)


def by_mark(mark, readings: int) -> bool:
    """Whether reading a cell as ``readings`` rests on its non-SCI mark: always for "**" (read as
    normal) and "NT*"; for a marked grade ("2*": the bit of its recorded grade) only when the recorded
    grade is not among them, since the recorded grade itself is what was seen."""
    return mark is not None and (mark.__class__ is str or not mark & readings)


class Board(NamedTuple):
    """One exam's cells by id: reading bit sets, marks ("**", "*" for NT*, the recorded grade's bit for
    a marked grade that may read several grades, else None), the non-key muscles, and a cache of how
    far each walk goes on plainly normal cells (filled by :func:`walk`)."""

    masks: bytes  # reading bit sets (all below 2**6)
    marks: tuple
    low_marked: bytes  # 1: marked and recorded below 3 (not NT): the half rule's count may rest on the mark
    non_key: dict
    skips: dict


class Step(NamedTuple):
    """One rule firing: ``rule`` (named in :mod:`radviz.isncsci.rules`) gave ``value`` for
    ``determination`` at ``level`` because of the cells ``because`` (ids into :data:`CELL_KEYS`)."""

    determination: str
    value: str
    rule: str
    level: str
    because: tuple = ()


class Outcome(NamedTuple):
    value: str
    starred: bool
    cons: dict
    steps: tuple


def restrict(board: Board, cons: dict, pairs) -> dict | None:
    """``cons`` with each (cell id, allowed bits) intersected in; None when a cell has nothing left."""
    out = cons
    for cid, keep in pairs:
        have = out.get(cid, board.masks[cid])
        new = have & keep
        if not new:
            return None
        if new != have:
            if out is cons:
                out = dict(cons)
            out[cid] = new
    return out


def narrow(board: Board, cons: dict, cid: int, keep: int) -> dict | None:
    """:func:`restrict` for one cell."""
    have = cons.get(cid, board.masks[cid])
    new = have & keep
    if not new:
        return None
    if new == have:
        return cons
    out = dict(cons)
    out[cid] = new
    return out


def causes(board: Board, cons: dict, items) -> list[tuple[list, bool, tuple]]:
    """Ways for "at least one cell is a cause" to hold, each with whether only marked cells cause it.

    ``items`` are (cell id, cause bits, other bits).  An unmarked cause makes the result rest on an
    ordinary value; a marked one only counts when no unmarked cell is a cause too.
    Returns (restrictions, starred, cause ids).
    """
    out = []
    others = []
    ok_others = True
    marked = []
    certain = []
    masks, marks = board.masks, board.marks
    for cid, cause, other in items:
        have = cons.get(cid, masks[cid]) if cons else masks[cid]
        mark = marks[cid]
        if mark is None or mark.__class__ is int and mark & cause:  # not by_mark(mark, cause), inlined
            others.append((cid, other))
            ok_others = ok_others and bool(have & other)
            if have & cause:
                out.append(([(cid, cause)], False, (cid,)))
                if not have & other:
                    certain.append(cid)
        elif have & cause:
            marked.append((cid, cause))
    if certain:  # an unmarked cell is a cause whatever the NT cells read: one way covers every other
        return [([], False, tuple(certain))]
    if ok_others:
        for cid, cause in marked:
            out.append((others + [(cid, cause)], True, (cid,)))
    return out


#: Reading bit sets with a single reading (a recorded grade).
_ONE_READING = frozenset(1 << g for g in range(6))
_FLAT: dict = {}


def _plain_prefix(board: Board, steps) -> int:
    """How many leading levels hold only unmarked cells that can read nothing but intact.  Constraints
    only ever narrow NT cells, so every walk over these steps passes them the same way."""
    flat = _FLAT.get(id(steps))
    if flat is None:
        flat = _FLAT[id(steps)] = [(k, c, ~intact) for k, (_n, checks) in enumerate(steps) for c, _r, intact in checks]
    masks, marks = board.masks, board.marks
    for k, c, not_intact in flat:
        if masks[c] & not_intact or marks[c] is not None:
            return k
    return len(steps)


def walk(board: Board, cons: dict, steps, determination: str) -> list[Outcome]:
    """Walk rostral to caudal from C1: the result is the last level reached whose next level is not
    reached (or which is reached but not intact); passing every level gives "INT".

    ``steps`` is a sequence of (level name, checks) for C2..S4_5, a check being (cell id, reach bits,
    intact bits): reach readings let the walk get to the level, intact readings let it go past.
    """
    if not cons:  # the unconstrained walk is asked for by several rules: walk it once
        key = id(steps) + 1  # ids are even: the prefix cache uses id(steps) itself
        memo = board.skips.get(key)
        if memo is None:
            memo = board.skips[key] = _walk(board, cons, steps, determination)
        return memo
    return _walk(board, cons, steps, determination)


def _walk(board: Board, cons: dict, steps, determination: str) -> list[Outcome]:
    outs: list[Outcome] = []
    star = False
    start = board.skips.get(id(steps))
    if start is None:
        start = board.skips[id(steps)] = _plain_prefix(board, steps)
    prev = steps[start - 1][0] if start else "C1"
    masks, marks = board.masks, board.marks
    marked = marks is not NO_MARKS
    for name, checks in steps[start:]:
        have = [cons.get(c, masks[c]) for c, _r, _i in checks] if cons else [masks[c] for c, _r, _i in checks]
        if _ONE_READING.issuperset(have):  # every cell has one reading: no branching here
            failing = [c for (c, reach, _i), m in zip(checks, have) if not m & reach]
            if failing:
                outs.append(Outcome(prev, star or marked and all(by_mark(marks[c], cons.get(c, masks[c])) for c in failing),
                                    cons, (Step(determination, prev, "not_reached", name, tuple(failing)),)))
                return outs
            short = [c for (c, _r, intact), m in zip(checks, have) if not m & intact]
            if short:
                starred = marked and (all(by_mark(marks[c], cons.get(c, masks[c])) for c in short)
                                      or any(marks[c] == "**" for c, _r, _i in checks))
                outs.append(Outcome(name, star or starred, cons,
                                    (Step(determination, name, "reached_not_intact", name, tuple(short)),)))
                return outs
            star = star or marked and any(by_mark(marks[c], intact) for c, _r, intact in checks)
            prev = name
            continue
        for pairs, starred, ids in causes(board, cons, [(c, ~reach, reach) for c, reach, _ in checks]):
            c2 = restrict(board, cons, pairs)
            if c2 is not None:
                outs.append(Outcome(prev, star or starred, c2,
                                    (Step(determination, prev, "not_reached", name, ids),)))
        reached = restrict(board, cons, [(c, reach) for c, reach, _ in checks])
        if reached is None:
            return outs
        partial = [(c, reach & ~intact, intact) for c, reach, intact in checks if reach != intact]
        if partial:
            read_normal = any(marks[c] == "**" for c, _, _ in checks)
            for pairs, starred, ids in causes(board, reached, partial):
                c2 = restrict(board, reached, pairs)
                if c2 is not None:
                    outs.append(Outcome(name, star or starred or read_normal, c2,
                                        (Step(determination, name, "reached_not_intact", name, ids),)))
        cons = restrict(board, cons, [(c, intact) for c, _, intact in checks])
        if cons is None:
            return outs
        star = star or any(by_mark(marks[c], intact) for c, _, intact in checks)
        prev = name
    outs.append(Outcome("INT", star, cons, (Step(determination, "INT", "all_intact", prev),)))
    return outs
