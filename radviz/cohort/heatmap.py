"""The cohort heat map: share of people with symptoms at each skin point, front and back.

The body is rendered off-screen (``radviz.render``, no display needed) with each vertex coloured
by a perceptually uniform colour map, so equal steps in share look like equal steps in colour; the
colour bar, the number of drawings and the most frequent top-1 roots are laid out with matplotlib's
Agg canvas (no GUI backend).
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from radviz.body import Body

__all__ = ["COLOUR_MAP", "share_colours", "colour_scale_top", "write_heatmap"]

COLOUR_MAP = "viridis"
"""matplotlib's perceptually uniform map; also readable in grey and by most colour-blind readers."""


def colour_scale_top(share: np.ndarray) -> float:
    """The top of the colour scale: the highest share rounded up to 5 %, so the hottest spot is bright."""
    top = float(np.max(share, initial=0.0))
    return max(0.05, np.ceil(top * 20 - 1e-9) / 20)


def share_colours(share: np.ndarray, top: float) -> np.ndarray:
    """Per-vertex RGB (0..1), shape (n_vertices, 3), of shares on a 0..``top`` scale."""
    from matplotlib import colormaps

    return colormaps[COLOUR_MAP](np.clip(share / top, 0.0, 1.0))[:, :3]


def _render_body(body: Body, rgb: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    from radviz.render import render_panels

    panels = [{"rgb": rgb, "view": "anterior"}, {"rgb": rgb, "view": "posterior"}]
    return render_panels(body, panels, size, (1, 2))


def write_heatmap(path: str | Path, body: Body, share: np.ndarray, n_drawings: int, what: str,
                  top_roots: list[tuple[str, str, int]], size: tuple[int, int] = (1400, 1250)) -> Path:
    """Render and write the heat map PNG (atomically).

    ``share`` : array, shape (n_vertices,), 0..1; ``what`` names the symptoms counted;
    ``top_roots`` : (root, side, count) rows, most frequent first (the first five are listed).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize
    from matplotlib.figure import Figure

    from radviz.files import write_atomic

    top = colour_scale_top(share)
    width, height = size
    image = _render_body(body, share_colours(share, top), (int(width * 0.86), int(height * 0.84)))
    fig = Figure(figsize=(width / 100, height / 100), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.01, 0.09, 0.86, 0.84))
    ax.imshow(image)
    ax.set_axis_off()
    h, w = image.shape[:2]
    for x, text in ((0.03, "R"), (0.47, "L"), (0.53, "L"), (0.97, "R")):  # the subject's sides
        ax.text(x * w, 0.97 * h, text, ha="center", fontsize=13, color="0.35")
    for x, text in ((0.25, "Front"), (0.75, "Back")):
        ax.text(x * w, 0.03 * h, text, ha="center", fontsize=14)
    cax = fig.add_axes((0.89, 0.2, 0.025, 0.62))
    bar = fig.colorbar(ScalarMappable(Normalize(0, 100 * top), COLOUR_MAP), cax=cax)
    bar.set_label(f"% of people with {what} here")
    people = "drawing" if n_drawings == 1 else "drawings"
    fig.text(0.5, 0.965, f"Where people have {what}: share of {n_drawings:,} {people}", ha="center", fontsize=17)
    listed = ", ".join(f"{root} {side} {count:,} ({100 * count / max(n_drawings, 1):.0f} %)"
                       for root, side, count in top_roots[:5])
    fig.text(0.5, 0.045, f"Most frequent top-1 root: {listed}" if listed else "No drawing has a root that fits",
             ha="center", fontsize=12)
    fig.text(0.5, 0.015, "radviz explains and teaches; it does not diagnose.", ha="center", fontsize=9, color="0.4")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return write_atomic(path, buffer.getvalue(), create_folder=False)
