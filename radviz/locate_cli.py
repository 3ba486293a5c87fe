"""``radviz locate``: the stable command-line contract for scoring drawings (single and batch)."""
from __future__ import annotations

import argparse
import json
import sys

import numpy as np

from radviz.drawing import SYMPTOMS, Drawing, brush, disc_values
from radviz.errors import InputError
from radviz.findings import MOVEMENTS, REFLEX_STATES, REFLEXES, SIGNS, Findings

__all__ = ["run_locate", "findings_from", "format_table"]

_BATCH_KEYS = {"at", "radius", "symptom", "side", "weak", "normal", "reflex", "sign", "map"}


class _Bad(Exception):
    pass


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


def format_table(result: dict) -> str:
    lines = [f"map: {result['map']}"]
    if result["flags"]:
        lines.append("flags: " + ", ".join(result["flags"]))
    lines.append(f"{'root':6s} {'side':6s} {'score':>6s}  overlap")
    for r in result["roots"][:8]:
        ov = ", ".join(f"{k} {v:.2f}" for k, v in r["overlap"].items() if v > 0)
        lines.append(f"{r['root']:6s} {r['side']:6s} {r['score']:6.3f}  {ov}")
    if result.get("nerves"):
        lines.append("nerves: " + ", ".join(f"{n['side']} {n['nerve']} {n['score']:.3f}" for n in result["nerves"][:3]))
    lines.append("")
    lines.append(result["explanation"])
    return "\n".join(lines)


