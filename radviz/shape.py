"""Body shapes from MakeHuman's macro targets, and the base frame.

A patient points more easily at a body that looks like their own, so the hm08 body can be
reshaped with MakeHuman's macro modifiers.  Parameters (MakeHuman's 0..1 slider scales):

``gender``       0 = female .. 1 = male
``age``          years, 1..90; mapped to MakeHuman's age scale (1 y = 0, 10 y = 0.1875 "child",
                 25 y = 0.5 "young", 90 y = 1 "old"), piecewise linear as in MakeHuman
``muscle``       0 = least .. 0.5 = average .. 1 = most muscular
``weight``       0 = thinnest .. 0.5 = average .. 1 = heaviest
``height``       0 = shortest .. 0.5 = no change .. 1 = tallest
``proportions``  0 = uncommon .. 0.5 = regular .. 1 = ideal proportions

Unspecified parameters take MakeHuman's defaults (0.5, age 25); the race mix is fixed at
MakeHuman's default (a third each).  The ``neutral`` preset is the shipped base mesh itself
(no targets at all), which is *not* MakeHuman's all-defaults body (the ``average`` preset).

Every shape shares the hm08 topology, so landmarks, parts, the mirror map, vertex-indexed
drawings and map weights carry over vertex for vertex.  Joints move with their joint cubes.
Shaped bodies stand on the base body's floor with their pelvis joint where the base's is, so
points given in the base frame stay meaningful.  Numpy only; the targets are loaded once.
"""
from __future__ import annotations

import json

import numpy as np

from radviz.body import Body, default_body
from radviz.errors import InputError
from radviz.paths import meshes_dir

__all__ = ["base_point_to_vertex", "body_with_shape", "PRESETS", "PARAMETERS", "parse_shape",
           "shape_vertices", "macro_weights"]

PARAMETERS = {"gender": (0.0, 1.0), "age": (1.0, 90.0), "muscle": (0.0, 1.0), "weight": (0.0, 1.0),
              "height": (0.0, 1.0), "proportions": (0.0, 1.0)}
"""Allowed range of each shape parameter (age in years, the others on MakeHuman's 0..1 scales)."""

DEFAULTS = {"gender": 0.5, "age": 25.0, "muscle": 0.5, "weight": 0.5, "height": 0.5,
            "proportions": 0.5}
"""MakeHuman's defaults, taken by every parameter a spec leaves out."""

PRESETS: dict[str, dict[str, float]] = {
    "neutral": {},  # the shipped base mesh, unchanged
    "average": dict(DEFAULTS),
    "female": {"gender": 0.0},
    "male": {"gender": 1.0},
    "older-female": {"gender": 0.0, "age": 70.0, "muscle": 0.4, "weight": 0.6},
    "older-male": {"gender": 1.0, "age": 70.0, "muscle": 0.4, "weight": 0.6},
    "heavy": {"weight": 1.0, "muscle": 0.4},
    "slim": {"weight": 0.1, "muscle": 0.4},
    "child": {"age": 8.0},
}
"""Named shapes: parameter dicts (unspecified keys take ``DEFAULTS``; ``neutral`` = base mesh)."""

RACE = {"african": 1 / 3, "asian": 1 / 3, "caucasian": 1 / 3}

_TARGETS: dict | None = None


# --------------------------------------------------------------------- parameters
def _age_to_macro(years: float) -> float:
    """MakeHuman's ``setAgeYears``: 1..25 years -> 0..0.5, 25..90 years -> 0.5..1."""
    if years < 25.0:
        return (years - 1.0) / (2 * (25.0 - 1.0))
    return 0.5 + (years - 25.0) / (2 * (90.0 - 25.0))


def _bad(spec: str, what: str) -> InputError:
    return InputError("--body", spec, f"{what}; give a preset ({', '.join(PRESETS)}) and/or "
                                      f"key=value pairs with keys {', '.join(PARAMETERS)} "
                                      "(age in years 1..90, the others 0..1), "
                                      "e.g. 'gender=0.9,age=60,weight=0.7' or 'male,age=70'")


