"""TourView: the dermatome tour for a lecture, C2 to S4-5, one root per step, full screen.

The steps come from :func:`radviz.teach.tour_steps` (the maps' and myotome tables' data), the
pictures from :mod:`radviz.pictures`; this view only pages through them.  Keys, because a
presenter has a clicker: Right/Space forward, Left back, P plays on a timer, Esc leaves.
:func:`export_tour` writes the same steps as slide images off-screen (no window GL needed).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from radviz import colors, pictures
from radviz.render import VIEWS, render_panels, save_png, view_direction

__all__ = ["TourView", "TEXT_POINTS", "facing_view", "step_html", "export_tour"]

_SIDE_VIEWS = tuple(v for v in VIEWS if v != "superior")


def facing_view(body, vertices) -> str:
    """The standard view that looks most squarely at ``vertices`` (so a key point is never hidden).

    Front and back are preferred unless the skin clearly faces sideways: a profile hides the
    other half of the body, and fingers and toes, whose normals point anywhere, read best from the front.
    """
    normal = body.vertex_normals[np.atleast_1d(vertices)].mean(axis=0)
    profile = {"left": 0.6, "right": 0.6}
    return max(_SIDE_VIEWS, key=lambda v: float(normal @ view_direction(v)) * profile.get(v, 1.0))


TEXT_POINTS = (20, 18, 16, 14, 12, 11)
"""Text sizes tried, largest first: a long step shrinks to fit beside the body on a small screen."""


def step_html(step, summary_points: int = 15) -> str:
    """One tour step as rich text: territory, key point, key movement, muscles, reflexes, summary."""
    rows = [("Skin", step.description), ("Key sensory point", step.key_point_text),
            ("Key movement", (step.key_movement or "").replace("_", " ")),
            ("Main muscles", ", ".join(step.muscles)), ("Reflex", ", ".join(step.reflexes))]
    lines = "".join(f"<p><b>{k}:</b> {v}</p>" for k, v in rows if v)
    summary = f"<p style='color:#444; font-size:{summary_points}pt'>{step.summary}</p>"
    return lines + (summary if step.summary else "")


class TourView(QWidget):
    """A presentation of the tour steps on its own 3D view with large text.

    Parameters
    ----------
    body, atlas :
        What to show (the window's current body and map).
    steps : list of teach.TourStep
    tone : str
        Skin tone of the pictures (:data:`radviz.colors.SKIN_TONES`).
    interval_ms : int
        Time per step when playing.
    """

    def __init__(self, body, atlas, steps, tone: str = "fair", interval_ms: int = 5000,
                 parent: QWidget | None = None):
        from radviz.qt.body_view import BodyView

        super().__init__(parent)
        self.setWindowTitle("Dermatome tour")
        self.body, self.atlas, self.steps, self.tone, self.index = body, atlas, list(steps), tone, 0
        self.view = BodyView()
        self.title = QLabel(font=QFont("Sans", 54, QFont.Weight.Bold))
        self.text = QLabel(wordWrap=True, font=QFont("Sans", 20), textFormat=Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop)
        hint = QLabel("→ or Space: next    ←: back    P: play / pause    Esc: leave",
                      font=QFont("Sans", 13), styleSheet="color: #666")
        side = QVBoxLayout()
        for widget, stretch in ((self.title, 0), (self.text, 1), (hint, 0)):
            side.addWidget(widget, stretch)
        row = QHBoxLayout(self)
        row.addWidget(self.view, 3)
        row.addLayout(side, 2)
        self.setStyleSheet("TourView { background: white; }")
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(lambda: self.step(+1) if self.index < len(self.steps) - 1 else self.timer.stop())
        for keys, slot in (([Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown], lambda: self.step(+1)),
                           ([Qt.Key.Key_Left, Qt.Key.Key_Backspace, Qt.Key.Key_PageUp], lambda: self.step(-1)),
                           ([Qt.Key.Key_P], self.toggle_play), ([Qt.Key.Key_Escape], self.close)):
            action = QAction(self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self.view.set_body(body, colors.skin_rgb(body.n_vertices, tone))
        self.show_step(0)

    def show_step(self, k: int) -> None:
        """Highlight step ``k``'s root, turn to its key point and show its text."""
        self.index = int(np.clip(k, 0, len(self.steps) - 1))
        step = self.steps[self.index]
        rgb, markers = pictures.root_picture(self.body, self.atlas, step.root, step.side, self.tone)
        self.view.set_picture(rgb, markers)
        self.view.set_view(facing_view(self.body, markers) if markers else "anterior")
        self.title.setText(f"{step.root} <span style='font-size:18pt; color:#666'>"
                           f"{self.index + 1} / {len(self.steps)}</span>")
        self._fit_text()

    def _fit_text(self) -> None:
        """The step's text at the largest size that fits the room beside the body (never cut off)."""
        step, font = self.steps[self.index], self.text.font()
        for points in TEXT_POINTS:
            font.setPointSize(points)
            self.text.setFont(font)
            self.text.setText(step_html(step, round(points * 0.75)))
            if self.text.heightForWidth(self.text.width()) <= self.text.height():
                break

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._fit_text()

    def step(self, delta: int) -> None:
        self.show_step(self.index + delta)

    def toggle_play(self) -> None:
        self.timer.stop() if self.timer.isActive() else self.timer.start()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """Stop the timer and finalise VTK before the view goes."""
        self.timer.stop()
        self.view.close()
        super().closeEvent(event)


def export_tour(body, atlas, steps, folder: str | Path, tone: str = "fair",
                size: tuple[int, int] = (1600, 900)) -> list[Path]:
    """Write one slide per step (front and back, key point marked) as ``tour-NN-ROOT.png``.

    Rendered off-screen with :func:`radviz.render.render_panels`, so a lecture's slides can be
    made without a working on-screen GL context.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for k, step in enumerate(steps, 1):
        rgb, markers = pictures.root_picture(body, atlas, step.root, step.side, tone)
        panels = [{"rgb": rgb, "view": view, "markers": markers, "title_size": 14,
                   "title": f"{step.side} {step.root}: {step.description}" if view == "anterior" else
                   (step.key_point_text and f"Key point: {step.key_point_text}")}
                  for view in ("anterior", "posterior")]
        out.append(save_png(render_panels(body, panels, size, (1, 2)),
                            folder / f"tour-{k:02d}-{step.root}.png"))
    return out
