"""Dermatome maps: key sensory points, coverage, symmetry, neighbours and axial lines, errors."""
import numpy as np
import pytest

from radviz.atlas import available_maps, get_atlas
from radviz.atlas.compiler import piece_mask
from radviz.atlas.schema import Piece, load_map
from radviz.errors import InputError
from radviz.paths import maps_dir

SPINAL_ORDER = ["C2", "C3", "C4", "C5", "C6", "C7", "C8"] + [f"T{k}" for k in range(1, 13)] + \
    [f"L{k}" for k in range(1, 6)] + ["S1", "S2", "S3", "S4-5"]


def _nearest(body, point, mask):
    idx = np.flatnonzero(mask)
    return int(idx[np.argmin(np.linalg.norm(body.vertices[idx] - point, axis=1))])


def _region_vertex(body, coords, **spec):
    """The vertex nearest the centre of a region described in anatomical terms (left side)."""
    piece = Piece(segments=(spec["segment"],), digits=(spec.get("digit", 0),),
                  t=spec.get("t"), angle=spec.get("angle"))
    mask = piece_mask(piece, coords, body) & (body.side > 0)
    idx = np.flatnonzero(mask)
    assert len(idx), spec
    centre = body.vertices[idx].mean(axis=0)
    return int(idx[np.argmin(np.linalg.norm(body.vertices[idx] - centre, axis=1))])


def medial_malleolus(body):
    """The most medial skin point at the height of the left ankle joint."""
    ankle = body.joints["l-ankle"]
    slab = np.flatnonzero((body.side > 0) & (np.abs(body.vertices[:, 1] - ankle[1]) < 0.08)
                          & (np.abs(body.vertices[:, 2] - ankle[2]) < 0.3))
    return int(slab[np.argmin(body.vertices[slab, 0])])


def key_sensory_points(body, coords):
    """ISNCSCI 2019 key sensory points on the left side, located from landmarks (clinical sheet §2)."""
    v, lm, j = body.vertices, body.landmarks, body.joints
    left_front = (body.side > 0) & (v[:, 2] > 0.3)
    trunk_front = left_front & (coords.segment == 2)
    mcl_x = 0.5 * (j["l-clavicle"][0] + v[lm["l-ac-joint"], 0])

    def mcl_at(y):
        return _nearest(body, np.array([mcl_x, y, 3.0]) * [1, 1, 0] + [0, 0, 1.6], trunk_front
                        & (np.abs(v[:, 1] - y) < 0.06))

    y = {k: v[lm[k], 1] for k in ("sternal-angle", "l-nipple", "xiphisternum", "umbilicus")}
    t12 = lm["l-inguinal-midpoint"]
    mfc = _region_vertex(body, coords, segment="thigh", t=(0.9, 1.0), angle=(260, 285))
    l2 = _nearest(body, (v[t12] + v[mfc]) / 2, (coords.segment == 7) & (body.side > 0))
    points = {
        "C2": _nearest(body, v[lm["inion"]] + [0.12, 0, 0], body.side > 0),
        "C3": _nearest(body, np.array([mcl_x, j["l-clavicle"][1] + 0.12, 0.6]), left_front | (body.side > 0)),
        "C4": lm["l-ac-joint"],
        "C5": _region_vertex(body, coords, segment="arm", t=(0.9, 1.0), angle=(30, 60)),
        "C6": _region_vertex(body, coords, segment="hand", digit=1, t=(0.4, 0.6), angle=(150, 210)),
        "C7": _region_vertex(body, coords, segment="hand", digit=3, t=(0.05, 0.3), angle=(150, 210)),
        "C8": _region_vertex(body, coords, segment="hand", digit=5, t=(0.05, 0.3), angle=(150, 210)),
        "T1": _region_vertex(body, coords, segment="arm", t=(0.9, 1.0), angle=(270, 300)),
        "T2": _nearest(body, j["l-shoulder"] - [0.0, 0.5, 0.0], body.side > 0),  # axilla apex
        "T3": mcl_at(y["sternal-angle"] - 0.6 * (y["sternal-angle"] - y["l-nipple"])),
        "T4": mcl_at(y["l-nipple"]),
        "T5": mcl_at(0.5 * (y["l-nipple"] + y["xiphisternum"])),
        "T6": mcl_at(y["xiphisternum"]),
        "T7": mcl_at(y["xiphisternum"] - 0.25 * (y["xiphisternum"] - y["umbilicus"])),
        "T8": mcl_at(y["xiphisternum"] - 0.5 * (y["xiphisternum"] - y["umbilicus"])),
        "T9": mcl_at(y["xiphisternum"] - 0.75 * (y["xiphisternum"] - y["umbilicus"])),
        "T10": mcl_at(y["umbilicus"]),
        "T11": mcl_at(0.5 * (y["umbilicus"] + v[t12, 1])),
        "T12": t12,
        "L1": _nearest(body, (v[t12] + v[l2]) / 2, body.side > 0),
        "L2": l2,
        "L3": mfc,
        "L4": medial_malleolus(body),
        "L5": _nearest(body, j["l-toe-3-1"] + [0, 0.25, -0.05], (coords.segment == 9) & (body.side > 0)),
        "S1": _region_vertex(body, coords, segment="foot", t=(-0.5, -0.1), angle=(90, 135)),
        "S2": _region_vertex(body, coords, segment="thigh", t=(0.95, 1.05), angle=(170, 190)),
        "S3": lm["l-ischial-tuberosity"],
        "S4-5": _nearest(body, v[lm["anus"]] + [0.05, 0, 0], body.side >= 0),
    }
    return points


