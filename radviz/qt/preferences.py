"""What this computer remembers between runs: map, brush, register, skin tone, layout, recent files.

QSettings only inside the radviz app (``run_app`` names the organisation); a window embedded
elsewhere (tests, scripts) remembers nothing and reads nothing.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QSettings
from PySide6.QtGui import QAction

from radviz.atlas import available_maps
from radviz.colors import SKIN_TONES
from radviz.qt.qtutil import add_menu
from radviz.qt.screen_fit import clip_to_screen
from radviz.state import REGISTERS

__all__ = ["Preferences", "RECENT_MAX"]

RECENT_MAX = 8
_KEYS = {"recent": "recent/files", "geometry": "window/geometry", "state": "window/state",
         "map": "prefs/map", "mode": "prefs/mode", "user": "prefs/user", "radius": "prefs/brush_radius_cm", "tone": "prefs/skin_tone"}


class Preferences(QObject):
    """Restore and remember the window's preferences; keep the recent-files menu.

    Parameters
    ----------
    window : MainWindow
    sessions : SessionController
        Opened and saved sessions join the recent files; a recent file opens through it.
    """

    def __init__(self, window, sessions):
        super().__init__(window)
        self.window, self.sessions, self.state = window, sessions, window.state
        self.settings = QSettings() if QCoreApplication.organizationName() else None  # none: embedded
        self._recent: list[str] = []
        self.recent_menu = add_menu(window.menus["file"], "Open recent")  # placed by sessions_ui
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        sessions.saved.connect(self.add_recent)
        sessions.opened.connect(self.add_recent)
        self.state.events.map.connect(lambda name: self.remember("map", name))
        self.state.events.register.connect(lambda mode: self.remember("mode", mode))
        self.state.events.tone.connect(lambda tone: self.remember("tone", tone))

    def remember(self, key: str, value) -> None:
        if self.settings is not None:
            self.settings.setValue(_KEYS[key], value)

    def recall(self, key: str, default=None):
        """A remembered value (``default`` when embedded or never set)."""
        return default if self.settings is None else self.settings.value(_KEYS[key], default)

    def restore(self) -> None:
        """Last map, brush radius, register and skin tone; geometry and docks wait for the first show."""
        s, w = self.settings, self.window
        if s is None:
            return
        name = s.value(_KEYS["map"], "")
        if name and name != self.state.map_name and name in available_maps("dermatomes"):
            w.set_map(name)
        radius = s.value(_KEYS["radius"], None)
        if radius is not None:
            try:
                w.brush.radius_box.setValue(float(radius))
            except (TypeError, ValueError):
                pass  # a hand-edited settings file: keep the default radius
        mode = s.value(_KEYS["mode"], "clinician")
        if mode in REGISTERS:
            self.state.set_register(mode)
        tone = s.value(_KEYS["tone"], "")
        if tone in SKIN_TONES:
            self.state.set_tone(tone)

    def restore_layout(self) -> None:
        """Window geometry and dock layout, once every feature has added its docks."""
        if self.settings is None:
            return
        geometry, layout = self.settings.value(_KEYS["geometry"]), self.settings.value(_KEYS["state"])
        if geometry is not None:
            self.window.restoreGeometry(geometry)
        if layout is not None:
            self.window.restoreState(layout)
        clip_to_screen(self.window)  # saved on a bigger (or another) screen: keep it all in sight

    def save(self) -> None:
        w = self.window
        self.remember("geometry", w.saveGeometry())
        self.remember("state", w.saveState())
        self.remember("radius", w.brush.radius_box.value())
        self.remember("map", self.state.map_name)
        self.remember("mode", self.state.register)
        self.remember("tone", self.state.tone)
        if self.settings is not None:
            self.settings.sync()

    # ------------------------------------------------------------------ recent files
    def recent_files(self) -> list[str]:
        """Up to :data:`RECENT_MAX` sessions, newest first; files that are gone are dropped."""
        if self.settings is not None:
            self._recent = [str(p) for p in (self.settings.value(_KEYS["recent"], []) or [])]
        self._recent = [p for p in self._recent if Path(p).is_file()][:RECENT_MAX]
        self.remember("recent", self._recent)
        return list(self._recent)

    def add_recent(self, path: Path) -> None:
        path = str(Path(path).resolve())
        self._recent = ([path] + [p for p in self.recent_files() if p != path])[:RECENT_MAX]
        self.remember("recent", self._recent)

    def fill_recent(self) -> None:
        self.recent_menu.clear()
        for k, path in enumerate(self.recent_files()):
            action = QAction(f"&{k + 1} {Path(path).name}", self.recent_menu)
            self.recent_menu.addAction(action)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.sessions.maybe_save() and self.sessions.open_session(p))
        if not self._recent:
            empty = QAction("No recent sessions", self.recent_menu)
            empty.setEnabled(False)
            self.recent_menu.addAction(empty)
