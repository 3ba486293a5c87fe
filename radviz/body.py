"""Body: a closed skin surface with joint landmarks, body parts, a mirror map and cached geometry.

Frame and units of the shipped body (hm08): +x is the subject's left, +y up, +z anterior,
1 unit = 1 decimetre.  Everything here is numpy/scipy; no Qt, no VTK.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from radviz.errors import InputError
from radviz.paths import meshes_dir

if TYPE_CHECKING:
    from scipy.spatial import cKDTree

__all__ = ["Body", "load_body", "default_body", "subdivided", "MAX_FACES", "MAX_VERTICES", "MESH_SUFFIXES"]

MAX_MESH_BYTES = 1_000_000_000
"""Mesh files larger than this are refused before they are read."""

MAX_NPZ_ARRAY_BYTES = 400_000_000
"""A ``.npz`` body whose arrays inflate to more than this is refused before inflating."""

MAX_FACES = 4_000_000
"""Meshes with more triangles than this are refused (memory and picking stay bounded)."""

MAX_VERTICES = 4_000_000
"""Meshes with more vertices than this are refused, from the counts the file declares."""

MAX_FIT_GAP = 0.03
"""A foreign mesh is placed on the shipped body by scaling; a median gap above this share of the
body's height means it is another body or pose, whose maps would land on the wrong skin."""

_WHOLE_SEARCH_LIMIT = 300_000
"""Vertices; up to this the brush searches the whole skin graph (its O(n) set-up costs less than
cutting out the Euclidean ball around the seeds), above it only the ball."""


@cache
def _dijkstra():
    """SciPy's Dijkstra, imported at the first brush (not at start-up) and then kept: an import
    statement in the click path costs more than the search's own set-up."""
    from scipy.sparse.csgraph import dijkstra

    return dijkstra


MESH_SUFFIXES = (".obj", ".ply", ".stl", ".off", ".glb", ".gltf", ".npz")