@pytest.fixture(scope="module", params=["lee2008", "keegan1948"])
def atlas(request, body):
    if request.param not in available_maps():
        pytest.skip(f"{request.param} not shipped")
    return get_atlas(body, request.param)


def test_both_maps_are_shipped_with_the_default_first():
    maps = available_maps()
    assert maps[0] == "lee2008" and "keegan1948" in maps


@pytest.mark.parametrize("side", ["left", "right"])
def test_key_sensory_points_rank_their_root_first(body, coords, atlas, side):
    wrong = {}
    for root, vertex in key_sensory_points(body, coords).items():
        if side == "right":
            vertex = int(body.mirror[vertex])
        spinal = [(n, s, w) for n, s, w in atlas.at_vertex(vertex) if s == side
                  and atlas.map.territories[n].kind == "spinal"]
        if not spinal or spinal[0][0] != root:
            wrong[root] = spinal[:3]
    assert not wrong, f"{atlas.map.name}: {wrong}"


def test_every_skin_vertex_has_a_root_and_the_face_is_trigeminal(body, atlas):
    n = len(atlas.territories)
    dense = atlas.weights.toarray()
    both = np.maximum(dense[:, :n], dense[:, n:])
    kinds = np.array([atlas.map.territories[t].kind for t in atlas.territories])
    spinal_max = both[:, kinds == "spinal"].max(axis=1)
    face_max = both[:, kinds == "trigeminal"].max(axis=1)
    assert ((spinal_max >= 0.5) | (face_max >= 0.5)).all()
    nose = np.argmax(body.vertices[:, 2] * (body.vertices[:, 1] > 6.5))
    assert face_max[nose] >= 0.5 and spinal_max[nose] < 0.5
    # weights are shares of people: always within 0..1
    assert dense.min() >= 0 and dense.max() <= 1


def test_left_and_right_mirror_each_other(body, atlas):
    n = len(atlas.territories)
    dense = atlas.weights.toarray()
    np.testing.assert_allclose(dense[:, :n], dense[body.mirror][:, n:], atol=1e-9)


def _contacts(body, atlas):
    e = body.edges
    la, lb = atlas.labels[e[:, 0]], atlas.labels[e[:, 1]]
    keep = (la != lb) & (la >= 0) & (lb >= 0)
    pairs, counts = np.unique(np.sort(np.c_[la[keep], lb[keep]], axis=1), axis=0, return_counts=True)
    return {(atlas.territories[a], atlas.territories[b]): c for (a, b), c in zip(pairs, counts)}


def test_neighbouring_roots_border_each_other(body, atlas):
    """Consecutive roots share a graded border (directly, or through a shared zone)."""
    for a, b in [("C5", "C6"), ("C6", "C7"), ("C7", "C8"), ("T4", "T5"), ("T10", "T11"),
                 ("L2", "L3"), ("L3", "L4"), ("L4", "L5"), ("L5", "S1"), ("S1", "S2")]:
        shared = np.minimum(atlas.column_weights(a, "left"), atlas.column_weights(b, "left")).max()
        assert shared >= 0.25, f"{atlas.map.name}: {a} does not border {b}"


