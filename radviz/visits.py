"""Visits of one patient: dated drawings, each with its findings, kept in date order (Qt-free).

Pain drawings are followed over time (PainTrek, the Aalborg weekly drawings): a patient file holds
several visits, one of them open in the window.  The open visit's drawing and findings live in the
:class:`~radviz.state.AppState` (strokes and undo change them there); :meth:`Visits.store` copies
them back here before the list is saved, stepped or compared.  Trends and differences come from
:mod:`radviz.trends`, so the app, the report and the tests read the same numbers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as _date

import numpy as np

from radviz.colors import hex_rgb
from radviz.drawing import Drawing
from radviz.findings import Findings
from radviz.trends import Change, RootTrend, compare, painted_area, root_trends, symptom_summary

__all__ = ["Visit", "Visits", "VisitTrends", "MAX_VISITS", "check_date", "today", "visit_trends",
           "difference_rgb", "DIFFERENCE_COLOURS"]

MAX_VISITS = 500
"""More visits than anyone draws in years of weekly follow-up; keeps a session file bounded."""

DIFFERENCE_COLOURS = {"new": "#b38cff", "resolved": "#266673", "persisting": "#00004d"}
"""Light violet, dark teal and midnight blue: at least 30 CAM02-UCS units apart for normal,
deuteranopic and protanopic vision (Okabe-Ito's vermillion and orange were 15 apart under
deuteranopia) and 20 from every skin tone.  Chosen by search over sRGB: the symptom ramps (red,
blue, yellow, each light to dark) and the zone hues leave no three colours 20 from all of them; these
keep 14 away, so no difference reads as a symptom's shade (``tests/test_review2_colours.py``)."""

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_date(text) -> str:
    """The text if it is a calendar date written YYYY-MM-DD, else ValueError saying so."""
    if not isinstance(text, str) or not _ISO_DATE.fullmatch(text):
        raise ValueError(f"expected a date written YYYY-MM-DD, got {text!r}"[:120])
    try:
        _date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a calendar date") from None
    return text


def today() -> str:
    return _date.today().isoformat()


def _copy_drawing(drawing: dict) -> dict:
    return {name: {"vertices": list(e["vertices"]), "values": list(e["values"])} for name, e in drawing.items()}


def _copy_findings(findings: Findings) -> Findings:
    return Findings.from_dict(findings.to_dict())


@dataclass
class Visit:
    """One visit: its ``date`` (YYYY-MM-DD), ``drawing`` (``Drawing.to_dict`` form) and ``findings``."""

    date: str
    drawing: dict = field(default_factory=dict)
    findings: Findings = field(default_factory=Findings)

    def as_drawing(self, n_vertices: int) -> Drawing:
        drawing = Drawing(n_vertices)
        drawing.load_dict(self.drawing)
        return drawing


