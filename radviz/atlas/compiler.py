"""Compile a :class:`TerritoryMap` onto a :class:`Body`: per-vertex weights per territory and side.

A weight in 0..1 reads as "share of people in whom this skin is supplied by this territory".

1. Every piece is evaluated on the body's anatomical coordinates; each vertex takes the territory
   of the matching piece with the highest priority (file order breaks ties: later wins).  This is
   the *core* partition.  Vertices no piece claims take their nearest labelled neighbour over the
   skin (counted in ``Atlas.unclaimed``).
2. Borders with *neighbours* (consecutive roots, or pairs the map names) are graded by skin
   distance: 0.5 on the border, rising to 1 inside and falling to 0 outside over the pair's border
   width.  Borders with non-neighbours (the axial lines) stay hard: no weight crosses them.
3. Shared zones (skin a source leaves blank) give each listed root the zone's weight (or its own).
4. Each side is compiled on its own half of the skin (x >= 0 or x <= 0), from coordinates folded
   onto the left, so the sides mirror each other on a symmetric body.

Results are cached on disk, keyed by the map file, the body geometry and this module's version.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from radviz.anatomy import SEGMENTS, AnatomicalCoords, compute_coords
from radviz.atlas.schema import Piece, TerritoryMap
from radviz.body import Body
from radviz.keypoints import key_point_vertices, load_key_points
from radviz.atlas import cache

__all__ = ["Atlas", "compile_map", "SIDES", "COMPILER_VERSION"]

COMPILER_VERSION = "5"
SIDES = ("left", "right")
_MIN_WEIGHT = 0.02


@dataclass
class Atlas:
    """Compiled weights of one map on one body.

    Attributes
    ----------
    weights : sparse csr, shape (n_vertices, n_columns)
        Share of people in whom each vertex is supplied by each column's territory.
    columns : list of (territory, side)
    labels : int array, shape (n_vertices,)
        Index of the core territory of each vertex in ``territories`` (-1: none).
    key_points : dict of (territory, side) to vertex index
        Dermatome maps: the ISNCSCI key sensory points (``maps/key_points.yaml``); nerve maps: each
        nerve's own test spot.
    """

    map: TerritoryMap
    territories: list[str]
    columns: list[tuple[str, str]]
    weights: sp.csr_matrix
    labels: np.ndarray
    key_points: dict[tuple[str, str], int]
    unclaimed: int = 0
    from_cache: bool = False
    _dense: np.ndarray | None = field(default=None, repr=False)

    def column(self, territory: str, side: str) -> int:
        return self.columns.index((territory, side))

    def column_weights(self, territory: str, side: str) -> np.ndarray:
        """Dense weights of one territory on one side, shape (n_vertices,)."""
        return np.asarray(self.weights[:, self.column(territory, side)].todense()).ravel()

    def at_vertex(self, vertex: int, min_weight: float = 0.05) -> list[tuple[str, str, float]]:
        """Territories supplying one vertex, heaviest first: [(name, side, weight), ...]."""
        row = self.weights.getrow(int(vertex))
        out = [(self.columns[c][0], self.columns[c][1], float(w))
               for c, w in zip(row.indices, row.data) if w >= min_weight]
        return sorted(out, key=lambda x: -x[2])

    def transferred(self, index: np.ndarray) -> "Atlas":
        """The same atlas on a body whose vertices correspond to ours through ``index``."""
        inverse = {v: k for k, v in enumerate(index)}
        kp = {key: inverse.get(v, int(np.argmin(np.abs(index - v)))) for key, v in self.key_points.items()}
        return Atlas(self.map, self.territories, self.columns, self.weights[index].tocsr(),
                     self.labels[index], kp, self.unclaimed, self.from_cache)


# ------------------------------------------------------------------- pieces
def _angle_in(angle: np.ndarray, lo: float, hi: float) -> np.ndarray:
    span = (hi - lo) % 360.0
    if span == 0 and hi != lo:
        return np.ones_like(angle, dtype=bool)
    return ((angle - lo) % 360.0) <= span


def _landmark_position(body: Body, name: str) -> np.ndarray:
    if name in body.landmarks:
        p = body.vertices[body.landmarks[name]].copy()
    elif name in body.joints:
        p = np.asarray(body.joints[name], dtype=float).copy()
    else:
        raise KeyError(name)
    p[0] = abs(p[0])
    return p


def piece_mask(piece: Piece, coords: AnatomicalCoords, body: Body) -> np.ndarray:
    """Vertices (of either side, folded) that a piece describes."""
    m = np.isin(coords.segment, [SEGMENTS.index(s) for s in piece.segments])
    m &= np.isin(coords.digit, piece.digits if piece.digits is not None else (0,))
    if piece.t is not None:
        m &= (coords.t >= piece.t[0]) & (coords.t <= piece.t[1])
    if piece.angle is not None:
        m &= _angle_in(coords.angle, *piece.angle)
    if piece.level is not None:
        lv = np.nan_to_num(coords.level, nan=-1e9)
        m &= (lv >= piece.level[0]) & (lv <= piece.level[1])
    if piece.near is not None:
        name, within = piece.near
        m &= np.linalg.norm(coords.folded - _landmark_position(body, name), axis=1) <= within
    for ex in piece.exclude:
        m &= ~piece_mask(ex, coords, body)
    return m


def _core_labels(tmap: TerritoryMap, coords: AnatomicalCoords, body: Body,
                 names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Core territory per vertex (index into names + zones) and the zone-id offset."""
    n = body.n_vertices
    label = np.full(n, -1, dtype=np.int64)
    prio = np.full(n, np.iinfo(np.int64).min)
    entries = [(names.index(t.name), p) for t in tmap.territories.values() for p in t.pieces]
    entries += [(len(names) + z, p) for z, zone in enumerate(tmap.shared) for p in zone.pieces]
    for lab, piece in entries:
        m = piece_mask(piece, coords, body) & (piece.priority >= prio)
        label[m] = lab
        prio[m] = piece.priority
    return label, prio


