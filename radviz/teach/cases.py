"""Cases made from the maps: painted skin and findings for a root, checked by the localization engine."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from radviz.drawing import SYMPTOMS, Drawing, brush
from radviz.findings import Findings
from radviz.teach.common import MAIN, root_name, where_on_body, words

__all__ = ["Case", "make_case", "check_case"]


@dataclass
class Case:
    """A short case made from the maps: painted skin, findings and the root it was built from."""

    root: str
    side: str
    vertices: np.ndarray
    values: np.ndarray
    symptom: str
    findings: Findings
    text: str

    def drawing(self, n_vertices: int) -> Drawing:
        d = Drawing(n_vertices)
        d.paint(self.symptom, self.vertices, self.values)
        return d


def make_case(engine, root: str, side: str, rng: np.random.Generator, discs: int = 3,
              radius: float = 0.25) -> Case:
    """Build a case for ``side root`` from the data alone.

    A few brush discs centred in the root's core (weight >= 0.8, centres chosen with ``rng``),
    weakness of the movements the root mainly drives (myotome weight >= 0.9) and a decreased
    reflex where it is a main root.  Built from data, so every root gets a case and a map fix
    fixes the cases.
    """
    body, atlas = engine.body, engine.atlas
    w = atlas.column_weights(root, side)
    core = np.flatnonzero(w >= 0.8)
    if not len(core):
        core = np.argsort(w)[-20:]
    seeds = rng.choice(core, size=min(discs, len(core)), replace=False)
    symptom = SYMPTOMS[int(rng.integers(len(SYMPTOMS)))]
    vals = np.zeros(body.n_vertices)
    for s in seeds:
        v, x = brush(body, int(s), radius, 6.0)
        vals[v] = np.maximum(vals[v], x)
    verts = np.flatnonzero(vals)
    findings = Findings()
    weak, reflexes = [], []
    my = engine.myotomes
    if my is not None:
        weak = [m for m, c in my.root_movements(root).items() if c >= MAIN]
        reflexes = [r for r, c in my.root_reflexes(root).items() if c >= MAIN]
    for m in weak:
        findings.set_motor(side, m, "weak")
    for r in reflexes:
        findings.set_reflex(side, r, "decreased")
    exam = [f"weak {words(m)}" for m in weak] + [f"a decreased {words(r)} reflex" for r in reflexes]
    text = (f"{symptom.capitalize()} over the marked skin ({where_on_body(body, verts)})."
            + (f" On examination: {', '.join(exam)} on the {side}." if exam else
               " The examination of strength and reflexes is normal."))
    return Case(root, side, verts, vals[verts], symptom, findings, text)


def check_case(engine, case: Case, answer: str) -> tuple[bool, str]:
    """Check a root picked for a case; the feedback is the localization engine's explanation."""
    result = engine.locate(case.drawing(engine.body.n_vertices), case.findings)
    name = root_name(answer)
    correct = name == case.root
    top = result.roots[0]
    head = (f"Right: the case was built from the {case.side} {case.root} root. " if correct else
            f"Not quite: the case was built from the {case.side} {case.root} root, not {name}. ")
    if (top.root, top.side) != (case.root, case.side):
        head += (f"(The engine itself ranks {top.side} {top.root} first here: neighbouring roots "
                 f"overlap.) ")
    return correct, head + result.explanation
