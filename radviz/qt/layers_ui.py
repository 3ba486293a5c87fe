"""Roots or nerves: the layer switch, the nerve browser, nerve rows in the results and nerve hover text.

A root lesion and a peripheral-nerve lesion can feel alike; their skin areas differ.  This module
lets the user look at either map or both.  The model already scores nerves (``Result.nerves``) and
compiles their territories (``engine.nerves``); the layer and the shown nerve are state
(:mod:`radviz.state`); here they are only offered and shown, through the window's contribution points.
"""
from __future__ import annotations

import html
import textwrap

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QBrush, QColor, QFont
from PySide6.QtWidgets import (QComboBox, QFormLayout, QLabel, QTableWidgetItem,
                               QTextBrowser, QToolBar, QVBoxLayout, QWidget)

from radviz import colors
from radviz.explain import nerve_words
from radviz.qt.panels import MIN_SCORE
from radviz.qt.qtutil import add_menu, signals_blocked
from radviz.qt.view_legend import Swatches
from radviz.state import LAYERS, Shown
from radviz.vocabulary import band, probability_text

__all__ = ["LAYERS", "NerveBrowser", "install"]

NERVE_ROWS = 5
_PATIENT_LINE = 22  # characters per line of a nerve's plain words in a patient's row
_ROW_TINT = QColor("#e8eef7")  # nerve rows: tinted and in italics, so colour is never the only cue
_NOTE = ("QLabel { background: #e8eef7; border-left: 4px solid #332288; padding: 6px; "
         "border-radius: 3px; }")
_PERIPHERAL = ("<b>Nerve, not root?</b> One peripheral nerve's skin area fits this drawing better "
               "than any root's. Nerve and root trouble can feel alike; the edges of the numb or "
               "painful area, the muscles involved and nerve conduction studies tell them apart.")
_SHOW_ROWS = " <a href='nerves'>Show nerve rows</a>"
_NO_NERVE = (f"<b>No peripheral nerve fits.</b> Every nerve scores below {MIN_SCORE:.0%} for this drawing and "
             "these findings, so no nerve rows are listed.")


def _words(name: str) -> str:
    return name.replace("_", " ")


def _nerve_label(res, nerves, name: str) -> str:
    """A nerve's label; a lesion site (e.g. at the fibular head) is named by the result, else in words."""
    if name in nerves.map.territories:
        return nerves.map.territories[name].label
    return res.nerve_labels.get(name) or _words(name)


class NerveBrowser(QWidget):
    """Choose a nerve and side to see its skin, roots and muscles (like the root browser).

    Signals
    -------
    nerve_chosen(str, str)
        Nerve and side the user chose (the window shows its territory on the body).
    """

    nerve_chosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.atlas = self.myotomes = None
        self.nerve_box, self.side_box = QComboBox(), QComboBox()
        self.nerve_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.nerve_box.setMinimumContentsLength(12)  # long nerve names must not squeeze the 'Nerve' label
        for side in ("left", "right", "both"):
            self.side_box.addItem(side, side)
        form = QFormLayout()
        form.addRow("Nerve", self.nerve_box)
        form.addRow("Side", self.side_box)
        solid = colors.zone_swatches()[0][0]  # the core colour, as the nerve's picture paints its skin
        pale = colors.blend(colors.skin_rgb(1), colors.ZONE_COLOURS["core"], np.array([0.6]))[0]  # its faint edge
        self.legend = Swatches()  # framed squares, as under the body and in the root browser
        self.legend.set_entries([(solid, "this nerve: nearly everyone"), (pale, "paler: some people"),
                                 (np.zeros(3), "key point")])
        self.info = QTextBrowser()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.legend)
        layout.addWidget(self.info, 1)
        self.nerve_box.currentIndexChanged.connect(self._emit)
        self.side_box.currentIndexChanged.connect(self._emit)

    def set_atlas(self, atlas, myotomes=None) -> None:
        """Offer the nerve map's territories (``atlas`` None: no nerve map, the browser says so)."""
        self.atlas, self.myotomes = atlas, myotomes
        with signals_blocked(self.nerve_box):
            self.nerve_box.clear()
            for name in atlas.territories if atlas is not None else ():
                self.nerve_box.addItem(atlas.map.territories[name].label, name)
            self.nerve_box.setPlaceholderText("choose a nerve")
            self.nerve_box.setCurrentIndex(-1)
        self.setEnabled(atlas is not None)
        self.info.setHtml(self._info_html(None))

    def nerves(self) -> list[str]:
        return [self.nerve_box.itemData(k) for k in range(self.nerve_box.count())]

    def show_nerve(self, nerve: str, side: str) -> None:
        """Mirror a nerve chosen elsewhere (a results row) without re-emitting it."""
        with signals_blocked(self.nerve_box, self.side_box):
            self.nerve_box.setCurrentIndex(self.nerve_box.findData(nerve))
            self.side_box.setCurrentIndex(max(self.side_box.findData(side), 0))
        self.info.setHtml(self._info_html(nerve))

    def _emit(self) -> None:
        nerve = self.nerve_box.currentData()
        self.info.setHtml(self._info_html(nerve))
        if nerve is not None:
            self.nerve_chosen.emit(nerve, self.side_box.currentData())

    def _info_html(self, nerve: str | None) -> str:
        """The map's words for the nerve, its sources in full, its roots and the muscles it supplies."""
        if self.atlas is None:
            return "<p>No peripheral-nerve map is installed.</p>"
        if nerve not in self.atlas.map.territories:
            return ("<p>Choose a nerve to see the skin it supplies, the roots that feed it and the "
                    "muscles it (or one of its branches) moves.</p>")
        t, esc = self.atlas.map.territories[nerve], html.escape
        sources = "; ".join(self.atlas.map.sources.get(k.strip(), k.strip()) for k in t.source.split(";"))
        parts = [f"<h3>{esc(t.label)}</h3><p>{esc(t.description)}</p>"]
        if t.roots:
            parts.append(f"<p><b>Roots</b>: {', '.join(map(esc, t.roots))}</p>")
        muscles = self._muscles(nerve)
        if muscles:
            parts.append("<p><b>Muscles</b></p><ul>" + "".join(f"<li>{m}</li>" for m in muscles) + "</ul>")
        parts.append(f"<p style='color:#555'><i>{esc(self.atlas.map.title)}. Sources: {esc(sources)}</i></p>")
        return "".join(parts)

    def _muscles(self, nerve: str) -> list[str]:
        if self.myotomes is None:
            return []
        covered = self.myotomes.nerve_covers(nerve)
        return [f"{html.escape(m.label)}" + (f" <span style='color:#555'>({html.escape(_words(m.nerve))})</span>"
                                              if m.nerve != nerve else "")
                for m in self.myotomes.muscles.values() if m.nerve in covered]


