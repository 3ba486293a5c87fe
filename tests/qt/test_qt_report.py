"""File > Export report in the window (issue 18): the details dialog, its fields in the PDF and in the
session, a bad date of birth refused in the dialog, and Cancel writing nothing."""
from __future__ import annotations

import unicodedata

import pytest
from session_helpers import paint, private_files  # noqa: F401 (fixture)
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from radviz.qt.exports import ReportDialog

pypdf = pytest.importorskip("pypdf")


def _answer(qtbot, fill) -> list:
    """Fill the report dialog when it opens (it is modal); returns what it saw."""
    seen = []

    def act():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ReportDialog):
            QTimer.singleShot(50, act)
            return
        seen.append(dialog)
        fill(dialog)

    QTimer.singleShot(0, act)
    return seen


def _whole_text(path) -> str:
    return " ".join(unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in pypdf.PdfReader(path).pages))
                    .split())


def test_export_report_asks_the_details_prints_them_and_keeps_them_in_the_session(main_window, qtbot, tmp_path,
                                                                                 monkeypatch):
    w = main_window
    paint(w)
    out = tmp_path / "report.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "*.pdf")))

    def fill(d):
        d.boxes["patient"].setText("Jane Doe")
        d.boxes["patient_id"].setText("MRN 0042")
        d.boxes["birth_date"].setText("1971-04-09")
        d.boxes["clinician"].setText("Dr A. Smith")
        d.notes_box.setPlainText("Worse when sitting.")
        d.accept()

    _answer(qtbot, fill)
    w.actions["report"].trigger()
    text = _whole_text(out)
    for expected in ("Patient: Jane Doe", "Patient ID: MRN 0042", "Date of birth: 1971-04-09",
                     "Clinician: Dr A. Smith", "Worse when sitting.", "Page 1 of"):
        assert expected in text, expected
    assert w.sessions.is_modified()  # the details are part of the session
    saved = tmp_path / "case.radviz.json"
    assert w.sessions.save_session(saved)
    w.sessions.new_session()
    assert w.state.patient.patient == "" and w.state.notes == ""
    assert w.sessions.open_session(saved)
    assert (w.state.patient.patient, w.state.patient.birth_date, w.state.notes) == \
        ("Jane Doe", "1971-04-09", "Worse when sitting.")

    seen = _answer(qtbot, lambda d: d.reject())  # the dialog opens filled in; Cancel writes nothing
    out.unlink()
    w.actions["report"].trigger()
    assert seen[0].boxes["patient"].text() == "Jane Doe" and not out.exists()


def test_a_bad_date_of_birth_keeps_the_dialog_open_and_says_why(main_window, qtbot):
    from radviz.report_fields import PatientFields

    dialog = ReportDialog(main_window, PatientFields(patient="Jane Doe"), "")
    qtbot.addWidget(dialog)
    dialog.boxes["birth_date"].setText("1971-02-30")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted and "not a calendar date" in dialog.problem.text()
    dialog.boxes["birth_date"].setText("1971-02-28")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.patient() == PatientFields(patient="Jane Doe", birth_date="1971-02-28")
