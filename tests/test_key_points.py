"""ISNCSCI key sensory points: one definition (maps/key_points.yaml), placed from landmarks, and
ranking their own root first wherever radviz scores a drawing on them."""
import numpy as np
import pytest

from radviz import keypoints
from radviz.atlas import get_atlas
from radviz.drawing import Drawing, brush
from radviz.engine import get_engine
from radviz.errors import InputError
from radviz.paths import maps_dir
from radviz.shape import body_with_shape

ROOTS = ["C2", "C3", "C4", "C5", "C6", "C7", "C8"] + [f"T{k}" for k in range(1, 13)] + \
    [f"L{k}" for k in range(1, 6)] + ["S1", "S2", "S3", "S4-5"]
MAPS = ("lee2008", "keegan1948")


@pytest.fixture(scope="module")
def shaped(body):
    return {"neutral": body, "male": body_with_shape(body, "male"), "female": body_with_shape(body, "female")}


def test_the_28_points_carry_the_isncsci_wording():
    data = keypoints.load_key_points()
    assert list(data.points) == ROOTS
    wording = {
        "C5": "lateral side of the antecubital fossa, just proximal to the elbow",
        "T2": "apex of the axilla", "L4": "medial malleolus",
        "L5": "dorsum of the foot at the third metatarsophalangeal joint", "S1": "lateral heel",
        "S2": "midpoint of the popliteal fossa", "S3": "ischial tuberosity or infragluteal fold",
        "S4-5": "perianal area", "T4": "nipple", "T10": "umbilicus", "T6": "xiphisternum",
    }
    for root, text in wording.items():
        assert text in data.description(root), root
    for root in [f"T{k}" for k in range(3, 12)]:
        assert "midclavicular line" in data.description(root), root
    assert data.description("V1") == ""


def test_placement_follows_the_landmarks(body, coords):
    kp = keypoints.key_points(body, coords)
    lm, v = body.landmarks, body.vertices
    assert kp[("T2", "left")].vertex == lm["l-axilla-apex"]
    assert kp[("T4", "left")].vertex == lm["l-nipple"] and kp[("L4", "left")].vertex == lm["l-medial-malleolus"]
    # T3..T11 on the midclavicular line, going down the trunk at nearly even steps, T10 at the umbilicus
    mcl_x = 0.5 * (body.joints["l-clavicle"][0] + v[lm["l-ac-joint"], 0])
    heights = [kp[(f"T{k}", "left")].position[1] for k in range(3, 12)]
    assert np.all(np.diff(heights) < 0)
    steps = -np.diff(heights[1:8])  # T4 .. T10
    assert steps.max() < 2.2 * steps.min()
    assert abs(kp[("T10", "left")].position[1] - v[lm["umbilicus"], 1]) < 0.1
    for k in (3, 5, 6, 7, 8, 9, 10, 11):
        assert abs(kp[(f"T{k}", "left")].position[0] - mcl_x) < 0.3, k
        assert body.vertex_normals[kp[(f"T{k}", "left")].vertex, 2] > 0.3, k  # on the front
    # C5 just above the elbow on the lateral side, T1 on the medial side
    for root, lo, hi in (("C5", 0, 120), ("T1", 240, 330)):
        vertex = kp[(root, "left")].vertex
        assert coords.segment[vertex] == 4 and 0.8 < coords.t[vertex] <= 1.0, root
        assert lo <= coords.angle[vertex] <= hi, root
    # L1 halfway between T12 and L2, L2 halfway from T12 to the medial femoral condyle (L3)
    p = {r: kp[(r, "left")].position for r in ("T12", "L1", "L2", "L3")}
    assert np.linalg.norm(p["L1"] - (p["T12"] + p["L2"]) / 2) < 0.35
    assert np.linalg.norm(p["L2"] - (p["T12"] + p["L3"]) / 2) < 0.6


def test_both_sides_mirror_and_each_side_has_its_own_point(body):
    kp = keypoints.key_points(body)
    for root in ROOTS:
        left, right = kp[(root, "left")].vertex, kp[(root, "right")].vertex
        assert right == body.mirror[left] and body.side[left] > 0 > body.side[right], root


@pytest.mark.parametrize("name", MAPS)
def test_atlases_quizzes_and_tour_read_the_one_definition(body, name):
    from radviz import teach

    atlas = get_atlas(body, name)
    kp = keypoints.key_point_vertices(body)
    assert atlas.key_points == kp
    steps = {s.root: s for s in teach.tour_steps(atlas, None, {}, "left")}
    assert steps["T2"].key_point == kp[("T2", "left")]
    assert steps["T2"].key_point_text == keypoints.load_key_points().description("T2")


def test_a_reshaped_body_keeps_the_points_on_the_same_skin(body, shaped):
    base = keypoints.key_point_vertices(body)
    for name, s in shaped.items():
        placed = keypoints.key_points(s)
        assert {k: p.vertex for k, p in placed.items()} == base, name
        assert np.allclose(placed[("L4", "left")].position, s.vertices[base[("L4", "left")]])


def _ranked(engine, drawing):
    return [(r.root, r.side) for r in engine.locate(drawing).roots]


@pytest.mark.parametrize("shape", ["neutral", "male", "female"])
@pytest.mark.parametrize("name", MAPS)
def test_every_key_point_ranks_its_own_root(shaped, shape, name):
    """A dot on the key point names its root first; a 1 cm disc around it keeps it in the top two."""
    body = shaped[shape]
    engine = get_engine(body, name)
    wrong = {}
    for (root, side), point in keypoints.key_points(body).items():
        dot = Drawing(body.n_vertices)
        dot.paint("numbness", [point.vertex], [5.0])
        first = _ranked(engine, dot)[:1]
        disc = Drawing(body.n_vertices)
        vertices, values = brush(body, point.vertex, 0.1, 5.0)
        disc.paint("numbness", vertices, values)
        top_two = _ranked(engine, disc)[:2]
        if first != [(root, side)] or (root, side) not in top_two:
            wrong[(root, side)] = (first, top_two)
    assert not wrong, f"{name} on {shape}: {wrong}"


@pytest.mark.parametrize("edit,place,reason", [
    (("  T2:\n", "  T99:\n"), "points.T99", "unknown root"),
    (('  S2:\n    description: "midpoint of the popliteal fossa"\n    source: isncsci2019\n'
      '    place: {landmark: l-popliteal-fossa}\n', ""), "points", "missing S2"),
    (("place: {landmark: l-axilla-apex}", "place: {landmark: l-armpit}"), "points.T2.place", "no landmark"),
    (("place: {landmark: l-ac-joint}", "place: {near: l-ac-joint}"), "points.C4.place", "expected a rule"),
    (("fraction: 0.25", "fraction: a quarter"), "points.T7.place.midclavicular.fraction", "expected a number"),
])
def test_a_broken_key_point_file_names_file_place_and_problem(tmp_path, body, edit, place, reason):
    text = (maps_dir() / "key_points.yaml").read_text()
    assert text.count(edit[0]) == 1, edit[0]
    bad = tmp_path / "bad_points.yaml"
    bad.write_text(text.replace(edit[0], edit[1]))
    with pytest.raises(InputError) as err:
        data = keypoints.load_key_points(bad)
        keypoints.key_points(body, data=data)
    message = str(err.value)
    assert "bad_points.yaml" in message and place in message and reason in message, message
