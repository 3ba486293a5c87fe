"""From a drawing and findings to ranked explanations: roots, peripheral nerves, polyneuropathy.

The model (one explicit likelihood, no special cases)
-----------------------------------------------------
Every hypothesis H has a *supply* S_H(v) in 0..1 per skin vertex: a root's compiled weights, the
union of two adjacent roots, a peripheral nerve's territory, the length-dependent
(stocking-glove) template on both sides, or uniform skin ("not anatomical").

* Drawing.  Symptoms are read as a sample from a density over the skin:
  q_H(v) = (1 - eps) * a_v S_H(v) / Z_H + eps * a_v / A,  with Z_H = sum a S_H and A the skin area.
  ``eps`` is the share of symptoms outside any territory: radicular pain is often not dermatomal
  (Murphy et al. 2009: 64-70 % of drawings), sensory loss fits better, so eps is 0.35 for pain,
  0.25 for tingling and 0.15 for numbness.  The drawing's log-likelihood is
  N_eff * sum_v m_v log q_H(v), where m_v is the drawing's area-and-intensity share at v and
  N_eff ~ the number of independent brush-sized patches (2..25), so a larger drawing carries more
  evidence.  A smaller territory that holds the whole drawing beats a larger one.
* Findings multiply in as independent terms.  A movement weakens under H with probability
  p = 0.05 + 0.70 c, where c is H's share of that movement's supply (myotome table: main 1.0,
  secondary 0.6, minor 0.25); a tested-normal movement counts 1 - p, so a spared movement is as
  telling as a weak one.  Reflexes likewise (decreased/absent: 0.05 + 0.65 c).  Increased reflexes
  and UMN signs are nearly impossible under any root, nerve or polyneuropathy (p = 0.02).
* Priors: single roots 1, a pair of adjacent roots 0.3, a single nerve 0.8, polyneuropathy 0.5,
  not anatomical 0.3.  Posteriors are normalised over all hypotheses.

A root's score is the posterior probability that it is involved: its single-root hypothesis plus
the pairs that contain it (each in 0..1).  Overlap with a neighbour n is the share of the drawing
both explain: sum a D min(W_r, W_n) / sum a D.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from radviz.atlas import Atlas
from radviz.body import Body
from radviz.drawing import SYMPTOMS
from radviz.findings import Findings

__all__ = ["Localizer", "Result", "RootScore", "NerveScore", "EPSILON", "RED_FLAG_TEXT"]

EPSILON = {"pain": 0.35, "tingling": 0.25, "numbness": 0.15}
_PRIOR = {"root": 1.0, "pair": 0.3, "nerve": 0.8, "poly": 0.5, "background": 0.3}
_DELTA = 0.05
_UMN_SIGNS = ("babinski", "hoffmann", "clonus")
RED_FLAG_TEXT = {
    "cauda_equina": ("Seek urgent care now (an emergency department): numbness in the saddle area, "
                     "new bladder or bowel trouble, or symptoms in both legs can mean pressure on the "
                     "nerves at the bottom of the spine (cauda equina syndrome), which needs treatment "
                     "within hours."),
    "upper_motor_neuron": ("Brisk reflexes, clonus, a Babinski or Hoffmann sign point to the spinal cord "
                           "or brain rather than a single nerve root: see a doctor urgently."),
}


@dataclass
class RootScore:
    root: str
    side: str
    score: float
    explained: float  # share of the drawing this root can explain
    painted: float  # share of its own dermatome that is painted
    overlap: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"root": self.root, "side": self.side, "score": round(self.score, 4),
                "explained": round(self.explained, 4), "painted": round(self.painted, 4),
                "overlap": {k: round(v, 4) for k, v in self.overlap.items()}}


@dataclass
class NerveScore:
    nerve: str
    side: str
    score: float

    def to_json(self) -> dict:
        return {"nerve": self.nerve, "side": self.side, "score": round(self.score, 4)}


@dataclass
class Result:
    map: str
    roots: list[RootScore]
    nerves: list[NerveScore]
    flags: list[str]
    explanation: str
    kinds: dict[str, float]  # posterior mass per kind of explanation

    def to_json(self) -> dict:
        return {"map": self.map, "roots": [r.to_json() for r in self.roots],
                "nerves": [n.to_json() for n in self.nerves], "flags": list(self.flags),
                "explanation": self.explanation,
                "kinds": {k: round(v, 4) for k, v in self.kinds.items()}}


@dataclass
class _Hypotheses:
    kind: list[str]  # root | pair | nerve | poly | background
    names: list[tuple[str, ...]]
    sides: list[str]
    supply: sp.csr_matrix  # (n_vertices, n_hyp - 1): every hypothesis but uniform skin
    norm: np.ndarray  # Z_H
    log_prior: np.ndarray


class Localizer:
    """Scores drawings and findings against one dermatome atlas (and optionally nerves).

    Parameters
    ----------
    body : Body
    atlas : Atlas
        Compiled dermatome map.
    myotomes : MyotomeMap or None
        Muscles, movements and reflexes per root and nerve (``radviz.atlas.myotomes``).
    nerves : Atlas or None
        Compiled peripheral-nerve map.
    patterns : dict of str to array, optional
        Non-radicular templates; ``"length_dependent"``: per-vertex weight (both sides).
    """

    def __init__(self, body: Body, atlas: Atlas, myotomes=None, nerves: Atlas | None = None,
                 patterns: dict[str, np.ndarray] | None = None):
        self.body, self.atlas, self.myotomes, self.nerves = body, atlas, myotomes, nerves
        self.area = body.vertex_areas
        self.total_area = float(self.area.sum())
        self.hyp = self._build(patterns or {})
        self._single = {(n[0], sd): k for k, (kd, n, sd) in
                        enumerate(zip(self.hyp.kind, self.hyp.names, self.hyp.sides)) if kd == "root"}

    # ----------------------------------------------------------- hypotheses
    def _build(self, patterns: dict[str, np.ndarray]) -> _Hypotheses:
        """Sparse supply columns for every hypothesis except 'not anatomical' (uniform skin)."""
        kinds, names, sides, cols = [], [], [], []
        tmap = self.atlas.map
        w = self.atlas.weights.tocsc()
        spinal = [t for t in self.atlas.territories if tmap.territories[t].kind == "spinal"]
        seq = [r for r in tmap.sequence if r in spinal]
        for side in ("left", "right"):
            col = {r: w[:, self.atlas.column(r, side)] for r in spinal}
            for r in spinal:
                kinds.append("root"); names.append((r,)); sides.append(side); cols.append(col[r])
            for a, b in zip(seq[:-1], seq[1:]):
                kinds.append("pair"); names.append((a, b)); sides.append(side)
                cols.append(col[a].maximum(col[b]))
        if self.nerves is not None:
            nw = self.nerves.weights.tocsc()
            for side in ("left", "right"):
                for nerve in self.nerves.territories:
                    kinds.append("nerve"); names.append((nerve,)); sides.append(side)
                    cols.append(nw[:, self.nerves.column(nerve, side)])
        if "length_dependent" in patterns:
            kinds.append("poly"); names.append(("length_dependent",)); sides.append("both")
            cols.append(sp.csc_matrix(np.asarray(patterns["length_dependent"], dtype=float)[:, None]))
        supply = sp.hstack(cols).tocsr()
        norm = np.asarray(supply.T @ self.area).ravel()
        kinds.append("background"); names.append(("not anatomical",)); sides.append("both")
        norm = np.r_[norm, self.total_area]
        kind_arr = np.array(kinds)
        prior = np.array([_PRIOR[k] for k in kinds])
        counts = {k: int((kind_arr == k).sum()) for k in set(kinds)}
        prior = prior / np.array([counts[k] for k in kinds])  # each kind's total prior is _PRIOR[kind]
        return _Hypotheses(kinds, names, sides, supply, np.maximum(norm, 1e-12), np.log(prior))

    # ----------------------------------------------------------- findings
    def _finding_columns(self, table: dict[str, float], kind: str) -> np.ndarray:
        """Per hypothesis: its share c in 0..1 of a movement's / reflex's supply ``table``."""
        out = np.zeros(len(self.hyp.kind))
        for k, (knd, names) in enumerate(zip(self.hyp.kind, self.hyp.names)):
            if knd in ("root", "pair") and kind == "root":
                out[k] = max(table.get(n, 0.0) for n in names)
            elif knd == "nerve" and kind == "nerve":
                out[k] = table.get(names[0], 0.0)
        return out

    def _findings_loglik(self, findings: Findings, default_side: str | None) -> np.ndarray:
        ll = np.zeros(len(self.hyp.kind))
        if self.myotomes is None:
            return ll
        sides = np.array(self.hyp.sides)
        kinds = np.array(self.hyp.kind)
        for side in ("left", "right"):
            same = (sides == side) | (sides == "both")
            for movement, state in findings.motor.get(side, {}).items():
                c = self._finding_columns(self.myotomes.movement_roots(movement), "root") + \
                    self._finding_columns(self.myotomes.movement_nerves(movement), "nerve")
                c[kinds == "poly"] = _POLY_MOTOR.get(movement, 0.1)
                c[~same] = 0.0
                p = _DELTA + 0.70 * np.clip(c, 0, 1)
                ll += np.log(p if state == "weak" else 1.0 - p)
            for reflex, state in findings.reflexes.get(side, {}).items():
                if state == "increased":
                    ll += np.log(0.02)  # no root, nerve or neuropathy makes a reflex brisk
                    continue
                c = self._finding_columns(self.myotomes.reflex_roots(reflex), "root")
                c += _nerve_covers(self.myotomes, self.myotomes.reflexes[reflex].nerve, self.hyp)
                c[kinds == "poly"] = 0.6 if reflex == "achilles" else 0.15
                c[~same] = 0.0
                p = _DELTA + 0.65 * np.clip(c, 0, 1)
                ll += np.log(p if state in ("decreased", "absent") else 1.0 - p)
        for sign in findings.signs:
            if sign in _UMN_SIGNS:
                ll += np.log(0.02)
        return ll

    # ----------------------------------------------------------- scoring
    def score(self, vertices: np.ndarray, values: np.ndarray, symptom_rows: np.ndarray | None = None,
              findings: Findings | None = None, motor_side: str | None = None) -> Result:
        """Rank explanations for painted ``vertices`` with intensities ``values`` (0..10).

        ``symptom_rows`` (3, k), if given, sets each vertex's background share by its symptom.
        Work is proportional to the painted vertices and their few territories (sparse rows).
        """
        findings = findings or Findings()
        vertices = np.asarray(vertices, dtype=np.int64)
        values = np.asarray(values, dtype=float)
        n_h = len(self.hyp.kind)
        ll = self.hyp.log_prior + self._findings_loglik(findings, motor_side)
        explained = np.zeros(n_h)
        rows = None
        mass = self.area[vertices] * values
        total = float(mass.sum())
        if len(vertices) and total > 0:
            share = mass / total
            eps = self._epsilon(symptom_rows, len(vertices))
            rows = self.hyp.supply[vertices].tocoo()
            base = np.log(eps / self.total_area)  # log q/a outside every territory
            gain = np.log((1 - eps[rows.row]) * rows.data / self.hyp.norm[rows.col]
                          + eps[rows.row] / self.total_area) - base[rows.row]
            draw = np.full(n_h, float(share @ base))
            np.add.at(draw, rows.col, share[rows.row] * gain)
            draw[-1] = -np.log(self.total_area)  # uniform skin
            painted_area = float(self.area[vertices].sum())
            n_eff = float(np.clip(painted_area / (np.pi * 0.25 ** 2), 2.0, 25.0))
            ll = ll + n_eff * draw
            np.add.at(explained, rows.col, share[rows.row] * rows.data)
            explained[-1] = 1.0
            # A length-dependent polyneuropathy is symmetric: a one-sided drawing is unlikely under it.
            ll[np.array(self.hyp.kind) == "poly"] += n_eff * np.log(0.05 + 0.95 * self._balance(vertices, mass))
        post = np.exp(ll - ll.max())
        post /= post.sum()
        return self._result(post, explained, vertices, mass, total, rows, findings)

    def _balance(self, vertices: np.ndarray, mass: np.ndarray) -> float:
        """1 when the drawing is split evenly between the sides, 0 when it is all on one side."""
        side = self.body.side[vertices]
        left, right = float(mass[side > 0].sum()), float(mass[side < 0].sum())
        return 2.0 * min(left, right) / max(left + right, 1e-12)

    def _epsilon(self, rows: np.ndarray | None, k: int) -> np.ndarray:
        """Per painted vertex: the share of such symptoms felt outside any territory."""
        table = np.array([EPSILON[name] for name in SYMPTOMS])
        if rows is None or not np.any(rows):
            return np.full(k, EPSILON["pain"])
        rows = np.asarray(rows, dtype=float)
        # a vertex with several symptoms counts by its most specific one (numbness fits best)
        present = rows > 0
        return np.where(present, table[:, None], 1.0).min(axis=0)

    def _result(self, post, explained, vertices, mass, total, rows, findings) -> Result:
        hyp = self.hyp
        kinds = np.array(hyp.kind)
        root_score: dict[tuple[str, str], float] = {}
        for k in np.flatnonzero((kinds == "root") | (kinds == "pair")):
            for r in hyp.names[k]:
                key = (r, hyp.sides[k])
                root_score[key] = root_score.get(key, 0.0) + float(post[k])
        # single-root weights of the painted vertices, one dense block (painted x roots)
        single_cols = np.array(sorted(self._single.values()))
        block = rows.tocsr()[:, single_cols].toarray() if rows is not None else None
        position = {k: j for j, k in enumerate(single_cols)}

        def drawn(r: str, side: str) -> np.ndarray:
            return block[:, position[self._single[(r, side)]]] if block is not None else np.zeros(0)

        roots = []
        for (r, side), score in root_score.items():
            k = self._single[(r, side)]
            w = drawn(r, side)
            overlap = {}
            for n in sorted(self.atlas.map.neighbours(r), key=self._order):
                if (n, side) not in self._single:
                    continue
                overlap[n] = float(mass @ np.minimum(w, drawn(n, side)) / total) if block is not None else 0.0
            painted = float(explained[k] * total / hyp.norm[k]) if total else 0.0
            roots.append(RootScore(r, side, min(score, 1.0), float(explained[k]), min(painted, 1.0), overlap))
        roots.sort(key=lambda x: (-x.score, -x.explained, self._order(x.root), x.side))
        nerves = [NerveScore(hyp.names[k][0], hyp.sides[k], float(post[k]))
                  for k in np.flatnonzero(kinds == "nerve")]
        nerves.sort(key=lambda x: -x.score)
        kind_mass = {kd: float(post[kinds == kd].sum()) for kd in ("root", "pair", "nerve", "poly", "background")}
        values = mass / np.maximum(self.area[vertices], 1e-12) if len(vertices) else mass
        flags = self._flags(post, explained, kinds, vertices, values, findings, kind_mass, roots, nerves)
        from radviz.explain import explain

        text = explain(self, roots, nerves, flags, kind_mass, findings, len(vertices) > 0)
        return Result(self.atlas.map.name, roots, nerves, flags, text,
                      {"roots": kind_mass["root"] + kind_mass["pair"], "nerve": kind_mass["nerve"],
                       "polyneuropathy": kind_mass["poly"], "not_anatomical": kind_mass["background"]})

    def _order(self, root: str) -> int:
        seq = list(self.atlas.map.sequence)
        return seq.index(root) if root in seq else len(seq)

    def _flags(self, post, explained, kinds, vertices, values, findings, kind_mass, roots, nerves) -> list[str]:
        flags = []
        if (len(vertices) and kind_mass["poly"] > max(kind_mass["root"] + kind_mass["pair"], kind_mass["nerve"], 0.3)
                and self._balance(vertices, self.area[vertices] * values) >= 0.3):
            flags.append("stocking_glove")
        radicular = (kinds == "root") | (kinds == "pair")
        if len(vertices) and "stocking_glove" not in flags and explained[radicular].max(initial=0.0) < 0.5:
            flags.append("non_dermatomal")
        best_root = max((r.score for r in roots), default=0.0)
        if nerves and nerves[0].score > best_root and len(vertices) + len(findings.motor["left"]) + len(findings.motor["right"]):
            flags.append("peripheral_nerve")
        if self._saddle_both_sides(vertices) or {"saddle_numbness", "bladder_bowel", "bilateral_weakness"} & findings.signs:
            flags.append("cauda_equina")
        increased = any(s == "increased" for side in findings.reflexes.values() for s in side.values())
        if increased or set(_UMN_SIGNS) & findings.signs:
            flags.append("upper_motor_neuron")
        return flags

    def _saddle_both_sides(self, vertices: np.ndarray) -> bool:
        """Drawing inside S3/S4-5 skin (perianal, medial buttock) on both sides."""
        if not len(vertices):
            return False
        sub = self.hyp.supply[vertices]
        hit = []
        for side in ("left", "right"):
            cols = [self._single[(r, side)] for r in ("S3", "S4-5") if (r, side) in self._single]
            hit.append(bool(cols) and bool((sub[:, cols].toarray() >= 0.5).any()))
        return all(hit)


_POLY_MOTOR = {"ankle_dorsiflexion": 0.5, "great_toe_extension": 0.6, "ankle_eversion": 0.4,
               "ankle_plantarflexion": 0.3, "finger_abduction": 0.35}


def _nerve_covers(myotomes, nerve: str, hyp: _Hypotheses) -> np.ndarray:
    """1 for nerve hypotheses that are ``nerve`` or one of its parents (a lesion above it)."""
    out = np.zeros(len(hyp.kind))
    parents = {nerve}
    node = nerve
    while node in myotomes.nerve_branches:
        node = myotomes.nerve_branches[node]
        parents.add(node)
    for k, (kind, names) in enumerate(zip(hyp.kind, hyp.names)):
        if kind == "nerve" and names[0] in parents:
            out[k] = 1.0
    return out
