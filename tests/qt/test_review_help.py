"""The Help menu as a new user reads it: the keyboard page, and who is using radviz."""
from __future__ import annotations

from radviz.qt.help_ui import shortcut_rows


def test_the_shortcuts_page_names_each_thing_once(main_window):
    names = [what for what, _ in shortcut_rows(main_window)]
    assert "Paint" in names and "Quit" in names and len(names) > 10
    assert len(names) == len(set(names)), names  # "Paint" listed twice (drag, and P) read as a mistake


def test_who_is_using_radviz_says_the_current_choice_as_its_button_does(qtbot):
    from PySide6.QtWidgets import QLabel

    from radviz.qt.first_run import USERS, UserDialog

    for who, (button_text, _) in USERS.items():
        dialog = UserDialog(who)
        qtbot.addWidget(dialog)
        said = dialog.findChild(QLabel).text()
        assert button_text in said, said  # "I have symptoms", never "i have symptoms"
        assert dialog.buttons[who].text() == button_text
