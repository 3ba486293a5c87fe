"""Optional parts of the window that install themselves: each module has ``install(window)``.

Keeps MainWindow to wiring: sessions and reports, the 2D chart, layers, the body panel and the
teaching mode each add their own docks, menus and actions.
"""
from __future__ import annotations

import importlib

__all__ = ["install_extensions", "EXTENSIONS"]

EXTENSIONS = ("radviz.qt.sessions_ui", "radviz.qt.chart_view", "radviz.qt.layers_ui",
              "radviz.qt.body_panel", "radviz.qt.teach_ui")


def install_extensions(window) -> None:
    for name in EXTENSIONS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.install(window)
