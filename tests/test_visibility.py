"""Which skin a standard view shows: facing the camera and not hidden behind other skin."""
from __future__ import annotations

import numpy as np

from radviz.visibility import view_showing, visible_mask


def _vertex(body, part: str, side: int, normal) -> int:
    """The vertex of a part (``side`` +1 left, -1 right) whose normal is closest to ``normal``."""
    idx = np.flatnonzero((body.part == list(body.part_names).index(part)) & (body.side == side))
    return int(idx[np.argmax(body.vertex_normals[idx] @ np.asarray(normal, float))])


def test_front_and_back_are_seen_from_their_own_side(body):
    front = _vertex(body, "trunk", 1, (0, 0, 1))
    back = _vertex(body, "trunk", 1, (0, 0, -1))
    assert visible_mask(body, "anterior")[front] and not visible_mask(body, "anterior")[back]
    assert visible_mask(body, "posterior")[back] and not visible_mask(body, "posterior")[front]
    assert view_showing(body, [back]) == "posterior"


def test_skin_behind_the_other_leg_is_hidden(body):
    inner_right_shin = _vertex(body, "lower leg", -1, (1, 0, 0))  # faces the subject's left
    assert not visible_mask(body, "left")[inner_right_shin]  # the left leg stands in front of it
    assert view_showing(body, [inner_right_shin]) in ("anterior", "posterior")


def test_about_half_the_skin_is_seen_from_the_front(body):
    share = float(body.vertex_areas[visible_mask(body, "anterior")].sum() / body.vertex_areas.sum())
    assert 0.3 < share < 0.6
