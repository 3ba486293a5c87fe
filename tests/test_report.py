"""The PDF report as a clinic reads it (issue 18): header fields, red flags first, pictures with their
right/left letters and legends, findings tables, ranked causes with verbal bands, page numbers.

Text is read back from the written PDF with pypdf; where the layout cannot tell (which picture a
letter belongs to), the content model is read before layout.
"""
from __future__ import annotations

import json
import unicodedata

import numpy as np
import pytest

from radviz.drawing import Drawing
from radviz.localize import RED_FLAG_TEXT
from radviz.report import BLANK, build_report
from radviz.report_fields import PatientFields
from tests.conftest import make_findings

pypdf = pytest.importorskip("pypdf")


@pytest.fixture(scope="module")
def qt_app(qapp):
    """pytest-qt's application (a QApplication, so window tests after this module still work)."""
    return qapp


def _leg(body) -> np.ndarray:
    """The left lower leg's front: skin a patient with L5 pain points at."""
    lower_leg = body.part == list(body.part_names).index("lower leg")
    return np.flatnonzero(lower_leg & (body.side > 0) & (body.vertex_normals[:, 2] > 0.3))


def _drawing(body) -> Drawing:
    d = Drawing(body.n_vertices)
    leg = _leg(body)
    d.paint("pain", leg, np.linspace(3, 8, len(leg)))
    return d


def _text(page) -> str:
    """A page's words, one space apart (the PDF's ligatures read back as letters)."""
    return " ".join(unicodedata.normalize("NFKC", page.extract_text()).split())


def _write(content, path, qt_app):
    from radviz.qt.report_pdf import write_pdf

    return pypdf.PdfReader(write_pdf(content, path))


@pytest.fixture(scope="module")
def l5_report(engine, body, tmp_path_factory, qt_app):
    """A filled-in report of left L5 pain with weakness, saddle numbness and a long note: (content, pdf)."""
    findings = make_findings(weak=("great_toe_extension", "hip_abduction"), normal=("ankle_plantarflexion",),
                             reflexes=(("achilles", "normal"),), signs=("saddle_numbness",))
    patient = PatientFields(patient="Jane Doe", patient_id="MRN 0042", clinician="Dr A. Smith")
    notes = "\n".join(f"Note line {k}: worse when sitting." for k in range(40))
    content = build_report(engine, _drawing(body), findings, notes=notes, patient=patient, date="2026-11-30")
    return content, _write(content, tmp_path_factory.mktemp("report") / "l5.pdf", qt_app)


def test_the_header_prints_the_fields_and_lines_to_fill_in(l5_report):
    _, pdf = l5_report
    first = _text(pdf.pages[0])
    for expected in ("Patient: Jane Doe", "Patient ID: MRN 0042", "Clinician: Dr A. Smith",
                     "Report date: 2026-11-30", f"Date of birth: {BLANK}"):
        assert expected in first, expected


def test_every_page_says_page_k_of_n(l5_report):
    _, pdf = l5_report
    n = len(pdf.pages)
    assert n >= 3  # forty lines of notes push the sources over a page
    for k, page in enumerate(pdf.pages, start=1):
        text = _text(page)
        assert text.endswith(f"Page {k} of {n}") and "Jane Doe · 2026-11-30" in text


def test_red_flags_come_first_and_in_full(l5_report):
    content, pdf = l5_report
    first = _text(pdf.pages[0])
    advice = " ".join(RED_FLAG_TEXT["cauda_equina"].split())
    assert content.red_flags and advice in first
    assert first.index("Red flags: urgent") < first.index(advice) < first.index("Symptoms drawn")
    whole = " ".join(_text(p) for p in pdf.pages)
    assert whole.count(advice) == 1  # the explanation does not repeat it
    assert whole.count("It does not diagnose") == 1  # the disclaimer, once


def test_every_body_picture_has_right_and_left_letters_as_the_reader_sees_them(l5_report):
    content, pdf = l5_report
    assert [c.caption for c in content.charts] == ["Front view", "Back view"] * 2
    assert [(c.left, c.right) for c in content.charts] == [("R", "L"), ("L", "R")] * 2
    for page, pictures in ((pdf.pages[0], 2), (pdf.pages[1], 2)):
        letters = []
        page.extract_text(visitor_text=lambda text, cm, tm, *_: letters.append((cm[4] + tm[4] * cm[0], text))
                          if text.strip() in ("R", "L") else None)
        assert [t for _, t in sorted(letters)] == ["R", "L", "L", "R"][: 2 * pictures]


