"""Per-vertex colours: skin, territory weights, drawings and highlights, composited in numpy.

Shared by the Qt views, the CLI renderer and the reports (one picture of one model).  Colours are
RGB floats in 0..1.  Every territory at once takes nine colours of colorcet's Glasbey palette, none
of them like a symptom's, ordered so that consecutive roots differ for colour-blind eyes too.

Symptoms and territories never share colours.  Each symptom is drawn from its own colorcet
sequential map (pain red, numbness blue, tingling yellow to amber), intensity 1 light and 10 dark,
so a 2 and a 10 differ in lightness while both still read as that symptom; the drawing is nearly
opaque, so it stays readable over any highlight.  Territory zones are pale teal and lilac hues that
stay apart from every symptom colour under deuteranopia and protanopia too
(``tests/test_colours.py`` measures it in CAM02-UCS).

One root's picture has three zones that must read apart at a glance, on every skin tone and under
a red/blue/amber symptom drawing: its *core* (solid), the skin it *shares with a neighbour*
(diagonal stripes) and the skin only *some people* get from it (a check pattern, where a source
leaves the skin blank).  They differ in hue and in pattern, so they stay apart in grey print and
for colour-blind readers; the hues come from colorcet's Glasbey categorical palette (teal,
lavender, pale lilac: none of them like a symptom colour).
"""
from __future__ import annotations

from functools import cache

import numpy as np

from radviz.drawing import SYMPTOMS
from radviz.palettes import palette  # colorcet's lists, cached: importing colorcet costs 14 MB

__all__ = ["SKIN_TONES", "PALETTE", "SYMPTOM_COLOURS", "SYMPTOM_RAMPS", "DRAWING_OPACITY", "ZONE_COLOURS",
           "ZONE_TEXT", "territory_colours", "skin_rgb", "blend", "composite_uint8", "all_territories_rgb",
           "drawing_rgb", "symptom_rgb", "intensity_ramp", "hex_rgb", "zone_rgb", "zone_pattern", "zone_swatches"]


def hex_rgb(code: str) -> np.ndarray:
    code = code.lstrip("#")
    return np.array([int(code[i:i + 2], 16) for i in (0, 2, 4)], dtype=float) / 255.0


SKIN_TONES = {  # Monk-scale-like tones from light to dark
    "light": "#f6ede4", "fair": "#eadaba", "medium": "#d7bd96", "olive": "#a07e56",
    "brown": "#825c43", "dark": "#604134", "deep": "#3a312a",
}
SYMPTOM_RAMPS = {  # colorcet sequential map, and where on it intensity 1 and intensity 10 sit
    "pain": ("kr", 0.95, 0.35),  # bright red to deep maroon
    "numbness": ("kb", 1.0, 0.4),  # bright blue to navy
    "tingling": ("fire", 0.97, 0.72),  # pale yellow to amber
}
DRAWING_OPACITY = 0.9
"""Painted skin from intensity 1 up: the drawing stays readable over a highlight (only a hint shows through)."""
_SWATCH_LEVEL = 6.0  # the brush's starting intensity: the one colour that names a symptom in a list
_GLASBEY_ZONES = {"core": 180, "shared": 236, "variable": 242}
"""Teal, lavender and pale lilac from colorcet's Glasbey palette: of its 256 colours, a trio far from
every symptom colour (and from skin and from each other) for normal, deuteranopic and protanopic vision."""
_GLASBEY_TERRITORIES = (34, 248, 86, 41, 191, 85, 13, 103, 99)
"""Nine Glasbey colours far from every symptom shade; in this order neighbours differ under
deuteranopia and protanopia too (``tests/test_colours.py``)."""


@cache
def _zone_colours() -> dict[str, np.ndarray]:
    glasbey = palette("glasbey")
    return {zone: hex_rgb(glasbey[k]) for zone, k in _GLASBEY_ZONES.items()}


@cache
def _palette() -> list[np.ndarray]:
    glasbey = palette("glasbey")
    return [hex_rgb(glasbey[k]) for k in _GLASBEY_TERRITORIES]


@cache
def _ramp_lut(name: str) -> np.ndarray:
    """(256, 3) colours of a symptom from intensity 1 to 10, sampled from its colorcet map."""
    cmap, lo, hi = SYMPTOM_RAMPS[name]
    table = np.array([hex_rgb(c) for c in palette(cmap)])
    where = np.linspace(lo, hi, 256) * (len(table) - 1)
    return np.stack([np.interp(where, np.arange(len(table)), table[:, k]) for k in range(3)], axis=1)


def symptom_rgb(name: str, level) -> np.ndarray:
    """Colour of a symptom at intensity ``level`` (scalar or array, clipped to 1..10): darker is stronger."""
    lut = _ramp_lut(name)
    pos = (np.minimum(np.maximum(np.asarray(level, dtype=float), 1.0), 10.0) - 1.0) / 9.0 * (len(lut) - 1)
    return lut[np.rint(pos).astype(int)]


def intensity_ramp(name: str) -> np.ndarray:
    """(11, 3): the colour of each intensity 0..10 over fair skin, as the views paint it (0 is bare skin)."""
    skin = skin_rgb(1)
    levels = np.arange(11, dtype=float)
    return drawing_rgb(np.repeat(skin, 11, axis=0), {name: levels})


def __getattr__(name: str):
    """Colours read from colorcet when first used (PEP 562): ``ZONE_COLOURS`` (core, shared, variable),
    ``PALETTE`` (territories) and ``SYMPTOM_COLOURS`` (each symptom at the brush's starting intensity),
    RGB in 0..1."""
    if name == "ZONE_COLOURS":
        return _zone_colours()
    if name == "PALETTE":
        return _palette()
    if name == "SYMPTOM_COLOURS":
        return {s: symptom_rgb(s, _SWATCH_LEVEL) for s in SYMPTOM_RAMPS}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


