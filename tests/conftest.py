"""Shared fixtures: the shipped body and compiled maps, loaded once per test session."""
from __future__ import annotations

import os
import tempfile

import numpy as np
import pytest

# Compiled atlases go to a cache private to this test run (never the user's cache).
os.environ.setdefault("RADVIZ_CACHE", tempfile.mkdtemp(prefix="radviz-test-cache-"))


@pytest.fixture(scope="session")
def body():
    from radviz.body import default_body

    return default_body()


@pytest.fixture(scope="session")
def coords(body):
    from radviz.anatomy import compute_coords

    return compute_coords(body)


@pytest.fixture(scope="session")
def lee(body):
    from radviz.atlas import get_atlas

    return get_atlas(body, "lee2008")


@pytest.fixture(scope="session")
def engine(body):
    from radviz.engine import get_engine

    return get_engine(body, "lee2008")


def region_points(body, coords, side="left", k=4, seed=0, **spec):
    """Base-frame points on skin described anatomically (segment, t, angle, digit, level).

    Tests describe clinical cases in anatomical words, independent of how the maps encode them.
    """
    from radviz.atlas.compiler import piece_mask
    from radviz.atlas.schema import Piece

    segs = spec.pop("segment")
    piece = Piece(segments=tuple(segs if isinstance(segs, list) else [segs]),
                  digits=tuple(spec["digit"]) if isinstance(spec.get("digit"), list) else
                  ((spec["digit"],) if "digit" in spec else None),
                  t=tuple(spec["t"]) if "t" in spec else None,
                  angle=tuple(spec["angle"]) if "angle" in spec else None,
                  level=tuple(spec["level"]) if "level" in spec else None)
    mask = piece_mask(piece, coords, body) & (body.side * (1 if side == "left" else -1) > 0)
    idx = np.flatnonzero(mask)
    assert len(idx), f"no skin matches {spec}"
    rng = np.random.default_rng(seed)
    chosen = rng.choice(idx, size=min(k, len(idx)), replace=False)
    return [body.vertices[v] for v in chosen]
