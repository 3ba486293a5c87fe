"""The trend plot of a patient's visits, drawn with matplotlib (Qt-free; one picture for app and report).

Three panels share the visit axis: painted area per symptom (cm^2, with % of skin on the right),
mean and peak intensity per symptom, and the leading roots' scores.  matplotlib is imported here,
on first use only: the app's start and ``radviz locate`` need not pay for it.
"""
from __future__ import annotations

import io

import numpy as np

from radviz.colors import SYMPTOM_COLOURS
from radviz.drawing import SYMPTOMS
from radviz.visits import VisitTrends

__all__ = ["trend_figure", "trend_png", "trend_rgb", "MAX_ROOT_LINES", "MAX_DATE_LABELS"]

MAX_ROOT_LINES = 6
"""Roots drawn in the scores panel, highest peak first: more lines than this are not read."""
MAX_DATE_LABELS = 12
"""Dates written under the visit axis; with more visits every k-th one is (a year of weekly visits)."""


def _ticks(trends: VisitTrends) -> tuple[np.ndarray, list[str]]:
    step = -(-len(trends.dates) // MAX_DATE_LABELS)
    at = np.arange(0, len(trends.dates), step)
    return at, [f"{k + 1}\n{trends.dates[k]}" for k in at]


def trend_figure(trends: VisitTrends, size: tuple[int, int] = (900, 900), dpi: int = 100):
    """A matplotlib ``Figure`` (Agg canvas attached) of the trends; size in pixels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(size[0] / dpi, size[1] / dpi), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    area_ax, level_ax, root_ax = fig.subplots(3, 1, sharex=True)
    x = np.arange(len(trends.dates))
    total_cm2 = trends.area_cm2
    skin_cm2 = float(total_cm2.max() / trends.skin_percent.max() * 100) if trends.skin_percent.max() > 0 else 0.0
    for name in SYMPTOMS:
        colour = SYMPTOM_COLOURS[name]
        area = [s[name]["area_cm2"] for s in trends.summaries]
        area_ax.plot(x, area, "o-", color=colour, label=name)
        painted = np.array(area) > 0  # an unpainted symptom has no intensity: a gap, not a zero
        for key, style, alpha in (("mean", "o-", 1.0), ("peak", "^--", 0.7)):
            level = np.where(painted, [s[name][key] for s in trends.summaries], np.nan)
            level_ax.plot(x, level, style, color=colour, alpha=alpha, label=f"{name} {key}")
    area_ax.plot(x, total_cm2, "s:", color="0.3", label="any symptom")
    area_ax.set_ylabel("painted area (cm²)")
    area_ax.set_ylim(bottom=0, top=max(1.0, float(total_cm2.max()) * 1.15))
    if skin_cm2 > 0:
        area_ax.secondary_yaxis("right", functions=(lambda a: 100 * a / skin_cm2, lambda p: p * skin_cm2 / 100)
                                ).set_ylabel("% of skin")
    area_ax.legend(loc="upper left", fontsize=8, ncols=4)
    area_ax.set_title("Painted area")
    level_ax.set_ylabel("intensity (0–10)")
    level_ax.set_ylim(0, 10.5)
    level_ax.legend(loc="upper left", fontsize=7, ncols=3)
    level_ax.set_title("Mean (solid) and peak (dashed) intensity on the painted skin")
    for (root, side), scores in zip(trends.roots.roots[:MAX_ROOT_LINES], trends.roots.scores):
        root_ax.plot(x, scores, "o-", label=f"{root} {side}")
    root_ax.set_ylabel("score (0–1)")
    root_ax.set_ylim(0, 1.0)
    root_ax.set_title("Leading roots' scores" if trends.roots.roots else "Leading roots' scores (nothing painted)")
    if trends.roots.roots:
        root_ax.legend(loc="upper left", fontsize=8, ncols=3)
    root_ax.set_xticks(*_ticks(trends), fontsize=8)
    root_ax.set_xlabel("visit")
    root_ax.set_xlim(-0.3, max(len(x) - 1, 0) + 0.3)
    for ax in (area_ax, level_ax, root_ax):
        ax.grid(alpha=0.3)
    return fig


def trend_png(trends: VisitTrends, size: tuple[int, int] = (900, 900)) -> bytes:
    """The trend plot as PNG bytes (for the report and ``docs/trends.png``)."""
    buffer = io.BytesIO()
    trend_figure(trends, size).savefig(buffer, format="png")
    return buffer.getvalue()


def trend_rgb(trends: VisitTrends, size: tuple[int, int] = (900, 900)) -> np.ndarray:
    """The trend plot as an RGB array, shape (height, width, 3), uint8 (for the app's panel)."""
    fig = trend_figure(trends, size)
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[:, :, :3].copy()
