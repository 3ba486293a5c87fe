"""AppState: the one owner of what the user is working on, Qt-free and evented.

The window, its docks, the 2D chart and the session controller all read this object and subscribe
to its events; none of them keeps a copy or assigns another's members.  Two halves:

- the **document**, which a session saves and whose every change marks the session modified:
  body (shape and mesh source), dermatome map, drawing, findings, the ISNCSCI exam
  (:class:`~radviz.exam_state.ExamState`), mode, register (clinician or patient words), skin tone,
  and the report's patient fields and notes;
- the **view state**, saved with the session but not a change to the work: layer, what is shown
  (a :class:`Shown` value), the selected root or nerve, the camera preset and the mouse tool.

Undoable edits (strokes, findings) go through the undo stack's commands, which call the drawing
and findings; the state forwards their ``changed`` signals as ``events.document``.  Every other
change goes through a ``set_*`` method here, which emits its own event and ``events.document`` or
``events.view``.  One :meth:`AppState.set_body` serves presets, sliders and opened meshes.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from radviz.body import Body
from radviz.colors import SKIN_TONES
from radviz.drawing import Drawing
from radviz.engine import Engine, get_engine
from radviz.events import Signal
from radviz.exam_state import ExamState
from radviz.findings import Findings
from radviz.render import VIEWS
from radviz.report_fields import PatientFields
from radviz.visits import Visits

__all__ = ["AppState", "Shown", "StateEvents", "SHOWN_KINDS", "LAYERS", "REGISTERS", "MODES", "TOOLS",
           "UNDOABLE"]

SHOWN_KINDS = ("skin", "root", "nerve", "all", "exam")
LAYERS = ("roots", "nerves", "both")
REGISTERS = ("clinician", "patient")
MODES = ("clinic", "teach")
TOOLS = ("rotate", "paint")
UNDOABLE = frozenset({"drawing", "findings", "exam"})
"""Document fields the undo stack tracks; the rest mark the session modified directly."""


def _check(value, allowed, what: str) -> None:
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r}; allowed: {', '.join(map(str, allowed))}")


@dataclass(frozen=True)
class Shown:
    """What the body shows under the drawing: bare skin, one root or nerve, or every territory.

    ``kind`` 'all' shows the territories of the current layer (roots, or nerves on the nerve layer);
    'exam' colours each dermatome by the ISNCSCI exam's result there.
    """

    kind: str = "skin"
    name: str | None = None
    side: str | None = None

    def __post_init__(self) -> None:
        _check(self.kind, SHOWN_KINDS, "picture")
        if self.kind in ("root", "nerve"):
            if not self.name:
                raise ValueError(f"a {self.kind} picture names its {self.kind}")
            _check(self.side, ("left", "right", "both"), "side")

    @classmethod
    def root(cls, name: str, side: str) -> "Shown":
        return cls("root", name, side)

    @classmethod
    def nerve(cls, name: str, side: str) -> "Shown":
        return cls("nerve", name, side)

    @property
    def selected(self) -> tuple[str, str] | None:
        """The root or nerve (name, side) this picture selects, if any."""
        return (self.name, self.side) if self.kind in ("root", "nerve") else None


SKIN = Shown()
ALL = Shown("all")


class StateEvents:
    """One signal per field, plus ``document(field)`` and ``view(field)`` for whoever follows all.

    ``body(Body)`` also means a new engine; ``drawing(Drawing)`` a drawing object was replaced (a
    body with another vertex count, or Teach mode's own drawing); ``edited(field)`` a stroke or
    finding changed the drawing or findings in place.
    """

    def __init__(self) -> None:
        for name in ("body", "map", "drawing", "findings", "exam", "mode", "register", "tone", "layer", "shown",
                     "camera", "tool", "visits", "report", "document", "view"):
            setattr(self, name, Signal())


class AppState:
    """The document and the view state of one window.

    Parameters
    ----------
    body : Body
    map_name : str
        Dermatome map (a name from ``maps/`` or a map file path).
    shape : str
        How the body was shaped (:func:`radviz.shape.parse_shape` syntax, or 'file:NAME').
    mesh : Path, optional
        The mesh file the body was read from (None: the shipped body).
    """

    def __init__(self, body: Body, map_name: str, shape: str = "neutral", mesh: Path | None = None):
        self.events = StateEvents()
        self.engine: Engine = get_engine(body, map_name)
        self.body, self.shape, self.mesh = self.engine.body, shape, mesh
        self.drawing = Drawing(body.n_vertices)
        self.quiz_drawing: Drawing | None = None
        self.findings = Findings()
        self.exam = ExamState()  # the ISNCSCI exam (None inside until begun); 'exam' pictures show it
        self.mode, self.register, self.tone = "clinic", "clinician", "fair"
        self.layer, self.shown, self.camera, self.tool = "roots", SKIN, "anterior", "paint"  # a first drag paints
        self.visits = Visits.single()  # the open visit's drawing and findings are the two above
        self.patient, self.notes = PatientFields(), ""  # the report's header: saved with the session
        self.drawing.changed.connect(self._drawing_edited)
        self.findings.changed.connect(self._findings_edited)
        self.exam.changed.connect(self._exam_edited)

    # ------------------------------------------------------------------ derived
    @property
    def map_name(self) -> str:
        return self.engine.atlas.map.name

    @property
    def active_drawing(self) -> Drawing:
        """The drawing the views show and strokes change: Teach mode's own, else the patient's."""
        return self.quiz_drawing if self.mode == "teach" and self.quiz_drawing is not None else self.drawing

    @property
    def selected(self) -> tuple[str, str] | None:
        return self.shown.selected

    def _emit(self, field: str, *args, view: bool = False) -> None:
        getattr(self.events, field).emit(*args)
        (self.events.view if view else self.events.document).emit(field)

    def _drawing_edited(self, _changed=None) -> None:
        self.events.document.emit("drawing")

    def _findings_edited(self, *_) -> None:
        self.events.document.emit("findings")

    def _exam_edited(self) -> None:
        self.events.exam.emit(self.exam)
        self.events.document.emit("exam")

    # ------------------------------------------------------------------ document
    def set_body(self, body: Body, shape: str, mesh: Path | None = None) -> None:
        """Show the work on another body (a preset, a slider shape or an opened mesh).

        The drawing follows: vertex for vertex when the body shares the mesh's topology, else moved
        by position as sessions move it (:func:`radviz.session.move_drawing`).
        """
        engine = get_engine(body, self.map_name)
        body = engine.body  # a body with this geometry already has an engine: one object for both
        moved = None
        if body.n_vertices != self.drawing.n_vertices:
            from radviz.session import move_drawing

            moved = Drawing(body.n_vertices)
            moved.load_dict(move_drawing(self.drawing.to_dict(), self.body, body))
            self.visits.move(lambda d, source=self.body: move_drawing(d, source, body))
        self.body, self.engine, self.shape, self.mesh = body, engine, shape, mesh
        if moved is not None:  # replaced before anyone hears of the body: views draw both at once
            self.drawing.changed.disconnect(self._drawing_edited)
            self.drawing = moved
            moved.changed.connect(self._drawing_edited)
        if self.quiz_drawing is not None and self.quiz_drawing.n_vertices != body.n_vertices:
            self.quiz_drawing = Drawing(body.n_vertices)
        self._emit("body", body)
        if moved is not None or self.mode == "teach":
            self._emit("drawing", self.active_drawing)

    def set_map(self, name: str) -> None:
        """Use another dermatome map; raises :class:`~radviz.errors.InputError` and keeps this one if it fails."""
        engine = get_engine(self.body, name)
        if engine is self.engine:
            return
        self.engine = engine
        if self.shown.kind == "root" and self.shown.name not in engine.atlas.territories:
            self.shown = SKIN
            self._emit("shown", SKIN, view=True)
        self._emit("map", self.map_name)

    def load(self, drawing: dict, findings: Findings, exam: dict | None = None) -> None:
        """Replace the drawing, findings and exam (a session opened or recovered; not an undo step).

        ``exam`` is a validated exam in the Praxis layout (None: the session has none).
        """
        self.drawing.load_dict(drawing)
        self.exam.load_dict(exam)
        f = self.findings
        f.motor = {s: dict(m) for s, m in findings.motor.items()}
        f.reflexes = {s: dict(r) for s, r in findings.reflexes.items()}
        f.signs = set(findings.signs)
        f.changed.emit()

    def set_report_fields(self, patient: PatientFields, notes: str) -> None:
        """The patient and clinician fields and the notes a report prints (kept in the session)."""
        if (patient, notes) != (self.patient, self.notes):
            self.patient, self.notes = patient, notes
            self._emit("report", patient, notes)

    def set_mode(self, mode: str) -> None:
        """'clinic' (the patient's drawing) or 'teach' (a quiz drawing of its own, made on first use)."""
        _check(mode, MODES, "mode")
        if mode == self.mode:
            return
        if mode == "teach" and (self.quiz_drawing is None or self.quiz_drawing.n_vertices != self.body.n_vertices):
            self.quiz_drawing = Drawing(self.body.n_vertices)
        self.mode = mode
        self.events.mode.emit(mode)
        self.events.drawing.emit(self.active_drawing)  # not a document change: the patient's drawing is kept

    def set_register(self, register: str) -> None:
        """'clinician' (every panel and number) or 'patient' (plain words, large text)."""
        _check(register, REGISTERS, "register")
        if register != self.register:
            self.register = register
            self._emit("register", register)

    def set_tone(self, tone: str) -> None:
        """The skin tone of every picture (a key of :data:`radviz.colors.SKIN_TONES`)."""
        _check(tone, tuple(SKIN_TONES), "skin tone")
        if tone != self.tone:
            self.tone = tone
            self._emit("tone", tone)

    # ------------------------------------------------------------------ view
    def set_layer(self, layer: str) -> None:
        """Which territories 'all' and the results show: 'roots', 'nerves' or 'both'."""
        _check(layer, LAYERS, "layer")
        if layer != self.layer:
            self.layer = layer
            self._emit("layer", layer, view=True)

    def show(self, shown: Shown) -> None:
        """Show skin, a root, a nerve or every territory (emitted even when unchanged: a redraw)."""
        if shown.kind == "root" and shown.name not in self.engine.atlas.territories:
            raise ValueError(f"unknown root {shown.name!r} in the map {self.map_name!r}")
        nerves = self.engine.nerves
        if shown.kind == "nerve" and (nerves is None or shown.name not in nerves.territories):
            raise ValueError(f"unknown nerve {shown.name!r}")
        self.shown = shown
        self._emit("shown", shown, view=True)

    def set_camera(self, camera: str) -> None:
        _check(camera, VIEWS, "camera preset")
        self.camera = camera
        self._emit("camera", camera, view=True)

    def set_tool(self, tool: str) -> None:
        """'rotate' (the mouse turns the body) or 'paint' (the mouse paints)."""
        _check(tool, TOOLS, "tool")
        if tool != self.tool:
            self.tool = tool
            self._emit("tool", tool, view=True)

    # ------------------------------------------------------------------ visits
    def stored_visits(self) -> Visits:
        """The visits, the open one holding the live drawing and findings (to save, compare, plot)."""
        self.visits.store(self.drawing.to_dict(), self.findings)
        return self.visits

    def add_visit(self, date: str, copy_last: bool = True) -> None:
        """Open a new visit on ``date``: the latest visit's drawing and findings, or a blank one."""
        self._open_visit(self.stored_visits().add(date, copy_last))

    def open_visit(self, index: int) -> None:
        """Step to another visit: its drawing and findings replace the live ones (kept in the list)."""
        if self.stored_visits().checked(index) != self.visits.current:
            self._open_visit(index)

    def set_visit_date(self, index: int, date: str) -> None:
        self.stored_visits().set_date(index, date)
        self._emit("visits", self.visits)

    def remove_visit(self, index: int) -> None:
        """Drop a visit (not the last one); if it was open, the visit now at its place opens."""
        self.stored_visits().remove(index)
        self._open_visit(self.visits.current)

    def load_visits(self, visits: Visits) -> None:
        """Replace the visits (a session opened or recovered) and open the one it had open."""
        self.visits = visits
        self._open_visit(visits.current)

    def _open_visit(self, index: int) -> None:
        self.visits.current = index
        visit = self.visits.open
        self.drawing.load_dict(visit.drawing)  # the rest of the document (body, map, exam) stays
        f = self.findings
        f.motor = {s: dict(m) for s, m in visit.findings.motor.items()}
        f.reflexes = {s: dict(r) for s, r in visit.findings.reflexes.items()}
        f.signs = set(visit.findings.signs)
        f.changed.emit()
        self._emit("visits", self.visits)
