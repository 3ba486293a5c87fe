"""Sessions: the drawing, findings, map, body and view as versioned, documented JSON.

Format ``radviz-session`` version 2 (see ``docs/session-format.md``)::

    {"format": "radviz-session", "version": 2, "app": "radviz 0.1.0", "saved": ISO time,
     "body": {"shape": "neutral", "mesh": null | "file name next to the session",
              "n_vertices": 13380},
     "map": {"name": "lee2008", "digest": sha256 of the map file},
     "drawing": {"pain": {"vertices": [...], "values": [...], "points": [[x, y, z], ...]}, ...},
     "findings": {"motor": {...}, "reflexes": {...}, "signs": [...]},
     "view": {"mode": "3d", "camera": "anterior", "highlight": "L4"},
     "visits": [{"date": "2026-01-10", "drawing": {...}, "findings": {...}}, {"date": "2026-03-01"}],
     "visit": 1,                        # the open visit: its drawing and findings are the ones above
     "notes": "",
     "report": {"patient": "", "patient_id": "", "birth_date": "", "clinician": ""},  # report header
     "exam": {...}}                     # optional: the ISNCSCI exam, Praxis layout (docs/isncsci.md)

Version 1 files (no visits) open as one visit, dated by their ``saved`` day.
Drawing vertices index the body the session was made on; ``points`` repeat them as positions in the
base body's frame, so a drawing moves to any body with the same landmarks (by topology when the
vertex count matches, else by nearest point).  Saves are atomic (write, flush, fsync, rename).
Every problem raises :class:`InputError` naming the file, the place and the reason.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from radviz import __version__
from radviz.drawing import SYMPTOMS, Drawing
from radviz.errors import InputError
from radviz.files import write_atomic
from radviz.findings import MOVEMENTS, REFLEX_STATES, REFLEXES, SIGNS, Findings
from radviz.report_fields import MAX_NOTES_CHARS, PatientFields, read_patient_fields
from radviz.visits import MAX_VISITS, Visit, Visits, check_date, today

__all__ = ["FORMAT", "VERSION", "SessionState", "save_session", "load_session", "session_to_dict",
           "session_from_dict", "MAX_SESSION_BYTES", "move_drawing"]

FORMAT = "radviz-session"
VERSION = 2  # 2: visits
MAX_SESSION_BYTES = 50_000_000
_VIEW_KEYS = {"mode", "camera", "highlight", "side", "layer", "patient_mode", "shown", "tone"}


@dataclass
class SessionState:
    """What a session holds, independent of any widget."""

    drawing: dict = field(default_factory=dict)  # symptom -> {"vertices", "values"}
    findings: Findings = field(default_factory=Findings)
    map_name: str = "lee2008"
    map_digest: str = ""
    shape: str = "neutral"
    mesh: str | None = None
    view: dict = field(default_factory=dict)
    notes: str = ""
    patient: PatientFields = field(default_factory=PatientFields)  # the report's header fields
    visits: Visits | None = None  # None: one visit (today's); the open one's drawing is ``drawing``
    exam: dict | None = None  # the ISNCSCI exam in the Praxis layout (validated), None when there is none
    warnings: list[str] = field(default_factory=list)  # filled when loading

    def apply_drawing(self, drawing: Drawing) -> None:
        drawing.load_dict(self.drawing)

    def all_visits(self) -> Visits:
        """The visits, the open one holding this session's drawing and findings."""
        visits = self.visits or Visits.single()
        visits.store(self.drawing, self.findings)
        return visits


def _drawing_out(drawing: dict, body) -> dict:
    out = {}
    for name in SYMPTOMS:
        entry = drawing.get(name) or {"vertices": [], "values": []}
        verts = [int(v) for v in entry["vertices"]]
        out[name] = {"vertices": verts, "values": [round(float(x), 3) for x in entry["values"]],
                     "points": _base_points(body, verts)}
    return out


def _visits_out(visits: Visits | None, body) -> list[dict]:
    """Every visit; the open one by its date only (its drawing and findings are the top-level ones)."""
    visits = visits or Visits.single()
    return [{"date": v.date} if k == visits.current else
            {"date": v.date, "drawing": _drawing_out(v.drawing, body), "findings": v.findings.to_dict()}
            for k, v in enumerate(visits.visits)]


