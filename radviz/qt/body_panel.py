"""BodyPanel: a body like the patient's (shape presets and sliders) and the skin tone of every picture.

Every shape shares the hm08 topology (:mod:`radviz.shape`), so a reshaped body keeps the drawing,
the atlas weights and the highlighted root vertex for vertex.  The panel only calls
``state.set_body`` and ``state.set_tone`` and mirrors the state back (a session opened with
another shape moves the sliders too).  Slider moves are debounced (~100 ms) because a shape costs a
few milliseconds and a drag emits many values.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QButtonGroup, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
                               QPushButton, QSlider, QToolButton, QVBoxLayout, QWidget)

from radviz import colors
from radviz.body import Body, default_body
from radviz.errors import InputError
from radviz.shape import DEFAULTS, PARAMETERS, PRESETS, body_with_shape, parse_shape
from radviz.qt.qtutil import signals_blocked

__all__ = ["BodyPanel", "install", "SLIDERS", "PANEL_PRESETS"]

SLIDERS = (("gender", "Gender", "female", "male"), ("age", "Age", "", "years"),
           ("weight", "Weight", "thin", "heavy"), ("muscle", "Muscle", "least", "most"),
           ("height", "Height", "short", "tall"))
"""(parameter, label, low-end word, high-end word); ranges come from :data:`radviz.shape.PARAMETERS`."""
PANEL_PRESETS = ("neutral", "female", "male", "older-female", "older-male", "heavy", "slim", "child")
_STEPS = 100  # slider ticks for the 0..1 parameters
_DEBOUNCE_MS = 100


def _base_of(body: Body) -> Body:
    """The unshaped body to reshape: shapes apply to the base mesh, never on top of another shape."""
    return default_body() if body.shape_key.startswith("shape:") else body


class BodyPanel(QWidget):
    """Presets, shape sliders and skin tones for an :class:`~radviz.state.AppState`.

    Parameters
    ----------
    state : AppState
        Whose body and skin tone the panel sets and mirrors.
    """

    def __init__(self, state, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self._preset: str | None = "neutral"
        self._timer = QTimer(self, singleShot=True, interval=_DEBOUNCE_MS)
        self._timer.timeout.connect(self._apply)
        box = QVBoxLayout(self)
        box.addWidget(self._presets_box())
        box.addWidget(self._sliders_box())
        box.addWidget(self._tones_box())
        self.status = QLabel(wordWrap=True)
        box.addWidget(self.status)
        box.addStretch(1)
        self._mirror(DEFAULTS)
        state.events.body.connect(self._body_changed)
        state.events.tone.connect(self._tone_changed)

    # ------------------------------------------------------------------ layout
    def _presets_box(self) -> QGroupBox:
        group = QGroupBox("Body like the patient's")
        grid = QGridLayout(group)
        self.preset_buttons = {}
        for k, name in enumerate(PANEL_PRESETS):
            button = QPushButton(name.replace("-", " ").capitalize(), checkable=True)
            button.clicked.connect(lambda _=False, n=name: self.set_shape(n))
            grid.addWidget(button, k // 4, k % 4)
            self.preset_buttons[name] = button
        self._preset_group = QButtonGroup(self)
        for button in self.preset_buttons.values():
            self._preset_group.addButton(button)
        self.preset_buttons["neutral"].setChecked(True)
        return group

    def _sliders_box(self) -> QGroupBox:
        group = QGroupBox("Shape")
        grid = QGridLayout(group)
        self.sliders, self._values = {}, {}
        for row, (key, label, low, high) in enumerate(SLIDERS):
            lo, hi = PARAMETERS[key]
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(*((int(lo), int(hi)) if key == "age" else (0, _STEPS)))
            slider.setToolTip(f"{label}: {low or f'{lo:g}'} .. {high if key != 'age' else f'{hi:g} years'}")
            slider.valueChanged.connect(self._on_slider)
            value = QLabel(minimumWidth=70)
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(slider, row, 1)
            grid.addWidget(value, row, 2)
            self.sliders[key], self._values[key] = slider, value
        grid.setColumnStretch(1, 1)
        return group

    def _tones_box(self) -> QGroupBox:
        group = QGroupBox("Skin tone")
        row = QHBoxLayout(group)
        self.tone_buttons = {}
        self._tone_group = QButtonGroup(self)
        for name, code in colors.SKIN_TONES.items():
            button = QToolButton(checkable=True, toolTip=name.capitalize())
            button.setFixedSize(34, 34)
            button.setStyleSheet(f"QToolButton {{ background: {code}; border: 1px solid #888; border-radius: 4px; }}"
                                 f"QToolButton:checked {{ border: 3px solid #e66100; }}")
            button.clicked.connect(lambda _=False, n=name: self.set_tone(n))
            self._tone_group.addButton(button)
            row.addWidget(button)
            self.tone_buttons[name] = button
        row.addStretch(1)
        self.tone_buttons[self.state.tone].setChecked(True)
        return group

    # ------------------------------------------------------------------ state
    def params(self) -> dict[str, float]:
        """The slider values as shape parameters (age in years, the others 0..1)."""
        return {key: float(s.value()) if key == "age" else s.value() / _STEPS for key, s in self.sliders.items()}

    def shape(self) -> str:
        """The shape string (:func:`radviz.shape.parse_shape` syntax): a preset name or key=value pairs."""
        if self._preset is not None:
            return self._preset
        return ",".join(f"{k}={v:g}" for k, v in self.params().items())

    def _mirror(self, params: dict[str, float]) -> None:
        """Show ``params`` on the sliders without treating it as a user move."""
        for key, slider in self.sliders.items():
            with signals_blocked(slider):
                slider.setValue(round(params[key] if key == "age" else params[key] * _STEPS))
        self._label_values()

    def _label_values(self) -> None:
        for key, value in self.params().items():
            self._values[key].setText(f"{value:g} years" if key == "age" else f"{value:.2f}")

    def _on_slider(self) -> None:
        self._preset = None
        checked = self._preset_group.checkedButton()
        if checked is not None:  # an exclusive group cannot uncheck its last button directly
            self._preset_group.setExclusive(False)
            checked.setChecked(False)
            self._preset_group.setExclusive(True)
        self._label_values()
        self._timer.start()

    # ------------------------------------------------------------------ actions
    def set_shape(self, spec: str) -> bool:
        """Show a shape now (a preset or ``key=value`` pairs); a bad one is said in the panel."""
        self._timer.stop()
        return self._apply(spec)

    def set_tone(self, tone: str) -> None:
        """Colour every picture's skin with ``tone`` (a key of :data:`radviz.colors.SKIN_TONES`)."""
        if tone not in colors.SKIN_TONES:
            raise ValueError(f"unknown skin tone '{tone}'; allowed: {', '.join(colors.SKIN_TONES)}")
        self.state.set_tone(tone)

    def _apply(self, spec: str | None = None) -> bool:
        """Reshape the state's body; the drawing, the picture and the camera stay."""
        spec = spec or self.shape()
        try:
            body = body_with_shape(_base_of(self.state.body), spec)
        except InputError as exc:
            self.status.setText(exc.reason)
            return False
        self.state.set_body(body, spec)
        self.status.setText("")
        return True

    # ------------------------------------------------------------------ state -> panel
    def _body_changed(self, _body) -> None:
        """Mirror the state's shape: the preset button, or the sliders of a parameter shape."""
        spec = self.state.shape
        try:
            params = parse_shape(spec)
        except InputError:  # an opened mesh ('file:NAME'): nothing to mirror
            return
        self._preset = spec if spec in PRESETS else None
        for name, button in self.preset_buttons.items():
            button.setChecked(name == spec)
        self._mirror({**DEFAULTS, **params})

    def _tone_changed(self, tone: str) -> None:
        with signals_blocked(self._tone_group):
            self.tone_buttons[tone].setChecked(True)


def install(window) -> BodyPanel:
    """Add the Body dock, tabbed with the results."""
    panel = BodyPanel(window.state)
    window.add_dock("body", "Body", panel, "right", tab_with="results", min_width=0)
    window.docks["results"].raise_()
    window.body_panel = panel
    return panel
