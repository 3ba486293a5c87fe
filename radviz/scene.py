"""Scene: what a view shows, as plain data, so every renderer draws the same thing.

A :class:`Scene` is "this body, with these overlays (picture under the drawing, markers, labels),
from this camera".  :func:`picture_for` turns an :class:`~radviz.state.AppState` into the picture
the window shows; :func:`scene_for` adds the drawing and the camera.  The on-screen renderer is
:class:`radviz.qt.body_view.BodyView` (``show_scene``), the off-screen one
:func:`radviz.render_offscreen.render_scene`; neither decides colours.  Qt-free and VTK-free.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from radviz import colors, pictures
from radviz.body import Body
from radviz.drawing import SYMPTOMS
from radviz.exam_picture import STATUS_COLOURS, STATUS_OPACITY, STATUS_ORDER, exam_picture

__all__ = ["Picture", "Scene", "picture_for", "scene_for", "shown_atlas", "territory_name", "drawn_symptoms"]


@dataclass
class Picture:
    """The layer under the drawing: per-vertex colours and what to mark on them.

    rgb : (n_vertices, 3) float in 0..1
    markers : vertex ids drawn as dots (key points, a quiz's spot)
    labels : (vertex, text) pairs written on the body
    atlas : the atlas whose territories the picture paints (None: bare skin)
    legend : (colour, text) pairs saying what its colours mean, for the views' legends
    """

    rgb: np.ndarray
    markers: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    atlas: object | None = None
    legend: list = field(default_factory=list)


@dataclass
class Scene:
    """Everything a renderer needs: the body, the picture, the drawing and the camera preset."""

    body: Body
    picture: Picture
    drawing: np.ndarray | None = None  # (n_symptoms, n_vertices) intensities, or None
    camera: str = "anterior"
    title: str = ""

    def colours(self) -> np.ndarray:
        """(n_vertices, 3) uint8: the drawing composited over the picture, as every view shows it."""
        idx = np.arange(self.body.n_vertices)
        return colors.composite_uint8(np.asarray(self.picture.rgb, dtype=float), self.drawing, idx)


def territory_name(atlas, name: str) -> str:
    """Short on-body name: roots by name, nerves in words, trigeminal branches by their label."""
    kind = atlas.map.territories[name].kind
    return name if kind == "spinal" else name.replace("_", " ").capitalize() if kind == "nerve" \
        else atlas.map.territories[name].label


def shown_atlas(state):
    """The atlas a state's picture paints: the nerve map for nerves and for 'all' on the nerve layer."""
    nerves = state.engine.nerves
    wants_nerves = state.shown.kind == "nerve" or (state.shown.kind == "all" and state.layer == "nerves")
    return nerves if wants_nerves and nerves is not None else state.engine.atlas


def drawn_symptoms(values: np.ndarray | None) -> list[str]:
    """The symptoms a drawing's rows (n_symptoms, n_vertices) mark anywhere, in :data:`SYMPTOMS` order."""
    if values is None:
        return []
    return [name for k, name in enumerate(SYMPTOMS) if values[k].any()]


def _swatch(colour, opacity: float, tone: str) -> np.ndarray:
    return colors.blend(colors.skin_rgb(1, tone), colour, np.array([opacity]))[0]


def _root_legend(body, atlas, shown, tone: str, register: str) -> list:
    """The zones of one root (named, with the neighbours it shares skin with) or nerve, and its key point."""
    zones, _, overlap = pictures.root_zones(body, atlas, shown.name, shown.side, shown.kind == "root")
    return [(c, text) for text, c in pictures.root_legend(atlas, shown.name, shown.side, overlap, zones, tone,
                                                          register)]


def picture_for(state, facing=None) -> Picture:
    """The picture for what ``state.shown`` names, in ``state.tone`` skin.

    ``facing`` (a unit vector toward the viewer) keeps only labels on that side, for flat charts.
    """
    body, shown, tone = state.body, state.shown, state.tone
    atlas = shown_atlas(state)
    if shown.kind == "root" or (shown.kind == "nerve" and atlas is state.engine.nerves):
        rgb, markers = pictures.root_picture(body, atlas, shown.name, shown.side, tone,
                                             show_neighbours=shown.kind == "root")
        return Picture(rgb, list(markers), [], atlas, _root_legend(body, atlas, shown, tone, state.register))
    if shown.kind == "all":
        labels = pictures.territory_label_vertices(body, atlas, facing=facing)
        if atlas is not state.engine.atlas or facing is not None:  # nerves and flat charts: short names
            short = {t.label: territory_name(atlas, n) for n, t in atlas.map.territories.items()}
            labels = [(v, short.get(text, text)) for v, text in labels]
        names = atlas.territories
        swatches = colors.all_territories_rgb(colors.skin_rgb(len(names), tone), np.eye(len(names)), names)
        legend = [(c, territory_name(atlas, name)) for c, name in zip(swatches, names)]
        return Picture(pictures.all_roots_picture(body, atlas, tone), [], labels, atlas, legend)
    if shown.kind == "exam":  # each dermatome by its ISNCSCI result (an intact exam until one is begun)
        rgb, markers, labels = exam_picture(body, atlas, state.exam.current, state.exam.classification, tone)
        legend = [(_swatch(STATUS_COLOURS[s], STATUS_OPACITY[s], tone), s) for s in STATUS_ORDER]
        return Picture(rgb, markers, labels, atlas, legend)
    return Picture(colors.skin_rgb(body.n_vertices, tone), [], [], None)


def scene_for(state, camera: str | None = None) -> Scene:
    """The window's scene: its body, picture, active drawing and camera preset."""
    return Scene(state.body, picture_for(state), state.active_drawing.values, camera or state.camera,
                 state.engine.atlas.map.title)
