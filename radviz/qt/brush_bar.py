"""BrushBar: the brush's settings (symptom, intensity, radius, eraser) as toolbar widgets.

These are settings for the next stroke, not model state, so they live in the view; the window
reads them when a stroke starts and hands them to a :class:`~radviz.qt.commands.PaintStroke`.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QSpinBox,
                               QToolButton, QWidget)

from radviz.colors import SYMPTOM_COLOURS
from radviz.drawing import SYMPTOMS
from radviz.qt.view_legend import IntensityScale

__all__ = ["BrushBar"]

CM_PER_UNIT = 10.0  # the shipped body is in decimetres; people think of a brush in centimetres


def _swatch(rgb) -> QIcon:
    pix = QPixmap(14, 14)
    pix.fill(QColor.fromRgbF(*map(float, rgb)))
    return QIcon(pix)


class BrushBar(QWidget):
    """Symptom selector (each its own colour), intensity 1-10 beside its 0-10 colour scale, radius
    in cm and an eraser.  A click on the scale sets the intensity.

    Signals
    -------
    radius_changed(float)
        New radius in body units (dm), so the ring under the cursor follows the spin box.
    """

    radius_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.symptom_box = QComboBox()
        for name in SYMPTOMS:
            self.symptom_box.addItem(_swatch(SYMPTOM_COLOURS[name]), name.capitalize(), name)
        self.symptom_box.setToolTip("What the person feels here")
        self.intensity_box = QSpinBox()
        self.intensity_box.setRange(1, 10)
        self.intensity_box.setValue(6)
        self.intensity_box.setToolTip("How strong, 1 (barely) to 10 (worst imaginable)")
        self.scale = IntensityScale(self.symptom_box.currentData())
        self.scale.set_value(self.intensity_box.value())
        self.radius_box = QDoubleSpinBox()
        self.radius_box.setRange(0.5, 20.0)
        self.radius_box.setSingleStep(0.5)
        self.radius_box.setDecimals(1)
        self.radius_box.setValue(4.0)
        self.radius_box.setSuffix(" cm")
        self.radius_box.setToolTip("Brush radius over the skin")
        self.eraser = QToolButton()
        self.eraser.setText("Eraser")
        self.eraser.setCheckable(True)
        self.eraser.setShortcut("E")
        self.eraser.setToolTip("Erase instead of paint (E)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        for label, widget in (("Symptom", self.symptom_box), ("Intensity", self.intensity_box), (None, self.scale),
                              ("Radius", self.radius_box), (None, self.eraser)):
            if label:
                layout.addWidget(QLabel(label))
            layout.addWidget(widget)
        self.radius_box.valueChanged.connect(lambda cm: self.radius_changed.emit(cm / CM_PER_UNIT))
        self.eraser.toggled.connect(self.symptom_box.setDisabled)
        self.eraser.toggled.connect(self.intensity_box.setDisabled)
        self.eraser.toggled.connect(self.scale.setDisabled)
        self.symptom_box.currentIndexChanged.connect(lambda _: self.scale.set_symptom(self.symptom_box.currentData()))
        self.intensity_box.valueChanged.connect(self.scale.set_value)
        self.scale.picked.connect(self.intensity_box.setValue)

    def symptom(self) -> str | None:
        """The symptom to paint, or None when erasing."""
        return None if self.eraser.isChecked() else self.symptom_box.currentData()

    def intensity(self) -> float:
        return float(self.intensity_box.value())

    def radius(self) -> float:
        """Radius in body units (dm)."""
        return self.radius_box.value() / CM_PER_UNIT
