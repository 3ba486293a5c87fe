"""Peripheral-nerve map: every nerve present, mirrored, where the clinical reference (§9) puts it."""
import numpy as np
import pytest

from radviz.atlas import get_atlas
from radviz.atlas.compiler import piece_mask
from radviz.atlas.schema import Piece, load_map
from radviz.errors import InputError
from radviz.paths import maps_dir
from tests.conftest import region_points

NERVES = ["median", "ulnar", "radial", "musculocutaneous", "axillary", "lateral_femoral_cutaneous",
          "femoral", "saphenous", "obturator", "common_peroneal", "superficial_peroneal",
          "deep_peroneal", "sural", "tibial", "medial_plantar", "lateral_plantar", "medial_calcaneal",
          "medial_antebrachial_cutaneous", "posterior_femoral_cutaneous", "ilioinguinal", "genitofemoral"]
# A branch and its parent both supply the branch's skin (skin of a branch is skin of its parent).
PARENTS = {"saphenous": "femoral", "deep_peroneal": "common_peroneal", "superficial_peroneal": "common_peroneal",
           "medial_plantar": "tibial", "lateral_plantar": "tibial", "medial_calcaneal": "tibial"}
FAMILY = {frozenset(p) for p in PARENTS.items()}


@pytest.fixture(scope="session")
def nerves(body):
    return get_atlas(body, "nerves")


def _mask(body, coords, side="left", **spec):
    """Vertices on one side matching an anatomical description (segment, digit, t, angle)."""
    digit = spec.get("digit", 0)
    piece = Piece(segments=(spec["segment"],), digits=tuple(digit) if isinstance(digit, list) else (digit,),
                  t=spec.get("t"), angle=spec.get("angle"))
    mask = piece_mask(piece, coords, body) & (body.side * (1 if side == "left" else -1) > 0)
    assert mask.any(), spec
    return mask


def _centre(body, coords, **spec):
    """The vertex nearest the centre of a region described in anatomical terms (left side)."""
    idx = np.flatnonzero(_mask(body, coords, **spec))
    centre = body.vertices[idx].mean(axis=0)
    return int(idx[np.argmin(np.linalg.norm(body.vertices[idx] - centre, axis=1))])


def _first_web_space(body, coords):
    """Dorsal skin of the foot between the heads of the first and second metatarsals (left)."""
    j = body.joints
    web = (j["l-toe-1-1"] + j["l-toe-2-1"]) / 2
    foot = np.flatnonzero(_mask(body, coords, segment="foot", t=(0.6, 1.2), angle=(270, 360)))
    return int(foot[np.argmin(np.linalg.norm(body.vertices[foot] - web, axis=1))])


def clinical_spots(body, coords):
    """The most reliable spot of each nerve, located independently of the map (clinical sheet §9)."""
    return {
        "median": _centre(body, coords, segment="hand", digit=2, t=(0.8, 1.0), angle=(330, 30)),
        "ulnar": _centre(body, coords, segment="hand", digit=5, t=(0.4, 0.7), angle=(330, 30)),
        "radial": _centre(body, coords, segment="hand", t=(0.55, 0.85), angle=(95, 130)),
        "musculocutaneous": _centre(body, coords, segment="forearm", t=(0.4, 0.6), angle=(70, 100)),
        "axillary": _centre(body, coords, segment="arm", t=(0.35, 0.45), angle=(80, 110)),
        "lateral_femoral_cutaneous": _centre(body, coords, segment="thigh", t=(0.4, 0.6), angle=(50, 80)),
        "femoral": _centre(body, coords, segment="thigh", t=(0.4, 0.6), angle=(345, 15)),
        "obturator": _centre(body, coords, segment="thigh", t=(0.65, 0.8), angle=(250, 275)),
        "saphenous": _centre(body, coords, segment="leg", t=(0.8, 0.9), angle=(255, 285)),
        "common_peroneal": _centre(body, coords, segment="leg", t=(0.15, 0.35), angle=(80, 120)),
        "superficial_peroneal": _centre(body, coords, segment="foot", t=(0.3, 0.6), angle=(350, 30)),
        "deep_peroneal": _first_web_space(body, coords),
        "sural": _centre(body, coords, segment="foot", t=(0.0, 0.25), angle=(95, 125)),
        "tibial": _centre(body, coords, segment="foot", t=(0.35, 0.55), angle=(165, 195)),
        "medial_plantar": _centre(body, coords, segment="foot", t=(0.5, 0.8), angle=(200, 230)),
        "lateral_plantar": _centre(body, coords, segment="foot", t=(0.4, 0.7), angle=(140, 165)),
        "medial_calcaneal": _centre(body, coords, segment="foot", t=(-0.35, -0.15), angle=(180, 240)),
        "medial_antebrachial_cutaneous": _centre(body, coords, segment="forearm", t=(0.3, 0.6), angle=(255, 285)),
        "posterior_femoral_cutaneous": _centre(body, coords, segment="thigh", t=(0.4, 0.6), angle=(170, 190)),
        "ilioinguinal": _centre(body, coords, segment="thigh", t=(0.1, 0.22), angle=(280, 310)),
        "genitofemoral": _centre(body, coords, segment="thigh", t=(0.0, 0.15), angle=(330, 10)),
    }


