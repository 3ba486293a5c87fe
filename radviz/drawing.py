"""Drawing: where the person feels pain, numbness or tingling, as per-vertex intensity (0..10).

Every change is a :class:`StrokeDiff` (vertex ids, old and new values) so undo/redo keeps diffs,
not copies of whole arrays, and views are told exactly which vertices changed.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from radviz.body import Body
from radviz.events import Signal
from radviz.vocabulary import SYMPTOMS  # the rows of a drawing, in the vocabulary's order

__all__ = ["SYMPTOMS", "Drawing", "StrokeDiff", "brush", "disc_values", "paint_many", "TABLE_MIN_DRAWINGS"]

TABLE_MIN_DRAWINGS = 128
"""A brush size that this many drawings of one :func:`paint_many` call share is painted from a disc
table (:mod:`radviz.discs`: loaded in tens of milliseconds, built once in about a second); fewer
drawings are searched."""


@dataclass
class StrokeDiff:
    """One reversible change: values of ``vertices`` for each symptom row, before and after."""

    vertices: np.ndarray  # (k,)
    old: np.ndarray  # (3, k)
    new: np.ndarray  # (3, k)

    @classmethod
    def combined(cls, diffs: list["StrokeDiff"]) -> "StrokeDiff":
        """Changes made one after another, as one diff (a whole stroke is one undo step): per vertex,
        its value before the first change and after the last."""
        if len(diffs) == 1:
            return diffs[0]
        verts = np.concatenate([d.vertices for d in diffs])
        order = np.argsort(verts, kind="stable")  # stable: a vertex's changes stay in stroke order
        verts = verts[order]
        starts = np.ones(len(verts), dtype=bool)  # a vertex's first change, and (ends) its last
        starts[1:] = verts[1:] != verts[:-1]
        ends = np.ones(len(verts), dtype=bool)
        ends[:-1] = starts[1:]
        old, new = (np.concatenate([getattr(d, side) for d in diffs], axis=1)[:, order] for side in ("old", "new"))
        return cls(verts[starts], old[:, starts], new[:, ends])


def brush(body: Body, vertex: int, radius: float, intensity: float,
          hardness: float = 0.6) -> tuple[np.ndarray, np.ndarray]:
    """Vertices of a round brush spread over the skin (never through the body), and their values.

    Full intensity inside ``hardness * radius``, fading to half intensity at the rim.
    """
    verts, dist = body.geodesic_ball(vertex, radius)
    return verts, disc_values(dist, radius, intensity, hardness)


def paint_many(body: Body, seeds: list, radii: list[float], intensity: float,
               hardness: float = 0.6) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Many drawings, each brushed at its seed vertices with its radius (batch scoring), as flat
    (drawing, vertex, value) arrays sorted by drawing, then vertex.

    Where a drawing's discs overlap a vertex keeps its highest value: the value at the nearest
    seed, the same number :func:`brush` gives seed by seed.
    """
    from radviz.discs import disc_table

    parts = []
    for radius in dict.fromkeys(radii):
        members = [k for k, r in enumerate(radii) if r == radius]
        table = disc_table(body, radius) if len(members) >= TABLE_MIN_DRAWINGS else None
        find = table.discs if table is not None else lambda groups: body.geodesic_discs(groups, radius)
        group, vertex, dist = find([seeds[k] for k in members])
        parts.append((np.asarray(members, dtype=np.int64)[group], vertex, disc_values(dist, radius, intensity, hardness)))
    if not parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    if len(parts) == 1:  # one brush size: already in order
        return parts[0]
    rows, vertex, value = (np.concatenate(p) for p in zip(*parts))
    order = np.argsort(rows, kind="stable")  # each drawing's vertices come from one part, ascending
    return rows[order], vertex[order], value[order]


def disc_values(dist: np.ndarray, radius: float, intensity: float, hardness: float = 0.6) -> np.ndarray:
    """Brush intensity at skin distances ``dist`` from its centre."""
    inner = hardness * radius
    fade = np.minimum(np.maximum((dist - inner) / max(radius - inner, 1e-9), 0.0), 1.0)  # np.clip's wrapper costs more
    return intensity * (1.0 - 0.5 * fade)


class Drawing:
    """Per-vertex symptom intensity (rows: pain, numbness, tingling; values 0..10)."""

    def __init__(self, n_vertices: int):
        self.values = np.zeros((len(SYMPTOMS), n_vertices))
        self.changed = Signal()  # emits the vertex ids that changed

    @property
    def n_vertices(self) -> int:
        return self.values.shape[1]

    def is_empty(self) -> bool:
        return not self.values.any()

    def _change(self, vertices: np.ndarray, new: np.ndarray, old: np.ndarray | None = None) -> StrokeDiff:
        """Set ``new`` (3, k) at ``vertices``; ``old``: their current rows when the caller has them."""
        vertices = np.asarray(vertices, dtype=np.int64)
        if not (vertices[1:] > vertices[:-1]).all():  # brush discs and merged dabs come sorted and distinct
            vertices, first = np.unique(vertices, return_index=True)
            new, old = new[:, first], None
        diff = StrokeDiff(vertices, self.values[:, vertices] if old is None else old, new)
        self.apply(diff)
        return diff

    def paint(self, symptom: str, vertices, values) -> StrokeDiff:
        """Raise ``symptom`` to at least ``values`` on ``vertices`` (painting twice never lowers)."""
        row = SYMPTOMS.index(symptom)
        vertices = np.asarray(vertices, dtype=np.int64)
        old = self.values[:, vertices]
        new = old.copy()
        new[row] = np.maximum(new[row], np.minimum(np.maximum(values, 0.0), 10.0))
        return self._change(vertices, new, old)

    def erase(self, vertices, symptom: str | None = None) -> StrokeDiff:
        vertices = np.asarray(vertices, dtype=np.int64)
        new = self.values[:, vertices].copy()
        if symptom is None:
            new[:] = 0.0
        else:
            new[SYMPTOMS.index(symptom)] = 0.0
        return self._change(vertices, new)

    def clear(self) -> StrokeDiff:
        painted = np.flatnonzero(self.values.any(axis=0))
        return self._change(painted, np.zeros((len(SYMPTOMS), len(painted))))

    def apply(self, diff: StrokeDiff, reverse: bool = False) -> None:
        self.values[:, diff.vertices] = diff.old if reverse else diff.new
        self.changed.emit(diff.vertices)

    def mass(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Painted vertices, their combined intensity (max over symptoms) and per-symptom rows."""
        painted = np.flatnonzero(self.values.any(axis=0))
        sub = self.values[:, painted]
        return painted, sub.max(axis=0), sub

    # ----------------------------------------------------------- persistence
    def to_dict(self) -> dict:
        out = {}
        for k, name in enumerate(SYMPTOMS):
            idx = np.flatnonzero(self.values[k])
            out[name] = {"vertices": idx.tolist(), "values": np.round(self.values[k, idx], 3).tolist()}
        return out

    def load_dict(self, data: dict) -> None:
        """Replace the drawing (validated by the session reader before it gets here)."""
        values = np.zeros_like(self.values)
        for k, name in enumerate(SYMPTOMS):
            entry = data.get(name) or {"vertices": [], "values": []}
            values[k, np.asarray(entry["vertices"], dtype=np.int64)] = entry["values"]
        changed = np.flatnonzero((values != self.values).any(axis=0))
        self.values = values
        self.changed.emit(changed)
