"""Teach mode in the window: the state's own quiz drawing, and Undo kept to the quiz strokes."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QUndoCommand

from radviz import colors
from radviz.drawing import Drawing
from radviz.state import SKIN

__all__ = ["TeachMode", "LOCKED_DOCKS"]

LOCKED_DOCKS = ("browser", "nerves")
"""Docks locked during a quiz: their territories and 'All roots, labelled' would show the answers."""


class TeachMode(QObject):
    """Switches the state in and out of Teach mode (``state.mode``) and keeps Undo to the quiz strokes.

    The state gives Teach mode its own drawing (``state.quiz_drawing``); the window shows it, keeps
    the hover line empty and leaves the picture to the quiz.  Closing the window leaves Teach mode
    first, so whatever saves on close sees the patient.

    Parameters
    ----------
    window : MainWindow
    """

    def __init__(self, window):
        super().__init__(window)
        self.window, self.state = window, window.state
        window.installEventFilter(self)
        self._saved_shown = None
        self._mark = 0

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Close:
            self.leave()
        return False

    @property
    def active(self) -> bool:
        return self.state.mode == "teach"

    @property
    def drawing(self) -> Drawing:
        return self.state.quiz_drawing

    @property
    def tone(self) -> str:
        return self.state.tone

    def enter(self) -> None:
        """Show the quiz drawing instead of the patient's; hide the results (they would give answers away)."""
        w = self.window
        if self.active:
            return
        self._saved_shown = self.state.shown
        self._mark = w.undo_stack.index()
        self.state.set_mode("teach")
        if self.state.shown.kind != "skin":  # a territory left on screen (or on the 2D chart) gives answers
            self.state.show(SKIN)
        self._lock(True)
        w.results.hide()  # its tab stays (hiding a tabbed dock leaves Qt's tab bars stale); it is empty
        for signal in (w.undo_stack.indexChanged, w.undo_stack.canUndoChanged):
            signal.connect(self._guard_undo)
        self._guard_undo()

    def leave(self) -> None:
        """Roll back the quiz strokes and give the window its patient drawing and picture back."""
        w = self.window
        if not self.active:
            return
        self.drop_strokes()
        for signal in (w.undo_stack.indexChanged, w.undo_stack.canUndoChanged):
            signal.disconnect(self._guard_undo)
        w.undo_action.setEnabled(w.undo_stack.canUndo())
        self.state.set_mode("clinic")
        self._lock(False)
        if self._saved_shown is not None:
            try:
                self.state.show(self._saved_shown)
            except ValueError:  # the map changed meanwhile and lacks that root
                pass
        w.results.show()
        w.docks["results"].raise_()  # back in front of the tabs the Teach dock stood in for

    def _lock(self, locked: bool) -> None:
        """Lock (or unlock) the browsers whose pictures would answer the quiz."""
        for key in LOCKED_DOCKS:
            dock = self.window.docks.get(key)
            if dock is not None:
                dock.widget().setEnabled(not locked)
                dock.setToolTip("Locked during a quiz: it would show the answers" if locked else "")

    def _guard_undo(self, *_) -> None:
        """Undo stops at the first Teach-mode stroke: older steps belong to the hidden patient drawing."""
        stack = self.window.undo_stack
        self._mark = min(self._mark, stack.count())  # a session opened meanwhile cleared the stack
        self.window.undo_action.setEnabled(stack.index() > self._mark)

    def drop_strokes(self) -> None:
        """Undo the strokes made since entering and forget them (an obsolete push drops the redo tail)."""
        stack = self.window.undo_stack
        stack.setIndex(self._mark)
        if stack.canRedo():
            end = QUndoCommand()
            end.setObsolete(True)
            stack.push(end)

    def show(self, rgb, markers=(), view: str | None = None) -> None:
        """Put a quiz picture under the quiz drawing (the state's picture comes back on leaving)."""
        self.window.view.set_picture(rgb, markers)
        if view is not None:
            self.state.set_camera(view)

    def skin(self) -> np.ndarray:
        return colors.skin_rgb(self.window.body.n_vertices, self.tone)
