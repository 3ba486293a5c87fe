"""What every teaching module shares: the scoring thresholds and plain-words helpers."""
from __future__ import annotations

import numpy as np

from radviz.atlas import Atlas

__all__ = ["FULL", "ZERO", "MAIN", "COVERAGE_FULL", "PASS_SCORE", "KINDS", "CASE_ROOTS", "pct", "words",
           "skin_credit", "where_on_body", "root_name", "spinal_roots"]

FULL = 0.7
"""Weight from which painted skin counts fully (the core: most people agree)."""
ZERO = 0.3
"""Weight below which skin earns no credit (and a root is not 'substantial' at a spot)."""
MAIN = 0.9
"""Myotome/reflex weight of a *main* root (the data's ``main`` = 1.0; ``secondary`` = 0.6)."""
COVERAGE_FULL = 0.5
"""Share of the core that must be painted for the full coverage factor."""
PASS_SCORE = 0.5
"""A "show me" answer scoring at least this counts as correct for accuracy statistics."""
KINDS = ("show_me", "which_root", "case", "muscle")
CASE_ROOTS = ("C5", "C6", "C7", "C8", "T1", "L2", "L3", "L4", "L5", "S1")
"""Roots with a limb territory and motor findings: cases about them are tellable apart."""

def pct(x: float) -> str:
    return f"{round(100 * x)}%"


def words(name: str) -> str:
    return name.replace("_", " ")


def skin_credit(w: np.ndarray) -> np.ndarray:
    """Credit of painted skin with weight ``w`` (0 below ZERO, 1 from FULL; see radviz.teach)."""
    return np.clip((w - ZERO) / (FULL - ZERO), 0.0, 1.0)


def where_on_body(body, vertices: np.ndarray, k: int = 2) -> str:
    """Plain words for where a set of vertices mostly lies ('left foot and left lower leg')."""
    vertices = np.asarray(vertices, dtype=np.int64)
    if not len(vertices):
        return ""
    names = [body.describe(int(v)) for v in vertices]
    area: dict[str, float] = {}
    for n, a in zip(names, body.vertex_areas[vertices]):
        area[n] = area.get(n, 0.0) + float(a)
    return " and ".join(sorted(area, key=lambda n: -area[n])[:k])


def root_name(answer: str) -> str:
    """'left L5', 'l5 ', 'S4-5' -> the root name as the maps spell it."""
    return str(answer).strip().split()[-1].upper() if str(answer).strip() else ""


def spinal_roots(atlas: Atlas) -> list[str]:
    return [r for r in atlas.map.sequence if atlas.map.territories[r].kind == "spinal"]