@dataclass(eq=False)
class Body:
    """A skin surface and what radviz knows about it.

    Parameters
    ----------
    vertices : array, shape (n_vertices, 3)
        Positions in decimetres (+x subject's left, +y up, +z anterior).
    faces : int array, shape (n_faces, 3)
        Triangles, counter-clockwise seen from outside.
    joints : dict of str to array (3,)
        Joint centres (``l-knee``, ``neck``, ...), named as in MakeHuman's joint cubes.
    landmarks : dict of str to int
        Surface landmarks as vertex indices (``umbilicus``, ``l-nipple``, ...).
    part : int array, shape (n_vertices,)
        Body-part label per vertex, indexing ``part_names``.
    mirror : int array, shape (n_vertices,) or None
        Index of each vertex's left/right twin.
    base_index : int array, shape (n_vertices,) or None
        For a body that does not share the hm08 topology: the base-body vertex each vertex
        corresponds to (maps and drawings travel through it).  None for hm08-topology bodies.
    """

    vertices: np.ndarray
    faces: np.ndarray
    joints: dict[str, np.ndarray] = field(default_factory=dict)
    landmarks: dict[str, int] = field(default_factory=dict)
    part: np.ndarray | None = None
    part_names: tuple[str, ...] = ()
    mirror: np.ndarray | None = None
    base_index: np.ndarray | None = None
    name: str = "body"
    source: str = ""
    shape_key: str = "neutral"

    # ----------------------------------------------------------------- geometry
    @property
    def n_vertices(self) -> int:
        return len(self.vertices)

    @cached_property
    def face_areas(self) -> np.ndarray:
        v = self.vertices[self.faces]
        return 0.5 * np.linalg.norm(np.cross(v[:, 1] - v[:, 0], v[:, 2] - v[:, 0]), axis=1)

    @cached_property
    def vertex_areas(self) -> np.ndarray:
        """Area (dm^2) each vertex stands for: a third of its triangles' areas."""
        areas = np.zeros(self.n_vertices)
        np.add.at(areas, self.faces.ravel(), np.repeat(self.face_areas / 3.0, 3))
        return areas

    @cached_property
    def vertex_normals(self) -> np.ndarray:
        v = self.vertices[self.faces]
        fn = np.cross(v[:, 1] - v[:, 0], v[:, 2] - v[:, 0])
        normals = np.zeros_like(self.vertices)
        for k in range(3):
            np.add.at(normals, self.faces[:, k], fn)
        norm = np.linalg.norm(normals, axis=1, keepdims=True)
        return normals / np.where(norm > 0, norm, 1.0)

    @cached_property
    def edges(self) -> np.ndarray:
        """Unique undirected edges, shape (n_edges, 2)."""
        e = np.vstack([self.faces[:, [0, 1]], self.faces[:, [1, 2]], self.faces[:, [2, 0]]])
        e.sort(axis=1)
        return np.unique(e, axis=0)

    @cached_property
    def skin_graph(self) -> sp.csr_matrix:
        """Symmetric sparse matrix of edge lengths: distances travel over the skin, never through it."""
        e = self.edges
        length = np.linalg.norm(self.vertices[e[:, 0]] - self.vertices[e[:, 1]], axis=1)
        length = np.maximum(length, 1e-9)
        n = self.n_vertices
        g = sp.coo_matrix((np.r_[length, length], (np.r_[e[:, 0], e[:, 1]], np.r_[e[:, 1], e[:, 0]])),
                          shape=(n, n))
        return g.tocsr()

    def prepare_brush(self) -> None:
        """Build the skin graph and load SciPy's graph search now, for an app to call once its window
        is up: otherwise the first dab of a session waits for them (about 0.25 s, 11 MB)."""
        _ = self.skin_graph
        _dijkstra()

    @cached_property
    def kdtree(self) -> cKDTree:
        from scipy.spatial import cKDTree  # imported when first needed: the app's start needs no KD-tree

        return cKDTree(self.vertices)

    @cached_property
    def side(self) -> np.ndarray:
        """+1 on the subject's left (x > 0), -1 on the right, 0 on the midline."""
        tol = 1e-6 * max(1.0, float(np.ptp(self.vertices[:, 0])))
        return np.where(self.vertices[:, 0] > tol, 1, np.where(self.vertices[:, 0] < -tol, -1, 0))

    @cached_property
    def height(self) -> float:
        return float(np.ptp(self.vertices[:, 1]))

    # ----------------------------------------------------------------- queries
    def nearest_vertex(self, points: np.ndarray) -> np.ndarray:
        """Snap points (k, 3) in the body frame to the nearest skin vertices."""
        points = np.atleast_2d(np.asarray(points, dtype=float))
        if not np.isfinite(points).all() or np.abs(points).max(initial=0.0) > 1e4:
            raise InputError("point", str(points.tolist())[:80], "coordinates must be finite decimetres "
                                                                "within 1000 m of the body")
        _, idx = self.kdtree.query(points)
        return np.asarray(idx, dtype=np.int64)

    def geodesic_ball(self, seeds: int | np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
        """Vertices within ``radius`` (dm) of ``seeds`` along the skin (ascending), and their distances.

        A brush uses this so painting the inner thigh never marks the other thigh.  One SciPy
        Dijkstra search that stops at ``radius`` (C, so a click's disc costs tens of microseconds,
        and the vertices come sorted, as the drawing stores them).  Large meshes search only the
        Euclidean ball around the seeds (a skin path of length <= radius never leaves it), so the
        search's arrays follow the brush, not the mesh.
        """
        seeds = np.array(seeds, dtype=np.int64, ndmin=1)
        if self.n_vertices > _WHOLE_SEARCH_LIMIT:
            return self._geodesic_ball_scipy(seeds, radius)
        dist = _dijkstra()(self.skin_graph, directed=True, indices=seeds, limit=radius, min_only=True)
        inside = (dist <= radius).nonzero()[0]
        return inside, dist[inside]

    def geodesic_balls(self, seeds: np.ndarray, radius: float, chunk: int = 256) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """:meth:`geodesic_ball` for many seeds at once (batch scoring): one C search per chunk."""
        from scipy.sparse.csgraph import dijkstra  # imported when first needed (memory, start-up)

        seeds = np.unique(np.asarray(seeds, dtype=np.int64))
        out = {}
        for start in range(0, len(seeds), chunk):
            part = seeds[start:start + chunk]
            dist = dijkstra(self.skin_graph, directed=False, indices=part, limit=radius)
            rows, cols = np.nonzero(np.isfinite(dist))
            split = np.searchsorted(rows, np.arange(1, len(part)))
            for seed, c in zip(part.tolist(), np.split(cols, split)):
                out[seed] = (c, dist[np.searchsorted(part, seed), c])
        return out

    def geodesic_discs(self, groups: list, radius: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For each group of seeds (one drawing's points): the vertices within ``radius`` of any of
        them along the skin and the distance to the nearest, as flat (group, vertex, distance)
        arrays sorted by group, then vertex.

        Batch scoring: one C search covers many groups whose discs cannot share a vertex (their
        seeds are more than ``2 * radius`` apart in a straight line, so along the skin too), each
        vertex telling by its nearest seed which group reached it; groups that could share go to
        later rounds.  The distance to the nearest seed is the minimum of the per-seed distances
        bit for bit (float addition is monotone), so brush values equal those of
        :meth:`geodesic_ball` seed by seed.
        """
        if self.n_vertices > _WHOLE_SEARCH_LIMIT:  # a huge mesh: one bounded search per group
            return self._discs_one_by_one([np.unique(np.asarray(g, dtype=np.int64)) for g in groups], radius)
        n = self.n_vertices
        flat = np.fromiter((v for g in groups for v in g), dtype=np.int64)
        key = np.unique(np.repeat(np.arange(len(groups), dtype=np.int64), [len(g) for g in groups]) * n + flat)
        owner, seeds = key // n, key % n  # each group's distinct seeds
        if not len(seeds):
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
        round_of = self._disc_rounds(owner, seeds, radius, len(groups))
        parts = [self._disc_round(seeds[round_of[owner] == r], owner[round_of[owner] == r], radius)
                 for r in range(int(round_of.max()) + 1)]
        group, vertex, dist = (np.concatenate(p) for p in zip(*parts))
        order = np.argsort(group.astype(np.int32) if len(groups) < 2**31 else group, kind="stable")
        return group[order], vertex[order], dist[order]  # each group's vertices come from one round, ascending

    def _disc_round(self, seeds: np.ndarray, owner: np.ndarray, radius: float):
        """One multi-source search from seeds whose groups' discs cannot share a vertex."""
        from scipy.sparse.csgraph import dijkstra  # imported when first needed (memory, start-up)

        dist, _, source = dijkstra(self.skin_graph, directed=True, indices=seeds, limit=radius, min_only=True,
                                   return_predecessors=True)
        reached = np.flatnonzero(dist <= radius)
        owner_of = np.empty(self.n_vertices, dtype=np.int64)
        owner_of[seeds] = owner  # a seed belongs to one group per round
        return owner_of[source[reached]], reached, dist[reached]

    def _disc_rounds(self, owner: np.ndarray, seeds: np.ndarray, radius: float, n_groups: int) -> np.ndarray:
        """Per group, its round: groups in one round have all seeds more than ``2 * radius`` apart."""
        from scipy.spatial import cKDTree

        reach = 2.0 * radius * (1.0 + 1e-9) + 1e-12  # a hair wider than exact: float path sums
        pairs = owner[cKDTree(self.vertices[seeds]).query_pairs(reach, output_type="ndarray")]
        pairs = pairs[pairs[:, 0] != pairs[:, 1]]
        return _colour_rounds(np.unique(owner), np.concatenate((pairs, pairs[:, ::-1])), n_groups)

    def _discs_one_by_one(self, groups: list[np.ndarray], radius: float):
        found = [self.geodesic_ball(g, radius) if len(g) else (np.zeros(0, np.int64), np.zeros(0)) for g in groups]
        order = [np.argsort(v, kind="stable") for v, _ in found]
        return (np.repeat(np.arange(len(groups)), [len(v) for v, _ in found]),
                np.concatenate([v[o] for (v, _), o in zip(found, order)] + [np.zeros(0, np.int64)]),
                np.concatenate([d[o] for (_, d), o in zip(found, order)] + [np.zeros(0)]))

    def _geodesic_ball_scipy(self, seeds: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
        from scipy.sparse.csgraph import dijkstra

        near = self.kdtree.query_ball_point(self.vertices[seeds], radius)
        idx = np.unique(np.concatenate([np.asarray(n, dtype=np.int64) for n in near] + [seeds]))
        sub = self.skin_graph[idx][:, idx]
        dist = dijkstra(sub, directed=False, indices=np.searchsorted(idx, seeds), limit=radius,
                        min_only=True)
        inside = np.isfinite(dist)
        return idx[inside], dist[inside]

    def describe(self, vertex: int) -> str:
        """Plain words for where a vertex is, e.g. 'left lower leg'."""
        part = self.part_names[self.part[vertex]] if self.part is not None else "body"
        s = int(self.side[vertex])
        if part in ("head", "neck", "trunk") and abs(self.vertices[vertex, 0]) < 0.15:
            return f"{part} (midline)"
        return f"{'left' if s > 0 else 'right'} {part}" if s else part

    @property
    def has_anatomy(self) -> bool:
        """True when joints, landmarks and parts are known, so maps compile on this body."""
        return bool(self.joints) and bool(self.landmarks) and self.part is not None

    def with_vertices(self, vertices: np.ndarray, shape_key: str) -> "Body":
        """The same topology, landmarks and parts with new positions (a reshaped body)."""
        return Body(vertices=np.asarray(vertices, dtype=float), faces=self.faces,
                    joints=dict(self.joints), landmarks=dict(self.landmarks), part=self.part,
                    part_names=self.part_names, mirror=self.mirror, base_index=self.base_index,
                    name=self.name, source=self.source, shape_key=shape_key)


def _colour_rounds(present: np.ndarray, edges: np.ndarray, n: int) -> np.ndarray:
    """A round per group (-1 for groups not ``present``), no ``edges`` (both directions) inside a round.

    Each round is the lexicographically first maximal independent set of the groups left,
    found with whole-array steps (a chunk's clash graph can hold thousands of pairs)."""
    a, b = edges[:, 0], edges[:, 1]
    left = np.zeros(n, dtype=bool)
    left[present] = True
    round_of = np.full(n, -1, dtype=np.int64)
    r = 0
    while left.any():
        live = left[a] & left[b]
        a, b = a[live], b[live]
        candidate, chosen = left.copy(), np.zeros(n, dtype=bool)
        ea, eb = a, b
        while candidate.any():
            both = candidate[ea] & candidate[eb]
            ea, eb = ea[both], eb[both]
            blocked = np.zeros(n, dtype=bool)
            blocked[ea[eb < ea]] = True  # a smaller candidate neighbour goes first
            new = candidate & ~blocked
            chosen |= new
            candidate &= ~new
            candidate[ea[new[eb]]] = False  # neighbours of the chosen wait for a later round
        round_of[chosen] = r
        left &= ~chosen
        r += 1
    return round_of


def subdivided(body: Body, times: int = 1, keep_anatomy: bool = True) -> Body:
    """A finer copy of ``body`` (each triangle split in four, ``times`` times).

    The original vertices keep their indices, so landmarks, joints and points in the base frame
    still address the same skin; each new vertex corresponds to its nearest original vertex.
    With ``keep_anatomy=False`` maps are transferred from the base instead of compiled again.
    """
    from trimesh.remesh import subdivide

    vertices, faces = body.vertices, body.faces
    for _ in range(times):
        vertices, faces = subdivide(vertices, faces)
    base_index = body.nearest_vertex(vertices)
    base_index[: body.n_vertices] = np.arange(body.n_vertices)
    part = body.part[base_index] if body.part is not None else None
    fine = Body(vertices=np.asarray(vertices, dtype=float), faces=np.asarray(faces, dtype=np.int64),
                joints=dict(body.joints) if keep_anatomy else {},
                landmarks=dict(body.landmarks) if keep_anatomy else {}, part=part,
                part_names=body.part_names, mirror=None, base_index=base_index,
                name=f"{body.name} x{4 ** times}", source=body.source,
                shape_key=f"{body.shape_key}/subdivided{times}")
    return fine


# --------------------------------------------------------------------- loading
def _quads_to_triangles(quads: np.ndarray) -> np.ndarray:
    return np.vstack([quads[:, [0, 1, 2]], quads[:, [0, 2, 3]]]).astype(np.int64)


def _load_npz(path: Path) -> Body:
    from radviz.npzfile import read_npz

    arrays = read_npz(path, MAX_NPZ_ARRAY_BYTES, "body file")
    for key in ("vertices", "quads"):
        if key not in arrays:
            raise InputError(path, key, "missing array")
    vertices, quads = arrays["vertices"], arrays["quads"]
    if 2 * len(quads) > MAX_FACES or len(vertices) > MAX_VERTICES:
        raise InputError(path, "", f"{len(vertices):,} vertices and {2 * len(quads):,} triangles is more "
                                   f"than radviz opens ({MAX_VERTICES:,} vertices, {MAX_FACES:,} triangles)")
    if vertices.dtype.kind not in "fiu" or vertices.ndim != 2 or vertices.shape[1:] != (3,):
        raise InputError(path, "vertices", f"expected numbers of shape (n, 3), got {vertices.dtype} "
                                           f"{vertices.shape}")
    if quads.dtype.kind not in "iu" or quads.ndim != 2 or quads.shape[1:] != (4,):
        raise InputError(path, "quads", f"expected whole numbers of shape (n, 4), got {quads.dtype} {quads.shape}")
    vertices = vertices.astype(float)
    faces = _quads_to_triangles(quads)
    _validate_geometry(path, vertices, faces)
    joints = {}
    if "joint_names" in arrays or "joint_positions" in arrays:
        names, positions = arrays.get("joint_names"), arrays.get("joint_positions")
        if names is None or positions is None or positions.dtype.kind not in "fiu" \
                or positions.shape != (len(names), 3):
            raise InputError(path, "joint_positions", "expected one (x, y, z) per joint name")
        joints = {str(n): p.astype(float) for n, p in zip(names, positions)}
    landmarks = {}
    lm_file = path.with_name(path.stem + "_landmarks.json")
    if lm_file.exists():
        landmarks = _load_landmarks(lm_file, len(vertices))
    return Body(vertices=vertices, faces=faces, joints=joints, landmarks=landmarks,
                part=arrays.get("part"), part_names=tuple(str(s) for s in arrays.get("part_names", ())),
                mirror=arrays.get("mirror"), name=path.stem, source=str(path))


def _load_landmarks(path: Path, n_vertices: int) -> dict[str, int]:
    from radviz.files import read_bounded

    try:
        raw = json.loads(read_bounded(path, 10_000_000, "landmark file").decode("utf-8"))
    except (RecursionError, ValueError) as exc:
        raise InputError(path, "", f"cannot read landmarks ({str(exc)[:80]})") from None
    table = raw.get("landmarks") if isinstance(raw, dict) else None
    if not isinstance(table, dict):
        raise InputError(path, "landmarks", "expected a mapping of name to vertex index")
    out = {}
    for name, entry in table.items():
        idx = entry.get("vertex") if isinstance(entry, dict) else entry
        if not isinstance(idx, int) or not 0 <= idx < n_vertices:
            raise InputError(path, f"landmarks.{name}", f"vertex index must be 0..{n_vertices - 1}")
        out[name] = idx
    return out


def _validate_geometry(path: str | Path, vertices: np.ndarray, faces: np.ndarray) -> None:
    if vertices.ndim != 2 or vertices.shape[1] != 3 or len(vertices) == 0:
        raise InputError(path, "vertices", "the mesh has no vertices")
    if len(faces) == 0:
        raise InputError(path, "faces", "the mesh has no faces (a point cloud is not a body)")
    if len(faces) > MAX_FACES:
        raise InputError(path, "faces", f"{len(faces):,} triangles is more than radviz opens "
                                        f"({MAX_FACES:,}); decimate the mesh first")
    if not np.isfinite(vertices).all():
        bad = int(np.flatnonzero(~np.isfinite(vertices).all(axis=1))[0])
        raise InputError(path, f"vertex {bad}", "coordinates are NaN or infinite")
    if faces.min() < 0 or faces.max() >= len(vertices):
        raise InputError(path, "faces", f"a face refers to vertex {int(faces.max())}, "
                                        f"but the mesh has {len(vertices)} vertices")


def _load_trimesh(path: Path) -> Body:
    import trimesh  # imported here: only needed for foreign meshes

    from radviz.mesh_counts import declared_counts

    n_vertices, n_faces = declared_counts(path)  # before parsing: trimesh needs many times the file size
    if n_faces > MAX_FACES:
        raise InputError(path, "faces", f"{n_faces:,} triangles is more than radviz opens "
                                        f"({MAX_FACES:,}); decimate the mesh first")
    if n_vertices > MAX_VERTICES:
        raise InputError(path, "vertices", f"{n_vertices:,} vertices is more than radviz opens "
                                           f"({MAX_VERTICES:,}); decimate the mesh first")
    try:
        loaded = trimesh.load(path, process=False)
        if isinstance(loaded, trimesh.Scene):
            geometries = [g for g in loaded.geometry.values() if isinstance(g, trimesh.Trimesh)]
            loaded = trimesh.util.concatenate(geometries) if geometries else None
    except Exception as exc:  # trimesh raises many types for broken files
        raise InputError(path, "", f"cannot read this mesh ({type(exc).__name__}: {exc})") from None
    if isinstance(loaded, trimesh.PointCloud) and len(loaded.vertices):
        raise InputError(path, "faces", "the mesh has no faces (a point cloud is not a body)")
    vertices = np.asarray(getattr(loaded, "vertices", np.empty((0, 3))), dtype=float)
    faces = np.asarray(getattr(loaded, "faces", np.empty((0, 3))), dtype=np.int64)
    if faces.ndim != 2 or (len(faces) and faces.shape[1] != 3):
        raise InputError(path, "faces", "faces must be triangles")
    _validate_geometry(path, vertices, faces)
    return Body(vertices=vertices, faces=faces, name=path.stem, source=str(path))


def _fit_to_base(body: Body, base: Body) -> Body:
    """Give a foreign body a vertex correspondence with the base body, for maps and drawings.

    The body is scaled and centred onto the base body's bounding box; each vertex then takes the
    base vertex nearest to it.  Good for bodies standing in the same pose and frame.
    """
    lo, hi = body.vertices.min(0), body.vertices.max(0)
    blo, bhi = base.vertices.min(0), base.vertices.max(0)
    scale = np.where(hi - lo > 0, (bhi - blo) / np.where(hi - lo > 0, hi - lo, 1.0), 1.0)
    fitted = (body.vertices - lo) * scale + blo
    gap, body.base_index = base.kdtree.query(fitted)
    body.base_index = np.asarray(body.base_index, dtype=np.int64)
    if float(np.median(gap)) > MAX_FIT_GAP * base.height:
        raise InputError(body.source, "", f"does not line up with the shipped hm08 body after scaling "
                         f"(median gap {float(np.median(gap)):.2f} dm), so radviz cannot place the maps on "
                         f"it; it opens copies of that body (remeshed, subdivided or reshaped) standing "
                         f"upright (+y up, facing +z)")
    body.part, body.part_names = base.part[body.base_index], base.part_names
    return body


def load_body(path: str | Path | None = None) -> Body:
    """Load the shipped hm08 body (``path=None``) or any OBJ/PLY/STL/OFF/GLB mesh.

    Raises
    ------
    InputError
        Naming the file and the problem: unreadable, empty, no faces, NaN coordinates,
        indices out of range, too many faces or an unknown extension.
    """
    if path is None:
        return default_body()
    path = Path(path)
    if not path.exists():
        raise InputError(path, "", "file not found")
    if path.suffix.lower() not in MESH_SUFFIXES:
        raise InputError(path, "", f"unknown mesh type '{path.suffix}'; "
                                   f"radviz opens {', '.join(MESH_SUFFIXES)}")
    if path.is_dir():
        raise InputError(path, "", "is a folder, not a mesh file")
    if not path.is_file():
        raise InputError(path, "", "is a device, FIFO or socket, not a regular file; radviz reads only files")
    if path.stat().st_size > MAX_MESH_BYTES:
        raise InputError(path, "", f"{path.stat().st_size:,} bytes is more than radviz opens "
                                   f"({MAX_MESH_BYTES:,}); decimate the mesh first")
    if path.suffix.lower() == ".npz":
        return _load_npz(path)
    body = _load_trimesh(path)
    base = default_body()
    if body.n_vertices == base.n_vertices and np.array_equal(
            np.sort(body.faces, axis=1)[:10], np.sort(base.faces, axis=1)[:10]):
        return base.with_vertices(body.vertices, shape_key=f"file:{path.name}")
    return _fit_to_base(body, base)


_DEFAULT: Body | None = None


def default_body() -> Body:
    """The shipped hm08 body, loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = _load_npz(meshes_dir() / "hm08.npz")
    return _DEFAULT