def _nerve_weights(atlas, vertex, side):
    return {n: w for n, s, w in atlas.at_vertex(vertex, min_weight=0.0) if s == side}


def _area(body, mask):
    return float(body.vertex_areas[mask].sum())


# ------------------------------------------------------------------ presence and symmetry
def test_every_nerve_is_present_and_non_empty_on_both_sides(body, nerves):
    assert nerves.map.kind == "nerves" and nerves.map.mode == "independent"
    assert set(NERVES) <= set(nerves.territories)
    for name in NERVES:
        terr = nerves.map.territories[name]
        assert terr.source and terr.roots and terr.key_point and terr.description, name
        assert 0.1 <= terr.border <= 0.25, name
        for side in ("left", "right"):
            w = nerves.column_weights(name, side)
            assert w.max() >= 0.99 and _area(body, w >= 0.5) > 0.05, (name, side)
            other_side = body.side * (1 if side == "left" else -1) < 0
            assert not (w[other_side] > 0).any(), f"{name} ({side}) crosses the midline"


def test_left_and_right_mirror_exactly(body, nerves):
    n = len(nerves.territories)
    dense = nerves.weights.toarray()
    assert dense.min() >= 0 and dense.max() <= 1
    np.testing.assert_array_equal(dense[:, :n], dense[body.mirror][:, n:])
    for name in NERVES:
        assert nerves.key_points[(name, "right")] == body.mirror[nerves.key_points[(name, "left")]]


def test_no_nerve_claims_the_trunk_head_or_unsupplied_skin(body, coords, nerves):
    dense = nerves.weights.toarray()
    head_neck = np.isin(coords.segment, [0, 1])
    trunk = coords.segment == 2
    assert dense[head_neck].max() == 0.0
    # on the trunk only the groin nerves (ilioinguinal, genitofemoral), below the inguinal ligament
    groin = [nerves.territories.index(n) for n in ("ilioinguinal", "genitofemoral")]
    others = np.delete(dense, groin + [k + len(nerves.territories) for k in groin], axis=1)
    assert others[trunk].max() < 0.5
    above_groin = trunk & (body.vertices[:, 1] > body.vertices[body.landmarks["l-asis"], 1])
    assert dense[above_groin].max() == 0.0
    # the medial arm (intercostobrachial, not in this map) and the upper calf
    for spec in ({"segment": "arm", "t": (0.3, 0.7), "angle": (250, 290)},
                 {"segment": "leg", "t": (0.25, 0.45), "angle": (170, 190)}):
        assert dense[_mask(body, coords, **spec)].max() < 0.05, spec


