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

__all__ = ["ModeController", "MODES", "PROMPT", "CLINICIAN_DOCKS", "CLINICIAN_BARS", "CLINICIAN_ACTIONS",
           "CLINICIAN_MENUS", "PATIENT_DOCKS"]

MODES = ("clinician", "patient")
PROMPT = "Where does it hurt?"
CLINICIAN_DOCKS = ("browser", "nerves", "findings", "body", "visits")
"""Docks a patient does not need (root and nerve browsers, examination, body sliders, the visits' areas and
score trends): hidden for patients."""
CLINICIAN_BARS = ("layers",)
"""Toolbars hidden for patients (the root/nerve layer switch)."""
CLINICIAN_ACTIONS = {"exam_mode": "exam"}
"""Actions hidden for patients, with the dock each one shows (the ISNCSCI exam is a clinician's tool):
a patient leaves the tool, and its dock closes; a clinician opens it again from the action."""
CLINICIAN_MENUS = ("exam",)
"""Menus hidden for patients."""
PATIENT_DOCKS = ("patient_questions",)
"""Docks shown only to patients (the red-flag questions in plain words)."""
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
        self._clinician_shown: dict[str, bool] = {}  # which clinician docks were open before patient mode
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
        return [w.results, w.results.table, w.results.explanation, *w.toolbars.values(), w.brush]

    def enlarge(self, widget) -> None:
        """Let ``widget``'s text (and its children's) grow in patient mode, like the results'."""
        self._fonts[widget] = QFont(widget.font())
        if self.mode == "patient":
            self._set_font(widget, True)

    def _set_font(self, widget, patient: bool) -> None:
        w, font = self.window, self._fonts[widget]
        big = QFont(font)
        big.setPointSize(_POINTS["results" if widget in (w.results.table, w.results.explanation) else "controls"])
        widget.setFont(big if patient else font)

    def _open_glossary(self, _link: str = "") -> None:
        glossary = self.window.actions.get("help_glossary")
        if glossary is not None:
            glossary.trigger()

    def _prompt_bar(self) -> QToolBar:
        """The patient's question and the disclaimer, above the body, only in patient mode."""
        bar = QToolBar("Prompt")
        bar.setObjectName("patient_prompt")
        bar.setMovable(False)
        label = QLabel(f"<span style='font-size:20pt; font-weight:600'>{PROMPT}</span>"
                       f"<br><span style='font-size:11pt'>Draw on the body where you feel it. "
                       f"Hold <b>Ctrl</b> while dragging (or choose <b>Rotate</b>) to turn the body. "
                       f"<a href='glossary'>What do the words mean?</a></span>"
                       f"<br><span style='font-size:10pt; color:#6a4a00'>{DISCLAIMER}</span>")
        label.linkActivated.connect(self._open_glossary)
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
        for widget in self._fonts:
            self._set_font(widget, patient)
        for key in CLINICIAN_DOCKS:
            dock = w.docks.get(key)
            if dock is None:
                continue
            if patient:
                self._clinician_shown[key] = dock.isVisible() or not w.isVisible()
                dock.hide()
            elif self._clinician_shown.get(key, True):
                dock.show()
        if not patient:
            for key in ("browser", "results"):  # in front of their tabs again
                if key in w.docks:
                    w.docks[key].raise_()
        self._dress(patient)
        if patient:
            self.state.set_tool("paint")  # the first drag paints where it hurts
        self.mode_changed.emit(mode)

    def _dress(self, patient: bool) -> None:
        """Show the prompt, the patient's docks and the results; hide the clinician's toolbars."""
        w = self.window
        self.prompt.setVisible(patient)
        for key in CLINICIAN_BARS:
            if key in w.toolbars:
                w.toolbars[key].setVisible(not patient)
        for key, dock in CLINICIAN_ACTIONS.items():
            if key in w.actions:
                if patient and w.actions[key].isChecked():
                    w.actions[key].setChecked(False)
                w.actions[key].setVisible(not patient)
            if patient and dock in w.docks:
                w.docks[dock].hide()
        for key in CLINICIAN_MENUS:
            if key in w.menus:
                w.menus[key].menuAction().setVisible(not patient)
        for key in PATIENT_DOCKS:
            if key in w.docks:
                w.docks[key].setVisible(patient)
        if patient and "results" in w.docks:
            w.docks["results"].show()
            w.docks["results"].raise_()  # the answer in view, not the Body tab

    def sync(self) -> None:
        """Re-apply what the mode hides or shows (after ``restoreState`` brought back a saved layout)."""
        patient = self.mode == "patient"
        self._dress(patient)
        for key in CLINICIAN_DOCKS if patient else ():
            if key in self.window.docks:
                self.window.docks[key].hide()
        teach = self.window.docks.get("teach")
        if self.state.mode == "teach" and teach is not None:
            teach.show()
            teach.raise_()  # a teacher's restored layout opens on the Teach panel, not behind Results