def _parse_batch_line(raw: str, lineno: int, default_map: str) -> dict:
    """Validate one JSON line; raises _Bad naming the line number and the bad value."""
    from radviz.cli import parse_point

    try:
        item = json.loads(raw)
    except RecursionError:
        raise _Bad(f"line {lineno}: nested too deeply") from None
    except ValueError as exc:
        raise _Bad(f"line {lineno}: not valid JSON ({getattr(exc, 'msg', exc)})") from None
    if not isinstance(item, dict):
        raise _Bad(f"line {lineno}: expected a JSON object")
    unknown = set(item) - _BATCH_KEYS
    if unknown:
        raise _Bad(f"line {lineno}: unknown key '{sorted(unknown)[0]}'; allowed: {', '.join(sorted(_BATCH_KEYS))}")
    at = item.get("at", [])
    if not isinstance(at, list):
        raise _Bad(f"line {lineno}: 'at' must be a list of [x, y, z] points")
    if at and not isinstance(at[0], (list, str)):
        at = [at]
    points = []
    for p in at:
        try:
            points.append(parse_point(",".join(str(v) for v in p) if isinstance(p, list) else str(p)))
        except argparse.ArgumentTypeError as exc:
            raise _Bad(f"line {lineno}: {exc}") from None
    radius = item.get("radius", 0.3)
    if isinstance(radius, bool) or not isinstance(radius, (int, float)) or not 0 < radius < 1e6:
        raise _Bad(f"line {lineno}: radius '{radius}' must be > 0")
    symptom = item.get("symptom", "pain")
    if symptom not in SYMPTOMS:
        raise _Bad(f"line {lineno}: unknown symptom '{symptom}'; allowed: {', '.join(SYMPTOMS)}")
    side = item.get("side")
    if side not in (None, "left", "right"):
        raise _Bad(f"line {lineno}: side '{side}' must be left or right")
    lists = {}
    for key in ("weak", "normal", "reflex", "sign"):
        value = item.get(key, [])
        if isinstance(value, str):
            value = [value]
        if isinstance(value, dict) and key == "reflex":
            value = [f"{k}={v}" for k, v in value.items()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _Bad(f"line {lineno}: '{key}' must be a list of names")
        lists[key] = value
    map_name = item.get("map", default_map)
    from radviz.atlas import available_maps

    if map_name != default_map and map_name not in available_maps("dermatomes"):
        # a batch file names shipped maps only: it must not make radviz read other files
        raise _Bad(f"line {lineno}: unknown map '{map_name}'; available: "
                   f"{', '.join(available_maps('dermatomes'))}")
    return {"points": points, "radius": float(radius), "symptom": symptom, "side": side,
            "map": map_name, **lists}


def _score_batch(items: list[dict], body, out) -> None:
    """Score validated drawings: discs cached per point, sums by sparse products, one line each."""
    from radviz.body import default_body
    from radviz.engine import get_engine
    from radviz.localize import EPSILON
    from radviz.shape import base_point_to_vertex

    discs: dict[tuple[int, float], tuple[np.ndarray, np.ndarray]] = {}
    points = [p for it in items for p in it["points"]]
    if body.base_index is None and body.n_vertices == default_body().n_vertices and points:
        snapped = iter(default_body().nearest_vertex(np.array(points)).tolist())  # one KD-tree query
        for it in items:
            it["vertices"] = [next(snapped) for _ in it["points"]]
    else:
        for it in items:
            it["vertices"] = [base_point_to_vertex(body, p) for p in it["points"]]
    for radius in {it["radius"] for it in items}:
        seeds = [v for it in items if it["radius"] == radius for v in it["vertices"]]
        if body.n_vertices <= 300_000 and len(seeds) > 50:  # one C search per chunk of seeds
            for seed, (verts, dist) in body.geodesic_balls(np.array(seeds), radius).items():
                discs[(seed, radius)] = (verts, disc_values(dist, radius, 5.0))
    scratch = np.zeros(body.n_vertices)
    for map_name in dict.fromkeys(it["map"] for it in items):
        engine = get_engine(body, map_name)
        loc = engine.localizer
        todo = [(k, it) for k, it in enumerate(items) if it["map"] == map_name]
        drawings, findings = [], []
        for lineno, it in todo:
            vertices = it["vertices"]
            parts = []
            for v in vertices:
                key = (v, it["radius"])
                if key not in discs:
                    discs[key] = brush(body, v, it["radius"], 5.0)
                parts.append(discs[key])
            if len(parts) == 1:
                verts, vals = parts[0]
            elif parts:  # overlapping discs: each vertex keeps its highest intensity
                allv = np.concatenate([p[0] for p in parts])
                np.maximum.at(scratch, allv, np.concatenate([p[1] for p in parts]))
                verts = np.unique(allv)
                vals = scratch[verts].copy()
                scratch[verts] = 0.0
            else:
                verts, vals = np.zeros(0, dtype=np.int64), np.zeros(0)
            drawings.append((verts, loc.area[verts] * vals, EPSILON[it["symptom"]]))
            side = it["side"] or (_side_of_drawing(body, vertices) if vertices else "left")
            try:
                findings.append(findings_from(it["weak"], it["normal"], it["reflex"], it["sign"], side))
            except _Bad as exc:
                raise _Bad(f"line {it['line']}: {exc}") from None
        results = {}
        for (k, _), sums, f in zip(todo, loc.contribution_many(drawings), findings):
            results[k] = loc.result(sums, f)
        for k, _ in todo:
            items[k]["result"] = results[k]
    for it in items:
        out.write(json.dumps(it.pop("result").to_json()) + "\n")


def run_locate(args) -> int:
    from radviz.cli import UsageError, _load_body

    body = _load_body(args)
    try:
        if args.batch:
            try:
                text = args.batch.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise _Bad(f"{args.batch}: cannot read ({exc})") from None
            items = []
            for lineno, raw in enumerate(text.splitlines(), start=1):
                if raw.strip():
                    items.append(_parse_batch_line(raw, lineno, args.map))
                    items[-1]["line"] = lineno
            try:
                if args.json:
                    _score_batch(items, body, sys.stdout)
                else:
                    for it in items:
                        try:
                            table = format_table(_run_one(it["points"], it["radius"], it["symptom"], it["side"],
                                                          it["weak"], it["normal"], it["reflex"], it["sign"],
                                                          it["map"], body))
                        except (_Bad, InputError) as exc:
                            raise _Bad(f"line {it['line']}: {exc}") from None
                        print(f"line {it['line']}:\n{table}\n")
            except InputError as exc:
                raise _Bad(str(exc)) from None
            return 0
        result = _run_one(args.at, args.radius, args.symptom, args.side, args.weak, args.normal,
                          args.reflex, args.sign, args.map, body)
    except _Bad as exc:
        raise UsageError(f"radviz locate: {exc}") from None
    print(json.dumps(result) if args.json else format_table(result))
    return 0
