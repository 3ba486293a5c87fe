"""A root that leads while its skin holds under half of the drawing: neither register says it 'fits well'.

The clinician reads the score and why it is not the share of the drawing; a patient must not read
"this does not follow one nerve root" and then "your drawing fits well with the S1 nerve root".
"""
from radviz.drawing import Drawing
from tests.conftest import make_findings, region_points


def test_a_leading_root_holding_part_of_the_drawing_is_said_to_hold_part(body, coords):
    from radviz.engine import get_engine

    eng = get_engine(body, "lee2008")
    drawing = Drawing(body.n_vertices)
    for p in region_points(body, coords, side="left", k=25, segment=["thigh", "leg", "foot"]):
        eng.paint_points(drawing, body.nearest_vertex(p), 0.3, "numbness")
    result = eng.locate(drawing, make_findings("left", (), (), (), ()))
    top = result.top_roots(1)[0]
    assert top.score >= 0.5 and top.explained < 0.5  # the case this is about
    assert "although its skin area covers only" in result.explanation
    patient = result.text("patient")
    assert "fits your drawing best, but its strip of skin covers only part of what you drew" in patient, patient
    assert "fits well with" not in patient
