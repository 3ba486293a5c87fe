"""``radviz locate``: the stable command-line contract for scoring drawings (single and batch)."""
from __future__ import annotations

import functools
import gc
import json
import sys

import numpy as np
import orjson

from radviz.drawing import SYMPTOMS, Drawing, paint_many
from radviz.files import short
from radviz.findings import MOVEMENTS, REFLEX_STATES, REFLEXES, SIGNS, Findings

__all__ = ["run_locate", "run_batch", "findings_from", "format_table", "parse_batch_line", "BatchLineError",
           "BATCH_CHUNK", "MAX_BATCH_LINE"]

_BATCH_KEYS = {"at", "radius", "symptom", "side", "weak", "normal", "reflex", "sign", "map"}

BATCH_CHUNK = 256
"""Drawings scored together: vectorised per chunk, printed when the chunk is done."""

MAX_BATCH_LINE = 1_000_000
"""A batch line longer than this (bytes) is refused without being kept in memory."""


class _Bad(Exception):
    pass


BatchLineError = _Bad
"""A batch line that does not fit the documented shape (the message names its line number)."""


def dumps(data: dict) -> str:
    """One JSON line (orjson: the batch path writes thousands a second); single and batch share it."""
    return orjson.dumps(data).decode()


def _side_of_drawing(body, vertices) -> str:
    x = body.vertices[np.asarray(vertices, dtype=int), 0]
    return "right" if (x < 0).sum() > (x > 0).sum() else "left"


def findings_from(weak, normal, reflexes, signs, side: str) -> Findings:
    """Build findings from CLI-style values; raises _Bad naming the bad value."""
    f = Findings()
    for kind, moves in (("weak", weak), ("normal", normal)):
        for m in moves:
            if m not in MOVEMENTS:
                raise _Bad(f"unknown movement '{m}'; allowed: {', '.join(MOVEMENTS)}")
            f.set_motor(side, m, kind)
    for item in reflexes:
        name, _, state = str(item).partition("=")
        if name not in REFLEXES:
            raise _Bad(f"unknown reflex '{name}'; allowed: {', '.join(REFLEXES)}")
        if state not in REFLEX_STATES:
            raise _Bad(f"reflex '{item}' needs a state: {name}=decreased|absent|increased|normal")
        f.set_reflex(side, name, state)
    for s in signs:
        if s not in SIGNS:
            raise _Bad(f"unknown sign '{s}'; allowed: {', '.join(SIGNS)}")
        f.set_sign(s, True)
    return f


def _run_one(points, radius, symptom, side, weak, normal, reflex, sign, map_name, body):
    from radviz.engine import get_engine
    from radviz.shape import base_point_to_vertex

    engine = get_engine(body, map_name)
    drawing = Drawing(body.n_vertices)
    vertices = [base_point_to_vertex(body, p) for p in points]
    engine.paint_points(drawing, vertices, radius, symptom)
    side = side or (_side_of_drawing(body, vertices) if vertices else "left")
    findings = findings_from(weak, normal, reflex, sign, side)
    return engine.locate(drawing, findings).to_json()


COLUMNS = ("score: the probability that this root is involved (0 to 1, never above 0.85 from a drawing "
           "alone); explains: the share of the drawing inside the root's skin; overlap: the share of the "
           "drawing a neighbour's skin also covers.  A root can score high while explaining part of the drawing.")


def format_table(result: dict) -> str:
    """The readable form of a result: every column named, the map said, then the explanation."""
    from radviz.atlas import get_map

    lines = [f"map: {result['map']} ({get_map(result['map']).title})"]
    if result["flags"]:
        lines.append("flags: " + ", ".join(result["flags"]))
    lines.append(f"{'root':6s} {'side':6s} {'score':>5s}  {'in words':9s}  {'explains':>8s}  overlap")
    for r in result["roots"][:8]:
        ov = ", ".join(f"{k} {round(100 * v)}%" for k, v in r["overlap"].items() if v >= 0.005) or "-"
        lines.append(f"{r['root']:6s} {r['side']:6s} {r['score']:5.2f}  {r['band']:9s}  "
                     f"{round(100 * r['explained']):7d}%  {ov}")
    if result.get("nerves"):
        lines.append("nerves: " + ", ".join(f"{n['side']} {n['nerve']} {n['score']:.2f} ({n['band']})"
                                            for n in result["nerves"][:3]))
    if result.get("spinal_cord"):
        cord = result["spinal_cord"]
        lines.append(f"spinal cord: at or above {cord['level']}, {cord['score']:.2f}")
    lines += [COLUMNS, "", result["explanation"]]
    return "\n".join(lines)


