"""Symptoms and territories are told apart by everyone: distances measured in CAM02-UCS (a colour
space where 1 unit is about one just-noticeable difference), for normal vision and simulated
deuteranopia and protanopia (colorspacious' Machado et al. 2009 model, full severity).

The colours measured are the ones the views paint over fair skin: each symptom at every intensity
1..10 (:func:`radviz.colors.intensity_ramp`) and each root zone at full strength
(:func:`radviz.colors.zone_swatches`).
"""
from itertools import combinations

import colorspacious
import numpy as np
import pytest

from radviz import colors
from radviz.drawing import SYMPTOMS

VISION = ("normal", "deuteranomaly", "protanomaly")
APART = 20.0  # symptom vs territory: clearly different colours, not shades of one
SHADES = 15.0  # intensity 2 vs 10 (normal vision): two clearly different shades


def _seen(rgb: np.ndarray, vision: str) -> np.ndarray:
    """CAM02-UCS coordinates of sRGB colours as a person with ``vision`` sees them."""
    rgb = np.atleast_2d(np.asarray(rgb, dtype=float))
    if vision != "normal":
        space = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
        rgb = np.clip(colorspacious.cspace_convert(rgb, space, "sRGB1"), 0.0, 1.0)
    return colorspacious.cspace_convert(rgb, "sRGB1", "CAM02-UCS")


def _closest(a: np.ndarray, b: np.ndarray, vision: str) -> float:
    ua, ub = _seen(a, vision), _seen(b, vision)
    return float(np.linalg.norm(ua[:, None, :] - ub[None, :, :], axis=2).min())


def _painted(symptom: str) -> np.ndarray:
    return colors.intensity_ramp(symptom)[1:]  # intensities 1..10 (0 is bare skin)


def _zones() -> np.ndarray:
    return np.array([c for c, _ in colors.zone_swatches()])


@pytest.mark.parametrize("vision", VISION)
def test_no_symptom_shade_looks_like_a_territory_zone(vision):
    for symptom in SYMPTOMS:
        gap = _closest(_painted(symptom), _zones(), vision)
        assert gap > APART, (symptom, vision, gap)


@pytest.mark.parametrize("vision", VISION)
def test_every_territory_colour_differs_from_every_symptom_shade_and_from_its_neighbours(vision):
    palette = colors.PALETTE
    shown = np.array([colors.blend(colors.skin_rgb(1), c, np.array([0.95]))[0] for c in palette])
    for symptom in SYMPTOMS:
        assert _closest(_painted(symptom), shown, vision) > APART, (symptom, vision)
    for k in range(len(shown)):  # consecutive roots (cyclically) read apart
        assert _closest(shown[k], shown[(k + 1) % len(shown)], vision) > 15.0, (k, vision)


@pytest.mark.parametrize("vision", VISION)
def test_symptoms_differ_from_each_other_and_zones_from_each_other(vision):
    for a, b in combinations(SYMPTOMS, 2):
        assert _closest(_painted(a), _painted(b), vision) > 15.0, (a, b, vision)
    zones = _zones()
    for i, j in combinations(range(len(zones)), 2):  # patterns (solid, stripes, checks) add to this
        assert _closest(zones[i], zones[j], vision) > 12.0, (i, j, vision)
    skin = colors.skin_rgb(1)
    assert _closest(zones, skin, vision) > 15.0  # a zone never vanishes into the skin


@pytest.mark.parametrize("symptom", SYMPTOMS)
def test_intensity_2_and_10_are_different_shades_of_one_symptom(symptom):
    ramp = colors.intensity_ramp(symptom)
    assert _closest(ramp[2], ramp[10], "normal") > SHADES
    for vision in VISION[1:]:
        assert _closest(ramp[2], ramp[10], vision) > 12.0, vision
    lightness = _seen(ramp[1:], "normal")[:, 0]
    assert np.all(np.diff(lightness) < 0)  # every step darker: stronger reads as darker


def test_the_drawing_stays_readable_over_a_highlight():
    core = colors.zone_swatches()[0][0]
    for symptom in SYMPTOMS:
        over_skin = colors.intensity_ramp(symptom)[1:]
        over_core = colors.drawing_rgb(np.repeat(core[None], 10, axis=0), {symptom: np.arange(1.0, 11.0)})
        shift = np.linalg.norm(_seen(over_skin, "normal") - _seen(over_core, "normal"), axis=1)
        assert shift.max() < 10.0, (symptom, shift.max())  # the same shade, only a hint of the zone
