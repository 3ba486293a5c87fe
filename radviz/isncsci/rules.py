"""The ISNCSCI 2019 classification rules, one short function each.

Docstrings quote the International Standards booklet (ASIA/ISCoS, revised 2019; Rupp et al., Top Spinal
Cord Inj Rehabil 2021) and say how the rule reads not-testable (NT) and non-SCI-marked values.  Every
rule returns outcomes (see :mod:`radviz.isncsci.possibilities`), so NT values yield every possible
result.  Choices where the text is open are listed in docs/isncsci.md.
"""
from __future__ import annotations

from bisect import bisect_right

from radviz.isncsci.levels import INDEX, LOWER_MOTOR, MOTOR_LEVELS, SENSORY_LEVELS, SIDES, UPPER_MOTOR
from radviz.isncsci.possibilities import (CELL_KEYS, NO_MARKS, Board, Outcome, Step, bits, by_mark, causes, cell_id,
                                          narrow, restrict, walk)

__all__ = ["sensory_level", "motor_level", "neurological_level", "completeness", "motor_function_below",
           "c_or_d", "ais", "sensory_zpp", "motor_zpp"]

_NORMAL_SENSATION = bits(2)
_ANTIGRAVITY = bits(3, 4, 5)
_NORMAL_MOTOR = bits(5)
_ABSENT = bits(0)
_PRESENT = bits(1, 2, 3, 4, 5)
_GE3 = bits(3, 4, 5)
_BELOW3 = bits(0, 1, 2)
_KEY = frozenset(MOTOR_LEVELS)
VAC = cell_id("voluntaryAnalContraction")
_PRESENT_VAC = bits(1)
DAP = cell_id("deepAnalPressure")


def _sensory_checks(side: str, level: str) -> list[tuple[int, int, int]]:
    return [(cell_id(side, k, level), _NORMAL_SENSATION, _NORMAL_SENSATION) for k in ("lightTouch", "pinPrick")]


#: The first segment after each block of key muscles, and the block's own segments.
_AFTER_BLOCK = {"T2": UPPER_MOTOR, "S2": LOWER_MOTOR}


def _motor_checks(side: str, level: str) -> list[tuple[int, int, int]]:
    """What lets the motor walk reach ``level``: its key muscle at >= 3 (passed at 5); below a block
    of key muscles, normal sensation at every segment of the block and at ``level`` (the motor level
    "is presumed to be the same as the sensory level": it can leave the block only where the sensory
    level does); at S4-5 also voluntary anal contraction, the S4-5 motor function (choice 2)."""
    if level in _KEY:
        return [(cell_id(side, "motor", level), _ANTIGRAVITY, _NORMAL_MOTOR)]
    if level in _AFTER_BLOCK:
        return [c for lv in _AFTER_BLOCK[level] + (level,) for c in _sensory_checks(side, lv)]
    if level == "S4_5":
        return _sensory_checks(side, level) + [(VAC, _PRESENT_VAC, _PRESENT_VAC)]
    return _sensory_checks(side, level)


def _nli_checks(level: str) -> list[tuple[int, int, int]]:
    """Both sides' sensory and motor checks at ``level``; VAC is left out (the NLI rests on the
    segments' sensation and key muscles, as the calculators read it: choice 2)."""
    checks = {}
    for side in SIDES:
        for c in _sensory_checks(side, level) + _motor_checks(side, level):
            if c[0] != VAC:
                checks[c[0]] = c
    return list(checks.values())


_SENSORY_WALK = {s: tuple((lv, _sensory_checks(s, lv)) for lv in SENSORY_LEVELS) for s in SIDES}
_MOTOR_WALK = {s: tuple((lv, _motor_checks(s, lv)) for lv in SENSORY_LEVELS) for s in SIDES}
_NLI_WALK = tuple((lv, _nli_checks(lv)) for lv in SENSORY_LEVELS)
_S45 = {s: [cell_id(s, k, "S4_5") for k in ("lightTouch", "pinPrick")] for s in SIDES}
_SACRAL = (VAC, DAP, *_S45["right"], *_S45["left"])
_SENSATION_ROWS = {s: [(lv, tuple(cell_id(s, k, lv) for k in ("lightTouch", "pinPrick")))
                       for lv in reversed(SENSORY_LEVELS[:-1])] for s in SIDES}
