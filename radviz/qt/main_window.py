"""MainWindow: menus, toolbar, docks and the undo stack around one :class:`~radviz.state.AppState`.

Wiring only.  Data flow is one way: a user action becomes a QUndoCommand or a ``state.set_*``
call, the state emits an event, and the views re-read the state.  Features (sessions, the chart,
layers, the body panel, teaching) add what they bring through :meth:`MainWindow.add_dock`,
:meth:`MainWindow.add_action` and :meth:`MainWindow.add_hover_text`, and follow ``window.state``;
none of them reads or assigns this window's private members.  Pictures come from
:mod:`radviz.scene`, scores from :mod:`radviz.engine`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import (QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox, QToolBar,
                               QVBoxLayout, QWidget)

from radviz import DISCLAIMER, __version__
from radviz.atlas import DEFAULT_MAP, available_maps
from radviz.body import MESH_SUFFIXES, Body, default_body, load_body
from radviz.errors import InputError
from radviz.localize import Result
from radviz.qt.body_view import BodyView
from radviz.qt.brush_bar import BrushBar
from radviz.qt.commands import ClearDrawing, PaintStroke, SetFinding
from radviz.qt.first_run import FirstRunBar
from radviz.qt.panels import FindingsPanel, ResultsPanel, RootBrowser
from radviz.qt.qtutil import add_menu
from radviz.qt.screen_fit import fit_to_screen
from radviz.qt.tab_order import ScreenTabOrder
from radviz.scene import Picture, picture_for
from radviz.state import ALL, SKIN, AppState, Shown

__all__ = ["MainWindow", "VIEW_KEYS", "DOCK_MIN_WIDTH", "OPEN_BODY_KEY", "FRONT_DOCKS"]

VIEW_KEYS = (("anterior", "Front", "1"), ("posterior", "Back", "2"), ("left", "Left side", "3"),
             ("right", "Right side", "4"), ("superior", "Top", "5"))
DOCK_MIN_WIDTH = 220
"""Docks shrink to this width (their asked-for width is the start): the window must fit 1280x720."""
OPEN_BODY_KEY = "Ctrl+B"
"""Open body's own shortcut: Ctrl+O opens a session, as in every desktop program."""
FRONT_DOCKS = ("teach", "exam", "results", "patient_questions", "browser")
"""Docks in front of their tab group when the window first shows, the first wanted first (when shown)."""
_AREAS = {"left": Qt.DockWidgetArea.LeftDockWidgetArea, "right": Qt.DockWidgetArea.RightDockWidgetArea}


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
    picture_changed(object)
        The :class:`~radviz.scene.Picture` under the drawing changed (the 2D chart follows it).
    result_changed(object)
        A new :class:`~radviz.localize.Result` is on the results panel (layers add nerve rows).
    view_closed()
        The window closed its views and finalised VTK (other views close theirs).

    Parameters
    ----------
    body : Body, optional
        Defaults to the shipped hm08 body.
    map_name : str
        Dermatome map to start with.
    first_start : bool
        Show the one-time notice that radviz teaches and does not diagnose, and ask who is using it
        (``window.first_run``, a :class:`~radviz.qt.first_run.FirstRunBar`; None when not shown).
    """

    map_changed = Signal(str)
    picture_changed = Signal(object)
    result_changed = Signal(object)
    view_closed = Signal()

    def __init__(self, body: Body | None = None, map_name: str = DEFAULT_MAP, first_start: bool = False):
        super().__init__()
        self.setWindowTitle("radviz — nerve roots on the body")
        self.state = AppState(body or default_body(), map_name)
        self.undo_stack = QUndoStack(self)
        self.summaries = _root_summaries()
        self.picture = Picture(np.zeros((0, 3)))
        self.last_result: Result | None = None
        self.docks: dict[str, QDockWidget] = {}
        self.actions: dict[str, QAction] = {}
        self._hover_texts: list[Callable[[int], str | None]] = [self._roots_at]
        self._stroke: PaintStroke | None = None
        self._undo_drawing = self.state.drawing  # the drawing the undo stack's steps change
        self._live = None
        self._closed = False
        self._dock_widths: dict[str, int] = {}
        self._pending_tabs: list[tuple[str, str]] | None = []  # (tab_with, key) until the first show

        self.view = BodyView()
        self.brush = BrushBar()
        self.results, self.findings_panel, self.browser = ResultsPanel(), FindingsPanel(), RootBrowser()
        self.setCentralWidget(self._central(first_start))
        self._actions()
        self.add_dock("browser", "Roots", self.browser, "left")
        self.add_dock("findings", "Findings", self.findings_panel, "left", tab_with="browser")
        self.add_dock("results", "Results", self.results, "right")
        self.docks["browser"].raise_()
        self.hover_label = QLabel()
        self.statusBar().addWidget(self.hover_label, 1)
        notice = QLabel("Educational — not a diagnostic device")
        notice.setToolTip(DISCLAIMER)
        self.statusBar().addPermanentWidget(notice)

        self.picture = picture_for(self.state)
        self.view.set_body(self.body, self.picture.rgb)
        self.view.set_radius(self.brush.radius())
        self._connect()
        self._follow_drawing()
        self.view.set_drawing(self.drawing)
        self.findings_panel.set_findings(self.findings)
        self._offer_atlas()
        self.refresh_results()
        self.view.set_mode(self.state.tool)
        from radviz.qt.extensions import install_extensions

        install_extensions(self)
        self._help_last()
        self._brush_row()
        fit_to_screen(self)
        self._start_dock_widths()
        self.tab_order = ScreenTabOrder(self, self.view.plotter)  # Tab follows the screen and leaves the 3D view
        self.installEventFilter(self)  # the newest filter runs first: docks are tabbed before a layout is restored

    # ------------------------------------------------------------------ the state, read-only
    @property
    def body(self) -> Body:
        return self.state.body

    @property
    def engine(self):
        return self.state.engine

    @property
    def drawing(self):
        """The drawing on screen (Teach mode's own while teaching)."""
        return self.state.active_drawing

    @property
    def findings(self):
        return self.state.findings

    # ------------------------------------------------------------------ contributions
    def add_dock(self, key: str, title: str, widget: QWidget, area: str, tab_with: str | None = None,
                 min_width: int = 340, view_menu: bool = True) -> QDockWidget:
        """Add a dock on the 'left' or 'right', optionally tabbed with another; listed in View."""
        dock = QDockWidget(title, self)
        dock.setObjectName(key)
        dock.setWidget(widget)
        widget.setMinimumWidth(min(min_width, DOCK_MIN_WIDTH))  # shrinkable on a small screen
        self._dock_widths[key] = min_width  # room for the results columns and the root text, to start
        self.addDockWidget(_AREAS[area], dock)
        self.docks[key] = dock
        if tab_with is not None and self._pending_tabs is not None:
            self._pending_tabs.append((tab_with, key))
        elif tab_with is not None:
            self.tabifyDockWidget(self.docks[tab_with], dock)
        if view_menu and "view" in getattr(self, "menus", {}):
            self.menus["view"].addAction(dock.toggleViewAction())
        return dock

    def add_action(self, key: str, action: QAction, menu: str | None = None, before: str | None = None,
                   toolbar: str | None = None, first: bool = False) -> QAction:
        """Register an action under ``key``; put it in a menu (before another action) and a toolbar."""
        self.actions[key] = action
        for place, where in ((menu, self.menus), (toolbar, self.toolbars)):
            if place is None:
                continue
            target = where[place]
            anchor = self.actions[before] if before else (target.actions()[0] if first and target.actions() else None)
            if anchor is None:
                target.addAction(action)
            else:
                target.insertAction(anchor, action)
        return action

    def add_hover_text(self, describe: Callable[[int], str | None]) -> None:
        """Add a describer to the status-bar hover line (vertex -> text, or None for nothing)."""
        self._hover_texts.append(describe)

    # ------------------------------------------------------------------ layout
    def _central(self, first_start: bool) -> QWidget:
        central = QWidget()
        box = QVBoxLayout(central)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        self.first_run = FirstRunBar() if first_start else None
        if self.first_run is not None:
            box.addWidget(self.first_run)
        box.addWidget(self.view, 1)
        return central

    def _tab_docks(self) -> None:
        """Tab the docks asked to share a place, then bring the wanted ones to the front.

        Done on the first show: Qt 6 leaves a stray, unused tab strip on the window for every tab
        group after the first that is formed before the window is shown.
        """
        pending, self._pending_tabs = self._pending_tabs or [], None
        for tab_with, key in pending:
            self.tabifyDockWidget(self.docks[tab_with], self.docks[key])
        for key in reversed(FRONT_DOCKS):  # the first wanted is raised last, so it ends in front
            dock = self.docks.get(key)
            if dock is not None and not dock.isHidden():
                dock.raise_()

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt name)
        """Tab and Shift+Tab in screen order, past docks hidden behind another tab."""
        return self.tab_order.step(forward) or super().focusNextPrevChild(forward)

    def setVisible(self, visible: bool) -> None:  # noqa: N802 (Qt name)
        if visible and self._pending_tabs is not None:
            self._size_before_show = self.size()  # the docks, stacked until tabbed, may stretch it
        super().setVisible(visible)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if obj is self and event.type() == QEvent.Type.Show and self._pending_tabs is not None:
            self._tab_docks()
            self.layout().activate()
            self.resize(self._size_before_show)
        return False

    def _brush_row(self) -> None:
        """The brush bar on a second row, after the layer switch: the tools above keep Clear in sight
        on a 1280-pixel screen instead of hiding it behind the overflow button."""
        brush = self.toolbars["brush"]
        self.insertToolBarBreak(brush)
        if "layers" in self.toolbars:
            self.insertToolBar(brush, self.toolbars["layers"])

    def _help_last(self) -> None:
        """Help is the last menu, whatever menus the features added after it."""
        bar, help_menu = self.menuBar(), self.menus["help"].menuAction()
        bar.removeAction(help_menu)
        bar.addAction(help_menu)

    def _start_dock_widths(self) -> None:
        """Give the docks the width they asked for, as far as the window allows."""
        for area in _AREAS.values():
            docks = [d for key, d in self.docks.items() if self.dockWidgetArea(d) == area and not d.isFloating()]
            if docks:
                widths = [min(self._dock_widths.get(d.objectName(), DOCK_MIN_WIDTH), self.width() // 4)
                          for d in docks]
                self.resizeDocks(docks, [max(w, DOCK_MIN_WIDTH) for w in widths], Qt.Orientation.Horizontal)

    def add_central(self, widget: QWidget) -> None:
        """Another view beside the 3D body in the central area (the 2D chart)."""
        self.centralWidget().layout().addWidget(widget, 1)

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        action.setToolTip(f"{tip or text} ({action.shortcut().toString()})" if shortcut else tip or text)
        action.triggered.connect(slot)
        return action

    def _actions(self) -> None:
        state = self.state
        self.view_actions = {v: self._action(label, lambda _=False, v=v: state.set_camera(v), key,
                                             f"View from the {label.lower()}")
                             for v, label, key in VIEW_KEYS}
        reset = self._action("Reset", lambda: state.set_camera("anterior"), "0", "Reset the camera")
        self.rotate_action = self._action("Rotate", lambda: self.set_mode("rotate"), "R",
                                          "Drag to turn the body (hold Ctrl to paint)")
        self.paint_action = self._action("Paint", lambda: self.set_mode("paint"), "P",
                                         "Drag to paint symptoms (hold Ctrl to turn the body)")
        modes = QActionGroup(self)
        for action in (self.rotate_action, self.paint_action):
            action.setCheckable(True)
            modes.addAction(action)
        (self.paint_action if state.tool == "paint" else self.rotate_action).setChecked(True)
        undo = self.undo_stack.createUndoAction(self, "Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setIconText("Undo")  # the menu says what; the toolbar button keeps its width
        redo = self.undo_stack.createRedoAction(self, "Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        redo.setIconText("Redo")
        clear = self._action("Clear", self.clear_drawing, None, "Clear the whole drawing (undoable)")
        open_body = self._action("Open body…", self._ask_open_body, OPEN_BODY_KEY,
                                 "Show the work on another body mesh")
        open_map = self._action("Open map file…", self._ask_open_map, None,
                                "Use a dermatome map file (radviz-map/1 YAML)")
        quit_ = self._action("Quit", self.close, QKeySequence.StandardKey.Quit)
        about = self._action("About radviz", self._about)

        tools = QToolBar("Tools")
        tools.setObjectName("tools")
        self.addToolBar(tools)
        brush = QToolBar("Brush")
        brush.setObjectName("brush")
        self.addToolBar(brush)
        brush.addWidget(self.brush)
        menus = self.menuBar()
        self.menus = {key: add_menu(menus, title) for key, title in
                      (("file", "&File"), ("edit", "&Edit"), ("view", "&View"), ("help", "&Help"))}
        self.toolbars = {"tools": tools, "brush": brush}
        for key, action in (("open_body", open_body), ("open_map", open_map)):
            self.add_action(key, action, "file")
        self.menus["file"].addSeparator()
        self.add_action("quit", quit_, "file")
        for key, action in (("undo", undo), ("redo", redo), ("clear", clear)):
            self.add_action(key, action, "edit")
        for view, action in self.view_actions.items():
            self.add_action(f"view_{view}", action, "view", toolbar="tools")
        self.add_action("reset_view", reset, "view", toolbar="tools")
        tools.addSeparator()
        self.menus["view"].addSeparator()
        self.add_action("rotate", self.rotate_action, "view", toolbar="tools")
        self.add_action("paint", self.paint_action, "view", toolbar="tools")
        tools.addSeparator()
        self.menus["view"].addSeparator()
        for key in ("undo", "redo", "clear"):
            tools.addAction(self.actions[key])
        self.add_action("about", about, "help")
        self.quit_action = quit_
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
        self.browser.all_toggled.connect(lambda on: self.state.show(ALL if on else SKIN))
        self.browser.cleared.connect(lambda: self.state.show(SKIN))
        self.findings_panel.finding_requested.connect(self.request_finding)
        events = self.state.events
        events.body.connect(self._body_changed)
        events.map.connect(self._map_changed)
        events.drawing.connect(self._drawing_replaced)
        for event in (events.shown, events.tone, events.layer, events.register):  # register: the legend's words
            event.connect(self._redraw_picture)
        events.layer.connect(self.refresh_results)
        events.register.connect(self.refresh_results)  # patient or clinician words
        events.camera.connect(self.view.set_view)
        events.tool.connect(self._tool_changed)
        events.mode.connect(self._mode_changed)
        self.findings.changed.connect(self.refresh_results)

    # ------------------------------------------------------------------ state -> views
    def _follow_drawing(self) -> None:
        """Keep running sums of the drawing on screen for the current engine (connected before the views)."""
        if self._live is not None:
            self._live.detach()
            self._live_drawing.changed.disconnect(self.refresh_results)
        self._live, self._live_drawing = self.engine.live(self.drawing), self.drawing
        self.drawing.changed.connect(self.refresh_results)

    def _drawing_replaced(self, drawing) -> None:
        if self.state.drawing is not self._undo_drawing:  # its steps change a drawing no longer shown
            self.undo_stack.clear()
            self._undo_drawing = self.state.drawing
        self._follow_drawing()
        self.view.set_drawing(drawing)
        self.refresh_results()

    def _body_changed(self, body: Body) -> None:
        """A reshape keeps the camera; another mesh starts from the front."""
        camera = self.view.plotter.camera_position
        same_mesh = self.view.body is not None and self.view.body.n_vertices == body.n_vertices
        self.picture = picture_for(self.state)
        self.view.set_body(body, self.picture.rgb)
        if same_mesh:
            self.view.plotter.camera_position = camera
        self._follow_drawing()
        self.view.set_drawing(self.drawing)
        self._redraw_picture()
        self.refresh_results()

    def _map_changed(self, name: str) -> None:
        self._offer_atlas()
        self._redraw_picture()
        self.refresh_results()
        self.map_changed.emit(name)

    def _offer_atlas(self) -> None:
        self.browser.set_atlas(self.engine.atlas, available_maps("dermatomes"), self.engine.myotomes,
                               self.summaries)

    def _redraw_picture(self, *_) -> None:
        """Show what ``state.shown`` names, in the state's skin tone, under the drawing.

        Patients see no key-point dots: their legend leaves the examiner's points out, and an
        unexplained black dot would hide the skin they painted.
        """
        self.picture = picture_for(self.state)
        if self.state.register == "patient":
            self.picture.markers = []
        if self.state.mode != "teach":  # Teach mode shows its own pictures until it leaves
            self.view.set_picture(self.picture.rgb, self.picture.markers, self.picture.labels)
        shown = self.state.shown
        if shown.kind == "root":
            self.browser.show_root(shown.name, shown.side)
        self.browser.set_all(shown.kind == "all")
        self.picture_changed.emit(self.picture)

    def _tool_changed(self, tool: str) -> None:
        self.view.set_mode(tool)
        (self.paint_action if tool == "paint" else self.rotate_action).setChecked(True)

    def _mode_changed(self, mode: str) -> None:
        self.hover_label.clear()
        if mode != "teach":
            self._redraw_picture()

    def refresh_results(self, *_) -> None:
        """Re-score from the drawing's running sums (a stroke costs what its brush covers)."""
        if self._live.loc is not self.engine.localizer:  # another map or body
            self._follow_drawing()
        result = self._live.result(self.findings)
        self.last_result = result
        self.results.show_result(result, not (self.drawing.is_empty() and self.findings.is_empty()),
                                 self.state.register)
        self.result_changed.emit(result)

    def show_root(self, root: str, side: str) -> None:
        """Highlight a root on the body and show what the browser knows about it."""
        self.state.show(Shown.root(root, side))

    def _roots_at(self, vertex: int) -> str:
        """The body part and the roots supplying it, with their shares (names only in patient words)."""
        entries = self.engine.atlas.at_vertex(vertex)
        mixed = len({side for _, side, _ in entries}) > 1
        share = self.state.register != "patient"
        roots = ", ".join(f"{name}{' ' + side if mixed else ''}{f' {w:.2f}' if share else ''}"
                          for name, side, w in entries)
        return f"{self.body.describe(vertex)} — {roots or 'no root mapped here'}"

    def _on_hover(self, vertex: int) -> None:
        """Name the spot and what supplies it (never in Teach mode: it would give answers away)."""
        if vertex < 0 or self.state.mode == "teach":
            self.hover_label.clear()
            return
        texts = (describe(vertex) for describe in self._hover_texts)
        self.hover_label.setText(" | ".join(t for t in texts if t))

    # ------------------------------------------------------------------ user intent -> commands
    def set_mode(self, mode: str) -> None:
        """The mouse tool: 'rotate' or 'paint'."""
        self.state.set_tool(mode)

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

    def request_finding(self, kind: str, side, name: str, value) -> None:
        """Set an examination finding as one undo step."""
        self.undo_stack.push(SetFinding(self.findings, kind, side, name, value))

    def set_map(self, name: str) -> bool:
        """Switch dermatome map: scores, highlight and browser follow; the drawing stays.

        A map file that does not load is reported (file, place, reason) and the last good map stays.
        """
        try:
            self.state.set_map(name)
        except InputError as exc:
            self._report_error("Cannot use this map", exc)
            self._offer_atlas()
            return False
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
        """Show the work on a body from a mesh file; the drawing moves onto it (as sessions move it).

        On a bad file, say which file and what is wrong, and keep the current body.
        """
        path = Path(path)
        try:
            body = load_body(path)
            self.state.set_body(body, f"file:{path.name}", path.resolve())
        except InputError as exc:
            self._report_error("Cannot open this body", exc)
            return False
        self.statusBar().showMessage(f"Opened {path.name} ({body.n_vertices:,} vertices)", 5000)
        return True

    def _about(self) -> None:
        QMessageBox.about(self, "About radviz",
                          f"<b>radviz {__version__}</b><p>Where spinal nerve roots supply the skin and "
                          f"muscles, and which roots could explain painted symptoms.</p><p>{DISCLAIMER}</p>")

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """Disconnect from the model and finalise VTK before the window goes."""
        if self._closed:
            return super().closeEvent(event)
        super().closeEvent(event)
        if not event.isAccepted():  # a feature kept the window open (unsaved work, Cancel)
            return
        self._closed = True
        self._live_drawing.changed.disconnect(self.refresh_results)
        self._live.detach()
        self.findings.changed.disconnect(self.refresh_results)
        self.findings_panel.close()
        self.view.close()
        self.view_closed.emit()
