"""What a view's colours mean: a legend strip under a body view and a 0-10 intensity scale.

The colours come from :mod:`radviz.colors` (the same numbers the views paint), the entries from
the picture (:attr:`radviz.scene.Picture.legend`) and from the drawing the legend follows, so the
legend changes with what is shown.  The strip keeps one height whatever it lists: a legend that
grew during a stroke would resize the 3D view under the brush.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from radviz import colors
from radviz.drawing import SYMPTOMS
from radviz.scene import drawn_symptoms

__all__ = ["IntensityScale", "Swatches", "ViewLegend", "hex_colour"]

_CELL = 9  # px per intensity step
_PAD = 8  # px left and right of the steps, room for the labels under the end steps
_MOST_SWATCHES = 8  # more (every dermatome) are summed up in words: the body carries their names
_MANY = "Each territory in its own colour: hover over the body to name it."


def hex_colour(rgb) -> str:
    return "#" + "".join(f"{int(round(255 * float(c))):02x}" for c in np.clip(rgb, 0, 1))


class IntensityScale(QWidget):
    """A symptom's colours at intensity 0 (bare skin) to 10, labelled 0, 5 and 10; darker is stronger.

    ``value`` (or None) is marked with a frame; a click on a step emits ``picked(int)`` (1..10).
    """

    picked = Signal(int)

    def __init__(self, symptom: str = SYMPTOMS[0], parent: QWidget | None = None):
        super().__init__(parent)
        self.symptom = symptom
        self.value: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._tip()

    def set_symptom(self, symptom: str) -> None:
        self.symptom = symptom
        self._tip()
        self.update()

    def set_value(self, value: int | None) -> None:
        self.value = value
        self.update()

    def colours(self) -> np.ndarray:
        """(11, 3) RGB of the steps 0..10, as painted over fair skin."""
        return colors.intensity_ramp(self.symptom)

    def _tip(self) -> None:
        self.setToolTip(f"{self.symptom.capitalize()} intensity, 0 (none) to 10 (worst imaginable): "
                        "darker is stronger")

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(11 * _CELL + 2 * _PAD, _CELL + self.fontMetrics().height() + 2)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        for k, rgb in enumerate(self.colours()):
            painter.fillRect(self.step_rect(k), QColor.fromRgbF(*map(float, rgb)))
        painter.setPen(QColor("#555555"))
        painter.drawRect(QRectF(_PAD, 1, 11 * _CELL, _CELL))
        if self.value is not None:
            painter.setPen(QColor("#000000"))
            painter.drawRect(self.step_rect(self.value).adjusted(0, -0.5, 0, 0.5))
        painter.setPen(self.palette().windowText().color())
        top = _CELL + 2
        for k in (0, 5, 10):
            painter.drawText(QRectF(_PAD + (k - 1) * _CELL, top, 3 * _CELL, self.fontMetrics().height()),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, str(k))
        painter.end()

    def step_rect(self, k: int) -> QRectF:
        """Where intensity ``k`` (0..10) is drawn."""
        return QRectF(_PAD + k * _CELL, 1, _CELL, _CELL)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        step = int((event.position().x() - _PAD) // _CELL)
        if 1 <= step <= 10:
            self.picked.emit(step)


class Swatches(QWidget):
    """Framed colour squares with their names, flowing onto as many lines as the width needs."""

    _GAP = 14

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.entries: list[tuple[np.ndarray, str]] = []
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_entries(self, entries) -> None:
        self.entries = list(entries)
        self.updateGeometry()
        self.update()

    def _layout(self, width: int) -> list[tuple[int, int, np.ndarray, str]]:
        """(x, line, colour, text) of each entry at ``width`` pixels."""
        fm, box = self.fontMetrics(), self.fontMetrics().height()
        x, line, out = 0, 0, []
        for rgb, text in self.entries:
            item = box + 4 + fm.horizontalAdvance(text)
            if x and x + item > width:
                x, line = 0, line + 1
            out.append((x, line, rgb, text))
            x += item + self._GAP
        return out

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt name)
        lines = 1 + max((line for _, line, _, _ in self._layout(width)), default=0)
        return lines * (self.fontMetrics().height() + 3) if self.entries else 0

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(200, self.heightForWidth(max(self.width(), 200)))

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        fm, box = self.fontMetrics(), self.fontMetrics().height()
        for x, line, rgb, text in self._layout(self.width()):
            y = line * (box + 3)
            painter.fillRect(QRectF(x + 1, y + 2, box - 3, box - 3), QColor.fromRgbF(*map(float, rgb)))
            painter.setPen(QColor("#555555"))
            painter.drawRect(QRectF(x + 1, y + 2, box - 3, box - 3))
            painter.setPen(self.palette().windowText().color())
            painter.drawText(QRectF(x + box + 3, y, fm.horizontalAdvance(text) + 2, box),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.end()


class ViewLegend(QWidget):
    """Swatches for the picture (a root's zones, an exam's statuses; every territory in words) and a
    0-10 scale for each symptom drawn; a hint when there is nothing to explain yet."""

    HINT = "Paint to mark pain, numbness or tingling; choose a root to see its skin."
    PATIENT_HINT = "Paint where you feel pain, numbness or tingling."
    """Patient mode has no root browser: the hint asks only for what a patient can do."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.swatches: list[tuple[np.ndarray, str]] = []
        self.symptoms: list[str] = []
        self._drawing = None
        self.hint = self.HINT
        self.boxes = Swatches()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.scales = {name: (QLabel(name.capitalize()), IntensityScale(name)) for name in SYMPTOMS}
        row = QHBoxLayout()  # the hint or the scales, one height either way: a first stroke never
        row.addWidget(self.note, 1)  # resizes the view under the brush
        self.note.setMinimumHeight(IntensityScale().sizeHint().height())
        for name_label, scale in self.scales.values():
            name_label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
            row.addWidget(name_label)
            row.addWidget(scale)
        row.addStretch(0)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 2, 6, 2)
        column.setSpacing(2)
        column.addWidget(self.boxes)
        column.addLayout(row)
        self._show()

    @property
    def entries(self) -> list[tuple[np.ndarray, str]]:
        """Everything listed: the picture's swatches, then each drawn symptom by name."""
        return self.swatches + [(colors.symptom_rgb(s, 6.0), s.capitalize()) for s in self.symptoms]

    def texts(self) -> list[str]:
        return [text for _, text in self.entries]

    def set_hint(self, text: str) -> None:
        """What to do first, shown while nothing is drawn or pictured ("" for nothing)."""
        self.hint = text
        self._show()

    def set_swatches(self, entries) -> None:
        self.swatches = [(np.asarray(c, dtype=float), str(t)) for c, t in entries]
        self._show()

    def follow(self, drawing) -> None:
        """List the symptoms ``drawing`` marks, and keep doing so as it changes (None: stop)."""
        if self._drawing is not None:
            self._drawing.changed.disconnect(self._drawing_changed)
        self._drawing = drawing
        if drawing is not None:
            drawing.changed.connect(self._drawing_changed)
        self._drawing_changed()

    def _drawing_changed(self, *_) -> None:
        drawn = drawn_symptoms(self._drawing.values if self._drawing is not None else None)
        if drawn != self.symptoms:
            self.symptoms = drawn
            self._show()

    def _show(self) -> None:
        many = len(self.swatches) > _MOST_SWATCHES
        self.boxes.set_entries([] if many else self.swatches)
        self.boxes.setVisible(bool(self.swatches) and not many)
        note = _MANY if many else ("" if self.swatches or self.symptoms else self.hint)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.setToolTip("\n".join(t for _, t in self.swatches))
        for name, (name_label, scale) in self.scales.items():
            name_label.setVisible(name in self.symptoms)
            scale.setVisible(name in self.symptoms)
