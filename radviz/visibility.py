"""Which skin a standard view shows, and the view that shows most of a marked area.

A quiz case marks discs of skin that may lie on the front and the back at once (a thoracic band,
an S1 strip from the calf to the sole); the mean of their normals then points nowhere in
particular and the camera chosen from it showed the unmarked side in about one case in five.
Here every view is scored by how much of the marked skin it really shows: a vertex is seen when
it faces the camera and nothing lies in front of it, tested with a coarse z-buffer over the
vertices (an orthographic projection binned into cells of ``cell`` body units), vectorised numpy.
"""
from __future__ import annotations

import numpy as np

from radviz.render import VIEWS, view_direction

__all__ = ["visible_mask", "view_showing", "CELL", "DEPTH_TOLERANCE"]

CELL = 0.25
"""Z-buffer cell, in body units (2.5 cm): wider than the mesh's vertex spacing, so no holes."""
DEPTH_TOLERANCE = 0.3
"""How far behind the nearest skin in its cell a vertex may lie and still count as seen (3 cm)."""
_PROFILE = 0.85
"""Side views count a little less: a profile hides the other half of the body."""


def _screen_axes(direction: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two unit vectors spanning the image plane of a camera looking along ``-direction``."""
    helper = np.array([0.0, 0.0, 1.0]) if abs(direction[1]) > 0.9 else np.array([0.0, 1.0, 0.0])
    u = np.cross(helper, direction)
    u /= np.linalg.norm(u)
    return u, np.cross(direction, u)


def visible_mask(body, view: str, cell: float = CELL, tolerance: float = DEPTH_TOLERANCE) -> np.ndarray:
    """Vertices a standard ``view`` shows (facing it and in front in their z-buffer cell).

    Returns
    -------
    mask : bool array, shape (n_vertices,)
    """
    d = view_direction(view)
    u, v = _screen_axes(d)
    points = np.asarray(body.vertices, dtype=float)
    depth = points @ d  # larger is nearer the camera
    cols = np.floor(points @ u / cell).astype(np.int64)
    rows = np.floor(points @ v / cell).astype(np.int64)
    cols -= cols.min()
    rows -= rows.min()
    cell_id = rows * (cols.max() + 1) + cols
    nearest = np.full(int(cell_id.max()) + 1, -np.inf)
    np.maximum.at(nearest, cell_id, depth)
    facing = np.asarray(body.vertex_normals, dtype=float) @ d > 0.05
    return facing & (depth >= nearest[cell_id] - tolerance)


def view_showing(body, vertices, weights=None) -> str:
    """The standard view (not the top) that shows the most of the marked skin.

    Parameters
    ----------
    body : Body
    vertices : int array
        The marked vertices.
    weights : array, optional
        Their intensities (how much each matters); equal when None.  Vertex areas are applied here.
    """
    vertices = np.atleast_1d(np.asarray(vertices, dtype=np.int64))
    w = np.ones(len(vertices)) if weights is None else np.asarray(weights, dtype=float).ravel()
    mass = w * np.asarray(body.vertex_areas)[vertices]

    def shown(view: str) -> float:
        share = float(mass[visible_mask(body, view)[vertices]].sum())
        return share * (_PROFILE if view in ("left", "right") else 1.0)

    return max((view for view in VIEWS if view != "superior"), key=shown)