# ------------------------------------------------------------------ key points
@pytest.mark.parametrize("side", ["left", "right"])
def test_key_points_rank_their_nerve_first(body, coords, nerves, side):
    wrong = {}
    spots = clinical_spots(body, coords)
    for name in NERVES:
        for where, vertex in (("map key point", nerves.key_points[(name, "left")]), ("clinical spot", spots[name])):
            if side == "right":
                vertex = int(body.mirror[vertex])
            w = _nerve_weights(nerves, vertex, side)
            own = w.get(name, 0.0)
            others = {n: x for n, x in w.items() if n != name and frozenset((n, name)) not in FAMILY}
            if own < 0.5 or any(x >= own for x in others.values()):
                wrong[(name, where)] = w
    assert not wrong, wrong


def test_branches_lie_inside_the_common_peroneal_territory(body, coords, nerves):
    spots = clinical_spots(body, coords)
    cp = nerves.column_weights("common_peroneal", "left")
    for branch in ("deep_peroneal", "superficial_peroneal"):
        w = nerves.column_weights(branch, "left")
        assert w[spots[branch]] >= 0.5 and cp[spots[branch]] >= 0.5, branch
        # nearly all of the branch's skin is common peroneal skin too
        inside = _area(body, (w >= 0.5) & (cp >= 0.5))
        assert inside >= 0.85 * _area(body, w >= 0.5), branch
    # the upper lateral leg is common peroneal but neither branch
    upper = spots["common_peroneal"]
    assert nerves.column_weights("superficial_peroneal", "left")[upper] < 0.5
    assert nerves.column_weights("deep_peroneal", "left")[upper] == 0.0


# ------------------------------------------------------------------ where the territories are
def test_ulnar_nerve_supplies_nothing_above_the_wrist(body, coords, nerves):
    ulnar = nerves.column_weights("ulnar", "left")
    for segment in ("forearm", "arm"):
        assert ulnar[_mask(body, coords, segment=segment)].max() < 0.5, segment
    assert ulnar[_mask(body, coords, segment="hand", digit=5)].min() >= 0.5  # the whole little finger


def test_median_covers_the_index_fingertip_not_the_little_finger(body, coords, nerves):
    median = nerves.column_weights("median", "left")
    tip = _centre(body, coords, segment="hand", digit=2, t=(0.85, 1.0), angle=(330, 30))
    assert median[tip] >= 0.9
    little = _mask(body, coords, segment="hand", digit=5)
    assert median[little].max() < 0.5
    # the backs of the index and middle fingertips, not the back of the hand
    for digit in (2, 3):
        back_tip = _centre(body, coords, segment="hand", digit=digit, t=(0.8, 1.0), angle=(160, 200))
        assert median[back_tip] >= 0.5, digit
    assert median[_centre(body, coords, segment="hand", t=(0.3, 0.7), angle=(160, 200))] < 0.5


def test_ring_finger_is_split_between_median_and_ulnar(body, coords, nerves):
    median = nerves.column_weights("median", "left")
    ulnar = nerves.column_weights("ulnar", "left")
    radial_half = _centre(body, coords, segment="hand", digit=4, t=(0.4, 0.8), angle=(30, 60))
    ulnar_half = _centre(body, coords, segment="hand", digit=4, t=(0.4, 0.8), angle=(300, 330))
    assert median[radial_half] >= 0.5 > ulnar[radial_half]
    assert ulnar[ulnar_half] >= 0.5 > median[ulnar_half]


def test_superficial_radial_is_on_the_back_of_the_hand(body, coords, nerves):
    radial = nerves.column_weights("radial", "left")
    web = clinical_spots(body, coords)["radial"]
    assert radial[web] >= 0.9
    assert radial[_centre(body, coords, segment="hand", t=(0.3, 0.7), angle=(340, 20))] < 0.5  # palm
    # the back of the index finger to about the PIP joint, not its tip
    assert radial[_centre(body, coords, segment="hand", digit=2, t=(0.1, 0.3), angle=(160, 200))] >= 0.5
    assert radial[_centre(body, coords, segment="hand", digit=2, t=(0.85, 1.0), angle=(160, 200))] < 0.5


