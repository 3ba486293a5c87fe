"""BodyView: the 3D body in a pyvistaqt ``QtInteractor``, one actor recoloured in place.

pyvistaqt owns the VTK-Qt glue (init order, queued renders, finalisation); this view only decides
what the body looks like and turns the mouse into vertex ids.  It never changes the model: strokes
leave as signals that the window turns into undo commands, and colours are re-read from the
picture (:mod:`radviz.pictures`) and the :class:`~radviz.drawing.Drawing` it listens to.
"""
from __future__ import annotations

import math

import numpy as np
import pyvista as pv
from pyvistaqt import QtInteractor
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget
from vtkmodules.vtkCommonCore import mutable
from vtkmodules.vtkCommonDataModel import vtkCellLocator
from vtkmodules.vtkRenderingCore import vtkInteractorObserver
from vtkmodules.util.numpy_support import vtk_to_numpy

from radviz import colors
from radviz.body import Body
from radviz.drawing import Drawing
from radviz.qt.view_legend import ViewLegend
from radviz.render import VIEWS, camera_for, to_polydata

__all__ = ["BodyView", "MODES"]

MODES = ("rotate", "paint")
_RING_POINTS = 48
_STEP_PX = 4.0  # spacing of brush dabs along a fast drag, so a quick stroke leaves no gaps
_BACKGROUND = ("#dfe4ea", "#f7f8fa")  # bottom, top: a soft studio gradient
_to_world = vtkInteractorObserver.ComputeDisplayToWorld  # display (x, y, depth) -> world (x, y, z, 1)
_MOUSE = {QEvent.Type.MouseButtonPress: "mousePressEvent",
          QEvent.Type.MouseButtonDblClick: "mousePressEvent",
          QEvent.Type.MouseMove: "mouseMoveEvent",
          QEvent.Type.MouseButtonRelease: "mouseReleaseEvent"}


