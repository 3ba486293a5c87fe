"""The ISNCSCI key sensory points, placed on any body from ``maps/key_points.yaml``.

One definition serves the markers on root pictures, the root browser and tour, the quizzes and the
tests, so they can never disagree about where "T2" is.  Each point has the ISNCSCI 2019 wording and a
placement rule built from landmarks, joints and anatomical coordinates, evaluated on the left side
and mirrored.  Pure numpy; no Qt.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from radviz.anatomy import SEGMENTS, AnatomicalCoords, ROOT_LEVELS
from radviz.body import Body
from radviz.errors import InputError
from radviz.identity import body_key, same_topology
from radviz.paths import maps_dir

__all__ = ["KeyPoint", "PlacedKeyPoint", "KeyPointSet", "load_key_points", "key_points",
           "key_point_vertices", "KEY_POINT_ROOTS"]

SCHEMA = "radviz-key-points/1"
KEY_POINT_ROOTS = tuple(sorted((r for r in ROOT_LEVELS if r not in ("C1", "S4", "S5")),
                               key=ROOT_LEVELS.get)) + ("S4-5",)  # the 28 ISNCSCI levels
_RULES = ("landmark", "segment", "between", "midclavicular")


@dataclass(frozen=True)
class KeyPoint:
    """One key sensory point as written in the data: the root, its wording and its placement rule."""

    root: str
    description: str
    source: str
    place: dict[str, Any]


@dataclass(frozen=True)
class PlacedKeyPoint:
    """A key point on one body and side: the skin vertex and its position (decimetres)."""

    root: str
    side: str
    vertex: int
    position: np.ndarray
    description: str


@dataclass(frozen=True)
class KeyPointSet:
    points: dict[str, KeyPoint]
    sources: dict[str, str]
    digest: str
    path: str

    def description(self, root: str) -> str:
        """The ISNCSCI wording of a root's key point ('' for a root without one, e.g. V1)."""
        point = self.points.get(root)
        return point.description if point else ""


_LOADED: dict[tuple[str, int], KeyPointSet] = {}
_PLACED: dict[tuple, tuple[Body, dict]] = {}  # placed points per body (placement needs its coordinates)


def load_key_points(path: str | Path | None = None) -> KeyPointSet:
    """Read and validate ``maps/key_points.yaml`` (once per file version)."""
    from radviz.atlas.schema import read_yaml

    path = Path(path) if path is not None else maps_dir() / "key_points.yaml"
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = -1
    key = (str(path), stamp)
    if key not in _LOADED:
        raw, digest = read_yaml(path)
        _LOADED[key] = _parse(raw, str(path), digest)
    return _LOADED[key]


def _parse(raw: Any, source: str, digest: str) -> KeyPointSet:
    def fail(place: str, reason: str) -> InputError:
        return InputError(source, place, reason)

    if not isinstance(raw, dict) or raw.get("schema") != SCHEMA:
        raise fail("schema", f"expected '{SCHEMA}'")
    sources = raw.get("sources")
    points_raw = raw.get("points")
    if not isinstance(sources, dict) or not isinstance(points_raw, dict):
        raise fail("points" if isinstance(sources, dict) else "sources", "expected a mapping")
    points = {}
    for root, entry in points_raw.items():
        place = f"points.{root}"
        if root not in KEY_POINT_ROOTS:
            raise fail(place, f"unknown root; allowed: {', '.join(KEY_POINT_ROOTS)}")
        if not isinstance(entry, dict) or not isinstance(entry.get("description"), str):
            raise fail(place, "expected a mapping with description, source and place")
        src = entry.get("source")
        if not isinstance(src, str) or not all(s.strip() in sources for s in src.split(";")):
            raise fail(f"{place}.source", f"name sources from 'sources' ({', '.join(sources)})")
        rule = entry.get("place")
        if not isinstance(rule, dict) or not any(k in rule for k in _RULES):
            raise fail(f"{place}.place", f"expected a rule with one of {', '.join(_RULES)}")
        _check_rule(rule, f"{place}.place", fail, points_raw)
        points[str(root)] = KeyPoint(str(root), entry["description"], src, rule)
    missing = [r for r in KEY_POINT_ROOTS if r not in points]
    if missing:
        raise fail("points", f"missing {', '.join(missing)} (ISNCSCI has 28 key sensory points)")
    return KeyPointSet(points, {str(k): str(v) for k, v in sources.items()}, digest, source)


