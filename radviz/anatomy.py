"""Per-vertex anatomical coordinates: the terms in which the literature describes territories.

Descriptions such as "medial leg from knee to medial malleolus" or "band through the umbilicus,
rising toward the back" are relative.  Every vertex gets, once per body:

- ``segment``: head, neck, trunk, buttock, arm, forearm, hand, thigh, leg or foot;
- ``digit``: 1..5 on fingers (thumb..little) and toes (hallux..fifth), else 0;
- ``t``: position along the segment (or digit) axis between its joints (0 proximal, 1 distal);
- ``angle``: degrees around that axis, 0 anterior, 90 lateral, 180 posterior, 270 medial, on either
  side.  Limb frames are built from the joints (the hm08 A-pose tilts the arms and pronates the
  forearms), so "anterior" on the forearm is the palmar (flexor) surface and on the foot the dorsum;
- ``level``: on the head, neck, trunk and buttock, the dermatomal level on a continuous scale
  (C1..C8 = 1..8, T1..T12 = 9..20, L1..L5 = 21..25, S1..S5 = 26..30).  Bands slope: at the back a
  level lies near its vertebra, at the front lower down, so a vertex's level is found from the
  band heights at its own angle around the trunk.

Right-side vertices are folded onto the left (x -> |x|) and measured with the left joints, so both
sides get identical coordinates on a symmetric body.  Pure numpy; no Qt.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from radviz.body import Body
from radviz.errors import InputError

__all__ = ["AnatomicalCoords", "SEGMENTS", "ROOT_LEVELS", "level_of", "compute_coords"]

SEGMENTS = ("head", "neck", "trunk", "buttock", "arm", "forearm", "hand", "thigh", "leg", "foot")

_ROOT_PREFIX = {"C": 0, "T": 8, "L": 20, "S": 25}
ROOT_LEVELS = {f"{p}{n}": off + n for p, off in _ROOT_PREFIX.items()
               for n in range({"C": 8, "T": 12, "L": 5, "S": 5}[p] + 1) if n >= 1}


def level_of(name: str | float | int) -> float:
    """Numeric level of a root name ('T4' -> 12.0) or a number; 'T4.5' is half-way to T5."""
    if isinstance(name, (int, float)):
        return float(name)
    text = str(name).strip()
    if text[:1] in _ROOT_PREFIX:
        try:
            return _ROOT_PREFIX[text[0]] + float(text[1:])
        except ValueError:
            pass
    raise ValueError(f"'{name}' is not a level (use e.g. C4, T10, L1.5 or a number)")


_PART_SEGMENT = {
    "head": ("head", 0), "neck": ("neck", 0), "trunk": ("trunk", 0), "hip": ("buttock", 0),
    "shoulder": ("arm", 0), "upper arm": ("arm", 0), "forearm": ("forearm", 0), "hand": ("hand", 0),
    "thumb": ("hand", 1), "index finger": ("hand", 2), "middle finger": ("hand", 3),
    "ring finger": ("hand", 4), "little finger": ("hand", 5),
    "thigh": ("thigh", 0), "lower leg": ("leg", 0), "foot": ("foot", 0),
    "great toe": ("foot", 1), "second toe": ("foot", 2), "third toe": ("foot", 3),
    "fourth toe": ("foot", 4), "little toe": ("foot", 5),
}


@dataclass
class AnatomicalCoords:
    """Anatomical coordinates of every vertex of one body (arrays of length n_vertices)."""

    segment: np.ndarray  # int8 index into SEGMENTS
    digit: np.ndarray  # int8, 0 = not on a digit
    t: np.ndarray
    angle: np.ndarray
    level: np.ndarray  # NaN off the head, neck, trunk and buttock
    folded: np.ndarray  # positions with x -> |x|



# ------------------------------------------------------------------- helpers
def _unit(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.where(n > 0, n, 1.0)


def _perp(ref: np.ndarray, axis: np.ndarray) -> np.ndarray:
    return _unit(ref - (ref @ axis) * axis if ref.ndim == 1 else
                 ref - np.sum(ref * axis, axis=-1, keepdims=True) * axis)


def _axis_coords(p: np.ndarray, prox: np.ndarray, dist: np.ndarray, anterior: np.ndarray,
                 lateral_sign: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """t along prox->dist and angle around it (0 anterior, 90 toward +x lateral on the left)."""
    axis = dist - prox
    length = np.linalg.norm(axis)
    u = axis / length
    rel = p - prox
    t = rel @ u / length
    a = _perp(anterior, u) if anterior.ndim == 1 else _perp(anterior, u[None, :])
    lat = np.cross(a, u) * lateral_sign  # left limb in anatomical position: z x -y = +x, lateral
    radial = rel - np.outer(rel @ u, u)
    ang = np.degrees(np.arctan2(np.sum(radial * lat, axis=-1), np.sum(radial * a, axis=-1)))
    return t, np.mod(ang, 360.0)


def _chain_coords(p: np.ndarray, chain: list[np.ndarray], anterior: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """t along a polyline of joints (0 first joint, 1 last), angle around the nearest piece."""
    seg_len = np.array([np.linalg.norm(b - a) for a, b in zip(chain[:-1], chain[1:])])
    cum = np.r_[0.0, np.cumsum(seg_len)]
    best_d = np.full(len(p), np.inf)
    t = np.zeros(len(p))
    ang = np.zeros(len(p))
    for k, (a, b) in enumerate(zip(chain[:-1], chain[1:])):
        tk, ak = _axis_coords(p, a, b, anterior)
        clamped = np.clip(tk, 0.0, 1.0)
        d = np.linalg.norm(p - (a + np.outer(clamped, b - a)), axis=1)
        closer = d < best_d
        best_d[closer] = d[closer]
        t[closer] = (cum[k] + tk[closer] * seg_len[k]) / cum[-1]
        ang[closer] = ak[closer]
    return t, ang


def _palm_normal(j: dict[str, np.ndarray]) -> np.ndarray:
    """Direction the left palm faces (the anatomical anterior of the hand and distal forearm)."""
    along = j["l-finger-3-1"] - j["l-hand"]
    across = j["l-finger-2-1"] - j["l-finger-5-1"]  # little -> index knuckle
    normal = _unit(np.cross(along, across))
    # The palm faces the thumb's flexor side; in the hm08 A-pose it faces the thigh (-x).
    return normal if normal[0] < 0 else -normal


def _smooth_labels(labels: np.ndarray, edges: np.ndarray, n_labels: int, rounds: int = 2) -> np.ndarray:
    """Majority vote over one-ring neighbours, to clean speckles in skinning-weight labels."""
    out = labels.copy()
    for _ in range(rounds):
        votes = np.zeros((len(out), n_labels))
        np.add.at(votes, (edges[:, 0], out[edges[:, 1]]), 1.0)
        np.add.at(votes, (edges[:, 1], out[edges[:, 0]]), 1.0)
        votes[np.arange(len(out)), out] += 1.5
        out = votes.argmax(axis=1)
    return out


# ------------------------------------------------------------------- trunk levels
def _band_heights(body: Body, j: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Heights (y) of each level at the front and at the back: the knots bands slope between."""
    y = lambda name: float(body.vertices[body.landmarks[name], 1])  # noqa: E731
    y_notch, y_sa, y_nip = y("suprasternal-notch"), y("sternal-angle"), y("l-nipple")
    y_xiph, y_umb, y_ing = y("xiphisternum"), y("umbilicus"), y("l-inguinal-midpoint")
    y_pub, y_vp, y_inion = y("l-pubic-tubercle"), y("vertebra-prominens"), y("inion")
    y_crest, y_top = y("iliac-crest-top"), float(body.vertices[:, 1].max())
    y_jaw = float(j["jaw"][1])
    eps = 1e-3
    levels = np.array([1.0, 2.5, 3.5, 4.5, 9.5, 12.0, 14.0, 18.0, 20.0, 21.0, 26.0, 31.0])
    front = np.array([y_top, y_jaw, y_notch - 0.03, y_sa + eps, y_sa - eps, y_nip, y_xiph, y_umb,
                      y_ing, y_pub, y_pub - 1.0, y_pub - 3.0])
    # Back: dorsal rami run downward, so back skin lies below its segment of origin: a level sits
    # about one vertebra below its number; C5-C8 dorsal rami mostly reach no skin (C4 meets T1/T2
    # near the vertebra prominens).  L3 lies at the iliac crest (superior cluneal nerves).
    nape = y_inion - y_vp
    back_y = np.array([y_top, y_inion - 0.35 * nape, y_inion - 0.7 * nape, y_vp + 0.1, y_vp - 0.2,
                       None, None, None, None, None, None, None], dtype=object)
    # Thoracic and lumbar levels at the back: linear from T1 (at y_vp - 0.2) to L3 4 cm below the
    # crest top (the superior cluneal nerves, L1-L3, cross the crest onto the upper buttock).
    slope = (y_crest - 0.4 - (y_vp - 0.2)) / (23.0 - 9.5)
    for k in range(5, len(levels)):
        back_y[k] = (y_vp - 0.2) + (levels[k] - 9.5) * slope
    return levels, front, back_y.astype(float)


