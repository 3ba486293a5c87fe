"""The ISNCSCI examination as a value object, read from and written to the Praxis JSON layout.

Layout (one exam per file)::

    {"right": {"motor": {"C5": "5", ...}, "lightTouch": {"C2": "2", ...}, "pinPrick": {...},
               "lowestNonKeyMuscleWithMotorFunction": "L3"},          # optional
     "left": {...}, "voluntaryAnalContraction": "No", "deepAnalPressure": "No"}

Values are strings: sensory "0" "1" "2" "NT", motor "0".."5" "NT"; a below-normal value or NT may carry
"*" (impaired by a non-SCI condition, consider it not normal) or "**" (consider it normal).
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field, replace
from operator import itemgetter
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from radviz.errors import InputError
from radviz.isncsci.levels import MOTOR_LEVELS, SENSORY_LEVELS, SIDES

__all__ = ["Cell", "Exam", "ExamSide", "sensory_cell", "motor_cell", "anal_cell", "parse_exam",
           "load_exam", "exam_to_dict", "SENSORY_VALUES", "MOTOR_VALUES", "ANAL_VALUES", "NON_KEY_FIELD"]

NON_KEY_FIELD = "lowestNonKeyMuscleWithMotorFunction"
_KINDS = ("motor", "lightTouch", "pinPrick")


@dataclass(frozen=True)
class Cell:
    """One recorded value and what classification may read from it.

    readings : tuple of int
        The grades classification may take: one for a number, every grade for NT.  A "**" value
        reads as normal (it is "considered normal"); a "*" value reads as any grade from the
        recorded one up to just below normal (the SCI's own grade is hidden under the other
        condition's: docs/isncsci.md, choice 8).
    mark : str or None
        "*", "**" or None: the non-SCI impairment mark, so results that rest on it can say so.
    score : int or None
        The number that goes into the totals (None for NT: the total is not determinable).
    """

    text: str
    readings: tuple[int, ...]
    mark: str | None
    score: int | None

    mask: int = 0  # the readings as a bit set (bit g set when grade g is possible)
    low_marked: bool = False  # marked and recorded below 3: the half rule's count may rest on the mark

    def __post_init__(self):
        object.__setattr__(self, "mask", sum(1 << r for r in self.readings))
        object.__setattr__(self, "low_marked", self.mark is not None and self.score is not None and self.score < 3)


def _cells(normal: int) -> dict[str, Cell]:
    table = {str(g): Cell(str(g), (g,), None, g) for g in range(normal + 1)}
    table["NT"] = Cell("NT", tuple(range(normal + 1)), None, None)
    for g in range(normal):
        table[f"{g}*"] = Cell(f"{g}*", tuple(range(g, normal)), "*", g)
        table[f"{g}**"] = Cell(f"{g}**", (normal,), "**", g)
    table["NT*"] = Cell("NT*", tuple(range(normal)), "*", None)
    table["NT**"] = Cell("NT**", (normal,), "**", None)
    return table


_SENSORY = _cells(2)
_MOTOR = _cells(5)
_ANAL = {"Yes": Cell("Yes", (1,), None, None), "No": Cell("No", (0,), None, None),
         "NT": Cell("NT", (0, 1), None, None)}
SENSORY_VALUES: tuple[str, ...] = tuple(_SENSORY)
MOTOR_VALUES: tuple[str, ...] = tuple(_MOTOR)
ANAL_VALUES: tuple[str, ...] = tuple(_ANAL)


#: The cell for a light touch or pin prick value (KeyError if not a valid value).
sensory_cell = _SENSORY.__getitem__
#: The cell for a key muscle grade (KeyError if not a valid value).
motor_cell = _MOTOR.__getitem__


def anal_cell(text: str) -> Cell:
    """The cell for VAC or DAP: Yes reads 1, No reads 0, NT either."""
    return _ANAL[text]


@dataclass(frozen=True)
class ExamSide:
    """One side's values, keyed by level name (strings in worksheet notation)."""

    motor: Mapping[str, str]
    light_touch: Mapping[str, str]
    pin_prick: Mapping[str, str]
    lowest_non_key_muscle: str | None = None

    def values(self, kind: str) -> Mapping[str, str]:
        """``kind`` is "motor", "lightTouch" or "pinPrick" (the file's names)."""
        return {"motor": self.motor, "lightTouch": self.light_touch, "pinPrick": self.pin_prick}[kind]


@dataclass(frozen=True)
class Exam:
    """A whole ISNCSCI examination; immutable, so the app edits it with :meth:`with_value`."""

    right: ExamSide
    left: ExamSide
    voluntary_anal_contraction: str
    deep_anal_pressure: str
    source: str = field(default="exam", compare=False)

    def side(self, name: str) -> ExamSide:
        return self.right if name == "right" else self.left

    def with_value(self, side: str, kind: str, level: str, value: str) -> "Exam":
        """A copy with one value changed (validated like a file value)."""
        place = f"{side}.{kind}.{level}"
        levels = MOTOR_LEVELS if kind == "motor" else SENSORY_LEVELS
        table = _MOTOR if kind == "motor" else _SENSORY
        if side not in SIDES or kind not in _KINDS or level not in levels:
            raise InputError(self.source, place, "no such field")
        if value not in table:
            raise InputError(self.source, place, _unknown(value, table))
        old = self.side(side)
        changed = dict(old.values(kind), **{level: value})
        attr = {"motor": "motor", "lightTouch": "light_touch", "pinPrick": "pin_prick"}[kind]
        return replace(self, **{side: replace(old, **{attr: MappingProxyType(changed)})})

    @classmethod
    def normal(cls) -> "Exam":
        """A neurologically intact exam (the app's starting point)."""
        side = ExamSide(MappingProxyType({lv: "5" for lv in MOTOR_LEVELS}),
                        MappingProxyType({lv: "2" for lv in SENSORY_LEVELS}),
                        MappingProxyType({lv: "2" for lv in SENSORY_LEVELS}))
        return cls(side, side, "Yes", "Yes")


def _unknown(value, table) -> str:
    shown = json.dumps(value) if not isinstance(value, str) else f"'{value}'"
    if not isinstance(value, str):
        return f"wrong type: {shown} ({type(value).__name__}), expected a string, one of {', '.join(table)}"
    return f"unknown value {shown}; expected one of {', '.join(table)}"


def _warn(source: str, place: str, reason: str) -> None:
    print(f"radviz: warning: {source}: {place}: {reason}", file=sys.stderr)


def _object(data, source: str, place: str) -> dict:
    if not isinstance(data, dict):
        got = json.dumps(data)[:40] if not isinstance(data, (dict, list)) else type(data).__name__
        raise InputError(source, place or "(top level)", f"wrong type: {got}, expected a JSON object")
    return data


_GETTERS = {levels: itemgetter(*levels) for levels in (MOTOR_LEVELS, SENSORY_LEVELS)}
_KNOWN = {MOTOR_LEVELS: frozenset(_MOTOR), SENSORY_LEVELS: frozenset(_SENSORY)}  # the values each may hold


def _values(data: dict, source: str, place: str, levels, table) -> MappingProxyType:
    """One kind's values in level order, checked; the usual file (every level once, in order, every
    value known) is accepted with a few C-level tests, anything else is checked value by value."""
    if data.__class__ is dict and tuple(data) == levels:
        try:
            if _KNOWN[levels].issuperset(data.values()):
                return MappingProxyType(data.copy())
        except TypeError:  # an unhashable value: say which below
            pass
    obj = _object(data, source, place)
    if len(obj) == len(levels):  # every level once, in another order
        try:
            values = _GETTERS[levels](obj)
            if all(map(table.__contains__, values)):
                return MappingProxyType(dict(zip(levels, values)))
        except (KeyError, TypeError):  # a missing level, an unhashable value: say which below
            pass
    for extra in obj.keys() - set(levels):
        _warn(source, f"{place}.{extra}", "unknown key ignored")
    out = {}
    for level in levels:
        if level not in obj:
            raise InputError(source, f"{place}.{level}", "missing key")
        value = obj[level]
        if not isinstance(value, str) or value not in table:
            raise InputError(source, f"{place}.{level}", _unknown(value, table))
        out[level] = value
    return MappingProxyType(out)


_SIDE_KEYS = frozenset({*_KINDS, NON_KEY_FIELD})
_TOP_KEYS = frozenset({*SIDES, "voluntaryAnalContraction", "deepAnalPressure"})
_PLACES = {name: tuple(f"{name}.{kind}" for kind in _KINDS) for name in SIDES}  # for messages, built once


def _side(data, source: str, name: str) -> ExamSide:
    obj = _object(data, source, name)
    if not obj.keys() <= _SIDE_KEYS:
        for extra in obj.keys() - _SIDE_KEYS:
            _warn(source, f"{name}.{extra}", "unknown key ignored")
    for kind in _KINDS:
        if kind not in obj:
            raise InputError(source, f"{name}.{kind}", "missing key")
    non_key = obj.get(NON_KEY_FIELD)
    if non_key in ("", None):
        non_key = None
    elif not isinstance(non_key, str) or non_key not in MOTOR_LEVELS:
        raise InputError(source, f"{name}.{NON_KEY_FIELD}",
                         _unknown(non_key, dict.fromkeys(MOTOR_LEVELS)).replace("unknown value", "unknown level"))
    motor, light_touch, pin_prick = _PLACES[name]
    return ExamSide(_values(obj["motor"], source, motor, MOTOR_LEVELS, _MOTOR),
                    _values(obj["lightTouch"], source, light_touch, SENSORY_LEVELS, _SENSORY),
                    _values(obj["pinPrick"], source, pin_prick, SENSORY_LEVELS, _SENSORY),
                    non_key)


def parse_exam(data, source: str = "exam") -> Exam:
    """Validate a decoded Praxis-layout object; raises :class:`InputError` naming field and value."""
    obj = _object(data, source, "")
    if not obj.keys() <= _TOP_KEYS:
        for extra in obj.keys() - _TOP_KEYS:
            _warn(source, extra, "unknown key ignored")
    sides = {}
    for name in SIDES:
        if name not in obj:
            raise InputError(source, name, "missing key")
        sides[name] = _side(obj[name], source, name)
    anal = {}
    for key in ("voluntaryAnalContraction", "deepAnalPressure"):
        if key not in obj:
            raise InputError(source, key, "missing key")
        if not isinstance(obj[key], str) or obj[key] not in _ANAL:
            raise InputError(source, key, _unknown(obj[key], _ANAL))
        anal[key] = obj[key]
    return Exam(sides["right"], sides["left"], anal["voluntaryAnalContraction"], anal["deepAnalPressure"],
                source=source)


MAX_EXAM_BYTES = 1_000_000  # an exam is about 3 KB; far larger is not an exam


def load_exam(path: str | Path) -> Exam:
    """Read one exam file; every problem is an :class:`InputError` naming the file."""
    from radviz.files import read_bounded  # regular files only, never blocks, bounded (issue 21)

    path = Path(path)
    try:
        text = read_bounded(path, MAX_EXAM_BYTES, "exam file").decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(path, "", "not UTF-8 text") from None
    except OSError as exc:
        raise InputError(path, "", f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"line {exc.lineno} column {exc.colno}", f"not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise InputError(path, "", "JSON nested too deeply") from None
    return parse_exam(data, str(path))


def exam_to_dict(exam: Exam) -> dict:
    """The Praxis layout again (the inverse of :func:`parse_exam`), for sessions and files."""
    out = {}
    for name in SIDES:
        side = exam.side(name)
        out[name] = {"motor": dict(side.motor), "lightTouch": dict(side.light_touch),
                     "pinPrick": dict(side.pin_prick)}
        if side.lowest_non_key_muscle:
            out[name][NON_KEY_FIELD] = side.lowest_non_key_muscle
    out["voluntaryAnalContraction"] = exam.voluntary_anal_contraction
    out["deepAnalPressure"] = exam.deep_anal_pressure
    return out
