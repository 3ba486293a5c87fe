"""Keyboard order that follows the screen: the toolbars, the left panels top to bottom, the views,
the right panels, then the rest (tab strips, status bar).

Qt's Tab order is the order widgets were created in, so a dock added later (the patient's red-flag
questions, on the left) came after the Results on the right; and Qt counts a dock behind another
tab as visible (it parks it outside the window), so Tab wandered through a hundred hidden
controls.  Here each Tab takes the next control in screen order that the user can see.  The 3D view
swallows every key (VTK's one-letter keys would restyle it), Tab too, so a keyboard user tabbing
into it was stuck there: Tab and Shift+Tab are passed on from it.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QToolBar, QWidget

__all__ = ["ScreenTabOrder"]

_TOOLBARS, _LEFT, _CENTRE, _RIGHT, _REST = range(5)
_AREA_RANK = {Qt.DockWidgetArea.LeftDockWidgetArea: _LEFT, Qt.DockWidgetArea.RightDockWidgetArea: _RIGHT}


class ScreenTabOrder(QObject):
    """Tab and Shift+Tab for ``window`` in screen order; ``keys_from`` is the 3D view's widget,
    which otherwise keeps Tab to itself.  The window's ``focusNextPrevChild`` calls :meth:`step`."""

    def __init__(self, window: QMainWindow, keys_from: QWidget):
        super().__init__(window)
        self.window, self.view = window, keys_from
        keys_from.installEventFilter(self)  # installed after the view's own filter, so it runs first

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if obj is self.view and event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Tab,
                                                                                          Qt.Key.Key_Backtab):
            return self.step(event.key() == Qt.Key.Key_Tab)
        return False

    def stops(self) -> list[QWidget]:
        """The controls Tab visits, in order: those the user can see, by place on screen."""
        return sorted((w for w in self._chain() if self._on_screen(w)), key=self._place)  # stable sort

    def step(self, forward: bool) -> bool:
        """Focus the next (or previous) stop after the focused widget; False when there is none."""
        stops, focus = self.stops(), QApplication.focusWidget()
        while focus is not None and focus not in stops:
            focus = focus.parentWidget()  # a part of a control (a spin box's text field)
        if not stops:
            return False
        k = stops.index(focus) + (1 if forward else -1) if focus is not None else 0
        reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
        stops[k % len(stops)].setFocus(reason)
        return True

    def _chain(self) -> list[QWidget]:
        """The window's widgets that take Tab focus, in Qt's focus chain."""
        out, seen, widget = [], set(), self.window.nextInFocusChain()
        while widget is not self.window and id(widget) not in seen:
            seen.add(id(widget))
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None:
                out.append(widget)
            widget = widget.nextInFocusChain()
        return out

    def _on_screen(self, widget: QWidget) -> bool:
        """Shown, enabled and inside the window: not in a dock (or tab strip) Qt parked outside it."""
        if not (widget.isVisible() and widget.isEnabled()) or widget.window() is not self.window:
            return False
        shown = _holder(widget) if isinstance(_holder(widget), QDockWidget) else widget
        return self.window.rect().intersects(QRect(shown.mapTo(self.window, QPoint(0, 0)), shown.size()))

    def _place(self, widget: QWidget) -> tuple[int, int]:
        """(region, top of its panel): toolbars, left docks, the centre, right docks, the rest."""
        holder = _holder(widget)
        if isinstance(holder, QToolBar):
            return _TOOLBARS, 0
        if holder is None:
            central = self.window.centralWidget()
            return (_CENTRE, 0) if central is not None and central.isAncestorOf(widget) else (_REST, 0)
        if holder.isFloating():
            return _REST, 0
        return _AREA_RANK.get(self.window.dockWidgetArea(holder), _REST), holder.y()


def _holder(widget: QWidget) -> QWidget | None:
    """The dock or toolbar a widget sits in (None: the centre or the window's own parts)."""
    while widget is not None and not isinstance(widget, (QDockWidget, QToolBar)):
        widget = widget.parentWidget()
    return widget
