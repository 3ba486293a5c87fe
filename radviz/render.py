"""Off-screen rendering for the CLI, the docs and the reports (pyvista imported lazily).

No display is needed: pyvista's off-screen Plotter falls back to software OpenGL.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from radviz.body import Body

__all__ = ["VIEWS", "camera_for", "view_direction", "to_polydata", "render_panels", "save_png", "png_bytes"]

VIEWS = ("anterior", "posterior", "left", "right", "superior")
_DIRECTIONS = {  # camera direction from the body centre, and the up vector
    "anterior": ((0, 0, 1), (0, 1, 0)), "posterior": ((0, 0, -1), (0, 1, 0)),
    "left": ((1, 0, 0), (0, 1, 0)), "right": ((-1, 0, 0), (0, 1, 0)),
    "superior": ((0, 1, 0), (0, 0, -1)),
}


def camera_for(body: Body, view: str, zoom: float = 1.0, centre=None):
    """A pyvista camera position [eye, focus, up] framing the whole body from a standard view."""
    direction, up = _DIRECTIONS[view]
    lo, hi = body.vertices.min(0), body.vertices.max(0)
    centre = (lo + hi) / 2 if centre is None else np.asarray(centre, dtype=float)
    distance = 2.9 * float(np.max(hi - lo)) / zoom
    eye = centre + distance * np.asarray(direction, dtype=float)
    return [tuple(eye), tuple(centre), up]


def view_direction(view: str) -> np.ndarray:
    """Unit vector from the body toward the camera of a standard view."""
    return np.asarray(_DIRECTIONS[view][0], dtype=float)


def to_polydata(body: Body, rgb: np.ndarray | None = None):
    import pyvista as pv

    faces = np.hstack([np.full((len(body.faces), 1), 3), body.faces]).ravel()
    mesh = pv.PolyData(np.asarray(body.vertices, dtype=np.float32), faces)
    if rgb is not None:
        mesh.point_data["rgb"] = (np.clip(rgb, 0, 1) * 255).astype(np.uint8)
    return mesh


def render_panels(body: Body, panels: list[dict], size: tuple[int, int], shape: tuple[int, int],
                  background: str = "white") -> np.ndarray:
    """Render several panels of one body; each panel: {rgb, view, title, labels, markers, legend}.

    ``labels`` is a list of (vertex, text); ``markers`` a list of vertex indices; ``legend`` a list
    of (text, rgb) rows; ``patterns`` a list of (vertex mask, "shared"|"variable", colour, pale colour)
    drawn as crisp stripes or checks over those faces; ``centre`` and ``extent`` (decimetres) frame
    part of the body.
    Returns the image as an (h, w, 3) uint8 array.
    """
    import pyvista as pv
    from vtkmodules.vtkCommonCore import vtkLogger

    vtkLogger.SetStderrVerbosity(vtkLogger.VERBOSITY_OFF)  # "bad X server" noise when headless

    plotter = pv.Plotter(off_screen=True, window_size=list(size), shape=shape, border=False)
    try:
        for k, panel in enumerate(panels):
            plotter.subplot(k // shape[1], k % shape[1])
            plotter.set_background(background)
            mesh = to_polydata(body, panel["rgb"])
            plotter.add_mesh(mesh, scalars="rgb", rgb=True, smooth_shading=True, specular=0.15,
                             ambient=0.25, diffuse=0.8)
            view = panel.get("view", "anterior")
            direction = np.asarray(_DIRECTIONS[view][0], dtype=float)
            for mask, kind, colour, pale in panel.get("patterns") or ():
                _add_pattern(plotter, body, mask, kind, colour, pale)
            if panel.get("markers"):  # key points: a black dot in a white ring, visible on any colour
                pts = np.asarray(body.vertices[np.asarray(panel["markers"])] + 0.08 * direction, dtype=np.float32)
                ring = float(np.clip(0.02 * min(size[0] / shape[1], size[1] / shape[0]), 8, 22))
                plotter.add_points(pts, color="white", point_size=ring, render_points_as_spheres=True)
                plotter.add_points(pts + np.float32(1.0) * direction.astype(np.float32), color="black",
                                   point_size=0.6 * ring, render_points_as_spheres=True)
            labels = panel.get("labels") or []
            if labels:
                from radviz.pictures import visible_vertices

                seen = visible_vertices(body, direction)
                visible = [(v, t) for v, t in labels if seen[v]]
                if visible:
                    pts = np.array([body.vertices[v] + 0.3 * direction for v, _ in visible])
                    plotter.add_point_labels(pts.astype(np.float32), [t for _, t in visible],
                                             font_size=panel.get("label_size", 12), point_size=1,
                                             shape_opacity=0.6, always_visible=True, text_color="black",
                                             shape_color="white", show_points=False)
            if panel.get("legend"):  # [(text, rgb)]: what each colour and pattern means, on the view
                rows = panel["legend"]
                legend = plotter.add_legend([[text, tuple(float(c) for c in colour)] for text, colour in rows],
                                            bcolor="white", border=True, loc=panel.get("legend_loc", "lower left"),
                                            face="rectangle", background_opacity=0.85,
                                            size=panel.get("legend_size", (0.62, 0.026 * len(rows))))
                _black_legend_text(legend, [colour for _, colour in rows])
            if panel.get("title"):
                plotter.add_text(panel["title"], position="upper_edge", font_size=panel.get("title_size", 10),
                                 color="black")
            plotter.camera_position = camera_for(body, view, panel.get("zoom", 1.0), panel.get("centre"))
            plotter.camera.parallel_projection = bool(panel.get("parallel", True))
            if panel.get("parallel", True):
                plotter.camera.parallel_scale = _fit_scale(panel.get("extent", np.ptp(body.vertices, axis=0)),
                                                           view, size, shape) / panel.get("zoom", 1.0)
            if panel.get("camera"):  # an on-screen camera copied as is (radviz.render_offscreen)
                cam = panel["camera"]
                plotter.camera_position = cam["position"]
                plotter.camera.view_angle = cam["view_angle"]
                plotter.camera.parallel_projection = cam["parallel"]
                plotter.camera.parallel_scale = cam["parallel_scale"]
        return plotter.screenshot(return_img=True)
    finally:
        plotter.close()


def _black_legend_text(legend, colours) -> None:
    """VTK draws a legend entry's text in its swatch colour, so pale zones (some people) were unreadable
    on white: each swatch becomes a framed icon and the text turns black."""
    from vtkmodules.util.numpy_support import numpy_to_vtk
    from vtkmodules.vtkCommonCore import VTK_UNSIGNED_CHAR
    from vtkmodules.vtkCommonDataModel import vtkImageData

    for i, colour in enumerate(colours):
        pixels = np.empty((16, 16, 3), dtype=np.uint8)
        pixels[:] = np.round(np.clip(np.asarray(colour, dtype=float), 0, 1) * 255).astype(np.uint8)
        pixels[[0, -1], :] = pixels[:, [0, -1]] = 90  # a grey frame keeps a pale swatch visible
        icon = vtkImageData()
        icon.SetDimensions(16, 16, 1)
        scalars = numpy_to_vtk(pixels.reshape(-1, 3), deep=True, array_type=VTK_UNSIGNED_CHAR)
        icon.GetPointData().SetScalars(scalars)
        legend.SetEntryIcon(i, icon)
        legend.SetEntrySymbol(i, None)
        legend.SetEntryColor(i, -1.0, -1.0, -1.0)  # negative: the text property's colour
    legend.GetEntryTextProperty().SetColor(0.0, 0.0, 0.0)


def _pattern_texture(kind: str, colour, pale, size: int = 64):
    """A repeating RGB tile: stripes (``shared``) or checks (``variable``) of colour on a pale ground."""
    import pyvista as pv

    u = (np.arange(size) + 0.5) / size
    on_u = u[None, :] < 0.5
    on = np.repeat(on_u, size, axis=0) if kind == "shared" else (on_u == (u[:, None] < 0.5))
    tile = np.where(on[..., None], np.asarray(colour, dtype=float), np.asarray(pale, dtype=float))
    return pv.Texture((np.clip(tile, 0, 1) * 255).astype(np.uint8))


def _add_pattern(plotter, body: Body, mask: np.ndarray, kind: str, colour, pale, period: float = 0.45) -> None:
    """Overlay the faces of a zone with a crisp pattern, whatever the mesh resolution.

    Texture coordinates are linear in position, so stripes stay straight across every triangle.
    """
    import pyvista as pv

    faces = body.faces[np.asarray(mask)[body.faces].any(axis=1)]
    if not len(faces):
        return
    used, inverse = np.unique(faces, return_inverse=True)
    pts = body.vertices[used] + 0.008 * body.vertex_normals[used]  # just above the skin
    mesh = pv.PolyData(pts.astype(np.float32), np.hstack([np.full((len(faces), 1), 3), inverse.reshape(-1, 3)]).ravel())
    mesh.active_texture_coordinates = np.c_[(pts[:, 0] + pts[:, 1] + pts[:, 2]) / period,
                                            (pts[:, 0] - pts[:, 1] + pts[:, 2]) / period].astype(np.float32)
    texture = _pattern_texture(kind, colour, pale)
    texture.repeat = True
    plotter.add_mesh(mesh, texture=texture, smooth_shading=True, specular=0.15, ambient=0.25, diffuse=0.8)


def _fit_scale(extent: np.ndarray, view: str, size, shape) -> float:
    """Half the visible height (world units) so a body of ``extent`` fits its panel, arms included."""
    aspect = (size[0] / shape[1]) / (size[1] / shape[0])
    across = {"anterior": extent[0], "posterior": extent[0], "left": extent[2], "right": extent[2],
              "superior": extent[0]}[view]
    tall = extent[2] if view == "superior" else extent[1]
    return 0.53 * max(float(tall), float(across) / aspect)


def save_png(image: np.ndarray, path: str | Path, create_folder: bool = True) -> Path:
    """Write an (h, w, 3|4) uint8 array as PNG through the atomic writer.

    The PNG is encoded in memory first, so a failed write (full disk, read-only folder) keeps the
    old file and raises :class:`radviz.errors.OutputError`; device nodes and FIFOs are refused.
    """
    from radviz.files import write_atomic

    return write_atomic(path, png_bytes(image), create_folder=create_folder)


def png_bytes(image: np.ndarray) -> bytes:
    """PNG-encode an (h, w, 1|3|4) uint8 array in memory (VTK's PNG writer)."""
    from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy
    from vtkmodules.vtkCommonDataModel import vtkImageData
    from vtkmodules.vtkIOImage import vtkPNGWriter

    h, w = image.shape[:2]
    channels = image.shape[2] if image.ndim == 3 else 1
    img = vtkImageData()
    img.SetDimensions(w, h, 1)
    flat = np.ascontiguousarray(image[::-1].reshape(-1, channels))
    arr = numpy_to_vtk(flat, deep=True)
    arr.SetNumberOfComponents(channels)
    img.GetPointData().SetScalars(arr)
    writer = vtkPNGWriter()
    writer.WriteToMemoryOn()
    writer.SetInputData(img)
    writer.Write()
    data = vtk_to_numpy(writer.GetResult()).tobytes()
    if not data.startswith(b"\x89PNG"):
        raise RuntimeError("VTK's PNG writer produced no image")
    return data
