"""From symptoms to roots: classic presentations rank the right root, overlap and flags."""
import numpy as np
import pytest

from radviz.drawing import Drawing
from radviz.findings import Findings
from tests.conftest import make_findings, region_points


def locate(engine, body, regions, symptom="pain", side="left", weak=(), normal=(), reflexes=(),
           signs=(), radius=0.3):
    drawing = Drawing(body.n_vertices)
    for pts in regions:
        for p in pts:
            engine.paint_points(drawing, body.nearest_vertex(p), radius, symptom)
    return engine.locate(drawing, make_findings(side, weak, normal, reflexes, signs))


def top(result, side=None):
    roots = [r for r in result.roots if side is None or r.side == side]
    return roots[0].root


CASES = {
    "C5": dict(regions=[dict(segment="arm", t=[0.2, 0.8], angle=[60, 120])],
               weak=["shoulder_abduction", "elbow_flexion"], reflexes=[("biceps", "decreased")]),
    "C6": dict(regions=[dict(segment="hand", digit=1), dict(segment="forearm", t=[0.5, 1.0], angle=[60, 120])],
               weak=["wrist_extension", "elbow_flexion"], reflexes=[("brachioradialis", "decreased")]),
    "C7": dict(regions=[dict(segment="hand", digit=3), dict(segment="forearm", t=[0.3, 0.9], angle=[160, 200])],
               weak=["elbow_extension", "wrist_flexion"], reflexes=[("triceps", "decreased")]),
    "C8": dict(regions=[dict(segment="hand", digit=5), dict(segment="hand", t=[0.2, 0.8], angle=[250, 290]),
                        dict(segment="forearm", t=[0.6, 1.0], angle=[250, 290])],
               weak=["finger_flexion"]),
    "L3": dict(regions=[dict(segment="thigh", t=[0.6, 0.95], angle=[300, 350])],
               weak=["knee_extension", "hip_adduction"], reflexes=[("patellar", "decreased")]),
    "L4": dict(regions=[dict(segment="leg", t=[0.2, 0.9], angle=[240, 300])],
               weak=["ankle_dorsiflexion", "knee_extension"], reflexes=[("patellar", "decreased")]),
    "L5": dict(regions=[dict(segment="leg", t=[0.3, 0.9], angle=[40, 100]), dict(segment="foot", t=[0.4, 0.9], angle=[340, 40])],
               weak=["great_toe_extension", "hip_abduction", "ankle_inversion"]),
    "S1": dict(regions=[dict(segment="foot", t=[0.1, 0.9], angle=[100, 140]), dict(segment="leg", t=[0.6, 0.95], angle=[150, 190])],
               weak=["ankle_plantarflexion"], reflexes=[("achilles", "absent")]),
}


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("root", list(CASES))
def test_classic_presentations_rank_the_root_first(engine, body, coords, root, side):
    case = CASES[root]
    regions = [region_points(body, coords, side=side, k=3, **dict(r)) for r in case["regions"]]
    result = locate(engine, body, regions, side=side, weak=case["weak"], reflexes=case.get("reflexes", ()))
    assert result.roots[0].root == root and result.roots[0].side == side, \
        [(r.root, r.side, round(r.score, 3)) for r in result.roots[:4]]
    assert not {"non_dermatomal", "stocking_glove"} & set(result.flags)


@pytest.mark.parametrize("root,regions", [
    ("C6", [dict(segment="hand", digit=1, t=[0.3, 0.9])]),
    ("C8", [dict(segment="hand", digit=5)]),
    ("L4", [dict(segment="leg", t=[0.3, 0.8], angle=[250, 290])]),
    ("L5", [dict(segment="foot", t=[0.5, 0.9], angle=[350, 30])]),
    ("S1", [dict(segment="foot", t=[0.2, 0.8], angle=[100, 130])]),
    ("T10", [dict(segment="trunk", level=[17.8, 18.2], angle=[10, 60])]),
])
def test_the_drawing_alone_points_at_the_root(engine, body, coords, root, regions):
    result = locate(engine, body, [region_points(body, coords, k=2, **r) for r in regions],
                    symptom="numbness")
    assert top(result) == root, [(r.root, round(r.score, 3)) for r in result.roots[:4]]


def test_l4_pain_on_the_medial_leg_overlaps_l3_and_l5(engine, body, coords):
    pts = region_points(body, coords, k=6, segment="leg", t=[0.05, 0.95], angle=[230, 310])
    result = locate(engine, body, [pts])
    best = result.roots[0]
    assert best.root == "L4"
    assert set(best.overlap) == {"L3", "L5"}
    assert best.overlap["L3"] > 0.01 and best.overlap["L5"] > 0.01
    assert "L3" in result.explanation and "L5" in result.explanation
    assert 0 < best.explained <= 1 and 0 < best.painted <= 1