def session_to_dict(state: SessionState, body) -> dict:
    drawing = _drawing_out(state.drawing, body)
    return {"format": FORMAT, "version": VERSION, "app": f"radviz {__version__}",
            "saved": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "body": {"shape": state.shape, "mesh": state.mesh, "n_vertices": int(body.n_vertices)},
            "map": {"name": state.map_name, "digest": state.map_digest},
            "drawing": drawing, "findings": state.findings.to_dict(),
            "view": {k: v for k, v in state.view.items() if k in _VIEW_KEYS}, "notes": state.notes,
            "report": state.patient.to_dict(), "visits": _visits_out(state.visits, body),
            "visit": state.visits.current if state.visits is not None else 0,
            **({"exam": state.exam} if state.exam is not None else {})}


def _base_points(body, verts: list[int]) -> list[list[float]]:
    """Positions in the base frame: the base vertex each drawing vertex corresponds to."""
    if not verts:
        return []
    from radviz.body import default_body

    base = default_body()
    idx = np.asarray(verts, dtype=np.int64)
    if body.base_index is not None:
        idx = body.base_index[idx]
    else:  # same topology (reshaped), or a subdivision that keeps the base vertices first
        extra = idx >= base.n_vertices
        if extra.any():
            idx = idx.copy()
            idx[extra] = base.nearest_vertex(body.vertices[idx[extra]])
    return np.round(base.vertices[idx], 4).tolist()


def move_drawing(drawing: dict, source, target) -> dict:
    """A drawing (``Drawing.to_dict``) made on ``source`` moved onto ``target`` as a session moves it.

    Vertex for vertex when both share the base topology, else through base-frame positions to the
    nearest skin; where two vertices land on one, the stronger value stays.
    """
    out = {}
    for name, entry in drawing.items():
        verts = [int(v) for v in entry["vertices"]]
        moved = _move_points(target, np.asarray(_base_points(source, verts), dtype=float).reshape(-1, 3))
        merged: dict[int, float] = {}
        for v, value in zip(moved.tolist(), entry["values"]):
            merged[v] = max(merged.get(v, 0.0), float(value))
        out[name] = {"vertices": list(merged), "values": list(merged.values())}
    return out


def save_session(path: str | Path, state: SessionState, body) -> Path:
    """Write atomically: a kill during save never leaves a broken file behind."""
    return write_atomic(path, json.dumps(session_to_dict(state, body), indent=1, allow_nan=False))


# --------------------------------------------------------------------- reading
def _fail(path, place, reason):
    return InputError(path, place, reason)


def _require(cond: bool, path, place: str, reason: str) -> None:
    if not cond:
        raise _fail(path, place, reason)


def load_session(path: str | Path, body) -> SessionState:
    """Read and validate a session for ``body``; notes what was adapted in ``state.warnings``."""
    from radviz.files import read_bounded

    path = Path(path)
    data = read_bounded(path, MAX_SESSION_BYTES, "session")  # regular files only: no FIFO, no /dev/zero
    try:
        raw = json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
    except RecursionError:
        raise InputError(path, "", "nested too deeply to be a radviz session") from None
    except UnicodeDecodeError:
        raise InputError(path, "", "not UTF-8 text: not a radviz session") from None
    except json.JSONDecodeError as exc:
        raise InputError(path, f"line {exc.lineno}, column {exc.colno}",
                         f"not valid JSON ({exc.msg}); the file may be truncated or damaged") from None
    except ValueError as exc:
        raise InputError(path, "", str(exc)) from None
    return session_from_dict(raw, body, path)


