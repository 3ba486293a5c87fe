"""Keyboard order that follows the screen: the toolbars, the left panels top to bottom, the views,
the right panels, then the rest (tab strips, status bar).

Qt's Tab order is the order widgets were created in, so a dock added later (the patient's red-flag
questions, on the left) came after the Results on the right.  The order is rebuilt whenever a dock
shows, hides or moves.  The 3D view swallows every key (VTK's one-letter keys would restyle it), Tab
too, so a keyboard user tabbing into it was stuck there: Tab and Shift+Tab are passed on here.
"""
from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow, QToolBar, QWidget

__all__ = ["ScreenTabOrder"]

_TOOLBARS, _LEFT, _CENTRE, _RIGHT, _REST = range(5)
_AREA_RANK = {Qt.DockWidgetArea.LeftDockWidgetArea: _LEFT, Qt.DockWidgetArea.RightDockWidgetArea: _RIGHT}


class ScreenTabOrder(QObject):
    """Keeps ``window``'s Tab order in screen order; ``keys_from`` is the 3D view's widget, which
    otherwise keeps Tab to itself."""

    def __init__(self, window: QMainWindow, keys_from: QWidget):
        super().__init__(window)
        self.window, self.view = window, keys_from
        self._timer = QTimer(self, singleShot=True, interval=0)  # one rebuild per burst of dock changes
        self._timer.timeout.connect(self.apply)
        for dock in window.findChildren(QDockWidget):
            dock.visibilityChanged.connect(self._timer.start)
            dock.dockLocationChanged.connect(self._timer.start)
            dock.topLevelChanged.connect(self._timer.start)
        window.installEventFilter(self)
        keys_from.installEventFilter(self)  # installed after the view's own filter, so it runs first

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        kind = event.type()
        if obj is self.window and kind == QEvent.Type.Show:
            self._timer.start()
        elif obj is self.view and kind == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Tab,
                                                                                   Qt.Key.Key_Backtab):
            self.window.focusNextPrevChild(event.key() == Qt.Key.Key_Tab)  # as Qt would, had the view let it
            return True
        return False

    def chain(self) -> list[QWidget]:
        """The window's widgets that Tab can reach, in the current Tab order."""
        out, seen, widget = [], set(), self.window.nextInFocusChain()
        while widget is not self.window and id(widget) not in seen:
            seen.add(id(widget))
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None:
                out.append(widget)
            widget = widget.nextInFocusChain()
        return out

    def apply(self) -> None:
        """Re-chain the Tab order by place on screen, keeping each panel's own order inside it."""
        widgets = sorted(self.chain(), key=self._place)  # sorted() is stable: a panel's order stays
        for first, second in pairwise(widgets):
            QWidget.setTabOrder(first, second)

    def _place(self, widget: QWidget) -> tuple[int, int]:
        """(region, top of its panel): toolbars, left docks, the centre, right docks, the rest."""
        holder = widget
        while holder is not None and not isinstance(holder, (QDockWidget, QToolBar)):
            holder = holder.parentWidget()
        if isinstance(holder, QToolBar):
            return _TOOLBARS, 0
        if holder is None:
            central = self.window.centralWidget()
            return (_CENTRE, 0) if central is not None and central.isAncestorOf(widget) else (_REST, 0)
        if holder.isFloating():
            return _REST, 0
        return _AREA_RANK.get(self.window.dockWidgetArea(holder), _REST), holder.y()
