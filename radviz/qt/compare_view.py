"""CompareView: two dermatome maps side by side on one camera, with where they disagree.

pyvista's ``link_views`` links renderers of one plotter only, and these are two ``QtInteractor``
widgets: so both renderers share one ``vtkCamera``, and every render of one view renders the
other (guarded, so the two never ping-pong).  The differences come from
:func:`radviz.teach.map_differences`; this view only lists them.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QLabel, QListWidget, QWidget

from radviz import pictures, teach
from radviz.atlas import get_atlas

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
        self._link()

    def _link(self) -> None:
        """One camera for both renderers; a render of either renders the other too."""
        first, second = (v.plotter for v in self.views)
        second.renderer.camera = first.renderer.camera
        self._syncing = False
        for source, other in ((first, second), (second, first)):
            source.ren_win.AddObserver("EndEvent", lambda *_, o=other: self._follow(o))

    def _follow(self, other) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            other.render()
        finally:
            self._syncing = False

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """Finalise both views' VTK before the window goes."""
        for view in self.views:
            view.close()
        super().closeEvent(event)
