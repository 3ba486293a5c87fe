"""MainWindow: menus, toolbar, docks and the undo stack, wired to one Drawing and one Findings.

Wiring only.  Data flow is one way: a user action becomes a QUndoCommand, the command changes the
model, the model's ``changed`` signal makes the views re-read it.  Pictures come from
:mod:`radviz.pictures`, scores from :mod:`radviz.engine`.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import (QDockWidget, QFileDialog, QFrame, QHBoxLayout, QLabel, QMainWindow,
                               QMessageBox, QPushButton, QToolBar, QVBoxLayout, QWidget)

from radviz import DISCLAIMER, __version__, colors, pictures
from radviz.atlas import DEFAULT_MAP, available_maps
from radviz.body import MESH_SUFFIXES, Body, default_body, load_body
from radviz.drawing import Drawing
from radviz.engine import get_engine
from radviz.errors import InputError
from radviz.findings import Findings
from radviz.qt.body_view import BodyView
from radviz.qt.brush_bar import BrushBar
from radviz.qt.commands import ClearDrawing, PaintStroke, SetFinding
from radviz.qt.panels import FindingsPanel, ResultsPanel, RootBrowser
from radviz.qt.qtutil import add_menu

__all__ = ["MainWindow", "VIEW_KEYS"]

VIEW_KEYS = (("anterior", "Front", "1"), ("posterior", "Back", "2"), ("left", "Left side", "3"),
             ("right", "Right side", "4"), ("superior", "Top", "5"))


def _root_summaries() -> dict:
    """Per-root plain-language paragraphs, or {} while that table is not there yet."""
    try:
        from radviz.atlas.myotomes import load_root_summaries

        return load_root_summaries()
    except (ImportError, FileNotFoundError, InputError):
        return {}


class MainWindow(QMainWindow):
    """The radviz window.

    Signals
    -------
    map_changed(str)
        The dermatome map in use changed (its name).

    Parameters
    ----------
    body : Body, optional
        Defaults to the shipped hm08 body.
    map_name : str
        Dermatome map to start with.
    first_start : bool
        Show the one-time notice that radviz teaches and does not diagnose.
    """

    map_changed = Signal(str)

    def __init__(self, body: Body | None = None, map_name: str = DEFAULT_MAP, first_start: bool = False):
        super().__init__()
        self.setWindowTitle("radviz — nerve roots on the body")
        self.body = body or default_body()
        self.engine = get_engine(self.body, map_name)
        self.findings = Findings()
        self.drawing = Drawing(self.body.n_vertices)
        self.undo_stack = QUndoStack(self)
        self.summaries = _root_summaries()
        self._picture: tuple = ("skin",)
        self.skin_tone = "fair"  # a key of colors.SKIN_TONES: the skin of every picture
        self._stroke: PaintStroke | None = None
        self._closed = False

        self.view = BodyView()
        self.brush = BrushBar()
        self.results, self.findings_panel, self.browser = ResultsPanel(), FindingsPanel(), RootBrowser()
        self.setCentralWidget(self._central(first_start))
        self._docks()
        self._actions()
        self.hover_label = QLabel()
        self.statusBar().addWidget(self.hover_label, 1)
        notice = QLabel("Educational — not a diagnostic device")
        notice.setToolTip(DISCLAIMER)
        self.statusBar().addPermanentWidget(notice)

        self.view.set_body(self.body, colors.skin_rgb(self.body.n_vertices, self.skin_tone))
        self.view.set_radius(self.brush.radius())
        self._connect()
        self._use_drawing(self.drawing)
        self.findings_panel.set_findings(self.findings)
        self.findings.changed.connect(self.refresh_results)
        self.browser.set_atlas(self.engine.atlas, available_maps("dermatomes"), self.engine.myotomes,
                               self.summaries)
        self.refresh_results()
        self.resize(1500, 950)
        from radviz.qt.extensions import install_extensions

        install_extensions(self)

    # ------------------------------------------------------------------ layout
    def _central(self, first_start: bool) -> QWidget:
        central = QWidget()
        box = QVBoxLayout(central)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        if first_start:
            bar = QFrame()
            bar.setStyleSheet("QFrame { background: #fff4d6; border-bottom: 1px solid #e0c060; }")
            row = QHBoxLayout(bar)
            row.addWidget(QLabel(DISCLAIMER), 1)
            ok = QPushButton("OK")
            ok.clicked.connect(bar.hide)
            row.addWidget(ok)
            box.addWidget(bar)
        box.addWidget(self.view, 1)
        return central

    def _docks(self) -> None:
        self.docks = {}
        for key, title, widget, area in (
                ("browser", "Root browser", self.browser, Qt.DockWidgetArea.LeftDockWidgetArea),
                ("findings", "Findings", self.findings_panel, Qt.DockWidgetArea.LeftDockWidgetArea),
                ("results", "Results", self.results, Qt.DockWidgetArea.RightDockWidgetArea)):
            dock = QDockWidget(title, self)
            dock.setObjectName(key)
            dock.setWidget(widget)
            widget.setMinimumWidth(340)  # room for the results columns and the root text
            self.addDockWidget(area, dock)
            self.docks[key] = dock
        self.tabifyDockWidget(self.docks["browser"], self.docks["findings"])
        self.docks["browser"].raise_()

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        action.setToolTip(f"{tip or text} ({action.shortcut().toString()})" if shortcut else tip or text)
        action.triggered.connect(slot)
        return action

    def _actions(self) -> None:
        self.view_actions = {v: self._action(label, lambda _=False, v=v: self.view.set_view(v), key,
                                             f"View from the {label.lower()}")
                             for v, label, key in VIEW_KEYS}
        reset = self._action("Reset", lambda: self.view.set_view("anterior"), "0", "Reset the camera")
        self.rotate_action = self._action("Rotate", lambda: self.set_mode("rotate"), "R",
                                          "Drag to turn the body (hold Ctrl to paint)")
        self.paint_action = self._action("Paint", lambda: self.set_mode("paint"), "P",
                                         "Drag to paint symptoms (hold Ctrl to turn the body)")
        modes = QActionGroup(self)
        for action in (self.rotate_action, self.paint_action):
            action.setCheckable(True)
            modes.addAction(action)
        self.rotate_action.setChecked(True)
        undo = self.undo_stack.createUndoAction(self, "Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setIconText("Undo")  # the menu says what; the toolbar button keeps its width
        redo = self.undo_stack.createRedoAction(self, "Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        redo.setIconText("Redo")
        clear = self._action("Clear", self.clear_drawing, None, "Clear the whole drawing (undoable)")
        open_body = self._action("Open body…", self._ask_open_body, QKeySequence.StandardKey.Open)
        quit_ = self._action("Quit", self.close, QKeySequence.StandardKey.Quit)
        about = self._action("About radviz", self._about)

        tools = QToolBar("Tools")
        tools.setObjectName("tools")
        self.addToolBar(tools)
        for action in (*self.view_actions.values(), reset, None, self.rotate_action, self.paint_action,
                       None, undo, redo, clear):
            tools.addSeparator() if action is None else tools.addAction(action)
        brush = QToolBar("Brush")
        brush.setObjectName("brush")
        self.addToolBar(brush)
        brush.addWidget(self.brush)

        menus = self.menuBar()
        file_menu = add_menu(menus, "&File")
        file_menu.addAction(open_body)
        file_menu.addAction(self._action("Open map file…", self._ask_open_map, None,
                                         "Use a dermatome map file (radviz-map/1 YAML)"))
        file_menu.addSeparator()
        file_menu.addAction(quit_)
        self.quit_action = quit_  # extensions insert their items before Quit
        edit = add_menu(menus, "&Edit")
        edit.addActions([undo, redo, clear])
        view = add_menu(menus, "&View")
        view.addActions([*self.view_actions.values(), reset])
        view.addSeparator()
        view.addActions([self.rotate_action, self.paint_action])
        view.addSeparator()
        view.addActions([d.toggleViewAction() for d in self.docks.values()])
        help_menu = add_menu(menus, "&Help")
        help_menu.addAction(about)
        self.menus = {"file": file_menu, "edit": edit, "view": view, "help": help_menu}
        self.toolbars = {"tools": tools, "brush": brush}
        self.undo_action, self.redo_action = undo, redo

    def _connect(self) -> None:
        self.view.hovered.connect(self._on_hover)
        self.view.stroke_started.connect(self._start_stroke)
        self.view.stroke_moved.connect(self._extend_stroke)
        self.view.stroke_finished.connect(self._finish_stroke)
        self.brush.radius_changed.connect(self.view.set_radius)
        self.results.root_chosen.connect(self.show_root)
        self.browser.root_chosen.connect(self.show_root)
        self.browser.map_chosen.connect(self.set_map)
        self.browser.all_toggled.connect(lambda on: self._set_picture(("all",) if on else ("skin",)))
        self.browser.cleared.connect(lambda: self._set_picture(("skin",)))
        self.findings_panel.finding_requested.connect(self._request_finding)

    # ------------------------------------------------------------------ model -> views
    def _use_drawing(self, drawing: Drawing) -> None:
        self.drawing.changed.disconnect(self.refresh_results)
        self.drawing = drawing
        self._follow_drawing()
        drawing.changed.connect(self.refresh_results)
        self.view.set_drawing(drawing)

    def _follow_drawing(self) -> None:
        """Keep running sums of the drawing for the current engine (connected before the views)."""
        if getattr(self, "live", None) is not None:
            self.live.detach()
        self.drawing.changed.disconnect(self.refresh_results)
        self.live = self.engine.live(self.drawing)
        self.drawing.changed.connect(self.refresh_results)

    def refresh_results(self, *_) -> None:
        """Re-score from the drawing's running sums (a stroke costs what its brush covers)."""
        if self.live.loc is not self.engine.localizer:  # another map or body
            self._follow_drawing()
        result = self.live.result(self.findings)
        self.results.show_result(result, not (self.drawing.is_empty() and self.findings.is_empty()))
        self.last_result = result

    def _set_picture(self, picture: tuple) -> None:
        """Show skin, one root (('root', name, side)) or all territories under the drawing."""
        self._picture = picture
        if picture[0] == "root":
            rgb, markers = pictures.root_picture(self.body, self.engine.atlas, picture[1], picture[2],
                                                 self.skin_tone)
            self.view.set_picture(rgb, markers)
        elif picture[0] == "all":
            self.view.set_picture(pictures.all_roots_picture(self.body, self.engine.atlas, self.skin_tone),
                                  labels=pictures.territory_label_vertices(self.body, self.engine.atlas))
        else:
            self.view.set_picture(colors.skin_rgb(self.body.n_vertices, self.skin_tone))
        self.browser.set_all(picture[0] == "all")

    def show_root(self, root: str, side: str) -> None:
        """Highlight a root on the body and show what the browser knows about it."""
        self.browser.show_root(root, side)
        self._set_picture(("root", root, side))

    def _on_hover(self, vertex: int) -> None:
        if vertex < 0:
            self.hover_label.clear()
            return
        entries = self.engine.atlas.at_vertex(vertex)
        mixed = len({side for _, side, _ in entries}) > 1
        roots = ", ".join(f"{name}{' ' + side if mixed else ''} {w:.2f}" for name, side, w in entries)
        self.hover_label.setText(f"{self.body.describe(vertex)} — {roots or 'no root mapped here'}")

    # ------------------------------------------------------------------ user intent -> commands
    def set_mode(self, mode: str) -> None:
        self.view.set_mode(mode)
        (self.paint_action if mode == "paint" else self.rotate_action).setChecked(True)

    def _start_stroke(self) -> None:
        self._stroke = PaintStroke(self.drawing, self.body, self.brush.symptom(), self.brush.radius(),
                                   self.brush.intensity())

    def _extend_stroke(self, vertices: np.ndarray) -> None:
        if self._stroke is not None:
            self._stroke.add(vertices)

    def _finish_stroke(self) -> None:
        stroke, self._stroke = self._stroke, None
        if stroke is not None and stroke.changed_anything():
            self.undo_stack.push(stroke)

    def clear_drawing(self) -> None:
        if not self.drawing.is_empty():
            self.undo_stack.push(ClearDrawing(self.drawing))

    def _request_finding(self, kind: str, side, name: str, value) -> None:
        self.undo_stack.push(SetFinding(self.findings, kind, side, name, value))

    def set_map(self, name: str) -> bool:
        """Switch dermatome map: scores, highlight and browser follow; the drawing stays.

        A map file that does not load is reported (file, place, reason) and the last good map stays.
        """
        try:
            engine = get_engine(self.body, name)
        except InputError as exc:
            self._report_error("Cannot use this map", exc)
            self.browser.set_atlas(self.engine.atlas, available_maps("dermatomes"), self.engine.myotomes,
                                   self.summaries)
            return False
        self.engine = engine
        self.browser.set_atlas(self.engine.atlas, available_maps("dermatomes"), self.engine.myotomes,
                               self.summaries)
        if self._picture[0] == "root" and self._picture[1] not in engine.atlas.territories:
            self._picture = ("skin",)
        self._set_picture(self._picture)
        self.refresh_results()
        self.map_changed.emit(engine.atlas.map.name)
        return True

    def _report_error(self, title: str, exc: InputError) -> None:
        where = f"{exc.place}: " if exc.place else ""
        QMessageBox.critical(self, title, f"{Path(exc.source).name}\n\n{where}{exc.reason}\n\n({exc.source})")

    def _ask_open_map(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a dermatome map", "", "radviz maps (*.yaml *.yml)")
        if path:
            self.set_map(path)

    def _ask_open_body(self) -> None:
        patterns = " ".join(f"*{s}" for s in MESH_SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(self, "Open body", "", f"Body meshes ({patterns})")
        if path:
            self.open_body(path)

    def open_body(self, path: str | Path) -> bool:
        """Load another body; on a bad file, say which file and what is wrong, and keep the current one."""
        try:
            body = load_body(path)
            engine = get_engine(body, self.engine.atlas.map.name)
        except InputError as exc:
            self._report_error("Cannot open this body", exc)
            return False
        self.body, self.engine = body, engine
        self.undo_stack.clear()
        self.view.set_body(body, colors.skin_rgb(body.n_vertices, self.skin_tone))
        self._use_drawing(Drawing(body.n_vertices))
        self._set_picture(self._picture)
        self.refresh_results()
        self.statusBar().showMessage(f"Opened {Path(path).name} ({body.n_vertices:,} vertices)", 5000)
        return True

    def _about(self) -> None:
        QMessageBox.about(self, "About radviz",
                          f"<b>radviz {__version__}</b><p>Where spinal nerve roots supply the skin and "
                          f"muscles, and which roots could explain painted symptoms.</p><p>{DISCLAIMER}</p>")

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """Disconnect from the model and finalise VTK before the window goes."""
        if self._closed:
            return super().closeEvent(event)
        self._closed = True
        self.drawing.changed.disconnect(self.refresh_results)
        self.live.detach()
        self.findings.changed.disconnect(self.refresh_results)
        self.findings_panel.close()
        self.view.close()
        super().closeEvent(event)
