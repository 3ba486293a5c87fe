"""Visit comparison colours: new, resolved and persisting skin read apart from each other, from the
skin under them and from every symptom shade and root zone, for normal, deuteranopic and
protanopic vision (CAM02-UCS distances, as ``tests/test_colours.py`` measures symptoms and zones)."""
from itertools import combinations

import numpy as np
import pytest

from radviz import colors
from radviz.drawing import SYMPTOMS
from radviz.visits import DIFFERENCE_COLOURS
from tests.test_colours import APART, VISION, _closest

NOT_A_SYMPTOM = 12.0
"""Symptom ramps (three hues, light to dark) and zone hues leave no three colours 20 from all of them."""


def _kind(name: str) -> np.ndarray:
    return colors.hex_rgb(DIFFERENCE_COLOURS[name])


@pytest.mark.parametrize("vision", VISION)
def test_new_resolved_and_persisting_are_clearly_different_colours(vision):
    for a, b in combinations(DIFFERENCE_COLOURS, 2):
        assert _closest(_kind(a), _kind(b), vision) >= APART, (a, b, vision)


@pytest.mark.parametrize("vision", VISION)
def test_each_difference_shows_on_every_skin_tone(vision):
    skins = np.array([colors.hex_rgb(code) for code in colors.SKIN_TONES.values()])
    for kind in DIFFERENCE_COLOURS:
        assert _closest(_kind(kind), skins, vision) >= APART, (kind, vision)


@pytest.mark.parametrize("vision", VISION)
def test_no_difference_looks_like_a_symptom_shade_or_a_root_zone(vision):
    painted = np.vstack([colors.intensity_ramp(s)[1:] for s in SYMPTOMS])
    zones = np.array([c for c, _ in colors.zone_swatches()])
    for kind in DIFFERENCE_COLOURS:
        assert _closest(_kind(kind), painted, vision) >= NOT_A_SYMPTOM, (kind, vision)
        assert _closest(_kind(kind), zones, vision) >= NOT_A_SYMPTOM, (kind, vision)
