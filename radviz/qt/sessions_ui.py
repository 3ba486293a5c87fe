"""Sessions in the window: save and open, autosave and crash recovery, recent files, exports, modes.

Nobody may lose twenty minutes of painting to a crash, so every change (an undo-stack step, a
finding, a map switch) is written at once, atomically, to a recovery file; the file exists exactly
while there is unsaved work, and the next start offers it back.  Sessions themselves are the
versioned JSON of :mod:`radviz.session` (``docs/session-format.md``).

Dialogs only appear in the radviz app itself (``run_app`` names the application "radviz"/"radviz");
a window embedded elsewhere, e.g. in the tests, never blocks on a question.  Environment overrides:

``RADVIZ_RECOVERY``  path of the recovery file (default ``cache_dir()/recovery.json``)
``RADVIZ_RECOVER``   ``yes`` / ``no`` answers the "restore unsaved work?" question without a dialog
``RADVIZ_ASK``       ``no``: closing or opening with unsaved changes discards them without asking
"""
from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QMessageBox, QSpinBox)

from radviz.atlas import available_maps
from radviz.files import write_atomic
from radviz.errors import InputError
from radviz.qt.modes import MODES, ModeController
from radviz.qt.qtutil import add_menu
from radviz.render import VIEWS
from radviz.session import SessionState, load_session, save_session, session_to_dict

__all__ = ["install", "SessionController", "SizeDialog", "recovery_path", "render_view", "RECENT_MAX"]

RECENT_MAX = 8
SESSION_FILTER = "radviz sessions (*.radviz.json *.json)"
SESSION_SUFFIX = ".radviz.json"
_KEYS = {"recent": "recent/files", "geometry": "window/geometry", "state": "window/state",
         "map": "prefs/map", "mode": "prefs/mode", "radius": "prefs/brush_radius_cm", "tone": "prefs/skin_tone"}


def recovery_path() -> Path:
    """Where unsaved work is kept between a change and a save (``RADVIZ_RECOVERY`` overrides)."""
    override = os.environ.get("RADVIZ_RECOVERY")
    if override:
        return Path(override)
    from radviz.paths import cache_dir

    return cache_dir() / "recovery.json"


def _shape(window) -> str:
    """The body's shape as a session names it: the Body dock's spec, else the body's own key."""
    return getattr(window, "body_shape", None) or window.body.shape_key


def _in_app() -> bool:
    """True inside the radviz app (``run_app``); False when embedded (tests, scripts): never block there."""
    return (QCoreApplication.organizationName(), QCoreApplication.applicationName()) == ("radviz", "radviz")


def render_view(window, width: int, height: int):
    """The body as the 3D view shows it (camera, colours), rendered off-screen at ``width`` x ``height``.

    Rendering apart from the on-screen widget lets the user pick any size without resizing the
    window.  Returns an (height, width, 3) uint8 array on a white background (prints well).
    """
    import pyvista as pv

    from radviz.render import to_polydata

    source = window.view.plotter
    plotter = pv.Plotter(off_screen=True, window_size=[int(width), int(height)], border=False)
    try:
        plotter.set_background("white")
        plotter.add_mesh(to_polydata(window.body, window.view.colours() / 255.0), scalars="rgb", rgb=True,
                         smooth_shading=True, ambient=0.22, diffuse=0.8, specular=0.18, specular_power=18,
                         show_scalar_bar=False)
        plotter.enable_anti_aliasing("fxaa")
        plotter.camera_position = source.camera_position
        plotter.camera.view_angle = source.camera.view_angle
        plotter.camera.parallel_projection = source.camera.parallel_projection
        plotter.camera.parallel_scale = source.camera.parallel_scale
        return plotter.screenshot(return_img=True)[:, :, :3]
    finally:
        plotter.close()