def test_the_painted_left_leg_lies_on_the_side_marked_L(engine, body):
    """The letters are true of the picture: the patient's left leg is under "L" front and back."""
    drawing = Drawing(body.n_vertices)
    lower_leg = body.part == list(body.part_names).index("lower leg")
    drawing.paint("numbness", np.flatnonzero(lower_leg & (body.side > 0)), 9.0)
    content = build_report(engine, drawing, make_findings())
    assert len(content.drawing_charts) == 2
    skin = np.asarray(content.intensity_legend[0][1][0])  # intensity 0: bare skin
    for chart in content.drawing_charts:
        img = chart.image.astype(float)
        hue = img / np.maximum(img.sum(axis=2, keepdims=True), 1)
        painted = (np.abs(hue - skin / skin.sum()).max(axis=2) > 0.08) & (img.min(axis=2) < 235)
        cols = np.flatnonzero(painted.any(axis=0))
        assert len(cols) > 5, chart.caption
        on_right_half = cols.mean() > img.shape[1] / 2
        assert on_right_half == (chart.right == "L"), chart.caption


def test_the_drawing_is_the_same_picture_whatever_territory_is_highlighted(engine, body):
    """Another map highlights other skin; the drawing's own pictures do not change (never tinted)."""
    from radviz.engine import get_engine

    drawing, findings = _drawing(body), make_findings(weak=("great_toe_extension",))
    lee = build_report(engine, drawing, findings)
    keegan = build_report(get_engine(body, "keegan1948"), drawing, findings)
    assert lee.territory_title != keegan.territory_title
    for a, b in zip(lee.drawing_charts, keegan.drawing_charts, strict=True):
        assert np.array_equal(a.image, b.image)
    assert not np.array_equal(lee.territory_charts[0].image, keegan.territory_charts[0].image)


def test_the_legends_give_each_symptom_a_0_to_10_scale_and_name_the_root_zones(l5_report):
    content, pdf = l5_report
    assert [name for name, _ in content.intensity_legend] == ["Pain", "Numbness", "Tingling"]
    for _, swatches in content.intensity_legend:
        assert len(swatches) == 11 and not np.allclose(swatches[1], swatches[10])
    assert content.territory_legend and content.territory_legend[0][0].startswith(content.roots[0].name)
    first, second = _text(pdf.pages[0]), _text(pdf.pages[1])
    assert "Intensity, 0-10" in first and "Pain 0 10 Numbness 0 10 Tingling 0 10" in " ".join(first.split())
    assert content.territory_legend[0][0] in second


def test_the_findings_tables_list_the_drawing_and_the_examination(l5_report, body):
    content, pdf = l5_report
    (pain,) = content.symptoms
    leg = _leg(body)
    assert (pain.symptom, pain.side, pain.region, pain.intensity) == ("Pain", "left", "lower leg", "3-8")
    assert pain.area_cm2 == pytest.approx(100 * body.vertex_areas[leg].sum())
    assert ("Movement", "left", "Great toe extension", "weak") in content.exam
    assert ("Movement", "left", "Ankle plantar flexion", "tested normal") in content.exam
    assert ("Reflex", "left", "Achilles (ankle) reflex", "normal") in content.exam
    assert ("Sign", "", "Saddle numbness", "present") in content.exam
    first = _text(pdf.pages[0])
    assert f"Pain left lower leg 3-8 {pain.area_cm2:,.0f}" in first
    assert "Movement left Great toe extension weak" in first and "Sign Saddle numbness present" in first


def test_ranked_results_carry_verbal_bands(l5_report):
    content, pdf = l5_report
    top = content.roots[0]
    assert (top.name, top.side, top.band) == ("L5", "left", "fits well")
    assert {x.band for x in content.roots + content.patterns} <= {"fits well", "possible", "unlikely"}
    second = _text(pdf.pages[1])
    assert f"L5 left fits well {top.score:.2f}" in second
    assert "Kinds of cause" in second and "One or two nerve roots" in second


