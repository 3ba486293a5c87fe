"""Exam -> Classification: every determination with all its possible values, their non-SCI marks
and the steps (rule, level, cells) that produced them, plus the totals."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Callable

from radviz.isncsci import rules
from radviz.isncsci.exam import (ANAL_VALUES, MOTOR_VALUES, SENSORY_VALUES, Exam, anal_cell, motor_cell,
                                  sensory_cell)
from radviz.isncsci.levels import RESULT_LEVELS, SIDES, in_motor_order, in_sensory_order, level_order
from radviz.isncsci.plain import classify_plain, plain_grades
from radviz.isncsci.possibilities import NO_MARKS, Board, Step
from radviz.isncsci.totals import NT_SCORE, totals

__all__ = ["Determination", "Classification", "classify", "classify_by_engine", "FIELDS"]

#: The determinations in output order: (group in the JSON, key, rule name for the steps).
FIELDS = (
    ("neurologicalLevels", "sensoryRight"), ("neurologicalLevels", "sensoryLeft"),
    ("neurologicalLevels", "motorRight"), ("neurologicalLevels", "motorLeft"),
    (None, "neurologicalLevelOfInjury"), (None, "injuryComplete"), (None, "ASIAImpairmentScale"),
    ("zoneOfPartialPreservations", "sensoryRight"), ("zoneOfPartialPreservations", "sensoryLeft"),
    ("zoneOfPartialPreservations", "motorRight"), ("zoneOfPartialPreservations", "motorLeft"),
)
_ORDER = {"injuryComplete": {"C": 0, "I": 1}, "ASIAImpairmentScale": {g: k for k, g in enumerate("ABCDE")}}


def _text(values) -> str:
    return ",".join(v + "*" if s else v for v, s in values)


class Determination:
    """One result: its possible values in worksheet order, each with whether a non-SCI-marked value
    decided it, and the steps that led to them (for the app and the report; worked out when first
    asked for, since the CLI never asks)."""

    __slots__ = ("name", "values", "_why")

    def __init__(self, name: str, values: tuple, why=()):
        self.name, self.values = name, values  # values: ((value, marked), ...)
        self._why = why  # the steps of each way a value was reached, or a function that finds them

    @property
    def why(self) -> tuple:
        if callable(self._why):
            self._why = self._why()
        return self._why

    @property
    def text(self) -> str:
        """Worksheet notation: "C5,C6", "T6*", "B*,C", "NA,S3"."""
        return _text(self.values)

    @property
    def determined(self) -> bool:
        return len(self.values) == 1

    @property
    def steps(self) -> tuple[Step, ...]:
        """Every rule firing behind the values, once each, in the order found."""
        return tuple(dict.fromkeys(step for path in self.why for step in path))


@dataclass(frozen=True)
class Classification:
    """The ISNCSCI classification of one exam: each determination's values by name, the totals, and
    what finds a determination's steps (by name) when they are asked for."""

    values: dict
    totals: dict
    explain: Callable[[str], tuple] = field(compare=False, repr=False)

    @cached_property
    def determinations(self) -> dict:
        explain = self.explain
        return {name: Determination(name, values, partial(explain, name)) for name, values in self.values.items()}

    def __getitem__(self, name: str) -> Determination:
        return self.determinations[name]

    def to_json(self) -> dict:
        """The CLI's output object: every value a string in worksheet notation."""
        out: dict = {}
        for group, key in FIELDS:
            name = key if group is None else f"{group}.{key}"
            if group is None:
                out[key] = _text(self.values[name])
            else:
                out.setdefault(group, {})[key] = _text(self.values[name])
        out["totals"] = dict(self.totals)
        return out




#: Every value text of every kind as one byte code: the board's columns are then bytes.translate
#: lookups (in C) instead of a Python loop over 134 cells.
_KINDS = ((SENSORY_VALUES, sensory_cell), (MOTOR_VALUES, motor_cell), (ANAL_VALUES, anal_cell))
_CELLS = tuple(cell_of(text) for values, cell_of in _KINDS for text in values)
_SENSORY_CODE, _MOTOR_CODE, _ANAL_CODE = (
    {text: first + k for k, text in enumerate(values)}
    for values, first in ((SENSORY_VALUES, 0), (MOTOR_VALUES, len(SENSORY_VALUES)),
                          (ANAL_VALUES, len(SENSORY_VALUES) + len(MOTOR_VALUES))))


def _table(column) -> bytes:
    """A bytes.translate table: code -> that cell's byte in ``column``."""
    return bytes(map(column, _CELLS)).ljust(256, b"\0")


_MASKS = _table(lambda cell: cell.mask)
_LOW_MARKED = _table(lambda cell: cell.low_marked)
_MARKED = _table(lambda cell: cell.mark is not None)
_SCORES = _table(lambda cell: cell.readings[0] if len(cell.readings) == 1 else NT_SCORE)
_NORMAL_BY_MARK = _table(lambda cell: cell.mark == "**")


def _mark(cell) -> str | int | None:
    """The board's mark (see :class:`Board`): a marked grade that may read several grades carries its
    recorded grade's bit; one that reads only its recorded grade ("4*", sensory "1*") is read as plain."""
    if cell.mark != "*" or cell.score is None:
        return cell.mark
    return 1 << cell.score if len(cell.readings) > 1 else None


_MARK_OF = tuple(map(_mark, _CELLS))