def parse_shape(spec: str) -> dict[str, float]:
    """Parse ``--body``: a preset, ``key=value`` pairs, or a preset followed by overrides.

    Returns the full parameter dict (defaults filled in), or ``{}`` for ``neutral`` (the base
    mesh, which no parameter values reproduce).

    Raises
    ------
    InputError
        Naming the bad preset, key or value and listing what is allowed.
    """
    items = [s.strip() for s in (spec or "").split(",") if s.strip()]
    if not items or items == ["neutral"]:
        return {}
    params = dict(DEFAULTS)
    for k, item in enumerate(items):
        if "=" not in item:
            if k or item not in PRESETS:
                raise _bad(spec, f"unknown preset '{item}'" if item not in PRESETS else
                           f"preset '{item}' must come first")
            if item == "neutral":
                continue  # 'neutral,weight=0.7': the defaults plus overrides
            params.update(PRESETS[item])
            continue
        key, _, text = (s.strip() for s in item.partition("="))
        if key not in PARAMETERS:
            raise _bad(spec, f"unknown key '{key}'")
        try:
            value = float(text)
        except ValueError:
            raise _bad(spec, f"{key}='{text}' is not a number") from None
        lo, hi = PARAMETERS[key]
        if not lo <= value <= hi:  # also refuses NaN
            raise _bad(spec, f"{key}={text} is outside {lo:g}..{hi:g}")
        params[key] = value
    return params


def _shape_key(params: dict[str, float]) -> str:
    return "neutral" if not params else "shape:" + ",".join(f"{k}={params[k]:g}" for k in PARAMETERS)


# --------------------------------------------------------------------- macro weighting
def _load_targets() -> dict:
    """The committed macro targets (``meshes/hm08_targets.npz``), loaded once per process."""
    global _TARGETS
    if _TARGETS is None:
        with np.load(meshes_dir() / "hm08_targets.npz", allow_pickle=False) as d:
            _TARGETS = {k: d[k] for k in d.files}
        _TARGETS["names"] = [str(n) for n in _TARGETS["names"]]
        _TARGETS["macro"] = json.loads(str(_TARGETS["macro_json"]))["macrotargets"]
    return _TARGETS


def _components(parts: list[dict], value: float) -> dict[str, float]:
    """Weights of one modifier's targets, e.g. age 0.75 -> {young: 0.5, old: 0.5}.

    ``macro.json`` lists each modifier as consecutive parts, each blending linearly from its
    ``low`` to its ``high`` target ("" = no target).  Its bounds are fuzzed (-0.01, 0.1874998,
    0.49998/0.49999, 1.01) so MPFB's strict comparisons pick one part; we use the nominal bounds
    (0, the midpoints rounded to 4 decimals, 1) as MakeHuman 1.x does, so that 0 and 1 reach the
    extreme targets fully and 0.5 is exactly the average.
    """
    inner = [round((a["highest"] + b["lowest"]) / 2, 4) for a, b in zip(parts, parts[1:])]
    bounds = [0.0, *inner, 1.0]
    out: dict[str, float] = {}
    for part, lo, hi in zip(parts, bounds, bounds[1:]):
        if lo <= value <= hi:
            t = (value - lo) / (hi - lo)
            for name, w in ((part["low"], 1.0 - t), (part["high"], t)):
                if name:
                    out[name] = max(out.get(name, 0.0), w)  # a shared bound belongs to both parts
            if value < hi:
                break
    return {name: w for name, w in out.items() if w > 0}


