"""ChartView: the body as flat front and back charts, the way pain diagrams are drawn on paper.

One model, two more views: each chart is a :class:`~radviz.qt.body_view.BodyView` locked to one
side with a parallel projection, so painting, erasing, picking and hover are the 3D view's own code.
Both charts follow the window's state and picture; their strokes leave through the 3D view's
signals, so they become the same PaintStroke undo commands.
"""
from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from radviz import pictures
from radviz.exam_picture import levels_caption
from radviz.qt.body_view import BodyView
from radviz.qt.view_legend import ViewLegend
from radviz.render import view_direction
from radviz.scene import picture_for, shown_atlas, territory_name

__all__ = ["FlatView", "ChartView", "legend_entries", "install"]

CHART_SIDES = ("anterior", "posterior")
_MARGIN = 1.04  # parallel scale over half the body's height: a thin frame around the chart
_NO_TURN = dict(left="pan", shift_left="pan", control_left="pan", middle="pan", shift_middle="pan",
                control_middle="pan", right="dolly", shift_right="dolly", control_right="dolly")
_HEADINGS = {"anterior": ("Right", "Front", "Left"), "posterior": ("Left", "Back", "Right")}


def legend_entries(state) -> list[tuple[np.ndarray, str]]:
    """Swatches for the picture ``state`` shows (a root's zones, every territory, an exam's statuses)."""
    return picture_for(state).legend


