"""A body's identity by content, never by object address or object identity.

Caches of compiled maps, key points and engines are keyed by what a body *is* (its vertices and
faces), so a new body never inherits what was computed for a collected one that happened to reuse
its address, and a reshaped copy of the shipped body is recognised by its faces' values.
"""
from __future__ import annotations

import hashlib

import numpy as np

__all__ = ["body_key", "same_topology"]


def body_key(body) -> str:
    """A digest of the body's geometry and topology (and whether its maps are carried over)."""
    digest = hashlib.blake2b(digest_size=16)
    for array in (body.vertices, body.faces):
        digest.update(np.ascontiguousarray(array).tobytes())
    digest.update(f"{body.base_index is not None}:{body.has_anatomy}".encode())
    return digest.hexdigest()


def same_topology(body, base) -> bool:
    """A reshaped base body: the base's faces, vertex for vertex (compared by value)."""
    return body.n_vertices == base.n_vertices and np.array_equal(body.faces, base.faces)
