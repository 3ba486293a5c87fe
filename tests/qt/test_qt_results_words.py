"""The Results and Why panels show what locate says: words from the result's statements, scores
with their bands, column meanings, and words only for patients."""
import re

from radviz.vocabulary import FLAG_TEXT
from tests.conftest import region_points


def _paint(w, body, coords, regions):
    for region in regions:
        for p in region_points(body, coords, k=3, **region):
            w.engine.paint_points(w.drawing, body.nearest_vertex(p), 0.3, "pain")


def test_clinician_rows_have_scores_bands_and_column_meanings(main_window, body, coords):
    w = main_window
    _paint(w, body, coords, [dict(segment="leg", t=[0.2, 0.9], angle=[240, 300])])
    w.refresh_results()
    table = w.results.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["Root", "Side", "Score", "Fit", "Explains", "Overlap"]
    assert "share of the drawing" in table.horizontalHeaderItem(4).toolTip()
    assert table.item(0, 0).text() == "L4"
    assert table.item(0, 3).text() in ("fits well", "possible", "unlikely")
    assert "Map: lee2008" in w.results.caption.text()
    why = w.results.explanation.toPlainText()
    assert "L4 root" in why and "Runner-up" in why


def test_patient_words_only(main_window, body, coords):
    w = main_window
    _paint(w, body, coords, [dict(segment="leg", t=[0.2, 0.9], angle=[240, 300])])
    w.state.set_register("patient")
    table = w.results.table
    assert table.columnCount() == 3
    cells = [table.item(r, c).text() for r in range(table.rowCount()) for c in range(3)]
    assert not any(re.search(r"\d%|\d\.\d", c) for c in cells)
    why = w.results.explanation.toPlainText()
    assert "L4 nerve root (lower back)" in why
    assert not re.search(r"\d\.\d|\d%|score", why)


def test_emergency_goes_to_the_banner_once_and_first(main_window):
    w = main_window
    w.findings.set_sign("bladder_bowel", True)
    w.refresh_results()
    assert w.results.banner.text() == FLAG_TEXT["cauda_equina"]
    assert FLAG_TEXT["cauda_equina"] not in w.results.explanation.toPlainText()