class FlatView(BodyView):
    """A BodyView that always looks from one side, in parallel projection, and never turns.

    Parameters
    ----------
    side : str
        'anterior' or 'posterior': the chart's fixed direction.
    """

    def __init__(self, side: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.side = side
        self.plotter.enable_custom_trackball_style(**_NO_TURN)  # drag pans, wheel zooms: a chart stays flat
        self.plotter.enable_parallel_projection()

    def set_view(self, view: str | None = None) -> None:
        """Frame the whole body from this chart's side, whatever view is asked (the chart is locked)."""
        super().set_view(self.side)
        if self.body is None:
            return
        extent = np.ptp(self.body.vertices, axis=0)
        aspect = max(self.plotter.width(), 1) / max(self.plotter.height(), 1)
        self.plotter.camera.parallel_scale = _MARGIN * 0.5 * max(extent[1], extent[0] / aspect)
        self.plotter.render()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """Refit on resize, so both charts keep the whole body at one scale."""
        super().resizeEvent(event)
        self.set_view()


class ChartView(QWidget):
    """Front and back charts side by side, a labels switch and a legend.

    Mirrors :class:`BodyView`'s model-facing methods (``set_body``, ``set_drawing``, ``set_picture``,
    ``set_mode``, ``set_radius``) onto both charts, so the window can treat it like one more view.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.charts = {side: FlatView(side) for side in CHART_SIDES}
        self.labels_box = QCheckBox("Labels")
        self.labels_box.setToolTip("Name each root's skin area on the charts (each nerve's, when all nerves are shown)")
        self.legend = ViewLegend()
        self.levels = QLabel()  # Exam mode's sensory levels, NLI and AIS, beside the legend of their colours
        self.levels.setToolTip("The exam's sensory levels (right, left), neurological level of injury and AIS")
        self.levels.setWordWrap(True)
        self.levels.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the window
        self.levels.setContentsMargins(6, 0, 6, 0)
        self.levels.hide()
        row = QHBoxLayout()
        for side, chart in self.charts.items():
            column = QVBoxLayout()
            column.setSpacing(0)
            column.addLayout(self._heading(side))
            column.addWidget(chart, 1)
            row.addLayout(column, 1)
        foot = QHBoxLayout()
        foot.addWidget(self.labels_box, 0, Qt.AlignmentFlag.AlignTop)
        foot.addWidget(self.legend, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        layout.addLayout(row, 1)
        layout.addWidget(self.levels)
        layout.addLayout(foot)

    @staticmethod
    def _heading(side: str) -> QHBoxLayout:
        """'Right  Front  Left': which of the patient's sides lies where on the chart."""
        row = QHBoxLayout()
        row.setContentsMargins(12, 4, 12, 2)
        for k, text in enumerate(_HEADINGS[side]):
            label = QLabel(f"<b style='font-size:15px'>{text}</b>" if k == 1 else f"<span style='color:#555'>{text}</span>")
            label.setAlignment((Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignHCenter, Qt.AlignmentFlag.AlignRight)[k])
            row.addWidget(label, 1)
        return row

    def set_body(self, body, rgb) -> None:
        for chart in self.charts.values():
            chart.set_body(body, rgb)

    def set_drawing(self, drawing) -> None:
        for chart in self.charts.values():
            chart.set_drawing(drawing)
        self.legend.follow(drawing)

    def set_picture(self, rgb, markers=(), labels: dict | None = None) -> None:
        """Show a picture on both charts; ``labels`` maps each side to its (vertex, text) pairs."""
        for side, chart in self.charts.items():
            chart.set_picture(rgb, markers, (labels or {}).get(side, ()))

    def set_caption(self, text: str) -> None:
        """A line under the charts ("" hides it): in a corner of a narrow chart it would cover the body."""
        words = html.escape(text).replace("\n", " &nbsp;·&nbsp; ").replace("  ", " &nbsp;")
        self.levels.setText(f"<b>{words}</b>")
        self.levels.setVisible(bool(text))

    def set_mode(self, mode: str) -> None:
        for chart in self.charts.values():
            chart.set_mode(mode)

    def set_radius(self, radius: float) -> None:
        for chart in self.charts.values():
            chart.set_radius(radius)

    def reset(self) -> None:
        for chart in self.charts.values():
            chart.set_view()

    def close(self) -> bool:
        for chart in self.charts.values():
            chart.close()
        self.charts = {}
        self.legend.follow(None)
        return super().close()


class _ChartSwitch(QObject):
    """Glue between the window's state and its chart: builds it on first use, keeps it in step, closes it.

    The chart is built lazily because two more GL views cost start-up time most sessions never use.
    It follows the window's state events and ``picture_changed``, and sends its strokes into the
    3D view's signals, so they become the same undo commands.
    """

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.chart: ChartView | None = None
        self.action = QAction("2D chart", window)
        self.action.setCheckable(True)
        self.action.setShortcut("C")
        self.action.setToolTip("Switch between the 3D body and flat front and back charts (C)")
        self.action.toggled.connect(self.show_chart)
        events = window.state.events
        events.body.connect(self._body_changed)
        events.drawing.connect(self._drawing_replaced)
        events.tool.connect(self._tool_changed)
        events.camera.connect(self._camera_changed)
        window.picture_changed.connect(self._sync_picture)
        window.brush.radius_changed.connect(self._radius)
        window.view_closed.connect(self._close)

    def _body_changed(self, body) -> None:
        if self.chart is not None:
            self.chart.set_body(body, self.window.picture.rgb)
            self.chart.set_drawing(self.window.drawing)
            self._sync_picture()

    def _drawing_replaced(self, drawing) -> None:
        if self.chart is not None:
            self.chart.set_drawing(drawing)

    def _tool_changed(self, tool: str) -> None:
        if self.chart is not None:
            self.chart.set_mode(tool)

    def _camera_changed(self, _camera: str) -> None:
        if self.chart is not None:
            self.chart.reset()  # 'Reset' and the fixed views re-frame the flat charts

    def _close(self) -> None:
        """Close the charts with the 3D view, then let go of them: Qt owns and deletes the widgets."""
        if self.chart is not None:
            self.chart.close()
        self.chart = None

    def _radius(self, radius: float) -> None:
        if self.chart is not None:
            self.chart.set_radius(radius)

    def _build(self) -> ChartView:
        w = self.window
        chart = ChartView()
        w.add_central(chart)
        chart.set_body(w.body, w.picture.rgb)
        chart.set_drawing(w.drawing)
        chart.set_mode(w.state.tool)
        chart.set_radius(w.view.radius)
        for view in chart.charts.values():
            for name in ("hovered", "stroke_started", "stroke_moved", "stroke_finished"):
                getattr(view, name).connect(getattr(w.view, name))  # one intent path for every view
        chart.labels_box.toggled.connect(self._sync_picture)
        self.chart = chart
        self._sync_picture()
        return chart

    def _sync_picture(self, *_) -> None:
        """The window's current picture on the charts, with per-side labels and the legend."""
        if self.chart is None:
            return
        w = self.window
        # An exam's levels go on the line under the charts: its key point labels would run off a narrow
        # chart's edge, and show on the back chart for a point on the front.
        picture, exam, labels = w.picture, w.state.shown.kind == "exam", {}
        if self.chart.labels_box.isChecked():  # the map the picture shows: dermatomes, or nerves
            atlas = shown_atlas(w.state)
            short = {t.label: territory_name(atlas, n) for n, t in atlas.map.territories.items()}
            labels = {side: [(v, short.get(text, text)) for v, text in
                             pictures.territory_label_vertices(w.body, atlas, facing=view_direction(side))]
                      for side in CHART_SIDES}
        markers = list(picture.markers) + ([v for v, _ in picture.labels] if exam else [])  # the labelled key points
        self.chart.set_picture(picture.rgb, markers, labels)
        self.chart.set_caption(levels_caption(w.state.exam.classification) if exam else "")
        self.chart.legend.set_swatches(picture.legend)

    def show_chart(self, on: bool) -> None:
        """Show the flat charts (True) or the 3D body (False); the fixed views only apply in 3D."""
        if on and self.chart is None:
            self._build()
        if self.chart is not None:
            self.chart.setVisible(on)
        self.window.view.setVisible(not on)
        for action in self.window.view_actions.values():
            action.setEnabled(not on)
        if self.action.isChecked() != on:
            self.action.setChecked(on)


def install(window) -> None:
    """Add the 3D / 2D chart switch at the head of the View menu and the toolbar."""
    switch = _ChartSwitch(window)
    window.chart_switch = switch
    window.add_action("chart", switch.action, "view", toolbar="tools", first=True)
    window.menus["view"].insertSeparator(window.menus["view"].actions()[1])
    window.toolbars["tools"].insertSeparator(window.toolbars["tools"].actions()[1])
