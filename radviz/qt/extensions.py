"""The window's features, in the order they install: each module declares ``install(window)``.

A feature adds what it brings through the window's contribution points (``add_dock``,
``add_action``, ``add_hover_text``, ``add_central``) and follows ``window.state``; it never reads or
assigns another object's private members.  The order matters only for menu placement.
"""
from __future__ import annotations

from importlib import import_module

__all__ = ["FEATURES", "install_extensions"]

FEATURES = ("sessions_ui", "chart_view", "layers_ui", "highlight_ui", "body_panel", "teach_ui", "visits_ui", "exam",
            "first_run", "patient_ui", "help_ui")
"""Modules of :mod:`radviz.qt` that add a feature to the window."""


def install_extensions(window) -> None:
    for name in FEATURES:
        import_module(f"radviz.qt.{name}").install(window)
