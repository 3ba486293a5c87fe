"""The off-screen renderer of a :class:`~radviz.scene.Scene` (pyvista imported lazily).

The one off-screen implementation of "show this body with these overlays from this camera":
PNG export, teach export, reports and the benchmark draw through :func:`render_scene`, with the
same lighting as the window's :class:`~radviz.qt.body_view.BodyView` (the on-screen one).
"""
from __future__ import annotations

import numpy as np

from radviz.scene import Scene

__all__ = ["render_scene", "LIGHTING"]

LIGHTING = dict(smooth_shading=True, ambient=0.22, diffuse=0.8, specular=0.18, specular_power=18)
"""Surface lighting shared with the on-screen view."""


def render_scene(scene: Scene, size: tuple[int, int], camera: dict | None = None,
                 background: str = "white", parallel: bool = False) -> np.ndarray:
    """Render ``scene`` at ``size`` (width, height) pixels; returns an (h, w, 3) uint8 image.

    ``camera`` copies an on-screen camera ({position, view_angle, parallel, parallel_scale});
    without it the scene's camera preset frames the whole body (``parallel``: a flat chart).
    """
    import pyvista as pv
    from vtkmodules.vtkCommonCore import vtkLogger

    from radviz.render import _fit_scale, camera_for, to_polydata

    vtkLogger.SetStderrVerbosity(vtkLogger.VERBOSITY_OFF)  # "bad X server" noise when headless
    body = scene.body
    plotter = pv.Plotter(off_screen=True, window_size=[int(size[0]), int(size[1])], border=False)
    try:
        plotter.set_background(background)
        plotter.add_mesh(to_polydata(body, scene.colours() / 255.0), scalars="rgb", rgb=True,
                         show_scalar_bar=False, **LIGHTING)
        if scene.picture.markers:
            direction = body.vertex_normals[np.asarray(scene.picture.markers)]
            pts = body.vertices[np.asarray(scene.picture.markers)] + 0.06 * direction
            plotter.add_points(np.asarray(pts, dtype=np.float32), color="#111111", point_size=12,
                               render_points_as_spheres=True)
        if scene.title:
            plotter.add_text(scene.title, position="upper_edge", font_size=10, color="black")
        plotter.enable_anti_aliasing("fxaa")
        if camera is not None:
            plotter.camera_position = camera["position"]
            plotter.camera.view_angle = camera["view_angle"]
            plotter.camera.parallel_projection = camera["parallel"]
            plotter.camera.parallel_scale = camera["parallel_scale"]
        else:
            plotter.camera_position = camera_for(body, scene.camera)
            plotter.camera.parallel_projection = parallel
            if parallel:
                plotter.camera.parallel_scale = _fit_scale(np.ptp(body.vertices, axis=0), scene.camera, size, (1, 1))
            else:
                plotter.reset_camera()
                plotter.camera.zoom(1.12)  # as the on-screen view frames a preset
        return plotter.screenshot(return_img=True)[:, :, :3]
    finally:
        plotter.close()
