"""Make the Exam mode pictures of the README: the window in Exam mode with an impaired exam
(``docs/exam_mode.png``; ``_1280`` in the name at 1280x720), its 2D chart (``docs/exam_chart.png``)
and the report's worksheet page (``docs/exam_report.png``, at the big size only).

Run under a virtual screen of the size to show, once per size::

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python docs/exam_pictures.py
    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python docs/exam_pictures.py

The exam is made up: a C6 incomplete injury (AIS B), light touch spared at S4-5, one not-testable
value on the right at T4, a left C6 pin prick impaired for a reason other than the injury (1*),
and a non-key muscle recorded on the right.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication

from radviz.isncsci import Exam
from radviz.isncsci.levels import MOTOR_LEVELS, SENSORY_LEVELS

DOCS = Path(__file__).resolve().parent


def impaired_exam() -> Exam:
    """The made-up C6 incomplete exam the pictures show."""
    exam = Exam.normal()
    below = {"right": "C7", "left": "C6"}
    for side, first in below.items():
        for level in SENSORY_LEVELS[SENSORY_LEVELS.index(first):]:
            exam = exam.with_value(side, "lightTouch", level, "1" if level in ("C7", "S4_5") else "0")
            exam = exam.with_value(side, "pinPrick", level, "0")
        for level, grade in zip(MOTOR_LEVELS[MOTOR_LEVELS.index("C6"):], ("3", "2", "1", "0", "0", "0", "0", "0", "0")):
            exam = exam.with_value(side, "motor", level, grade)
    exam = exam.with_value("left", "lightTouch", "C6", "2").with_value("left", "pinPrick", "C6", "1*")
    return replace(exam.with_value("right", "lightTouch", "T4", "NT"),
                   voluntary_anal_contraction="No", deep_anal_pressure="No")


def _settle(app, window) -> None:
    for _ in range(40):
        app.processEvents()
    window.view.plotter.render()
    app.processEvents()


def _worksheet_page(window) -> None:
    """The report's worksheet page as a PNG (needs pdftoppm from poppler-utils)."""
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: docs/exam_report.png not made")
        return
    with tempfile.TemporaryDirectory() as tmp:
        pdf = window.exports.export_report(Path(tmp) / "report.pdf")
        subprocess.run(["pdftoppm", "-png", "-r", "100", str(pdf), str(Path(tmp) / "page")], check=True)
        pages = sorted(Path(tmp).glob("page*.png"))
        text = [subprocess.run(["pdftotext", str(pdf), "-f", str(k), "-l", str(k), "-"], capture_output=True,
                               text=True).stdout for k in range(1, len(pages) + 1)]
        worksheet = next(p for p, t in zip(pages, text) if "examination worksheet" in t)
        shutil.copy(worksheet, DOCS / "exam_report.png")


def main() -> None:
    app = QApplication(sys.argv[:1])
    from radviz.qt.main_window import MainWindow

    window = MainWindow()
    window.show()
    _settle(app, window)
    window.exam_mode.action.trigger()
    window.state.exam.replace(impaired_exam())
    window.exam_mode.set_values([("right", "lowestNonKeyMuscleWithMotorFunction", None, "C8")])
    window.exam_mode.panel.choose_point("C6", "left")
    _settle(app, window)
    screen = app.primaryScreen()
    big = screen.size().width() >= 1600
    suffix = "" if big else f"_{screen.size().width()}"
    screen.grabWindow(0).save(str(DOCS / f"exam_mode{suffix}.png"))
    print("window", window.frameGeometry().getRect(), "screen", screen.availableGeometry().getRect())
    if big:
        window.chart_switch.show_chart(True)
        _settle(app, window)
        window.grab().save(str(DOCS / "exam_chart.png"))
        _worksheet_page(window)
    window.close()


if __name__ == "__main__":
    main()
