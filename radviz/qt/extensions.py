"""Parts of the window that install themselves: each module has ``install(window)``.

Keeps MainWindow to wiring: sessions and reports, the 2D chart, layers, the body panel and the
teaching mode each add their own docks, menus and actions.
"""
from __future__ import annotations

__all__ = ["install_extensions"]


def install_extensions(window) -> None:
    try:
        import radviz.qt.sessions_ui as sessions_ui
    except ModuleNotFoundError:
        sessions_ui = None
    try:
        import radviz.qt.chart_view as chart_view
    except ModuleNotFoundError:
        chart_view = None
    try:
        import radviz.qt.layers_ui as layers_ui
    except ModuleNotFoundError:
        layers_ui = None
    try:
        import radviz.qt.body_panel as body_panel
    except ModuleNotFoundError:
        body_panel = None
    try:
        import radviz.qt.teach_ui as teach_ui
    except ModuleNotFoundError:
        teach_ui = None
    for module in (sessions_ui, chart_view, layers_ui, body_panel, teach_ui):
        if module is not None:
            module.install(window)
