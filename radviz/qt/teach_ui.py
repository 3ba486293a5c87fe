"""Teach mode: quizzes on the body, progress across sessions, and the teacher's tour, comparison and slides.

Questions, scores and feedback come from the Qt-free :mod:`radviz.teach`.  The window side is in
one-job modules: :mod:`radviz.qt.teach_mode` (the quiz drawing is the state's own, the patient's
is kept aside, Undo never reaches past the Teach-mode strokes), :mod:`radviz.qt.teach_panel` (the
quiz) and here: the Teach dock and menu, and the teacher's tour, comparison and slide exports.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QFileDialog, QWidget

from radviz import teach
from radviz.qt.compare_view import CompareView
from radviz.qt.qtutil import add_menu, scrolled
from radviz.qt.screen_fit import fit_to_screen
from radviz.qt.teach_mode import TeachMode
from radviz.qt.teach_panel import KIND_LABELS, TeachPanel, progress_path
from radviz.qt.tour_view import TourView, export_tour
from radviz.render import VIEWS, save_png, view_direction

__all__ = ["TeachPanel", "TeachMode", "install", "KIND_LABELS", "progress_path", "export_view", "nearest_view"]

_TOOL_WINDOW = QSize(1400, 900)
"""The comparison's size on a big screen; on a smaller one it takes a share of the screen."""


def nearest_view(camera_position) -> str:
    """The standard view closest to a camera (export renders standard views only)."""
    eye, focus = np.asarray(camera_position[0]), np.asarray(camera_position[1])
    direction = (eye - focus) / max(np.linalg.norm(eye - focus), 1e-12)
    return max(VIEWS, key=lambda v: float(direction @ view_direction(v)))


def export_view(window, folder: str | Path) -> Path:
    """The picture and drawing on screen, from the nearest standard view, as a slide-sized PNG."""
    from radviz.render_offscreen import render_scene
    from radviz.scene import Picture, Scene

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    scene = Scene(window.body, Picture(window.view.colours() / 255.0), None,
                  nearest_view(window.view.plotter.camera_position), window.engine.atlas.map.title)
    return save_png(render_scene(scene, (1200, 1200), parallel=True), folder / "radviz-view.png")


def install(window) -> TeachMode:
    """Add the Teach dock (shown only in Teach mode), a Teach menu, and the teacher's windows."""
    mode = TeachMode(window)
    panel = TeachPanel(mode)
    dock = window.add_dock("teach", "Teach", scrolled(panel), "right", tab_with="results", min_width=360,
                           view_menu=False)  # a question with many choices scrolls; the window keeps its height
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable |
                     QDockWidget.DockWidgetFeature.DockWidgetFloatable)  # one way out: leaving the mode
    dock.hide()
    toggle = QAction("Teach mode", window, checkable=True, shortcut="F9",
                     toolTip="Quizzes on their own drawing; the patient's drawing is kept aside (F9)")

    def set_active(on: bool) -> None:
        if on == mode.active:
            return
        if on:
            mode.enter()
            dock.show()
            dock.raise_()
            panel.show_question()
        else:
            mode.leave()
            dock.hide()
        toggle.setChecked(on)

    toggle.toggled.connect(set_active)
    panel.leave_button.clicked.connect(lambda: set_active(False))
    tools = _TeacherTools(window, mode)
    menu = add_menu(window.menuBar(), "&Teach")
    window.menus["teach"] = menu
    window.add_action("teach", toggle, "teach")
    menu.addSeparator()
    for key, button in panel.teacher_buttons.items():
        slot = getattr(tools, key)
        button.clicked.connect(lambda _=False, f=slot: f())
        action = QAction(button.text(), window)
        action.triggered.connect(lambda _=False, f=slot: f())
        window.add_action(f"teach_{key}", action, "teach")
    window.teach_mode, window.teach_panel, window.teach_tools = mode, panel, tools
    window.teach_action = toggle
    return mode


class _TeacherTools(QObject):
    """The tour, the comparison and the slide exports; their windows close with the main window."""

    def __init__(self, window, mode: TeachMode):
        super().__init__(window)
        self.window, self.mode = window, mode
        self.windows: list[QWidget] = []
        window.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Close:
            for widget in self.windows:
                widget.close()
        return False

    def _open(self, widget: QWidget, full_screen: bool = False) -> QWidget:
        self.windows = [w for w in self.windows if w.isVisible()]  # closed ones are finalised: let them go
        self.windows.append(widget)
        if full_screen:
            widget.showFullScreen()
        else:
            widget.setScreen(self.window.screen())
            fit_to_screen(widget, largest=_TOOL_WINDOW)  # never past the edges of a 1280x720 screen
            widget.show()
        widget.activateWindow()
        return widget

    def steps(self) -> list:
        w = self.window
        return teach.tour_steps(w.engine.atlas, w.engine.myotomes, w.summaries)

    def tour(self) -> TourView:
        return self._open(TourView(self.window.body, self.window.engine.atlas, self.steps(), self.mode.tone),
                          full_screen=True)

    def compare(self) -> CompareView:
        return self._open(CompareView(self.window.body, tone=self.mode.tone))

    def export_view(self, folder: str | None = None) -> Path | None:
        folder = folder or QFileDialog.getExistingDirectory(self.window, "Export the view to…")
        return export_view(self.window, folder) if folder else None

    def export_tour(self, folder: str | None = None, steps=None) -> list[Path]:
        folder = folder or QFileDialog.getExistingDirectory(self.window, "Export the tour to…")
        if not folder:
            return []
        return export_tour(self.window.body, self.window.engine.atlas,
                           self.steps() if steps is None else steps, folder, self.mode.tone)