def test_non_neighbours_meet_only_at_declared_axial_lines(body, atlas):
    declared = {frozenset(p) for line in atlas.map.axial_lines for p in line.between}
    # A contact of one or two mesh edges per side is a jagged band on a coarse mesh, not a border.
    stray = {p: c for p, c in _contacts(body, atlas).items()
             if p[1] not in atlas.map.neighbours(p[0]) and frozenset(p) not in declared and c > 4}
    assert not stray, f"{atlas.map.name}: non-adjacent roots touch outside axial lines: {stray}"


def test_no_graded_overlap_across_an_axial_line(body, lee):
    # C5 (lateral arm) and T2 (medial arm) meet at the ventral axial line: no shared weight
    c5, t2 = lee.column_weights("C5", "left"), lee.column_weights("T2", "left")
    assert np.minimum(c5, t2).max() < 0.05
    l4, l5 = lee.column_weights("L4", "left"), lee.column_weights("L5", "left")
    assert np.minimum(l4, l5).max() >= 0.4  # neighbours share a graded border


def test_l4_matches_the_seed_description_on_the_default_map(body, coords, lee):
    l4 = lee.column_weights("L4", "left")
    l3, l5 = lee.column_weights("L3", "left"), lee.column_weights("L5", "left")
    medial_leg = _region_vertex(body, coords, segment="leg", t=(0.3, 0.7), angle=(250, 290))
    malleolus = medial_malleolus(body)
    medial_dorsum = _region_vertex(body, coords, segment="foot", t=(0.3, 0.7), angle=(290, 330))
    hallux = _region_vertex(body, coords, segment="foot", digit=1, t=(0.3, 0.7), angle=(330, 30))
    assert l4[medial_leg] >= 0.8 and l4[malleolus] >= 0.8
    assert l4[medial_dorsum] >= 0.5 and l4[hallux] >= 0.5
    # shared with L3 at the knee and with L5 on the foot
    upper_medial_leg = _region_vertex(body, coords, segment="leg", t=(0.05, 0.2), angle=(250, 290))
    assert l3[upper_medial_leg] >= 0.2 and l4[upper_medial_leg] >= 0.2
    assert l5[hallux] >= 0.4 and l5[medial_dorsum] >= 0.2


def test_maps_name_their_sources_and_differences():
    for name in available_maps():
        tmap = load_map(maps_dir() / f"{name}.yaml")
        assert tmap.sources and tmap.follows in tmap.sources
        assert all(t.source for t in tmap.territories.values())
        assert tmap.differences, f"{name} does not state how it differs from the other map"


@pytest.mark.parametrize("edit,place,reason", [
    (("  L4:\n", "  L9:\n"), "territories.L9", "unknown root"),
    (("angle: [200, 350]", "angle: [200, 350, 10]"), "angle", "got 3 values"),
    (("border: 0.5", "border: -1"), "border", "must be in"),
    (("segment: leg, t: [0.12, 1.2]", "segment: shin, t: [0.12, 1.2]"), "segment", "unknown segment"),
    (("weight: 0.6\n    description: \"index", "weight: 1.6\n    description: \"index"), "weight", "0..1"),
    (("near: {landmark: l-ac-joint, within: 0.6}", "near: {landmark: l-elbow-tip, within: 0.6}"), "landmark",
     "no landmark"),
    (("  C2:\n", "  C2:\n    key_point: {landmark: inion}\n"), "territories.C2.key_point", "maps/key_points.yaml"),
    (("weights: {C7: 0.65}", "weights: {T9: 0.65}"), "weights.T9", "not one of the zone's roots"),
    (("title: Evidence", "title: [Evidence"), "line", "not valid YAML"),
])
def test_malformed_maps_fail_with_file_place_and_reason(tmp_path, body, edit, place, reason):
    text = (maps_dir() / "lee2008.yaml").read_text()
    assert edit[0] in text
    bad = tmp_path / "broken.yaml"
    bad.write_text(text.replace(edit[0], edit[1], 1))
    with pytest.raises(InputError) as err:
        load_map(bad, set(body.landmarks) | set(body.joints))
    message = str(err.value)
    assert "broken.yaml" in message and place in message and reason in message, message


def test_compiled_atlas_is_cached(body):
    from radviz.atlas import get_map
    from radviz.atlas.compiler import compile_map

    tmap = get_map("lee2008", body)
    first = compile_map(tmap, body)
    second = compile_map(tmap, body)
    assert second.from_cache
    assert (first.weights != second.weights).nnz == 0


