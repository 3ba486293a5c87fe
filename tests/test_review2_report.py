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
