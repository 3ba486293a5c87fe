"""Patient and clinician modes: the same window, with plain words and large controls for patients.

A patient at home needs one question ("Where does it hurt?"), big text and no examination
panel; a clinician needs every column and dock.  The mode only changes how the window looks:
the model, the scores and the disclaimer stay the same.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar

from radviz import DISCLAIMER
from radviz.qt.qtutil import signals_blocked

__all__ = ["ModeController", "MODES", "PROMPT"]

MODES = ("clinician", "patient")
PROMPT = "Where does it hurt?"
_POINTS = {"results": 14, "controls": 13}  # patient font sizes, in points


class ModeController(QObject):
    """Switch a :class:`~radviz.qt.main_window.MainWindow` between clinician and patient mode.

    Parameters
    ----------
    window : MainWindow
        Its results panel, docks, toolbars and View menu are adjusted; nothing else.

    The register lives in ``window.state`` (``register``); this controller sets it from its action
    and re-dresses the window on every ``events.register``.

    Signals
    -------
    mode_changed(str)
        'patient' or 'clinician', after the window has changed (the preferences remember it).
    """

    mode_changed = Signal(str)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.state = window.state
        self.mode = "clinician"
        self._fonts = {w: QFont(w.font()) for w in self._scaled()}
        self._findings_shown = True
        self.prompt = self._prompt_bar()
        self.action = QAction("Patient mode (plain words, large text)", window)
        self.action.setCheckable(True)
        self.action.setToolTip("Plain words and large controls for patients; off shows every clinical panel")
        self.action.toggled.connect(lambda on: self.set_mode("patient" if on else "clinician"))
        window.menus["view"].addSeparator()
        window.add_action("patient_mode", self.action, "view")
        self.state.events.register.connect(self._show)

    def _scaled(self) -> list:
        """Widgets whose text grows in patient mode."""
        w = self.window
        return [w.results.table, w.results.explanation, *w.toolbars.values(), w.brush]

    def _prompt_bar(self) -> QToolBar:
        """The patient's question and the disclaimer, above the body, only in patient mode."""
        bar = QToolBar("Prompt")
        bar.setObjectName("patient_prompt")
        bar.setMovable(False)
        label = QLabel(f"<span style='font-size:20pt; font-weight:600'>{PROMPT}</span>"
                       f"<br><span style='font-size:11pt'>Choose <b>Paint</b>, then draw on the body "
                       f"where you feel it. Turn the body with <b>Rotate</b>.</span>"
                       f"<br><span style='font-size:10pt; color:#6a4a00'>{DISCLAIMER}</span>")
        label.setContentsMargins(10, 4, 10, 4)  # one line each: a wrapped label makes the bar twice as tall
        label.setStyleSheet("QLabel { background: #fff4d6; }")
        label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)  # the full width
        bar.addWidget(label)
        self.window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        self.window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)  # a row of its own: later bars go below
        bar.toggleViewAction().setVisible(False)  # the mode decides, not the toolbar menu
        bar.hide()
        return bar

    def set_mode(self, mode: str) -> None:
        """Put the state in register ``mode`` ('patient' or 'clinician'); the window follows."""
        if mode not in MODES:
            raise ValueError(f"unknown mode '{mode}'; allowed: {', '.join(MODES)}")
        self.state.set_register(mode)

    def _show(self, mode: str) -> None:
        """Dress the window for ``mode``; emits ``mode_changed``."""
        if mode == self.mode:
            return
        patient = mode == "patient"
        w = self.window
        self.mode = mode
        with signals_blocked(self.action):
            self.action.setChecked(patient)
        for widget, font in self._fonts.items():
            big = QFont(font)
            big.setPointSize(_POINTS["results" if widget in (w.results.table, w.results.explanation)
                                     else "controls"])
            widget.setFont(big if patient else font)
        findings = w.docks.get("findings")
        if findings is not None:
            if patient:
                self._findings_shown = findings.isVisible() or not w.isVisible()
                findings.hide()
            elif self._findings_shown:
                findings.show()
        self.prompt.setVisible(patient)
        self.mode_changed.emit(mode)

    def sync(self) -> None:
        """Re-apply what the mode hides or shows (after ``restoreState`` brought back a saved layout)."""
        patient = self.mode == "patient"
        self.prompt.setVisible(patient)
        findings = self.window.docks.get("findings")
        if patient and findings is not None:
            findings.hide()
