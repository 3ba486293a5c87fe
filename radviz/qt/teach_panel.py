"""The quiz panel: settings, one question at a time, feedback, running score and per-root progress.

Questions, scores and feedback come from the Qt-free :mod:`radviz.teach`; this panel only asks
and shows, and puts the truth on the body after an answer.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QCheckBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from radviz import pictures, teach
from radviz.qt.teach_mode import TeachMode
from radviz.visibility import view_showing

__all__ = ["TeachPanel", "KIND_LABELS", "progress_path"]

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
            markers, view = [q.vertex], view_showing(body, [q.vertex])
        elif q.kind == "case":
            drawing.paint(q.case.symptom, q.case.vertices, q.case.values)
            view = view_showing(body, q.case.vertices, q.case.values)  # the marked skin in sight
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