_SIDE_SACRAL = {s: (DAP, *_S45[s]) for s in SIDES}
#: For the groups of cells the ZPP and completeness rules read: "any present" cause items and
#: "all absent" restrictions, built once.
_GROUPS = [_SACRAL, *_SIDE_SACRAL.values(), *(cells for rows in _SENSATION_ROWS.values() for _lv, cells in rows)]
_ANY_PRESENT = {g: [(c, _PRESENT, _ABSENT) for c in g] for g in _GROUPS}
_ALL_ABSENT = {g: [(c, _ABSENT) for c in g] for g in _GROUPS}
_MUSCLE = {s: {m: cell_id(s, "motor", m) for m in MOTOR_LEVELS} for s in SIDES}
_SIDE_MUSCLES = {s: tuple((INDEX[m], _MUSCLE[s][m]) for m in MOTOR_LEVELS) for s in SIDES}
_MUSCLE_INDEXES = tuple(INDEX[m] for m in MOTOR_LEVELS)
_MUSCLE_INDEX = {c: INDEX[m] for s in SIDES for m, c in _MUSCLE[s].items()}
#: Determination names for the steps ("sensoryRight", "zpp_motorLeft", ...).
_DET = {(what, s): f"{what}{s.title()}" for what in ("sensory", "motor", "zpp_sensory", "zpp_motor") for s in SIDES}
_SIDE_OF = tuple(key[0] for key in CELL_KEYS)
#: For each level: the key muscle cells below it (both sides) and how many segments that is (one side).
_BELOW = {lv: ([_MUSCLE[s][m] for s in SIDES for m in MOTOR_LEVELS if INDEX[m] > INDEX[lv]],
               sum(INDEX[m] > INDEX[lv] for m in MOTOR_LEVELS)) for lv in INDEX}


def sensory_level(board: Board, side: str, cons: dict) -> list[Outcome]:
    """"The sensory level is the most caudal, normally innervated dermatome for both pin prick and
    light touch sensation" on that side.  Walks C2..S4-5: a level counts only when it and every level
    above have LT = 2 and PP = 2.  C2 not normal gives C1; S4-5 normal gives INT (intact)."""
    return walk(board, cons, _SENSORY_WALK[side], _DET["sensory", side])


def motor_level(board: Board, side: str, cons: dict) -> list[Outcome]:
    """"The motor level is determined by the lowest key muscle function that has a grade of at least 3
    (on supine testing), providing the key muscle functions represented by segments above that level
    are judged to be intact (graded as a 5)" ... "In regions where there is no myotome to test, the
    motor level is presumed to be the same as the sensory level, if testable motor function above that
    level is also normal."  So at C2-C4, T2-L1 and S2-S4-5 sensation (LT = PP = 2) at that segment
    stands in for an intact myotome; a key muscle needs >= 3 to be reached and 5 to be passed; T2 and
    S2 are reached only when every dermatome of the key-muscle block above is normal too; INT needs
    VAC (see :func:`_motor_checks`)."""
    return walk(board, cons, _MOTOR_WALK[side], _DET["motor", side])


def neurological_level(board: Board, cons: dict) -> list[Outcome]:
    """"The neurological level of injury (NLI) refers to the most caudal segment of the cord with
    intact sensation and antigravity (3 or more) muscle function strength, provided that there is
    normal (intact) sensory and motor function rostrally respectively" - "the most cephalad of the
    sensory and motor levels".  One walk that needs all four (sensory and motor, both sides) to go on."""
    return walk(board, cons, _NLI_WALK, "neurologicalLevelOfInjury")


def completeness(board: Board, cons: dict) -> list[Outcome]:
    """"If voluntary anal contraction = No AND all S4-5 sensory scores = 0 AND deep anal pressure = No,
    then injury is Complete. Otherwise, injury is Incomplete."  A "**" S4-5 value reads as normal,
    so as sacral sparing."""
    if not cons:
        if "completeness" not in board.skips:
            board.skips["completeness"] = _completeness(board, cons)
        return board.skips["completeness"]
    return _completeness(board, cons)


