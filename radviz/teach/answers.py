"""Checking one answer on the body: a painted "show me" drawing, or a root named for a spot."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from radviz.atlas import Atlas
from radviz.teach.common import COVERAGE_FULL, FULL, PASS_SCORE, ZERO, pct, root_name, skin_credit, where_on_body

__all__ = ["ShowMeFeedback", "score_show_me", "accepted_roots", "check_which_root"]


@dataclass
class ShowMeFeedback:
    """How well a painted answer matches a root's territory.

    ``hits``: painted vertices that earn credit (w > 0.3); ``misses``: core vertices (w >= 0.7)
    left unpainted; ``extra``: painted vertices earning nothing; ``wrong_roots``: (root, side) whose
    core was painted, most painted first.  ``credit``, ``coverage`` and ``penalty`` are the parts
    of ``score`` (see the module docstring), kept so the panel can show why.
    """

    score: float
    hits: np.ndarray
    misses: np.ndarray
    wrong_roots: list[tuple[str, str]]
    text: str
    extra: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    credit: float = 0.0
    coverage: float = 0.0
    penalty: float = 0.0


def score_show_me(atlas: Atlas, body, root: str, side: str, painted_vertices,
                  painted_values=None) -> ShowMeFeedback:
    """Score a student's drawing of ``side root`` against the map (rule in the module docstring).

    Parameters
    ----------
    painted_vertices : int array
        Vertices the student painted.
    painted_values : array or None
        Their intensities (any scale; only relative values matter); None means all equal.
    """
    verts = np.asarray(painted_vertices, dtype=np.int64).ravel()
    vals = np.ones(len(verts)) if painted_values is None else np.asarray(painted_values, float).ravel()
    verts, vals = verts[vals > 0], vals[vals > 0]
    order = np.lexsort((-vals, verts))  # a vertex painted twice counts once, at its highest value
    verts, first = np.unique(verts[order], return_index=True)
    vals = vals[order][first]
    w_all = atlas.column_weights(root, side)
    core = w_all >= FULL
    terr = atlas.map.territories[root]
    label = f"{side} {root}"
    if not len(verts):
        return ShowMeFeedback(0.0, verts, np.flatnonzero(core), [], f"Nothing is painted yet: paint "
                              f"where you think the {label} dermatome is ({terr.description}).")
    mass = body.vertex_areas[verts] * vals
    mass = mass / mass.sum()
    w = w_all[verts]
    credit = float(mass @ skin_credit(w))
    sub = atlas.weights[verts].toarray()
    sub[:, atlas.column(root, side)] = 0.0
    wrong = (sub.max(axis=1) >= FULL) & (w < ZERO)
    penalty = 0.5 * float(mass[wrong].sum())
    area = body.vertex_areas
    painted = np.zeros(len(w_all), dtype=bool)
    painted[verts] = True
    coverage = float(area[core & painted].sum() / max(area[core].sum(), 1e-12))
    factor = 0.8 + 0.2 * min(coverage / COVERAGE_FULL, 1.0)
    score = float(np.clip(credit * factor - penalty, 0.0, 1.0))

    owner = sub.argmax(axis=1)
    counts: dict[tuple[str, str], float] = {}
    for c, m in zip(owner[wrong], mass[wrong]):
        counts[atlas.columns[c]] = counts.get(atlas.columns[c], 0.0) + float(m)
    wrong_roots = sorted(counts, key=lambda k: -counts[k])
    misses = np.flatnonzero(core & ~painted)
    lead = "Well done" if score >= 0.8 else "Partly right" if score >= PASS_SCORE else "Not quite"
    text = [f"{lead}: the {label} dermatome is the {terr.description}."]
    border = (w >= ZERO) & (w < FULL)
    outside = (w < ZERO) & ~wrong
    if wrong_roots and mass[wrong].sum() >= 0.1:
        r, s = wrong_roots[0]
        text.append(f"{pct(mass[wrong].sum())} of your drawing is {s} {r} skin "
                    f"({atlas.map.territories[r].description}), which counts against it.")
    if mass[border].sum() >= 0.2:
        nbrs = sorted({n for v in verts[border] for n in accepted_roots(atlas, v, side) if n != root})
        shared = f" shares with {' and '.join(nbrs)}" if nbrs else " shades off"
        text.append(f"{pct(mass[border].sum())} of it lies on skin {root}{shared}, which counts "
                    f"partly because people differ there.")
    if mass[outside].sum() >= 0.1:
        text.append(f"{pct(mass[outside].sum())} of it lies outside {root} skin, on the "
                    f"{where_on_body(body, verts[outside])}.")
    if coverage < COVERAGE_FULL / 2 and len(misses):
        text.append(f"You painted {pct(coverage)} of its core, which lies mostly on the "
                    f"{where_on_body(body, misses)}.")
    return ShowMeFeedback(score, verts[w > ZERO], misses, wrong_roots, " ".join(text[:3]),
                          verts[w <= ZERO], credit, coverage, penalty)


def accepted_roots(atlas: Atlas, vertex: int, side: str | None = None,
                   threshold: float = ZERO) -> list[str]:
    """All territories with a substantial weight at a spot, heaviest first.

    Where dermatomes overlap, several roots supply the same skin in different people, so every
    root with weight >= ``threshold`` is a right answer: that is what overlap means.
    """
    out: list[str] = []
    for name, s, _ in atlas.at_vertex(int(vertex), min_weight=threshold):
        if (side is None or s == side) and name not in out:
            out.append(name)
    return out


def check_which_root(atlas: Atlas, vertex: int, answer: str, side: str | None = None) -> tuple[bool, str]:
    """Is ``answer`` (e.g. 'L5' or 'left L5') a root supplying the spot?  Returns (correct, text)."""
    here = [(n, s, w) for n, s, w in atlas.at_vertex(int(vertex), min_weight=0.05)
            if side is None or s == side]
    accepted = accepted_roots(atlas, vertex, side) or [n for n, _, _ in here[:1]]
    name = root_name(answer)
    named = [f"{n} ({pct(w)})" for n, _, w in here if n in accepted]
    weights = ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else "".join(named)
    correct = name in accepted
    if correct and len(accepted) > 1:
        both = "both" if len(accepted) == 2 else "all"
        text = (f"Right: {weights} {both} supply this spot, so each is accepted. Neighbouring "
                f"dermatomes overlap, and people differ in which root supplies it.")
    elif correct:
        text = f"Right: this spot is {name} skin ({weights})."
    else:
        terr = atlas.map.territories.get(name)
        theirs = f" {name} supplies the {terr.description}." if terr and terr.description else ""
        text = f"Not quite: this spot is supplied by {weights}.{theirs}"
    return correct, text
