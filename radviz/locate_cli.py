"""``radviz locate``: the stable command-line contract for scoring drawings (single and batch)."""
from __future__ import annotations

import argparse
import json
import sys

import numpy as np

from radviz.drawing import SYMPTOMS, Drawing
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


def _batch_line(raw: str, lineno: int, default_map: str, body) -> dict:
    from radviz.cli import parse_point

    try:
        item = json.loads(raw)
    except ValueError as exc:
        raise _Bad(f"line {lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(item, dict):
        raise _Bad(f"line {lineno}: expected a JSON object")
    unknown = set(item) - _BATCH_KEYS
    if unknown:
        raise _Bad(f"line {lineno}: unknown key '{sorted(unknown)[0]}'; allowed: {', '.join(sorted(_BATCH_KEYS))}")
    at = item.get("at", [])
    if at and isinstance(at[0], (int, float)):
        at = [at]
    points = []
    for p in at:
        try:
            points.append(parse_point(",".join(str(v) for v in p) if isinstance(p, list) else str(p)))
        except argparse.ArgumentTypeError as exc:
            raise _Bad(f"line {lineno}: {exc}") from None
    radius = item.get("radius", 0.3)
    if isinstance(radius, bool) or not isinstance(radius, (int, float)) or not radius > 0 or radius != radius:
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
    try:
        return _run_one(points, float(radius), symptom, side, lists["weak"], lists["normal"],
                        lists["reflex"], lists["sign"], map_name, body)
    except _Bad as exc:
        raise _Bad(f"line {lineno}: {exc}") from None
    except InputError as exc:
        raise _Bad(f"line {lineno}: {exc}") from None


def run_locate(args) -> int:
    from radviz.cli import UsageError, _load_body

    body = _load_body(args)
    try:
        if args.batch:
            try:
                text = args.batch.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise _Bad(f"{args.batch}: cannot read ({exc})") from None
            out = sys.stdout
            for lineno, raw in enumerate(text.splitlines(), start=1):
                if not raw.strip():
                    continue
                result = _batch_line(raw, lineno, args.map, body)
                out.write((json.dumps(result) if args.json else format_table(result) + "\n") + "\n")
            return 0
        result = _run_one(args.at, args.radius, args.symptom, args.side, args.weak, args.normal,
                          args.reflex, args.sign, args.map, body)
    except _Bad as exc:
        raise UsageError(f"radviz locate: {exc}") from None
    print(json.dumps(result) if args.json else format_table(result))
    return 0
