"""The Exam dock: the chosen key point's light touch and pin prick, the sensory grid, the 10 key
muscles per side with VAC/DAP, and the live classification with the steps behind it.

The panel only offers and mirrors: a user's choice is emitted as ``changes_requested`` (the window
turns it into one undo step) and every refresh re-reads the :class:`~radviz.exam_state.ExamState`.
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFormLayout, QGridLayout, QHBoxLayout,
                               QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem,
                               QTabWidget, QTextBrowser, QVBoxLayout, QWidget)

from radviz.exam_picture import STATUS_COLOURS, STATUS_ORDER
from radviz.exam_state import ANAL_KEYS, NON_KEY_CHOICES, NON_KEY_FIELD, ExamState
from radviz.exam_worksheet import step_lines
from radviz.isncsci.exam import ANAL_VALUES, MOTOR_VALUES, SENSORY_VALUES
from radviz.isncsci.levels import MOTOR_LEVELS, SENSORY_LEVELS
from radviz.isncsci.worksheet import dermatome_status
from radviz.qt.qtutil import scrolled, signals_blocked

__all__ = ["ExamPanel", "KEY_MUSCLES", "CLICK_VALUES", "GRID_COLUMNS"]

KEY_MUSCLES = {"C5": "Elbow flexors", "C6": "Wrist extensors", "C7": "Elbow extensors",
               "C8": "Finger flexors (middle finger)", "T1": "Small finger abductors",
               "L2": "Hip flexors", "L3": "Knee extensors", "L4": "Ankle dorsiflexors",
               "L5": "Long toe extensors", "S1": "Ankle plantar flexors"}
"""The ISNCSCI 2019 key muscles (clinical-facts.md section 6.1)."""
CLICK_VALUES = ((None, "choose the point"), ("2", "LT and PP 2 (normal)"), ("1", "LT and PP 1 (altered)"),
                ("0", "LT and PP 0 (absent)"), ("NT", "LT and PP NT (not testable)"))
"""What a click on a key point does: only choose it, or also set both of its sensory values."""
GRID_COLUMNS = (("right", "lightTouch", "R LT"), ("right", "pinPrick", "R PP"),
                ("left", "lightTouch", "L LT"), ("left", "pinPrick", "L PP"))
_MARK_TIP = ("0-2 as tested, NT not testable.  '*': impaired by a condition other than the spinal cord "
             "injury, consider it not normal; '**': consider it normal.")
_MOTOR_TIP = ("0-5 as graded, NT not testable.  '*': weakness due to a condition other than the spinal "
              "cord injury, consider it not normal; '**': consider it normal.")
_NON_KEY_TIP = ("The most caudal non-key muscle with motor function on this side, if one was examined "
                "(ISNCSCI 2019 worksheet).  It counts for AIS B versus C (motor function more than three "
                "levels below the motor level) and, when the AIS can be C, for that side's motor ZPP.")
_COMPLETENESS = {"C": "complete", "I": "incomplete"}
_STEP_NOTES = (("*", "*: the result rests on a value marked as impaired for a reason other than the spinal cord "
                     "injury."),
               (",", "A list: not-testable (NT) or marked (*) values leave each of these possible."),
               ("ND", "ND: a total that not-testable (NT) or marked (*) values leave undetermined."))
_ANAL_WORDS = {"voluntaryAnalContraction": "Voluntary anal contraction (VAC)",
               "deepAnalPressure": "Deep anal pressure (DAP)"}


def _combo(values, tip: str) -> QComboBox:
    box = QComboBox()
    for value in values:
        box.addItem(value, value)
    box.setToolTip(tip)
    return box


class _TabsTakingWhatIsLeft(QTabWidget):
    """Tabs that ask for little height and take what the panel has left (stretch), so the panel's
    preferred height, which a scroll area gives it, stays within a 1280x720 screen."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(super().sizeHint().width(), 8 * self.fontMetrics().height())


def _hex(rgb) -> str:
    r, g, b = (int(round(255 * float(c))) for c in rgb)
    return f"#{r:02x}{g:02x}{b:02x}"