def _completeness(board: Board, cons: dict) -> list[Outcome]:
    outs = []
    c2 = restrict(board, cons, _ALL_ABSENT[_SACRAL])
    if c2 is not None:
        outs.append(Outcome("C", board.marks is not NO_MARKS and any(by_mark(board.marks[c], _ABSENT) for c in _SACRAL), c2,
                            (Step("injuryComplete", "C", "no_sacral_sparing", "S4_5", _SACRAL),)))
    for pairs, starred, ids in causes(board, cons, _ANY_PRESENT[_SACRAL]):
        c2 = restrict(board, cons, pairs)
        if c2 is not None:
            outs.append(Outcome("I", starred, c2, (Step("injuryComplete", "I", "sacral_sparing", "S4_5", ids),)))
    return outs


def c_or_d(board: Board, nli: str, cons: dict) -> list[tuple[str, bool, Step]]:
    """"C = Motor Incomplete ... less than half of key muscle functions below the single NLI have a
    muscle grade >= 3"; "D = Motor Incomplete ... at least half (half or more) of key muscle functions
    below the single NLI have a muscle grade >= 3".  With no key muscle below the NLI, half of none is
    reached: D."""
    lo = hi = 0
    cells, half = _BELOW[nli]
    masks = board.masks
    for c in cells:
        have = cons.get(c, masks[c])
        lo += not (have & ~_GE3)
        hi += bool(have & _GE3)
    return _half_rule(board, nli, lo, hi, _undecided(board, cells, cons) if lo != hi else ())


def _undecided(board: Board, cells, cons: dict) -> tuple:
    """The cells that may read below 3 or 3 and more under ``cons`` (what leaves the count open)."""
    masks = board.masks
    return tuple(c for c in cells if cons.get(c, masks[c]) & _GE3 and cons.get(c, masks[c]) & _BELOW3)


def _half_rule(board: Board, nli: str, fewest: int, most: int, undecided: tuple) -> list[tuple[str, bool, Step]]:
    """C when the count of muscles >= 3 can stay below half, D when it can reach half; marked when
    only non-SCI marks make it possible: C when it needs a "*" muscle that might be >= 3 to read below
    3, D when it needs such a muscle to read >= 3 or a "**" muscle recorded below 3 (counted only
    because it is considered normal).  Each grade comes with the step that says how many of the key
    muscles below the NLI can be graded >= 3 for it (``undecided``: the cells that leave it open)."""
    cells, half = _BELOW[nli]
    low = [c for c in cells if board.low_marked[c]] if any(map(board.low_marked.__getitem__, cells)) else ()
    either = sum(board.marks[c] != "**" for c in low)  # "0*".."2*": below 3 or not
    lifted = sum(board.marks[c] == "**" for c in low)
    out = []
    if fewest < half:
        out.append(("C", either > 0 and fewest + either >= half,
                    _count_step("less_than_half_antigravity", nli, fewest, min(most, half - 1), undecided)))
    if most >= half:
        rule = "half_antigravity" if cells else "no_key_muscle_below"
        out.append(("D", either + lifted > 0 and most - either - lifted < half,
                    _count_step(rule, nli, max(fewest, half), most, undecided)))
    return out


def _count_step(rule: str, nli: str, fewest: int, most: int, undecided: tuple) -> Step:
    """The half rule's step: its value is the count, "7 of 16" (or "7 to 9 of 16" where NT values or
    marks leave it open), of the key muscles below the NLI (both sides) graded 3 or more."""
    count = str(fewest) if fewest == most else f"{fewest} to {most}"
    return Step("ASIAImpairmentScale", f"{count} of {len(_BELOW[nli][0])}", rule, nli, undecided)


