"""One camera for several pyvistaqt views in different widgets.

pyvista's ``link_views`` links renderers of one plotter only; these are separate ``QtInteractor``
widgets (two maps side by side, visits compared).  So every renderer shares the first one's
``vtkCamera``, and a render of any view renders the others, guarded so they never ping-pong.
"""
from __future__ import annotations

__all__ = ["CameraLink"]


class CameraLink:
    """Keep ``plotters`` on one camera: turning one turns them all."""

    def __init__(self, plotters: list):
        self.plotters = list(plotters)
        for other in self.plotters[1:]:
            other.renderer.camera = self.plotters[0].renderer.camera
        self._syncing = False
        for source in self.plotters:
            others = [p for p in self.plotters if p is not source]
            source.ren_win.AddObserver("EndEvent", lambda *_, o=others: self._follow(o))

    def _follow(self, others: list) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            for other in others:
                other.render()
        finally:
            self._syncing = False
