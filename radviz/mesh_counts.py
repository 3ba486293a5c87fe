"""How many vertices and triangles a mesh file declares, found without parsing it.

Parsing a text mesh with trimesh costs many times the file's size in memory, so the counts are
read first (headers for PLY, OFF, binary STL and glTF; a streamed line scan for OBJ and ASCII STL)
and a mesh over the limits is refused before it is parsed.  Counts are upper-bound estimates where
the format leaves them open (an OBJ polygon of k corners counts k - 2 triangles).
"""
from __future__ import annotations

import json
import os
import re
import struct
from pathlib import Path

from radviz.errors import InputError
from radviz.files import open_regular

__all__ = ["declared_counts"]

_CHUNK = 1 << 20
_HEADER_BYTES = 65_536


def declared_counts(path: str | Path) -> tuple[int, int]:
    """``(vertices, triangles)`` the file at ``path`` declares; ``(0, 0)`` when the format hides them."""
    path = Path(path)
    suffix = path.suffix.lower()
    fd = open_regular(path)
    with os.fdopen(fd, "rb") as fh:
        if suffix == ".obj":
            return _obj_counts(fh, path)
        head = fh.read(_HEADER_BYTES)
        if suffix == ".ply":
            return _ply_counts(head)
        if suffix == ".off":
            return _off_counts(head)
        if suffix == ".stl":
            if head[:5].lower() == b"solid" and b"facet" in head[:1000]:  # ASCII STL
                fh.seek(0)
                facets = _count_word(fh, b"facet normal")
                return 3 * facets, facets
            if len(head) >= 84:
                n = struct.unpack("<I", head[80:84])[0]
                return 3 * n, n
            return 0, 0
        if suffix == ".glb":
            return _glb_counts(head)
        if suffix == ".gltf":
            return _gltf_counts(path, head, fh)
    return 0, 0


def _obj_counts(fh, path: Path) -> tuple[int, int]:
    """Vertices and triangles of an OBJ, streamed: faces count their corners beyond the first two.

    The scan also finds what would make the parser fail with an index error instead of a sentence: a
    vertex without three coordinates, a face with fewer than three corners, a corner past the last vertex.
    """
    vertices = triangles = number = 0
    highest = (0, 0)  # (vertex index, line): the furthest any face refers to
    tail = b""
    while True:
        block = fh.read(_CHUNK)
        if not block:
            lines = [tail] if tail else []
        else:
            block = tail + block
            cut = block.rfind(b"\n")
            if cut < 0:
                tail = block
                continue
            lines, tail = block[:cut].split(b"\n"), block[cut + 1:]
        for line in lines:
            number += 1
            if line[:2] == b"v ":
                vertices += 1
                if len(line.split(b"#", 1)[0].split()) < 4:
                    raise InputError(path, f"line {number}", "a vertex needs three coordinates (v x y z)")
            elif line[:2] == b"f ":
                corners = line.split(b"#", 1)[0].split()[1:]
                if len(corners) < 3:
                    raise InputError(path, f"line {number}", "a face needs at least three corners")
                triangles += len(corners) - 2
                highest = max(highest, (_highest_corner(corners, path, number), number))
        if not block:
            if highest[0] > vertices:
                raise InputError(path, f"line {highest[1]}", f"a face refers to vertex {highest[0]}, but the "
                                                             f"file has {vertices} vertices")
            return vertices, triangles


def _highest_corner(corners: list[bytes], path: Path, number: int) -> int:
    """The largest vertex number among a face's corners (``7``, ``7/2``, ``7//3``; negative ones count back)."""
    try:
        return max(int(c.split(b"/", 1)[0]) for c in corners)
    except ValueError:
        raise InputError(path, f"line {number}", "a face corner is not a vertex number") from None


def _count_word(fh, word: bytes) -> int:
    """Occurrences of ``word`` in a stream, read in chunks (a word across a seam counts once)."""
    count, tail = 0, b""
    while True:
        block = fh.read(_CHUNK)
        if not block:
            return count
        block = tail + block
        tail = block[-len(word):]
        count += block.count(word) - tail.count(word)


def _ply_counts(head: bytes) -> tuple[int, int]:
    text = head.split(b"end_header", 1)[0].decode("ascii", errors="replace")
    found = dict(re.findall(r"element\s+(\w+)\s+(\d+)", text))
    return int(found.get("vertex", 0)), int(found.get("face", 0))  # polygons: the parsed count is checked too


def _off_counts(head: bytes) -> tuple[int, int]:
    lines = [ln.split(b"#", 1)[0].strip() for ln in head.splitlines()]
    lines = [ln for ln in lines if ln]
    if not lines:
        return 0, 0
    first = lines[0]
    numbers = first[3:].split() if first.upper().startswith(b"OFF") else []
    if len(numbers) < 2 and len(lines) > 1:
        numbers = lines[1].split()
    try:
        return int(numbers[0]), int(numbers[1])
    except (IndexError, ValueError):
        return 0, 0


def _gltf_json_counts(doc) -> tuple[int, int]:
    if not isinstance(doc, dict):
        return 0, 0
    accessors = doc.get("accessors") or []
    vertices = triangles = 0
    for mesh in doc.get("meshes") or []:
        for prim in (mesh.get("primitives") or []) if isinstance(mesh, dict) else []:
            if not isinstance(prim, dict):
                continue
            position = (prim.get("attributes") or {}).get("POSITION")
            count = _accessor_count(accessors, position)
            vertices += count
            indices = _accessor_count(accessors, prim.get("indices"))
            triangles += indices // 3 if indices else count // 3
    return vertices, triangles


def _accessor_count(accessors, index) -> int:
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(accessors):
        return 0
    count = accessors[index].get("count", 0) if isinstance(accessors[index], dict) else 0
    return count if isinstance(count, int) and count > 0 else 0


def _glb_counts(head: bytes) -> tuple[int, int]:
    if len(head) < 20 or head[:4] != b"glTF":
        return 0, 0
    length, kind = struct.unpack("<II", head[12:20])
    if kind != 0x4E4F534A or length > len(head) - 20:  # JSON chunk first; a huge one is refused by trimesh
        return 0, 0
    try:
        return _gltf_json_counts(json.loads(head[20:20 + length]))
    except (ValueError, RecursionError):
        return 0, 0


def _gltf_counts(path: Path, head: bytes, fh) -> tuple[int, int]:
    text = head + fh.read(64 * _HEADER_BYTES)
    if len(text) > 64 * _HEADER_BYTES:
        raise InputError(path, "", "a glTF description over 4 MB is not a body radviz opens")
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        return 0, 0
    _check_resources(path, doc)
    return _gltf_json_counts(doc)


def _check_resources(path: Path, doc) -> None:
    """Files a glTF names (buffers, images) must be regular files: a FIFO there would block the reader."""
    if not isinstance(doc, dict):
        return
    for group in ("buffers", "images"):
        items = doc.get(group)
        for k, item in enumerate(items if isinstance(items, list) else []):
            uri = item.get("uri") if isinstance(item, dict) else None
            if not isinstance(uri, str) or uri.startswith("data:"):
                continue
            target = path.parent / uri
            if target.exists() and not target.is_file():
                raise InputError(path, f"{group}[{k}].uri", f"'{uri[:60]}' is not a regular file")