def ais(board: Board, cons: dict) -> list[tuple[str, bool, tuple]]:
    """"A = Complete. No sensory or motor function is preserved in the sacral segments S4-5.
    B = Sensory Incomplete. Sensory but not motor function is preserved below the neurological level
    and includes the sacral segments S4-5 (light touch or pin prick at S4-5 or deep anal pressure) AND
    no motor function is preserved more than three levels below the motor level on either side of the
    body.  C and D are motor incomplete (voluntary anal sphincter contraction, or sacral sensory
    sparing with motor function more than three levels below the motor level), split by the
    half-of-key-muscles rule.  E = Normal: sensation and motor function ... graded as normal in all
    segments" (here: the neurological level is INT).  Returns (grade, starred, steps)."""
    out = []
    cache: dict = {}
    for comp in completeness(board, cons):
        if comp.value == "C":
            out.append(("A", comp.starred, comp.steps))
            continue
        for nli in neurological_level(board, comp.cons):
            if nli.value == "INT":
                out.append(("E", nli.starred, nli.steps))
                continue
            steps = comp.steps + nli.steps
            with_vac = narrow(board, nli.cons, VAC, _PRESENT)
            if with_vac is not None:
                why = steps + (Step("ASIAImpairmentScale", "C/D", "vac_present", "S4_5", (VAC,)),)
                out += [(g, s or comp.starred or nli.starred, why + (count,))
                        for g, s, count in c_or_d(board, nli.value, with_vac)]
            no_vac = narrow(board, nli.cons, VAC, _ABSENT)
            if no_vac is not None:
                out += _sensory_sparing_grades(board, nli, no_vac, comp.starred, steps, cache)
    return out


def _side_rows(board: Board, side: str, nli: str, cons: dict, cache: dict) -> dict:
    """One side, summarised for the AIS: {(function below, starred, fewest, most): (steps, the
    muscles that leave the count open)}, where fewest/most count that side's key muscles below the
    NLI that can be graded >= 3.  Cached on the
    side's own constraints, all the result depends on."""
    own = {k: v for k, v in cons.items() if _SIDE_OF[k] == side or k == VAC}  # VAC: the S4-5 motor test
    key = (side, nli, tuple(sorted(own.items())))
    if key not in cache:
        rows: dict = {}
        for ml in motor_level(board, side, own):
            for has, starred, lo, hi, ids in motor_function_below(board, side, ml.value, nli, ml.cons):
                rule = "motor_function_below" if has else "no_motor_function_below"
                if (has, starred or ml.starred, lo, hi) not in rows:
                    open_cells = _side_undecided(board, side, nli, ml, has) if lo != hi else ()
                    rows[has, starred or ml.starred, lo, hi] = (
                        ml.steps + (Step("ASIAImpairmentScale", ml.value, rule, ml.value, ids),), open_cells)
        cache[key] = rows
    return cache[key]


def motor_function_below(board: Board, side: str, motor_lv: str, nli: str, cons: dict):
    """"... sacral sensory sparing with sparing of motor function more than three levels below the
    motor level for that side of the body.  The International Standards at this time allows even
    non-key muscle function more than 3 levels below the motor level to be used in determining motor
    incomplete status (AIS B versus C)."  Function is any grade above 0.  For one side, returns
    (function below, starred, fewest, most, cell ids: the causes, or without function the key
    muscles read as 0), fewest/most counting that side's key muscles below the NLI that can be
    graded >= 3 under that answer.  Counted, not branched: each muscle is
    independent, so every count between fewest and most can be reached."""
    far = INDEX[motor_lv] + 3
    floor = INDEX[nli]
    lo = hi = lo_absent = hi_absent = 0
    can_absent, star_absent = True, False
    carriers, marked_carriers, free_carrier, far_muscles = [], [], False, []
    masks, marks = board.masks, board.marks
    muscles = _SIDE_MUSCLES[side]
    for index, c in muscles[bisect_right(_MUSCLE_INDEXES, min(far, floor)):]:  # above both: nothing to do
        have = cons.get(c, masks[c]) if cons else masks[c]
        sure3 = not have & _BELOW3  # can only be >= 3
        may3 = have & _GE3 != 0
        if index > floor:
            lo += sure3
            hi += may3
        if index > far:
            far_muscles.append(c)
            can_absent = can_absent and have & _ABSENT != 0
            star_absent = star_absent or marks[c] is not None
            if have & _PRESENT:
                (marked_carriers if by_mark(marks[c], _PRESENT) else carriers).append(c)
                free_carrier = free_carrier or have & _BELOW3 & _PRESENT != 0 or sure3
            if index > floor and not have & _ABSENT:  # absent forced: counts 0
                lo_absent += sure3
                hi_absent += may3
        else:
            lo_absent += sure3
            hi_absent += may3
    out = []
    non_key = board.non_key.get(side)
    if non_key and INDEX[non_key] > far:
        return [(True, False, lo, hi, ())]
    if carriers or marked_carriers:
        out.append((True, not carriers, lo if free_carrier else lo + 1, hi, tuple(carriers or marked_carriers)))
    if can_absent:
        out.append((False, star_absent, lo_absent, hi_absent, tuple(far_muscles)))
    return out


