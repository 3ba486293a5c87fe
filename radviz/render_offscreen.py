"""The off-screen renderer of a :class:`~radviz.scene.Scene` (pyvista imported lazily).

"Show this body with these overlays from this camera", off screen: PNG export, teach export,
reports and ``radviz render`` all end in :func:`radviz.render.render_panels`, and this turns a
scene into its panel, so the app's exports draw exactly what the CLI draws.  The on-screen
counterpart is :meth:`radviz.qt.body_view.BodyView.show_scene`.
"""
from __future__ import annotations

import numpy as np

from radviz.scene import Scene

__all__ = ["render_scene", "scene_panel"]


def scene_panel(scene: Scene, parallel: bool = False, camera: dict | None = None) -> dict:
    """The :func:`radviz.render.render_panels` panel of a scene (colours composited here, once)."""
    panel = {"rgb": scene.colours() / 255.0, "view": scene.camera, "markers": list(scene.picture.markers),
             "labels": list(scene.picture.labels), "title": scene.title, "parallel": parallel}
    if camera is not None:
        panel["camera"] = camera
    return panel


def render_scene(scene: Scene, size: tuple[int, int], camera: dict | None = None,
                 background: str = "white", parallel: bool = False) -> np.ndarray:
    """Render ``scene`` at ``size`` (width, height) pixels; returns an (h, w, 3) uint8 image.

    ``camera`` copies an on-screen camera ({position, view_angle, parallel, parallel_scale});
    without it the scene's camera preset frames the whole body (``parallel``: a flat chart).
    """
    from radviz.render import render_panels

    panel = scene_panel(scene, parallel, camera)
    return render_panels(scene.body, [panel], (int(size[0]), int(size[1])), (1, 1), background)[:, :, :3]