def _fill_unclaimed(label: np.ndarray, graph: sp.csr_matrix) -> int:
    """Give unclaimed vertices the label of the nearest claimed vertex over the skin."""
    missing = label < 0
    if not missing.any() or missing.all():
        return int(missing.sum())
    from scipy.sparse.csgraph import dijkstra  # compiling only: a cached start never loads csgraph

    src = np.flatnonzero(~missing)
    _, _, owner = dijkstra(graph, directed=False, indices=src, min_only=True, return_predecessors=True)
    label[missing] = label[owner[missing]]
    return int(missing.sum())


def _distances(graph: sp.csr_matrix, sources: np.ndarray, limit: float,
               allowed: np.ndarray | None = None) -> np.ndarray:
    """Skin distance from a set of vertices, optionally travelling only through ``allowed``."""
    from scipy.sparse.csgraph import dijkstra

    n = graph.shape[0]
    out = np.full(n, np.inf)
    if not sources.any():
        return out
    if allowed is None:
        return dijkstra(graph, directed=False, indices=np.flatnonzero(sources), limit=limit, min_only=True)
    idx = np.flatnonzero(allowed | sources)
    sub = graph[idx][:, idx]
    d = dijkstra(sub, directed=False, indices=np.flatnonzero(sources[idx]), limit=limit, min_only=True)
    out[idx] = d
    return out


def _side_weights(tmap: TerritoryMap, names: list[str], label: np.ndarray,
                  graph: sp.csr_matrix) -> np.ndarray:
    """Weights (n_half, n_territories) on one half of the skin."""
    n_t = len(names)
    zones = tmap.shared
    out = np.zeros((len(label), n_t))
    for r, name in enumerate(names):
        core = label == r
        if not core.any():
            continue
        terr = tmap.territories[name]
        w = np.where(core, 1.0, 0.0)
        neighbours = [names.index(nb) for nb in tmap.neighbours(name)]
        my_zones = [n_t + z for z, zone in enumerate(zones) if name in zone.roots]
        nb_zones = [n_t + z for z, zone in enumerate(zones)
                    if name not in zone.roots and any(names[k] in zone.roots for k in neighbours)]
        allowed = np.isin(label, neighbours + my_zones + nb_zones)
        widths = {k: 0.5 * (terr.border + tmap.territories[names[k]].border) for k in neighbours}
        # Inside the core: fall to 0.5 at graded borders, to the zone weight at shared zones.
        for k, width in widths.items():
            d = _distances(graph, label == k, width)
            w[core] = np.minimum(w[core], 0.5 + 0.5 * np.clip(d[core] / width, 0, 1))
        for z in my_zones:
            wz = zones[z - n_t].weight_of(name)
            d = _distances(graph, label == z, terr.border)
            w[core] = np.minimum(w[core], wz + (1 - wz) * np.clip(d[core] / terr.border, 0, 1))
        # Outside: graded into neighbours and shared zones, never across an axial line.
        reach = max([terr.border, *widths.values()])
        d_out = _distances(graph, core, reach, allowed)
        for k, width in widths.items():
            sel = label == k
            w[sel] = np.maximum(w[sel], 0.5 - 0.5 * np.clip(d_out[sel] / width, 0, 1))
        for z in my_zones:
            sel = label == z
            w[sel] = np.maximum(w[sel], zones[z - n_t].weight_of(name))
        for z in nb_zones:
            sel = label == z
            w[sel] = np.maximum(w[sel], 0.5 - 0.5 * np.clip(d_out[sel] / terr.border, 0, 1))
        out[:, r] = w
    return out


