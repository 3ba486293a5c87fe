"""Brush discs looked up in a table: every vertex's skin neighbourhood within one radius.

Batch scoring paints thousands of brush discs; searching the skin for each costs more than all
the scoring after it.  A :class:`DiscTable` holds, for one body and radius, every vertex's disc
(the vertices within the radius along the skin and their distances), so a drawing's discs are rows
to gather.  It is built once (one bounded SciPy search per vertex, about a second on the shipped
body) and kept in the cache folder (:func:`radviz.paths.cache_dir`) as three plain ``.npy`` arrays
(``discs-<key>-indptr.npy``, ``-indices.npy``, ``-dist.npy``) and ``discs-<key>.json``, written
last, where ``key`` hashes the format, the skin graph and the radius.  The arrays are mapped
(``mmap_mode="r"``), not copied: a batch reads the table in a few milliseconds instead of the
35 ms an archive took.  An entry is used only when its meta matches, each array has the type,
shape, size and sample digest the meta records, and the rows are consistent (indices in range,
distances in 0..radius); otherwise it is rebuilt.  The distances are those of
:meth:`radviz.body.Body.geodesic_ball` bit for bit (the same sums of edge lengths along the
shortest path), so brush values do not change.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import weakref
from pathlib import Path

import numpy as np

from radviz.errors import InputError
from radviz.files import open_regular, read_bounded, short, write_atomic
from radviz.paths import cache_dir

__all__ = ["DiscTable", "disc_table", "MAX_ENTRIES"]

FORMAT = "radviz-disc-table/2"
MAX_ENTRIES = 3_000_000
"""A table that would hold more (vertex, neighbour) entries than this (about 36 MB) is not built."""

_KEEP = 2  # tables kept in memory (the most recently used)
_BLOCK = 500_000  # distances per SciPy search (a dense seeds x n_vertices block: 4 MB)
_SAMPLE = 64  # seeds searched to estimate a table's size before building it
_DIGEST_SAMPLES = 4096  # evenly spaced entries of each stored array whose digest the meta keeps
_ARRAYS = ("indptr", "indices", "dist")
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
    path = cache_dir() / f"discs-{key}.json"
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


def _array_path(meta_path: Path, name: str) -> Path:
    return meta_path.with_name(f"{meta_path.stem}-{name}.npy")


def _sample_digest(array: np.ndarray) -> str:
    """Digest of evenly spaced entries and the last one: catches a damaged or mixed-up array without
    reading all of it (the range checks read the rest)."""
    step = max(1, len(array) // _DIGEST_SAMPLES)
    picked = np.ascontiguousarray(np.concatenate((array[::step], array[-1:])))
    return hashlib.blake2b(picked.tobytes(), digest_size=16).hexdigest()


def _load(path: Path, meta: dict, n_vertices: int, radius: float) -> DiscTable | None:
    """The table stored at ``path`` (its meta) when it was built from ``meta`` and is consistent, else None."""
    if not path.exists():
        return None
    try:
        stored = json.loads(read_bounded(path, 65_536, "disc table meta"))
        if not isinstance(stored, dict) or {k: stored.get(k) for k in meta} != meta:
            raise ValueError("it was built from other inputs")
        arrays = {name: _mapped(_array_path(path, name), stored.get("arrays", {}).get(name)) for name in _ARRAYS}
        table = DiscTable(radius, np.array(arrays["indptr"]), arrays["indices"], arrays["dist"])
        _check(table, n_vertices)
    except (InputError, KeyError, ValueError, TypeError, AttributeError, OSError) as exc:
        _warn(str(path), f"ignoring disc table {path.name}: {short(getattr(exc, 'reason', None) or str(exc), 100)}; "
                         "rebuilding it")
        return None
    return table


def _mapped(path: Path, expected) -> np.ndarray:
    """One stored array, mapped read-only, when its type, shape, file size and sample digest are
    those ``expected`` (the meta's record of it); else ValueError."""
    if not isinstance(expected, dict):
        raise ValueError(f"the meta does not describe {path.name}")
    fmt = np.lib.format
    with os.fdopen(open_regular(path), "rb") as fh:  # a FIFO or device is refused without blocking
        version = fmt.read_magic(fh)
        read_header = fmt.read_array_header_1_0 if version == (1, 0) else fmt.read_array_header_2_0
        shape, fortran, dtype = read_header(fh)
        if str(dtype) != expected.get("dtype") or list(shape) != expected.get("shape") or len(shape) != 1 \
                or shape[0] > MAX_ENTRIES + 1:
            raise ValueError(f"{path.name} is not the array its meta describes")
        if os.fstat(fh.fileno()).st_size != fh.tell() + dtype.itemsize * shape[0]:
            raise ValueError(f"{path.name} is cut short or too long")
        array = np.asarray(np.memmap(fh, dtype=dtype, mode="r", shape=shape, offset=fh.tell()))
    if _sample_digest(array) != expected.get("sample"):
        raise ValueError(f"{path.name} has other contents than were written")
    return array  # a plain array over the mapped file


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


def _save(path: Path, table: DiscTable, meta: dict) -> None:
    """The arrays as ``.npy`` files, then the meta that vouches for them (a reader that finds the
    meta finds the arrays it describes, or sees by their digests that they are not)."""
    described = {}
    try:
        for name in _ARRAYS:
            array = getattr(table, name)
            buffer = io.BytesIO()
            np.save(buffer, array, allow_pickle=False)
            write_atomic(_array_path(path, name), buffer.getvalue())  # the one writer: checked, fsynced, renamed
            described[name] = {"dtype": str(array.dtype), "shape": list(array.shape), "sample": _sample_digest(array)}
        write_atomic(path, json.dumps({**meta, "arrays": described}))
    except OSError as exc:
        _warn("write", f"cannot write the disc table cache ({exc}); batch scoring builds it again next time")


def _warn(kind: str, message: str) -> None:
    """Say once per process and kind that the cache is not used (speed only; answers are unchanged)."""
    if kind not in _warned:
        _warned.add(kind)
        print(f"radviz: warning: {message}", file=sys.stderr)