def _sensory_sparing_grades(board, nli, cons, comp_star, steps, cache):
    """No VAC: B unless motor function more than three levels below a motor level (then C or D)."""
    out = []
    right = _side_rows(board, "right", nli.value, cons, cache)
    left = _side_rows(board, "left", nli.value, cons, cache)
    for (has_r, star_r, lo_r, hi_r), (steps_r, open_r) in right.items():
        for (has_l, star_l, lo_l, hi_l), (steps_l, open_l) in left.items():
            why = steps + steps_r + steps_l
            if not (has_r or has_l):
                out.append(("B", comp_star or star_r or star_l, why))
                continue
            star = comp_star or nli.starred or (star_r and has_r) or (star_l and has_l)
            out += [(grade, star or by_marks, why + (count,))
                    for grade, by_marks, count in _half_rule(board, nli.value, lo_r + lo_l, hi_r + hi_l, open_r + open_l)]
    return out


def _side_undecided(board: Board, side: str, nli: str, ml: Outcome, has_function: bool) -> tuple:
    """:func:`_undecided` for one side's key muscles below the NLI under one motor level outcome;
    without motor function more than three levels below it, the muscles there read 0."""
    far = INDEX[ml.value] + 3
    cells = [c for c in _BELOW[nli][0] if _SIDE_OF[c] == side and (has_function or _MUSCLE_INDEX[c] <= far)]
    return _undecided(board, cells, ml.cons)


def sensory_zpp(board: Board, side: str, cons: dict) -> list[Outcome]:
    """"The ZPP is used only in injuries with absent motor (no VAC) OR sensory function (no DAP, no LT
    and no PP sensation) in the lowest sacral segments S4-5, and refers to those dermatomes and
    myotomes caudal to the sensory and motor levels that remain partially innervated. With sacral
    sparing of sensory function, the sensory ZPP is not applicable and therefore "NA" is recorded."
    The sensory ZPP is the most caudal dermatome with any LT or PP sensation (>= 1) on that side, which
    is the sensory level itself when nothing below it is preserved (C1 when nothing is felt at all)."""
    det = _DET["zpp_sensory", side]
    outs = []
    sacral = _SIDE_SACRAL[side]
    for pairs, _starred, ids in causes(board, cons, _ANY_PRESENT[sacral]):
        c2 = restrict(board, cons, pairs)
        if c2 is not None:
            outs.append(Outcome("NA", False, c2, (Step(det, "NA", "sacral_sensation_present", "S4_5", ids),)))
    c2 = restrict(board, cons, _ALL_ABSENT[sacral])
    if c2 is None:
        return outs
    marks = board.marks
    marked = marks is not NO_MARKS
    star = marked and any(by_mark(marks[c], _ABSENT) for c in _S45[side])
    rows = _SENSATION_ROWS[side]
    key = ("absent", side)
    if key not in board.skips:
        board.skips[key] = _absent_rows(board, rows)
    masks = board.masks
    for lv, cells in rows[board.skips[key]:]:
        lt, pp = cells
        if marks[lt] is None and marks[pp] is None and lt not in c2 and pp not in c2 \
                and not (masks[lt] & (masks[lt] - 1)) and not (masks[pp] & (masks[pp] - 1)):
            if (masks[lt] | masks[pp]) & _PRESENT:  # plain values, something felt: the zone ends here
                outs.append(Outcome(lv, star, c2, (Step(det, lv, "lowest_sensation", lv, (lt, pp)),)))
                return outs
            continue
        for pairs, starred, ids in causes(board, c2, _ANY_PRESENT[cells]):
            c3 = restrict(board, c2, pairs)
            if c3 is not None:
                outs.append(Outcome(lv, star or starred, c3, (Step(det, lv, "lowest_sensation", lv, ids),)))
        c2 = restrict(board, c2, _ALL_ABSENT[cells])
        if c2 is None:
            return outs
        star = star or marked and any(by_mark(marks[c], _ABSENT) for c in cells)
    outs.append(Outcome("C1", star, c2, (Step(det, "C1", "no_sensation", "C2"),)))
    return outs