def _finite_number(v) -> bool:
    """A JSON number that fits a float and is finite (not a bool, not 10**400)."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return False
    try:
        return math.isfinite(float(v))
    except OverflowError:
        return False


def _reject_constant(name: str):
    raise ValueError(f"'{name}' is not allowed in a session")


def session_from_dict(raw, body, path: str | Path = "<session>") -> SessionState:
    _require(isinstance(raw, dict), path, "", "expected a JSON object")
    _require(raw.get("format") == FORMAT, path, "format", f"expected '{FORMAT}', got {raw.get('format')!r}")
    version = raw.get("version")
    _require(isinstance(version, int) and not isinstance(version, bool), path, "version",
             "expected a whole number")
    _require(version <= VERSION, path, "version",
             f"made by a newer radviz (session version {version}; this radviz reads up to {VERSION})")
    _require(version >= 1, path, "version", f"unknown session version {version}")
    state = SessionState()
    body_raw = raw.get("body", {})
    _require(isinstance(body_raw, dict), path, "body", "expected an object")
    state.shape = _string(body_raw.get("shape", "neutral"), path, "body.shape")
    mesh = body_raw.get("mesh")
    if mesh is not None:
        state.mesh = _safe_relative(_string(mesh, path, "body.mesh"), path)
    map_raw = raw.get("map", {})
    _require(isinstance(map_raw, dict), path, "map", "expected an object")
    state.map_name = _string(map_raw.get("name", "lee2008"), path, "map.name")
    _require(state.map_name.replace("_", "").replace("-", "").isalnum(), path, "map.name",
             "a map is named by letters, digits, '-' and '_' only (not a path)")
    _require_dermatome_map(state.map_name, path)
    state.map_digest = _string(map_raw.get("digest", ""), path, "map.digest")
    state.drawing = _read_drawing(raw.get("drawing", {}), body, body_raw.get("n_vertices"), path, state)
    state.findings = _read_findings(raw.get("findings", {}), path)
    view = raw.get("view", {})
    _require(isinstance(view, dict), path, "view", "expected an object")
    state.view = {k: v for k, v in view.items() if k in _VIEW_KEYS and isinstance(v, (str, bool, int, float))}
    state.notes = _string(raw.get("notes", ""), path, "notes")[:MAX_NOTES_CHARS]
    state.patient = read_patient_fields(raw.get("report"), path)
    state.visits = _read_visits(raw, body, path, state)
    state.exam = _read_exam(raw.get("exam"), path)
    return state


def _read_exam(raw, path) -> dict | None:
    """The optional ISNCSCI exam (Praxis layout), validated as ``radviz isncsci`` validates a file;
    errors name the field under ``exam`` ("exam.left.pinPrick.T4")."""
    if raw is None:  # sessions before the exam, and sessions without one
        return None
    from radviz.isncsci import exam_to_dict, parse_exam

    try:
        return exam_to_dict(parse_exam(raw, str(path)))
    except InputError as exc:
        inner = exc.place if exc.place and exc.place != "(top level)" else ""
        raise InputError(path, f"exam.{inner}" if inner else "exam", exc.reason) from None


def _read_visits(raw: dict, body, path, state: SessionState) -> Visits:
    """The dated visits; a file without them (version 1) is one visit on the day it was saved."""
    if "visits" not in raw:
        saved = raw.get("saved")
        day = saved[:10] if isinstance(saved, str) else ""
        try:
            day = check_date(day)
        except ValueError:
            day = today()
        return Visits.single(day, state.drawing, state.findings)
    items, current = raw["visits"], raw.get("visit", 0)
    _require(isinstance(items, list) and 0 < len(items) <= MAX_VISITS, path, "visits",
             f"expected a list of 1 to {MAX_VISITS} visits")
    _require(isinstance(current, int) and not isinstance(current, bool) and 0 <= current < len(items), path,
             "visit", f"expected the index of the open visit, 0 to {len(items) - 1}, got {current!r}"[:120])
    n_saved = raw["body"].get("n_vertices") if isinstance(raw.get("body"), dict) else None
    visits = []
    for k, item in enumerate(items):
        place = f"visits[{k}]"
        _require(isinstance(item, dict), path, place, "expected an object with a date")
        try:
            day = check_date(item.get("date"))
        except ValueError as exc:
            raise _fail(path, f"{place}.date", str(exc)) from None
        if k == current:
            visits.append(Visit(day, state.drawing, state.findings))
            continue
        quiet = SessionState()  # the body-moved warning is said once, for the top-level drawing
        visits.append(Visit(day, _read_drawing(item.get("drawing", {}), body, n_saved, path, quiet,
                                               f"{place}.drawing"),
                            _read_findings(item.get("findings", {}), path, f"{place}.findings")))
    return Visits(visits, current)


def _require_dermatome_map(name: str, path) -> None:
    """A session is scored on a dermatome map; a shipped map of another kind (``nerves``) is refused.

    A name radviz does not ship is kept: the app opens such a session with its current map.
    """
    from radviz.atlas import available_maps

    _require(name in available_maps("dermatomes") or name not in available_maps("nerves"), path, "map.name",
             f"'{name}' is a map of peripheral nerves, not of dermatomes; use one of "
             f"{', '.join(available_maps('dermatomes'))}")


def _string(value, path, place) -> str:
    _require(isinstance(value, str), path, place, f"expected text, got {type(value).__name__}")
    return value


def _safe_relative(name: str, path) -> str | None:
    """A mesh named in a session must be a plain file name beside the session: never a path."""
    p = Path(name)
    _require(not p.is_absolute() and len(p.parts) == 1 and p.name not in ("..", "."), path, "body.mesh",
             f"'{name}' is a path; a session may only name a mesh file in its own folder")
    return p.name


def _read_drawing(raw, body, n_saved, path, state, where: str = "drawing") -> dict:
    _require(isinstance(raw, dict), path, where, "expected an object with pain, numbness, tingling")
    unknown = set(raw) - set(SYMPTOMS)
    _require(not unknown, path, f"{where}.{sorted(unknown)[0] if unknown else ''}",
             f"unknown symptom; allowed: {', '.join(SYMPTOMS)}")
    same_body = n_saved == body.n_vertices
    if n_saved is not None and not same_body:
        state.warnings.append(f"This session was drawn on a body with {n_saved} vertices; the drawing "
                              f"was moved to this body ({body.n_vertices} vertices) by position.")
    out = {}
    for name in SYMPTOMS:
        entry = raw.get(name, {"vertices": [], "values": []})
        place = f"{where}.{name}"
        _require(isinstance(entry, dict), path, place, "expected an object with vertices and values")
        verts, values = entry.get("vertices", []), entry.get("values", [])
        _require(isinstance(verts, list) and isinstance(values, list), path, place,
                 "vertices and values must be lists")
        _require(len(verts) == len(values), path, place,
                 f"{len(verts)} vertices but {len(values)} values")
        for k, v in enumerate(verts):
            _require(isinstance(v, int) and not isinstance(v, bool) and v >= 0, path,
                     f"{place}.vertices[{k}]", f"expected a vertex index, got {v!r}"[:120])
        for k, v in enumerate(values):
            _require(_finite_number(v) and 0 <= v <= 10, path, f"{place}.values[{k}]",
                     f"intensity must be 0..10, got {v!r}"[:120])
        if same_body or n_saved is None:
            bad = [v for v in verts if v >= body.n_vertices]
            _require(not bad, path, f"{place}.vertices", f"vertex {bad[0] if bad else 0} does not exist on "
                     f"this body ({body.n_vertices} vertices)")
            out[name] = {"vertices": verts, "values": [float(x) for x in values]}
            continue
        points = entry.get("points", [])
        _require(isinstance(points, list) and len(points) == len(verts), path, f"{place}.points",
                 "needed to move the drawing to another body: one [x, y, z] per vertex")
        for k, p in enumerate(points):
            _require(isinstance(p, list) and len(p) == 3 and all(_finite_number(c) and abs(c) < 1e4 for c in p),
                     path, f"{place}.points[{k}]", f"expected [x, y, z] in decimetres, got {p!r}"[:120])
        arr = np.asarray(points, dtype=float).reshape(-1, 3)
        moved = _move_points(body, arr)
        merged: dict[int, float] = {}
        for v, value in zip(moved.tolist(), values):
            merged[v] = max(merged.get(v, 0.0), float(value))
        out[name] = {"vertices": list(merged), "values": list(merged.values())}
    return out


def _move_points(body, points: np.ndarray) -> np.ndarray:
    """Base-frame points to this body's vertices (through the base topology when it has one)."""
    if not len(points):
        return np.zeros(0, dtype=np.int64)
    from radviz.body import default_body
    from radviz.shape import base_point_to_vertex

    base = default_body()  # one KD-tree query for all points, then one lookup per distinct base vertex
    snapped, inverse = np.unique(base.nearest_vertex(points), return_inverse=True)
    moved = np.array([base_point_to_vertex(body, base.vertices[v]) for v in snapped], dtype=np.int64)
    return moved[inverse.ravel()]


