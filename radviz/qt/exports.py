"""Exports from the window: the view as a PNG of any size, and the PDF report.

Both go through the atomic writer (:func:`radviz.render.save_png`, :mod:`radviz.qt.report_pdf`), so
a failed write keeps the previous file and is said in the window.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QMessageBox, QSpinBox)

from radviz.qt.session_file import session_stem

__all__ = ["Exports", "SizeDialog", "render_view"]


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


class Exports(QObject):
    """Export the window's view (PNG) and report (PDF), named after the session."""

    def __init__(self, window, sessions):
        super().__init__(window)
        self.window, self.sessions = window, sessions

    def export_png(self, path: str | Path, width: int, height: int) -> Path:
        """Write the current view as a ``width`` x ``height`` PNG."""
        from radviz.render import save_png

        return save_png(render_view(self.window, width, height), path)

    def export_report(self, path: str | Path) -> Path:
        """Write the PDF report (charts, findings, ranked roots, explanation, sources, disclaimer)."""
        from radviz.qt.report_pdf import write_pdf
        from radviz.report import build_report

        s = self.window.state
        return write_pdf(build_report(s.engine, s.drawing, s.findings, shape=s.shape, tone=s.tone,
                                      visits=s.stored_visits(),
                                      exam=s.exam.exam), path)

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
        self._export("Export report", ".pdf", self.export_report)