def _absent_rows(board: Board, rows) -> int:
    """How many rows (from the bottom) hold only unmarked cells that read 0."""
    masks, marks = board.masks, board.marks
    for k, (_lv, (lt, pp)) in enumerate(rows):
        if masks[lt] != _ABSENT or masks[pp] != _ABSENT or marks[lt] is not None or marks[pp] is not None:
            return k
    return len(rows)


def motor_zpp(board: Board, side: str, cons: dict, ais_can_be_c: bool = False) -> list[Outcome]:
    """"... if VAC is present, the motor ZPP is not applicable and is noted as "NA"."  Otherwise the
    motor ZPP is the most caudal key muscle with any function (grade >= 1) below the motor level on
    that side, or the motor level itself when none below has function.  When the AIS can be C, a
    recorded non-key muscle with motor function more than three levels below that segment is the
    motor ZPP instead (it may be what made the injury motor incomplete: choice 7)."""
    det = _DET["zpp_motor", side]
    outs = []
    c_na = narrow(board, cons, VAC, _PRESENT)
    if c_na is not None:
        outs.append(Outcome("NA", False, c_na, (Step(det, "NA", "vac_present", "S4_5", (VAC,)),)))
    c2 = narrow(board, cons, VAC, _ABSENT)
    if c2 is None:
        return outs
    non_key = board.non_key.get(side) if ais_can_be_c else None
    for ml in motor_level(board, side, c2):
        found = _lowest_function(board, side, ml, det)
        outs += [_non_key_instead(o, non_key, det) for o in found] if non_key else found
    return outs


def _non_key_instead(zpp: Outcome, non_key: str, det: str) -> Outcome:
    """The non-key muscle as the motor ZPP when it lies more than three levels below ``zpp``."""
    if INDEX[non_key] - INDEX[zpp.value] <= 3:
        return zpp
    return Outcome(non_key, False, zpp.cons, zpp.steps + (Step(det, non_key, "non_key_muscle_below", non_key),))


def _lowest_function(board: Board, side: str, ml: Outcome, det: str) -> list[Outcome]:
    """Scan the key muscles below one motor level outcome from S1 upwards."""
    outs = []
    cons, star = ml.cons, False
    for m in reversed(MOTOR_LEVELS):
        if INDEX[m] <= INDEX[ml.value]:
            break
        c = _MUSCLE[side][m]
        if board.masks[c] == _ABSENT and board.marks[c] is None:
            continue  # a plain 0: nothing here
        for pairs, starred, ids in causes(board, cons, [(c, _PRESENT, _ABSENT)]):
            c2 = restrict(board, cons, pairs)
            if c2 is not None:
                outs.append(Outcome(m, star or starred, c2, ml.steps + (Step(det, m, "lowest_motor_function", m, ids),)))
        cons = narrow(board, cons, c, _ABSENT)
        if cons is None:
            return outs
        star = star or by_mark(board.marks[c], _ABSENT)
    outs.append(Outcome(ml.value, star or ml.starred, cons,
                        ml.steps + (Step(det, ml.value, "no_motor_function_below", ml.value),)))
    return outs
