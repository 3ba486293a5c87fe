"""Dock panels: results, examination findings and the root browser.

Each panel shows what the model says and sends the user's choice out as a signal; none of them
scores or looks anatomy up itself.  Widgets mirror the model under ``signals_blocked`` so a model
change is never echoed back as a new user action.
"""
from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QGridLayout,
                               QHBoxLayout, QHeaderView, QLabel, QPushButton, QScrollArea, QSizePolicy,
                               QTableWidget, QTableWidgetItem, QTabWidget, QTextBrowser,
                               QVBoxLayout, QWidget)

from radviz.explain import render
from radviz.findings import MOVEMENTS, REFLEX_STATES, REFLEXES, SIGNS, Findings
from radviz.localize import Result
from radviz.vocabulary import band, label, probability_text, words
from radviz.qt.qtutil import signals_blocked

__all__ = ["ResultsPanel", "FindingsPanel", "RootBrowser"]

TOP_ROWS = 10
MIN_SCORE = 0.01  # rows below 1% say nothing a reader can use
_BANNER = ("QLabel { background: #b00020; color: white; font-weight: bold; padding: 8px; "
           "border-radius: 4px; }")
_SIDES = ("left", "right")


def _percent(x: float) -> str:
    return f"{100 * x:.0f}%"


class ResultsPanel(QWidget):
    """Ranked roots for the current drawing and findings; a red banner for urgent flags.

    Signals
    -------
    root_chosen(str, str)
        Root and side of the row the user chose (the window highlights it on the body).
    """

    root_chosen = Signal(str, str)
    _COLUMNS = {"clinician": ("Root", "Side", "Score", "Fit", "Explains", "Overlap"),
                "patient": ("Nerve root", "Side", "How well it fits")}
    _HEADER_TIPS = {"Score": "The probability that this root is involved, 0-100 % (never above 85 % from a "
                             "drawing alone).",
                    "Fit": "The score in words: fits well (60 % or more), possible (25 % or more), unlikely.",
                    "Explains": "The share of the drawing that lies inside this root's skin. A root can score "
                                "high while explaining only part of the drawing.",
                    "Overlap": "The share of the drawing that a neighbouring root's skin also covers."}

    _TABLE_TIPS = {"clinician": "Score: how well this root explains the drawing and findings.\n"
                                "Explains: share of the drawing inside its skin area.\n"
                                "Overlap: share of the drawing also in a neighbour's skin.\n"
                                "Choose a row to see that root on the body.",
                   "patient": "How well each nerve root's strip of skin fits what you marked: fits well, "
                              "possible or unlikely.\nChoose a row to see that root's skin on the body."}

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(_BANNER)
        self.banner.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # wrap, never widen the dock
        self.banner.hide()
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.table = QTableWidget(0, 0)
        self.register = ""
        self._set_register("clinician")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the next control; arrows move between rows
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.explanation = QTextBrowser()
        self.explanation.setOpenExternalLinks(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 3)
        layout.addWidget(QLabel("<b>Why</b>"))
        layout.addWidget(self.explanation, 2)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.rows: list[tuple[str, str]] = []

    def _set_register(self, register: str) -> None:
        """Clinicians see every column with its meaning; patients see words only."""
        if register == self.register:
            return
        self.register = register
        columns = self._COLUMNS[register]
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels(columns)
        for c, name in enumerate(columns):
            self.table.horizontalHeaderItem(c).setToolTip(self._HEADER_TIPS.get(name, ""))
        self.table.setToolTip(self._TABLE_TIPS[register])

    def show_result(self, result: Result, has_input: bool, register: str = "clinician") -> None:
        """Show a result in a clinician's or a patient's words; ``has_input`` False (nothing painted
        or examined) shows a hint instead of rows.  The explanation is rendered from the result's
        statements: emergencies go to the red banner (first, never softened), the disclaimer to the
        status bar."""
        self._set_register(register)
        urgent = render([s for s in result.statements if s.kind == "emergency"], register)
        self.banner.setText(urgent)
        self.banner.setVisible(bool(urgent))
        self.explanation.setPlainText(result.text(register, skip=("emergency", "disclaimer")))
        self.caption.setText(self._caption(result, register))
        chosen = self.chosen()
        roots = [r for r in result.roots if r.score >= MIN_SCORE][:TOP_ROWS] if has_input else []
        self.rows = [(r.root, r.side) for r in roots]
        with signals_blocked(self.table):
            self.table.setRowCount(len(roots))
            for k, r in enumerate(roots):
                for c, value in enumerate(self._cells(r, register)):
                    item = QTableWidgetItem(value)
                    if register == "clinician" and c in (2, 4):
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.table.setItem(k, c, item)
            self.table.clearSelection()
            if chosen in self.rows:
                self.table.selectRow(self.rows.index(chosen))

    @staticmethod
    def _cells(r, register: str) -> tuple[str, ...]:
        if register == "patient":
            return r.root, r.side, band(r.score)
        overlap = " · ".join(f"{n} {_percent(v)}" for n, v in r.overlap.items() if v >= 0.005)
        return r.root, r.side, probability_text(r.score, percent=True), band(r.score), _percent(r.explained), overlap or "–"

    @staticmethod
    def _caption(result: Result, register: str) -> str:
        if register == "patient":
            return "How well each nerve root fits what you marked. This is not a diagnosis."
        return (f"Map: {result.map}. Score: probability the root is involved; Fit: the score in words; "
                "Explains: share of the drawing in the root's skin; Overlap: share a neighbour's skin also covers.")

    def add_note(self, widget: QWidget) -> None:
        """A feature's note under the red banner, above the table (e.g. "nerve, not root?")."""
        self.layout().insertWidget(1, widget)

    def chosen(self) -> tuple[str, str] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _on_selection(self) -> None:
        chosen = self.chosen()
        if chosen is not None:
            self.root_chosen.emit(*chosen)


