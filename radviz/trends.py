"""Change over visits: painted area, intensity, overlap and root scores of drawings (Qt-free).

The numbers pain-drawing tools track over time (extent in cm^2 and % of skin, mean and peak
intensity, Jaccard overlap with new, resolved and persisting skin), computed once here for the
visits view and the report.  Areas are skin areas: each vertex stands for a third of its
triangles (``Body.vertex_areas``, dm^2), so a drawing's extent does not depend on mesh density.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from radviz.body import Body
from radviz.drawing import SYMPTOMS, Drawing

__all__ = ["Extent", "Intensity", "Change", "RootTrend", "painted_mask", "painted_area", "intensity",
           "symptom_summary", "compare", "root_trends", "CM2_PER_DM2"]

CM2_PER_DM2 = 100.0


@dataclass(frozen=True)
class Extent:
    """Painted skin: ``area_cm2`` and ``skin_percent`` (0..100) of the whole body surface."""

    area_cm2: float
    skin_percent: float


@dataclass(frozen=True)
class Intensity:
    """One symptom's intensity (0..10): ``mean`` over its painted skin, weighted by area, and ``peak``."""

    mean: float
    peak: float


@dataclass(frozen=True)
class Change:
    """Two drawings compared (``before`` -> ``after``).

    Attributes
    ----------
    jaccard : float
        Shared painted skin over skin painted in either, by area (1.0 for two blank drawings).
    new_cm2, resolved_cm2, persisting_cm2 : float
        Skin painted only after, only before, and in both.
    new, resolved, persisting : int arrays
        The vertices of each, for colouring the difference on the body.
    """

    jaccard: float
    new_cm2: float
    resolved_cm2: float
    persisting_cm2: float
    new: np.ndarray
    resolved: np.ndarray
    persisting: np.ndarray


@dataclass(frozen=True)
class RootTrend:
    """Scores of the leading roots over a list of drawings.

    ``roots`` : list of (root, side), highest peak score first; ``scores`` : array, shape
    (n_roots, n_drawings), each root's score (0..1) in each drawing.
    """

    roots: list[tuple[str, str]]
    scores: np.ndarray


def _row(symptom: str | None) -> int | None:
    if symptom is None:
        return None
    if symptom not in SYMPTOMS:
        raise ValueError(f"unknown symptom '{symptom}'; allowed: {', '.join(SYMPTOMS)}")
    return SYMPTOMS.index(symptom)


def painted_mask(drawing: Drawing, symptom: str | None = None) -> np.ndarray:
    """Bool per vertex: painted with ``symptom`` (any symptom when None)."""
    row = _row(symptom)
    return drawing.values.any(axis=0) if row is None else drawing.values[row] > 0


def painted_area(drawing: Drawing, body: Body, symptom: str | None = None) -> Extent:
    """Skin painted with ``symptom`` (any when None), in cm^2 and as a percentage of all skin."""
    area = body.vertex_areas
    painted = float(area[painted_mask(drawing, symptom)].sum())
    return Extent(painted * CM2_PER_DM2, 100.0 * painted / float(area.sum()))


def intensity(drawing: Drawing, body: Body, symptom: str) -> Intensity:
    """Area-weighted mean and peak intensity of one symptom over the skin it is painted on (0, 0 if none)."""
    values = drawing.values[_row(symptom)]
    painted = values > 0
    if not painted.any():
        return Intensity(0.0, 0.0)
    weights = body.vertex_areas[painted]
    return Intensity(float(values[painted] @ weights / weights.sum()), float(values[painted].max()))


def symptom_summary(drawing: Drawing, body: Body) -> dict[str, dict[str, float]]:
    """Per symptom: ``area_cm2``, ``skin_percent``, ``mean`` and ``peak`` (one visit's trend point)."""
    out = {}
    for name in SYMPTOMS:
        extent, level = painted_area(drawing, body, name), intensity(drawing, body, name)
        out[name] = {"area_cm2": extent.area_cm2, "skin_percent": extent.skin_percent,
                     "mean": level.mean, "peak": level.peak}
    return out


def compare(before: Drawing, after: Drawing, body: Body, symptom: str | None = None) -> Change:
    """New, resolved and persisting skin between two drawings of one body, and their Jaccard overlap."""
    a, b = painted_mask(before, symptom), painted_mask(after, symptom)
    area = body.vertex_areas
    both, either = a & b, a | b
    union = float(area[either].sum())
    jaccard = float(area[both].sum()) / union if union > 0 else 1.0
    new, resolved = b & ~a, a & ~b
    return Change(jaccard, float(area[new].sum()) * CM2_PER_DM2, float(area[resolved].sum()) * CM2_PER_DM2,
                  float(area[both].sum()) * CM2_PER_DM2, np.flatnonzero(new), np.flatnonzero(resolved),
                  np.flatnonzero(both))


def root_trends(drawings: list[Drawing], engine, findings: list | None = None, top: int = 3) -> RootTrend:
    """The scores, in every drawing, of each root that ranks in the top ``top`` of any drawing.

    Scored by ``engine.locate`` (the same numbers the app shows for each visit); ``findings`` is
    one :class:`radviz.findings.Findings` (or None) per drawing.
    """
    findings = findings or [None] * len(drawings)
    if len(findings) != len(drawings):
        raise ValueError(f"{len(findings)} findings for {len(drawings)} drawings; give one per drawing")
    tables = [engine.locate(d, f).table for d, f in zip(drawings, findings)]
    leading: dict[tuple[str, str], None] = {}
    for table, drawing in zip(tables, drawings):
        if not drawing.is_empty():
            leading.update(dict.fromkeys(table.keys[j] for j in table.order[:top].tolist()))
    roots = list(leading)
    scores = np.array([[float(t.scores[t.keys.index(key)]) for t in tables] for key in roots]).reshape(len(roots),
                                                                                                       len(tables))
    order = np.argsort(-scores.max(axis=1, initial=0.0), kind="stable") if len(roots) else np.zeros(0, dtype=int)
    return RootTrend([roots[k] for k in order], scores[order])
