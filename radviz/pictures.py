"""What to draw for each kind of picture (plain numpy): one place for the app, the CLI and reports.

Each function returns per-vertex RGB and labels for a body; ``radviz.render`` turns them into
pixels off-screen, the Qt views put them on their one actor.
"""
from __future__ import annotations

import numpy as np

from radviz import colors
from radviz.atlas import Atlas
from radviz.body import Body

__all__ = ["root_picture", "all_roots_picture", "territory_label_vertices", "side_names"]


def side_names(side: str) -> tuple[str, ...]:
    return ("left", "right") if side == "both" else (side,)


def root_picture(body: Body, atlas: Atlas, root: str, side: str, tone: str = "fair",
                 show_neighbours: bool = True) -> tuple[np.ndarray, list[int]]:
    """One root highlighted (core solid, border graded), neighbours' overlap zones shaded.

    Returns the RGB array and the root's key-point vertices (markers).
    """
    base = colors.skin_rgb(body.n_vertices, tone)
    rgb = base
    markers = []
    for sd in side_names(side):
        top = atlas.column_weights(root, sd)
        neighbours = []
        if show_neighbours:
            neighbours = [atlas.column_weights(n, sd) for n in atlas.map.neighbours(root)
                          if atlas.map.territories[n].kind == atlas.map.territories[root].kind]
        rgb = colors.highlight_rgb(rgb, top, neighbours)
        if (root, sd) in atlas.key_points:
            markers.append(atlas.key_points[(root, sd)])
    return rgb, markers


def territory_label_vertices(body: Body, atlas: Atlas, side: str = "both",
                             facing: np.ndarray | None = None) -> list[tuple[int, str]]:
    """A label anchor per territory and side: the core vertex nearest its core's centroid.

    With ``facing`` (a view direction), only the part of each core that faces the viewer counts,
    so every territory visible in that view gets a label on its visible part.
    """
    out = []
    visible = np.ones(body.n_vertices, dtype=bool) if facing is None else \
        body.vertex_normals @ np.asarray(facing, dtype=float) > 0.35
    for k, name in enumerate(atlas.territories):
        for sd, sign in (("left", 1), ("right", -1)):
            if side not in ("both", sd):
                continue
            sel = np.flatnonzero((atlas.labels == k) & (body.side * sign >= 0) & visible)
            if len(sel) < (1 if facing is None else 12):  # a sliver seen edge-on gets no label
                continue
            centre = body.vertices[sel].mean(axis=0)
            out.append((int(sel[np.argmin(np.linalg.norm(body.vertices[sel] - centre, axis=1))]),
                        atlas.map.territories[name].label if atlas.map.territories[name].kind != "spinal" else name))
    return out


def all_roots_picture(body: Body, atlas: Atlas, tone: str = "fair") -> np.ndarray:
    """Every territory at once, neighbours in different colours, weights blended at borders."""
    n = len(atlas.territories)
    dense = atlas.weights.toarray()
    both = np.maximum(dense[:, :n], dense[:, n:])
    return colors.all_territories_rgb(colors.skin_rgb(body.n_vertices, tone), both, atlas.territories)
