"""Undo commands: every change the user makes to the Drawing or Findings goes through one of these.

Commands keep diffs (vertex ids, old and new values), never copies of whole arrays.  One brush
stroke, press to release, is one :class:`PaintStroke` (napari's ``block_history``): it paints live
while the mouse moves and is pushed on release, so its first ``redo`` has nothing left to do.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtGui import QUndoCommand

from radviz.body import Body
from radviz.drawing import Drawing, StrokeDiff, brush
from radviz.findings import Findings

__all__ = ["PaintStroke", "ClearDrawing", "SetFinding"]


class PaintStroke(QUndoCommand):
    """One stroke of the brush (or the eraser) over the skin.

    Parameters
    ----------
    drawing : Drawing
    body : Body
        Brushes spread over its skin graph (never through the body).
    symptom : str or None
        'pain', 'numbness' or 'tingling'; None erases every symptom.
    radius : float
        Brush radius in body units (dm).
    intensity : float
        0..10, the value painted at the brush centre.
    """

    def __init__(self, drawing: Drawing, body: Body, symptom: str | None, radius: float,
                 intensity: float):
        super().__init__("Erase" if symptom is None else f"Paint {symptom}")
        self.drawing, self.body = drawing, body
        self.symptom, self.radius, self.intensity = symptom, float(radius), float(intensity)
        self._dabs: list[StrokeDiff] = []  # combined once, when the stroke is read (not per mouse move)
        self._diff: StrokeDiff | None = None
        self._live = True  # painted while dragging; the push's redo must not paint again

    def add(self, centres: np.ndarray) -> None:
        """Dab the brush at each centre vertex, as one change to the drawing."""
        dabs = [brush(self.body, int(c), self.radius, self.intensity) for c in np.atleast_1d(centres)]
        verts, vals = dabs[0]  # one dab (a click): its vertices are distinct already
        if len(dabs) > 1:
            verts = np.concatenate([v for v, _ in dabs])
            vals = np.concatenate([w for _, w in dabs])
            order = np.lexsort((-vals, verts))  # per vertex, keep the strongest dab
            verts, first = np.unique(verts[order], return_index=True)
            vals = vals[order][first]
        if self.symptom is None:
            diff = self.drawing.erase(verts)
        else:
            diff = self.drawing.paint(self.symptom, verts, vals)
        self._dabs.append(diff)
        self._diff = None

    @property
    def diff(self) -> StrokeDiff | None:
        """The whole stroke's change so far (None before its first dab)."""
        if self._diff is None and self._dabs:
            self._diff = StrokeDiff.combined(self._dabs)
            self._dabs = [self._diff]
        return self._diff

    def changed_anything(self) -> bool:
        """False for a click that missed the body or repainted what was there (not worth an undo step)."""
        return self.diff is not None and not np.array_equal(self.diff.old, self.diff.new)

    def redo(self) -> None:
        if self._live:
            self._live = False
        elif self.diff is not None:
            self.drawing.apply(self.diff)

    def undo(self) -> None:
        if self.diff is not None:
            self.drawing.apply(self.diff, reverse=True)


class ClearDrawing(QUndoCommand):
    """Erase the whole drawing (undoable like any stroke)."""

    def __init__(self, drawing: Drawing):
        super().__init__("Clear drawing")
        self.drawing = drawing
        self.diff: StrokeDiff | None = None

    def redo(self) -> None:
        if self.diff is None:
            self.diff = self.drawing.clear()
        else:
            self.drawing.apply(self.diff)

    def undo(self) -> None:
        self.drawing.apply(self.diff, reverse=True)


class SetFinding(QUndoCommand):
    """Set one examination finding, remembering the state before.

    Parameters
    ----------
    findings : Findings
    kind : {'motor', 'reflex', 'sign'}
    side : {'left', 'right'} or None
        None for signs, which have no side.
    name : str
        A movement, reflex or sign from :mod:`radviz.findings`.
    value : str, bool or None
        Motor 'weak'/'normal', a reflex state, True/False for a sign; None means not tested.
    """

    KINDS = ("motor", "reflex", "sign")

    def __init__(self, findings: Findings, kind: str, side: str | None, name: str, value):
        if kind not in self.KINDS:
            raise ValueError(f"unknown finding kind '{kind}'; allowed: {', '.join(self.KINDS)}")
        words = name.replace("_", " ")
        shown = {True: "present", False: "absent", None: "not tested"}.get(value, value)
        super().__init__(f"{side + ' ' if side else ''}{words}: {shown}")
        self.findings, self.kind, self.side, self.name, self.value = findings, kind, side, name, value
        self.old = self._read()

    def _read(self):
        if self.kind == "motor":
            return self.findings.motor[self.side].get(self.name)
        if self.kind == "reflex":
            return self.findings.reflexes[self.side].get(self.name)
        return self.name in self.findings.signs

    def _write(self, value) -> None:
        if self.kind == "motor":
            self.findings.set_motor(self.side, self.name, value)
        elif self.kind == "reflex":
            self.findings.set_reflex(self.side, self.name, value)
        else:
            self.findings.set_sign(self.name, bool(value))

    def redo(self) -> None:
        self._write(self.value)

    def undo(self) -> None:
        self._write(self.old)