class _DuplicateKey(ValueError):
    pass


def _object_without_duplicates(pairs: list[tuple[str, object]]) -> dict:
    """``json.loads`` hook: a key given twice is an error, not "the last one wins"."""
    out = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(f"key '{short(key)}' is given twice")
        out[key] = value
    return out


def _reject_constant(name: str):
    raise ValueError(f"'{name}' is not a number radviz accepts")


def _decode(raw: str, lineno: int):
    """The line's JSON value.  A plain line (one object, no escapes, no key written twice: the
    common case) is read by orjson; any other goes through the json module, whose hooks name a key
    given twice and refuse NaN, so every refusal reads as before."""
    if "\\" not in raw and raw.count("{") == 1:
        try:
            item = orjson.loads(raw)
        except orjson.JSONDecodeError:
            item = None
        if type(item) is dict and all(raw.count(f'"{key}"') == 1 for key in item):
            return item
    try:
        return json.loads(raw, object_pairs_hook=_object_without_duplicates, parse_constant=_reject_constant)
    except RecursionError:
        raise _Bad(f"line {lineno}: nested too deeply") from None
    except ValueError as exc:
        raise _Bad(f"line {lineno}: not valid JSON ({short(getattr(exc, 'msg', str(exc)), 80)})") from None


_NUMBER = (int, float)


def _points(at: list, lineno: int) -> list:
    """The line's points: plain ones (three ints or floats within 1e4 dm, the common case) as the
    line gives them, checked without making arrays (a chunk's points become one array when snapped);
    any other as :func:`_point` makes it or refuses it."""
    if all(type(p) is list and len(p) == 3 and all(type(c) in _NUMBER and -1e4 <= c <= 1e4 for c in p) for p in at):
        return at
    return [_point(p, lineno, k) for k, p in enumerate(at)]


def _point(value, lineno: int, k: int) -> np.ndarray:
    """One documented point: a list of exactly three finite numbers (decimetres, base frame)."""
    if not isinstance(value, list) or len(value) != 3 \
            or not all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in value):
        raise _Bad(f"line {lineno}: at[{k}] must be [x, y, z] (three numbers), got {short(value)}")
    xyz = [float(c) for c in value]
    if not all(abs(c) <= 1e4 for c in xyz):  # NaN and infinity fail this too
        raise _Bad(f"line {lineno}: at[{k}] {short(value)} must be finite decimetres near the body")
    return np.array(xyz)