class _SidesGrid(QWidget):
    """Rows of a name with a left and a right box: the name beside the boxes where the width allows,
    above them where it does not (a 1280x720 screen's dock), so both sides are always in sight."""

    def __init__(self, rows: list[tuple[QLabel, QWidget, QWidget]], viewport: QWidget):
        super().__init__()
        self.rows, self.narrow = rows, None
        self.heads = (QLabel("<b>Left</b>"), QLabel("<b>Right</b>"))
        self.grid = QGridLayout(self)
        self._arrange(False)
        self.wide_width = self.grid.minimumSize().width()
        viewport.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Resize:
            self._arrange(obj.width() < self.wide_width)
        return False

    def _arrange(self, narrow: bool) -> None:
        if narrow == self.narrow:
            return
        self.narrow, grid, first = narrow, self.grid, 0 if narrow else 1
        for col, head in enumerate(self.heads):
            grid.addWidget(head, 0, first + col)
        for k, (text, left, right) in enumerate(self.rows):
            row = 1 + 2 * k if narrow else 1 + k
            grid.addWidget(text, row, 0, 1, 2 if narrow else 1)
            grid.addWidget(left, row + narrow, first)
            grid.addWidget(right, row + narrow, first + 1)
        for col, stretch in enumerate((1, 1, 0) if narrow else (1, 0, 0)):
            grid.setColumnStretch(col, stretch)
        for row in range(grid.rowCount()):
            grid.setRowStretch(row, 0)
        grid.setRowStretch(grid.rowCount(), 1)


