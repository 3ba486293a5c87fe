"""Root pictures read at a glance: three zones apart in pattern (their colours: tests/test_colours.py),
neighbours named, key point marked, and the view framed on the part of the body that matters."""
import colorsys

import numpy as np
import pytest

from radviz import colors, pictures
from radviz.atlas import get_atlas
from radviz.keypoints import load_key_points


def _hue(rgb) -> float:
    return colorsys.rgb_to_hsv(*np.asarray(rgb, dtype=float))[0] * 360.0


def _hue_gap(a, b) -> float:
    d = abs(_hue(a) - _hue(b)) % 360.0
    return min(d, 360.0 - d)


def test_zone_patterns_are_solid_stripes_and_checks(body):
    core, shared, variable = (colors.zone_pattern(body.vertices, z) for z in ("core", "shared", "variable"))
    assert core.min() == 1.0  # solid
    for mask in (shared, variable):
        assert 0.3 < mask.mean() < 0.7  # half colour, half pale gap
    assert 0.2 < np.mean(shared != variable) < 0.8  # a different pattern, not the same stripes


@pytest.mark.parametrize("name", ["lee2008", "keegan1948"])
def test_l4_picture_has_its_three_zones_and_its_key_point(body, name):
    atlas = get_atlas(body, name)
    zones, strength, overlap = pictures.root_zones(body, atlas, "L4", "left")
    assert not (zones["core"] & zones["shared"]).any() and not (zones["core"] & zones["variable"]).any()
    assert zones["core"].sum() > 50 and zones["shared"].sum() > 50
    assert {"L3", "L5"} <= set(overlap)
    malleolus = body.landmarks["l-medial-malleolus"]
    assert zones["core"][malleolus] or zones["shared"][malleolus]
    rgb, markers = pictures.root_picture(body, atlas, "L4", "left")
    assert markers == [atlas.key_points[("L4", "left")]]
    core_v = np.flatnonzero(zones["core"] & (strength > 0.95))[0]
    shared_v = np.flatnonzero(zones["shared"])
    assert _hue_gap(rgb[core_v], colors.ZONE_COLOURS["core"]) < 20
    assert np.ptp(rgb[shared_v], axis=0).max() > 0.15  # striped: colour and pale gaps both present


def test_a_root_panel_names_its_neighbours_and_key_point_and_frames_the_limb(body, lee):
    panel = pictures.root_panel(body, lee, "L4", "left", "anterior")
    texts = [t for t, _ in panel["legend"]]
    assert any("shared with" in t and "L3" in t and "L5" in t for t in texts)
    assert any(load_key_points().description("L4") in t for t in texts)
    assert {"L3", "L5"} <= {t for _, t in panel["labels"]}
    kinds = {kind for _, kind, _, _ in panel["patterns"]}
    assert "shared" in kinds
    # framed on the leg: well below the pelvis, much smaller than the body
    assert panel["centre"][1] < body.joints["l-knee"][1] + 1.0
    assert panel["extent"][1] < 0.6 * np.ptp(body.vertices[:, 1])


def test_a_hand_root_shows_the_arm_and_hand(body, lee):
    centre, extent = pictures.root_focus(body, lee, "C7", "left")
    key = body.vertices[lee.key_points[("C7", "left")]]
    assert np.all(np.abs(key - centre) <= extent / 2)  # the middle finger is in view
    assert centre[0] > body.joints["l-shoulder"][0]  # the left arm, not the trunk
    assert extent[1] < 0.5 * np.ptp(body.vertices[:, 1])


def test_nerve_pictures_do_not_count_a_branch_as_an_overlap(body):
    nerves = get_atlas(body, "nerves")
    _, _, overlap = pictures.root_zones(body, nerves, "femoral", "left")
    assert "saphenous" not in overlap
    assert pictures.best_views(body, nerves, "lateral_plantar", "left") != ["anterior", "posterior"]
    assert pictures.best_views(body, get_atlas(body, "lee2008"), "T8", "left") == ["anterior", "posterior"]
