"""How common each explanation is (``maps/priors.yaml``): the priors of the scoring model.

Rates are new cases per 100,000 people per year for both sides together; each side's hypothesis
gets half.  Only ratios matter.  Every number names its source in the data file.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from radviz.atlas.schema import read_yaml
from radviz.errors import InputError
from radviz.paths import maps_dir

__all__ = ["Priors", "load_priors"]

SCHEMA = "radviz-priors/1"


@dataclass(frozen=True)
class Priors:
    """Rates per 100,000 per year (both sides together)."""

    roots: dict[str, float]
    nerves: dict[str, float]
    patterns: dict[str, float]
    pair_share: float
    sources: dict[str, str]

    def root(self, name: str) -> float:
        return self.roots.get(name, min(self.roots.values()))

    def nerve(self, name: str) -> float:
        return self.nerves.get(name, self.nerves["default"])


def _rates(path: Path, raw: dict, group: str, sources: dict) -> dict[str, float]:
    entries = raw.get(group)
    if not isinstance(entries, dict) or not entries:
        raise InputError(path, group, "expected a mapping of names to {rate, source}")
    out = {}
    for name, entry in entries.items():
        place = f"{group}.{name}"
        if not isinstance(entry, dict):
            raise InputError(path, place, "expected {rate: number, source: name}")
        rate = entry.get("rate")
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 < rate < 1e6:
            raise InputError(path, f"{place}.rate", f"expected a positive number of cases, got {rate!r}")
        for src in str(entry.get("source", "")).split(";"):
            if src.strip() not in sources:
                raise InputError(path, f"{place}.source", f"unknown source {src.strip()!r}; "
                                                          f"allowed: {', '.join(sources)}")
        out[str(name)] = float(rate)
    return out


def load_priors(path: str | Path | None = None) -> Priors:
    """Read and check ``maps/priors.yaml``; errors name the file, the key and the problem."""
    path = Path(path) if path else maps_dir() / "priors.yaml"
    raw, _ = read_yaml(path)
    if not isinstance(raw, dict) or raw.get("schema") != SCHEMA:
        raise InputError(path, "schema", f"expected {SCHEMA!r}")
    sources = raw.get("sources")
    if not isinstance(sources, dict) or not sources:
        raise InputError(path, "sources", "expected a mapping of short names to references")
    nerves = _rates(path, raw, "nerves", sources)
    if "default" not in nerves:
        raise InputError(path, "nerves.default", "needs a rate for nerves the file does not list")
    patterns = _rates(path, raw, "patterns", sources)
    for name in ("polyneuropathy", "spinal_cord", "not_anatomical"):
        if name not in patterns:
            raise InputError(path, f"patterns.{name}", "missing")
    pair = _rates(path, {"pair": {"share": raw.get("pair_share")}}, "pair", sources)["share"] \
        if isinstance(raw.get("pair_share"), dict) else None
    if pair is None or pair >= 1:
        raise InputError(path, "pair_share", "expected {rate: share below 1, source: name}")
    return Priors(_rates(path, raw, "roots", sources), nerves, patterns, pair, dict(sources))