ZONE_TEXT = {"core": "core: nearly everyone", "shared": "shared with a neighbour",
             "variable": "some people (supply varies)"}
_PATTERN_PERIOD = 0.7  # decimetres: several vertices per stripe on the limbs of the shipped body


def territory_colours(names: list[str]) -> dict[str, np.ndarray]:
    """One palette colour per territory, cycling so that consecutive names differ."""
    palette = _palette()
    return {name: palette[k % len(palette)] for k, name in enumerate(names)}


def skin_rgb(n: int, tone: str = "fair") -> np.ndarray:
    return np.tile(hex_rgb(SKIN_TONES.get(tone, SKIN_TONES["fair"])), (n, 1))


def blend(base: np.ndarray, colour: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Alpha-composite ``colour`` (3,) or (n, 3) over ``base`` with per-vertex ``alpha`` (n,)."""
    a = np.minimum(np.maximum(np.asarray(alpha, dtype=float), 0.0), 1.0)[:, None]  # np.clip's wrapper costs more
    return base * (1.0 - a) + np.asarray(colour) * a


def all_territories_rgb(base: np.ndarray, dense: np.ndarray, names: list[str]) -> np.ndarray:
    """Every territory at once: each vertex takes the colours of its territories, weight-blended."""
    cols = np.array([territory_colours(names)[n] for n in names])
    total = dense.sum(axis=1, keepdims=True)
    mixed = dense @ cols / np.maximum(total, 1e-9)
    strength = np.clip(dense.max(axis=1), 0, 1)
    return blend(base, mixed, (0.35 + 0.6 * strength) * (total[:, 0] > 0))  # uncovered skin stays skin


def composite_uint8(base: np.ndarray, drawing_values: np.ndarray | None, idx: np.ndarray) -> np.ndarray:
    """Final colours (uint8) of vertices ``idx``: the picture ``base`` with the drawing on top.

    ``drawing_values`` are the Drawing's rows (3, n_vertices).  The view writes the result into its
    colour array in place; a stroke recomposites only the vertices it changed.
    """
    rgb = base[idx]
    if drawing_values is not None:
        rgb = drawing_rgb(rgb, dict(zip(SYMPTOMS, drawing_values[:, idx])))
    return (np.minimum(np.maximum(rgb, 0.0), 1.0) * 255).astype(np.uint8)


def drawing_rgb(base: np.ndarray, intensity: dict[str, np.ndarray]) -> np.ndarray:
    """Paint symptom layers (intensity 0..10 per vertex) over ``base``, pain on top.

    Each painted vertex takes its symptom's colour at its intensity; a brush's soft rim (below 1)
    fades in, so strokes keep soft edges.
    """
    rgb = base
    for name in ("numbness", "tingling", "pain"):
        if name in intensity:
            level = np.asarray(intensity[name], dtype=float)
            painted = level > 0
            if painted.all():  # a stroke's own vertices under one symptom: no selection needed
                rgb = blend(rgb, symptom_rgb(name, level), DRAWING_OPACITY * np.minimum(level, 1.0))
            elif painted.any():
                rgb = rgb.copy()
                rgb[painted] = blend(rgb[painted], symptom_rgb(name, level[painted]),
                                     DRAWING_OPACITY * np.minimum(level[painted], 1.0))
    return rgb


def zone_pattern(positions: np.ndarray, zone: str, period: float = _PATTERN_PERIOD) -> np.ndarray:
    """Per-vertex pattern mask (1 = zone colour, 0 = the pale gap) for a zone: solid, stripes or checks.

    Computed from positions, so it follows the skin on any body and reads in front and side views.
    """
    p = np.asarray(positions, dtype=float)
    a = np.floor((p[:, 0] + p[:, 2] + p[:, 1]) / period) % 2
    if zone == "shared":
        return a
    if zone == "variable":
        b = np.floor((p[:, 0] + p[:, 2] - p[:, 1]) / period) % 2
        return (a == b).astype(float)
    return np.ones(len(p))


def zone_rgb(base: np.ndarray, positions: np.ndarray, zones: dict[str, np.ndarray],
             strength: np.ndarray) -> np.ndarray:
    """Paint core, shared and some-people zones (boolean masks) over ``base``.

    ``strength`` (0..1 per vertex, the root's weight) fades the zones toward their outer edge; the
    pale gaps of a pattern keep a light tint of its colour so the zone reads as one area.
    """
    rgb = base
    w = np.clip(np.asarray(strength, dtype=float), 0.0, 1.0)
    for zone in ("variable", "shared", "core"):
        mask = zones.get(zone)
        if mask is None or not mask.any():
            continue
        on = zone_pattern(positions[mask], zone)
        alpha = np.where(on > 0, 0.6 + 0.35 * np.sqrt(w[mask]), 0.12 if zone != "core" else 0.6)
        rgb = rgb.copy()
        rgb[mask] = blend(rgb[mask], _zone_colours()[zone], alpha)
    return rgb


def zone_swatches(tone: str = "fair") -> list[tuple[np.ndarray, str]]:
    """(colour, text) per zone, as :func:`zone_rgb` paints a full-strength vertex (for legends)."""
    skin = skin_rgb(1, tone)
    return [(blend(skin, _zone_colours()[z], np.array([0.95]))[0], ZONE_TEXT[z]) for z in ("core", "shared", "variable")]
