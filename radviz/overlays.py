"""One colour array per body, composited from layers and updated in place (after MNE's LayeredMesh).

The base layer is the skin with whatever territories are shown; the drawing sits on top.  A stroke
recomposites only the vertices it changed, so a click costs the same on a 13k or a 1M body.
"""
from __future__ import annotations

import numpy as np

from radviz.colors import drawing_rgb
from radviz.drawing import SYMPTOMS

__all__ = ["LayeredColours"]


class LayeredColours:
    """Final per-vertex RGB (uint8, shape (n, 3)) = base layer, then the drawing over it."""

    def __init__(self, base_rgb: np.ndarray):
        self.base = np.asarray(base_rgb, dtype=np.float32)
        self.rgb = np.empty((len(self.base), 3), dtype=np.uint8)
        self._values = np.zeros((len(SYMPTOMS), len(self.base)), dtype=np.float32)
        self._composite(slice(None))

    def set_base(self, base_rgb: np.ndarray) -> None:
        """Replace the base layer (a new highlight): the only full recomposite."""
        self.base = np.asarray(base_rgb, dtype=np.float32)
        self._composite(slice(None))

    def set_drawing(self, values: np.ndarray, vertices: np.ndarray | None = None) -> None:
        """Take drawing intensities (3, n) at ``vertices`` (all when None) and recomposite them."""
        where = slice(None) if vertices is None else np.asarray(vertices, dtype=np.int64)
        self._values[:, where] = values[:, where]
        self._composite(where)

    def _composite(self, where) -> None:
        layers = {name: self._values[k, where] for k, name in enumerate(SYMPTOMS)}
        rgb = drawing_rgb(self.base[where], layers)
        self.rgb[where] = np.clip(rgb * 255.0 + 0.5, 0, 255).astype(np.uint8)