class SizeDialog(QDialog):
    """Ask for an image's width and height in pixels (defaults: the 3D view's size)."""

    def __init__(self, parent, width: int, height: int):
        super().__init__(parent)
        self.setWindowTitle("Export image")
        form = QFormLayout(self)
        self.width_box, self.height_box = QSpinBox(), QSpinBox()
        for box, value in ((self.width_box, width), (self.height_box, height)):
            box.setRange(64, 8000)
            box.setSuffix(" px")
            box.setValue(value)
            box.setMinimumWidth(120)
        form.addRow("Width", self.width_box)
        form.addRow("Height", self.height_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def size(self) -> tuple[int, int]:
        return self.width_box.value(), self.height_box.value()


class SessionController(QObject):
    """Owns the current session file, the modified flag, autosave, recovery, recent files and exports.

    Parameters
    ----------
    window : MainWindow
        Its File and View menus gain the session, export and mode items.

    Attributes
    ----------
    path : Path or None
        The session file being edited (None: untitled).
    ask : bool
        Ask Save/Discard/Cancel before losing unsaved work.  True only inside the radviz app and
        unless ``RADVIZ_ASK=no``; tests set it to exercise the question.
    warnings : list of str
        What the last opened session needed adapting (another map version, body, ...).
    """

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.path: Path | None = None
        self.ask = _in_app() and os.environ.get("RADVIZ_ASK", "").lower() != "no"
        self.warnings: list[str] = []
        self.recovery = recovery_path()
        self.settings = QSettings() if QCoreApplication.organizationName() else None  # none: embedded
        self._recent: list[str] = []
        self._dirty = False  # unsaved work the undo stack does not know about (restored, opened-over)
        self._busy = False  # loading: intermediate model signals are not changes to save
        self._closed = False
        self._shown = False
        self._camera = "anterior"
        self._clean_map = window.engine.atlas.map.name
        self.modes = ModeController(window)
        self._actions()
        self._restore_preferences()
        self._clean_map = window.engine.atlas.map.name  # a remembered map is where a new session starts
        stack = window.undo_stack
        stack.indexChanged.connect(self.autosave)
        stack.cleanChanged.connect(self._update_title)
        window.findings.changed.connect(self.autosave)
        window.map_changed.connect(self._map_changed)
        self.modes.mode_changed.connect(lambda m: self._remember(_KEYS["mode"], m))
        for view, action in window.view_actions.items():
            action.triggered.connect(lambda _=False, v=view: setattr(self, "_camera", v))
        window.installEventFilter(self)
        self._update_title()

    # ------------------------------------------------------------------ menus
    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{tip or text} ({action.shortcut().toString()})" if shortcut else tip or text)
        action.triggered.connect(lambda _=False: slot())
        return action

    def _actions(self) -> None:
        w = self.window
        self.actions = {
            "new": self._action("New session", self.new_session, "Ctrl+N", "Start an empty drawing"),
            "open": self._action("Open session…", self.ask_open, "Ctrl+Shift+O",
                                 "Open a saved drawing with its findings"),
            "save": self._action("Save session", self.save, QKeySequence.StandardKey.Save),
            "save_as": self._action("Save session as…", self.save_as, "Ctrl+Shift+S"),
            "png": self._action("Export image…", self.ask_export_png, "Ctrl+E",
                                "Save the current view as a PNG of a chosen size"),
            "report": self._action("Export report…", self.ask_export_report, "Ctrl+P",
                                   "A PDF with charts, findings, ranked roots and sources"),
        }
        menu = w.menus["file"]
        first = menu.actions()[0]
        quit_ = w.quit_action
        self.recent_menu = add_menu(menu, "Open recent")  # moved to its place below
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        for before, items in ((first, [self.actions["new"], self.actions["open"], self.recent_menu.menuAction(),
                                       None, self.actions["save"], self.actions["save_as"], None]),
                              (quit_, [self.actions["png"], self.actions["report"], None])):
            for item in items:
                if item is None:
                    menu.insertSeparator(before)
                else:
                    menu.insertAction(before, item)

    # ------------------------------------------------------------------ state
    def is_modified(self) -> bool:
        """Unsaved work: undo steps since the last save, a switched map, or restored work."""
        w = self.window
        return self._dirty or not w.undo_stack.isClean() or w.engine.atlas.map.name != self._clean_map

    def state(self) -> SessionState:
        """The window's work as a :class:`SessionState` (drawing, findings, map, body shape, view)."""
        w = self.window
        view = {"mode": "3d", "camera": self._camera, "patient_mode": self.modes.mode == "patient"}
        if w._picture[0] == "root":
            view.update(highlight=w._picture[1], side=w._picture[2])
        tmap = w.engine.atlas.map
        return SessionState(drawing=w.drawing.to_dict(), findings=w.findings, map_name=tmap.name,
                            map_digest=tmap.digest, shape=_shape(w), view=view)

    def _mark_clean(self, path: Path | None) -> None:
        self.path = path
        self._dirty = False
        self.window.undo_stack.setClean()
        self._clean_map = self.window.engine.atlas.map.name
        self.autosave()

    def _update_title(self, *_) -> None:
        """'name* — radviz': the session's name, and a star while there is unsaved work."""
        if self._closed:
            return
        name = self.path.name.removesuffix(SESSION_SUFFIX).removesuffix(".json") if self.path else "Untitled"
        self.window.setWindowTitle(f"{name}[*] — radviz")  # Qt shows '[*]' as '*' while modified
        self.window.setWindowModified(self.is_modified())

    def shown_title(self) -> str:
        """The title as the window manager shows it ('case* — radviz'), for tests and logs."""
        return self.window.windowTitle().replace("[*]", "*" if self.window.isWindowModified() else "")

    def _map_changed(self, name: str) -> None:
        self._remember(_KEYS["map"], name)
        self.autosave()

    # ------------------------------------------------------------------ autosave and recovery
    def autosave(self, *_) -> None:
        """Write unsaved work to the recovery file now (atomically); remove the file when all is saved."""
        if self._busy or self._closed:
            return
        self._update_title()
        if not self.is_modified():
            self.recovery.unlink(missing_ok=True)
            return
        data = session_to_dict(self.state(), self.window.body)
        data["recovery"] = {"session": str(self.path) if self.path else None,
                            "written": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        write_atomic(self.recovery, json.dumps(data, indent=1, allow_nan=False))

    def recover(self, path: str | Path | None = None) -> bool:
        """Restore the work kept in a recovery file; it stays unsaved (the title shows a star).

        Returns False (after saying why) when the file cannot be read; the file is then kept
        under ``.bad`` so it is neither lost nor offered again.
        """
        path = Path(path) if path else self.recovery
        state = self._load(path)
        if state is None:
            if path == self.recovery and path.exists():
                path.replace(path.with_name(path.name + ".bad"))
            return False
        original = None
        try:
            original = json.loads(path.read_text(encoding="utf-8")).get("recovery", {}).get("session")
        except (OSError, ValueError, AttributeError):
            original = None
        self._apply(state)
        self.path = Path(original) if isinstance(original, str) and original else None
        self._dirty = True
        self.autosave()
        self.window.statusBar().showMessage("Restored the unsaved work from the last session", 8000)
        return True

    def offer_recovery(self) -> None:
        """At start: offer the recovery file back (``RADVIZ_RECOVER`` answers without a dialog)."""
        if not self.recovery.exists():
            return
        answer = os.environ.get("RADVIZ_RECOVER", "").lower()
        if answer not in ("yes", "no"):
            if not self.ask:
                return  # embedded: leave the file for the app to offer
            button = QMessageBox.question(
                self.window, "Restore unsaved work?",
                "radviz did not close normally last time.\n\nRestore the drawing and findings that "
                "were not saved?", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes)
            answer = "yes" if button == QMessageBox.StandardButton.Yes else "no"
        if answer == "yes":
            self.recover(self.recovery)
        else:
            self.recovery.unlink(missing_ok=True)

    # ------------------------------------------------------------------ open and save
    def _load(self, path: Path) -> SessionState | None:
        """Read and validate a session; on a bad file say which, where and why, and return None."""
        try:
            return load_session(path, self.window.body)
        except InputError as exc:
            where = f"{exc.place}: " if exc.place else ""
            QMessageBox.critical(self.window, "Cannot open this session",
                                 f"{Path(exc.source).name}\n\n{where}{exc.reason}\n\n({exc.source})")
            return None

    def _apply(self, state: SessionState) -> None:
        """Put a validated session into the window; note in ``warnings`` what had to be adapted."""
        w = self.window
        warnings = list(state.warnings)
        self._busy = True
        try:
            panel = getattr(w, "body_panel", None)  # the Body dock, when installed, can reshape
            if state.shape != _shape(w) and not (panel is not None and panel.set_shape(state.shape)):
                warnings.append(f"This session was drawn on the '{state.shape}' body; it is shown on the "
                                f"current body ('{_shape(w)}'), vertex for vertex when the shapes "
                                "share a mesh, else by position.")
            if state.map_name != w.engine.atlas.map.name:
                if state.map_name in available_maps("dermatomes") and w.set_map(state.map_name) is not False:
                    pass  # switched (set_map reports a map that fails to load itself)
                else:
                    warnings.append(f"The session used the map '{state.map_name}', which this radviz cannot "
                                    f"use; it is shown with '{w.engine.atlas.map.name}'.")
            digest = w.engine.atlas.map.digest
            if state.map_name == w.engine.atlas.map.name and state.map_digest and state.map_digest != digest:
                warnings.append(f"The map '{state.map_name}' has changed since this session was saved; "
                                "the drawing is the same but the scores may differ.")
            w.undo_stack.clear()  # old steps point at the drawing being replaced
            w.drawing.load_dict(state.drawing)
            f = w.findings
            f.motor = {s: dict(m) for s, m in state.findings.motor.items()}
            f.reflexes = {s: dict(r) for s, r in state.findings.reflexes.items()}
            f.signs = set(state.findings.signs)
            f.changed.emit()
            self._apply_view(state.view)
        finally:
            self._busy = False
        self.warnings = warnings
        if warnings:
            self._say("Opened with changes", "\n\n".join(warnings))

    def _apply_view(self, view: dict) -> None:
        w = self.window
        camera = view.get("camera")
        if camera in VIEWS:
            w.view.set_view(camera)
            self._camera = camera
        root, side = view.get("highlight"), view.get("side")
        if root in w.engine.atlas.territories and side in ("left", "right"):
            w.show_root(root, side)
        else:
            w._set_picture(("skin",))

    def _say(self, title: str, text: str) -> None:
        """Tell without blocking: a window-modal box the user closes (never stalls a test or autosave)."""
        box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.window.statusBar().showMessage(text.split("\n")[0], 10000)

    def open_session(self, path: str | Path) -> bool:
        """Open a session file; a bad file shows file, place and reason and changes nothing."""
        path = Path(path)
        state = self._load(path)
        if state is None:
            return False
        self._apply(state)
        self._mark_clean(path)
        self._add_recent(path)
        self.window.statusBar().showMessage(f"Opened {path.name}", 5000)
        return True

    def save_session(self, path: str | Path) -> bool:
        """Save the work to ``path`` (atomic); it becomes the current session."""
        path = Path(path)
        try:
            save_session(path, self.state(), self.window.body)
        except OSError as exc:
            QMessageBox.critical(self.window, "Cannot save the session",
                                 f"{path.name}\n\n{exc.strerror or exc}\n\n({path})")
            return False
        self._mark_clean(path)
        self._add_recent(path)
        self.window.statusBar().showMessage(f"Saved {path.name}", 5000)
        return True

    def save(self) -> bool:
        return self.save_session(self.path) if self.path else self.save_as()

    def save_as(self) -> bool:
        start = str(self.path or Path.home() / f"untitled{SESSION_SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self.window, "Save session", start, SESSION_FILTER)
        if not path:
            return False
        if not path.endswith(".json"):
            path += SESSION_SUFFIX
        return self.save_session(path)

    def ask_open(self) -> None:
        if not self.maybe_save():
            return
        start = str(self.path.parent if self.path else Path.home())
        path, _ = QFileDialog.getOpenFileName(self.window, "Open session", start, SESSION_FILTER)
        if path:
            self.open_session(path)

    def new_session(self) -> None:
        """An empty, untitled session on the same body and map."""
        if not self.maybe_save():
            return
        self._busy = True
        try:
            self._apply(SessionState(map_name=self.window.engine.atlas.map.name, shape=_shape(self.window)))
        finally:
            self._busy = False
        self._mark_clean(None)

    def maybe_save(self) -> bool:
        """Before unsaved work would be lost: Save / Discard / Cancel.  False means stop."""
        if not self.is_modified() or not self.ask:
            return True
        button = QMessageBox.question(
            self.window, "Save changes?", "The drawing has changes that are not saved.",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if button == QMessageBox.StandardButton.Save:
            return self.save()
        return button == QMessageBox.StandardButton.Discard

    # ------------------------------------------------------------------ recent files
    def recent_files(self) -> list[str]:
        """Up to :data:`RECENT_MAX` sessions, newest first; files that are gone are dropped."""
        if self.settings is not None:
            self._recent = [str(p) for p in (self.settings.value(_KEYS["recent"], []) or [])]
        self._recent = [p for p in self._recent if Path(p).is_file()][:RECENT_MAX]
        self._remember(_KEYS["recent"], self._recent)
        return list(self._recent)

    def _add_recent(self, path: Path) -> None:
        path = str(Path(path).resolve())
        self._recent = [path] + [p for p in self.recent_files() if p != path]
        self._recent = self._recent[:RECENT_MAX]
        self._remember(_KEYS["recent"], self._recent)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for k, path in enumerate(self.recent_files()):
            action = QAction(f"&{k + 1} {Path(path).name}", self.recent_menu)
            self.recent_menu.addAction(action)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.maybe_save() and self.open_session(p))
        if not self._recent:
            empty = QAction("No recent sessions", self.recent_menu)
            empty.setEnabled(False)
            self.recent_menu.addAction(empty)

    # ------------------------------------------------------------------ exports
    def export_png(self, path: str | Path, width: int, height: int) -> Path:
        """Write the current view as a ``width`` x ``height`` PNG."""
        from radviz.render import save_png

        return save_png(render_view(self.window, width, height), path)

    def export_report(self, path: str | Path) -> Path:
        """Write the PDF report (charts, findings, ranked roots, explanation, sources, disclaimer)."""
        from radviz.qt.report_pdf import write_pdf
        from radviz.report import build_report

        w = self.window
        return write_pdf(build_report(w.engine, w.drawing, w.findings, shape=_shape(w)), path)

    def _export(self, title: str, suffix: str, write) -> None:
        stem = self.path.name.removesuffix(SESSION_SUFFIX).removesuffix(".json") if self.path else "radviz"
        start = str((self.path.parent if self.path else Path.home()) / f"{stem}{suffix}")
        path, _ = QFileDialog.getSaveFileName(self.window, title, start, f"*{suffix}")
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            write(path)
        except OSError as exc:
            QMessageBox.critical(self.window, title, f"Cannot write {Path(path).name}\n\n{exc}")
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.window.statusBar().showMessage(f"Wrote {path}", 8000)

    def ask_export_png(self) -> None:
        view = self.window.view
        dialog = SizeDialog(self.window, max(view.width(), 64), max(view.height(), 64))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._export("Export image", ".png", lambda p: self.export_png(p, *dialog.size()))

    def ask_export_report(self) -> None:
        self._export("Export report", ".pdf", self.export_report)

    # ------------------------------------------------------------------ settings
    def _remember(self, key: str, value) -> None:
        if self.settings is not None:
            self.settings.setValue(key, value)

    def _restore_preferences(self) -> None:
        """Last map, brush radius and mode; geometry and docks wait for the first show."""
        s, w = self.settings, self.window
        if s is None:
            return
        name = s.value(_KEYS["map"], "")
        if name and name != w.engine.atlas.map.name and name in available_maps("dermatomes"):
            w.set_map(name)
        radius = s.value(_KEYS["radius"], None)
        if radius is not None:
            try:
                w.brush.radius_box.setValue(float(radius))
            except (TypeError, ValueError):
                pass  # a hand-edited settings file: keep the default radius
        mode = s.value(_KEYS["mode"], "clinician")
        if mode in MODES:
            self.modes.set_mode(mode)

    def _restore_layout(self) -> None:
        """Window geometry and dock layout, once every extension has added its docks."""
        if self.settings is not None:
            geometry, layout = self.settings.value(_KEYS["geometry"]), self.settings.value(_KEYS["state"])
            if geometry is not None:
                self.window.restoreGeometry(geometry)
            if layout is not None:
                self.window.restoreState(layout)
        self.modes.sync()  # the saved layout must not undo what the mode hides or shows
        panel = getattr(self.window, "body_panel", None)  # the Body dock installs after this module
        tone = self.settings.value(_KEYS["tone"]) if self.settings is not None else None
        if tone and panel is not None and tone in getattr(panel, "tone_buttons", {}):
            panel.set_tone(tone)

    def _save_settings(self) -> None:
        w = self.window
        self._remember(_KEYS["geometry"], w.saveGeometry())
        self._remember(_KEYS["state"], w.saveState())
        self._remember(_KEYS["radius"], w.brush.radius_box.value())
        self._remember(_KEYS["map"], w.engine.atlas.map.name)
        self._remember(_KEYS["mode"], self.modes.mode)
        if getattr(w, "skin_tone", None):
            self._remember(_KEYS["tone"], w.skin_tone)
        if self.settings is not None:
            self.settings.sync()

    # ------------------------------------------------------------------ window events
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        """First show: restore the layout.  Close: ask about unsaved work, remember settings, tidy up."""
        if obj is self.window and event.type() == QEvent.Type.Show and not self._shown:
            self._shown = True
            self._restore_layout()
        elif obj is self.window and event.type() == QEvent.Type.Close and not self._closed:
            if not self.maybe_save():
                event.ignore()
                return True
            self._save_settings()
            self._closed = True
            stack = self.window.undo_stack  # it goes with the window; its last signals are not changes
            stack.indexChanged.disconnect(self.autosave)
            stack.cleanChanged.disconnect(self._update_title)
            self.window.findings.changed.disconnect(self.autosave)
            self.recovery.unlink(missing_ok=True)  # saved or discarded: nothing left to recover
        return False


def install(window) -> SessionController:
    """Add sessions, recovery, recent files, exports and modes to ``window``.

    The window gains ``window.sessions`` (the controller), ``window.modes`` and
    ``window.recover(path)``; a recovery file left by a crash is offered back once the event loop runs
    (at once when ``RADVIZ_RECOVER`` answers).
    """
    controller = SessionController(window)
    window.sessions, window.modes, window.recover = controller, controller.modes, controller.recover
    if os.environ.get("RADVIZ_RECOVER", "").lower() in ("yes", "no"):
        controller.offer_recovery()
    elif controller.ask and controller.recovery.exists():
        QTimer.singleShot(0, controller.offer_recovery)
    return controller
