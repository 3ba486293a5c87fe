"""Trend numbers over visits (radviz.trends) on drawings of known area."""
from __future__ import annotations

import numpy as np
import pytest

from radviz.body import Body
from radviz.drawing import Drawing
from radviz.trends import compare, intensity, painted_area, root_trends, symptom_summary


@pytest.fixture()
def two_squares():
    """A 1 dm x 1 dm square (vertices 0-3) and a 1 dm x 3 dm rectangle (4-7): 100 + 300 cm^2 of skin."""
    vertices = np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0],
                         [5, 0, 0], [6, 0, 0], [6, 3, 0], [5, 3, 0]], dtype=float)
    faces = np.array([[0, 1, 2], [0, 2, 3], [4, 5, 6], [4, 6, 7]])
    return Body(vertices=vertices, faces=faces)


SQUARE, RECTANGLE = [0, 1, 2, 3], [4, 5, 6, 7]


def test_painted_area_in_cm2_and_percent_of_skin(two_squares):
    drawing = Drawing(two_squares.n_vertices)
    drawing.paint("pain", SQUARE, [4.0] * 4)
    assert painted_area(drawing, two_squares).area_cm2 == pytest.approx(100.0)
    assert painted_area(drawing, two_squares).skin_percent == pytest.approx(25.0)
    assert painted_area(drawing, two_squares, "numbness").area_cm2 == 0.0
    drawing.paint("numbness", RECTANGLE, [8.0] * 4)
    assert painted_area(drawing, two_squares).area_cm2 == pytest.approx(400.0)
    assert painted_area(drawing, two_squares).skin_percent == pytest.approx(100.0)
    assert painted_area(drawing, two_squares, "numbness").area_cm2 == pytest.approx(300.0)


def test_mean_intensity_is_weighted_by_skin_area_and_peak_is_the_highest(two_squares):
    drawing = Drawing(two_squares.n_vertices)
    drawing.paint("pain", SQUARE, [4.0] * 4)
    drawing.paint("pain", RECTANGLE, [8.0] * 4)
    level = intensity(drawing, two_squares, "pain")
    assert level.mean == pytest.approx((1 * 4 + 3 * 8) / 4)  # 7, not the vertex average 6
    assert level.peak == 8.0
    assert intensity(drawing, two_squares, "tingling").mean == 0.0
    summary = symptom_summary(drawing, two_squares)
    assert summary["pain"]["area_cm2"] == pytest.approx(400.0) and summary["pain"]["mean"] == pytest.approx(7.0)
    assert summary["tingling"] == {"area_cm2": 0.0, "skin_percent": 0.0, "mean": 0.0, "peak": 0.0}


def test_new_resolved_and_persisting_skin_and_jaccard(two_squares):
    before, after = Drawing(two_squares.n_vertices), Drawing(two_squares.n_vertices)
    before.paint("pain", SQUARE, [5.0] * 4)
    after.paint("pain", SQUARE + RECTANGLE, [5.0] * 8)
    change = compare(before, after, two_squares)
    assert change.jaccard == pytest.approx(0.25)
    assert (change.new_cm2, change.resolved_cm2, change.persisting_cm2) == pytest.approx((300.0, 0.0, 100.0))
    assert change.new.tolist() == RECTANGLE and change.persisting.tolist() == SQUARE and not len(change.resolved)
    back = compare(after, before, two_squares)
    assert back.resolved_cm2 == pytest.approx(300.0) and back.new_cm2 == 0.0
    assert compare(before, after, two_squares, "numbness").jaccard == 1.0  # no numbness in either
    with pytest.raises(ValueError, match="unknown symptom 'ache'"):
        compare(before, after, two_squares, "ache")


def test_painted_foot_matches_its_documented_region_area(body):
    from radviz.regions import region_table

    foot = np.flatnonzero((body.part == body.part_names.index("foot")) & (body.side > 0))
    drawing = Drawing(body.n_vertices)
    drawing.paint("pain", foot, np.full(len(foot), 3.0))
    table = region_table(body, None, None)
    documented = table.area[table.codes.index("part.foot.left")] * 100
    assert painted_area(drawing, body).area_cm2 == pytest.approx(documented)
    assert 1.0 < painted_area(drawing, body).skin_percent < 5.0  # one foot of an adult body


def test_root_scores_over_visits_follow_the_drawings(body, engine):
    visits = []
    for root in ("L5", "S1", None):
        drawing = Drawing(body.n_vertices)
        if root:
            engine.paint_points(drawing, [engine.atlas.key_points[(root, "left")]], 0.3, "numbness")
        visits.append(drawing)
    trend = root_trends(visits, engine, top=2)
    assert ("L5", "left") in trend.roots and ("S1", "left") in trend.roots
    assert trend.scores.shape == (len(trend.roots), 3)
    l5, s1 = trend.roots.index(("L5", "left")), trend.roots.index(("S1", "left"))
    assert trend.scores[l5, 0] > trend.scores[l5, 1] and trend.scores[s1, 1] > trend.scores[s1, 0]
    for k, drawing in enumerate(visits):  # the same numbers the app shows for each visit
        table = engine.locate(drawing).table
        for row, key in enumerate(trend.roots):
            assert trend.scores[row, k] == pytest.approx(table.scores[table.keys.index(key)])
    assert np.all(np.diff(trend.scores.max(axis=1)) <= 0)  # highest peak first
    with pytest.raises(ValueError, match="one per drawing"):
        root_trends(visits, engine, findings=[None])