def _check_rule(rule: dict, place: str, fail, points_raw: dict) -> None:
    if "segment" in rule:
        segments = rule["segment"] if isinstance(rule["segment"], list) and "between" in rule else [rule["segment"]]
        if not all(isinstance(s, str) and s in SEGMENTS for s in segments):
            raise fail(f"{place}.segment", f"unknown segment; allowed: {', '.join(SEGMENTS)}")
        if "t" not in rule and "between" not in rule:
            raise fail(place, "an anatomical rule needs 't'")
    for key in ("t", "angle", "fraction"):
        if key in rule and (isinstance(rule[key], bool) or not isinstance(rule[key], (int, float))):
            raise fail(f"{place}.{key}", f"expected a number, got {rule[key]!r}")
    if "offset" in rule and not (isinstance(rule["offset"], list) and len(rule["offset"]) == 3
                                 and all(isinstance(o, (int, float)) for o in rule["offset"])):
        raise fail(f"{place}.offset", "expected [dx, dy, dz] in decimetres (left side)")
    between = rule.get("between")
    if between is not None and not (isinstance(between, list) and len(between) == 2
                                    and all(isinstance(b, str) for b in between)):
        raise fail(f"{place}.between", "expected [A, B]: two landmark, joint or key-point names")
    mcl = rule.get("midclavicular")
    if isinstance(mcl, dict):
        _check_rule(mcl, f"{place}.midclavicular", fail, points_raw)
    elif "midclavicular" in rule and not isinstance(mcl, str):
        raise fail(f"{place}.midclavicular", "expected a landmark name or {between, fraction}")


# ------------------------------------------------------------------- placing
def key_points(body: Body, coords: AnatomicalCoords | None = None,
               data: KeyPointSet | None = None) -> dict[tuple[str, str], PlacedKeyPoint]:
    """Every key point on ``body``, per (root, side): vertex, position and ISNCSCI wording.

    Placement runs on bodies with their own anatomy (the shipped body, a subdivided one).  Bodies
    whose maps are the shipped body's weights carried over vertex by vertex (a reshaped body, or a
    foreign mesh with ``base_index``) get the shipped body's points carried over the same way, so
    a point always sits on the skin its map weights describe.
    """
    data = data or load_key_points()
    from radviz.body import default_body

    base_body = default_body()
    if body is not base_body and body.base_index is None and same_topology(body, base_body):
        # A reshaped base body: its maps are the base body's weights per vertex (see get_atlas), so
        # its key points are the same skin vertices, wherever the reshaping moved them.
        return {key: _placed(body, p.root, p.side, p.vertex, p.description)
                for key, p in key_points(base_body, data=data).items()}
    if body.base_index is not None and not body.has_anatomy:
        base = key_points(base_body, data=data)
        inverse = {int(v): k for k, v in enumerate(body.base_index)}
        return {key: _placed(body, p.root, p.side, inverse.get(p.vertex, int(np.argmin(
            np.abs(body.base_index - p.vertex)))), p.description) for key, p in base.items()}
    key = (body_key(body), data.digest, data.path)
    if key not in _PLACED:
        if coords is None:
            from radviz.anatomy import compute_coords

            coords = compute_coords(body)
        placer = _Placer(body, coords, data)
        out = {}
        for root, point in data.points.items():
            left = placer.vertex(root)
            right = int(body.mirror[left]) if body.mirror is not None else placer.mirrored(left)
            out[(root, "left")] = _placed(body, root, "left", left, point.description)
            out[(root, "right")] = _placed(body, root, "right", right, point.description)
        if len(_PLACED) >= 8:
            _PLACED.pop(next(iter(_PLACED)))  # oldest first
        _PLACED[key] = (body, out)  # the body is kept so its id is not reused while cached
    return dict(_PLACED[key][1])


def key_point_vertices(body: Body, coords: AnatomicalCoords | None = None) -> dict[tuple[str, str], int]:
    """Vertex of every key point on ``body``, per (root, side)."""
    return {key: p.vertex for key, p in key_points(body, coords).items()}


def _placed(body: Body, root: str, side: str, vertex: int, description: str) -> PlacedKeyPoint:
    return PlacedKeyPoint(root, side, int(vertex), body.vertices[int(vertex)].copy(), description)


