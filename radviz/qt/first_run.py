"""Who is using radviz: asked on the first run, remembered, and changeable from the Help menu.

A patient, a clinician and a teacher need different first screens: the patient a single question
and big text (patient words), the clinician every panel, the teacher Teach mode.  The first-run
bar says that radviz teaches and does not diagnose and asks who is using it; the notice counts
as seen only once someone answers (a role, or OK), so closing the window unanswered asks again.
Installed after the sessions (preferences) and Teach mode, whose parts it sets.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFrame, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from radviz import DISCLAIMER

__all__ = ["USERS", "FirstRunBar", "UserDialog", "set_user", "install"]

USERS = {"patient": ("I have symptoms", "Plain words and large text: show where it hurts"),
         "clinician": ("I am a clinician", "Every panel: roots, nerves, findings and scores"),
         "teacher": ("I teach or study anatomy", "Teach mode: quizzes, the dermatome tour, maps compared")}
"""Who may be using radviz: the button text and what that choice shows."""

_QUESTION = "Who is using radviz?"


def _role_buttons(parent_layout, on_choice) -> dict[str, QPushButton]:
    buttons = {}
    for who, (text, tip) in USERS.items():
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _=False, w=who: on_choice(w))
        parent_layout.addWidget(button)
        buttons[who] = button
    return buttons


class FirstRunBar(QFrame):
    """The first-run notice above the body: the disclaimer (wrapped), the question and OK.

    Signals
    -------
    chosen(str)
        A key of :data:`USERS` the user pressed (the bar then hides and ``acknowledged`` follows).
    acknowledged()
        The notice was answered (a role or OK): only now is it remembered as seen.
    """

    chosen = Signal(str)
    acknowledged = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("first_run")
        self.setStyleSheet("#first_run { background: #fff4d6; border-bottom: 1px solid #e0c060; }")
        notice = QLabel(f"{DISCLAIMER} <b>{_QUESTION}</b>")
        notice.setWordWrap(True)  # never wider than the window: the window must fit a small screen
        row = QHBoxLayout()
        self.buttons = _role_buttons(row, self._choose)
        row.addStretch(1)
        self.ok = QPushButton("OK")
        self.ok.setToolTip("Keep the clinician's view; change it later in Help")
        self.ok.clicked.connect(self._answer)
        row.addWidget(self.ok)
        box = QVBoxLayout(self)
        box.setContentsMargins(10, 6, 10, 6)
        box.addWidget(notice)
        box.addLayout(row)

    def _choose(self, who: str) -> None:
        self.chosen.emit(who)
        self._answer()

    def _answer(self) -> None:
        self.hide()
        self.acknowledged.emit()


class UserDialog(QDialog):
    """The same question later (Help > Who is using radviz…); ``choice`` is the answer or None."""

    def __init__(self, current: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_QUESTION)
        self.choice: str | None = None
        box = QVBoxLayout(self)
        box.addWidget(QLabel(f"<b>{_QUESTION}</b> Now: “{USERS[current][0]}”."))  # as the button says it
        self.buttons = _role_buttons(box, self._choose)
        cancel = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        cancel.rejected.connect(self.reject)
        box.addWidget(cancel)

    def _choose(self, who: str) -> None:
        self.choice = who
        self.accept()


def current_user(window) -> str:
    """Who the window is set up for now: Teach mode means a teacher, patient words a patient."""
    if window.state.mode == "teach":
        return "teacher"
    return "patient" if window.state.register == "patient" else "clinician"


def set_user(window, who: str) -> None:
    """Set the window up for ``who`` (a key of :data:`USERS`) and remember it on this computer."""
    if who not in USERS:
        raise ValueError(f"unknown user {who!r}; allowed: {', '.join(USERS)}")
    window.state.set_register("patient" if who == "patient" else "clinician")
    window.teach_action.setChecked(who == "teacher")
    window.preferences.remember("user", who)


def install(window) -> None:
    """Answer the first-run bar, add Help > Who is using radviz…, and reopen Teach mode for a teacher."""
    if window.first_run is not None:
        window.first_run.chosen.connect(lambda who: set_user(window, who))
    action = QAction("Who is using radviz…", window)
    action.setToolTip("Patient, clinician or teacher: what the window shows")

    def ask() -> None:
        dialog = UserDialog(current_user(window), window)
        if dialog.exec() and dialog.choice:
            set_user(window, dialog.choice)

    action.triggered.connect(ask)
    window.add_action("choose_user", action, "help", first=True)
    window.user_dialog_action = action
    if window.preferences.recall("user") == "teacher":
        window.teach_action.setChecked(True)
