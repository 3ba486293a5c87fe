"""Visits in the window: the timeline dock, two visits compared on one camera, and the trend plot.

The visits live in :class:`~radviz.state.AppState` (``state.visits``, :mod:`radviz.visits`); this
module only asks the state to add, step, re-date or drop a visit and shows what it says.  Opening
another visit replaces the drawing the undo steps point at, so the undo stack is cleared then; the
state's ``visits`` event marks the session modified (:mod:`radviz.qt.session_file`).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QDate, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QImage, QPixmap
from PySide6.QtWidgets import (QComboBox, QDateEdit, QGridLayout, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QMessageBox, QPushButton, QVBoxLayout, QWidget)

from radviz import colors
from radviz.drawing import SYMPTOMS
from radviz.trends import painted_area
from radviz.visits import DIFFERENCE_COLOURS, difference_rgb, today, visit_trends
from radviz.qt.camera_link import CameraLink
from radviz.qt.screen_fit import fit_to_screen

__all__ = ["VisitsPanel", "VisitCompareView", "TrendView", "install"]

_DIFFERENCE_TEXT = {"new": "new", "resolved": "resolved", "persisting": "persisting"}


def _swatch(kind: str) -> str:
    return f"<span style='color:{DIFFERENCE_COLOURS[kind]}'>■</span> {_DIFFERENCE_TEXT[kind]}"


def _qimage(rgb: np.ndarray) -> QImage:
    rgb = np.ascontiguousarray(rgb)
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


class VisitsPanel(QWidget):
    """The timeline: one row per visit (date and painted area), and what can be done with visits.

    Parameters
    ----------
    state : AppState
        Whose visits it lists and changes.
    """

    def __init__(self, state, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.list = QListWidget(alternatingRowColors=True)
        self.list.itemActivated.connect(lambda item: state.open_visit(self.list.row(item)))
        self.list.itemClicked.connect(lambda item: state.open_visit(self.list.row(item)))
        self.add_copy = QPushButton("New visit (copy)", toolTip="A new visit today, starting from the last "
                                    "visit's drawing and findings")
        self.add_blank = QPushButton("New blank visit", toolTip="A new visit today with an empty drawing")
        self.previous, self.next = QPushButton("◀ Previous"), QPushButton("Next ▶")
        self.remove = QPushButton("Remove visit", toolTip="Drop the open visit (a file keeps at least one)")
        self.date = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd", toolTip="The open visit's date")
        self.before, self.after = QComboBox(), QComboBox()
        self.compare_button = QPushButton("Compare…", toolTip="The two visits side by side, and the difference")
        self.trends_button = QPushButton("Trends…", toolTip="Area, intensity and root scores over the visits")
        self._layout()
        self.add_copy.clicked.connect(lambda: self._add(copy_last=True))
        self.add_blank.clicked.connect(lambda: self._add(copy_last=False))
        self.previous.clicked.connect(lambda: state.open_visit(state.visits.current - 1))
        self.next.clicked.connect(lambda: state.open_visit(state.visits.current + 1))
        self.remove.clicked.connect(lambda: state.remove_visit(state.visits.current))
        self.date.dateChanged.connect(self._date_chosen)
        self._rows = QTimer(self, singleShot=True, interval=250)  # a stroke's dabs update the row once
        self._rows.timeout.connect(self.refresh)
        state.events.visits.connect(self.refresh)
        state.events.document.connect(self._document_changed)
        self.refresh()

    def _layout(self) -> None:
        box = QVBoxLayout(self)
        box.addWidget(QLabel("<b>Visits</b> — each a dated drawing with its findings"))
        box.addWidget(self.list, 1)
        grid = QGridLayout()
        for k, button in enumerate((self.add_copy, self.add_blank, self.previous, self.next)):
            grid.addWidget(button, k // 2, k % 2)
        box.addLayout(grid)
        row = QHBoxLayout()
        row.addWidget(QLabel("Date of this visit"))
        row.addWidget(self.date, 1)
        row.addWidget(self.remove)
        box.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel("Compare"))
        row.addWidget(self.before, 1)
        row.addWidget(QLabel("→"))
        row.addWidget(self.after, 1)
        box.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.compare_button)
        row.addWidget(self.trends_button)
        box.addLayout(row)

    def _document_changed(self, field: str) -> None:
        if field in ("drawing", "body"):
            self._rows.start()

    def _row_text(self, index: int) -> str:
        s = self.state
        visit = s.visits[index]
        drawing = s.drawing if index == s.visits.current else visit.as_drawing(s.body.n_vertices)
        extent = painted_area(drawing, s.body)
        painted = ", ".join(name for name in SYMPTOMS if drawing.values[SYMPTOMS.index(name)].any()) or "blank"
        return f"{index + 1}.  {visit.date}   {extent.area_cm2:,.0f} cm² ({extent.skin_percent:.1f} %)  {painted}"

    def refresh(self, *_) -> None:
        """Re-read the visits: rows, the open one in bold, the date and the compare choices."""
        visits = self.state.visits
        blockers = [self.list, self.date, self.before, self.after]
        for widget in blockers:
            widget.blockSignals(True)
        try:
            keep = (self.before.currentIndex(), self.after.currentIndex(), self.before.count())
            self.list.clear()
            for k in range(len(visits)):
                item = QListWidgetItem(self._row_text(k))
                item.setToolTip(item.text())
                if k == visits.current:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.list.addItem(item)
            self.list.setCurrentRow(visits.current)
            self.date.setDate(QDate.fromString(visits.open.date, "yyyy-MM-dd"))
            for combo in (self.before, self.after):
                combo.clear()
                combo.addItems([f"{k + 1}. {d}" for k, d in enumerate(visits.dates)])
            same = keep[2] == len(visits)
            last = len(visits) - 1
            self.before.setCurrentIndex(keep[0] if same and keep[0] >= 0 else max(last - 1, 0))
            self.after.setCurrentIndex(keep[1] if same and keep[1] >= 0 else last)
        finally:
            for widget in blockers:
                widget.blockSignals(False)
        self.previous.setEnabled(visits.current > 0)
        self.next.setEnabled(visits.current < len(visits) - 1)
        self.remove.setEnabled(len(visits) > 1)
        self.compare_button.setEnabled(len(visits) > 1)

    def _add(self, copy_last: bool) -> None:
        """A visit today; a full patient file says so instead."""
        try:
            self.state.add_visit(today(), copy_last)
        except ValueError as exc:
            QMessageBox.warning(self, "Cannot add a visit", str(exc))

    def _date_chosen(self, date: QDate) -> None:
        text = date.toString("yyyy-MM-dd")
        if text != self.state.visits.open.date:
            self.state.set_visit_date(self.state.visits.current, text)


class VisitCompareView(QWidget):
    """Two visits side by side and the difference on the body, three views turning on one camera.

    Like :class:`~radviz.qt.compare_view.CompareView`, the renderers share one ``vtkCamera`` and a
    render of any view renders the others (guarded against ping-pong).  The numbers and the
    coloured skin come from :meth:`radviz.visits.Visits.compare`.

    Parameters
    ----------
    state : AppState
    before, after : int
        Indices of the visits to compare.
    symptom : str, optional
        Compare one symptom's skin (None: any symptom).
    """

    def __init__(self, state, before: int, after: int, symptom: str | None = None, parent: QWidget | None = None):
        from radviz.qt.body_view import BodyView

        super().__init__(parent)
        visits, body = state.stored_visits(), state.body
        first, second = visits[before], visits[after]
        self.setWindowTitle(f"Visits {before + 1} ({first.date}) and {after + 1} ({second.date})")
        self.change = visits.compare(before, after, body, symptom)
        skin = colors.skin_rgb(body.n_vertices, state.tone)
        self.drawings = [first.as_drawing(body.n_vertices), second.as_drawing(body.n_vertices)]
        self.views = [BodyView(), BodyView(), BodyView()]
        grid = QGridLayout(self)
        titles = (f"<b>Visit {before + 1}</b> — {first.date}", f"<b>Visit {after + 1}</b> — {second.date}",
                  "<b>Difference</b> — " + " ".join(_swatch(k) for k in ("new", "resolved", "persisting")))
        for col, (view, title) in enumerate(zip(self.views, titles)):
            grid.addWidget(QLabel(title, font=QFont("Sans", 12), alignment=Qt.AlignmentFlag.AlignCenter), 0, col)
            grid.addWidget(view, 1, col)
            view.set_body(body, skin)
            view.set_view(state.camera)
        for view, drawing in zip(self.views, self.drawings):
            view.set_drawing(drawing)
        self.views[2].set_picture(difference_rgb(skin, self.change))
        c = self.change
        what = f"{symptom} " if symptom else ""
        self.summary = QLabel(
            f"Painted {what}skin: new {c.new_cm2:,.0f} cm², resolved {c.resolved_cm2:,.0f} cm², persisting "
            f"{c.persisting_cm2:,.0f} cm² · overlap (Jaccard) {c.jaccard:.2f}", alignment=Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(self.summary, 2, 0, 1, 3)
        grid.setRowStretch(1, 1)
        self.camera_link = CameraLink([v.plotter for v in self.views])  # one camera, turning together

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """Finalise every view's VTK before the window goes."""
        for view in self.views:
            view.close()
        super().closeEvent(event)


