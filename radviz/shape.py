"""Body shapes and the base frame: points given in the base body's frame address the same skin on
any body that shares (or maps onto) the hm08 topology."""
from __future__ import annotations

import numpy as np

from radviz.body import Body, default_body
from radviz.errors import InputError

__all__ = ["base_point_to_vertex", "body_with_shape", "PRESETS"]

PRESETS = ("neutral",)


def base_point_to_vertex(body: Body, point) -> int:
    """Snap a point given in the base body's frame to the base skin, then find it on ``body``."""
    base = default_body()
    base_vertex = int(base.nearest_vertex(np.asarray(point, dtype=float))[0])
    if body.base_index is None:
        if body.n_vertices >= base.n_vertices:
            return base_vertex  # same topology, or a subdivision keeping the original vertices first
        return int(body.nearest_vertex(base.vertices[base_vertex])[0])
    candidates = np.flatnonzero(body.base_index == base_vertex)
    if len(candidates):
        return int(candidates[np.argmin(np.linalg.norm(body.vertices[candidates] - body.vertices[candidates].mean(0), axis=1))])
    # no vertex of this body maps to that base vertex: take the one mapping to the nearest base vertex
    mapped = base.vertices[body.base_index]
    return int(np.argmin(np.linalg.norm(mapped - base.vertices[base_vertex], axis=1)))


def body_with_shape(body: Body, spec: str) -> Body:
    """Apply a body shape; only the neutral base shape ships in this version."""
    if spec.strip() in ("", "neutral"):
        return body
    raise InputError("--body", spec, f"unknown body shape; available: {', '.join(PRESETS)}")