def test_axillary_badge_and_musculocutaneous_forearm(body, coords, nerves):
    ax = nerves.column_weights("axillary", "left")
    mc = nerves.column_weights("musculocutaneous", "left")
    assert ax[_centre(body, coords, segment="arm", t=(0.35, 0.45), angle=(80, 110))] >= 0.9
    assert ax[_mask(body, coords, segment="forearm")].max() == 0.0
    assert ax[_centre(body, coords, segment="arm", t=(0.35, 0.45), angle=(250, 290))] == 0.0  # medial arm
    for angle in ((20, 40), (120, 140)):  # lateral forearm, front and back
        assert mc[_centre(body, coords, segment="forearm", t=(0.3, 0.7), angle=angle)] >= 0.5, angle
    assert mc[_centre(body, coords, segment="forearm", t=(0.3, 0.7), angle=(255, 285))] == 0.0
    assert mc[_mask(body, coords, segment="hand")].max() < 0.5


def test_lateral_femoral_cutaneous_is_on_the_anterolateral_thigh_only(body, coords, nerves):
    lfc = nerves.column_weights("lateral_femoral_cutaneous", "left")
    assert lfc[_centre(body, coords, segment="thigh", t=(0.4, 0.6), angle=(50, 80))] >= 0.9
    for segment in ("leg", "foot"):
        assert lfc[_mask(body, coords, segment=segment)].max() == 0.0, segment
    assert lfc[_mask(body, coords, segment="thigh", angle=(200, 300))].max() == 0.0  # medial thigh
    assert lfc[_mask(body, coords, segment="thigh", t=(0.95, 1.2))].max() < 0.5  # stops above the knee


def test_femoral_obturator_and_saphenous_on_the_thigh_and_leg(body, coords, nerves):
    fem = nerves.column_weights("femoral", "left")
    obt = nerves.column_weights("obturator", "left")
    saph = nerves.column_weights("saphenous", "left")
    assert fem[_centre(body, coords, segment="thigh", t=(0.4, 0.6), angle=(300, 330))] >= 0.9  # anteromedial
    # the femoral nerve's territory includes its saphenous branch: the medial leg, not the lateral
    assert (fem[saph >= 0.5] >= 0.5).all()
    assert fem[_mask(body, coords, segment="leg", angle=(60, 130))].max() < 0.5
    assert _area(body, obt >= 0.5) < _area(body, fem >= 0.5) / 3  # a small patch
    assert obt[_mask(body, coords, segment="thigh", t=(-0.2, 0.4))].max() < 0.5  # distal only
    assert saph[_centre(body, coords, segment="thigh", t=(0.9, 1.0), angle=(250, 280))] >= 0.5  # medial knee
    assert saph[_centre(body, coords, segment="foot", t=(0.2, 0.5), angle=(260, 285))] >= 0.5  # medial foot border
    assert saph[_mask(body, coords, segment="leg", angle=(60, 130))].max() == 0.0  # not the lateral leg


def test_sural_is_on_the_lateral_foot_not_the_medial_dorsum(body, coords, nerves):
    sural = nerves.column_weights("sural", "left")
    assert sural[_centre(body, coords, segment="foot", t=(0.3, 0.7), angle=(95, 125))] >= 0.9
    assert sural[_mask(body, coords, segment="foot", digit=5, angle=(80, 120))].min() >= 0.5  # lateral toe 5
    assert sural[_mask(body, coords, segment="foot", t=(0.2, 1.0), angle=(270, 350))].max() == 0.0
    assert sural[_centre(body, coords, segment="leg", t=(0.7, 0.9), angle=(150, 180))] >= 0.5  # lower calf
    assert sural[_mask(body, coords, segment="leg", t=(-0.2, 0.3))].max() == 0.0


