"""CompareView: two dermatome maps side by side on one camera, with where they disagree.

The two views share one camera (:class:`radviz.qt.camera_link.CameraLink`).  The differences come
from :func:`radviz.teach.map_differences`; this view only lists them.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QLabel, QListWidget, QWidget

from radviz import pictures, teach
from radviz.atlas import get_atlas
from radviz.qt.camera_link import CameraLink

__all__ = ["CompareView"]


class CompareView(QWidget):
    """Two maps on the same body, turning together.

    Parameters
    ----------
    body : Body
    maps : (str, str)
        Dermatome map names (default: Lee 2008 and Keegan 1948, the two the literature contrasts).
    tone : str
        Skin tone under the territories.
    """

    def __init__(self, body, maps=("lee2008", "keegan1948"), tone: str = "fair",
                 parent: QWidget | None = None):
        from radviz.qt.body_view import BodyView

        super().__init__(parent)
        self.setWindowTitle("Two dermatome maps side by side")
        atlases = [get_atlas(body, m) for m in maps]
        self.views = [BodyView(), BodyView()]
        grid = QGridLayout(self)
        for col, (view, atlas) in enumerate(zip(self.views, atlases)):
            title = QLabel(f"<b>{atlas.map.name}</b> — {atlas.map.title}", font=QFont("Sans", 13),
                           alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
            grid.addWidget(title, 0, col)
            grid.addWidget(view, 1, col)
            view.set_body(body, pictures.all_roots_picture(body, atlas, tone))
            view.set_picture(pictures.all_roots_picture(body, atlas, tone),
                             labels=pictures.territory_label_vertices(body, atlas))
        self.differences = QListWidget(wordWrap=True, alternatingRowColors=True)
        self.differences.addItems([d["text"] for d in teach.map_differences(*atlases, body=body)])
        grid.addWidget(QLabel("<b>Where they differ</b>"), 2, 0, 1, 2)
        grid.addWidget(self.differences, 3, 0, 1, 2)
        grid.setRowStretch(1, 3)
        grid.setRowStretch(3, 1)
        self.camera_link = CameraLink([v.plotter for v in self.views])  # one camera, turning together

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """Finalise both views' VTK before the window goes."""
        for view in self.views:
            view.close()
        super().closeEvent(event)
