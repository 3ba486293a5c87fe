"""Small Qt helpers shared by the window's parts."""
from __future__ import annotations

from PySide6.QtWidgets import QMenu

__all__ = ["add_menu"]


def add_menu(parent, title: str) -> QMenu:
    """A menu made in Python, then added: Python owns its wrapper.

    ``addMenu(title)`` returns a wrapper PySide looks up by address, and after other Qt objects
    were deleted that lookup can hand back a stale wrapper of another type (seen in the tests).
    """
    menu = QMenu(title, parent)
    parent.addMenu(menu)
    return menu
