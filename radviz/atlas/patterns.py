"""Non-radicular skin patterns (e.g. the length-dependent 'stocking-glove' template) from data."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from radviz.anatomy import compute_coords
from radviz.atlas.compiler import piece_mask
from radviz.atlas.schema import _Ctx, _expect, _number, _piece, read_yaml
from radviz.body import Body
from radviz.errors import InputError
from radviz.paths import maps_dir

__all__ = ["load_patterns", "REGION"]

REGION = "region."  # key prefix of the named skin regions (weight 1 inside)


def load_patterns(body: Body, path: str | Path | None = None) -> dict[str, np.ndarray]:
    """Per-vertex weight (0..1, both sides) of each pattern and region in ``maps/patterns.yaml``."""
    path = Path(path) if path else maps_dir() / "patterns.yaml"
    ctx = _Ctx(str(path))
    raw, _ = read_yaml(path)
    if not isinstance(raw, dict) or raw.get("schema") != "radviz-patterns/1":
        raise InputError(path, "schema", "expected 'radviz-patterns/1'")
    coords = compute_coords(body)
    landmarks = set(body.landmarks) | set(body.joints)
    out = {}
    patterns = _expect(ctx, raw.get("patterns") or {}, dict, "patterns", "a mapping of name to pattern")
    for name, pattern in patterns.items():
        weights = np.zeros(body.n_vertices)
        _expect(ctx, pattern, dict, f"patterns.{name}", "a mapping with 'bands'")
        for k, band in enumerate(_expect(ctx, pattern.get("bands", []), list, f"patterns.{name}.bands", "a list")):
            place = f"patterns.{name}.bands[{k}]"
            _expect(ctx, band, dict, place, "a mapping with weight and pieces")
            w = _number(ctx, band.get("weight"), f"{place}.weight")
            if not 0 <= w <= 1:
                raise InputError(path, f"{place}.weight", f"weights are shares in 0..1, got {w}")
            for j, raw_piece in enumerate(_expect(ctx, band.get("pieces", []), list, f"{place}.pieces", "a list")):
                mask = piece_mask(_piece(ctx, raw_piece, f"{place}.pieces[{j}]", landmarks), coords, body)
                weights[mask] = np.maximum(weights[mask], w)
        out[str(name)] = weights
    regions = _expect(ctx, raw.get("regions") or {}, dict, "regions", "a mapping of name to region")
    for name, region in regions.items():
        mask = np.zeros(body.n_vertices, dtype=bool)
        _expect(ctx, region, dict, f"regions.{name}", "a mapping with 'pieces'")
        for j, raw_piece in enumerate(_expect(ctx, region.get("pieces", []), list, f"regions.{name}.pieces", "a list")):
            mask |= piece_mask(_piece(ctx, raw_piece, f"regions.{name}.pieces[{j}]", landmarks), coords, body)
        out[f"{REGION}{name}"] = mask.astype(float)
    return out
