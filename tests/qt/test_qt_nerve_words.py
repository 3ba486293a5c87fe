"""A patient who has the nerve layer on reads the nerve rows, the legend of a nerve's picture and the hover in
plain words, with the fit in words."""
from __future__ import annotations

import re

import numpy as np

from radviz.atlas import get_map
from tests.conftest import region_points


def _paint_outer_front_of_left_thigh(window, coords) -> None:
    """Meralgia paresthetica: tingling on the outer front of the left thigh, placed from anatomical words."""
    points = region_points(window.body, coords, side="left", k=4, segment="thigh", t=[0.2, 0.7], angle=[30, 80])
    window.engine.paint_points(window.drawing, window.body.nearest_vertex(points), 0.3, "tingling")


def test_a_patients_nerve_row_reads_the_plain_words_and_the_clinicians_the_label(main_window, coords):
    w = main_window
    w.state.set_layer("both")
    w.modes.set_mode("patient")
    _paint_outer_front_of_left_thigh(w, coords)
    assert w.layers.nerve_rows[0] == ("lateral_femoral_cutaneous", "left")
    table, k = w.results.table, len(w.results.rows)
    name, side, fit = (table.item(k, c).text() for c in range(3))
    words = get_map("nerves").territories["lateral_femoral_cutaneous"].words
    assert " ".join(name.split()).lower() == words.lower(), name
    assert "cutaneous" not in table.item(k, 0).toolTip().lower()
    assert side == "left" and fit in ("fits well", "possible", "unlikely") and "%" not in fit
    table.selectRow(k)  # the nerve's skin on the body, with a legend in the same words
    legend = [text for _, text in w.picture.legend]
    assert legend == [f"skin of {words}, in nearly everyone"], legend
    w.modes.set_mode("clinician")
    assert table.item(k, 0).text() == "Lateral femoral cutaneous" and table.item(k, 2).text().endswith("%")


def test_a_patients_hover_names_the_nerve_at_the_spot_in_plain_words(main_window):
    """On the shin the superficial peroneal branch and its parent both lie: the patient reads the branch's words,
    no Latin and no shares."""
    w = main_window
    shin = w.engine.nerves.column_weights("superficial_peroneal", "left") >= 0.99
    vertex = int(np.flatnonzero(shin)[np.argmax(w.body.vertex_normals[shin, 2])])
    w.state.set_layer("both")
    w.modes.set_mode("patient")
    w.view.hovered.emit(vertex)
    roots, nerves = w.hover_label.text().split(" | ")
    assert nerves == get_map("nerves").territories["superficial_peroneal"].words, nerves
    assert not re.search(r"\d", nerves) and "peroneal" not in nerves
    w.modes.set_mode("clinician")
    w.view.hovered.emit(vertex)
    assert "superficial peroneal 1.00" in w.hover_label.text()