class TrendView(QWidget):
    """The trend plot (:mod:`radviz.trend_plot`) of the state's visits, redrawn when they change."""

    def __init__(self, state, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.setWindowTitle("Trends over the visits")
        self.picture = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(self).addWidget(self.picture)
        self._redraw = QTimer(self, singleShot=True, interval=400)  # a plot costs ~0.5 s: once per pause
        self._redraw.timeout.connect(self.redraw)
        state.events.visits.connect(self._later)
        state.events.document.connect(self._later)
        self.redraw()

    def _later(self, *_) -> None:
        if self.isVisible():
            self._redraw.start()

    def redraw(self) -> None:
        from radviz.trend_plot import trend_rgb

        s = self.state
        self.trends = visit_trends(s.stored_visits(), s.engine)
        self.picture.setPixmap(QPixmap.fromImage(_qimage(trend_rgb(self.trends, self._plot_size()))))

    def _plot_size(self) -> tuple[int, int]:
        """900x860 pixels, less on a screen too small for that (the window must fit 1280x720)."""
        room = self.screen().availableGeometry()
        return min(900, room.width() - 60), min(860, room.height() - 100)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.state.events.visits.disconnect(self._later)
        self.state.events.document.disconnect(self._later)
        super().closeEvent(event)


class _VisitsFeature:
    """The dock and the windows it opens; the undo stack is cleared when another visit opens."""

    def __init__(self, window):
        self.window = window
        self.panel = VisitsPanel(window.state)
        self.windows: list[QWidget] = []
        self.panel.compare_button.clicked.connect(
            lambda: self.compare(self.panel.before.currentIndex(), self.panel.after.currentIndex()))
        self.panel.trends_button.clicked.connect(self.trends)
        self._open_visit = window.state.visits.open
        window.state.events.visits.connect(self._visits_changed)
        window.view_closed.connect(self._close)

    def _visits_changed(self, visits) -> None:
        """Another visit open: the undo steps change a drawing no longer shown, so they go."""
        if visits.open is not self._open_visit:
            self._open_visit = visits.open
            self.window.undo_stack.clear()

    def _open(self, widget: QWidget, size=(1400, 800)) -> QWidget:
        self.windows = [w for w in self.windows if w.isVisible()]
        self.windows.append(widget)
        widget.setScreen(self.window.screen())
        fit_to_screen(widget, largest=QSize(*size))  # never past the edges of a 1280x720 screen
        widget.show()
        widget.activateWindow()
        return widget

    def compare(self, before: int, after: int, symptom: str | None = None) -> VisitCompareView:
        return self._open(VisitCompareView(self.window.state, before, after, symptom))

    def trends(self) -> TrendView:
        return self._open(TrendView(self.window.state), (940, 900))

    def _close(self) -> None:
        for widget in self.windows:
            widget.close()
        self.windows = []


def install(window) -> None:
    """Add the Visits dock (tabbed with the results) and its compare and trend windows."""
    feature = _VisitsFeature(window)
    window.visits = feature
    window.add_dock("visits", "Visits", feature.panel, "right", tab_with="results")