class _Layers(QObject):
    """Glue: the layer menu and combo, the nerve dock, nerve rows in the results and nerve hover text.

    The layer and the shown nerve live in ``window.state``; this only offers them and mirrors them.
    """

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.state = window.state
        self.nerve_rows: list[tuple[str, str]] = []
        self.browser = NerveBrowser()
        self.browser.set_atlas(window.engine.nerves, window.engine.myotomes)
        self.combo = QComboBox()
        self.actions = {}
        group = QActionGroup(self)
        for layer in LAYERS:
            self.combo.addItem(layer.capitalize(), layer)
            action = QAction(f"{layer.capitalize()} layer", self, checkable=True)
            action.triggered.connect(lambda _=False, l=layer: self.state.set_layer(l))  # noqa: E741
            group.addAction(action)
            self.actions[layer] = action
        self.actions["roots"].setChecked(True)
        self.combo.setToolTip("Show nerve-root territories, peripheral-nerve territories, or both")
        self.combo.currentIndexChanged.connect(lambda i: self.state.set_layer(self.combo.itemData(i)))
        self.note = QLabel(_PERIPHERAL)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(_NOTE)
        self.note.hide()
        self.note.linkActivated.connect(lambda _: self.state.set_layer("both"))
        window.results.add_note(self.note)  # under the red banner, over the table
        window.add_hover_text(self._hover)
        window.result_changed.connect(self._add_nerve_rows)
        window.results.table.itemSelectionChanged.connect(self._row_chosen)
        self.browser.nerve_chosen.connect(self.show_nerve)
        self.state.events.layer.connect(self._layer_changed)
        self.state.events.shown.connect(self._shown_changed)
        if window.engine.nerves is None:
            self.combo.setEnabled(False)
            for action in self.actions.values():
                action.setEnabled(False)

    @property
    def switch(self):  # the layer as a read-only view of the state (kept for callers of 0.1)
        return self.state

    def show_nerve(self, nerve: str, side: str) -> None:
        """Show a nerve's territory on the body and its page in the nerve browser."""
        self.state.show(Shown.nerve(nerve, side))

    def _shown_changed(self, shown) -> None:
        if shown.kind == "nerve":
            self.browser.show_nerve(shown.name, shown.side)
            self.window.docks["nerves"].raise_()

    # ------------------------------------------------------------------ results and hover
    def _nerves_on(self) -> bool:
        return self.state.layer != "roots"

    def _add_nerve_rows(self, res) -> None:
        """Nerve rows under the root rows (nerve layer on); the peripheral-nerve note whenever flagged."""
        w = self.window
        has_input = not (w.drawing.is_empty() and w.findings.is_empty())
        table, nerves = w.results.table, w.engine.nerves
        asked = has_input and self._nerves_on() and nerves is not None
        rows = [n for n in res.nerves if n.score >= MIN_SCORE][:NERVE_ROWS] if asked else []
        flagged = "peripheral_nerve" in res.flags
        self.note.setText(_PERIPHERAL + ("" if self._nerves_on() else _SHOW_ROWS) if flagged else _NO_NERVE)
        self.note.setVisible(flagged or (asked and not rows))  # the nerve layer never looks like it did nothing
        self.nerve_rows = [(n.nerve, n.side) for n in rows]
        start = len(w.results.rows)
        italic = QFont()
        italic.setItalic(True)
        with signals_blocked(table):
            table.setRowCount(start + len(rows))
            for k, n in enumerate(rows):
                cells, tip = self._nerve_cells(res, nerves, n)
                for c, value in enumerate(cells):
                    item = QTableWidgetItem(value)
                    item.setToolTip(tip)
                    item.setFont(italic)
                    item.setBackground(QBrush(_ROW_TINT))
                    if c == 2 and self.state.register != "patient":  # a number, right-aligned as the roots'
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    table.setItem(start + k, c, item)
            shown = self.state.selected if self.state.shown.kind == "nerve" else None
            territory = [(res.nerve_sites.get(name, name), side) for name, side in self.nerve_rows]
            if shown in territory:
                table.selectRow(start + territory.index(shown))
        for k in range(len(rows)):  # the rows as tall as their lines
            table.resizeRowToContents(start + k)

    def _nerve_cells(self, res, nerves, n) -> tuple[tuple[str, ...], str]:
        """A nerve row's cells and tooltip: patients read the nerve in plain words and the fit in words."""
        if self.state.register == "patient":
            said = nerve_words(res, n.nerve)  # a long phrase: on short lines, so Side and Fit stay in sight
            return (textwrap.fill(said[:1].upper() + said[1:], _PATIENT_LINE), n.side, band(n.score)), \
                f"A nerve outside the spine: {said}"
        cells = (_words(n.nerve).capitalize(), n.side, probability_text(n.score, percent=True), "–", "–")
        return cells, f"Peripheral nerve: {_nerve_label(res, nerves, n.nerve)}"

    def _chosen_nerve(self) -> tuple[str, str] | None:
        rows = self.window.results.table.selectionModel().selectedRows()
        k = rows[0].row() - len(self.window.results.rows) if rows else -1
        return self.nerve_rows[k] if 0 <= k < len(self.nerve_rows) else None

    def _row_chosen(self) -> None:
        chosen = self._chosen_nerve()
        if chosen is not None:  # a lesion site's row shows its nerve's territory
            name, side = chosen
            self.show_nerve(self.window.last_result.nerve_sites.get(name, name), side)

    def _hover(self, vertex: int) -> str | None:
        """The nerves at the hovered spot (nerve layer on), after the roots there."""
        nerves = self.window.engine.nerves
        if not self._nerves_on() or nerves is None:
            return None
        if self.state.register == "patient":  # plain words, no numbers (as the roots' part of the hover)
            return "; ".join(self._patient_nerves_at(nerves, vertex)) or "no nerve mapped here"
        names = ", ".join(f"{_words(name)} {w:.2f}" for name, _, w in nerves.at_vertex(vertex))
        return names or "no nerve mapped here"

    @staticmethod
    def _patient_nerves_at(nerves, vertex: int) -> list[str]:
        """The plain words of the nerves at a spot, a branch without the parent that holds it (one phrase
        each is long enough in a status bar)."""
        territories = nerves.map.territories
        here = dict.fromkeys(name for name, _, _ in nerves.at_vertex(vertex))
        parents = {territories[name].parent for name in here}
        return list(dict.fromkeys(territories[name].words or _words(name) for name in here if name not in parents))

    # ------------------------------------------------------------------ the layer
    def _layer_changed(self, layer: str) -> None:
        """Mirror the layer in the combo and menu; show the nerve dock when nerves are on."""
        with signals_blocked(self.combo):
            self.combo.setCurrentIndex(self.combo.findData(layer))
        self.actions[layer].setChecked(True)
        if layer != "roots":
            self.window.docks["nerves"].show()
            self.window.docks["nerves"].raise_()


def install(window) -> None:
    """Add the layer switch (View menu and toolbar), the nerve browser dock and the nerve rows."""
    layers = _Layers(window)
    window.layers = layers
    window.add_dock("nerves", "Nerves", layers.browser, "left", tab_with="browser")
    window.docks["browser"].raise_()
    bar = QToolBar("Layers")
    bar.setObjectName("layers")
    bar.addWidget(QLabel(" Layer "))
    bar.addWidget(layers.combo)
    window.addToolBar(bar)
    window.toolbars["layers"] = bar
    menu = add_menu(window.menus["view"], "Layer")
    menu.addActions(list(layers.actions.values()))
