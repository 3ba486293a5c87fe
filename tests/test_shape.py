"""Body shapes: MakeHuman macro targets on the hm08 body keep topology, anatomy and map answers."""
import numpy as np
import pytest
import trimesh

from radviz.errors import InputError
from radviz.shape import (PRESETS, _components, _load_targets, base_point_to_vertex, body_with_shape,
                          macro_weights, parse_shape, shape_vertices)

FACE_JOINTS = ("eye", "lid", "mouth", "jaw", "tongue", "head-2")


@pytest.fixture(scope="module")
def shaped(body):
    return {name: body_with_shape(body, name) for name in PRESETS}


def _winding(vertices, faces, points):
    """Generalised winding number of each point (1 inside a closed surface, 0 outside)."""
    out = []
    for p in np.atleast_2d(points):
        a, b, c = (vertices[faces[:, k]] - p for k in range(3))
        la, lb, lc = (np.linalg.norm(x, axis=1) for x in (a, b, c))
        num = np.einsum("ij,ij->i", a, np.cross(b, c))
        den = (la * lb * lc + np.einsum("ij,ij->i", a, b) * lc + np.einsum("ij,ij->i", b, c) * la
               + np.einsum("ij,ij->i", c, a) * lb)
        out.append(np.arctan2(num, den).sum() / (2 * np.pi))
    return np.array(out)


def _width(body, y, part_names=("trunk", "hip")):
    """Left-right width of the trunk in a 1 cm band at height y (arms excluded by part)."""
    ids = [body.part_names.index(n) for n in part_names if n in body.part_names]
    sel = np.isin(body.part, ids) & (np.abs(body.vertices[:, 1] - y) < 0.05)
    return float(np.ptp(body.vertices[sel, 0]))


def test_every_preset_is_a_closed_surface_with_the_base_topology(body, shaped):
    for name, s in shaped.items():
        assert s.faces is body.faces and s.vertices.shape == body.vertices.shape, name
        mesh = trimesh.Trimesh(s.vertices, s.faces, process=False)
        assert mesh.is_watertight and mesh.is_winding_consistent and mesh.volume > 0, name
        assert np.isfinite(s.vertices).all()
        assert s.landmarks == body.landmarks and s.part is body.part and s.mirror is body.mirror
        assert set(s.joints) == set(body.joints)
        if name != "neutral":
            assert s.shape_key.startswith("shape:") and s.shape_key != body.shape_key


def test_neutral_is_the_shipped_mesh_exactly(body, shaped):
    assert shaped["neutral"] is body
    vertices, joints = shape_vertices({})
    assert np.array_equal(vertices, body.vertices)
    assert all(np.array_equal(joints[n], p) for n, p in body.joints.items())
    assert body_with_shape(body, "") is body and body_with_shape(body, " neutral ") is body


def test_shapes_stand_on_the_base_floor_centred_on_the_pelvis(body, shaped):
    floor = body.vertices[:, 1].min()
    for name, s in shaped.items():
        assert s.vertices[:, 1].min() == pytest.approx(floor, abs=1e-9), name
        np.testing.assert_allclose(s.joints["pelvis"][[0, 2]], body.joints["pelvis"][[0, 2]], atol=1e-9)
        np.testing.assert_allclose(s.vertices[s.mirror] * [-1, 1, 1], s.vertices, atol=2e-3)  # symmetric


def test_male_and_female_differ_where_expected(body, shaped):
    f, m = shaped["female"], shaped["male"]

    def ratio(s):  # widest hips (hip joint down to 8 cm below) over chest width at the nipples
        chest = _width(s, s.vertices[s.landmarks["l-nipple"], 1], ("trunk",))
        y = s.joints["l-upper-leg"][1]
        hip = max(_width(s, y - d, ("trunk", "hip", "thigh")) for d in np.arange(0, 0.85, 0.1))
        return hip / chest

    assert ratio(f) > ratio(m) + 0.15  # wider hips for the chest in the female body
    assert m.height > f.height + 0.5  # taller male (dm)
    nipple = body.landmarks["l-nipple"]
    xiph = body.landmarks["xiphisternum"]
    projection = [s.vertices[nipple, 2] - s.vertices[xiph, 2] for s in (f, m)]
    assert projection[0] > projection[1] + 0.05  # breasts stand out from the sternum (dm)
    # Hands: same triangles, none turned over, edge lengths only moderately scaled.
    hand = np.isin(body.part, [body.part_names.index(n) for n in body.part_names
                               if n in ("hand", "thumb") or n.endswith("finger")])
    faces = body.faces[hand[body.faces].all(axis=1)]
    assert len(faces) > 1000
    for s in (f, m, shaped["child"]):
        n0 = np.cross(*(body.vertices[faces[:, k]] - body.vertices[faces[:, 0]] for k in (1, 2)))
        n1 = np.cross(*(s.vertices[faces[:, k]] - s.vertices[faces[:, 0]] for k in (1, 2)))
        assert (np.einsum("ij,ij->i", n0, n1) > 0).mean() > 0.999
        e = body.edges[hand[body.edges].all(axis=1)]
        scale = np.linalg.norm(np.diff(s.vertices[e], axis=1), axis=2) / np.linalg.norm(
            np.diff(body.vertices[e], axis=1), axis=2)
        assert 0.3 < scale.min() and scale.max() < 2.5