def board_of(exam: Exam) -> tuple[Board, bytes, bytes | None]:
    """The classification's view of the exam (reading bit sets and marks by cell id, see
    :data:`~radviz.isncsci.possibilities.CELL_KEYS`), the scores for the totals (the one grade a
    value reads, :data:`NT_SCORE` when it may read several) and which cells count as normal only by a
    "**" mark (None when no cell is marked)."""
    right, left = exam.right, exam.left
    sensory, motor = _SENSORY_CODE.__getitem__, _MOTOR_CODE.__getitem__
    codes = b"".join((bytes(map(sensory, in_sensory_order(right.light_touch))),
                      bytes(map(sensory, in_sensory_order(right.pin_prick))),
                      bytes(map(sensory, in_sensory_order(left.light_touch))),
                      bytes(map(sensory, in_sensory_order(left.pin_prick))),
                      bytes(map(motor, in_motor_order(right.motor))), bytes(map(motor, in_motor_order(left.motor))),
                      bytes((_ANAL_CODE[exam.voluntary_anal_contraction], _ANAL_CODE[exam.deep_anal_pressure]))))
    marked = codes.translate(_MARKED)
    marks = NO_MARKS if marked.count(0) == len(marked) else tuple(map(_MARK_OF.__getitem__, codes))
    non_key = {"right": right.lowest_non_key_muscle, "left": left.lowest_non_key_muscle}
    return (Board(codes.translate(_MASKS), marks, codes.translate(_LOW_MARKED), non_key, {}), codes.translate(_SCORES),
            None if marks is NO_MARKS else codes.translate(_NORMAL_BY_MARK))


def _collect(outcomes) -> tuple[tuple, tuple]:
    """Outcomes -> (values, why): a value is marked when any way to reach it rests on a mark."""
    if len(outcomes) == 1:
        only = outcomes[0]
        return ((only[0], only[1]),), (only[-1],)
    starred: dict[str, bool] = {}
    for value, star, *_why in outcomes:
        starred[value] = starred.get(value, False) or star
    return tuple(starred.items()), tuple(o[-1] for o in outcomes)


def _in_order(name: str, values: tuple) -> tuple:
    """Several possible values in worksheet order: C1..S3 then INT ("NA" first), A..E, C then I."""
    if len(values) == 1:
        return values
    order = _ORDER.get(name)
    return tuple(sorted(values, key=lambda kv: order[kv[0]] if order else level_order(kv[0])))


_NAMES = {side: (f"neurologicalLevels.sensory{side.title()}", f"neurologicalLevels.motor{side.title()}",
                 f"zoneOfPartialPreservations.sensory{side.title()}", f"zoneOfPartialPreservations.motor{side.title()}")
          for side in SIDES}


def _engine(exam: Exam) -> tuple[dict, dict, dict]:
    """The constraint engine's (values, why, totals) by determination name: every possible value of an
    exam with NT or marked values, with the steps behind each."""
    board, scores, normal_by_mark = board_of(exam)
    found = {"neurologicalLevelOfInjury": rules.neurological_level(board, {}),
             "injuryComplete": rules.completeness(board, {}),
             "ASIAImpairmentScale": rules.ais(board, {})}
    ais_can_be_c = any(grade == "C" for grade, *_rest in found["ASIAImpairmentScale"])  # the motor ZPP's non-key rule
    for side in SIDES:
        sensory, motor, zpp_sensory, zpp_motor = _NAMES[side]
        found[sensory] = rules.sensory_level(board, side, {})
        found[motor] = rules.motor_level(board, side, {})
        found[zpp_sensory] = rules.sensory_zpp(board, side, {})
        found[zpp_motor] = rules.motor_zpp(board, side, {}, ais_can_be_c)
    values, why = {}, {}
    for name in _FIELD_NAMES:
        found_values, why[name] = _collect(found[name])
        values[name] = _in_order(name, found_values)
    return values, why, totals(scores, normal_by_mark)


def classify_by_engine(exam: Exam) -> Classification:
    """:func:`classify` by the constraint engine alone, whatever the exam (what a plain exam's fast
    classification is checked against)."""
    values, why, sums = _engine(exam)
    return Classification(values, sums, why.__getitem__)


class _Later:
    """The steps of a plainly classified exam: the engine is run on it when a step is first asked for."""

    __slots__ = ("exam", "why")

    def __init__(self, exam: Exam):
        self.exam, self.why = exam, None

    def __call__(self, name: str) -> tuple:
        if self.why is None:
            self.why = _engine(self.exam)[1]
        return self.why[name]


def classify(exam: Exam) -> Classification:
    """Classify one exam by the ISNCSCI 2019 rules (see :mod:`radviz.isncsci.rules`); a plain exam
    (one grade per value, no marks: :mod:`radviz.isncsci.plain`) without the constraint engine."""
    plain = plain_grades(exam)
    if plain is None:
        return classify_by_engine(exam)
    grades = plain[0]
    found = classify_plain(*plain, {"right": exam.right.lowest_non_key_muscle, "left": exam.left.lowest_non_key_muscle})
    return Classification({name: _ONE_VALUE[value] for name, value in found.items()}, totals(grades), _Later(exam))


#: A plain result's values, one per text (made once, not per exam).
_ONE_VALUE = {text: ((text, False),) for text in (*RESULT_LEVELS, "NA", *"ABCDEI")}


_FIELD_NAMES = tuple(key if group is None else f"{group}.{key}" for group, key in FIELDS)
