"""Parts of the window that install themselves: each module has ``install(window)``.

Keeps MainWindow to wiring: sessions and reports, the 2D chart, layers, the body panel and the
teaching mode each add their own docks, menus and actions.
"""
from __future__ import annotations

__all__ = ["install_extensions"]


def install_extensions(window) -> None:
    try:
        from radviz.qt import sessions_ui
    except ModuleNotFoundError:
        sessions_ui = None
    try:
        from radviz.qt import chart_view
    except ModuleNotFoundError:
        chart_view = None
    try:
        from radviz.qt import layers_ui
    except ModuleNotFoundError:
        layers_ui = None
    try:
        from radviz.qt import body_panel
    except ModuleNotFoundError:
        body_panel = None
    try:
        from radviz.qt import teach_ui
    except ModuleNotFoundError:
        teach_ui = None
    for module in (sessions_ui, chart_view, layers_ui, body_panel, teach_ui):
        if module is not None:
            module.install(window)