def macro_weights(params: dict[str, float]) -> np.ndarray:
    """Weight of every stored target: the product of its components' weights.

    A target's name lists its components (``universal-female-young-maxmuscle-averageweight``,
    ``height/male-old-averagemuscle-minweight-maxheight``, ``asian-female-child``), exactly the
    combinations of ``macro.json``; race components weigh ``RACE``.
    """
    tg = _load_targets()
    macro = dict(params, age=_age_to_macro(params["age"]))
    comp = dict(RACE)
    for key in PARAMETERS:
        comp.update(_components(tg["macro"][key]["parts"], macro[key]))
    return np.array([np.prod([comp.get(tok, 0.0) for tok in name.split("/")[-1].split("-")
                              if tok != "universal"]) for name in tg["names"]])


def shape_vertices(params: dict[str, float]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Vertices (13380, 3) and joint centres of a shape, in the base frame (decimetres).

    ``{}`` gives the base mesh and joints unchanged.  Otherwise the weighted targets are added to
    the base mesh (and their joint-cube offsets to the joints), then the body is moved to stand on
    the base body's floor with its pelvis joint above the base's pelvis joint.
    """
    base = default_body()
    if not params:
        return base.vertices.copy(), {k: v.copy() for k, v in base.joints.items()}
    params = {**DEFAULTS, **params}
    tg = _load_targets()
    w = macro_weights(params)
    verts = base.vertices.copy()
    start, index, offset = tg["start"], tg["index"], tg["offset"]
    for t in np.flatnonzero(w > 0):
        sl = slice(start[t], start[t + 1])
        verts[index[sl].astype(np.int64)] += (w[t] * tg["unit"]) * offset[:, sl].T
    joint_shift = np.tensordot(w, tg["joint_offset"].astype(float), axes=1)
    names = [str(n) for n in tg["joint_names"]]
    joints = {n: base.joints[n] + joint_shift[k] for k, n in enumerate(names)}
    move = np.array([base.joints["pelvis"][0] - joints["pelvis"][0],
                     base.vertices[:, 1].min() - verts[:, 1].min(),
                     base.joints["pelvis"][2] - joints["pelvis"][2]])
    return verts + move, {n: p + move for n, p in joints.items()}


# --------------------------------------------------------------------- public API
def base_point_to_vertex(body: Body, point) -> int:
    """Snap a point given in the base body's frame to the base skin, then find it on ``body``."""
    base = default_body()
    base_vertex = int(base.nearest_vertex(np.asarray(point, dtype=float))[0])
    if body.base_index is None:
        if body.n_vertices >= base.n_vertices:
            return base_vertex  # same topology, or a subdivision keeping the original vertices first
        return int(body.nearest_vertex(base.vertices[base_vertex])[0])
    candidates = np.flatnonzero(body.base_index == base_vertex)
    if len(candidates):
        return int(candidates[np.argmin(np.linalg.norm(body.vertices[candidates] - body.vertices[candidates].mean(0), axis=1))])
    # no vertex of this body maps to that base vertex: take the one mapping to the nearest base vertex
    mapped = base.vertices[body.base_index]
    return int(np.argmin(np.linalg.norm(mapped - base.vertices[base_vertex], axis=1)))


def body_with_shape(body: Body, spec: str) -> Body:
    """``body`` reshaped by ``spec`` (see :func:`parse_shape`): same topology, moved joints.

    Only hm08-topology bodies can be reshaped (the targets are per hm08 vertex); a body other
    than the shipped one gets the same displacements.  ``neutral`` returns ``body`` itself.
    """
    params = parse_shape(spec)
    if not params:
        return body
    base = default_body()
    if body.base_index is not None or body.n_vertices != base.n_vertices:
        raise InputError("--body", spec, "body shapes need the shipped hm08 body (or a mesh with "
                                         "its topology), not a foreign mesh given with --mesh")
    vertices, joints = shape_vertices(params)
    if body is not base:  # another hm08-topology mesh (e.g. loaded from a file): same offsets
        vertices = body.vertices + (vertices - base.vertices)
        joints = {n: body.joints[n] + (p - base.joints[n]) for n, p in joints.items()}
    shaped = body.with_vertices(vertices, shape_key=_shape_key(params))
    shaped.joints = joints
    return shaped
