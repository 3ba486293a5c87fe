"""The arithmetic checked exactly on tiny inputs: the likelihood of a one- and two-vertex drawing
against the formulas in radviz/localize.py's docstring, and colour compositing on three vertices."""
import numpy as np
import pytest

from radviz.colors import DRAWING_OPACITY, blend, composite_uint8, symptom_rgb
from radviz.findings import Findings
from radviz.localize import EPSILON


def _hyp(loc, kind, name, side):
    return next(k for k, (kd, n, sd) in enumerate(zip(loc.hyp.kind, loc.hyp.names, loc.hyp.sides))
                if kd == kind and n == name and sd == side)


def test_sums_of_a_two_vertex_drawing_follow_the_formula(engine, body):
    loc = engine.localizer
    l5 = _hyp(loc, "root", ("L5",), "left")
    column = loc.hyp.supply[:, l5].toarray().ravel()
    vertices = np.flatnonzero(column > 0.3)[:2]
    values = np.array([4.0, 7.0])
    mass = loc.area[vertices] * values
    eps = np.full(2, EPSILON["numbness"])
    sums = loc.contribution(vertices, mass, eps)
    s, z, a = column[vertices], loc.hyp.norm[l5], loc.total_area
    expected_gain = np.sum(mass * (np.log((1 - eps) * s / z + eps / a) - np.log(eps / a)))
    assert sums.gain[l5] == pytest.approx(expected_gain, rel=1e-12)
    assert sums.explained[l5] == pytest.approx(np.sum(mass * s), rel=1e-12)
    assert sums.mass == pytest.approx(mass.sum(), rel=1e-12)
    assert sums.area == pytest.approx(loc.area[vertices].sum(), rel=1e-12)


def test_explained_and_painted_shares_follow_the_formula(engine, body):
    """Explains = sum m S / sum m; painted = sum m S / Z (a root's share of its own dermatome)."""
    loc = engine.localizer
    l5 = _hyp(loc, "root", ("L5",), "left")
    column = loc.hyp.supply[:, l5].toarray().ravel()
    vertices = np.flatnonzero(column > 0.5)[:3]
    mass = loc.area[vertices] * 5.0
    sums = loc.contribution(vertices, mass, np.full(3, EPSILON["pain"]))
    (result,) = loc.results([sums], [Findings()])
    j = loc._root_keys.index(("L5", "left"))
    s = column[vertices]
    assert result.table.explained[j] == pytest.approx(np.sum(mass * s) / mass.sum(), rel=1e-12)
    assert result.table.painted[j] == pytest.approx(min(np.sum(mass * s) / loc.hyp.norm[l5], 1.0), rel=1e-12)


def test_a_drawing_alone_caps_and_spreads_exactly(engine, body):
    loc = engine.localizer
    l5 = _hyp(loc, "root", ("L5",), "left")
    post = np.zeros((1, len(loc.hyp.kind)))
    post[0, l5] = 1.0  # all belief on the single L5 hypothesis
    scores = loc._root_scores(post, np.array([False]))[0]
    keys = loc._root_keys
    assert scores[keys.index(("L5", "left"))] == pytest.approx(0.85)  # 1 - 0.15, at the cap
    neighbours = [keys.index((n, "left")) for n in ("L4", "S1")]
    assert scores[neighbours] == pytest.approx([0.075, 0.075])  # the 15 % split between them
    l5 = keys.index(("L5", "left"))
    shared = loc._root_scores(post, np.array([True]), np.zeros((1, len(keys))))[0]
    assert shared[l5] == pytest.approx(0.85)  # findings that fit L4, L5 and S1 alike tell none apart
    told = np.full((1, len(keys)), np.log(0.2))
    told[0, l5] = np.log(0.9)  # findings that fit L5 better than each neighbour: the small share, no cap
    examined = loc._root_scores(post, np.array([True]), told)[0]
    assert examined[l5] == pytest.approx(0.95)
    assert examined[neighbours] == pytest.approx([0.025, 0.025])
    told[0, keys.index(("S1", "left"))] = np.log(0.95)  # ... unless one neighbour fits them better still
    partly = loc._root_scores(post, np.array([True]), told)[0]
    assert partly[l5] == pytest.approx(0.85)  # capped: 1 - 0.05 / 2 to L4 - 0.15 / 2 to S1 = 0.9, at most 0.85
    assert partly[neighbours] == pytest.approx([0.025, 0.075])


def test_colour_compositing_of_three_vertices():
    base = np.array([[0.8, 0.7, 0.6], [0.2, 0.4, 0.6], [1.0, 1.0, 1.0]])
    values = np.zeros((3, 3))
    values[0, 1] = 10.0  # pain 10 on vertex 1
    values[1, 2] = 2.0  # numbness 2 on vertex 2
    out = composite_uint8(base, values, np.arange(3))
    assert out.dtype == np.uint8
    assert out[0].tolist() == (np.clip(base[0], 0, 1) * 255).astype(np.uint8).tolist()  # untouched
    pain = blend(base[1:2], symptom_rgb("pain", 10.0), np.array([DRAWING_OPACITY]))
    assert out[1].tolist() == (np.clip(pain[0], 0, 1) * 255).astype(np.uint8).tolist()
    numb = blend(base[2:3], symptom_rgb("numbness", 2.0), np.array([DRAWING_OPACITY]))
    assert out[2].tolist() == (np.clip(numb[0], 0, 1) * 255).astype(np.uint8).tolist()
    alpha = 0.55
    assert blend(np.array([[0.0, 0.0, 0.0]]), np.array([1.0, 0.5, 0.0]), np.array([alpha]))[0] == \
        pytest.approx([alpha * 1.0, alpha * 0.5, 0.0])