class Visits:
    """The visits of one patient file, oldest first, and which one is open (``current``).

    Parameters
    ----------
    visits : list of Visit
        At least one; kept in date order (visits of one day in the order they were added).
    current : int
        Index of the open visit.
    """

    def __init__(self, visits: list[Visit], current: int = 0):
        if not visits:
            raise ValueError("a patient file holds at least one visit")
        if len(visits) > MAX_VISITS:
            raise ValueError(f"{len(visits)} visits; a patient file holds at most {MAX_VISITS}")
        if not 0 <= current < len(visits):
            raise ValueError(f"open visit {current} of {len(visits)}")
        for visit in visits:
            check_date(visit.date)
        order = sorted(range(len(visits)), key=lambda k: visits[k].date)  # stable: same-day order kept
        self.visits = [visits[k] for k in order]
        self.current = order.index(current)

    @classmethod
    def single(cls, date: str | None = None, drawing: dict | None = None,
               findings: Findings | None = None) -> "Visits":
        """One visit (a new file, or a session saved before visits existed)."""
        return cls([Visit(date or today(), drawing or {}, findings or Findings())])

    def __len__(self) -> int:
        return len(self.visits)

    def __getitem__(self, index: int) -> Visit:
        return self.visits[index]

    @property
    def dates(self) -> list[str]:
        return [v.date for v in self.visits]

    @property
    def open(self) -> Visit:
        return self.visits[self.current]

    def store(self, drawing: dict, findings: Findings) -> None:
        """Keep the open visit's live drawing and findings (before saving, stepping or comparing)."""
        self.open.drawing, self.open.findings = _copy_drawing(drawing), _copy_findings(findings)

    def add(self, date: str, copy_last: bool = True) -> int:
        """A new visit on ``date``: a copy of the last visit before it (drawing and findings), or blank.

        Returns its index (visits stay in date order; it goes after visits of the same day).  The
        last visit on or before ``date`` is copied (the first visit, when the new one is earlier).
        """
        check_date(date)
        if len(self.visits) >= MAX_VISITS:
            raise ValueError(f"a patient file holds at most {MAX_VISITS} visits")
        index = sum(1 for v in self.visits if v.date <= date)
        last = self.visits[max(index - 1, 0)]
        visit = Visit(date, _copy_drawing(last.drawing), _copy_findings(last.findings)) if copy_last else Visit(date)
        self.visits.insert(index, visit)
        if index <= self.current:
            self.current += 1
        return index

    def set_date(self, index: int, date: str) -> int:
        """Re-date a visit; returns its new index (the list stays in date order)."""
        check_date(date)
        opened = self.open
        visit = self.visits.pop(self.checked(index))
        visit.date = date
        new = sum(1 for v in self.visits if v.date <= date)
        self.visits.insert(new, visit)
        self.current = next(k for k, v in enumerate(self.visits) if v is opened)
        return new

    def remove(self, index: int) -> None:
        """Drop a visit (never the last one left); the open visit stays open when it is not the one."""
        index = self.checked(index)
        if len(self.visits) == 1:
            raise ValueError("a patient file keeps at least one visit")
        opened = self.open
        del self.visits[index]
        self.current = next((k for k, v in enumerate(self.visits) if v is opened), min(index, len(self.visits) - 1))

    def checked(self, index: int) -> int:
        """``index`` if a visit has it, else IndexError naming the number of visits."""
        if not 0 <= index < len(self.visits):
            raise IndexError(f"visit {index + 1} of {len(self.visits)}")
        return index

    def move(self, move) -> None:
        """Move every stored drawing to another body: ``move(drawing_dict) -> drawing_dict``."""
        for visit in self.visits:
            visit.drawing = move(visit.drawing)

    def compare(self, before: int, after: int, body, symptom: str | None = None) -> Change:
        """New, resolved and persisting skin from visit ``before`` to visit ``after``."""
        n = body.n_vertices
        return compare(self[self.checked(before)].as_drawing(n), self[self.checked(after)].as_drawing(n), body, symptom)


@dataclass(frozen=True)
class VisitTrends:
    """What changed over the visits, one entry per visit (oldest first).

    ``summaries`` : per visit, :func:`radviz.trends.symptom_summary` (per symptom area_cm2,
    skin_percent, mean, peak); ``area_cm2`` / ``skin_percent`` : painted skin of any symptom;
    ``roots`` : the leading roots' scores (:class:`~radviz.trends.RootTrend`).
    """

    dates: list[str]
    summaries: list[dict]
    area_cm2: np.ndarray
    skin_percent: np.ndarray
    roots: RootTrend


def visit_trends(visits: Visits, engine, top: int = 3) -> VisitTrends:
    """Area, intensity per symptom and the top roots' scores of every visit, scored on ``engine``."""
    body = engine.body
    drawings = [v.as_drawing(body.n_vertices) for v in visits.visits]
    extents = [painted_area(d, body) for d in drawings]
    return VisitTrends(visits.dates, [symptom_summary(d, body) for d in drawings],
                       np.array([e.area_cm2 for e in extents]), np.array([e.skin_percent for e in extents]),
                       root_trends(drawings, engine, [v.findings for v in visits.visits], top))


def difference_rgb(base: np.ndarray, change: Change) -> np.ndarray:
    """Per-vertex colours: ``base`` with new, resolved and persisting skin in :data:`DIFFERENCE_COLOURS`."""
    rgb = np.array(base, dtype=float, copy=True)
    for kind in ("persisting", "resolved", "new"):
        rgb[getattr(change, kind)] = hex_rgb(DIFFERENCE_COLOURS[kind])
    return rgb
