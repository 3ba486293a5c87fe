"""The session file in the window: save and open, new, the title and the modified flag.

"Modified" is derived from the state's events (:mod:`radviz.state`): a document change that the
undo stack does not track (body shape, opened mesh, map, skin tone, register) sets it at once; a
stroke or a finding is modified while the undo stack is not at its clean index.  So every change a
user can make is seen, saved, autosaved (:mod:`radviz.qt.recovery_ui`) and asked about on close.
Sessions are the versioned JSON of :mod:`radviz.session` (``docs/session-format.md``).
"""
from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from radviz.atlas import available_maps
from radviz.body import default_body, load_body
from radviz.colors import SKIN_TONES
from radviz.errors import InputError
from radviz.files import read_bounded
from radviz.render import VIEWS
from radviz.session import (MAX_SESSION_BYTES, SessionState, load_session, save_session, session_from_dict,
                            session_to_dict)
from radviz.shape import body_with_shape
from radviz.state import ALL, LAYERS, SKIN, UNDOABLE, Shown

__all__ = ["SessionController", "SESSION_FILTER", "SESSION_SUFFIX"]

SESSION_FILTER = "radviz sessions (*.radviz.json *.json)"
SESSION_SUFFIX = ".radviz.json"


def session_stem(path: Path | None, default: str = "Untitled") -> str:
    return path.name.removesuffix(SESSION_SUFFIX).removesuffix(".json") if path else default


