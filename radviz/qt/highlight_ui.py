"""The 3D view explains itself: a legend under the body, and the top root shown when a result appears.

After a stroke, the best-fitting root is shown with its zones (core, shared with a neighbour, some
people), so the drawing and the skin that explains it are seen together; the legend names the root
and lists the symptoms drawn, each with its 0-10 scale.  The highlight follows the result while the
user has not chosen another picture; choosing a root, every dermatome or plain skin takes over until
the drawing is cleared.  Teach mode is left alone: a highlight or a legend there would give answers.
"""
from __future__ import annotations

from PySide6.QtCore import QObject

from radviz.qt.panels import MIN_SCORE
from radviz.state import SKIN, Shown

__all__ = ["TopRoot", "install"]


class TopRoot(QObject):
    """Glue: the window's result and picture -> the shown root and the 3D legend.

    ``auto`` is the picture this feature put up (None when the user's choice is on screen).
    """

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.state = window.state
        self.legend = window.view.add_legend()
        self.auto: Shown | None = None
        self.opted_out = False  # the user put up another picture: stop following the result
        self._stroking = self._setting = False
        window.picture_changed.connect(self._picture_changed)
        window.result_changed.connect(self._result_changed)
        window.view.stroke_started.connect(self._stroke_started)
        window.view.stroke_finished.connect(self._stroke_finished)
        self.state.events.shown.connect(self._shown_changed)
        self.state.events.mode.connect(lambda _mode: self._picture_changed(window.picture))
        self._picture_changed(window.picture)

    def _picture_changed(self, picture) -> None:
        """The picture's swatches and a first-step hint for who is using it (none while teaching:
        the Teach panel says what to do, and the roots it would point to are locked)."""
        teaching = self.state.mode == "teach"
        patient = self.state.register == "patient"
        self.legend.set_hint("" if teaching else self.legend.PATIENT_HINT if patient else self.legend.HINT)
        self.legend.set_swatches([] if teaching else picture.legend)

    def _stroke_started(self) -> None:
        self._stroking = True

    def _stroke_finished(self) -> None:
        """Follow the result once the stroke ends: the picture never changes under the brush."""
        self._stroking = False
        self._result_changed(self.window.last_result)

    def _shown_changed(self, shown) -> None:
        """Another picture put up by the user replaces the one that followed the result."""
        if self._setting or shown == self.auto:
            return
        if self.auto is not None:
            self.opted_out = True
        self.auto = None

    def _wanted(self, result) -> Shown:
        w = self.window
        if w.drawing.is_empty() and w.findings.is_empty():
            return SKIN
        roots = [r for r in result.roots if r.score >= MIN_SCORE]
        return Shown.root(roots[0].root, roots[0].side) if roots else SKIN

    def _result_changed(self, result) -> None:
        if result is None or self._stroking or self.state.mode == "teach":
            return
        wanted = self._wanted(result)
        if wanted == SKIN and self.window.drawing.is_empty():
            self.opted_out = False  # a new drawing starts with the highlight again
        shown = self.state.shown
        if self.opted_out or shown not in (SKIN, self.auto) or wanted == shown:
            return
        self._setting = True
        try:
            self.state.show(wanted)
        finally:
            self._setting = False
        self.auto = None if wanted == SKIN else wanted


def install(window) -> TopRoot:
    """Put the legend under the 3D body and let the top root follow the result."""
    top = TopRoot(window)
    window.top_root = top
    return top