def _independent_weights(tmap: TerritoryMap, names: list[str], cores: np.ndarray,
                         graph: sp.csr_matrix) -> np.ndarray:
    """Weights (n_half, n_territories) for a map whose territories may overlap (nerves).

    Each territory's core is the union of its own pieces: 0.5 at its edge, graded over its border
    width to 1 inside and 0 outside.  Shared zones set their listed territories to the zone weight.
    """
    out = np.zeros(cores.shape)
    for r, name in enumerate(names):
        core = cores[:, r]
        if not core.any():
            continue
        width = tmap.territories[name].border
        d_in = _distances(graph, ~core, width)
        d_out = _distances(graph, core, width)
        out[:, r] = np.where(core, 0.5 + 0.5 * np.clip(d_in / width, 0, 1),
                             0.5 - 0.5 * np.clip(d_out / width, 0, 1))
    return out


def _key_point_vertex(spec: dict, coords: AnatomicalCoords, body: Body, half: np.ndarray) -> int:
    """Resolve a key-point spec to one vertex on one half of the body."""
    cand = np.flatnonzero(half)
    if "landmark" in spec:
        target = _landmark_position(body, spec["landmark"]) + np.asarray(spec["offset"])
        return int(cand[np.argmin(np.linalg.norm(coords.folded[cand] - target, axis=1))])
    seg = SEGMENTS.index(spec["segment"])
    cand = cand[(coords.segment[cand] == seg) & (coords.digit[cand] == spec["digit"])]
    cost = np.zeros(len(cand))
    scale = 0.6 if spec["digit"] or spec["segment"] in ("hand", "foot") else 3.0
    if spec["t"] is not None:
        cost += ((coords.t[cand] - spec["t"]) * scale) ** 2
    if spec["level"] is not None:
        cost += ((coords.level[cand] - spec["level"]) * 0.3) ** 2
    if spec["angle"] is not None:
        da = np.radians((coords.angle[cand] - spec["angle"] + 180.0) % 360.0 - 180.0)
        cost += (da * (0.12 if scale < 1 else 0.4)) ** 2
    return int(cand[np.argmin(cost)])


# ------------------------------------------------------------------- compile + cache
def _cache_key(tmap: TerritoryMap, body: Body) -> str:
    h = hashlib.sha256()
    h.update(COMPILER_VERSION.encode())
    h.update(tmap.digest.encode() or repr(tmap).encode())
    if tmap.kind == "dermatomes":  # their key points come from maps/key_points.yaml
        h.update(load_key_points().digest.encode())
    h.update(np.ascontiguousarray(body.vertices).tobytes())
    h.update(np.ascontiguousarray(body.faces).tobytes())
    h.update(repr(sorted(body.landmarks.items())).encode())
    return h.hexdigest()[:32]


def _cache_meta(path: Path, tmap: TerritoryMap, body: Body) -> dict:
    """What a cache entry must have been built from (checked by :mod:`radviz.atlas.cache`)."""
    return {"format": cache.FORMAT, "compiler": COMPILER_VERSION, "map": tmap.name,
            "map_digest": tmap.digest, "entry": path.name, "n_vertices": int(body.n_vertices)}


def _load_cached(path: Path, tmap: TerritoryMap, names: list[str], body: Body) -> Atlas | None:
    d = cache.load_entry(path, _cache_meta(path, tmap, body), names, SIDES)
    if d is None:
        return None
    w = sp.csr_matrix((d["data"], d["indices"], d["indptr"]), shape=tuple(d["shape"]))
    kp = {(str(k), str(s)): int(v) for k, s, v in zip(d["kp_name"], d["kp_side"], d["kp_vertex"])}
    return Atlas(tmap, names, [(n, s) for s in SIDES for n in names], w, d["labels"], kp,
                 int(d["unclaimed"]), from_cache=True)