def test_tibial_supplies_the_sole_and_heel_pad_not_the_dorsum(body, coords, nerves):
    tib = nerves.column_weights("tibial", "left")
    sole = _mask(body, coords, segment="foot", t=(-0.3, 1.0), angle=(160, 220))
    assert tib[sole].min() >= 0.5
    assert tib[_mask(body, coords, segment="foot", t=(0.1, 0.9), angle=(330, 30))].max() == 0.0
    assert tib[_mask(body, coords, segment="leg")].max() < 0.5


def test_superficial_peroneal_spares_the_first_web_space_and_lateral_border(body, coords, nerves):
    sp = nerves.column_weights("superficial_peroneal", "left")
    spots = clinical_spots(body, coords)
    assert sp[spots["superficial_peroneal"]] >= 0.9
    assert sp[_centre(body, coords, segment="leg", t=(0.6, 0.85), angle=(40, 70))] >= 0.9  # lower anterolateral leg
    assert sp[spots["deep_peroneal"]] < 0.5
    assert sp[_centre(body, coords, segment="foot", t=(0.3, 0.7), angle=(100, 120))] < 0.5  # lateral border


def test_deep_peroneal_is_only_the_first_web_space(body, coords, nerves):
    dp = nerves.column_weights("deep_peroneal", "left")
    core = dp >= 0.5
    assert _area(body, core) < 0.3
    web = body.vertices[_first_web_space(body, coords)]
    assert np.linalg.norm(body.vertices[core] - web, axis=1).max() < 0.5
    assert dp[_mask(body, coords, segment="leg")].max() == 0.0


# ------------------------------------------------------------------ errors
@pytest.mark.parametrize("edit,place,reason", [
    (("{segment: thigh, t: [0.5, 0.85], angle: [235, 285]}",
      "{segment: shin, t: [0.5, 0.85], angle: [235, 285]}"),
     "territories.obturator.pieces[0].segment", "unknown segment"),
    (("roots: [L3, L4]", "roots: [L3, L9]"), "territories.saphenous.roots", "unknown root"),
    (("source: harney2007; mrc2010", "source: harney2007; nobody2024"),
     "territories.lateral_femoral_cutaneous.source", "name one or more sources"),
    (("{segment: hand, digit: 5}", "{segment: hand, digit: 6}"), "territories.ulnar.pieces[0].digit", "digits are"),
])
def test_a_malformed_nerve_map_names_the_place(tmp_path, body, edit, place, reason):
    text = (maps_dir() / "nerves.yaml").read_text()
    assert text.count(edit[0]) == 1, edit[0]
    bad = tmp_path / "broken-nerves.yaml"
    bad.write_text(text.replace(edit[0], edit[1]))
    with pytest.raises(InputError) as err:
        load_map(bad, set(body.landmarks) | set(body.joints))
    message = str(err.value)
    assert "broken-nerves.yaml" in message and place in message and reason in message, message


# ------------------------------------------------------------------ branches and their parents
def test_every_branch_names_its_parent_and_lies_inside_its_territory(body, nerves):
    declared = {name: terr.parent for name, terr in nerves.map.territories.items() if terr.parent}
    assert declared == PARENTS
    for branch, parent in PARENTS.items():
        for side in ("left", "right"):
            b, p = nerves.column_weights(branch, side), nerves.column_weights(parent, side)
            inside = _area(body, (b >= 0.5) & (p >= 0.5))
            assert inside >= 0.9 * _area(body, b >= 0.5), (branch, parent, side)


def test_femoral_territory_reaches_the_medial_leg_and_foot_through_the_saphenous(body, coords, nerves):
    fem = nerves.column_weights("femoral", "left")
    spots = clinical_spots(body, coords)
    assert fem[spots["femoral"]] >= 0.9 and fem[spots["saphenous"]] >= 0.9
    assert fem[_centre(body, coords, segment="foot", t=(0.2, 0.5), angle=(260, 285))] >= 0.5  # medial foot border


