"""Painting a chunk of cohort lines at once: brush discs from a bounded cache, unions by sorting.

A line's points are brushed as ``radviz locate`` brushes them (a geodesic disc of the line's radius,
intensity 5 fading to half at the rim; overlapping discs keep the highest value), so a cohort and
``locate --batch`` read the same drawing from the same line.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from radviz.body import Body
from radviz.drawing import disc_values

__all__ = ["BRUSH_INTENSITY", "DiscCache", "PaintedChunk", "paint_chunk"]

BRUSH_INTENSITY = 5.0
"""The intensity ``radviz locate`` paints a point with (0..10)."""


class DiscCache:
    """Brush discs per (seed vertex, radius), computed many seeds at a time and kept up to a bound.

    A cohort reuses discs heavily (at most one per skin vertex and radius), so most lines cost a
    dictionary look-up.  Past ``max_entries`` stored disc vertices (8 bytes each) the cache starts
    again: memory stays bounded whatever the cohort's size or its brush radii.
    """

    def __init__(self, body: Body, max_entries: int = 8_000_000):
        self.body, self.max_entries = body, max_entries
        self._discs: dict[tuple[int, float], tuple[np.ndarray, np.ndarray]] = {}
        self._entries = 0

    def __len__(self) -> int:
        return len(self._discs)

    @property
    def entries(self) -> int:
        """Disc vertices held now (the memory bound is on these)."""
        return self._entries

    def fill(self, seeds: np.ndarray, radius: float) -> None:
        """Compute the discs of ``seeds`` not cached yet, in one shortest-path search per 256 seeds."""
        missing = [s for s in np.unique(seeds).tolist() if (s, radius) not in self._discs]
        if not missing:
            return
        for seed, (verts, dist) in self.body.geodesic_balls(np.array(missing), radius).items():
            if self._entries + len(verts) > self.max_entries:  # start again; get() refills what a chunk still needs
                self._discs.clear()
                self._entries = 0
            self._discs[(seed, radius)] = (verts.astype(np.int32),
                                           disc_values(dist, radius, BRUSH_INTENSITY).astype(np.float32))
            self._entries += len(verts)

    def get(self, seed: int, radius: float) -> tuple[np.ndarray, np.ndarray]:
        """The disc's vertices and brush values (computed now if :meth:`fill` has not kept it)."""
        disc = self._discs.get((seed, radius))
        if disc is None:
            self.fill(np.array([seed]), radius)
            disc = self._discs[(seed, radius)]
        return disc


@dataclass
class PaintedChunk:
    """The drawings of one chunk as flat arrays, grouped by drawing.

    Attributes
    ----------
    n : int
        Drawings in the chunk (empty ones included).
    rows : int array, shape (k,)
        Drawing index (0..n-1) of each painted entry, ascending.
    vertices : int array, shape (k,)
        Painted vertex of each entry (unique within a drawing).
    values : array, shape (k,)
        Intensity 0..10 of each entry.
    seed_sides : int array, shape (n,)
        -1 when most of a drawing's points lie on the subject's right, else +1 (the side of its
        findings when the line names none, as ``radviz locate`` decides it).
    """

    n: int
    rows: np.ndarray
    vertices: np.ndarray
    values: np.ndarray
    seed_sides: np.ndarray

    def split(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(vertices, values) per drawing."""
        cuts = np.searchsorted(self.rows, np.arange(1, self.n))
        return list(zip(np.split(self.vertices, cuts), np.split(self.values, cuts)))

    def painted(self, n_vertices: int) -> sp.csr_matrix:
        """Sparse (n, n_vertices) matrix, 1 where a drawing has symptoms."""
        return sp.csr_matrix((np.ones(len(self.rows)), (self.rows, self.vertices)), shape=(self.n, n_vertices))


def paint_chunk(body: Body, items: list[dict], discs: DiscCache, keep: list[bool] | None = None) -> PaintedChunk:
    """Paint the parsed lines ``items`` (``parse_batch_line`` dicts); ``keep[i]`` False leaves line i blank.

    Points snap to the nearest skin vertex in one KD-tree query for the whole chunk.
    """
    n = len(items)
    keep = [True] * n if keep is None else keep
    counts = [len(it["points"]) for it in items]
    all_points = [p for it in items for p in it["points"]]
    seeds = body.nearest_vertex(np.array(all_points)) if all_points else np.zeros(0, dtype=np.int64)
    owner = np.repeat(np.arange(n), counts)
    radii = np.repeat([it["radius"] for it in items], counts)
    x_sign = np.sign(body.vertices[seeds, 0]) if len(seeds) else np.zeros(0)
    right = np.bincount(owner, (x_sign < 0).astype(float), minlength=n) > \
        np.bincount(owner, (x_sign > 0).astype(float), minlength=n)
    seed_sides = np.where(right, -1, 1)
    use = np.asarray(keep, dtype=bool)[owner] if len(owner) else np.zeros(0, dtype=bool)
    owner, seeds, radii = owner[use], seeds[use], radii[use]
    for radius in np.unique(radii).tolist():
        discs.fill(seeds[radii == radius], radius)
    parts = [discs.get(s, r) for s, r in zip(seeds.tolist(), radii.tolist())]
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return PaintedChunk(n, empty, empty, np.zeros(0), seed_sides)
    sizes = [len(v) for v, _ in parts]
    rows = np.repeat(owner, sizes)
    verts = np.concatenate([v for v, _ in parts])
    vals = np.concatenate([d for _, d in parts])
    return PaintedChunk(n, *_union_max(rows, verts, vals, body.n_vertices), seed_sides)


def _union_max(rows: np.ndarray, verts: np.ndarray, vals: np.ndarray,
               n_vertices: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unique (row, vertex) entries keeping the highest value: overlapping discs never add up."""
    key = rows * n_vertices + verts
    order = np.argsort(key, kind="stable")
    key, vals = key[order], vals[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    unique = key[starts]
    return unique // n_vertices, unique % n_vertices, np.maximum.reduceat(vals, starts)