def _save_cached(path: Path, atlas: Atlas, body: Body) -> None:
    kp = list(atlas.key_points.items())
    arrays = dict(names=np.array(atlas.territories), data=atlas.weights.data.astype(float),
                  indices=atlas.weights.indices, indptr=atlas.weights.indptr,
                  shape=np.array(atlas.weights.shape), labels=np.asarray(atlas.labels),
                  kp_name=np.array([k[0] for k, _ in kp], dtype=str),
                  kp_side=np.array([k[1] for k, _ in kp], dtype=str),
                  kp_vertex=np.array([v for _, v in kp], dtype=np.int64), unclaimed=np.array(atlas.unclaimed))
    cache.save_entry(path, arrays, _cache_meta(path, atlas.map, body))


def compile_map(tmap: TerritoryMap, body: Body, use_cache: bool = True,
                coords: AnatomicalCoords | None = None) -> Atlas:
    """Compile ``tmap`` onto ``body`` (cached).  Bodies without anatomy borrow the base body's atlas."""
    if body.base_index is not None and not body.has_anatomy:
        from radviz.body import default_body

        return compile_map(tmap, default_body(), use_cache).transferred(body.base_index)
    names = list(tmap.territories)
    cache_path = cache.entry_path(tmap.name, _cache_key(tmap, body)) if use_cache else None
    if cache_path is not None:
        cached = _load_cached(cache_path, tmap, names, body)
        if cached is not None:
            return cached

    coords = coords or compute_coords(body)
    label, _ = _core_labels(tmap, coords, body, names)
    if tmap.mode == "independent":
        own = np.column_stack([np.any([piece_mask(p, coords, body) for p in tmap.territories[n].pieces], axis=0)
                               for n in names])
        zones = [np.any([piece_mask(p, coords, body) for p in z.pieces], axis=0) for z in tmap.shared]
    n = body.n_vertices
    graph = body.skin_graph
    blocks = []
    key_points = {}
    unclaimed = 0
    for s, side in zip((1, -1), SIDES):
        half = body.side * s >= 0
        if side == "right" and body.mirror is not None:
            # Mirror the left side exactly (the triangulation itself is not symmetric).
            left = blocks[0].tocsc()
            blocks.append(left[body.mirror].tocsr())
            label[half] = label[body.mirror[half]]
            for name, terr in tmap.territories.items():
                if terr.key_point is not None:
                    key_points[(name, side)] = int(body.mirror[key_points[(name, "left")]])
            continue
        idx = np.flatnonzero(half)
        sub = graph[idx][:, idx]
        lab = label[idx].copy()
        if tmap.mode == "independent":
            w_half = _independent_weights(tmap, names, own[idx], sub)
            for zone, mask in zip(tmap.shared, zones):
                for r in zone.roots:
                    k = names.index(r)
                    w_half[mask[idx], k] = np.maximum(w_half[mask[idx], k], zone.weight_of(r))
            strongest = w_half.argmax(axis=1)
            lab = np.where(w_half.max(axis=1) >= 0.5, strongest, -1)
        else:
            unclaimed += _fill_unclaimed(lab, sub)
            w_half = _side_weights(tmap, names, lab, sub)
        w_half[w_half < _MIN_WEIGHT] = 0.0
        full = sp.coo_matrix(w_half)
        blocks.append(sp.csr_matrix((full.data, (idx[full.row], full.col)), shape=(n, len(names))))
        label[idx] = lab
        for name, terr in tmap.territories.items():
            if terr.key_point is not None:
                key_points[(name, side)] = _key_point_vertex(terr.key_point, coords, body, half)
    if tmap.kind == "dermatomes":  # the one definition of the ISNCSCI key points
        key_points = {key: v for key, v in key_point_vertices(body, coords).items() if key[0] in tmap.territories}
    weights = sp.hstack(blocks).tocsr()
    labels = np.where(label < len(names), label, -1)
    atlas = Atlas(tmap, names, [(nm, sd) for sd in SIDES for nm in names], weights, labels,
                  key_points, unclaimed)
    if cache_path is not None:
        _save_cached(cache_path, atlas, body)  # a cache that cannot be written only costs speed
    return atlas