# ------------------------------------------------------------------ issue 15: places the references name
def _region(body, coords, side, **spec):
    """Vertices on one side matching an anatomical description (segment, digit, t, angle)."""
    digit = spec.get("digit", 0)
    piece = Piece(segments=(spec["segment"],), digits=tuple(digit) if isinstance(digit, list) else (digit,),
                  t=spec.get("t"), angle=spec.get("angle"))
    mask = piece_mask(piece, coords, body) & (body.side * (1 if side == "left" else -1) > 0)
    assert mask.any(), spec
    return np.flatnonzero(mask)


def _on(body, vertex, side):
    return int(vertex) if side == "left" else int(body.mirror[vertex])


def _top(atlas, vertex, side):
    """Spinal/trigeminal territories at a vertex on one side, heaviest first: [(name, weight)]."""
    return [(n, w) for n, s, w in atlas.at_vertex(vertex, min_weight=0.02) if s == side]


SIDES_ = ["left", "right"]


@pytest.mark.parametrize("side", SIDES_)
def test_medial_malleolus_is_l4_and_the_heel_s1_with_a_graded_medial_heel(body, coords, atlas, side):
    l4, s1 = atlas.column_weights("L4", side), atlas.column_weights("S1", side)
    malleolus = _on(body, body.landmarks["l-medial-malleolus"], side)
    assert _top(atlas, malleolus, side)[0][0] == "L4" and l4[malleolus] >= 0.7
    assert s1[malleolus] < 0.05
    for spec in ({"t": (-0.4, -0.1), "angle": (100, 180)}, {"t": (-0.5, -0.2), "angle": (170, 200)}):
        heel = _region(body, coords, side, segment="foot", **spec)  # lateral heel, heel pad
        assert np.median(s1[heel]) >= 0.6, spec
        assert all(_top(atlas, v, side)[0][0] == "S1" for v in heel), spec
    sole = _region(body, coords, side, segment="foot", t=(0.2, 0.8), angle=(120, 170))  # lateral sole
    assert (s1[sole] >= 0.5).mean() > 0.8
    # the medial heel is shared: both roots there, and no crisp S1 edge (intermediate weights exist)
    medial_heel = _region(body, coords, side, segment="foot", t=(-0.3, -0.05), angle=(220, 300))
    assert np.median(l4[medial_heel]) >= 0.3 and np.median(s1[medial_heel]) >= 0.3
    near = _region(body, coords, side, segment="foot", t=(-0.6, 0.1), angle=(200, 300))
    assert ((s1[near] > 0.1) & (s1[near] < 0.9)).sum() >= 5


@pytest.mark.parametrize("side", SIDES_)
def test_foot_dorsum_web_space_and_middle_toes_are_l5_core(body, coords, atlas, side):
    l4, l5 = atlas.column_weights("L4", side), atlas.column_weights("L5", side)
    mtp3 = _on(body, body.landmarks["l-mtp3-dorsum"], side)
    j = body.joints
    web_point = (j["l-toe-1-1"] + j["l-toe-2-1"]) / 2
    dorsum = _region(body, coords, "left", segment="foot", t=(0.6, 1.2), angle=(270, 360))
    web = _on(body, dorsum[np.argmin(np.linalg.norm(body.vertices[dorsum] - web_point, axis=1))], side)
    for where, v in (("third MTP joint", mtp3), ("first web space", web)):
        assert _top(atlas, v, side)[0][0] == "L5" and l5[v] >= 0.6 and l4[v] < 0.4, where
    for toe in (2, 3, 4):
        back = _region(body, coords, side, segment="foot", digit=toe, t=(0.1, 0.9), angle=(330, 30))
        assert np.median(l5[back]) >= 0.6 and np.median(l4[back]) < 0.3, toe
    # L4 keeps the medial border and medial dorsum, and shares the hallux
    border = _region(body, coords, side, segment="foot", t=(0.2, 0.6), angle=(250, 285))
    assert np.median(l4[border]) >= 0.7
    hallux = _region(body, coords, side, segment="foot", digit=1, t=(0.3, 0.7), angle=(330, 30))
    assert np.median(l4[hallux]) >= 0.3 and np.median(l5[hallux]) >= 0.3