class _Placer:
    """Evaluates placement rules on the left half of one body (positions folded onto x >= 0)."""

    def __init__(self, body: Body, coords: AnatomicalCoords, data: KeyPointSet):
        self.body, self.coords, self.data = body, coords, data
        self.left = np.flatnonzero(body.side > 0)  # off the midline, so each side has its own point
        self.done: dict[str, int] = {}
        self.busy: set[str] = set()

    def vertex(self, root: str) -> int:
        if root not in self.done:
            if root in self.busy:
                raise InputError(self.data.path, f"points.{root}.place", "placement rules refer to each other in a loop")
            self.busy.add(root)
            self.done[root] = self._evaluate(self.data.points[root].place, f"points.{root}.place")
            self.busy.discard(root)
        return self.done[root]

    def position(self, name: str, place: str) -> np.ndarray:
        """A landmark, joint or key point by name, folded onto the left side."""
        body = self.body
        if name in self.data.points:
            p = body.vertices[self.vertex(name)].copy()
        elif name in body.landmarks:
            p = body.vertices[body.landmarks[name]].copy()
        elif name in body.joints:
            p = np.asarray(body.joints[name], dtype=float).copy()
        else:
            raise InputError(self.data.path, place, f"the body has no landmark, joint or key point {name!r}")
        p[0] = abs(p[0])
        return p

    def _nearest(self, target: np.ndarray, candidates: np.ndarray) -> int:
        return int(candidates[np.argmin(np.linalg.norm(self.coords.folded[candidates] - target, axis=1))])

    def _evaluate(self, rule: dict, place: str) -> int:
        if "landmark" in rule:
            target = self.position(rule["landmark"], f"{place}.landmark") + np.asarray(rule.get("offset", [0, 0, 0]))
            return self._nearest(target, self.left)
        if "between" in rule:
            a, b = (self.position(n, f"{place}.between") for n in rule["between"])
            target = a + float(rule.get("fraction", 0.5)) * (b - a)
            return self._nearest(target, self._segment(rule.get("segment")))
        if "midclavicular" in rule:
            return self._midclavicular(rule["midclavicular"], f"{place}.midclavicular")
        return self._anatomical(rule)

    def _segment(self, segment) -> np.ndarray:
        if segment is None:
            return self.left
        names = segment if isinstance(segment, list) else [segment]
        keep = np.isin(self.coords.segment[self.left], [SEGMENTS.index(s) for s in names])
        return self.left[keep & (self.coords.digit[self.left] == 0)]

    def _height(self, spec, place: str) -> float:
        if isinstance(spec, str):
            return float(self.position(spec, place)[1])
        a, b = (self.position(n, f"{place}.between")[1] for n in spec["between"])
        return float(a + float(spec.get("fraction", 0.5)) * (b - a))

    def _midclavicular(self, spec, place: str) -> int:
        """Front-facing skin on the midclavicular line at a height."""
        y = self._height(spec, place)
        x = 0.5 * (self.position("l-clavicle", place)[0] + self.position("l-ac-joint", place)[0])
        folded = self.coords.folded[self.left]
        near = self.left[(np.abs(folded[:, 1] - y) < 0.1) & (np.abs(folded[:, 0] - x) < 0.3)
                         & (self.body.vertex_normals[self.left, 2] > 0.3)]
        if not len(near):
            raise InputError(self.data.path, place, "no front-facing skin on the midclavicular line at that height")
        # Height matters more than a few millimetres sideways: the point's level is the test.
        dx, dy = self.coords.folded[near, 0] - x, self.coords.folded[near, 1] - y
        return int(near[np.argmin(dy ** 2 + (0.25 * dx) ** 2)])

    def _anatomical(self, rule: dict) -> int:
        c = self.coords
        cand = self.left[(c.segment[self.left] == SEGMENTS.index(rule["segment"]))
                         & (c.digit[self.left] == int(rule.get("digit", 0)))]
        scale = 0.6 if rule.get("digit") or rule["segment"] in ("hand", "foot") else 3.0
        cost = ((c.t[cand] - float(rule["t"])) * scale) ** 2
        if "angle" in rule:
            da = np.radians((c.angle[cand] - float(rule["angle"]) + 180.0) % 360.0 - 180.0)
            cost += (da * (0.12 if scale < 1 else 0.4)) ** 2
        return int(cand[np.argmin(cost)])

    def mirrored(self, vertex: int) -> int:
        p = self.body.vertices[vertex] * np.array([-1.0, 1.0, 1.0])
        right = np.flatnonzero(self.body.side < 0)
        return int(right[np.argmin(np.linalg.norm(self.body.vertices[right] - p, axis=1))])
