"""The on-disk cache of compiled atlases: trusted only after it is checked.

Layout (``docs/limits.md``): one ``atlas-<map>-<key>.npz`` per map and body in the cache folder
(:func:`radviz.paths.cache_dir`).  ``key`` hashes the compiler version, the map file's sha256, the
body's vertices, faces and landmarks.  Besides the arrays each entry stores ``meta``, a JSON text
naming what it was built from (format, compiler version, map name and digest, body key, vertex
count) and the sha256 of its arrays.  An entry is used only when the file is a regular file within
the size limit, its meta matches what is asked for, its checksum matches and its arrays are
consistent (sparse structure, weights in 0..1, vertex indices in range); otherwise it is rebuilt.
A cache folder that cannot be made or written costs only speed: one warning, never a failure.
"""
from __future__ import annotations

import hashlib
import io
import json
import sys
from pathlib import Path

import numpy as np

from radviz.errors import InputError
from radviz.files import short, write_atomic
from radviz.npzfile import read_npz
from radviz.paths import cache_dir

__all__ = ["FORMAT", "MAX_ENTRY_BYTES", "entry_path", "load_entry", "save_entry", "checksum"]

FORMAT = "radviz-atlas-cache/2"
MAX_ENTRY_BYTES = 400_000_000
"""A cache entry whose arrays would inflate beyond this is ignored (and rebuilt)."""

_ARRAYS = ("names", "data", "indices", "indptr", "shape", "labels", "kp_name", "kp_side", "kp_vertex",
           "unclaimed")
_warned: set[str] = set()


def _warn(kind: str, message: str) -> None:
    """Say once per process and kind that the cache is not used (speed only; answers are unchanged)."""
    if kind not in _warned:
        _warned.add(kind)
        print(f"radviz: warning: {message}", file=sys.stderr)


def entry_path(map_name: str, key: str) -> Path:
    """The entry's file: the map's name (letters, digits, '-', '_' only; else dropped) and the key."""
    safe = "".join(c for c in map_name if c.isascii() and (c.isalnum() or c in "-_"))[:40] or "map"
    return cache_dir() / f"atlas-{safe}-{key}.npz"


def checksum(arrays: dict[str, np.ndarray]) -> str:
    """sha256 over every array's name, dtype, shape and bytes, in a fixed order."""
    h = hashlib.sha256()
    for name in _ARRAYS:
        a = np.ascontiguousarray(arrays[name])
        h.update(f"{name}|{a.dtype.str}|{a.shape}|".encode())
        h.update(a.tobytes())
    return h.hexdigest()


def load_entry(path: Path, meta: dict, territories: list[str], sides: tuple[str, ...]) -> dict | None:
    """The arrays of a valid entry built from ``meta``, or None (missing, stale, damaged, tampered)."""
    if not path.exists():
        return None
    try:
        arrays = read_npz(path, MAX_ENTRY_BYTES, "cache entry")
        stored = json.loads(str(arrays.pop("meta")))
        if not isinstance(stored, dict) or stored != dict(meta, checksum=stored.get("checksum")):
            raise ValueError("it was built from other inputs")
        if stored["checksum"] != checksum(arrays):
            raise ValueError("its checksum does not match: it was altered")
        _check_consistent(arrays, int(meta["n_vertices"]), territories, sides)
    except (InputError, KeyError, ValueError, TypeError, AttributeError, RecursionError) as exc:
        reason = getattr(exc, "reason", None) or str(exc)
        _warn(str(path), f"ignoring atlas cache entry {path.name}: {short(reason, 100)}; rebuilding it")
        return None
    return arrays


def _check_consistent(a: dict, n_vertices: int, territories: list[str], sides: tuple[str, ...]) -> None:
    """Raise ValueError unless the arrays form the atlas they claim to (no NaN, no index out of range)."""
    n_cols = len(territories) * len(sides)
    if [str(x) for x in a["names"]] != territories:
        raise ValueError("territories differ from the map's")
    if a["shape"].tolist() != [n_vertices, n_cols]:
        raise ValueError("shape differs from the body and map")
    data, indices, indptr = a["data"], a["indices"], a["indptr"]
    if data.dtype.kind != "f" or indices.dtype.kind not in "iu" or indptr.dtype.kind not in "iu":
        raise ValueError("wrong array types")
    if indptr.shape != (n_vertices + 1,) or indptr[0] != 0 or indptr[-1] != len(data) \
            or len(indices) != len(data) or np.any(np.diff(indptr) < 0):
        raise ValueError("the sparse structure is broken")
    if len(indices) and (indices.min() < 0 or indices.max() >= n_cols):
        raise ValueError("a column index is out of range")
    if not np.all(np.isfinite(data)) or len(data) and (data.min() < 0 or data.max() > 1):
        raise ValueError("weights are not shares in 0..1")
    labels = a["labels"]
    if labels.shape != (n_vertices,) or labels.dtype.kind not in "iu" \
            or len(labels) and (labels.min() < -1 or labels.max() >= len(territories)):
        raise ValueError("labels are out of range")
    kv = a["kp_vertex"]
    if kv.dtype.kind not in "iu" or len(kv) != len(a["kp_name"]) or len(kv) != len(a["kp_side"]) \
            or len(kv) and (kv.min() < 0 or kv.max() >= n_vertices) \
            or not set(map(str, a["kp_name"])) <= set(territories) or not set(map(str, a["kp_side"])) <= set(sides):
        raise ValueError("key points are out of range")


def save_entry(path: Path, arrays: dict[str, np.ndarray], meta: dict) -> None:
    """Write an entry atomically with its meta and checksum; failure is a warning only."""
    full = dict(arrays, meta=np.array(json.dumps(dict(meta, checksum=checksum(arrays)), sort_keys=True)))
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **full)
    try:
        write_atomic(path, buffer.getvalue())
    except OSError as exc:
        _warn("write", f"cannot write the atlas cache ({exc}); maps are compiled again on every start")
