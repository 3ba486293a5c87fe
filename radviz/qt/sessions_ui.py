"""Sessions in the window: wires the session file, autosave and recovery, exports, preferences and modes.

Each job lives in its own module: :mod:`radviz.qt.session_file` (the file and the modified flag),
:mod:`radviz.qt.recovery_ui` (autosave, crash recovery), :mod:`radviz.qt.exports` (PNG, PDF),
:mod:`radviz.qt.preferences` (what this computer remembers) and :mod:`radviz.qt.modes` (patient or
clinician words).  This module only puts their actions in the File menu and runs them at the
right moments (first show, close).

Dialogs only appear in the radviz app itself (``run_app`` names the application "radviz"/"radviz");
a window embedded elsewhere, e.g. in the tests, never blocks on a question.  Environment overrides:

``RADVIZ_RECOVERY``  folder of the recovery files (default ``cache_dir()/recovery``)
``RADVIZ_RECOVER``   ``yes`` / ``no`` answers the "restore unsaved work?" question without a dialog
``RADVIZ_ASK``       ``no``: closing or opening with unsaved changes discards them without asking
"""
from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence

from radviz.qt.exports import Exports
from radviz.qt.modes import ModeController
from radviz.qt.preferences import Preferences
from radviz.qt.recovery_ui import Autosave
from radviz.qt.session_file import SessionController

__all__ = ["install", "SessionsFeature"]


def _in_app() -> bool:
    """True inside the radviz app (``run_app``); False when embedded (tests, scripts): never block there."""
    return (QCoreApplication.organizationName(), QCoreApplication.applicationName()) == ("radviz", "radviz")


class SessionsFeature(QObject):
    """The session parts of one window, and what they do on first show and on close."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.sessions = SessionController(window)
        self.sessions.ask = _in_app() and os.environ.get("RADVIZ_ASK", "").lower() != "no"
        self.autosave = Autosave(self.sessions)
        self.exports = Exports(window, self.sessions)
        self.modes = ModeController(window)
        self.preferences = Preferences(window, self.sessions)
        self._menu()
        self.sessions.busy = True  # remembered preferences are where a new session starts, not changes
        try:
            self.preferences.restore()
        finally:
            self.sessions.busy = False
        self._shown = False
        self._closed = False
        window.installEventFilter(self)

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{tip or text} ({action.shortcut().toString()})" if shortcut else tip or text)
        action.triggered.connect(lambda _=False: slot())
        return action

    def _menu(self) -> None:
        s, e, w = self.sessions, self.exports, self.window
        menu = w.menus["file"]
        for key, action in (
                ("new", self._action("New session", s.new_session, "Ctrl+N", "Start an empty drawing")),
                ("open", self._action("Open session…", s.ask_open, QKeySequence.StandardKey.Open,
                                      "Open a saved drawing with its findings")),
                ("recent", self.preferences.recent_menu.menuAction()),
                ("save", self._action("Save session", s.save, QKeySequence.StandardKey.Save)),
                ("save_as", self._action("Save session as…", s.save_as, "Ctrl+Shift+S"))):
            w.add_action(key, action, "file", before="open_body")
            if key in ("recent", "save_as"):
                menu.insertSeparator(w.actions["open_body"])
        for key, action in (
                ("png", self._action("Export image…", e.ask_export_png, "Ctrl+E",
                                     "Save the current view as a PNG of a chosen size")),
                ("report", self._action("Export report…", e.ask_export_report, "Ctrl+P",
                                        "A PDF with charts, findings, ranked roots and sources"))):
            w.add_action(key, action, "file", before="quit")
        menu.insertSeparator(w.actions["quit"])
        self.actions = {k: w.actions[k] for k in ("new", "open", "save", "save_as", "png", "report")}

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        """First show: restore the layout.  Close: ask about unsaved work, remember settings, tidy up."""
        if obj is self.window and event.type() == QEvent.Type.Show and not self._shown:
            self._shown = True
            self.preferences.restore_layout()
            self.modes.sync()  # the saved layout must not undo what the mode hides or shows
        elif obj is self.window and event.type() == QEvent.Type.Close and not self._closed:
            if not self.sessions.maybe_save():
                event.ignore()
                return True
            self.preferences.save()
            self._closed = True
            self.sessions.close()
            self.autosave.close()  # saved or discarded: nothing left to recover
        return False


def install(window) -> SessionsFeature:
    """Add sessions, recovery, recent files, exports and modes to ``window``.

    The window gains ``window.sessions`` (the session controller), ``window.exports``,
    ``window.preferences``, ``window.autosave`` and ``window.modes``.  Orphaned recovery files are
    offered once the event loop runs (at once when ``RADVIZ_RECOVER`` answers).
    """
    feature = SessionsFeature(window)
    window.sessions, window.exports, window.modes = feature.sessions, feature.exports, feature.modes
    window.preferences, window.autosave = feature.preferences, feature.autosave
    if os.environ.get("RADVIZ_RECOVER", "").lower() in ("yes", "no"):
        feature.autosave.offer(ask=False)
    elif feature.sessions.ask:
        QTimer.singleShot(0, lambda: feature.autosave.offer(ask=True))
    return feature
