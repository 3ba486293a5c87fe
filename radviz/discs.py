"""Brush discs looked up in a table: every vertex's skin neighbourhood within one radius.

Batch scoring paints thousands of brush discs; searching the skin for each costs more than all
the scoring after it.  A :class:`DiscTable` holds, for one body and radius, every vertex's disc
(the vertices within the radius along the skin and their distances), so a drawing's discs are rows
to gather.  It is built once (one bounded SciPy search per vertex, about a second on the shipped
body) and kept in the cache folder (:func:`radviz.paths.cache_dir`) as ``discs-<key>.npz``, where
``key`` hashes the format, the skin graph and the radius.  An entry is used only when its meta
matches and its arrays are consistent (zip CRCs catch damaged bytes); otherwise it is rebuilt.
The distances are those of :meth:`radviz.body.Body.geodesic_ball` bit for bit (the same sums of
edge lengths along the shortest path), so brush values do not change.
"""
from __future__ import annotations

import hashlib
import io
import json
import sys
import weakref

import numpy as np

from radviz.errors import InputError
from radviz.files import short, write_atomic
from radviz.npzfile import read_npz
from radviz.paths import cache_dir

__all__ = ["DiscTable", "disc_table", "MAX_ENTRIES"]

FORMAT = "radviz-disc-table/1"
MAX_ENTRIES = 3_000_000
"""A table that would hold more (vertex, neighbour) entries than this (about 36 MB) is not built."""

_KEEP = 2  # tables kept in memory (the most recently used)
_BLOCK = 500_000  # distances per SciPy search (a dense seeds x n_vertices block: 4 MB)
_SAMPLE = 64  # seeds searched to estimate a table's size before building it
_TABLES: dict[str, "DiscTable | None"] = {}
_GRAPHS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_warned: set[str] = set()


class DiscTable:
    """Per vertex of a body: the vertices within ``radius`` along the skin and their distances (CSR rows)."""

    def __init__(self, radius: float, indptr: np.ndarray, indices: np.ndarray, dist: np.ndarray):
        self.radius, self.indptr, self.indices, self.dist = radius, indptr, indices, dist

    @property
    def n_vertices(self) -> int:
        return len(self.indptr) - 1

    def discs(self, groups: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`radviz.body.Body.geodesic_discs` from the table: per group of seeds, the vertices
        within the radius of any of them and the distance to the nearest, as flat (group, vertex,
        distance) arrays sorted by group, then vertex."""
        counts = np.fromiter((len(g) for g in groups), dtype=np.int64, count=len(groups))
        seeds = np.fromiter((v for g in groups for v in g), dtype=np.int64, count=int(counts.sum()))
        owner = np.repeat(np.arange(len(groups), dtype=np.int64), counts)
        start = self.indptr[seeds]
        size = self.indptr[seeds + 1] - start
        at = np.repeat(start - np.cumsum(size) + size, size) + np.arange(int(size.sum()))
        key = np.repeat(owner, size) * self.n_vertices + self.indices[at]
        dist = self.dist[at]
        order = np.argsort(key, kind="stable")  # each seed's row is sorted: runs the sort merges
        key, dist = key[order], dist[order]
        first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        nearest = np.minimum.reduceat(dist, first) if len(first) else dist
        key = key[first]
        return key // self.n_vertices, key % self.n_vertices, nearest


def disc_table(body, radius: float) -> DiscTable | None:
    """The disc table of ``body`` at ``radius``: from memory, the cache folder, or built now (and
    saved); None when it would exceed :data:`MAX_ENTRIES` (a large mesh or brush: search instead)."""
    key = _key(body, radius)
    if key in _TABLES:
        _TABLES[key] = _TABLES.pop(key)  # most recently used last
        return _TABLES[key]
    path = cache_dir() / f"discs-{key}.npz"
    table = _load(path, _meta(body, radius, key), body.n_vertices, radius)
    if table is None and body.n_vertices < MAX_ENTRIES and _estimated_entries(body, radius) <= MAX_ENTRIES:
        table = _build(body, radius)
        _save(path, table, _meta(body, radius, key))
    while len(_TABLES) >= _KEEP:
        _TABLES.pop(next(iter(_TABLES)))
    _TABLES[key] = table
    return table


def _key(body, radius: float) -> str:
    """The format, the skin graph (by content) and the radius, hashed."""
    graph = _graph_digest(body)
    return hashlib.blake2b(f"{FORMAT}|{graph}|{float(radius).hex()}".encode(), digest_size=16).hexdigest()


def _graph_digest(body) -> str:
    """The content digest of a body's skin graph, remembered while the body lives (hashing it costs a
    millisecond and every chunk of a batch asks)."""
    if body not in _GRAPHS:
        g = body.skin_graph
        digest = hashlib.blake2b(f"{g.shape}".encode(), digest_size=16)
        for array in (g.indptr, g.indices, g.data):
            digest.update(np.ascontiguousarray(array).tobytes())
        _GRAPHS[body] = digest.hexdigest()
    return _GRAPHS[body]


def _meta(body, radius: float, key: str) -> dict:
    return {"format": FORMAT, "key": key, "radius": float(radius).hex(), "n_vertices": int(body.n_vertices)}


def _search(body, seeds: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(seed position, vertex, distance) of the vertices within ``radius`` of each seed, row by row."""
    from scipy.sparse.csgraph import dijkstra  # imported when first needed (memory, start-up)

    dist = dijkstra(body.skin_graph, directed=True, indices=seeds, limit=radius)
    rows, cols = np.nonzero(dist <= radius)
    return rows, cols, dist[rows, cols]


