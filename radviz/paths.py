"""Where the shipped body and maps live (a source checkout, or inside an installed wheel)."""
from __future__ import annotations

import os
from pathlib import Path

__all__ = ["data_dir", "meshes_dir", "maps_dir", "cache_dir"]

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return ``meshes`` or ``maps``: the checkout's top-level folder, else the wheel's copy."""
    for candidate in (_PACKAGE.parent / name, _PACKAGE / "_data" / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"radviz data folder '{name}' not found next to {_PACKAGE}")


def meshes_dir() -> Path:
    return data_dir("meshes")


def maps_dir() -> Path:
    return data_dir("maps")


def cache_dir() -> Path:
    """Compiled atlases are cached here (``RADVIZ_CACHE`` overrides, for tests).

    The folder is made when possible; when it cannot be (read-only home, ``~/.cache/radviz`` a
    file) the path is still returned: writers there fail with ``OSError`` and say so, readers
    find nothing, and radviz works without a cache.
    """
    root = os.environ.get("RADVIZ_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "radviz")
    path = Path(root)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    return path
