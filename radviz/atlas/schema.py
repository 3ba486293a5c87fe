"""Territory maps (dermatomes, peripheral nerves, muscle skin regions): parse and validate YAML.

A map file is reviewable data (``maps/README.md`` documents the schema).  Every error names the
file, the place (a key path) and the problem, and lists the allowed values where that helps.
Files are read by :mod:`radviz.atlas.reading` (a safe loader, within fixed limits).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from radviz.anatomy import SEGMENTS, level_of
from radviz.atlas.reading import read_yaml  # bounded reading (size, aliases, digits)
from radviz.errors import InputError

__all__ = ["Piece", "Territory", "SharedZone", "AxialLine", "TerritoryMap", "load_map", "read_yaml",
           "parse_map", "KINDS", "MODES"]

KINDS = ("dermatomes", "nerves")
MODES = ("partition", "independent")
_PIECE_KEYS = {"segment", "digit", "t", "angle", "level", "near", "priority", "except", "note",
               "surface"}
_TERRITORY_KEYS = {"label", "kind", "description", "source", "border", "key_point", "pieces",
                   "roots", "note", "aliases", "parent", "words"}
_SURFACES = {"palmar": (270.0, 90.0), "dorsal": (90.0, 270.0), "plantar": (90.0, 270.0)}


@dataclass(frozen=True)
class Piece:
    """One predicate over anatomical coordinates; a territory is a union of pieces."""

    segments: tuple[str, ...]
    digits: tuple[int, ...] | None = None
    t: tuple[float, float] | None = None
    angle: tuple[float, float] | None = None
    level: tuple[float, float] | None = None
    near: tuple[str, float] | None = None
    priority: int = 0
    exclude: tuple["Piece", ...] = ()


@dataclass(frozen=True)
class Territory:
    name: str
    label: str
    kind: str  # spinal | trigeminal | nerve
    description: str
    source: str
    border: float
    pieces: tuple[Piece, ...]
    key_point: dict[str, Any] | None = None
    roots: tuple[str, ...] = ()  # for nerves: the roots feeding it
    note: str = ""
    parent: str = ""  # for nerve branches: the nerve they leave (its territory includes theirs)
    words: str = ""  # a patient's words for it ('the nerve that gives feeling to ...'); "" where none


@dataclass(frozen=True)
class SharedZone:
    """Skin a source leaves blank because supply varies: several roots share it.

    Every root gets ``weight`` there, unless ``weights`` gives it its own share (a root that
    supplies the zone in more people than its neighbours do).
    """

    roots: tuple[str, ...]
    weight: float
    description: str
    pieces: tuple[Piece, ...]
    weights: tuple[tuple[str, float], ...] = ()

    def weight_of(self, root: str) -> float:
        return dict(self.weights).get(root, self.weight)


@dataclass(frozen=True)
class AxialLine:
    name: str
    between: tuple[tuple[str, str], ...]
    source: str


@dataclass
class TerritoryMap:
    """A validated map: territories, neighbours, axial lines, sources and stated differences."""

    name: str
    title: str
    kind: str
    mode: str
    follows: str
    sources: dict[str, str]
    territories: dict[str, Territory]
    sequence: tuple[str, ...] = ()
    extra_neighbours: tuple[tuple[str, str], ...] = ()
    axial_lines: tuple[AxialLine, ...] = ()
    shared: tuple[SharedZone, ...] = ()
    differences: tuple[dict[str, str], ...] = ()
    default_border: float = 0.3
    path: str = ""
    digest: str = ""
    notes: str = ""
    _neighbours: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def neighbours(self, name: str) -> set[str]:
        """Territories whose border with ``name`` is graded (not an axial line)."""
        if not self._neighbours:
            nb: dict[str, set[str]] = {t: set() for t in self.territories}
            seq = [s for s in self.sequence if s in self.territories]
            for a, b in zip(seq[:-1], seq[1:]):
                nb[a].add(b)
                nb[b].add(a)
            for a, b in self.extra_neighbours:
                nb[a].add(b)
                nb[b].add(a)
            if self.mode == "independent":
                for t in nb:
                    nb[t] = set(self.territories) - {t}
            self._neighbours = nb
        return self._neighbours[name]



# ------------------------------------------------------------------- parsing helpers
class _Ctx:
    def __init__(self, source: str):
        self.source = source

    def fail(self, place: str, reason: str) -> InputError:
        return InputError(self.source, place, reason)


def _expect(ctx: _Ctx, value: Any, kind: type | tuple, place: str, what: str) -> Any:
    if not isinstance(value, kind) or isinstance(value, bool) and kind in (int, float, (int, float)):
        raise ctx.fail(place, f"expected {what}, got {type(value).__name__} {value!r}"[:200])
    return value


def _number(ctx: _Ctx, value: Any, place: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ctx.fail(place, f"expected a number, got {value!r}"[:200])
    try:
        number = float(value)
    except OverflowError:
        raise ctx.fail(place, "number too large") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ctx.fail(place, "expected a finite number")
    return number


def _patient_words(ctx: _Ctx, raw: dict, place: str) -> str:
    """The optional ``words`` of an entry, a plain-language phrase for patients ("" when absent).

    It must be text: a slip in the file is named, never shown to a patient as '12' or '[...]'."""
    if "words" not in raw:
        return ""
    value, place = raw["words"], f"{place}.words"
    if not isinstance(value, str):
        raise ctx.fail(place, f"expected a patient's words as text, got {type(value).__name__} {value!r}"[:200])
    if not value.strip():
        raise ctx.fail(place, "empty: write a patient's words or leave the key out")
    return " ".join(value.split())


def _range(ctx: _Ctx, value: Any, place: str, unit: str, convert=None) -> tuple[float, float]:
    if not isinstance(value, list) or len(value) != 2:
        n = len(value) if isinstance(value, list) else "a non-list"
        raise ctx.fail(place, f"expected [start, end] in {unit}, got {n} values"
                       if isinstance(value, list) else f"expected [start, end] in {unit}, got {value!r}"[:200])
    if convert is None:
        return (_number(ctx, value[0], f"{place}[0]"), _number(ctx, value[1], f"{place}[1]"))
    out = []
    for k, item in enumerate(value):
        try:
            out.append(convert(item))
        except (ValueError, TypeError) as exc:
            raise ctx.fail(f"{place}[{k}]", str(exc)) from None
    return out[0], out[1]


def _piece(ctx: _Ctx, raw: Any, place: str, landmarks: set[str] | None) -> Piece:
    _expect(ctx, raw, dict, place, "a mapping (segment, t, angle, ...)")
    unknown = set(raw) - _PIECE_KEYS
    if unknown:
        raise ctx.fail(f"{place}.{sorted(unknown)[0]}",
                       f"unknown key; allowed: {', '.join(sorted(_PIECE_KEYS))}")
    if "segment" not in raw:
        raise ctx.fail(place, f"missing 'segment' (one of {', '.join(SEGMENTS)})")
    segs = raw["segment"] if isinstance(raw["segment"], list) else [raw["segment"]]
    for k, s in enumerate(segs):
        if s not in SEGMENTS:
            raise ctx.fail(f"{place}.segment", f"unknown segment {s!r}; allowed: {', '.join(SEGMENTS)}")
    digits = None
    if "digit" in raw:
        ds = raw["digit"] if isinstance(raw["digit"], list) else [raw["digit"]]
        for d in ds:
            if isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 5:
                raise ctx.fail(f"{place}.digit", f"digits are 0 (none) or 1..5, got {d!r}")
        digits = tuple(ds)
    t = _range(ctx, raw["t"], f"{place}.t", "segment fractions") if "t" in raw else None
    angle = _range(ctx, raw["angle"], f"{place}.angle", "degrees") if "angle" in raw else None
    if "surface" in raw:
        if not isinstance(raw["surface"], str) or raw["surface"] not in _SURFACES:
            raise ctx.fail(f"{place}.surface", f"unknown surface {raw['surface']!r}; "
                                               f"allowed: {', '.join(_SURFACES)}")
        if angle is not None:
            raise ctx.fail(f"{place}.surface", "give either 'surface' or 'angle', not both")
        angle = _SURFACES[raw["surface"]]
    if angle is not None and not all(-360 <= a <= 720 for a in angle):
        raise ctx.fail(f"{place}.angle", "angles are degrees in 0..360")
    level = _range(ctx, raw["level"], f"{place}.level", "levels (e.g. [T3.5, T4.5])",
                   level_of) if "level" in raw else None
    near = None
    if "near" in raw:
        nr = _expect(ctx, raw["near"], dict, f"{place}.near", "{landmark: NAME, within: DM}")
        name = nr.get("landmark")
        if not isinstance(name, str):
            raise ctx.fail(f"{place}.near.landmark", "expected a landmark or joint name")
        if landmarks is not None and name not in landmarks:
            raise ctx.fail(f"{place}.near.landmark", f"the body has no landmark {name!r}")
        within = _number(ctx, nr.get("within"), f"{place}.near.within")
        if within <= 0:
            raise ctx.fail(f"{place}.near.within", "must be > 0 (decimetres)")
        near = (name, within)
    priority = raw.get("priority", 0)
    if isinstance(priority, bool) or not isinstance(priority, int):
        raise ctx.fail(f"{place}.priority", f"expected a whole number, got {priority!r}")
    excl = ()
    if "except" in raw:
        items = _expect(ctx, raw["except"], list, f"{place}.except", "a list of pieces")
        excl = tuple(_piece(ctx, it, f"{place}.except[{k}]", landmarks) for k, it in enumerate(items))
    return Piece(tuple(segs), digits, t, angle, level, near, priority, excl)


def _pieces(ctx: _Ctx, raw: Any, place: str, landmarks: set[str] | None) -> tuple[Piece, ...]:
    items = _expect(ctx, raw, list, place, "a list of pieces")
    if not items:
        raise ctx.fail(place, "needs at least one piece")
    return tuple(_piece(ctx, it, f"{place}[{k}]", landmarks) for k, it in enumerate(items))


def _key_point(ctx: _Ctx, raw: Any, place: str, landmarks: set[str] | None) -> dict[str, Any]:
    _expect(ctx, raw, dict, place, "a mapping")
    if "landmark" in raw:
        if not isinstance(raw["landmark"], str):
            raise ctx.fail(f"{place}.landmark", "expected a landmark name")
        if landmarks is not None and raw["landmark"] not in landmarks:
            raise ctx.fail(f"{place}.landmark", f"the body has no landmark {raw['landmark']!r}")
        offset = raw.get("offset", [0, 0, 0])
        if not (isinstance(offset, list) and len(offset) == 3):
            raise ctx.fail(f"{place}.offset", "expected [dx, dy, dz] in decimetres (left side)")
        return {"landmark": raw["landmark"], "offset": [_number(ctx, o, f"{place}.offset") for o in offset],
                "description": str(raw.get("description", ""))}
    seg = raw.get("segment")
    if seg not in SEGMENTS:
        raise ctx.fail(f"{place}.segment", f"unknown segment {seg!r}; allowed: {', '.join(SEGMENTS)}")
    digit = raw.get("digit", 0)
    if isinstance(digit, bool) or not isinstance(digit, int) or not 0 <= digit <= 5:
        raise ctx.fail(f"{place}.digit", f"digits are 0 (none) or 1..5, got {digit!r}")
    out: dict[str, Any] = {"segment": seg, "digit": digit, "description": str(raw.get("description", ""))}
    for key in ("t", "angle"):
        out[key] = _number(ctx, raw[key], f"{place}.{key}") if key in raw else None
    try:
        out["level"] = level_of(raw["level"]) if "level" in raw else None
    except ValueError as exc:
        raise ctx.fail(f"{place}.level", str(exc)) from None
    if out["t"] is None and out["level"] is None:
        raise ctx.fail(place, "a key point needs 'landmark', or 'segment' with 't' (or 'level')")
    return out


def parse_map(raw: Any, source: str, landmarks: set[str] | None = None, digest: str = "") -> TerritoryMap:
    """Validate a loaded YAML document and build a :class:`TerritoryMap`."""
    ctx = _Ctx(source)
    _expect(ctx, raw, dict, "", "a YAML mapping at the top level")
    if raw.get("schema") != "radviz-map/1":
        raise ctx.fail("schema", f"expected 'radviz-map/1', got {raw.get('schema')!r}")
    for key in ("name", "title", "kind", "territories", "sources"):
        if key not in raw:
            raise ctx.fail(key, "missing required key")
    name = _expect(ctx, raw["name"], str, "name", "a short name")
    kind = raw["kind"]
    if kind not in KINDS:
        raise ctx.fail("kind", f"unknown kind {kind!r}; allowed: {', '.join(KINDS)}")
    mode = raw.get("mode", "partition" if kind == "dermatomes" else "independent")
    if mode not in MODES:
        raise ctx.fail("mode", f"unknown mode {mode!r}; allowed: {', '.join(MODES)}")
    sources = _expect(ctx, raw["sources"], dict, "sources", "a mapping of short name to reference")
    default_border = _number(ctx, raw.get("default_border", 0.3), "default_border")
    if default_border <= 0:
        raise ctx.fail("default_border", "must be > 0 (decimetres)")

    terr_raw = _expect(ctx, raw["territories"], dict, "territories", "a mapping of name to territory")
    territories: dict[str, Territory] = {}
    for tname, traw in terr_raw.items():
        place = f"territories.{tname}"
        _expect(ctx, traw, dict, place, "a mapping")
        unknown = set(traw) - _TERRITORY_KEYS
        if unknown:
            raise ctx.fail(f"{place}.{sorted(unknown)[0]}",
                           f"unknown key; allowed: {', '.join(sorted(_TERRITORY_KEYS))}")
        tkind = traw.get("kind", "spinal" if kind == "dermatomes" else "nerve")
        if tkind not in ("spinal", "trigeminal", "nerve"):
            raise ctx.fail(f"{place}.kind", "allowed: spinal, trigeminal, nerve")
        if tkind == "spinal" and not _is_root_name(str(tname)):
            raise ctx.fail(place, f"unknown root {tname!r}; roots are C2..C8, T1..T12, L1..L5, "
                                  f"S1..S3 and S4-5")
        src = traw.get("source")
        if not isinstance(src, str) or not all(s.strip() in sources for s in src.split(";")):
            raise ctx.fail(f"{place}.source", f"name one or more sources from 'sources' "
                                              f"({', '.join(sources)}), separated by ';'")
        border = _number(ctx, traw.get("border", default_border), f"{place}.border")
        if not 0 < border <= 5:
            raise ctx.fail(f"{place}.border", "must be in (0, 5] decimetres")
        if "key_point" in traw and kind == "dermatomes":
            raise ctx.fail(f"{place}.key_point", "dermatome maps take their key sensory points from "
                                                 "maps/key_points.yaml (one definition for the app)")
        roots = tuple(_expect(ctx, traw.get("roots", []), list, f"{place}.roots", "a list of roots"))
        for r in roots:
            if not _is_root_name(str(r)):
                raise ctx.fail(f"{place}.roots", f"unknown root {r!r}")
        territories[str(tname)] = Territory(
            name=str(tname), label=str(traw.get("label", tname)), kind=tkind,
            description=str(traw.get("description", "")), source=src, border=border,
            pieces=_pieces(ctx, traw.get("pieces"), f"{place}.pieces", landmarks),
            key_point=_key_point(ctx, traw["key_point"], f"{place}.key_point", landmarks)
            if "key_point" in traw else None,
            roots=roots, note=str(traw.get("note", "")), parent=str(traw.get("parent", "")),
            words=_patient_words(ctx, traw, place))
    if not territories:
        raise ctx.fail("territories", "the map has no territories")
    for tname, terr in territories.items():
        if terr.parent and terr.parent not in territories:
            raise ctx.fail(f"territories.{tname}.parent", f"{terr.parent!r} is not a territory of this map")

    def known(n: Any, place: str) -> str:
        if not isinstance(n, str) or n not in territories:
            raise ctx.fail(place, f"{n!r} is not a territory of this map")
        return str(n)

    def pair(p: Any, place: str) -> tuple[str, str]:
        if not isinstance(p, list) or len(p) != 2:
            raise ctx.fail(place, f"expected a pair [A, B] of territory names, got {p!r}"[:200])
        return known(p[0], place), known(p[1], place)

    sequence = tuple(known(s, f"sequence[{k}]") for k, s in
                     enumerate(_expect(ctx, raw.get("sequence", []), list, "sequence", "a list of roots")))
    extra = tuple(pair(p, f"extra_neighbours[{k}]") for k, p in
                  enumerate(_expect(ctx, raw.get("extra_neighbours", []), list, "extra_neighbours",
                                    "a list of pairs")))
    axial = []
    for k, line in enumerate(_expect(ctx, raw.get("axial_lines", []), list, "axial_lines", "a list")):
        place = f"axial_lines[{k}]"
        _expect(ctx, line, dict, place, "a mapping with name, between, source")
        pairs = tuple(pair(p, f"{place}.between[{j}]") for j, p in
                      enumerate(_expect(ctx, line.get("between"), list, f"{place}.between", "pairs")))
        axial.append(AxialLine(str(line.get("name", "")), pairs, str(line.get("source", ""))))
    shared = []
    for k, zone in enumerate(_expect(ctx, raw.get("shared", []), list, "shared", "a list")):
        place = f"shared[{k}]"
        _expect(ctx, zone, dict, place, "a mapping with roots, weight, pieces")
        roots = tuple(known(r, f"{place}.roots") for r in _expect(ctx, zone.get("roots"), list,
                                                                  f"{place}.roots", "a list"))
        weight = _number(ctx, zone.get("weight"), f"{place}.weight")
        if not 0 < weight <= 1:
            raise ctx.fail(f"{place}.weight", f"weights are shares in 0..1, got {weight}")
        own = _expect(ctx, zone.get("weights", {}), dict, f"{place}.weights", "a mapping of root to share")
        for r, w in own.items():
            if r not in roots:
                raise ctx.fail(f"{place}.weights.{r}", f"not one of the zone's roots ({', '.join(roots)})")
            if not 0 < _number(ctx, w, f"{place}.weights.{r}") <= 1:
                raise ctx.fail(f"{place}.weights.{r}", f"weights are shares in 0..1, got {w}")
        shared.append(SharedZone(roots, weight, str(zone.get("description", "")),
                                 _pieces(ctx, zone.get("pieces"), f"{place}.pieces", landmarks),
                                 tuple((str(r), float(w)) for r, w in own.items())))
    diffs = tuple(_expect(ctx, d, dict, f"differences[{k}]", "a mapping of region and what each map says")
                  for k, d in enumerate(_expect(ctx, raw.get("differences", []), list, "differences", "a list")))
    for k, d in enumerate(diffs):
        bad = [key for key, value in d.items() if not isinstance(key, str) or not isinstance(value, str)]
        if bad:
            raise ctx.fail(f"differences[{k}].{bad[0]}", "expected text")
    return TerritoryMap(name=name, title=str(raw["title"]), kind=kind, mode=mode,
                        follows=str(raw.get("follows", "")), sources={str(k): str(v) for k, v in sources.items()},
                        territories=territories, sequence=sequence, extra_neighbours=extra,
                        axial_lines=tuple(axial), shared=tuple(shared), differences=diffs,
                        default_border=default_border, path=source, digest=digest,
                        notes=str(raw.get("notes", "")))


def _is_root_name(name: str) -> bool:
    if name == "S4-5":
        return True
    limits = {"C": (2, 8), "T": (1, 12), "L": (1, 5), "S": (1, 3)}
    if name[:1] in limits and name[1:].isdigit():
        lo, hi = limits[name[0]]
        return lo <= int(name[1:]) <= hi
    return False


def load_map(path: str | Path, landmarks: set[str] | None = None) -> TerritoryMap:
    """Read and validate one map file; raises :class:`InputError` naming file, place and reason."""
    raw, digest = read_yaml(path)
    return parse_map(raw, str(path), landmarks, digest)
