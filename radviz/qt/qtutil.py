"""Small Qt helpers shared by the window's parts."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QMenu, QScrollArea, QWidget

__all__ = ["add_menu", "scrolled", "signals_blocked"]


def add_menu(parent, title: str) -> QMenu:
    """A menu made in Python, then added: Python owns its wrapper.

    ``addMenu(title)`` returns a wrapper PySide looks up by address, and after other Qt objects
    were deleted that lookup can hand back a stale wrapper of another type (seen in the tests).
    """
    menu = QMenu(title, parent)
    parent.addMenu(menu)
    return menu


@contextmanager
def signals_blocked(*objects) -> Iterator[None]:
    """Mirror model state into widgets without the widgets echoing it back as user input.

    Uses ``blockSignals`` in try/finally, never ``with QSignalBlocker(...)``: PySide6 6.12.0's
    context manager drops a reference to ``None`` on every use, and after a few thousand result
    refreshes the interpreter aborts ("none_dealloc").  Each object's previous state is restored.
    """
    previous = [obj.blockSignals(True) for obj in objects]
    try:
        yield
    finally:
        for obj, was in zip(objects, previous):
            obj.blockSignals(was)


def scrolled(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area: it keeps its natural size and scrolls on a small screen
    (1280x720) instead of making the window taller than the screen."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area
