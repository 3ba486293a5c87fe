"""Exports from the window: the view as a PNG of any size, and the PDF report.

Before a report, a small dialog asks for its header: patient name, ID and date of birth, the
clinician, the report's date (today by default) and notes.  All but the date are kept in the
session (saved with it, never sent anywhere); a field left empty prints as a line to fill in.
Both go through the atomic writer (:func:`radviz.render.save_png`, :mod:`radviz.qt.report_pdf`), so
a failed write keeps the previous file and is said in the window.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QObject, Qt
from PySide6.QtWidgets import (QApplication, QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QSpinBox)

from radviz.qt.session_file import session_stem
from radviz.report_fields import FIELD_LABELS, MAX_FIELD_CHARS, MAX_NOTES_CHARS, PatientFields

__all__ = ["Exports", "SizeDialog", "ReportDialog", "render_view"]


def render_view(window, width: int, height: int):
    """The body as the 3D view shows it (colours, camera), rendered off-screen at ``width`` x ``height``.

    Goes through the off-screen renderer (:func:`radviz.render_offscreen.render_scene`) with the
    on-screen camera, so any size is possible without resizing the window.  Returns an
    (height, width, 3) uint8 array on a white background (prints well).
    """
    from radviz.render_offscreen import render_scene
    from radviz.scene import Picture, Scene

    source = window.view.plotter
    camera = {"position": source.camera_position, "view_angle": source.camera.view_angle,
              "parallel": bool(source.camera.parallel_projection), "parallel_scale": source.camera.parallel_scale}
    scene = Scene(window.body, Picture(window.view.colours() / 255.0), None, window.state.camera)
    return render_scene(scene, (int(width), int(height)), camera=camera)


class SizeDialog(QDialog):
    """Ask for an image's width and height in pixels (defaults: the 3D view's size)."""

    def __init__(self, parent, width: int, height: int):
        super().__init__(parent)
        self.setWindowTitle("Export image")
        form = QFormLayout(self)
        self.width_box, self.height_box = QSpinBox(), QSpinBox()
        for box, value in ((self.width_box, width), (self.height_box, height)):
            box.setRange(64, 8000)
            box.setSuffix(" px")
            box.setValue(value)
            box.setMinimumWidth(120)
        form.addRow("Width", self.width_box)
        form.addRow("Height", self.height_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def size(self) -> tuple[int, int]:
        return self.width_box.value(), self.height_box.value()


class ReportDialog(QDialog):
    """Ask for the report's header fields, filled in with what the session already holds."""

    def __init__(self, parent, patient: PatientFields, notes: str):
        super().__init__(parent)
        self.setWindowTitle("Report details")
        form = QFormLayout(self)
        form.addRow(QLabel("Printed at the top of the report; empty fields print as lines to fill in by hand.\n"
                           "Kept in this session's file only."))
        self.boxes: dict[str, QLineEdit] = {}
        for key, value in patient.to_dict().items():
            box = QLineEdit(value)
            box.setMaxLength(MAX_FIELD_CHARS)
            box.setMinimumWidth(280)
            self.boxes[key] = box
            form.addRow(FIELD_LABELS[key], box)
        self.boxes["birth_date"].setPlaceholderText("YYYY-MM-DD")
        self.date_box = QDateEdit(QDate.currentDate())
        self.date_box.setCalendarPopup(True)
        self.date_box.setDisplayFormat("yyyy-MM-dd")
        form.addRow("Report date", self.date_box)
        self.notes_box = QPlainTextEdit(notes)
        self.notes_box.setMinimumHeight(90)
        form.addRow("Notes", self.notes_box)
        self.problem = QLabel("")
        self.problem.setStyleSheet("color: #a00000")
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Continue…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def patient(self) -> PatientFields:
        """The fields as entered; ValueError naming the field when one is not valid."""
        return PatientFields(**{key: box.text().strip() for key, box in self.boxes.items()})

    def notes(self) -> str:
        return self.notes_box.toPlainText()[:MAX_NOTES_CHARS]

    def date(self) -> str:
        return self.date_box.date().toString("yyyy-MM-dd")

    def accept(self) -> None:
        """Close only with valid fields; otherwise say which one is wrong and stay open."""
        try:
            self.patient()
        except ValueError as exc:
            self.problem.setText(f"{FIELD_LABELS['birth_date']}: {exc}")
            self.boxes["birth_date"].setFocus()
            return
        super().accept()


class Exports(QObject):
    """Export the window's view (PNG) and report (PDF), named after the session."""

    def __init__(self, window, sessions):
        super().__init__(window)
        self.window, self.sessions = window, sessions

    def export_png(self, path: str | Path, width: int, height: int) -> Path:
        """Write the current view as a ``width`` x ``height`` PNG."""
        from radviz.render import save_png

        return save_png(render_view(self.window, width, height), path)

    def export_report(self, path: str | Path, date: str | None = None) -> Path:
        """Write the PDF report (header fields, red flags, pictures, findings, ranked causes, sources)
        dated ``date`` (YYYY-MM-DD, default today)."""
        from radviz.qt.report_pdf import write_pdf
        from radviz.report import build_report

        s = self.window.state
        return write_pdf(build_report(s.engine, s.drawing, s.findings, shape=s.shape, tone=s.tone,
                                      visits=s.stored_visits(), exam=s.exam.exam, patient=s.patient,
                                      notes=s.notes, date=date), path)

    def _export(self, title: str, suffix: str, write) -> None:
        path = self.sessions.path
        start = str((path.parent if path else Path.home()) / f"{session_stem(path, 'radviz')}{suffix}")
        chosen, _ = QFileDialog.getSaveFileName(self.window, title, start, f"*{suffix}")
        if not chosen:
            return
        if not chosen.lower().endswith(suffix):
            chosen += suffix
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            write(chosen)
        except OSError as exc:
            QMessageBox.critical(self.window, title, f"Cannot write {Path(chosen).name}\n\n{exc}")
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.window.statusBar().showMessage(f"Wrote {chosen}", 8000)

    def ask_export_png(self) -> None:
        view = self.window.view
        dialog = SizeDialog(self.window, max(view.width(), 64), max(view.height(), 64))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._export("Export image", ".png", lambda p: self.export_png(p, *dialog.size()))

    def ask_export_report(self) -> None:
        """The header dialog (its fields kept in the session), then where to write the PDF."""
        s = self.window.state
        dialog = ReportDialog(self.window, s.patient, s.notes)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        s.set_report_fields(dialog.patient(), dialog.notes())
        self._export("Export report", ".pdf", lambda p: self.export_report(p, dialog.date()))