class BodyView(QWidget):
    """The body, its picture and drawing, the brush ring and the camera.

    Signals
    -------
    hovered(int)
        Vertex under the cursor, -1 when off the body (the window names it in the status bar).
    stroke_started(), stroke_moved(ndarray), stroke_finished()
        One press-to-release paint stroke; ``stroke_moved`` carries the vertices the brush
        centre passed, so one stroke can become one undo command.
    """

    hovered = Signal(int)
    stroke_started = Signal()
    stroke_moved = Signal(object)
    stroke_finished = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        # multi_samples=0 and FXAA below: smooth edges at a fraction of MSAA's cost, which matters
        # with software GL, where every hover that moves the brush ring re-renders.
        self.plotter = QtInteractor(self, auto_update=False, multi_samples=0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plotter)
        self.plotter.set_background(_BACKGROUND[0], top=_BACKGROUND[1])
        self.plotter.enable_trackball_style()
        # FXAA set on the renderer: pyvista's enable_anti_aliasing first builds a throwaway render
        # window to ask whether VTK is an EGL build (about 50 ms of every start); a Qt view never is.
        self.plotter.renderer.SetUseFXAA(True)
        self._renderer = self.plotter.renderer  # the view's one renderer: picking reads it per dab
        self.plotter.installEventFilter(self)
        self.body: Body | None = None
        self.drawing: Drawing | None = None
        self.mode = "rotate"
        self.radius = 0.4  # brush radius in body units (dm)
        self._mesh: pv.PolyData | None = None
        self._colour_array = None  # the mesh's VTK colour array and a numpy view of it
        self._colours: np.ndarray | None = None
        self._locator: vtkCellLocator | None = None
        self._face_normals: np.ndarray | None = None
        self._base: np.ndarray | None = None
        self._labels_actor = None
        self._stroking = False
        self._stripped = False  # Ctrl-drag in Paint mode rotates: forward without the modifier
        self._last_pos: QPointF | None = None
        self._ring = pv.PolyData(np.zeros((_RING_POINTS, 3), np.float32),
                                 lines=np.r_[_RING_POINTS + 1, np.arange(_RING_POINTS), 0])
        self._ring_actor = self.plotter.add_mesh(self._ring, color="#1b1b1b", line_width=2.5,
                                                 lighting=False, pickable=False, reset_camera=False)
        self._ring_actor.SetVisibility(False)
        self._markers = pv.PolyData(np.zeros((1, 3), np.float32))
        self._markers_actor = self.plotter.add_points(self._markers, color="#111111", point_size=14,
                                                      render_points_as_spheres=True, pickable=False,
                                                      reset_camera=False)
        self._markers_actor.SetVisibility(False)
        self.legend = None

    def add_legend(self):
        """A :class:`~radviz.qt.view_legend.ViewLegend` strip under the body, following this view's drawing."""
        if self.legend is None:
            self.legend = ViewLegend()
            self.layout().addWidget(self.legend)
            self.legend.follow(self.drawing)
        return self.legend

    # ------------------------------------------------------------------ model
    def set_body(self, body: Body, rgb: np.ndarray) -> None:
        """Show a new body: its geometry replaces the old one inside the same actor."""
        poly = to_polydata(body, rgb)
        # Normals once per body: without them pyvista's smooth shading recomputes them at every
        # render after a recolour (about 30 ms a stroke on the shipped body, more on finer meshes).
        poly.point_data.active_normals = poly.compute_normals(cell_normals=False, split_vertices=False)["Normals"]
        if self._mesh is None:
            self._mesh = poly
            self.plotter.add_mesh(self._mesh, scalars="rgb", rgb=True, smooth_shading=True,
                                  ambient=0.22, diffuse=0.8, specular=0.18, specular_power=18,
                                  show_scalar_bar=False, pickable=True, reset_camera=False)
        else:
            self._mesh.copy_from(poly, deep=True)
        self._colour_array = self._mesh.GetPointData().GetArray("rgb")  # written in place per stroke
        self._colours = vtk_to_numpy(self._colour_array)
        self.body = body
        self._base = np.asarray(rgb, dtype=float)
        v = body.vertices[body.faces]
        fn = np.cross(v[:, 1] - v[:, 0], v[:, 2] - v[:, 0])
        self._face_normals = fn / np.maximum(np.linalg.norm(fn, axis=1, keepdims=True), 1e-12)
        self._locator = vtkCellLocator()  # built once per body: every hover and dab reuses it
        self._locator.SetDataSet(self._mesh)
        self._locator.BuildLocator()
        self._locator.SetUseExistingSearchStructure(True)  # recolouring must not trigger a rebuild per pick
        self.set_view("anterior")

    def set_drawing(self, drawing: Drawing) -> None:
        """Listen to a drawing; its strokes are painted over the current picture."""
        if self.drawing is not None:
            self.drawing.changed.disconnect(self._on_drawing_changed)
        self.drawing = drawing
        drawing.changed.connect(self._on_drawing_changed)
        if self.legend is not None:
            self.legend.follow(drawing)
        self._recolour(np.arange(drawing.n_vertices))

    def set_picture(self, rgb: np.ndarray, markers=(), labels=()) -> None:
        """Replace the picture under the drawing (skin, a root, or all territories).

        ``markers``: vertex ids shown as dots (key points); ``labels``: (vertex, text) pairs.
        """
        self._base = np.asarray(rgb, dtype=float)
        self._set_markers(list(markers))
        self._set_labels(list(labels))
        self._recolour(np.arange(len(self._base)))

    def show_scene(self, scene) -> None:
        """Show a :class:`~radviz.scene.Scene` (body, picture, camera): the on-screen renderer.

        The drawing on top stays the :class:`~radviz.drawing.Drawing` this view listens to, so
        strokes keep recolouring only what they change.
        """
        if self.body is not scene.body:
            self.set_body(scene.body, scene.picture.rgb)
        self.set_picture(scene.picture.rgb, scene.picture.markers, scene.picture.labels)
        self.set_view(scene.camera)

    def _set_markers(self, markers: list[int]) -> None:
        if markers:
            pts = self.body.vertices[markers] + 0.06 * self.body.vertex_normals[markers]
            self._markers.copy_from(pv.PolyData(np.asarray(pts, dtype=np.float32)))  # one dot per marker
        self._markers_actor.SetVisibility(bool(markers))

    def _set_labels(self, labels: list[tuple[int, str]]) -> None:
        if self._labels_actor is not None:  # labels change only with the picture, never per stroke
            self.plotter.remove_actor(self._labels_actor, render=False)
            self._labels_actor = None
        if labels:
            idx = np.array([v for v, _ in labels])
            pts = self.body.vertices[idx] + 0.25 * self.body.vertex_normals[idx]
            self._labels_actor = self.plotter.add_point_labels(
                pts.astype(np.float32), [t for _, t in labels], font_size=11, point_size=1,
                shape_opacity=0.65, shape_color="white", text_color="black", show_points=False,
                always_visible=False, pickable=False, reset_camera=False, render=False)

    def _on_drawing_changed(self, vertices) -> None:
        self._recolour(np.asarray(vertices, dtype=np.int64))

    def _recolour(self, idx: np.ndarray) -> None:
        """Composite the drawing over the picture for ``idx`` and write it into the colour array."""
        if self._mesh is None or len(idx) == 0:
            return
        values = self.drawing.values if self.drawing is not None else None
        self._colours[idx] = colors.composite_uint8(self._base, values, idx)
        self._colour_array.Modified()
        self.plotter.update()  # one frame at the next paint, however many strokes and dabs came before it

    def set_caption(self, text: str) -> None:
        """Text in the view's upper left corner ("" removes it): what a picture means at a glance
        (Exam mode's sensory levels), drawn by VTK so it is in every grab of the view.  Unchanged text
        costs nothing, and a change asks for one frame at the next paint: every change of what the
        view shows calls this (outside Exam mode with ""), and a synchronous software-GL render cost
        about 40 ms each time, on every top-root change while painting."""
        if text == self.caption():
            return
        if text:
            self.plotter.add_text(text, position="upper_left", font_size=9, color="#1b1b1b", name="caption",
                                  render=False)
        else:
            self.plotter.remove_actor("caption", render=False)
        self.plotter.update()

    def caption(self) -> str:
        """The caption on screen ("" when none)."""
        actor = self.plotter.actors.get("caption")
        return actor.GetText(2) if actor is not None else ""  # corner 2: upper left

    def colours(self) -> np.ndarray:
        """The colour array on screen, shape (n_vertices, 3) uint8 (a copy, for tests and export)."""
        return np.array(self._mesh.point_data["rgb"])

    # ------------------------------------------------------------------ camera
    def set_view(self, view: str) -> None:
        """Look from a standard direction (one of :data:`radviz.render.VIEWS`), body framed."""
        if view not in VIEWS:
            raise ValueError(f"unknown view '{view}'; allowed: {', '.join(VIEWS)}")
        if self.body is None:
            return
        self.plotter.camera_position = camera_for(self.body, view)
        self.plotter.reset_camera()
        self.plotter.camera.zoom(1.12)  # reset_camera fits the bounding sphere; the body is slimmer
        self._ring_actor.SetVisibility(False)  # the cursor is no longer over that spot
        self.plotter.render()

    def set_mode(self, mode: str) -> None:
        """'rotate' (mouse turns the camera) or 'paint' (left-drag paints, ring under the cursor)."""
        if mode not in MODES:
            raise ValueError(f"unknown mode '{mode}'; allowed: {', '.join(MODES)}")
        self.mode = mode
        self.plotter.setCursor(Qt.CursorShape.CrossCursor if mode == "paint" else Qt.CursorShape.ArrowCursor)
        if mode == "rotate" and self._ring_actor.GetVisibility():
            self._ring_actor.SetVisibility(False)
            self.plotter.render()

    def set_radius(self, radius: float) -> None:
        """Brush radius in body units (dm), drawn as the ring."""
        self.radius = float(radius)

    # ------------------------------------------------------------------ picking
    def pick(self, x: float, y: float) -> tuple[int, np.ndarray | None, int]:
        """Vertex, hit point and face under widget pixel (x, y); (-1, None, -1) off the body.

        A ray through the pixel meets the cell locator (built once per body); the face corner
        nearest the hit is the vertex, so a hit never snaps across to a touching limb.
        """
        if self._locator is None:
            return -1, None, -1
        ratio = self.plotter.devicePixelRatioF()
        dx, dy = x * ratio, (self.plotter.height() - y - 1) * ratio
        near, far = [0.0] * 4, [0.0] * 4  # the ray's ends (x, y, z, 1): plain floats, one VTK call each
        _to_world(self._renderer, dx, dy, 0.0, near)
        _to_world(self._renderer, dx, dy, 1.0, far)
        t, hit, pcoords, sub, cell = mutable(0.0), [0.0, 0.0, 0.0], [0.0, 0.0, 0.0], mutable(0), mutable(-1)
        if not self._locator.IntersectWithLine(near[:3], far[:3], 1e-6, t, hit, pcoords, sub, cell):
            return -1, None, -1
        corners, at = self.body.faces[cell.get()].tolist(), self.body.vertices.item
        dist = [math.dist((at(k, 0), at(k, 1), at(k, 2)), hit) for k in corners]
        return corners[dist.index(min(dist))], np.asarray(hit), cell.get()

    def project(self, vertex: int) -> QPointF:
        """Widget pixel where a vertex appears (tests aim the mouse with it)."""
        ren = self.plotter.renderer
        ren.SetWorldPoint(*map(float, self.body.vertices[vertex]), 1.0)
        ren.WorldToDisplay()
        dx, dy, _ = ren.GetDisplayPoint()
        ratio = self.plotter.devicePixelRatioF()
        return QPointF(dx / ratio, self.plotter.height() - 1 - dy / ratio)

    def _place_ring(self, hit: np.ndarray | None, cell: int) -> None:
        """Draw the brush ring on the skin around ``hit`` (hidden off the body or in Rotate mode)."""
        show = hit is not None and self.mode == "paint"
        if show:
            n = self._face_normals[cell]
            u = np.cross(n, [0.0, 1.0, 0.0] if abs(n[1]) < 0.9 else [1.0, 0.0, 0.0])
            u /= np.linalg.norm(u)
            w = np.cross(n, u)
            a = np.linspace(0, 2 * np.pi, _RING_POINTS, endpoint=False)
            circle = hit + self.radius * (np.cos(a)[:, None] * u + np.sin(a)[:, None] * w)
            on_skin = np.empty_like(circle)
            closest, cid, sub, d2 = [0.0, 0.0, 0.0], mutable(0), mutable(0), mutable(0.0)
            for k, p in enumerate(circle):  # 48 locator queries: microseconds each
                self._locator.FindClosestPoint(p, closest, cid, sub, d2)
                on_skin[k] = np.asarray(closest) + 0.03 * self._face_normals[int(cid)]
            self._ring.points = on_skin.astype(np.float32)
        if show or self._ring_actor.GetVisibility():
            self._ring_actor.SetVisibility(show)
            self.plotter.update()  # drawn with the stroke's colours in one frame

    # ------------------------------------------------------------------ mouse
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        """Route mouse input: paint strokes are ours, rotation stays with VTK's trackball."""
        if obj is not self.plotter:
            return False
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return True  # VTK's one-letter keys (w, e, q, f...) would restyle or quit; menus own keys
        if kind == QEvent.Type.Leave:
            self.hovered.emit(-1)
            self._place_ring(None, -1)
            return False
        if kind not in _MOUSE:
            return False
        left = event.button() == Qt.MouseButton.LeftButton
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick) and left:
            return self._press(event)
        if kind == QEvent.Type.MouseMove:
            return self._move(event)
        if kind == QEvent.Type.MouseButtonRelease and left:
            return self._release(event)
        return False

    def _press(self, event: QMouseEvent) -> bool:
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if (self.mode == "paint") == ctrl:  # Rotate mode, or Ctrl held in Paint mode
            if ctrl:
                self._stripped = True
                self._forward(event)
                return True
            return False
        self._stroking = True
        self._last_pos = event.position()
        self.stroke_started.emit()
        vertex, hit, cell = self.pick(self._last_pos.x(), self._last_pos.y())
        if vertex >= 0:
            self.stroke_moved.emit(np.array([vertex]))
        self._place_ring(hit, cell)
        return True  # painting never rotates

    def _move(self, event: QMouseEvent) -> bool:
        pos = event.position()
        if self._stroking:
            vertices, hit, cell = self._picks_along(self._last_pos, pos)
            self._last_pos = pos
            if len(vertices):
                self.stroke_moved.emit(vertices)
            self._place_ring(hit, cell)
            return True
        if self._stripped:
            self._forward(event)
            return True
        if event.buttons() != Qt.MouseButton.NoButton:
            return False  # VTK is turning the camera: no picking while it does
        self.hover_at(pos.x(), pos.y())
        return False

    def hover_at(self, x: float, y: float) -> int:
        """Say which vertex is under widget pixel (x, y) and move the brush ring there."""
        vertex, hit, cell = self.pick(x, y)
        self.hovered.emit(vertex)
        self._place_ring(hit, cell)
        return vertex

    def _release(self, event: QMouseEvent) -> bool:
        if self._stroking:
            self._stroking = False
            self.stroke_finished.emit()
            return True
        if self._stripped:
            self._forward(event)
            self._stripped = False
            return True
        return False

    def _picks_along(self, a: QPointF, b: QPointF) -> tuple[np.ndarray, np.ndarray | None, int]:
        """Vertices under evenly spaced pixels from ``a`` to ``b``; the last hit for the ring."""
        d = np.hypot(b.x() - a.x(), b.y() - a.y())
        steps = int(min(max(1, np.ceil(d / _STEP_PX)), 64))
        out, hit, cell = [], None, -1
        for k in range(1, steps + 1):
            f = k / steps
            v, h, c = self.pick(a.x() + f * (b.x() - a.x()), a.y() + f * (b.y() - a.y()))
            if v >= 0:
                if not out or out[-1] != v:
                    out.append(v)
                hit, cell = h, c
        return np.array(out, dtype=np.int64), hit, cell

    def _forward(self, event: QMouseEvent) -> None:
        """Hand a mouse event to VTK without Ctrl (which its trackball reads as 'spin')."""
        plain = QMouseEvent(event.type(), event.position(), event.globalPosition(), event.button(),
                            event.buttons(), Qt.KeyboardModifier.NoModifier)
        getattr(QtInteractor, _MOUSE[event.type()])(self.plotter, plain)

    # ------------------------------------------------------------------ teardown
    def close(self) -> bool:
        """Stop listening to the model and finalise VTK (pyvistaqt's documented shutdown)."""
        if self.drawing is not None:
            self.drawing.changed.disconnect(self._on_drawing_changed)
            self.drawing = None
        if self.legend is not None:
            self.legend.follow(None)
        self.plotter.removeEventFilter(self)
        self.plotter.close()
        return super().close()
