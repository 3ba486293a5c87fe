"""Regenerate the README's report pages (run under a display: ``xvfb-run -a python docs/report_pictures.py``).

Paints the classic L5 case of ``docs/screenshots.py`` in the window, adds a saddle-numbness sign (so
the red-flag box shows), fills the report's details as the export dialog would, exports the report
through File > Export report's own code and converts its first two pages to PNG.  The patient is
fictional.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from screenshots import HERE, paint_case  # also sets private cache and recovery folders


def main() -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    from radviz.qt.main_window import MainWindow
    from radviz.report_fields import PatientFields

    window = MainWindow()
    window.show()
    app.processEvents()
    paint_case(window, [dict(segment="leg", t=(0.35, 0.9), angle=(40, 100)),
                        dict(segment="foot", t=(0.4, 0.9), angle=(340, 30))], symptom="pain")
    for movement in ("great_toe_extension", "hip_abduction"):
        window.request_finding("motor", "left", movement, "weak")
    window.request_finding("motor", "left", "ankle_plantarflexion", "normal")
    window.request_finding("reflex", "left", "achilles", "normal")
    window.request_finding("sign", None, "saddle_numbness", True)
    window.state.set_report_fields(PatientFields(patient="Sample Patient", patient_id="DEMO-0001",
                                                 clinician="Dr Example"),
                                   "Pain since lifting a box three weeks ago; worse when sitting.")
    pdf = Path(tempfile.mkdtemp()) / "report.pdf"
    window.exports.export_report(pdf, "2026-03-01")
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "2", str(pdf), str(HERE / "report_page")],
                   check=True)
    window.close()
    print("wrote", sorted(p.name for p in HERE.glob("report_page-*.png")))


if __name__ == "__main__":
    main()