def test_bilateral_feet_and_hands_numbness_is_stocking_glove(engine, body, coords):
    regions = []
    for side in ("left", "right"):
        regions.append(region_points(body, coords, side=side, k=5, segment="foot", digit=[0, 1, 2, 3, 4, 5]))
        regions.append(region_points(body, coords, side=side, k=4, segment="hand", digit=[0, 1, 2, 3, 4, 5]))
    result = locate(engine, body, regions, symptom="numbness")
    assert "stocking_glove" in result.flags
    assert "polyneuropathy" in result.explanation


def test_scattered_patches_on_both_sides_are_non_dermatomal(engine, body, coords):
    regions = [region_points(body, coords, side="left", k=1, segment="forearm", t=[0.4, 0.6]),
               region_points(body, coords, side="right", k=1, segment="thigh", t=[0.3, 0.5], angle=[60, 120]),
               region_points(body, coords, side="left", k=1, segment="trunk", level=[13, 14], angle=[150, 200]),
               region_points(body, coords, side="right", k=1, segment="leg", t=[0.6, 0.8], angle=[160, 200]),
               region_points(body, coords, side="left", k=1, segment="neck")]
    result = locate(engine, body, regions)
    assert "non_dermatomal" in result.flags


def test_findings_alone_are_valid_and_move_the_ranking(engine, body):
    result = locate(engine, body, [], weak=["knee_extension"], reflexes=[("patellar", "decreased")])
    assert result.roots[0].root in ("L3", "L4")
    result = locate(engine, body, [], weak=["elbow_extension"], reflexes=[("triceps", "absent")])
    assert result.roots[0].root == "C7"


def test_a_tested_normal_movement_counts_against_its_root(engine, body, coords):
    pts = [region_points(body, coords, k=3, segment="foot", t=[0.3, 0.9], angle=[330, 30])]
    weak_l5 = locate(engine, body, pts, weak=["great_toe_extension"])
    spared = locate(engine, body, pts, weak=["great_toe_extension"], normal=["hip_abduction", "ankle_inversion"])
    score = lambda res: next(r.score for r in res.roots if r.root == "L5" and r.side == "left")  # noqa: E731
    assert score(spared) < score(weak_l5)


def test_scores_are_probabilities_sorted_best_first(engine, body, coords):
    result = locate(engine, body, [region_points(body, coords, k=3, segment="thigh", t=[0.3, 0.6])])
    scores = [r.score for r in result.roots]
    assert all(0 <= s <= 1 for s in scores) and scores == sorted(scores, reverse=True)
    assert "not a diagnosis" in result.explanation.lower() or "does not diagnose" in result.explanation


def test_red_flags(engine, body, coords):
    result = locate(engine, body, [[body.vertices[body.landmarks["anus"]]]], symptom="numbness")
    assert "cauda_equina" in result.flags and "urgent" in result.explanation.lower()
    saddle = [region_points(body, coords, side=s, k=2, segment=["buttock", "trunk"], angle=[150, 210],
                            level=[27, 40]) for s in ("left", "right")]
    result = locate(engine, body, saddle, symptom="numbness")  # inner buttocks on both sides
    assert "cauda_equina" in result.flags
    result = locate(engine, body, [], signs=["bladder_bowel"])
    assert "cauda_equina" in result.flags
    result = locate(engine, body, [], reflexes=[("patellar", "increased")])
    assert "upper_motor_neuron" in result.flags


def test_stroke_by_stroke_scoring_equals_scoring_from_scratch(engine, body, coords):
    """The app's incremental path gives the same answer as scoring the whole drawing at once."""
    drawing = Drawing(body.n_vertices)
    live = engine.live(drawing)
    strokes = [("pain", dict(segment="leg", t=[0.2, 0.8], angle=[240, 300])),
               ("numbness", dict(segment="foot", t=[0.3, 0.9], angle=[330, 30])),
               ("tingling", dict(segment="leg", t=[0.3, 0.7], angle=[240, 300]))]
    for symptom, region in strokes:
        for p in region_points(body, coords, k=3, **region):
            engine.paint_points(drawing, body.nearest_vertex(p), 0.3, symptom)
    drawing.erase(np.flatnonzero(drawing.values[0])[:5])
    f = Findings()
    f.set_motor("left", "great_toe_extension", "weak")
    a, b = live.result(f), engine.locate(drawing, f)
    assert [(r.root, r.side) for r in a.roots[:6]] == [(r.root, r.side) for r in b.roots[:6]]
    np.testing.assert_allclose([r.score for r in a.roots[:6]], [r.score for r in b.roots[:6]], atol=1e-9)
    assert a.flags == b.flags and a.explanation == b.explanation
    drawing.clear()
    assert live.result().roots[0].explained == 0.0


