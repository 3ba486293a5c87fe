"""Exam mode in the window: the Exam dock and menu, clicks on key points, hover text and the picture.

Exam mode is what the body shows (``Shown('exam')``: each dermatome by its exam result), so it is
state like any other picture: choosing a root leaves it, a session that showed it shows it again.
Every edit is one :class:`~radviz.qt.exam.commands.SetExam` on the window's undo stack, so the
session is marked modified and Undo takes it back.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from radviz.errors import InputError, OutputError
from radviz.exam_picture import levels_caption, territory_level
from radviz.files import write_atomic
from radviz.isncsci import exam_to_dict, load_exam
from radviz.keypoints import load_key_points
from radviz.qt.exam.commands import SetExam, describe_changes
from radviz.qt.exam.panel import ExamPanel
from radviz.qt.qtutil import add_menu, scrolled
from radviz.qt.session_file import session_stem
from radviz.state import SKIN, Shown

__all__ = ["ExamMode", "install", "EXAM", "CLICK_REACH"]

EXAM = Shown("exam")
CLICK_REACH = 0.45
"""How far from a key point (decimetres of skin) a click still chooses it."""
_CLICK_SLOP = 4  # pixels the mouse may move between press and release and still be a click


class ExamMode(QObject):
    """Glue between the window's state, the Exam dock and clicks on the body."""

    def __init__(self, window):
        super().__init__(window)
        self.window, self.state = window, window.state
        self.panel = ExamPanel(self.state.exam)
        self.panel.descriptions = {r: p.description for r, p in load_key_points().points.items()}
        self.action = QAction("Exam mode", window, checkable=True, shortcut="F8",
                              toolTip="Enter an ISNCSCI exam on the body: click key points, grade the key "
                                      "muscles; each dermatome shows its result (F8)")
        self.open_action = QAction("Open exam file…", window,
                                   toolTip="Open an ISNCSCI exam (Praxis JSON layout) into Exam mode")
        self.save_action = QAction("Save exam file…", window,
                                   toolTip="Save the exam (Praxis JSON layout) for `radviz isncsci` or another "
                                           "calculator")
        self._pressed: QPointF | None = None
        self.last_error = ""
        self.action.toggled.connect(self.set_active)
        self.open_action.triggered.connect(self.ask_open)
        self.save_action.triggered.connect(self.ask_save)
        self.panel.changes_requested.connect(self.set_values)
        self.panel.open_requested.connect(self.ask_open)
        self.panel.save_requested.connect(self.ask_save)
        self.panel.clear_requested.connect(self.clear)
        self.state.events.exam.connect(self._exam_changed)
        self.state.events.shown.connect(self._shown_changed)
        window.add_hover_text(self.hover_text)
        self._views = {}  # plotter -> its view: the 3D body, and the 2D charts once built
        self._watch(window.view)
        window.chart_switch.action.toggled.connect(self._watch_charts)

    @property
    def active(self) -> bool:
        return self.state.shown.kind == "exam"

    # ------------------------------------------------------------------ the mode
    def set_active(self, on: bool) -> None:
        """Enter (show the exam on the body, the dock in front, the mouse turning the body) or leave."""
        if on == self.active:
            return
        if on:
            self.state.set_tool("rotate")  # a click chooses a key point; painting would paint
        self.state.show(EXAM if on else SKIN)

    def _shown_changed(self, shown) -> None:
        on = shown.kind == "exam"
        if self.action.isChecked() != on:
            self.action.setChecked(on)
        dock = self.window.docks["exam"]
        if on:
            dock.show()
            dock.raise_()
            self.panel.refresh()
        self._show_levels()

    def _exam_changed(self, _exam=None) -> None:
        self.panel.refresh()
        if self.active:
            self.state.show(EXAM)  # a redraw: the dermatomes and the sensory level labels follow
        self._show_levels()

    def _show_levels(self) -> None:
        """The sensory levels, NLI and AIS in the 3D view's corner while the exam is shown."""
        self.window.view.set_caption(levels_caption(self.state.exam.classification) if self.active else "")

    # ------------------------------------------------------------------ edits (one undo step each)
    def set_values(self, changes: list) -> bool:
        """Set ``[(side, kind, level, value), ...]`` as one undo step; False (and said) if refused."""
        try:
            exam = self.state.exam.with_values(changes)
        except InputError as exc:
            self.window.statusBar().showMessage(f"Exam: {exc.place}: {exc.reason}", 8000)
            return False
        if exam != self.state.exam.exam:
            self.window.undo_stack.push(SetExam(self.state.exam, exam, describe_changes(changes)))
        return True

    def clear(self) -> None:
        if self.state.exam.exam is not None:
            self.window.undo_stack.push(SetExam(self.state.exam, None, "Clear the exam"))

    def open_exam(self, path: str | Path) -> bool:
        """Open an exam file (Praxis layout) as one undo step; a bad file is reported and nothing changes."""
        path = Path(path)
        try:
            exam = load_exam(path)
        except InputError as exc:
            self._say_error(exc)
            return False
        self.window.undo_stack.push(SetExam(self.state.exam, exam, f"Open exam {path.name}"))
        self.set_active(True)
        self.window.statusBar().showMessage(f"Opened exam {path.name}", 5000)
        return True

    def _say_error(self, exc: InputError) -> None:
        """One line naming the file, the field and the value; a window-modal box that never blocks."""
        where = f"{exc.place}: " if exc.place else ""
        self.last_error = f"{Path(exc.source).name}: {where}{exc.reason}"
        box = QMessageBox(QMessageBox.Icon.Critical, "Cannot open this exam",
                          f"{self.last_error}\n\n({exc.source})", QMessageBox.StandardButton.Ok, self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.window.statusBar().showMessage(self.last_error, 10000)

    def save_exam(self, path: str | Path) -> bool:
        """Write the exam (every cell, an intact one if none was begun) as an exam file; False and said if refused."""
        try:
            write_atomic(path, json.dumps(exam_to_dict(self.state.exam.current), indent=1))
        except OutputError as exc:
            self.last_error = str(exc)
            self.window.statusBar().showMessage(self.last_error, 10000)
            return False
        self.window.statusBar().showMessage(f"Saved exam {Path(path).name}", 5000)
        return True

    def ask_save(self) -> None:
        session = self.window.sessions.path  # next to the session, named after it
        start = (session.parent if session else Path.home()) / f"{session_stem(session, 'radviz')}_exam.json"
        path, _ = QFileDialog.getSaveFileName(self.window, "Save the ISNCSCI exam", str(start), "ISNCSCI exams (*.json)")
        if path:
            self.save_exam(path if path.lower().endswith(".json") else path + ".json")

    def ask_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open an ISNCSCI exam", "", "ISNCSCI exams (*.json)")
        if path:
            self.open_exam(path)

    # ------------------------------------------------------------------ the body
    def key_point_near(self, vertex: int) -> tuple[str, str] | None:
        """The key point (level, side) within :data:`CLICK_REACH` of a skin vertex, nearest first."""
        if vertex < 0:
            return None
        body, points = self.state.body, self.state.engine.atlas.key_points
        keys = [k for k in points if territory_level(k[0])]
        where = body.vertices[[points[k] for k in keys]]
        dist = np.linalg.norm(where - body.vertices[vertex], axis=1)
        k = int(np.argmin(dist))
        return (territory_level(keys[k][0]), keys[k][1]) if dist[k] <= CLICK_REACH else None

    def click_vertex(self, vertex: int) -> tuple[str, str] | None:
        """A click on the body: choose the key point there and set its values if the panel says so."""
        point = self.key_point_near(vertex)
        if point is None:
            return None
        level, side = point
        self.panel.choose_point(level, side)
        value = self.panel.click_value()
        if value is not None:
            self.set_values([(side, "lightTouch", level, value), (side, "pinPrick", level, value)])
        return point

    def _watch(self, view) -> None:
        self._views[view.plotter] = view
        view.plotter.installEventFilter(self)

    def _watch_charts(self, shown: bool) -> None:
        """Clicks on the 2D charts choose key points too (the charts are built on first use)."""
        chart = self.window.chart_switch.chart
        if shown and chart is not None:
            for view in chart.charts.values():
                self._watch(view)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        """A left click (press and release in place) on the body or a chart in Exam mode; drags still turn it."""
        view = self._views.get(obj)
        if view is None or not self.active or self.state.tool != "rotate" or self.state.mode == "teach":
            return False  # Teach mode's quiz owns the clicks while it runs
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._pressed = event.position()
        elif kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton \
                and self._pressed is not None:
            moved = (event.position() - self._pressed).manhattanLength()
            self._pressed = None
            if moved <= _CLICK_SLOP:
                vertex, _, _ = view.pick(event.position().x(), event.position().y())
                self.click_vertex(vertex)
        return False

    def hover_text(self, vertex: int) -> str | None:
        """In Exam mode: the key point under the mouse and its values."""
        point = self.key_point_near(vertex) if self.active else None
        if point is None:
            return None
        level, side = point
        value = self.state.exam.value
        return (f"key point {side} {level.replace('_', '-')}: LT {value(side, 'lightTouch', level)}, "
                f"PP {value(side, 'pinPrick', level)}")


def install(window) -> ExamMode:
    """Add the Exam dock (tabbed with the results), an Exam menu and 'Open exam file…' in File."""
    mode = ExamMode(window)
    dock = window.add_dock("exam", "ISNCSCI exam", scrolled(mode.panel), "right", tab_with="results", min_width=380)
    dock.hide()
    menu = add_menu(window.menuBar(), "E&xam")
    window.menus["exam"] = menu
    window.add_action("exam_mode", mode.action, "exam", toolbar="tools")
    window.add_action("open_exam", mode.open_action, "exam")
    window.add_action("save_exam", mode.save_action, "exam")
    window.docks["results"].raise_()
    window.exam_mode = mode
    return mode