def _names(item: dict, key: str, lineno: int) -> list[str]:
    value = item.get(key, [])
    if key == "reflex" and isinstance(value, dict):  # {"achilles": "absent"} reads as ["achilles=absent"]
        if not all(isinstance(v, str) for v in value.values()):
            raise _Bad(f"line {lineno}: 'reflex' states must be text, got {short(value)}")
        value = [f"{k}={v}" for k, v in value.items()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Bad(f"line {lineno}: '{key}' must be a list of names, got {short(value)}")
    return value


def _parse_batch_line(raw: str, lineno: int, default_map: str, extra_keys: frozenset = frozenset()) -> dict:
    """Validate one JSON line against the documented shape; raises _Bad naming the line number.

    ``{"at": [[x, y, z], ...], "radius": dm, "symptom": "pain"|"numbness"|"tingling",
    "side": "left"|"right", "weak": [movement, ...], "normal": [...], "reflex": ["name=state", ...]
    or {"name": "state"}, "sign": [...], "map": "lee2008"}``; every key is optional.
    """
    item = _decode(raw, lineno)
    if not isinstance(item, dict):
        raise _Bad(f"line {lineno}: expected a JSON object, got {short(item)}")
    unknown = set(item) - _BATCH_KEYS - extra_keys
    if unknown:
        raise _Bad(f"line {lineno}: unknown key '{short(sorted(unknown)[0])}'; "
                   f"allowed: {', '.join(sorted(_BATCH_KEYS | extra_keys))}")
    at = item.get("at", [])
    if not isinstance(at, list):
        raise _Bad(f"line {lineno}: 'at' must be a list of [x, y, z] points, got {short(at)}")
    points = _points(at, lineno)
    radius = item.get("radius", 0.3)
    if isinstance(radius, bool) or not isinstance(radius, (int, float)) or not 0 < radius < 1e6:
        raise _Bad(f"line {lineno}: radius {short(radius)} must be a number > 0 (decimetres)")
    symptom = item.get("symptom", "pain")
    if symptom not in SYMPTOMS:
        raise _Bad(f"line {lineno}: unknown symptom {short(symptom)}; allowed: {', '.join(SYMPTOMS)}")
    side = item.get("side")
    if side not in (None, "left", "right"):
        raise _Bad(f"line {lineno}: side {short(side)} must be left or right")
    lists = {key: _names(item, key, lineno) for key in ("weak", "normal", "reflex", "sign")}
    if not _known_names(lists):
        try:
            findings_from(lists["weak"], lists["normal"], lists["reflex"], lists["sign"], "left")  # says which
        except _Bad as exc:
            raise _Bad(f"line {lineno}: {exc}") from None
    map_name = item.get("map", default_map)
    if map_name != default_map and map_name not in _shipped_maps():
        # a batch file names shipped maps only: it must not make radviz read other files
        raise _Bad(f"line {lineno}: unknown map {short(map_name)}; available: {', '.join(_shipped_maps())}")
    return {"points": points, "radius": float(radius), "symptom": symptom, "side": side,
            "map": map_name, **lists, "extra": {k: item[k] for k in extra_keys if k in item}}


_MOVEMENT_NAMES, _SIGN_NAMES = frozenset(MOVEMENTS), frozenset(SIGNS)
_REFLEX_ITEMS = frozenset(f"{r}={s}" for r in REFLEXES for s in REFLEX_STATES)


def _known_names(lists: dict[str, list[str]]) -> bool:
    """True when every movement, reflex and sign is in the vocabulary (the common case: no error to word)."""
    return (_MOVEMENT_NAMES.issuperset(lists["weak"]) and _MOVEMENT_NAMES.issuperset(lists["normal"])
            and _REFLEX_ITEMS.issuperset(lists["reflex"]) and _SIGN_NAMES.issuperset(lists["sign"]))


def _shipped_maps() -> list[str]:
    """The shipped dermatome maps, read again only when the maps folder changes."""
    from radviz.paths import maps_dir

    folder = maps_dir()
    return _maps_in(str(folder), folder.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _maps_in(folder: str, stamp: int) -> list[str]:
    from radviz.atlas import available_maps

    return available_maps("dermatomes")


def parse_batch_line(raw: str, lineno: int, default_map: str, extra_keys=()) -> dict:
    """One validated batch line, for other readers of the same format (``radviz cohort``).

    Keys named in ``extra_keys`` are allowed besides the documented ones and returned, unchecked,
    under ``"extra"``; a bad line raises :class:`BatchLineError` naming its line number.
    """
    item = _parse_batch_line(raw, lineno, default_map, frozenset(extra_keys))
    item["points"] = [np.array(p, dtype=float) for p in item["points"]]  # each an (x, y, z) float array
    return item


def _score_batch(items: list[dict], body, out, localizers: dict | None = None) -> None:
    """Score validated drawings: brush discs of many drawings per C search, sums by sparse products,
    posteriors as arrays, one line each."""
    from radviz.engine import get_engine
    from radviz.localize import EPSILON

    _snap(items, body)
    sides = _sides_of_drawings(body, [it["vertices"] for it in items])
    rows, verts, vals = paint_many(body, [it["vertices"] for it in items], [it["radius"] for it in items], 5.0)
    localizers = {} if localizers is None else localizers  # kept per run: the body's key is hashed once
    for map_name in dict.fromkeys(it["map"] for it in items):
        if map_name not in localizers:
            localizers[map_name] = get_engine(body, map_name).localizer
        loc = localizers[map_name]
        todo = [k for k, it in enumerate(items) if it["map"] == map_name]
        local = np.full(len(items), -1)
        local[todo] = np.arange(len(todo))  # line in the chunk -> row among this map's lines
        pick = np.flatnonzero(local[rows] >= 0)
        sums = loc.contribution_flat(local[rows[pick]], verts[pick], loc.area[verts[pick]] * vals[pick],
                                     np.array([EPSILON[items[k]["symptom"]] for k in todo]))
        findings, same = [], {}  # lines with equal findings share one (read-only) Findings
        for k in todo:
            it = items[k]
            side = it["side"] or sides[k]
            key = (tuple(it["weak"]), tuple(it["normal"]), tuple(it["reflex"]), tuple(it["sign"]), side)
            if key not in same:
                try:
                    same[key] = findings_from(it["weak"], it["normal"], it["reflex"], it["sign"], side)
                except _Bad as exc:
                    raise _Bad(f"line {it['line']}: {exc}") from None
            findings.append(same[key])
        for k, result in zip(todo, loc.results(sums, findings)):
            items[k]["result"] = result
    out.write("".join(it.pop("result").json_line() + "\n" for it in items))


def _sides_of_drawings(body, seeds: list[list[int]]) -> list[str]:
    """:func:`_side_of_drawing` of many drawings at once ('left' for a drawing without points)."""
    owner = np.repeat(np.arange(len(seeds)), [len(s) for s in seeds])
    x = body.vertices[np.fromiter((v for s in seeds for v in s), dtype=np.int64), 0]
    right = np.bincount(owner, x < 0, minlength=len(seeds))
    left = np.bincount(owner, x > 0, minlength=len(seeds))
    return np.where(right > left, "right", "left").tolist()


def _snap(items: list[dict], body) -> None:
    """Each line's points to skin vertices (one KD-tree query per chunk on the shipped body)."""
    from radviz.body import default_body
    from radviz.shape import base_point_to_vertex

    points = [p for it in items for p in it["points"]]
    if body.base_index is None and body.n_vertices == default_body().n_vertices and points:
        snapped = iter(default_body().nearest_vertex(np.array(points, dtype=float)).tolist())  # one KD-tree query
        for it in items:
            it["vertices"] = [next(snapped) for _ in it["points"]]
    else:
        for it in items:
            it["vertices"] = [base_point_to_vertex(body, p) for p in it["points"]]


def _score_chunk(items: list[dict], body, as_json: bool, out, localizers: dict) -> None:
    """Score parsed lines and print one result each, in input order."""
    if as_json:
        _score_batch(items, body, out, localizers)
    else:
        for it in items:
            table = format_table(_run_one(it["points"], it["radius"], it["symptom"], it["side"], it["weak"],
                                          it["normal"], it["reflex"], it["sign"], it["map"], body))
            out.write(f"line {it['line']}:\n{table}\n\n")
    out.flush()  # results appear as they are scored


def run_batch(path, default_map: str, body, as_json: bool, out, err) -> int:
    """Stream a JSON-lines file: parse, score in chunks of :data:`BATCH_CHUNK`, print as scored.

    Memory stays constant (one chunk and one line of at most :data:`MAX_BATCH_LINE` bytes).  A bad
    line is reported on ``err`` with its number and skipped; the others are scored.  Returns the
    number of lines that failed.
    """
    from threadpoolctl import threadpool_limits

    freeze = not gc.get_freeze_count()  # asked once: the count walks every frozen object
    try:
        with threadpool_limits(1, "blas"):  # chunk-sized products: a second BLAS thread only spins
            return _run_batch(path, default_map, body, as_json, out, err, freeze)
    finally:
        if freeze:
            gc.unfreeze()  # what this run froze may be collected again


def _run_batch(path, default_map: str, body, as_json: bool, out, err, freeze: bool) -> int:
    """The lines of ``path`` scored chunk by chunk; with ``freeze``, what is alive after the first
    chunk (the engine, loaded by then) is frozen, so the collector does not walk it again."""
    from radviz.files import iter_lines

    failed, chunk, localizers = 0, [], {}
    for lineno, raw, problem in iter_lines(path, MAX_BATCH_LINE):
        if problem:
            err.write(f"radviz locate: line {lineno}: {problem}\n")
            failed += 1
            continue
        if not raw.strip():
            continue
        try:
            item = _parse_batch_line(raw, lineno, default_map)
        except _Bad as exc:
            err.write(f"radviz locate: {exc}\n")
            failed += 1
            continue
        item["line"] = lineno
        chunk.append(item)
        if len(chunk) >= BATCH_CHUNK:
            _score_chunk(chunk, body, as_json, out, localizers)
            if freeze:
                gc.freeze()
                freeze = False
            chunk = []
    if chunk:
        _score_chunk(chunk, body, as_json, out, localizers)
    return failed


def run_locate(args, body) -> int:
    """``radviz locate`` on ``body`` (loaded by the CLI from ``--mesh``/``--body``)."""
    from radviz.errors import UsageError

    if args.batch:
        failed = run_batch(args.batch, args.map, body, args.json, sys.stdout, sys.stderr)
        if failed:
            raise UsageError(f"radviz locate: {failed:,} line{'s' if failed > 1 else ''} of {args.batch} "
                             f"could not be scored (named above); the others were")
        return 0
    try:
        result = _run_one(args.at, args.radius, args.symptom, args.side, args.weak, args.normal,
                          args.reflex, args.sign, args.map, body)
    except _Bad as exc:
        raise UsageError(f"radviz locate: {exc}") from None
    print(dumps(result) if args.json else format_table(result))
    return 0