def _trunk_levels(y: np.ndarray, beta: np.ndarray, knots) -> np.ndarray:
    """Invert band heights: for each vertex, the level whose band passes through its height.

    The band of level L lies at y_front(L) on the anterior midline and y_back(L) on the posterior
    one; in between it follows the vertex's angle (beta = 0 front, 1 back).
    """
    levels, front, back = knots
    grid = np.linspace(levels[0], levels[-1], 3001)
    yf = np.interp(grid, levels, front)
    yb = np.interp(grid, levels, back)
    out = np.empty_like(y)
    bins = np.clip((beta * 63).round().astype(int), 0, 63)
    for b in np.unique(bins):
        sel = bins == b
        w = b / 63.0
        yl = (1 - w) * yf + w * yb  # decreasing with level
        yl = np.minimum.accumulate(yl)  # enforce monotonic for interp
        out[sel] = np.interp(-y[sel], -yl, grid)
    return out


# ------------------------------------------------------------------- main entry
def compute_coords(body: Body) -> AnatomicalCoords:
    """Anatomical coordinates for every vertex of ``body`` (needs joints, landmarks and parts)."""
    if not body.has_anatomy:
        raise InputError(body.source or body.name, "",
                         "this body has no joints, landmarks or body parts, so maps cannot be "
                         "placed on it")
    missing = [n for n in ("suprasternal-notch", "sternal-angle", "l-nipple", "xiphisternum",
                           "umbilicus", "l-inguinal-midpoint", "l-pubic-tubercle",
                           "vertebra-prominens", "inion", "iliac-crest-top") if n not in body.landmarks]
    if missing:
        raise InputError(body.source or body.name, "landmarks", f"missing {', '.join(missing)}")
    j = body.joints
    p = body.vertices.copy()
    p[:, 0] = np.abs(p[:, 0])
    n = len(p)

    part_seg = np.array([SEGMENTS.index(_PART_SEGMENT[name][0]) for name in body.part_names])
    part_digit = np.array([_PART_SEGMENT[name][1] for name in body.part_names])
    labels = _smooth_labels(np.asarray(body.part, dtype=np.int64), body.edges, len(body.part_names))
    if body.mirror is not None:  # quads split along one diagonal are not mirror images: copy left
        right = body.side < 0
        labels[right] = labels[body.mirror[right]]
    segment = part_seg[labels].astype(np.int8)
    digit = part_digit[labels].astype(np.int8)

    t = np.zeros(n)
    angle = np.zeros(n)
    z_up = np.array([0.0, 1.0, 0.0])
    z_ant = np.array([0.0, 0.0, 1.0])
    palm = _palm_normal(j)
    S = SEGMENTS.index

    # Limbs: joint-to-joint frames, then move vertices across a joint by their t.
    limb_frames = {
        "arm": (j["l-shoulder"], j["l-elbow"], z_ant),
        "forearm": (j["l-elbow"], j["l-hand"], None),
        "hand": (j["l-hand"], j["l-finger-3-1"], palm),
        "thigh": (j["l-upper-leg"], j["l-knee"], z_ant),
        "leg": (j["l-knee"], j["l-ankle"], z_ant),
        "foot": (j["l-ankle"], np.mean([j[f"l-toe-{k}-1"] for k in range(1, 6)], axis=0), z_up),
    }
    for a, b in (("arm", "forearm"), ("thigh", "leg")):
        # Split at the plane bisecting the joint angle, so the front of a bent elbow stays arm.
        joint, dist, _ = limb_frames[b]
        prox = limb_frames[a][0]
        normal = _unit(_unit(dist - joint) + _unit(joint - prox))
        sel = np.isin(segment, [S(a), S(b)]) & (digit == 0)
        segment[np.flatnonzero(sel)] = np.where((p[sel] - joint) @ normal >= 0.0, S(b), S(a))

    # Skin above the shoulder joint (front of the shoulder, top of the shoulder girdle) is trunk:
    # the dermatome literature describes it with the trunk (C4 cape, T2 below the clavicle).
    prox, dist, _ = limb_frames["arm"]
    sel = np.flatnonzero(segment == S("arm"))
    ta = (p[sel] - prox) @ _unit(dist - prox) / np.linalg.norm(dist - prox)
    segment[sel[ta < -0.2]] = S("trunk")

    for name, (prox, dist, ant) in limb_frames.items():
        sel = (segment == S(name)) & (digit == 0)
        if name == "forearm":
            tf, _ = _axis_coords(p[sel], prox, dist, z_ant)
            w = np.clip(tf, 0, 1)[:, None]
            ant_v = _unit((1 - w) * z_ant[None, :] + w * palm[None, :])
            t[sel], angle[sel] = _axis_coords(p[sel], prox, dist, ant_v)
        else:
            t[sel], angle[sel] = _axis_coords(p[sel], prox, dist, ant)

    for k in range(1, 6):
        sel = (segment == S("hand")) & (digit == k)
        chain = [j[f"l-finger-{k}-{i}"] for i in range(1, 5)]
        t[sel], angle[sel] = _chain_coords(p[sel], chain, palm)
        sel = (segment == S("foot")) & (digit == k)
        names = [f"l-toe-{k}-{i}" for i in range(1, 5) if f"l-toe-{k}-{i}" in j]
        t[sel], angle[sel] = _chain_coords(p[sel], [j[nm] for nm in names], z_up)

    # Head, neck, trunk, buttock: angle around the vertical body axis, t along it.
    axial = np.isin(segment, [S("head"), S("neck"), S("trunk"), S("buttock")])
    spine = sorted([j["pelvis"], j["spine-4"], j["spine-3"], j["spine-2"], j["spine-1"], j["neck"],
                    j["head"], j["head-2"]], key=lambda q: q[1])
    sy = np.array([q[1] for q in spine])
    sz = np.array([q[2] for q in spine])
    zc = np.interp(p[axial, 1], sy, sz)
    angle[axial] = np.mod(np.degrees(np.arctan2(p[axial, 0], p[axial, 2] - zc)), 360.0)
    t[axial] = (p[axial, 1] - j["pelvis"][1]) / (j["neck"][1] - j["pelvis"][1])
    head = segment == S("head")
    t[head] = (p[head, 1] - j["head"][1]) / (j["head-2"][1] - j["head"][1])

    level = np.full(n, np.nan)
    beta = (1.0 - np.cos(np.radians(angle[axial]))) / 2.0
    level[axial] = _trunk_levels(p[axial, 1], beta, _band_heights(body, j))
    return AnatomicalCoords(segment=segment, digit=digit, t=t, angle=angle, level=level, folded=p)
