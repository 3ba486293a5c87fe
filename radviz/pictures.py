"""What to draw for each kind of picture (plain numpy): one place for the app, the CLI and reports.

Each function returns per-vertex RGB and labels for a body; ``radviz.render`` turns them into
pixels off-screen, the Qt views put them on their one actor.
"""
from __future__ import annotations

import numpy as np

from radviz import colors
from radviz.atlas import Atlas
from radviz.body import Body

__all__ = ["root_picture", "all_roots_picture", "territory_label_vertices", "side_names", "root_zones",
           "root_legend", "root_focus", "neighbour_labels", "root_panel", "contact_sheet_panels", "best_views",
           "visible_vertices"]

_SEEN = 0.1  # weights below this are not drawn as part of a territory
_NEIGHBOUR_SEEN = 0.3  # skin counts as shared where a neighbour supplies it in this share of people


def side_names(side: str) -> tuple[str, ...]:
    return ("left", "right") if side == "both" else (side,)


def _relatives(atlas: Atlas, root: str) -> list[str]:
    """Territories whose overlap with ``root`` is a shared border worth showing.

    Dermatomes: the graded neighbours of the same kind.  Nerves: every other nerve except the
    root's own parent and branches (a branch's skin is its parent's skin, not an overlap).
    """
    terrs = atlas.map.territories
    me = terrs[root]
    family = {me.parent} | {n for n, t in terrs.items() if t.parent == root}
    return [n for n in sorted(atlas.map.neighbours(root)) if terrs[n].kind == me.kind and n not in family]


def root_zones(body: Body, atlas: Atlas, root: str, side: str,
               show_neighbours: bool = True) -> tuple[dict[str, np.ndarray], np.ndarray, dict[str, float]]:
    """Core, shared-with-neighbour and some-people masks of one root, its weight, and the overlap.

    Returns ``(zones, strength, overlap)``: boolean masks per zone, the root's weight per vertex
    (both sides in one array), and each neighbour's largest shared weight.  "Some people" is skin
    a source leaves blank (a shared zone of the map); "shared" is a graded border with a neighbour.
    """
    n = body.n_vertices
    zones = {z: np.zeros(n, dtype=bool) for z in ("core", "shared", "variable")}
    strength = np.zeros(n)
    overlap: dict[str, float] = {}
    blank = atlas.labels < 0 if atlas.map.mode == "partition" else np.zeros(n, dtype=bool)
    for sd in side_names(side):
        top = atlas.column_weights(root, sd)
        seen = top >= _SEEN
        near = np.zeros(n)
        if show_neighbours:
            for nb in _relatives(atlas, root):
                w = atlas.column_weights(nb, sd)
                shared = np.minimum(top, w)
                if shared.max() >= _SEEN:
                    overlap[nb] = max(overlap.get(nb, 0.0), float(shared.max()))
                near = np.maximum(near, w)
        variable = seen & blank & (top >= 0.45)  # a zone the root belongs to (it only grades into others)
        shared = seen & ~variable & ((near >= _NEIGHBOUR_SEEN) | blank)
        zones["variable"] |= variable
        zones["shared"] |= shared
        zones["core"] |= seen & ~variable & ~shared
        strength = np.maximum(strength, top)
    return zones, strength, overlap


def root_picture(body: Body, atlas: Atlas, root: str, side: str, tone: str = "fair",
                 show_neighbours: bool = True) -> tuple[np.ndarray, list[int]]:
    """One root: core solid, skin shared with a neighbour striped, some-people skin checked.

    Returns the RGB array and the root's key-point vertices (markers).
    """
    zones, strength, _ = root_zones(body, atlas, root, side, show_neighbours)
    rgb = colors.zone_rgb(colors.skin_rgb(body.n_vertices, tone), body.vertices, zones, strength)
    markers = [atlas.key_points[(root, sd)] for sd in side_names(side) if (root, sd) in atlas.key_points]
    return rgb, markers


def _name(atlas: Atlas, territory: str) -> str:
    """Short display name: the root, the branch label (V1 ophthalmic) or the nerve's name in words."""
    terr = atlas.map.territories[territory]
    if terr.kind == "nerve":
        return territory.replace("_", " ")
    return territory if terr.kind == "spinal" else terr.label


_VIEW_DIRECTIONS = {"anterior": (0, 0, 1), "posterior": (0, 0, -1), "left": (1, 0, 0), "right": (-1, 0, 0)}


