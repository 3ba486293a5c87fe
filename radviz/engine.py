"""One place that assembles the model for a body and a map: atlases, tables and the localizer.

The app, the CLI and the reports all go through :func:`get_engine`, so they give the same answers.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from radviz.atlas import Atlas, available_maps, get_atlas
from radviz.body import Body
from radviz.identity import body_key, same_topology
from radviz.drawing import Drawing, brush
from radviz.findings import Findings
from radviz.localize import LiveScorer, Localizer, Result

__all__ = ["Engine", "get_engine", "body_key", "NERVE_MAP"]

NERVE_MAP = "nerves"
_ENGINES: dict[tuple[str, str], "Engine"] = {}
_MAX_ENGINES = 8


@dataclass
class Engine:
    body: Body
    atlas: Atlas
    nerves: Atlas | None
    myotomes: object | None
    localizer: Localizer

    def locate(self, drawing: Drawing, findings: Findings | None = None) -> Result:
        vertices, values, rows = drawing.mass()
        return self.localizer.score(vertices, values, rows, findings)

    def live(self, drawing: Drawing) -> LiveScorer:
        """A scorer that follows ``drawing`` stroke by stroke (connect it once; it listens)."""
        scorer = LiveScorer(self.localizer)
        vertices = np.flatnonzero(drawing.values.any(axis=0))
        if len(vertices):
            scorer.update(vertices, drawing.values[:, vertices])

        def follow(changed) -> None:
            scorer.update(changed, drawing.values[:, changed])

        drawing.changed.connect(follow)
        scorer.detach = lambda: drawing.changed.disconnect(follow)
        return scorer

    def paint_points(self, drawing: Drawing, vertices, radius: float, symptom: str,
                     intensity: float = 5.0) -> None:
        for v in np.atleast_1d(vertices):
            verts, vals = brush(self.body, int(v), radius, intensity)
            drawing.paint(symptom, verts, vals)


def _load_myotomes():
    try:
        from radviz.atlas.myotomes import load_myotomes
    except ImportError:
        return None
    return load_myotomes()


def get_engine(body: Body, map_name: str = "lee2008") -> Engine:
    """The engine for a body and dermatome map (built once per process; atlases cached on disk)."""
    key = (body_key(body), map_name)
    if key not in _ENGINES and len(_ENGINES) >= _MAX_ENGINES:
        _ENGINES.pop(next(iter(_ENGINES)))  # oldest first: body sliders make a new body per pause
    if key not in _ENGINES:
        from radviz.atlas.patterns import load_patterns
        from radviz.body import default_body

        atlas = get_atlas(body, map_name)
        nerves = get_atlas(body, NERVE_MAP) if NERVE_MAP in available_maps("nerves") else None
        myotomes = _load_myotomes()
        base = default_body()
        if body.base_index is not None and not body.has_anatomy:
            patterns = {k: v[body.base_index] for k, v in load_patterns(base).items()}
        elif same_topology(body, base):  # same topology: same pattern weights per vertex
            patterns = load_patterns(base)
        else:
            patterns = load_patterns(body)
        _ENGINES[key] = Engine(body, atlas, nerves, myotomes,
                               Localizer(body, atlas, myotomes, nerves, patterns))
    return _ENGINES[key]
