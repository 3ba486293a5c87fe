"""Keep the window on the screen it opens on, from 1280x720 to 4K and at scale factors 1 to 2.

A fixed 1500x950 window is wider than a 1280x720 laptop screen (and than 1600x1000 with a task
bar), so its docks and status bar are cut off.  The first size is a share of the screen's
available geometry (the screen less task bars and docks, in device-independent pixels, so a
scale factor is already applied), and a geometry saved on a bigger or another screen is clipped
back into the available area before the window shows.
"""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication

__all__ = ["SCREEN_SHARE", "first_size", "fit_to_screen", "clip_to_screen", "available_geometry"]

SCREEN_SHARE = (0.92, 0.9)
"""Share of the available width and height a first window takes: room left for the frame."""


def available_geometry(window) -> QRect:
    """The available geometry of the screen under the window's centre (the primary one if none)."""
    centre = window.frameGeometry().center()
    screen = QGuiApplication.screenAt(centre) or window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def first_size(available: QRect) -> QSize:
    """The first window size on a screen whose available area is ``available``."""
    return QSize(int(available.width() * SCREEN_SHARE[0]), int(available.height() * SCREEN_SHARE[1]))


def _frame_margins(window) -> QSize:
    """What the window manager's frame adds to the client area (zero before the first show)."""
    frame, inner = window.frameGeometry(), window.geometry()
    return QSize(max(frame.width() - inner.width(), 0), max(frame.height() - inner.height(), 0))


def fit_to_screen(window, largest: QSize | None = None) -> None:
    """Size a new window to a share of its screen (no larger than ``largest``) and centre it there."""
    available = available_geometry(window)
    size = first_size(available)
    window.resize(size.boundedTo(largest) if largest is not None else size)
    frame = window.frameGeometry()
    frame.moveCenter(available.center())
    window.move(frame.topLeft())


def clip_to_screen(window) -> None:
    """Shrink and move the window (a restored geometry) so its frame lies inside the available area."""
    available = available_geometry(window)
    margins = _frame_margins(window)
    width = min(window.width(), available.width() - margins.width())
    height = min(window.height(), available.height() - margins.height())
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, 1), max(height, 1))
    frame = window.frameGeometry()
    x = min(max(frame.x(), available.left()), available.right() + 1 - frame.width())
    y = min(max(frame.y(), available.top()), available.bottom() + 1 - frame.height())
    if QPoint(x, y) != frame.topLeft():
        window.move(max(x, available.left()), max(y, available.top()))
