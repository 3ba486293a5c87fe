"""The Help menu's keyboard page, as a new user reads it."""
from __future__ import annotations

from radviz.qt.help_ui import shortcut_rows


def test_the_shortcuts_page_names_each_thing_once(main_window):
    names = [what for what, _ in shortcut_rows(main_window)]
    assert "Paint" in names and "Quit" in names and len(names) > 10
    assert len(names) == len(set(names)), names  # "Paint" listed twice (drag, and P) read as a mistake
