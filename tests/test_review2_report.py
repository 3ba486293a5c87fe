"""The PDF a clinic receives, read back with pypdf: it cites only published sources (the maps keep
the project's own notes as provenance) and says plainly what a root's paler zone is."""
from __future__ import annotations

import pytest

from radviz.report import OWN_NOTES, build_report
from tests.test_report import _drawing, _text, _write

pypdf = pytest.importorskip("pypdf")


@pytest.fixture(scope="module")
def pdf_text(engine, body, tmp_path_factory, qapp):
    """Every page of a report of left lower-leg pain, as one line of text."""
    from tests.conftest import make_findings

    content = build_report(engine, _drawing(body), make_findings(), date="2026-12-02")
    pdf = _write(content, tmp_path_factory.mktemp("review2") / "report.pdf", qapp)
    return content, " ".join(_text(page) for page in pdf.pages)


def test_the_sources_list_only_published_work_and_say_the_own_notes_in_words(pdf_text):
    content, text = pdf_text
    assert "seed notes" not in text and "seed" not in " ".join(content.map_sources)
    assert "Lee MWL, McPhee RW, Stringer MD" in text  # the map's published source stays
    assert content.own_notes and " ".join(OWN_NOTES.split()) in text


def test_the_root_legend_says_plainly_whose_skin_the_variable_zone_is(pdf_text):
    content, text = pdf_text
    top = content.roots[0].name
    varies = next(line for line, _ in content.territory_legend if "some people" in line)
    assert varies.startswith(f"{top} in some people, ") and varies.endswith(" in others (supply varies)")
    assert " or " in varies and ": or" not in varies  # 'L5 in some people, L4 or S1 in others'
    assert varies in text


def test_the_patient_legend_names_each_nerve_in_everyday_words(engine, body):
    from radviz import pictures

    zones, _, overlap = pictures.root_zones(body, engine.atlas, "L5", "left")
    lines = [line for line, _ in pictures.root_legend(engine.atlas, "L5", "left", overlap, zones,
                                                      register="patient")]
    assert "skin L5 shares with its neighbours L4 and S1" in lines
    assert "skin the L5 nerve supplies in some people, the L4 or S1 nerve in others" in lines
