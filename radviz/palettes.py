"""colorcet's palettes as hex lists, kept in the cache folder so the app need not import colorcet.

colorcet is one 800 kB module that, on import, builds and registers hundreds of matplotlib colour
maps: about 14 MB and 0.6 s at every app start, for the four lists radviz reads.  The first use
reads them from colorcet and writes them to ``colorcet-<version>.json`` in
:func:`radviz.paths.cache_dir`; later starts read that file.  A file that is missing, damaged or
written for other palettes is ignored and rewritten; without a writable cache colorcet is read
each time.  The colours are colorcet's own, unchanged.
"""
from __future__ import annotations

import json
import re
from functools import cache

from radviz.errors import InputError, OutputError
from radviz.files import read_bounded, write_atomic
from radviz.paths import cache_dir

__all__ = ["palette", "PALETTES"]

PALETTES = ("glasbey", "kb", "kr", "fire")
"""The colorcet palettes radviz reads (Glasbey categorical hues, the symptom ramps)."""

_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_MAX_BYTES = 1 << 20


def palette(name: str) -> list[str]:
    """colorcet palette ``name`` as '#rrggbb' strings (from the cache for :data:`PALETTES`)."""
    if name not in PALETTES:
        return list(getattr(_colorcet(), name))
    return _palettes()[name]


def _colorcet():
    import colorcet  # only when no cached copy serves: see the module docstring

    return colorcet


@cache
def _palettes() -> dict[str, list[str]]:
    path = _cache_path()
    kept = _read(path) if path is not None else None
    if kept is not None:
        return kept
    fresh = {name: list(getattr(_colorcet(), name)) for name in PALETTES}
    if path is not None:
        try:
            write_atomic(path, json.dumps(fresh))
        except OutputError:
            pass  # no writable cache: read colorcet again next time
    return fresh


def _cache_path():
    from importlib.metadata import PackageNotFoundError, version  # here: ``radviz locate`` never needs it

    try:
        return cache_dir() / f"colorcet-{version('colorcet')}.json"
    except PackageNotFoundError:
        return None


def _read(path) -> dict[str, list[str]] | None:
    """The cached palettes when the file holds exactly :data:`PALETTES` as hex lists, else None."""
    try:
        data = json.loads(read_bounded(path, _MAX_BYTES, "palette cache"))
    except (InputError, ValueError, RecursionError):
        return None
    ok = isinstance(data, dict) and sorted(data) == sorted(PALETTES) and all(
        isinstance(v, list) and v and all(isinstance(c, str) and _HEX.fullmatch(c) for c in v)
        for v in data.values())
    return data if ok else None