def _estimated_entries(body, radius: float) -> float:
    """The table's size, from the discs of evenly spaced vertices."""
    n = body.n_vertices
    seeds = np.linspace(0, n - 1, min(_SAMPLE, n, _chunk(n))).astype(np.int64)
    return len(_search(body, seeds, radius)[0]) / len(seeds) * n


def _chunk(n_vertices: int) -> int:
    return max(1, _BLOCK // n_vertices)


def _build(body, radius: float) -> DiscTable:
    n = body.n_vertices
    counts, indices, dist = np.zeros(n, dtype=np.int64), [], []
    for start in range(0, n, _chunk(n)):
        seeds = np.arange(start, min(start + _chunk(n), n))
        rows, cols, d = _search(body, seeds, radius)
        counts[seeds] = np.bincount(rows, minlength=len(seeds))
        indices.append(cols.astype(np.uint16 if n <= 2**16 else np.int32))  # smaller files read faster
        dist.append(d)
    indices = np.concatenate(indices)  # one array at a time: the pieces go as it is made
    return DiscTable(radius, np.r_[0, np.cumsum(counts)], indices, np.concatenate(dist))


def _load(path, meta: dict, n_vertices: int, radius: float) -> DiscTable | None:
    """The table stored at ``path`` when it was built from ``meta`` and is consistent, else None."""
    if not path.exists():
        return None
    try:
        arrays = read_npz(path, 16 * MAX_ENTRIES, "disc table")
        if json.loads(str(arrays.get("meta"))) != meta:
            raise ValueError("it was built from other inputs")
        table = DiscTable(radius, arrays["indptr"], arrays["indices"], arrays["dist"])
        _check(table, n_vertices)
    except (InputError, KeyError, ValueError, TypeError) as exc:
        _warn(str(path), f"ignoring disc table {path.name}: {short(getattr(exc, 'reason', None) or str(exc), 100)}; "
                         "rebuilding it")
        return None
    return table


def _check(t: DiscTable, n_vertices: int) -> None:
    """Raise ValueError unless the arrays form a table of ``n_vertices`` rows (indices in range,
    distances in 0..radius)."""
    ptr, idx, dist = t.indptr, t.indices, t.dist
    if ptr.dtype.kind not in "iu" or idx.dtype.kind not in "iu" or dist.dtype != np.float64:
        raise ValueError("wrong array types")
    if ptr.shape != (n_vertices + 1,) or ptr[0] != 0 or ptr[-1] != len(idx) or len(idx) != len(dist) \
            or np.any(np.diff(ptr) < 1):
        raise ValueError("the row structure is broken")
    if len(idx) and (idx.min() < 0 or idx.max() >= n_vertices):
        raise ValueError("a vertex index is out of range")
    if len(dist) and not (dist.min() >= 0.0 and dist.max() <= t.radius):  # NaN fails too
        raise ValueError("a distance is outside the brush")


def _save(path, table: DiscTable, meta: dict) -> None:
    buffer = io.BytesIO()
    np.savez(buffer, indptr=table.indptr, indices=table.indices, dist=table.dist, meta=np.array(json.dumps(meta)))
    try:
        write_atomic(path, buffer.getvalue())  # the one writer (docs/limits.md): checked, fsynced, renamed
    except OSError as exc:
        _warn("write", f"cannot write the disc table cache ({exc}); batch scoring builds it again next time")


def _warn(kind: str, message: str) -> None:
    """Say once per process and kind that the cache is not used (speed only; answers are unchanged)."""
    if kind not in _warned:
        _warned.add(kind)
        print(f"radviz: warning: {message}", file=sys.stderr)