def _read_findings(raw, path, where: str = "findings") -> Findings:
    _require(isinstance(raw, dict), path, where, "expected an object")
    f = Findings()
    for group, vocab, states in (("motor", MOVEMENTS, ("weak", "normal")),
                                 ("reflexes", REFLEXES, REFLEX_STATES)):
        sides = raw.get(group, {})
        _require(isinstance(sides, dict), path, f"{where}.{group}", "expected an object per side")
        for side, items in sides.items():
            _require(side in ("left", "right"), path, f"{where}.{group}.{side}", "sides are left and right")
            _require(isinstance(items, dict), path, f"{where}.{group}.{side}", "expected an object")
            for name, state in items.items():
                place = f"{where}.{group}.{side}.{name}"
                _require(name in vocab, path, place, f"unknown name; allowed: {', '.join(vocab)}")
                _require(state in states, path, place, f"unknown state {state!r}; allowed: {', '.join(states)}")
                (f.set_motor if group == "motor" else f.set_reflex)(side, name, state)
    signs = raw.get("signs", [])
    _require(isinstance(signs, list), path, f"{where}.signs", "expected a list")
    for k, s in enumerate(signs):
        _require(s in SIGNS, path, f"{where}.signs[{k}]", f"unknown sign {s!r}; allowed: {', '.join(SIGNS)}")
        f.set_sign(s, True)
    return f
