"""A drawing on the face names the trigeminal nerve, not 'no root', and gives the stroke warning.

The maps give the face to the trigeminal nerve's three branches (clinical-facts.md section 3.2); no spinal
root supplies it, so radviz's root and nerve scores cannot place it.  What it says must still be true and
useful: which branch, which side, and the emergency advice for sudden one-sided face numbness (section 10).
The JSON contract does not change: no new key.
"""
import json

import numpy as np
import pytest

from radviz.drawing import Drawing


@pytest.fixture(scope="module", params=["lee2008", "keegan1948"])
def eng(request, body):
    from radviz.engine import get_engine

    return get_engine(body, request.param)


def paint_territory(eng, body, name, side, n=25):
    atlas = eng.atlas
    column = np.asarray(atlas.weights[:, atlas.column(name, side)].todense()).ravel()
    drawing = Drawing(body.n_vertices)
    for v in np.flatnonzero(column >= 0.9)[:: max(1, np.count_nonzero(column >= 0.9) // n)][:n]:
        eng.paint_points(drawing, [int(v)], 0.2, "numbness")
    return eng.locate(drawing)


def test_a_cheek_drawing_names_the_trigeminal_branch_and_the_stroke_warning(eng, body):
    result = paint_territory(eng, body, "V2", "left")
    text = result.explanation
    assert "left side of the face" in text and "trigeminal nerve (cranial nerve V: V2 maxillary)" in text, text
    assert "needs emergency services now (possible stroke)" in text
    assert "No single nerve root" not in text  # the face is not 'non-dermatomal' skin
    patient = result.text("patient")
    assert "trigeminal nerve" in patient and "call emergency services now: it can be a stroke" in patient


def test_a_face_drawing_keeps_the_json_contract(eng, body):
    face = json.loads(json.dumps(paint_territory(eng, body, "V3", "right").to_json()))
    limb = json.loads(json.dumps(paint_territory(eng, body, "L5", "right").to_json()))
    assert set(face) == set(limb)
    assert "trigeminal" in face["explanation"] and "V3 mandibular" in face["explanation"]


def test_a_neck_or_hand_drawing_says_nothing_of_the_face(eng, body):
    for name in ("C3", "C6"):
        text = paint_territory(eng, body, name, "left").explanation
        assert "trigeminal" not in text and "side of the face" not in text