def test_tibial_branches_split_the_sole_and_heel(body, coords, nerves):
    mp, lp, mc = (nerves.column_weights(n, "left") for n in ("medial_plantar", "lateral_plantar", "medial_calcaneal"))
    tib = nerves.column_weights("tibial", "left")
    spots = clinical_spots(body, coords)
    # each branch has its own part of the sole; the heel pad is the calcaneal branch's
    assert mp[spots["medial_plantar"]] >= 0.9 > lp[spots["medial_plantar"]]
    assert lp[spots["lateral_plantar"]] >= 0.9 > mp[spots["lateral_plantar"]]
    assert mc[spots["medial_calcaneal"]] >= 0.9 > max(mp[spots["medial_calcaneal"]], lp[spots["medial_calcaneal"]])
    # the underside of the big toe is medial plantar, of the little toe lateral plantar
    assert mp[_mask(body, coords, segment="foot", digit=1, angle=(160, 200))].min() >= 0.5
    assert lp[_mask(body, coords, segment="foot", digit=5, angle=(160, 200))].min() >= 0.5
    # together the branches cover the tibial territory
    branches = np.maximum.reduce([mp, lp, mc])
    assert _area(body, (tib >= 0.5) & (branches >= 0.5)) >= 0.9 * _area(body, tib >= 0.5)


def test_new_nerves_are_where_the_references_put_them(body, coords, nerves):
    mabc = nerves.column_weights("medial_antebrachial_cutaneous", "left")
    assert mabc[_mask(body, coords, segment="forearm", t=(0.1, 0.8), angle=(240, 300))].min() >= 0.5
    assert mabc[_mask(body, coords, segment="forearm", angle=(60, 120))].max() == 0.0  # not the radial side
    assert mabc[_mask(body, coords, segment="hand")].max() < 0.5
    pfc = nerves.column_weights("posterior_femoral_cutaneous", "left")
    assert pfc[_mask(body, coords, segment="thigh", t=(0.2, 0.9), angle=(160, 200))].min() >= 0.5
    assert pfc[_mask(body, coords, segment="thigh", angle=(330, 30))].max() == 0.0  # not the front
    ii, gf = nerves.column_weights("ilioinguinal", "left"), nerves.column_weights("genitofemoral", "left")
    groin = body.vertices[body.landmarks["l-pubic-tubercle"]]
    assert np.linalg.norm(body.vertices[ii >= 0.5] - groin, axis=1).max() < 1.5  # the groin only
    assert gf[body.landmarks["l-inguinal-midpoint"]] < 0.5  # below the ligament, not on it
    for name in ("medial_antebrachial_cutaneous", "posterior_femoral_cutaneous", "ilioinguinal", "genitofemoral",
                 "medial_plantar", "lateral_plantar", "medial_calcaneal"):
        terr = nerves.map.territories[name]
        assert terr.source and terr.roots and terr.description, name


def test_a_femoral_neuropathy_ranks_the_femoral_nerve_above_l3_and_l4(body, coords, engine):
    """Anterior thigh and medial leg numb (the saphenous skin is femoral skin), knee extension and
    hip flexion weak, adductors spared, knee jerk down: a nerve, not a root."""
    from radviz.drawing import Drawing
    from radviz.findings import Findings

    points = region_points(body, coords, k=6, segment="thigh", t=[0.3, 0.8], angle=[330, 30]) + \
        region_points(body, coords, k=6, seed=1, segment="leg", t=[0.2, 0.9], angle=[240, 300])
    drawing = Drawing(body.n_vertices)
    engine.paint_points(drawing, body.nearest_vertex(np.array(points)), 0.3, "numbness")
    findings = Findings()
    for movement, state in (("knee_extension", "weak"), ("hip_flexion", "weak"), ("hip_adduction", "normal")):
        findings.set_motor("left", movement, state)
    findings.set_reflex("left", "patellar", "decreased")
    result = engine.locate(drawing, findings).to_json()
    femoral = next(n["score"] for n in result["nerves"] if n["nerve"] == "femoral" and n["side"] == "left")
    roots = {r["root"]: r["score"] for r in result["roots"] if r["side"] == "left"}
    assert femoral > max(roots.get("L3", 0.0), roots.get("L4", 0.0))
    assert "peripheral_nerve" in result["flags"]