def best_views(body: Body, atlas: Atlas, root: str, side: str) -> list[str]:
    """Two standard views of a root: front and back as the charts draw them, but the side view
    instead of whichever of those shows less than half as much (never the view from the other side).

    A sole nerve is seen from the side and the back, a thoracic band from the front and the back.
    """
    w = np.max([atlas.column_weights(root, sd) for sd in side_names(side)], axis=0) * body.vertex_areas
    allowed = [v for v in _VIEW_DIRECTIONS if side == "both" or v in ("anterior", "posterior", side)]
    seen = {v: float(w[body.vertex_normals @ np.asarray(_VIEW_DIRECTIONS[v], dtype=float) > 0.3].sum())
            for v in allowed}
    views = ["anterior", "posterior"]
    weaker = min(views, key=seen.get)
    sides = [v for v in allowed if v not in views]
    best_side = max(sides, key=seen.get) if sides else None
    if best_side and seen[best_side] > 2 * seen[weaker]:
        views[views.index(weaker)] = best_side
    return views


def _listed(names: list[str], last: str) -> str:
    """Names as a sentence says them: 'L4', 'L4 or S1', 'L4, L5, S2 or S3' (``last``: 'and', 'or')."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {last} {names[-1]}"


def root_legend(atlas: Atlas, root: str, side: str, overlap: dict[str, float] | None = None,
                zones: dict[str, np.ndarray] | None = None, tone: str = "fair",
                register: str = "clinician") -> list[tuple[str, np.ndarray]]:
    """Legend lines (text, colour) for a root's picture: its zones, the neighbours it shares with, the key point.

    For patients (``register="patient"``) the zones are said in everyday words and the key point, an
    examiner's landmark, is left out."""
    from radviz.keypoints import load_key_points

    patient = register == "patient"
    swatch = {text: c for c, text in colors.zone_swatches(tone)}
    name, said = _name(atlas, root), atlas.map.territories[root].words  # a nerve's patient words, if the map has them
    core = (f"skin of {said}, in nearly everyone" if said else f"skin the {name} nerve supplies in nearly everyone") \
        if patient else f"{name} {colors.ZONE_TEXT['core']}"
    out = [(core, swatch[colors.ZONE_TEXT["core"]])]
    if overlap:
        names = _listed([_name(atlas, n) for n in sorted(overlap, key=lambda k: -overlap[k])], "and")
        shared = f"skin {name} shares with its neighbours {names}" if patient else f"shared with {names}"
        out.append((shared, swatch[colors.ZONE_TEXT["shared"]]))
    if zones is None or zones["variable"].any():
        zone_roots = sorted({r for z in atlas.map.shared if root in z.roots for r in z.roots} - {root})
        if zone_roots:
            others = _listed(zone_roots, "or")
            varies = (f"skin the {name} nerve supplies in some people, the {others} nerve in others" if patient
                      else f"{name} in some people, {others} in others (supply varies)")
            out.append((varies, swatch[colors.ZONE_TEXT["variable"]]))
    if patient:
        return out
    if atlas.map.kind == "dermatomes":
        text = load_key_points().description(root)
    else:
        text = (atlas.map.territories[root].key_point or {}).get("description", "")
    if text and any((root, sd) in atlas.key_points for sd in side_names(side)):
        out.append((f"key point: {text}", np.zeros(3)))
    return out


def root_focus(body: Body, atlas: Atlas, root: str, side: str, margin: float = 0.2,
               smallest: float = 3.0) -> tuple[np.ndarray, np.ndarray]:
    """Centre and extent (decimetres) of the part of the body a root's picture should fill.

    A hand root shows the arm and hand, a foot root the leg and foot, not a whole tiny body.
    """
    strength = np.max([atlas.column_weights(root, sd) for sd in side_names(side)], axis=0)
    pts = body.vertices[strength >= 0.3]
    lo, hi = (pts.min(axis=0), pts.max(axis=0)) if len(pts) else (body.vertices.min(axis=0), body.vertices.max(axis=0))
    return (lo + hi) / 2, np.maximum((hi - lo) * (1 + 2 * margin), smallest)


def neighbour_labels(body: Body, atlas: Atlas, root: str, side: str) -> list[tuple[int, str]]:
    """Where to write each neighbour's name: in its own core, next to the skin it shares with the root.

    The root's own name goes in the middle of its core.
    """
    out = []
    for sd in side_names(side):
        top = atlas.column_weights(root, sd)
        core = np.flatnonzero(top >= 0.7)
        if len(core):
            centre = body.vertices[core].mean(axis=0)
            out.append((int(core[np.argmin(np.linalg.norm(body.vertices[core] - centre, axis=1))]), _name(atlas, root)))
        for nb in _relatives(atlas, root):
            w = atlas.column_weights(nb, sd)
            band = np.flatnonzero(np.minimum(top, w) >= 0.15)
            own = np.flatnonzero((w >= 0.6) & (top < 0.3))
            if not len(band) or not len(own):
                continue
            centre = body.vertices[band].mean(axis=0)
            out.append((int(own[np.argmin(np.linalg.norm(body.vertices[own] - centre, axis=1))]), _name(atlas, nb)))
    return out