@pytest.mark.parametrize("side", SIDES_)
def test_back_of_the_forearm_and_arm_is_c7_and_t1_keeps_to_the_medial_side(body, coords, atlas, side):
    c6, c7, c8, t1 = (atlas.column_weights(r, side) for r in ("C6", "C7", "C8", "T1"))
    back = _region(body, coords, side, segment="forearm", t=(0.2, 0.8), angle=(165, 195))
    assert np.median(c7[back]) >= 0.55 and (c7[back] >= np.maximum(c6[back], c8[back])).mean() > 0.9
    assert np.median(t1[back]) < 0.05 and t1[back].max() < 0.3
    if atlas.map.name == "lee2008":  # left blank by Lee et al.: shared, C7 the likeliest
        assert np.median(c6[back]) >= 0.2 and np.median(c8[back]) >= 0.2
    back_arm = _region(body, coords, side, segment="arm", t=(0.6, 0.95), angle=(170, 190))
    assert np.median(c7[back_arm]) >= 0.5
    medial_elbow = _region(body, coords, side, segment="arm", t=(0.85, 1.0), angle=(255, 300))
    assert np.median(t1[medial_elbow]) >= 0.5 and c7[medial_elbow].max() < 0.5


@pytest.mark.parametrize("side", SIDES_)
def test_l5_starts_below_the_knee_and_the_patellar_tendon_is_l3_l4(body, coords, atlas, side):
    l3, l4, l5 = (atlas.column_weights(r, side) for r in ("L3", "L4", "L5"))
    joint_line = _region(body, coords, side, segment="leg", t=(-0.05, 0.05), angle=(20, 110))
    assert l5[joint_line].max() < 0.35
    below = _region(body, coords, side, segment="leg", t=(0.35, 0.6), angle=(40, 100))
    assert np.median(l5[below]) >= 0.8
    tendon = _region(body, coords, side, segment="leg", t=(0.0, 0.12), angle=(345, 15))
    for v in tendon:
        top2 = {n for n, _ in _top(atlas, v, side)[:2]}
        assert top2 == {"L3", "L4"} and l3[v] >= 0.3 and l4[v] >= 0.3, _top(atlas, v, side)


@pytest.mark.parametrize("side", SIDES_)
def test_nasal_dorsum_and_tip_are_v1(body, coords, atlas, side):
    head = np.flatnonzero(coords.segment == 0)
    tip = int(head[np.argmax(body.vertices[head, 2])])
    midline = head[(np.abs(body.vertices[head, 0]) < 0.02) & (body.vertices[head, 2] > body.vertices[tip, 2] - 0.3)
                   & (body.vertices[head, 1] >= body.vertices[tip, 1]) & (body.vertices[head, 1] < body.vertices[tip, 1] + 0.3)]
    assert len(midline) >= 3
    for v in [tip, *midline]:
        assert _top(atlas, v, side)[0][0] == "V1", (v, _top(atlas, v, side))
    cheek = _region(body, coords, side, segment="head", t=(-0.05, 0.15), angle=(25, 45))
    assert np.median(atlas.column_weights("V2", side)[cheek]) >= 0.7  # V2 keeps the cheek and the ala side


def test_c5_to_t1_have_no_core_on_the_front_of_the_trunk(body, coords, atlas):
    """Keegan's C5-T1 bands start on the back; on the chest C4 meets T2 (no island at the sternal angle)."""
    names = atlas.territories
    upper_limb = [names.index(r) for r in ("C5", "C6", "C7", "C8", "T1")]
    front = np.isin(coords.segment, [1, 2]) & ((coords.angle < 80) | (coords.angle > 280))
    stray = front & np.isin(atlas.labels, upper_limb)
    assert stray.sum() == 0, body.vertices[stray].round(2).tolist()[:5]
    sternal_angle = body.landmarks["sternal-angle"]
    ring = np.flatnonzero(np.linalg.norm(body.vertices - body.vertices[sternal_angle], axis=1) < 0.6)
    dense = atlas.weights[ring].toarray()
    cols = [names.index(r) + k * len(names) for r in ("C5", "C6", "C7", "C8", "T1") for k in (0, 1)]
    assert dense[:, cols].max() < 0.5


def test_l4_text_names_the_map_that_puts_l4_on_the_lateral_thigh():
    from radviz.atlas.schema import read_yaml

    raw, _ = read_yaml(maps_dir() / "roots.yaml")
    text = " ".join(str(v) for v in _texts(raw, "L4"))
    assert ("lateral thigh" in text or "outer thigh" in text) and "Keegan" in text and "Lee" in text, text


def _texts(raw, root):
    """Every string under the L4 entry of roots.yaml, wherever the file keeps it."""
    node = raw.get("roots", raw).get(root) if isinstance(raw, dict) else None
    out, stack = [], [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out