@pytest.mark.parametrize("tables", [True, False], ids=["stroke-tables", "fine-mesh-gathers"])
def test_live_scoring_follows_symptoms_layered_and_erased_one_at_a_time(engine, body, coords, monkeypatch, tables):
    """Painting a second symptom over the first, then erasing one symptom (so some vertices keep a
    symptom and others keep none), changes each vertex's background share; the running sums still
    equal scoring the drawing from scratch, and erasing everything leaves nothing behind.  Also
    without the per-share tables, as on a mesh too fine for them."""
    if not tables:
        monkeypatch.setattr("radviz.localize.STROKE_TABLE_MAX", 0)
        monkeypatch.setattr(engine.localizer, "_stroke_tables", {})
    drawing = Drawing(body.n_vertices)
    live = engine.live(drawing)
    leg = region_points(body, coords, k=3, segment="leg", t=[0.2, 0.8], angle=[240, 300])
    for symptom, points in (("pain", leg), ("numbness", leg[1:]), ("tingling", leg[:1])):
        for p in points:
            engine.paint_points(drawing, body.nearest_vertex(p), 0.4, symptom)
    drawing.erase(np.flatnonzero(drawing.values[1]), "numbness")
    drawing.erase(np.flatnonzero(drawing.values[0])[::2], "pain")
    assert (drawing.values.any(axis=0) & ~drawing.values[0].astype(bool)).any()  # tingling alone somewhere
    a, b = live.result(), engine.locate(drawing)
    assert [(r.root, r.side) for r in a.roots[:6]] == [(r.root, r.side) for r in b.roots[:6]]
    np.testing.assert_allclose([r.score for r in a.roots], [r.score for r in b.roots], atol=1e-9)
    np.testing.assert_allclose([r.explained for r in a.roots], [r.explained for r in b.roots], atol=1e-9)
    assert a.flags == b.flags and a.explanation == b.explanation
    drawing.erase(np.flatnonzero(drawing.values.any(axis=0)))
    empty = live.result()
    assert empty.roots[0].explained == 0.0 and empty.kinds == engine.locate(drawing).kinds


@pytest.mark.parametrize("line,reason", [
    ('{"at": [], "\\u0061t": []}', "'at' is given twice"),  # the same key, once escaped
    ('{"at": [], "reflex": {"achilles": "absent", "achilles": "normal"}}', "'achilles' is given twice"),
    ('{"sign": ["at"], "at": [], "at": [[1, 2, 3]]}', "'at' is given twice"),
    ('{"at": [[1, 2, 3]], "radius": Infinity}', "not valid JSON"),
    ('{"at": [[1, 2, 1e400]]}', "must be finite decimetres"),
    ('{"at": [[1, 2, 3], [1, 2, true]]}', "at[1] must be [x, y, z]"),
    ('{"at": [[1, 2, 3], [1, 2, 30000]]}', "at[1] [1, 2, 30000] must be finite"),
], ids=["escaped-twin", "nested-twin", "twin-also-a-value", "infinity", "overflow", "bool", "far"])
def test_batch_lines_that_only_look_plain_are_refused_by_name(line, reason):
    from radviz.locate_cli import BatchLineError, parse_batch_line

    with pytest.raises(BatchLineError, match="line 4: .*" + reason.replace("[", r"\[").replace("]", r"\]")):
        parse_batch_line(line, 4, "lee2008")


def test_a_plain_batch_line_reads_as_the_same_line_written_with_escapes():
    """Plain lines take a faster reader; a line with an escape takes the json module: same values."""
    from radviz.locate_cli import parse_batch_line

    plain = ('{"at": [[1.9, -6.0, 0.3], [2, -5, 1]], "radius": 0.25, "symptom": "numbness", "side": "left", '
             '"weak": ["ankle_dorsiflexion"], "reflex": ["achilles=absent"], "sign": [], "map": "keegan1948"}')
    a = parse_batch_line(plain, 1, "lee2008")
    b = parse_batch_line(plain.replace('"numbness"', '"numbn\\u0065ss"'), 1, "lee2008")
    assert [p.tolist() for p in a.pop("points")] == [p.tolist() for p in b.pop("points")] == [[1.9, -6.0, 0.3],
                                                                                           [2.0, -5.0, 1.0]]
    assert a == b and a["symptom"] == "numbness" and a["map"] == "keegan1948"


def test_a_batch_run_leaves_the_garbage_collector_as_it_found_it(body, tmp_path, monkeypatch):
    """The batch freezes what is alive after its first chunk (the engine) and unfreezes it at the end."""
    import gc
    import io

    import radviz.locate_cli as locate_cli

    monkeypatch.setattr(locate_cli, "BATCH_CHUNK", 4)
    path = tmp_path / "drawings.jsonl"
    path.write_text('{"at": [[1.9, -6.0, 0.3]]}\n' * 10, encoding="utf-8")
    gc.unfreeze()
    frozen = []
    real_score = locate_cli._score_chunk
    monkeypatch.setattr(locate_cli, "_score_chunk", lambda *a: frozen.append(gc.get_freeze_count()) or real_score(*a))
    out = io.StringIO()
    assert locate_cli.run_batch(path, "lee2008", body, True, out, io.StringIO()) == 0
    assert len(out.getvalue().splitlines()) == 10
    assert frozen[0] == 0 and frozen[1] > 1000 and frozen[2] <= frozen[1]  # frozen once, after the first chunk
    assert gc.get_freeze_count() == 0
