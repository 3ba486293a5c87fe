"""Undo steps of Exam mode: every change to the ISNCSCI exam is one :class:`SetExam`.

The exam is immutable, so a step keeps the exam before and after (two references, no copies).
"""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from radviz.exam_state import NON_KEY_FIELD, ExamState
from radviz.isncsci import Exam

__all__ = ["SetExam", "describe_changes"]


class SetExam(QUndoCommand):
    """Put ``exam`` in the exam state (values set, a file opened, the exam cleared), undoably."""

    def __init__(self, exam_state: ExamState, exam: Exam | None, text: str):
        super().__init__(text)
        self.exam_state, self.new, self.old = exam_state, exam, exam_state.exam

    def redo(self) -> None:
        self.exam_state.replace(self.new)

    def undo(self) -> None:
        self.exam_state.replace(self.old)


_KIND_WORDS = {"lightTouch": "light touch", "pinPrick": "pin prick", "motor": "motor",
               NON_KEY_FIELD: "lowest non-key muscle"}


def describe_changes(changes) -> str:
    """The Edit menu's words for a step: "left T4 light touch 0, pin prick 0"."""
    parts, last = [], None
    for side, kind, level, value in changes:
        if kind == "anal":
            parts.append(f"{level} {value}")
            continue
        if kind == NON_KEY_FIELD:
            parts.append(f"{side} {_KIND_WORDS[kind]} {value or 'none'}")
            continue
        head = f"{side} {level.replace('_', '-')} "
        parts.append(f"{head if head != last else ''}{_KIND_WORDS[kind]} {value}")
        last = head
    return "Exam: " + ", ".join(parts)
