"""The teacher's material: the dermatome tour and where two maps disagree."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from radviz.atlas import Atlas, get_atlas
from radviz.keypoints import load_key_points
from radviz.teach.common import FULL, MAIN, pct, spinal_roots, where_on_body

__all__ = ["TourStep", "tour_steps", "map_differences"]


@dataclass
class TourStep:
    """One stop of the dermatome tour."""

    root: str
    side: str
    key_point: int | None
    muscles: list[str]
    reflexes: list[str]
    summary: str
    description: str
    key_point_text: str = ""
    key_movement: str | None = None


def tour_steps(atlas: Atlas, myotomes, summaries: dict[str, dict], side: str = "left") -> list[TourStep]:
    """C2 -> S4-5 in the map's sequence: key point, main muscles and reflexes, summary, territory."""
    steps = []
    for root in spinal_roots(atlas):
        terr = atlas.map.territories[root]
        muscles = [m.label for m, w in myotomes.root_muscles(root) if w >= MAIN] if myotomes else []
        reflexes = [myotomes.reflexes[r].label for r, w in myotomes.root_reflexes(root).items()
                    if w >= MAIN] if myotomes else []
        rec = summaries.get(root, {})
        steps.append(TourStep(root, side, atlas.key_points.get((root, side)), muscles, reflexes,
                              rec.get("summary", ""), terr.description,
                              load_key_points().description(root), rec.get("key_muscle")))
    return steps


def _resolve(m, body) -> Atlas:
    if isinstance(m, Atlas):
        return m
    if body is None:
        from radviz.body import default_body

        body = default_body()
    return get_atlas(body, m if isinstance(m, str) else (m.path or m.name))


def map_differences(map_a, map_b, body=None, top: int = 6, side: str = "left") -> list[dict]:
    """Where two maps disagree: the differences both files state, then the roots whose cores differ most.

    Parameters
    ----------
    map_a, map_b : Atlas, map name or TerritoryMap
        Names and maps are compiled on ``body`` (default: the shipped body).
    top : int
        How many computed root differences to list.

    Returns
    -------
    list of dict
        Stated: ``{"kind": "stated", "region", "text", <map name>: description, ...}``.
        Computed: ``{"kind": "computed", "root", "jaccard", "region", "text", <map name>: ...}``;
        jaccard is |core_a & core_b| / |core_a | core_b| over core vertices (weight >= 0.7) on
        one side (the sides mirror), lowest first.
    """
    a, b = _resolve(map_a, body), _resolve(map_b, body)
    na, nb = a.map.name, b.map.name
    out: list[dict] = []
    regions: dict[str, dict] = {}
    for m in (a.map, b.map):
        for d in m.differences:
            region = str(d.get("region", ""))
            rec = regions.setdefault(region, {"kind": "stated", "region": region})
            for name in (na, nb):
                if name in d and name not in rec:
                    rec[name] = str(d[name])
    for rec in regions.values():
        rec["text"] = f"{rec['region'].capitalize()}: " + "; ".join(
            f"{n}: {rec[n]}" for n in (na, nb) if n in rec)
        out.append(rec)
    if body is None:
        from radviz.body import default_body

        body = default_body()
    computed = []
    for root in spinal_roots(a):
        if root not in b.map.territories:
            continue
        ca, cb = a.column_weights(root, side) >= FULL, b.column_weights(root, side) >= FULL
        union = (ca | cb).sum()
        if not union:
            continue
        jac = float((ca & cb).sum() / union)
        where = where_on_body(body, np.flatnonzero(ca ^ cb)).replace(f"{side} ", "")
        computed.append({"kind": "computed", "root": root, "jaccard": round(jac, 3), "region": where,
                         na: a.map.territories[root].description, nb: b.map.territories[root].description,
                         "text": f"{root}: the two maps' cores share {pct(jac)} of their skin; they "
                                 f"disagree most on the {where}."})
    computed.sort(key=lambda d: d["jaccard"])
    return out + computed[:top]
