"""The red-flag questions for patients, in their own words, in a dock shown only in patient mode.

A patient does not see the Findings dock (movements, reflexes, a doctor's tests), but the signs
that make back or leg pain an emergency (numbness between the legs, new bladder or bowel trouble,
weakness in both legs) must still be asked: the answers are the same findings the clinician's
Red flags tab sets, so the results' emergency banner follows.  The words come from the
vocabulary (``signs.*.words``); signs only a doctor can test (``umn``) are left to the clinician.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from radviz.qt.qtutil import signals_blocked
from radviz.vocabulary import SIGNS, UMN_SIGNS, words

__all__ = ["PATIENT_SIGNS", "PatientQuestions", "install"]

PATIENT_SIGNS = tuple(s for s in SIGNS if s not in UMN_SIGNS)
"""Signs a patient can answer without an examination."""


class _ClickableLabel(QLabel):
    """A wrapped label that toggles its check box when clicked (a QCheckBox's own text never wraps)."""

    def __init__(self, text: str, check: QCheckBox):
        super().__init__(text)
        self.check = check
        self.setWordWrap(True)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.check.toggle()


def _wrapped_row(check: QCheckBox, text: str) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(check, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(_ClickableLabel(text, check), 1)
    return row


class PatientQuestions(QWidget):
    """One check box per sign a patient can tell, worded for a patient.

    Parameters
    ----------
    window : MainWindow
        Ticks go through ``window.request_finding`` (one undo step each); the boxes follow the findings.
    """

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.window = window
        box = QVBoxLayout(self)
        intro = QLabel("<b>Do you have any of these?</b> Tick what is true for you now.")
        intro.setWordWrap(True)
        box.addWidget(intro)
        self.checks: dict[str, QCheckBox] = {}
        for sign in PATIENT_SIGNS:
            text = words("signs", sign)
            check = QCheckBox()
            check.setAccessibleName(text)
            check.toggled.connect(lambda on, s=sign: self.window.request_finding("sign", None, s, on))
            self.checks[sign] = check
            box.addLayout(_wrapped_row(check, text[:1].upper() + text[1:]))
        why = QLabel("If any of these is true, get medical help today: radviz will say how urgently.")
        why.setWordWrap(True)
        box.addWidget(why)
        box.addStretch(1)
        window.findings.changed.connect(self.refresh)
        self.refresh()

    def refresh(self, *_) -> None:
        """Mirror the findings' signs without asking for them again."""
        for sign, check in self.checks.items():
            with signals_blocked(check):
                check.setChecked(sign in self.window.findings.signs)

    def close(self) -> bool:
        self.window.findings.changed.disconnect(self.refresh)
        return super().close()


def install(window) -> PatientQuestions:
    """Add the questions dock (left, hidden until patient mode) and dress the window for its register."""
    panel = PatientQuestions(window)
    dock = window.add_dock("patient_questions", "Questions", panel, "left", view_menu=False)
    dock.setVisible(window.state.register == "patient")
    window.view_closed.connect(panel.close)
    window.patient_questions = panel
    window.modes.enlarge(panel)  # big text, like the rest of patient mode
    window.modes.sync()  # the register may be the patient's already (remembered from the last run)
    return panel