def root_panel(body: Body, atlas: Atlas, root: str, side: str, view: str = "anterior", tone: str = "fair",
               zoom: bool = True, legend: bool = True, title: str | None = None) -> dict:
    """Everything one rendered view of a root needs: colours, key point, names, legend and framing."""
    zones, strength, overlap = root_zones(body, atlas, root, side)
    rgb = colors.zone_rgb(colors.skin_rgb(body.n_vertices, tone), body.vertices, zones, strength)
    markers = [atlas.key_points[(root, sd)] for sd in side_names(side) if (root, sd) in atlas.key_points]
    panel = {"rgb": rgb, "view": view, "markers": markers, "labels": neighbour_labels(body, atlas, root, side),
             "title": title if title is not None else f"{_name(atlas, root)}, {side} side ({atlas.map.name})",
             "parallel": True, "label_size": 15}
    skin = colors.skin_rgb(1, tone)[0]
    panel["patterns"] = [(zones[z], z, colors.ZONE_COLOURS[z], colors.blend(skin[None], colors.ZONE_COLOURS[z],
                                                                            np.array([0.25]))[0])
                         for z in ("variable", "shared") if zones[z].any()]
    if legend:
        panel["legend"] = root_legend(atlas, root, side, overlap, zones, tone)
    if zoom:
        centre, extent = root_focus(body, atlas, root, side)
        if legend:  # leave the bottom of the view to the legend
            centre, extent = centre - [0, 0.07 * extent[1], 0], extent * [1, 1.15, 1]
        panel["centre"], panel["extent"] = centre, extent
    return panel


def contact_sheet_panels(body: Body, atlas: Atlas, roots: list[str], side: str = "left",
                         views: tuple[str, ...] | None = None) -> list[dict]:
    """Two zoomed views of each root for a contact sheet (by default the two that show it best);
    the legend goes with the first view of each."""
    panels = []
    for root in roots:
        for k, view in enumerate(views or best_views(body, atlas, root, side)):
            panel = root_panel(body, atlas, root, side, view, legend=k == 0,
                               title=f"{_name(atlas, root)} ({view[:4]}.)")
            panel.update(title_size=9, label_size=9)
            if panel.get("legend"):  # a sheet has little room: zones and neighbours, not the key-point text
                panel["legend"] = [(text, c) for text, c in panel["legend"] if not text.startswith("key point")]
            panels.append(panel)
    return panels


def visible_vertices(body: Body, facing, cell: float = 0.25, depth: float = 0.3) -> np.ndarray:
    """Vertices a parallel view from ``facing`` sees: facing it and not hidden behind other skin.

    A coarse depth buffer over the view plane (cells of ``cell`` dm): a vertex is hidden when skin in
    its cell lies more than ``depth`` dm nearer the viewer (the back of the head hides the face).
    """
    d = np.asarray(facing, dtype=float)
    d = d / np.linalg.norm(d)
    helper = np.array([0.0, 1.0, 0.0]) if abs(d[1]) < 0.9 else np.array([1.0, 0.0, 0.0])
    u = np.cross(helper, d)
    u /= np.linalg.norm(u)
    v = np.cross(d, u)
    p = body.vertices
    near = p @ d
    iu = np.floor((p @ u - (p @ u).min()) / cell).astype(np.int64)
    iv = np.floor((p @ v - (p @ v).min()) / cell).astype(np.int64)
    key = iu * (iv.max() + 1) + iv
    front = np.full(key.max() + 1, -np.inf)
    np.maximum.at(front, key, near)
    return (near >= front[key] - depth) & (body.vertex_normals @ d > 0.2)


def territory_label_vertices(body: Body, atlas: Atlas, side: str = "both",
                             facing: np.ndarray | None = None) -> list[tuple[int, str]]:
    """A label anchor per territory and side: the core vertex nearest its core's centroid.

    With ``facing`` (a view direction), only the part of each core that faces the viewer counts,
    so every territory visible in that view gets a label on its visible part.
    """
    out = []
    visible = np.ones(body.n_vertices, dtype=bool) if facing is None else \
        (body.vertex_normals @ np.asarray(facing, dtype=float) > 0.35) & visible_vertices(body, facing)
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