def test_no_probability_reads_as_certain(l5_report):
    """The root pattern is near-certain here, yet the report says 'above 0.99', never '1.00' or '0.00'."""
    content, pdf = l5_report
    assert max(x.score for x in content.patterns) >= 0.995
    assert min(x.score for x in content.patterns) < 0.005
    second = _text(pdf.pages[1])
    assert "One or two nerve roots fits well above 0.99" in second
    assert "1.00" not in second and "0.00" not in second


def test_an_empty_report_keeps_blank_lines_for_every_field_and_the_notes(engine, body, tmp_path, qt_app):
    content = build_report(engine, Drawing(body.n_vertices), make_findings(), charts=False)
    pdf = _write(content, tmp_path / "blank.pdf", qt_app)
    whole = " ".join(_text(p) for p in pdf.pages)
    for label in ("Patient", "Patient ID", "Date of birth", "Clinician"):
        assert f"{label}: {BLANK}" in whole
    assert f"Notes {BLANK * 3}" in whole and "No symptoms drawn." in whole
    assert "Red flags" not in whole
    assert "Nothing to explain yet" in whole and "Mark where" not in whole  # not the app's painting prompt


def test_a_report_with_only_an_isncsci_exam_points_to_its_worksheet(engine, body, tmp_path, qt_app):
    from radviz.isncsci import Exam

    exam = Exam.normal().with_value("right", "lightTouch", "T6", "1")
    content = build_report(engine, Drawing(body.n_vertices), make_findings(), charts=False, exam=exam)
    whole = " ".join(_text(p) for p in _write(content, tmp_path / "exam.pdf", qt_app).pages)
    assert whole.count("classified on its worksheet page") == 2  # the examination and the ranking both say so
    assert "Sensory" in whole and "T5" in whole  # the worksheet's right sensory level


# --------------------------------------------------------------------- session and command line
def test_patient_fields_are_kept_in_the_session(body, tmp_path):
    from radviz.session import SessionState, load_session, save_session

    fields = PatientFields(patient="Jane Doe", patient_id="0042", birth_date="1971-04-09", clinician="Dr Smith")
    path = save_session(tmp_path / "s.json", SessionState(patient=fields, notes="seen twice"), body)
    assert json.loads(path.read_text())["report"]["birth_date"] == "1971-04-09"
    back = load_session(path, body)
    assert (back.patient, back.notes) == (fields, "seen twice")


def test_a_bad_birth_date_in_a_session_is_named(body, tmp_path):
    from radviz.errors import InputError
    from radviz.session import SessionState, load_session, save_session

    path = save_session(tmp_path / "s.json", SessionState(), body)
    raw = json.loads(path.read_text())
    raw["report"]["birth_date"] = "1971-02-30"
    path.write_text(json.dumps(raw))
    with pytest.raises(InputError) as err:
        load_session(path, body)
    assert err.value.place == "report.birth_date" and "not a calendar date" in err.value.reason


def test_the_command_line_fills_the_header_over_the_session(body, tmp_path, capsys):
    from radviz.cli import main
    from radviz.session import SessionState, save_session

    stored = PatientFields(patient="Stored Name", clinician="Dr Stored")
    session = save_session(tmp_path / "s.json", SessionState(drawing=_drawing(body).to_dict(), patient=stored,
                                                             notes="stored note"), body)
    out = tmp_path / "r.pdf"
    assert main(["report", str(session), "--out", str(out), "--patient", "Jane Doe", "--date", "2026-11-30",
                 "--notes", "from the command line"]) == 0
    whole = " ".join(_text(p) for p in pypdf.PdfReader(out).pages)
    assert "Patient: Jane Doe" in whole and "Clinician: Dr Stored" in whole  # the option wins, the rest stays
    assert "Report date: 2026-11-30" in whole and "from the command line" in whole and "stored note" not in whole
    capsys.readouterr()
    assert main(["report", str(session), "--out", str(out), "--date", "30/11/2026"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--date" in err[0] and "YYYY-MM-DD" in err[0]
