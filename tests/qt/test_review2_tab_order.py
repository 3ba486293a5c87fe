"""Tab walks the window as it looks: the left panel top to bottom, then the 3D view, then the right
panel (patient mode's red-flag questions sit on the left and came after the Results), never into a
dock hidden behind another tab, and Tab leaves the 3D view instead of being swallowed by it."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget

LEFT, RIGHT = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea


def _dock(widget):
    while widget is not None and not isinstance(widget, QDockWidget):
        widget = widget.parentWidget()
    return widget


def _where(window, widget) -> str:
    """'view', 'left', 'right' or 'other' (toolbars, tab strips) for a focused widget."""
    if widget is window.view.plotter:
        return "view"
    holder = _dock(widget)
    area = window.dockWidgetArea(holder) if holder is not None else None
    return {LEFT: "left", RIGHT: "right"}.get(area, "other")


def _tab_round(window, qtbot) -> list:
    """The focused widgets from the 3D view, one Tab at a time, until focus is back on the view."""
    window.view.plotter.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view.plotter, timeout=2000)
    reached = []
    for _ in range(150):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        if focus is window.view.plotter:
            return reached
        reached.append(focus)
    kinds = [(type(w).__name__, _where(window, w)) for w in dict.fromkeys(reached)]
    raise AssertionError(f"Tab never came back to the 3D view: {kinds}")


@pytest.mark.parametrize("mode", ["patient", "clinician"])
def test_tab_follows_the_screen_left_panel_then_the_view_then_the_right_panel(main_window, qtbot, mode):
    w = main_window
    w.modes.set_mode(mode)
    qtbot.wait(50)  # the mode's docks show or hide
    reached = _tab_round(w, qtbot)
    places = [_where(w, widget) for widget in reached]
    assert places and places[0] == "right", places  # Tab leaves the view for the right panel
    assert places[-1] == "left", places  # ... and the left panel's last widget leads into the view
    first_left = places.index("left")
    assert set(places[first_left:]) == {"left"} and "left" not in places[:first_left], places
    assert places[:places.count("right")] == ["right"] * places.count("right"), places  # right: one run
    for widget in reached:  # none in a dock behind another tab, or a tab strip, that Qt parks off the window
        shown = _dock(widget) or widget
        assert w.rect().intersects(QRect(shown.mapTo(w, QPoint(0, 0)), shown.size())), type(widget).__name__
    tops = [widget.mapTo(w, widget.rect().topLeft()).y() for widget in reached[first_left:]]
    if mode == "patient":  # one panel: its questions from top to bottom
        assert len(tops) >= 3 and tops == sorted(tops), tops
        assert all(w.docks["patient_questions"].isAncestorOf(widget) for widget in reached[first_left:])
    w.view.plotter.setFocus(Qt.FocusReason.OtherFocusReason)  # Shift+Tab walks the same way back
    QTest.keyClick(w.view.plotter, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is reached[-1]
