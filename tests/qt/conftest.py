"""Fixtures for the Qt tests: one real main window per test, under Xvfb (pytest-xvfb).

QtInteractor needs a real GL context, so tests that build one (the ``main_window`` fixture, or
``@pytest.mark.window``, or :func:`new_window`) run on an X display and are skipped, with one
reason, where there is none (see ``tests/conftest.py``); a test that builds a 3D view some other
way must carry the marker.  Widget tests without a 3D view run anywhere, on Qt's offscreen
platform when there is no X server.  The window owns its setup and teardown here, like napari's
``make_napari_viewer``.
"""
from __future__ import annotations

import gc

import numpy as np
import pytest


_CLOSED: list = []  # Python sides of closed windows, held until Qt has deleted their C++ side
_skip_without_x = None  # root conftest's window-test skip, kept here for new_window


@pytest.fixture(scope="session", autouse=True)
def _window_skip(require_windows):
    """Hand new_window the session's skip: tests that build windows directly skip like the rest."""
    global _skip_without_x
    _skip_without_x = require_windows


def new_window(qtbot):
    """A MainWindow that pytest-qt closes after the test.

    pytest-qt deletes closed widgets with ``deleteLater``; if Python collected a window's wrappers
    before Qt ran that deletion, PySide 6.12 crashes in ``unregisterWrapper``.  So the previous
    windows are deleted here, while this module still holds them.
    """
    from PySide6.QtCore import QCoreApplication, QEvent

    from radviz.qt.main_window import MainWindow

    _skip_without_x()  # a 3D view needs an X server (or Xvfb)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    _CLOSED.clear()
    gc.collect()  # drop wrappers of deleted Qt objects now, before new objects reuse their addresses
    window = MainWindow()
    qtbot.addWidget(window)
    _CLOSED.append(window)
    return window


@pytest.fixture
def main_window(qtbot):
    """A shown MainWindow on the shipped body; closed (and VTK finalised) after the test."""
    window = new_window(qtbot)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # shortcuts (Ctrl+Z, 1..5) reach only the active window
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.view.plotter.render()
    yield window
    window.close()


def front_vertex(body, part: str, side: int, below: float = 0.0) -> int:
    """A vertex on the front of a body part (``side`` +1 left, -1 right), near the part's middle.

    ``below`` moves the target down by that many body units, to aim a second point of a stroke.
    """
    names = list(body.part_names)
    mask = (body.part == names.index(part)) & (body.side == side) & (body.vertex_normals[:, 2] > 0.8)
    idx = np.flatnonzero(mask)
    target = body.vertices[idx].mean(axis=0) - np.array([0.0, below, 0.0])
    return int(idx[np.argmin(np.linalg.norm(body.vertices[idx] - target, axis=1))])


def drag(qtbot, window, points, modifier=None):
    """Press, move through ``points`` (QPoint) and release the left button on the 3D view."""
    from PySide6.QtCore import Qt

    widget = window.view.plotter
    mod = modifier or Qt.KeyboardModifier.NoModifier
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, mod, points[0])
    for p in points[1:]:
        qtbot.mouseMove(widget, p)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, mod, points[-1])
