"""The ISNCSCI examination of the open session: one evented, Qt-free holder the app edits and follows.

The exam itself is the immutable :class:`radviz.isncsci.Exam`; every edit replaces it, so an undo
step keeps two references (before, after) and never a copy.  The classification is computed once per exam, on demand, so
every view that redraws after an edit reads the same result.  ``exam`` is None until the user starts
an examination (or opens one): a session without one saves no ``exam`` key.
"""
from __future__ import annotations

from dataclasses import replace as _replace

from radviz.errors import InputError
from radviz.events import Signal
from radviz.isncsci import Classification, Exam, classify, exam_to_dict, parse_exam
from radviz.isncsci.exam import ANAL_VALUES, NON_KEY_FIELD
from radviz.isncsci.levels import MOTOR_LEVELS

__all__ = ["ExamState", "ANAL_KEYS", "NON_KEY_FIELD", "NON_KEY_CHOICES"]

ANAL_KEYS = {"voluntaryAnalContraction": "voluntary_anal_contraction",
             "deepAnalPressure": "deep_anal_pressure"}
"""The two anal fields: the file's name -> the :class:`Exam` attribute."""
NON_KEY_CHOICES = ("", *MOTOR_LEVELS)
"""A side's lowest non-key muscle with motor function: "" (none recorded) or a key muscle's level."""


class ExamState:
    """The exam being entered and its classification.

    Signals
    -------
    changed()
        The exam was started, edited, replaced or removed.
    """

    def __init__(self) -> None:
        self.changed = Signal()
        self.exam: Exam | None = None
        self._classification: Classification | None = None

    @property
    def current(self) -> Exam:
        """The exam, or an intact one (every cell normal) where none was begun: what the app shows
        and what the first edit starts from."""
        return self.exam if self.exam is not None else _NORMAL

    @property
    def classification(self) -> Classification:
        """The classification of :attr:`current`, computed once per exam."""
        if self._classification is None:
            self._classification = classify(self.current)
        return self._classification

    def replace(self, exam: Exam | None) -> None:
        """Put a whole exam in (an opened file, an undo step, a session); None removes it."""
        self.exam, self._classification = exam, None
        self.changed.emit()

    def value(self, side: str, kind: str, level: str) -> str:
        """A cell's value in worksheet notation ("2", "1*", "NT"); "Yes"/"No"/"NT" for kind "anal";
        the side's lowest non-key muscle ("" for none) for kind :data:`NON_KEY_FIELD`."""
        if kind == "anal":
            return getattr(self.current, ANAL_KEYS[level])
        if kind == NON_KEY_FIELD:
            return self.current.side(side).lowest_non_key_muscle or ""
        return self.current.side(side).values(kind)[level]

    def with_values(self, changes) -> Exam:
        """The exam with ``(side, kind, level, value)`` changes; kind "anal" sets VAC/DAP by file name,
        kind :data:`NON_KEY_FIELD` a side's lowest non-key muscle (level unused, value "" for none).

        Raises :class:`~radviz.errors.InputError` naming the field for a value the worksheet does not allow.
        """
        exam = self.current
        for side, kind, level, value in changes:
            if kind == "anal":
                exam = _with_anal(exam, level, value)
            elif kind == NON_KEY_FIELD:
                exam = _with_non_key(exam, side, value)
            else:
                exam = exam.with_value(side, kind, level, value)
        return exam

    def to_dict(self) -> dict | None:
        """The Praxis layout (what sessions save), or None without an exam."""
        return None if self.exam is None else exam_to_dict(self.exam)

    def load_dict(self, data: dict | None, source: str = "exam") -> None:
        """Replace with an exam in the Praxis layout (validated), or remove it (None)."""
        self.replace(None if data is None else parse_exam(data, source))


_NORMAL = Exam.normal()


def _with_anal(exam: Exam, key: str, value: str) -> Exam:
    if key not in ANAL_KEYS:
        raise InputError(exam.source, key, "no such field")
    if value not in ANAL_VALUES:
        raise InputError(exam.source, key, f"unknown value '{value}'; expected one of {', '.join(ANAL_VALUES)}")
    return _replace(exam, **{ANAL_KEYS[key]: value})


def _with_non_key(exam: Exam, side: str, value: str) -> Exam:
    """The exam with ``side``'s lowest non-key muscle with motor function (it counts for AIS B versus C)."""
    place = f"{side}.{NON_KEY_FIELD}"
    if side not in ("right", "left"):
        raise InputError(exam.source, place, "no such field")
    if value not in NON_KEY_CHOICES:
        raise InputError(exam.source, place, f"unknown level '{value}'; expected none or one of "
                                             f"{', '.join(MOTOR_LEVELS)}")
    return _replace(exam, **{side: _replace(exam.side(side), lowest_non_key_muscle=value or None)})
