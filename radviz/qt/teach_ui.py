"""Teach mode: quizzes on the body, progress across sessions, and the teacher's tour, comparison and slides.

Questions, scores and feedback come from the Qt-free :mod:`radviz.teach`; this module only asks,
shows and keeps the window honest while a student plays: the quiz gets its own
:class:`~radviz.drawing.Drawing` (the patient's is switched out, not touched), the results panel and
the hover line are emptied (they would give the answers away), and Undo never reaches past the
strokes made in Teach mode.  Leaving rolls those strokes back and restores the window.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QFont, QUndoCommand
from PySide6.QtWidgets import (QCheckBox, QDockWidget, QFileDialog, QGridLayout, QGroupBox, QHBoxLayout,
                               QLabel, QListWidget, QListWidgetItem, QPushButton, QSpinBox, QVBoxLayout,
                               QWidget)

from radviz import colors, pictures, teach
from radviz.drawing import Drawing
from radviz.qt.compare_view import CompareView
from radviz.qt.qtutil import add_menu
from radviz.qt.tour_view import TourView, export_tour, facing_view
from radviz.render import VIEWS, save_png, view_direction

__all__ = ["TeachPanel", "TeachMode", "install", "KIND_LABELS", "progress_path"]

KIND_LABELS = {"show_me": "Show me", "which_root": "Which root?", "case": "Which root, from the case?",
               "muscle": "Key muscle and reflex"}
_REVEALED = ("show_me", "which_root", "case")  # kinds whose answer is a territory on the body
_GOOD, _BAD = "#e3f4e1", "#fbe4e1"


def _pct(x: float) -> str:
    return f"{round(100 * x)}%"


def progress_path() -> Path | None:
    """Where per-root accuracy is kept (``RADVIZ_TEACH_PROGRESS`` overrides, for tests and labs)."""
    path = os.environ.get("RADVIZ_TEACH_PROGRESS")
    return Path(path) if path else None


class TeachMode(QObject):
    """Switches the state in and out of Teach mode (``state.mode``) and keeps Undo to the quiz strokes.

    The state gives Teach mode its own drawing (``state.quiz_drawing``); the window shows it, keeps
    the hover line empty and leaves the picture to the quiz.  Closing the window leaves Teach mode
    first, so whatever saves on close sees the patient.

    Parameters
    ----------
    window : MainWindow
    """

    def __init__(self, window):
        super().__init__(window)
        self.window, self.state = window, window.state
        window.installEventFilter(self)
        self._saved_shown = None
        self._mark = 0

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Close:
            self.leave()
        return False

    @property
    def active(self) -> bool:
        return self.state.mode == "teach"

    @property
    def drawing(self) -> Drawing:
        return self.state.quiz_drawing

    @property
    def tone(self) -> str:
        return self.state.tone

    def enter(self) -> None:
        """Show the quiz drawing instead of the patient's; hide the results (they would give answers away)."""
        w = self.window
        if self.active:
            return
        self._saved_shown = self.state.shown
        self._mark = w.undo_stack.index()
        self.state.set_mode("teach")
        w.results.hide()  # its tab stays (hiding a tabbed dock leaves Qt's tab bars stale); it is empty
        for signal in (w.undo_stack.indexChanged, w.undo_stack.canUndoChanged):
            signal.connect(self._guard_undo)
        self._guard_undo()

    def leave(self) -> None:
        """Roll back the quiz strokes and give the window its patient drawing and picture back."""
        w = self.window
        if not self.active:
            return
        self.drop_strokes()
        for signal in (w.undo_stack.indexChanged, w.undo_stack.canUndoChanged):
            signal.disconnect(self._guard_undo)
        w.undo_action.setEnabled(w.undo_stack.canUndo())
        self.state.set_mode("clinic")
        if self._saved_shown is not None:
            try:
                self.state.show(self._saved_shown)
            except ValueError:  # the map changed meanwhile and lacks that root
                pass
        w.results.show()

    def _guard_undo(self, *_) -> None:
        """Undo stops at the first Teach-mode stroke: older steps belong to the hidden patient drawing."""
        stack = self.window.undo_stack
        self._mark = min(self._mark, stack.count())  # a session opened meanwhile cleared the stack
        self.window.undo_action.setEnabled(stack.index() > self._mark)

    def drop_strokes(self) -> None:
        """Undo the strokes made since entering and forget them (an obsolete push drops the redo tail)."""
        stack = self.window.undo_stack
        stack.setIndex(self._mark)
        if stack.canRedo():
            end = QUndoCommand()
            end.setObsolete(True)
            stack.push(end)

    def show(self, rgb, markers=(), view: str | None = None) -> None:
        """Put a quiz picture under the quiz drawing (the state's picture comes back on leaving)."""
        self.window.view.set_picture(rgb, markers)
        if view is not None:
            self.state.set_camera(view)

    def skin(self) -> np.ndarray:
        return colors.skin_rgb(self.window.body.n_vertices, self.tone)