class FindingsPanel(QWidget):
    """Movements and reflexes per side, and red-flag signs, from the vocabularies in findings.py.

    Signals
    -------
    finding_requested(str, object, str, object)
        kind ('motor', 'reflex', 'sign'), side (or None), name, new value (None: not tested).
    """

    finding_requested = Signal(str, object, str, object)
    _MOTOR = (None, "weak", "normal")
    _REFLEX = (None,) + REFLEX_STATES

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.findings: Findings | None = None
        self.combos: dict[tuple[str, str, str], QComboBox] = {}
        self.checks: dict[str, QCheckBox] = {}
        tabs = QTabWidget()
        tabs.addTab(self._grid("motor", MOVEMENTS, self._MOTOR), "Movements")
        tabs.addTab(self._grid("reflex", REFLEXES, self._REFLEX), "Reflexes")
        signs = QWidget()
        box = QVBoxLayout(signs)
        for sign in SIGNS:
            check = QCheckBox(label("signs", sign))
            check.setToolTip(words("signs", sign))
            check.toggled.connect(lambda on, s=sign: self.finding_requested.emit("sign", None, s, on))
            self.checks[sign] = check
            box.addWidget(check)
        box.addStretch(1)
        tabs.addTab(signs, "Red flags")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(tabs)

    def _grid(self, kind: str, names: tuple[str, ...], states: tuple) -> QScrollArea:
        rows = []
        for name in names:
            group = "movements" if kind == "motor" else "reflexes"
            text = QLabel(label(group, name))
            text.setToolTip(words(group, name))
            text.setWordWrap(True)
            boxes = []
            for side in _SIDES:
                combo = QComboBox()
                for state in states:
                    combo.addItem(state or "not tested", state)
                combo.currentIndexChanged.connect(
                    lambda i, k=kind, s=side, n=name, c=combo: self.finding_requested.emit(k, s, n, c.itemData(i)))
                self.combos[(kind, side, name)] = combo
                boxes.append(combo)
            rows.append((text, *boxes))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(_SidesGrid(rows, scroll.viewport()))
        return scroll

    def set_findings(self, findings: Findings) -> None:
        """Mirror a Findings object (and follow its changes)."""
        if self.findings is not None:
            self.findings.changed.disconnect(self.refresh)
        self.findings = findings
        findings.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the model into the widgets, without emitting requests."""
        f = self.findings
        for (kind, side, name), combo in self.combos.items():
            table = f.motor if kind == "motor" else f.reflexes
            with signals_blocked(combo):
                combo.setCurrentIndex(max(combo.findData(table[side].get(name)), 0))
                combo.setStyleSheet("QComboBox { font-weight: bold; }" if combo.currentIndex() else "")
        for sign, check in self.checks.items():
            with signals_blocked(check):
                check.setChecked(sign in f.signs)

    def close(self) -> bool:
        if self.findings is not None:
            self.findings.changed.disconnect(self.refresh)
        return super().close()


class RootBrowser(QWidget):
    """Choose a root and side to see its skin, muscles, reflex and a plain summary; switch maps.

    Signals
    -------
    root_chosen(str, str), map_chosen(str), all_toggled(bool), cleared()
    """

    root_chosen = Signal(str, str)
    map_chosen = Signal(str)
    all_toggled = Signal(bool)
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.atlas = self.myotomes = None
        self.summaries: dict = {}
        self.map_box, self.root_box, self.side_box = QComboBox(), QComboBox(), QComboBox()
        for side in ("left", "right", "both"):
            self.side_box.addItem(side, side)
        self.all_box = QCheckBox("All roots, labelled")  # short: whole in a 1280-pixel window's dock
        self.all_box.setToolTip("Every root's dermatome at once, each with its name")
        clear = QPushButton("Plain skin")
        clear.setToolTip("Remove the highlight (the drawing stays)")
        form = QFormLayout()
        form.addRow("Map", self.map_box)
        form.addRow("Root", self.root_box)
        form.addRow("Side", self.side_box)
        row = QHBoxLayout()
        row.addWidget(self.all_box)
        row.addStretch(1)
        row.addWidget(clear)
        from radviz import colors
        from radviz.qt.view_legend import Swatches

        self.legend = Swatches()  # framed squares, as under the body: pale lilac shows on a grey panel too
        self.legend.set_entries([*colors.zone_swatches(), (np.zeros(3), "key point")])
        self.info = QTextBrowser()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.legend)
        layout.addWidget(self.info, 1)
        self.map_box.currentIndexChanged.connect(lambda i: self.map_chosen.emit(self.map_box.itemData(i)))
        self.root_box.currentIndexChanged.connect(self._emit_root)
        self.side_box.currentIndexChanged.connect(self._emit_root)
        self.all_box.toggled.connect(self.all_toggled)
        clear.clicked.connect(self.cleared)

    def set_atlas(self, atlas, maps: list[str], myotomes=None, summaries: dict | None = None) -> None:
        """Offer the atlas's territories and the available maps (myotomes, summaries optional)."""
        self.atlas, self.myotomes, self.summaries = atlas, myotomes, summaries or {}
        current = self.root_box.currentData()
        with signals_blocked(self.map_box, self.root_box):
            self.map_box.clear()
            for name in dict.fromkeys([*maps, atlas.map.name]):  # a map opened from a file joins the list
                self.map_box.addItem(name, name)
            self.map_box.setCurrentIndex(max(self.map_box.findData(atlas.map.name), 0))
            self.map_box.setToolTip(atlas.map.title)
            self.root_box.clear()
            for name in atlas.territories:
                self.root_box.addItem(atlas.map.territories[name].label, name)
            self.root_box.setPlaceholderText("choose a root")
            self.root_box.setCurrentIndex(self.root_box.findData(current))
        self.info.setHtml(self._info_html(self.root_box.currentData()))

    def show_root(self, root: str, side: str) -> None:
        """Mirror a root chosen elsewhere (e.g. in the results) without re-emitting it."""
        with signals_blocked(self.root_box, self.side_box, self.all_box):
            self.root_box.setCurrentIndex(max(self.root_box.findData(root), 0))
            self.side_box.setCurrentIndex(max(self.side_box.findData(side), 0))
            self.all_box.setChecked(False)
        self.info.setHtml(self._info_html(root))

    def set_all(self, on: bool) -> None:
        with signals_blocked(self.all_box):
            self.all_box.setChecked(on)

    def _emit_root(self) -> None:
        root = self.root_box.currentData()
        self.info.setHtml(self._info_html(root))
        if root is not None:  # a side chosen before any root
            self.root_chosen.emit(root, self.side_box.currentData())

    def _info_html(self, root: str | None) -> str:
        """The map's words for the root, then its muscles, reflexes and summary when known."""
        if self.atlas is None or root not in self.atlas.map.territories:
            return ("<p>Choose a root to see the skin it supplies on the body (both sides or one), "
                    "its muscles and reflex, and what its trouble typically feels like.</p>"
                    "<p>Tick <i>All roots, labelled</i> to see every dermatome at once.</p>")
        from radviz.keypoints import load_key_points

        t = self.atlas.map.territories[root]
        esc = html.escape
        parts = [f"<h3>{esc(t.label)}</h3><p>{esc(t.description)}</p>",
                 f"<p style='color:#555'><i>{esc(self.atlas.map.title)}; sources: {esc(t.source)}</i></p>"]
        key_point = load_key_points().description(root)  # the one definition (maps/key_points.yaml)
        if key_point:
            parts.append(f"<p><b>Key sensory point</b> (ISNCSCI): {esc(key_point)}</p>")
        muscles, reflexes = self._myotome_lines(root)
        if muscles:
            parts.append("<p><b>Muscles</b></p><ul>" + "".join(f"<li>{m}</li>" for m in muscles) + "</ul>")
        if reflexes:
            parts.append(f"<p><b>Reflex</b>: {', '.join(reflexes)}</p>")
        summary = self.summaries.get(root, {}).get("summary")
        if summary:
            parts.append(f"<p><b>In short</b></p><p>{esc(summary)}</p>")
        return "".join(parts)

    def _myotome_lines(self, root: str) -> tuple[list[str], list[str]]:
        if self.myotomes is None:
            return [], []
        try:
            pairs = self.myotomes.root_muscles(root)
            reflexes = self.myotomes.root_reflexes(root)
        except KeyError:  # trigeminal branches and roots the table does not list
            return [], []
        share = lambda w: "main" if w >= 0.9 else ("partly" if w >= 0.5 else "a little")  # noqa: E731
        muscles = [f"{html.escape(m.label)} <span style='color:#555'>({html.escape(m.nerve.replace('_', ' '))} "
                   f"nerve; {share(w)})</span>" for m, w in pairs]
        names = {n: self.myotomes.reflexes[n].label for n in reflexes}
        return muscles, [html.escape(names[n]) for n in reflexes]