def _pale(rgb) -> QColor:
    r, g, b = (int(round(255 * (0.55 + 0.45 * float(c)))) for c in rgb)
    return QColor(r, g, b)


class ExamPanel(QWidget):
    """Enter and read an ISNCSCI exam.

    Signals
    -------
    changes_requested(list)
        ``[(side, kind, level, value), ...]`` to set as one step (kind "anal": level is the file's key).
    point_chosen(str, str)
        A key point (level, side) chosen in the grid.
    open_requested(), save_requested(), clear_requested()
        The user asked to open an exam file, save one, or remove the exam.
    """

    changes_requested = Signal(list)
    point_chosen = Signal(str, str)
    open_requested = Signal()
    save_requested = Signal()
    clear_requested = Signal()

    def __init__(self, exam_state: ExamState, parent: QWidget | None = None):
        super().__init__(parent)
        self.exam_state = exam_state
        self.point: tuple[str, str] = ("C2", "right")
        self.descriptions: dict[str, str] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro())
        layout.addLayout(self._point_editor())
        layout.addWidget(self._files())
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tabs = _TabsTakingWhatIsLeft()
        self.tabs.addTab(self._sensory_grid(), "Sensory")
        self.tabs.addTab(scrolled(self._motor_grid()), "Motor and anal")
        self.steps = QTextBrowser()
        self.tabs.addTab(self.steps, "Steps")
        layout.addWidget(self.tabs, 1)
        legend = QLabel(" &nbsp; ".join(f"<span style='color:{_hex(STATUS_COLOURS[s])}'>■</span> {s}"
                                         for s in STATUS_ORDER) + " &nbsp; ● key point")
        legend.setToolTip("Each dermatome by the lower of its key point's light touch and pin prick")
        layout.addWidget(legend)
        self.refresh()

    # ------------------------------------------------------------------ building
    def _intro(self) -> QLabel:
        intro = QLabel("Click a key point on the body, then set its LT and PP.")
        intro.setToolTip("Click a key sensory point on the body (both sides) to choose it, then set its light "
                         "touch (LT) and pin prick (PP) here, or let a click set both (A click). Grade the key "
                         "muscles and VAC/DAP under Motor and anal; the classification follows every change.")
        intro.setWordWrap(True)
        return intro

    def _point_editor(self) -> QFormLayout:
        self.click_box = QComboBox()
        for value, words in CLICK_VALUES:
            self.click_box.addItem(words, value)
        self.click_box.setToolTip("Set both values of each key point you click, for a quick pass over the body")
        self.point_label = QLabel()
        self.point_label.setWordWrap(True)
        self.lt_box = _combo(SENSORY_VALUES, "Light touch: " + _MARK_TIP)
        self.pp_box = _combo(SENSORY_VALUES, "Pin prick: " + _MARK_TIP)
        for box, kind in ((self.lt_box, "lightTouch"), (self.pp_box, "pinPrick")):
            box.currentIndexChanged.connect(lambda _=0, b=box, k=kind: self._point_value(k, b.currentData()))
        row = QHBoxLayout()
        row.addWidget(QLabel("LT"))
        row.addWidget(self.lt_box, 1)
        row.addWidget(QLabel("PP"))
        row.addWidget(self.pp_box, 1)
        form = QFormLayout()
        form.addRow("A click", self.click_box)
        form.addRow("Key point", self.point_label)
        form.addRow("Values", row)
        return form

    def _files(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.open_button = QPushButton("Open…")
        self.open_button.setToolTip("Open an exam file in the Praxis ISNCSCI layout (JSON), as `radviz isncsci` reads")
        self.save_button = QPushButton("Save…")
        self.save_button.setToolTip("Save the exam as a file in the Praxis ISNCSCI layout (JSON)")
        self.save_button.clicked.connect(self.save_requested)
        self.clear_button = QPushButton("Clear exam")
        self.clear_button.setToolTip("Remove the exam from this session (undoable)")
        self.open_button.clicked.connect(self.open_requested)
        self.clear_button.clicked.connect(self.clear_requested)
        row.addWidget(self.open_button)
        row.addWidget(self.save_button)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        return box

    def _sensory_grid(self) -> QTableWidget:
        table = QTableWidget(len(SENSORY_LEVELS), len(GRID_COLUMNS))
        table.setHorizontalHeaderLabels([c[2] for c in GRID_COLUMNS])
        table.setVerticalHeaderLabels([lv.replace("_", "-") for lv in SENSORY_LEVELS])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setDefaultSectionSize(20)
        table.cellClicked.connect(self._grid_clicked)
        self.grid = table
        return table

    def _motor_grid(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setVerticalSpacing(1)
        for c, text in enumerate(("", "Key muscle", "Right", "Left")):
            grid.addWidget(QLabel(f"<b>{text}</b>"), 0, c)
        self.motor_boxes: dict[tuple[str, str], QComboBox] = {}
        for r, level in enumerate(MOTOR_LEVELS, start=1):
            grid.addWidget(QLabel(f"<b>{level}</b>"), r, 0)
            grid.addWidget(QLabel(KEY_MUSCLES[level]), r, 1)
            for c, side in ((2, "right"), (3, "left")):
                box = _combo(MOTOR_VALUES, f"{side} {level} {KEY_MUSCLES[level].lower()}: " + _MOTOR_TIP)
                box.currentIndexChanged.connect(
                    lambda _=0, b=box, s=side, lv=level: self._request(s, "motor", lv, b.currentData()))
                self.motor_boxes[(level, side)] = box
                grid.addWidget(box, r, c)
        self.anal_boxes: dict[str, QComboBox] = {}
        for r, key in enumerate(ANAL_KEYS, start=len(MOTOR_LEVELS) + 1):
            box = _combo(ANAL_VALUES, _ANAL_WORDS[key])
            box.currentIndexChanged.connect(lambda _=0, b=box, k=key: self._request(None, "anal", k, b.currentData()))
            self.anal_boxes[key] = box
            grid.addWidget(QLabel(_ANAL_WORDS[key]), r, 0, 1, 2)
            grid.addWidget(box, r, 2)
        self._non_key_row(grid, len(MOTOR_LEVELS) + len(ANAL_KEYS) + 1)
        grid.setRowStretch(len(MOTOR_LEVELS) + len(ANAL_KEYS) + 2, 1)
        return page

    def _non_key_row(self, grid: QGridLayout, row: int) -> None:
        """Each side's lowest non-key muscle with motor function: none, or C5..T1, L2..S1."""
        label = QLabel("Lowest non-key muscle with motor function")
        label.setWordWrap(True)
        label.setToolTip(_NON_KEY_TIP)
        grid.addWidget(label, row, 0, 1, 2)
        self.non_key_boxes: dict[str, QComboBox] = {}
        for c, side in ((2, "right"), (3, "left")):
            box = QComboBox()
            for level in NON_KEY_CHOICES:
                box.addItem(level or "none", level)
            box.setToolTip(f"{side}: " + _NON_KEY_TIP)
            box.currentIndexChanged.connect(
                lambda _=0, b=box, sd=side: self._request(sd, NON_KEY_FIELD, None, b.currentData()))
            self.non_key_boxes[side] = box
            grid.addWidget(box, row, c)

    # ------------------------------------------------------------------ user -> requests
    def _request(self, side, kind: str, level: str, value: str) -> None:
        if value is not None and value != self.exam_state.value(side, kind, level):
            self.changes_requested.emit([(side, kind, level, value)])

    def _point_value(self, kind: str, value: str) -> None:
        level, side = self.point
        self._request(side, kind, level, value)

    def _grid_clicked(self, row: int, column: int) -> None:
        self.choose_point(SENSORY_LEVELS[row], GRID_COLUMNS[column][0])
        self.point_chosen.emit(*self.point)

    def click_value(self) -> str | None:
        """The value a click on a key point sets for LT and PP (None: the click only chooses)."""
        return self.click_box.currentData()

    # ------------------------------------------------------------------ state -> widgets
    def choose_point(self, level: str, side: str) -> None:
        """Show a key point (level, side) in the editor and the grid."""
        self.point = (level, side)
        self._show_point()

    def _show_point(self) -> None:
        level, side = self.point
        words = self.descriptions.get(level.replace("_", "-"), "")
        self.point_label.setText(f"<b>{side} {level.replace('_', '-')}</b>" + (f": {escape(words)}" if words else ""))
        with signals_blocked(self.lt_box, self.pp_box, self.grid):
            self.lt_box.setCurrentIndex(self.lt_box.findData(self.exam_state.value(side, "lightTouch", level)))
            self.pp_box.setCurrentIndex(self.pp_box.findData(self.exam_state.value(side, "pinPrick", level)))
            column = 0 if side == "right" else 2
            self.grid.setCurrentCell(SENSORY_LEVELS.index(level), column)

    def refresh(self, *_) -> None:
        """Re-read the exam: editor, grid, muscles, anal fields, classification and steps."""
        exam, state = self.exam_state.current, self.exam_state
        with signals_blocked(self.grid, *self.motor_boxes.values(), *self.anal_boxes.values(),
                             *self.non_key_boxes.values()):
            for r, level in enumerate(SENSORY_LEVELS):
                for c, (side, kind, _) in enumerate(GRID_COLUMNS):
                    item = QTableWidgetItem(state.value(side, kind, level))
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    item.setBackground(QBrush(_pale(STATUS_COLOURS[dermatome_status(exam, side, level)[0]])))
                    self.grid.setItem(r, c, item)
            for (level, side), box in self.motor_boxes.items():
                box.setCurrentIndex(box.findData(state.value(side, "motor", level)))
            for key, box in self.anal_boxes.items():
                box.setCurrentIndex(box.findData(state.value(None, "anal", key)))
            for side, box in self.non_key_boxes.items():
                box.setCurrentIndex(box.findData(state.value(side, NON_KEY_FIELD, None)))
        self._show_point()
        self.clear_button.setEnabled(state.exam is not None)
        self._show_classification()

    def _show_classification(self) -> None:
        result = self.exam_state.classification
        d = result.determinations
        begun = "" if self.exam_state.exam is not None else \
            "<p><i>No exam recorded yet: every value starts normal.</i></p>"

        def pair(kind: str) -> str:
            return f"R <b>{d[kind + 'Right'].text}</b> &nbsp; L <b>{d[kind + 'Left'].text}</b>"

        self.summary.setText(
            f"{begun}<table cellspacing='2'>"
            f"<tr><td>Sensory level</td><td>{pair('neurologicalLevels.sensory')}</td></tr>"
            f"<tr><td>Motor level</td><td>{pair('neurologicalLevels.motor')}</td></tr>"
            f"<tr><td>NLI</td><td><b>{d['neurologicalLevelOfInjury'].text}</b> &nbsp; "
            f"AIS <b>{d['ASIAImpairmentScale'].text}</b> &nbsp; "
            f"{_COMPLETENESS.get(d['injuryComplete'].text, d['injuryComplete'].text)}</td></tr>"
            f"<tr><td>ZPP sensory</td><td>{pair('zoneOfPartialPreservations.sensory')}</td></tr>"
            f"<tr><td>ZPP motor</td><td>{pair('zoneOfPartialPreservations.motor')}</td></tr>"
            f"<tr><td>UEMS / LEMS</td><td><b>{result.totals['upperMotorTotal']}</b> / "
            f"<b>{result.totals['lowerMotorTotal']}</b> &nbsp; LT <b>{result.totals['touchTotal']}</b> "
            f"PP <b>{result.totals['prickTotal']}</b></td></tr></table>")
        items = "".join(f"<p style='margin:0 0 4px 0'><b>{escape(head)}</b>"
                        + "".join(f"<br>&nbsp;&nbsp;· {escape(s)}" for s in lines) + "</p>"
                        for head, lines in step_lines(self.exam_state.current, result))
        texts = [d.text for d in result.determinations.values()] + list(result.totals.values())
        notes = [note for sign, note in _STEP_NOTES if any(sign in t for t in texts)]
        self.steps.setHtml(items + "".join(f"<p style='margin:0'><i>{escape(n)}</i></p>" for n in notes))