class SessionController(QObject):
    """Owns the current session file and the modified flag.

    Parameters
    ----------
    window : MainWindow
        Whose ``state`` and undo stack it follows.

    Signals
    -------
    changed()
        The work or its saved state changed (autosave writes or removes the recovery file).
    saved(Path), opened(Path)
        After a save or an open (the preferences add it to the recent files).

    Attributes
    ----------
    path : Path or None
        The session file being edited (None: untitled).
    ask : bool
        Ask Save/Discard/Cancel before losing unsaved work (set by :mod:`radviz.qt.sessions_ui`).
    warnings : list of str
        What the last opened session needed adapting (another map version, body, ...).
    """

    changed = Signal()
    saved = Signal(object)
    opened = Signal(object)

    def __init__(self, window):
        super().__init__(window)
        self.window, self.state = window, window.state
        self.path: Path | None = None
        self.ask = False
        self.warnings: list[str] = []
        self.busy = False  # loading or restoring preferences: intermediate events are not user changes
        self.closed = False
        self._dirty = False  # unsaved changes the undo stack does not know about
        stack = window.undo_stack
        stack.indexChanged.connect(self._on_change)
        stack.cleanChanged.connect(self._update_title)
        self.state.events.document.connect(self._document_changed)
        self.state.events.view.connect(self._on_change)
        self._update_title()

    # ------------------------------------------------------------------ modified
    def _document_changed(self, field: str) -> None:
        if self.busy or self.closed:
            return
        if field not in UNDOABLE:
            self._dirty = True
        self._on_change()

    def _on_change(self, *_) -> None:
        if self.busy or self.closed:
            return
        self._update_title()
        self.changed.emit()

    def is_modified(self) -> bool:
        """Unsaved work: undo steps since the last save, or a change the undo stack does not track."""
        return self._dirty or not self.window.undo_stack.isClean()

    def mark_modified(self) -> None:
        """Restored or adopted work that no file holds yet."""
        self._dirty = True
        self._on_change()

    def _mark_clean(self, path: Path | None) -> None:
        self.path = path
        self._dirty = False
        self.window.undo_stack.setClean()
        self._on_change()

    def _update_title(self, *_) -> None:
        """'name* — radviz': the session's name, and a star while there is unsaved work."""
        if self.closed:
            return
        self.window.setWindowTitle(f"{session_stem(self.path)}[*] — radviz")  # Qt shows '[*]' as '*'
        self.window.setWindowModified(self.is_modified())

    def shown_title(self) -> str:
        """The title as the window manager shows it ('case* — radviz'), for tests and logs."""
        return self.window.windowTitle().replace("[*]", "*" if self.window.isWindowModified() else "")

    # ------------------------------------------------------------------ state <-> session
    def session_state(self) -> SessionState:
        """The window's work as a :class:`SessionState` (drawing, findings, map, body, view)."""
        s = self.state
        view = {"mode": "3d", "camera": s.camera, "patient_mode": s.register == "patient",
                "shown": s.shown.kind, "layer": s.layer, "tone": s.tone}
        if s.selected:
            view.update(highlight=s.shown.name, side=s.shown.side)
        tmap = s.engine.atlas.map
        return SessionState(drawing=s.drawing.to_dict(), findings=s.findings, map_name=tmap.name,
                            map_digest=tmap.digest, shape=s.shape, mesh=s.mesh.name if s.mesh else None,
                            view=view, exam=s.exam.to_dict(), visits=s.stored_visits(),
                            patient=s.patient, notes=s.notes)

    def session_dict(self) -> dict:
        """The work as session JSON, with where an opened mesh lives (for recovery)."""
        data = session_to_dict(self.session_state(), self.state.body)
        if self.state.mesh is not None:
            data["recovery"] = {"mesh_path": str(self.state.mesh)}
        return data

    def _load(self, path: Path, quiet: bool = False) -> SessionState | None:
        """Read and validate a session; on a bad file say which, where and why, and return None."""
        try:
            return load_session(path, self.state.body)
        except InputError as exc:
            where = f"{exc.place}: " if exc.place else ""
            text = f"{Path(exc.source).name}\n\n{where}{exc.reason}\n\n({exc.source})"
            if quiet:
                self.say("Cannot restore this work", text)
            else:
                QMessageBox.critical(self.window, "Cannot open this session", text)
            return None

    def _body_for(self, session: SessionState, folder: Path | None, mesh_path: str | None, warnings) -> None:
        """Put the session's body in the state: its shape, or its mesh (beside the session)."""
        s = self.state
        if session.shape == s.shape and session.mesh == (s.mesh.name if s.mesh else None):
            return
        try:
            if session.mesh or session.shape.startswith("file:"):
                candidates = [Path(mesh_path)] if mesh_path else []
                if session.mesh and folder is not None:
                    candidates.append(folder / session.mesh)
                found = next((p for p in candidates if p.is_file()), None)
                if found is None:
                    raise InputError(session.mesh or session.shape, "body.mesh", "not found beside the session")
                s.set_body(load_body(found), session.shape, found.resolve())
            else:
                s.set_body(body_with_shape(default_body(), session.shape), session.shape)
        except InputError:
            warnings.append(f"This session was drawn on the '{session.shape}' body; it is shown on the "
                            f"current body ('{s.shape}'), vertex for vertex when the shapes share a mesh, "
                            "else by position.")

    def apply(self, session: SessionState, raw: dict | None = None, folder: Path | None = None,
              mesh_path: str | None = None) -> None:
        """Put a validated session into the state; note in ``warnings`` what had to be adapted."""
        s = self.state
        warnings: list[str] = []
        self.busy = True
        try:
            n_before = s.body.n_vertices
            self._body_for(session, folder, mesh_path, warnings)
            if raw is not None and s.body.n_vertices != n_before:  # read the drawing again, for this body
                session = session_from_dict(raw, s.body)
            warnings += session.warnings
            if session.map_name != s.map_name:
                if not (session.map_name in available_maps("dermatomes") and self.window.set_map(session.map_name)):
                    warnings.append(f"The session used the map '{session.map_name}', which this radviz cannot "
                                    f"use; it is shown with '{s.map_name}'.")
            digest = s.engine.atlas.map.digest
            if session.map_name == s.map_name and session.map_digest and session.map_digest != digest:
                warnings.append(f"The map '{session.map_name}' has changed since this session was saved; "
                                "the drawing is the same but the scores may differ.")
            self.window.undo_stack.clear()  # old steps point at the drawing being replaced
            s.load(session.drawing, session.findings, session.exam)
            s.set_report_fields(session.patient, session.notes)
            s.load_visits(session.all_visits())  # the open visit is the drawing above
            self._apply_view(session.view)
        finally:
            self.busy = False
        self.warnings = warnings
        if warnings:
            self.say("Opened with changes", "\n\n".join(warnings))

    def _apply_view(self, view: dict) -> None:
        s = self.state
        if view.get("camera") in VIEWS:
            s.set_camera(view["camera"])
        if view.get("tone") in SKIN_TONES:
            s.set_tone(view["tone"])
        if view.get("layer") in LAYERS:
            s.set_layer(view["layer"])
        if isinstance(view.get("patient_mode"), bool):
            s.set_register("patient" if view["patient_mode"] else "clinician")
        root, side, kind = view.get("highlight"), view.get("side"), view.get("shown", "root")
        try:
            if root and side in ("left", "right", "both"):
                s.show(Shown.nerve(root, side) if kind == "nerve" else Shown.root(root, side))
            else:
                s.show({"all": ALL, "exam": Shown("exam")}.get(kind, SKIN))
        except ValueError:  # a root this map does not have: bare skin
            s.show(SKIN)

    def say(self, title: str, text: str) -> None:
        """Tell without blocking: a window-modal box the user closes (never stalls a test or autosave)."""
        box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.window.statusBar().showMessage(text.split("\n")[0], 10000)

    # ------------------------------------------------------------------ open and save
    def open_session(self, path: str | Path) -> bool:
        """Open a session file; a bad file shows file, place and reason and changes nothing."""
        path = Path(path)
        session = self._load(path)
        if session is None:
            return False
        self.apply(session, self._raw(path), path.parent)
        self._mark_clean(path)
        self.opened.emit(path)
        self.window.statusBar().showMessage(f"Opened {path.name}", 5000)
        return True

    @staticmethod
    def _raw(path: Path) -> dict | None:
        """The session's JSON once more (bounded), to read its drawing for another body."""
        try:
            return json.loads(read_bounded(path, MAX_SESSION_BYTES, "session").decode("utf-8"))
        except (InputError, ValueError):
            return None

    def restore(self, data: dict) -> None:
        """Put recovered work in the window as an *untitled*, modified session.

        The recovery file's own idea of where it was saved is ignored: Save asks where to write,
        so a crafted recovery file cannot point Save at any path.
        """
        session = session_from_dict(data, self.state.body, "recovery file")
        block = data.get("recovery") if isinstance(data.get("recovery"), dict) else {}
        mesh = block.get("mesh_path") if isinstance(block.get("mesh_path"), str) else None
        self.apply(session, data, None, mesh)
        self.path = None
        self.mark_modified()

    def save_session(self, path: str | Path) -> bool:
        """Save the work to ``path`` (atomic); it becomes the current session."""
        path = Path(path)
        try:
            save_session(path, self.session_state(), self.state.body)
        except OSError as exc:
            QMessageBox.critical(self.window, "Cannot save the session",
                                 f"{path.name}\n\n{exc.strerror or exc}\n\n({path})")
            return False
        self._mark_clean(path)
        self.saved.emit(path)
        mesh = self.state.mesh
        if mesh is not None and not (path.parent / mesh.name).is_file():
            self.say("Keep the mesh with the session", f"{mesh.name} is not in the session's folder; a "
                     f"session finds its mesh only there, so copy it beside {path.name}.")
        else:
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
        s = self.state
        self.apply(SessionState(map_name=s.map_name, shape=s.shape, mesh=s.mesh.name if s.mesh else None,
                                view={"camera": s.camera, "tone": s.tone, "layer": s.layer,
                                      "patient_mode": s.register == "patient"}),
                   mesh_path=str(s.mesh) if s.mesh else None)
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

    def close(self) -> None:
        """The window goes: its last signals are not changes."""
        self.closed = True
        stack = self.window.undo_stack
        stack.indexChanged.disconnect(self._on_change)
        stack.cleanChanged.disconnect(self._update_title)
        self.state.events.document.disconnect(self._document_changed)
        self.state.events.view.disconnect(self._on_change)