class TeachPanel(QWidget):
    """The quiz: settings, one question at a time, feedback, running score and progress."""

    def __init__(self, mode: TeachMode, parent: QWidget | None = None):
        super().__init__(parent)
        self.mode, self.window = mode, mode.window
        self.quiz: teach.Quiz | None = None
        self.store = teach.ProgressStore(progress_path())
        box = QVBoxLayout(self)
        box.addWidget(self._settings_box())
        box.addWidget(self._question_box(), 1)
        box.addWidget(self._teacher_box())
        self.leave_button = QPushButton("Leave teach mode")
        box.addWidget(self.leave_button)
        self._show_progress()
        self._idle("Choose the kinds of question and press Start.")

    # ------------------------------------------------------------------ layout
    def _settings_box(self) -> QGroupBox:
        group = QGroupBox("Quiz")
        grid = QGridLayout(group)
        self.kind_boxes = {}
        for k, (kind, label) in enumerate(KIND_LABELS.items()):
            self.kind_boxes[kind] = QCheckBox(label, checked=True)
            grid.addWidget(self.kind_boxes[kind], k // 2, k % 2)
        self.count = QSpinBox(minimum=1, maximum=50, value=10, prefix="Questions: ")
        self.seed = QSpinBox(minimum=0, maximum=999_999, value=int(np.random.default_rng().integers(1000)),
                             prefix="Seed: ", toolTip="The same seed gives the same questions in the same order")
        self.start_button = QPushButton("Start")
        self.start_button.clicked.connect(self.new_quiz)
        row = QHBoxLayout()
        for widget in (self.count, self.seed, self.start_button):
            row.addWidget(widget)
        grid.addLayout(row, 2, 0, 1, 2)
        return group

    def _question_box(self) -> QGroupBox:
        group = QGroupBox("Question")
        box = QVBoxLayout(group)
        self.status = QLabel()
        self.prompt = QLabel(wordWrap=True, font=QFont("Sans", 13, QFont.Weight.DemiBold),
                             textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = QLabel(wordWrap=True, styleSheet="color: #555")
        self.choices = QListWidget(minimumHeight=130)
        self.choices.itemDoubleClicked.connect(self.check)
        self.check_button, self.next_button = QPushButton("Check"), QPushButton("Next")
        self.check_button.clicked.connect(self.check)
        self.next_button.clicked.connect(self.next_question)
        self.review_button = QPushButton("Review my mistakes")
        self.review_button.clicked.connect(self.review)
        self.feedback = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.feedback.setMargin(6)
        buttons = QHBoxLayout()
        for b in (self.check_button, self.next_button, self.review_button):
            buttons.addWidget(b)
        for widget in (self.status, self.prompt, self.hint, self.choices):
            box.addWidget(widget)
        box.addLayout(buttons)
        box.addWidget(self.feedback)
        box.addStretch(1)  # the feedback grows downwards; the question stays put
        self.progress = QLabel(wordWrap=True, styleSheet="color: #555")
        box.addWidget(self.progress)
        return group

    def _teacher_box(self) -> QGroupBox:
        group = QGroupBox("Teacher")
        grid = QGridLayout(group)
        self.teacher_buttons = {}
        for k, (key, text) in enumerate((("tour", "Dermatome tour"), ("compare", "Two maps side by side"),
                                         ("export_view", "Export view as PNG…"),
                                         ("export_tour", "Export tour as PNGs…"))):
            self.teacher_buttons[key] = QPushButton(text)
            grid.addWidget(self.teacher_buttons[key], k // 2, k % 2)
        return group

    # ------------------------------------------------------------------ quiz flow
    def kinds(self) -> tuple[str, ...]:
        return tuple(k for k, b in self.kind_boxes.items() if b.isChecked()) or ("show_me",)

    def new_quiz(self) -> None:
        """A quiz from the settings: same kinds, count and seed give the same questions."""
        self.start(teach.Quiz(self.kinds(), self.count.value(), self.seed.value(), engine=self.window.engine))

    def start(self, quiz: teach.Quiz) -> None:
        self.quiz = quiz
        self.show_question()

    def review(self) -> None:
        if self.quiz is not None and self.quiz.mistakes():
            self.start(self.quiz.review_mistakes())

    def show_question(self) -> None:
        """Set the body up for the current question: bare skin, a marked spot, or the case's drawing."""
        q = self.quiz.current if self.quiz else None
        if q is None:
            return self._finished()
        body, drawing = self.window.body, self.mode.drawing
        self.mode.drop_strokes()
        drawing.clear()
        markers, view = [], None
        if q.kind == "which_root":
            markers, view = [q.vertex], facing_view(body, q.vertex)
        elif q.kind == "case":
            drawing.paint(q.case.symptom, q.case.vertices, q.case.values)
            view = facing_view(body, q.case.vertices)
        self.mode.show(self.mode.skin(), markers, view)
        if q.kind == "show_me":
            self.window.set_mode("paint")
        self._show_status(len(self.quiz.answers) + 1)
        self.prompt.setText(q.prompt)
        self.hint.setText("Paint the skin with the brush, then press Check." if q.kind == "show_me" else
                          "Pick an answer, then press Check (or double-click it).")
        self.choices.clear()
        for choice in q.choices:
            item = QListWidgetItem(choice.replace("_", " "))
            item.setData(Qt.ItemDataRole.UserRole, choice)
            self.choices.addItem(item)
        self.choices.setVisible(bool(q.choices))
        self._set_feedback("", None)
        self.check_button.setEnabled(True)
        self.next_button.setEnabled(False)

    def choose(self, answer: str) -> None:
        """Select a choice by its name (as the student's click does)."""
        for k in range(self.choices.count()):
            if self.choices.item(k).data(Qt.ItemDataRole.UserRole) == answer:
                self.choices.setCurrentRow(k)
                return
        raise ValueError(f"'{answer}' is not a choice; choices: {', '.join(self.quiz.current.choices)}")

    def check(self, *_) -> teach.Answer | None:
        """Score the answer with :mod:`radviz.teach`, show the feedback and, on the body, the truth."""
        q = self.quiz.current if self.quiz else None
        if q is None or not self.check_button.isEnabled():
            return None
        if q.kind == "show_me":
            vertices, values, _ = self.mode.drawing.mass()
            response = (vertices, values)
        elif self.choices.currentItem() is None:
            self._set_feedback("Pick an answer first.", None)
            return None
        else:
            response = self.choices.currentItem().data(Qt.ItemDataRole.UserRole)
        answer = self.quiz.answer(response)
        self.store.add({q.root: {"asked": 1, "correct": int(answer.correct)}})
        self.store.save()
        if q.kind in _REVEALED:
            rgb, markers = pictures.root_picture(self.window.body, self.window.engine.atlas, q.root, q.side,
                                                 self.mode.tone)
            self.mode.show(rgb, markers + ([q.vertex] if q.vertex is not None else []))
        self._set_feedback(answer.text, answer.correct)
        self._show_status(len(self.quiz.answers))
        self.check_button.setEnabled(False)
        self.next_button.setEnabled(True)
        self._show_progress()
        return answer

    def next_question(self) -> None:
        self.show_question()

    def _finished(self) -> None:
        if self.quiz is None:
            return self._idle("Choose the kinds of question and press Start.")
        q = self.quiz
        self._idle(f"Done: {q.n_correct} of {len(q.answers)} right, score {_pct(q.score)}."
                   + (" Press “Review my mistakes” to try those again." if q.mistakes() else ""))

    def _idle(self, text: str) -> None:
        self.status.setText("")
        self.prompt.setText(text)
        self.hint.clear()
        self.choices.clear()
        self.choices.hide()
        self._set_feedback("", None)
        self.check_button.setEnabled(False)
        self.next_button.setEnabled(False)

    def _show_status(self, number: int) -> None:
        done = len(self.quiz.answers)
        self.status.setText(f"Question {number} of {len(self.quiz.questions)} · "
                            f"score {self.quiz.score * done:.1f} of {done}")

    def _set_feedback(self, text: str, correct: bool | None) -> None:
        self.feedback.setText(text)
        colour = "transparent" if correct is None else _GOOD if correct else _BAD
        self.feedback.setStyleSheet(f"QLabel {{ background: {colour}; border-radius: 4px; }}")

    def _show_progress(self) -> None:
        """Per-root accuracy kept across sessions: the weakest roots first, where practice helps most."""
        acc = self.store.accuracy()
        worst = sorted(acc, key=lambda r: (acc[r], r))[:6]
        self.progress.setText("Your accuracy so far: " + ", ".join(
            f"{r} {_pct(acc[r])} ({self.store.roots[r]['asked']})" for r in worst) if worst else
            "Your accuracy per root is kept on this computer as you answer.")


def nearest_view(camera_position) -> str:
    """The standard view closest to a camera (export renders standard views only)."""
    eye, focus = np.asarray(camera_position[0]), np.asarray(camera_position[1])
    direction = (eye - focus) / max(np.linalg.norm(eye - focus), 1e-12)
    return max(VIEWS, key=lambda v: float(direction @ view_direction(v)))


def export_view(window, folder: str | Path) -> Path:
    """The picture and drawing on screen, from the nearest standard view, as a slide-sized PNG."""
    from radviz.render_offscreen import render_scene
    from radviz.scene import Picture, Scene

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    scene = Scene(window.body, Picture(window.view.colours() / 255.0), None,
                  nearest_view(window.view.plotter.camera_position), window.engine.atlas.map.title)
    return save_png(render_scene(scene, (1200, 1200), parallel=True), folder / "radviz-view.png")


def install(window) -> TeachMode:
    """Add the Teach dock (shown only in Teach mode), a Teach menu, and the teacher's windows."""
    mode = TeachMode(window)
    panel = TeachPanel(mode)
    dock = window.add_dock("teach", "Teach", panel, "right", tab_with="results", min_width=360, view_menu=False)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable |
                     QDockWidget.DockWidgetFeature.DockWidgetFloatable)  # one way out: leaving the mode
    dock.hide()
    toggle = QAction("Teach mode", window, checkable=True, shortcut="F9",
                     toolTip="Quizzes on their own drawing; the patient's drawing is kept aside (F9)")

    def set_active(on: bool) -> None:
        if on == mode.active:
            return
        if on:
            mode.enter()
            dock.show()
            dock.raise_()
            panel.show_question()
        else:
            mode.leave()
            dock.hide()
        toggle.setChecked(on)

    toggle.toggled.connect(set_active)
    panel.leave_button.clicked.connect(lambda: set_active(False))
    tools = _TeacherTools(window, mode)
    menu = add_menu(window.menuBar(), "&Teach")
    window.menus["teach"] = menu
    window.add_action("teach", toggle, "teach")
    menu.addSeparator()
    for key, button in panel.teacher_buttons.items():
        slot = getattr(tools, key)
        button.clicked.connect(lambda _=False, f=slot: f())
        action = QAction(button.text(), window)
        action.triggered.connect(lambda _=False, f=slot: f())
        window.add_action(f"teach_{key}", action, "teach")
    window.teach_mode, window.teach_panel, window.teach_tools = mode, panel, tools
    window.teach_action = toggle
    return mode


class _TeacherTools(QObject):
    """The tour, the comparison and the slide exports; their windows close with the main window."""

    def __init__(self, window, mode: TeachMode):
        super().__init__(window)
        self.window, self.mode = window, mode
        self.windows: list[QWidget] = []
        window.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Close:
            for widget in self.windows:
                widget.close()
        return False

    def _open(self, widget: QWidget, full_screen: bool = False) -> QWidget:
        self.windows = [w for w in self.windows if w.isVisible()]  # closed ones are finalised: let them go
        self.windows.append(widget)
        if full_screen:
            widget.showFullScreen()
        else:
            widget.resize(1400, 900)
            widget.show()
        widget.activateWindow()
        return widget

    def steps(self) -> list:
        w = self.window
        return teach.tour_steps(w.engine.atlas, w.engine.myotomes, w.summaries)

    def tour(self) -> TourView:
        return self._open(TourView(self.window.body, self.window.engine.atlas, self.steps(), self.mode.tone),
                          full_screen=True)

    def compare(self) -> CompareView:
        return self._open(CompareView(self.window.body, tone=self.mode.tone))

    def export_view(self, folder: str | None = None) -> Path | None:
        folder = folder or QFileDialog.getExistingDirectory(self.window, "Export the view to…")
        return export_view(self.window, folder) if folder else None

    def export_tour(self, folder: str | None = None, steps=None) -> list[Path]:
        folder = folder or QFileDialog.getExistingDirectory(self.window, "Export the tour to…")
        if not folder:
            return []
        return export_tour(self.window.body, self.window.engine.atlas,
                           self.steps() if steps is None else steps, folder, self.mode.tone)