def test_joints_and_landmarks_stay_inside_the_body(body, shaped):
    names = [n for n in body.joints if not any(k in n for k in FACE_JOINTS)]
    inside_base = _winding(body.vertices, body.faces, [body.joints[n] for n in names]) > 0.5
    core = [n for n, ok in zip(names, inside_base) if ok]  # digit tips poke out even on the base
    assert {"pelvis", "neck", "l-knee", "l-elbow", "l-hand", "l-ankle", "spine-3"} <= set(core)
    for name, s in shaped.items():
        w = _winding(s.vertices, s.faces, [s.joints[n] for n in core])
        assert (w > 0.5).all(), (name, [n for n, x in zip(core, w) if x <= 0.5])
        lm, y = s.landmarks, s.vertices[:, 1]
        assert y[lm["suprasternal-notch"]] > y[lm["xiphisternum"]] > y[lm["umbilicus"]] > y[lm["perineum"]]
        assert s.joints["neck"][1] > s.joints["pelvis"][1] > s.joints["l-knee"][1] > s.joints["l-ankle"][1]


def test_a_base_frame_point_lands_on_the_same_vertex_on_every_preset(body, shaped):
    rng = np.random.default_rng(1)
    for v in rng.choice(body.n_vertices, 20, replace=False):
        point = body.vertices[v] + rng.normal(scale=0.02, size=3)
        expected = base_point_to_vertex(body, point)
        for name, s in shaped.items():
            assert base_point_to_vertex(s, point) == expected, name


# The ISNCSCI sensory key points examined in every spinal cord injury assessment.
ISNCSCI_ROOTS = ("C5", "C6", "C7", "C8", "T1", "T4", "T10", "L2", "L3", "L4", "L5", "S1")


@pytest.mark.parametrize("preset", [p for p in PRESETS if p != "neutral"])
def test_isncsci_key_points_keep_their_root(body, shaped, lee, preset):
    from radviz.atlas import get_atlas

    atlas = get_atlas(shaped[preset], "lee2008")
    for root in ISNCSCI_ROOTS:
        for side in ("left", "right"):
            v = lee.key_points[(root, side)]
            assert atlas.at_vertex(v)[0][:2] == lee.at_vertex(v)[0][:2], (preset, root, side)


def test_every_key_point_keeps_its_root_on_every_preset(body, shaped, lee):
    """A reshaped body shares the base topology, so it shares the base weights: nothing recompiles."""
    from radviz.atlas import get_atlas

    for name, s in shaped.items():
        atlas = get_atlas(s, "lee2008")
        for key, v in lee.key_points.items():
            assert atlas.at_vertex(v)[0][:2] == lee.at_vertex(v)[0][:2], (name, key)


def test_macro_weighting_follows_macro_json():
    macro = _load_targets()["macro"]
    age = macro["age"]["parts"]
    assert _components(age, 0.0) == {"baby": 1.0}
    assert _components(age, 0.5) == {"young": 1.0}
    assert _components(age, 0.75) == pytest.approx({"young": 0.5, "old": 0.5})
    assert _components(macro["height"]["parts"], 0.5) == {}
    assert _components(macro["height"]["parts"], 0.25) == pytest.approx({"minheight": 0.5})
    assert _components(macro["gender"]["parts"], 1.0) == {"male": 1.0}
    names = _load_targets()["names"]
    w = macro_weights(parse_shape("gender=0.25,age=57.5"))  # 57.5 y -> 0.75 on MakeHuman's scale
    race = [k for k, n in enumerate(names) if n.split("-")[0] in ("african", "asian", "caucasian")]
    assert w[race].sum() == pytest.approx(1.0)  # race x gender x age weights share out 1
    assert w[names.index("caucasian-female-old")] == pytest.approx(1 / 3 * 0.75 * 0.5)
    assert w[names.index("universal-male-old-maxmuscle-averageweight")] == 0.0
    data = np.load(__import__("radviz.paths", fromlist=["x"]).meshes_dir() / "hm08_targets.npz",
                   allow_pickle=False)
    assert data["index"].max() < 13380 and data["offset"].dtype == np.int16


def test_spec_parsing(body):
    assert parse_shape("male") == {**parse_shape("average"), "gender": 1.0}
    p = parse_shape("gender=0.9, age=60, weight=0.7")
    assert p["gender"] == 0.9 and p["age"] == 60 and p["weight"] == 0.7 and p["muscle"] == 0.5
    assert parse_shape("older-male,weight=0.9")["weight"] == 0.9
    s = body_with_shape(body, "gender=0.9,age=60,weight=0.7")
    assert not np.allclose(s.vertices, body.vertices)
    assert body_with_shape(body, "gender=0.9,age=60,weight=0.7").shape_key == s.shape_key


@pytest.mark.parametrize("spec,mentions", [
    ("giant", "unknown preset 'giant'"),
    ("gender=2", "gender=2 is outside 0..1"),
    ("age=0.5", "age=0.5 is outside 1..90"),
    ("gender=abc", "gender='abc' is not a number"),
    ("colour=0.5", "unknown key 'colour'"),
    ("weight=nan", "weight=nan is outside"),
    ("age=40,male", "preset 'male' must come first"),
])
def test_bad_specs_name_the_problem_and_the_choices(body, spec, mentions):
    with pytest.raises(InputError) as err:
        body_with_shape(body, spec)
    message = str(err.value)
    assert err.value.source == "--body" and mentions in message
    assert "older-female" in message and "proportions" in message  # lists presets and keys
