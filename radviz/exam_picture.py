"""The body coloured by an ISNCSCI exam: each dermatome by its key point's result, sensory levels labelled.

A dermatome takes the status the worksheet chart would give its key point (the lower of light touch
and pin prick: normal, impaired, absent; not tested when neither was tested), blended over the map's
weights so borders stay graded.  Every key point is a dot, but the key point at each side's sensory
level carries a label instead ("Sensory level R: C6"), so the levels are read next to the colours.  Qt-free.
"""
from __future__ import annotations

import numpy as np

from radviz import colors
from radviz.isncsci.levels import SENSORY_LEVELS
from radviz.isncsci.worksheet import dermatome_status

__all__ = ["STATUS_COLOURS", "STATUS_OPACITY", "STATUS_ORDER", "exam_picture", "level_statuses", "territory_level",
           "levels_caption"]

STATUS_ORDER = ("normal", "impaired", "absent", "not tested")
STATUS_COLOURS = {  # hues the drawing does not use (pain red, numbness blue, tingling amber); named in legends
    "normal": colors.hex_rgb("#009e73"), "impaired": colors.hex_rgb("#f0e442"),
    "absent": colors.hex_rgb("#5e2a84"), "not tested": colors.hex_rgb("#8c8c8c")}

STATUS_OPACITY = {"normal": 0.45, "impaired": 0.9, "absent": 0.95, "not tested": 0.85}
"""Normal skin is a light wash, so what is impaired or absent stands out."""


def territory_level(name: str) -> str | None:
    """The exam's level for a map territory ("S4-5" -> "S4_5"); None for the face (V1..V3)."""
    level = name.replace("-", "_")
    return level if level in SENSORY_LEVELS else None


def level_statuses(exam) -> dict[tuple[str, str], str]:
    """(level, side) -> status of every key point."""
    return {(lv, side): dermatome_status(exam, side, lv)[0] for side in ("right", "left") for lv in SENSORY_LEVELS}


def exam_picture(body, atlas, exam, classification, tone: str = "fair") -> tuple[np.ndarray, list, list]:
    """The picture of an exam on ``body`` through the dermatome ``atlas``: (rgb, markers, labels),
    which :func:`radviz.scene.picture_for` wraps as a :class:`~radviz.scene.Picture`."""
    statuses = level_statuses(exam)
    cols = [(k, statuses[(lv, side)]) for k, (name, side) in enumerate(atlas.columns)
            if (lv := territory_level(name)) is not None]
    dense = atlas.weights[:, [k for k, _ in cols]].toarray()
    palette = np.array([STATUS_COLOURS[s] for _, s in cols])
    opacity = np.array([STATUS_OPACITY[s] for _, s in cols])
    total = np.maximum(dense.sum(axis=1), 1e-9)
    mixed = dense @ palette / total[:, None]
    strength = np.clip(dense.max(axis=1), 0, 1)
    alpha = (dense @ opacity / total) * (0.6 + 0.4 * strength) * (dense.sum(axis=1) > 0)
    rgb = colors.blend(colors.skin_rgb(body.n_vertices, tone), mixed, alpha)
    labels = sensory_level_labels(atlas, classification)
    labelled = {v for v, _ in labels}  # a dot there would hide its label on a small view (VTK's depth test)
    markers = [v for (root, _), v in atlas.key_points.items() if territory_level(root) and v not in labelled]
    return rgb, markers, labels


def sensory_level_labels(atlas, classification) -> list[tuple[int, str]]:
    """A label on the key point of each side's sensory level (every possible one, when NT leaves several)."""
    labels = []
    for side, short in (("right", "R"), ("left", "L")):
        for value, _marked in classification[f"neurologicalLevels.sensory{side.title()}"].values:
            vertex = atlas.key_points.get((value.replace("_", "-"), side))
            if vertex is not None:
                labels.append((vertex, f"Sensory level {short}: {value}{'*' if _marked else ''}"))
    return labels


def levels_caption(classification) -> str:
    """The levels in words beside the colours ("Sensory level R: C6  L: C5*" and the NLI and AIS), for a
    view's corner: a key point label can be hidden behind a hand, the caption cannot."""
    d = classification.determinations
    return (f"Sensory level R: {d['neurologicalLevels.sensoryRight'].text}  "
            f"L: {d['neurologicalLevels.sensoryLeft'].text}\n"
            f"NLI: {d['neurologicalLevelOfInjury'].text}   AIS: {d['ASIAImpairmentScale'].text}")
