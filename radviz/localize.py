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

__all__ = ["Localizer", "LiveScorer", "DrawingSums", "Result", "RootTable", "RootScore", "NerveScore", "EPSILON",
           "RED_FLAG_TEXT"]

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
class RootTable:
    """Every (root, side) score as arrays; RootScore objects are made only when asked for."""

    keys: list[tuple[str, str]]
    order: np.ndarray  # best first
    scores: np.ndarray
    explained: np.ndarray
    painted: np.ndarray
    overlap: np.ndarray  # per neighbour pair
    neighbours: dict[tuple[str, str], list[tuple[str, int]]]

    def row(self, j: int) -> RootScore:
        key = self.keys[j]
        return RootScore(key[0], key[1], float(self.scores[j]), float(self.explained[j]),
                         float(self.painted[j]), {n: float(self.overlap[a]) for n, a in self.neighbours[key]})

    def top(self, n: int) -> list[RootScore]:
        return [self.row(j) for j in self.order[:n].tolist()]


class Result:
    """Ranked explanations of one drawing and its findings."""

    def __init__(self, map: str, table: RootTable, nerves: list[NerveScore], flags: list[str],
                 explanation: str, kinds: dict[str, float]):
        self.map, self.table, self.nerves, self.flags = map, table, nerves, flags
        self.explanation, self.kinds = explanation, kinds
        self._roots: list[RootScore] | None = None

    @property
    def roots(self) -> list[RootScore]:
        """All roots, best first."""
        if self._roots is None:
            self._roots = self.table.top(len(self.table.keys))
        return self._roots

    def to_json(self, min_score: float = 1e-4, keep: int = 5) -> dict:
        """The CLI contract.  Roots and nerves below ``min_score`` are left out (at least ``keep``
        roots and 3 nerves stay), so a line stays readable and batch output small."""
        t = self.table
        order = t.order.tolist()
        order = [j for n, j in enumerate(order) if n < keep or t.scores[j] >= min_score]
        sc, ex, pa = (np.round(a, 4).tolist() for a in (t.scores, t.explained, t.painted))
        ov = np.round(t.overlap, 4).tolist()
        roots = [{"root": t.keys[j][0], "side": t.keys[j][1], "score": sc[j], "explained": ex[j],
                  "painted": pa[j], "overlap": {n: ov[a] for n, a in t.neighbours[t.keys[j]]}}
                 for j in order]
        nerves = [n.to_json() for k, n in enumerate(self.nerves) if k < 3 or n.score >= min_score]
        return {"map": self.map, "roots": roots, "nerves": nerves,
                "flags": list(self.flags), "explanation": self.explanation,
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
        self._kinds = np.array(self.hyp.kind)
        self._finding_cache: dict = {}
        self._findings_cache: dict[str, np.ndarray] = {}
        self._kind_index = {kd: np.flatnonzero(self._kinds == kd) for kd in _PRIOR}
        self._gain_tables: dict[float, sp.csr_matrix] = {}
        self._single = {(n[0], sd): k for k, (kd, n, sd) in
                        enumerate(zip(self.hyp.kind, self.hyp.names, self.hyp.sides)) if kd == "root"}
        self._nerve_idx = np.flatnonzero(self._kinds == "nerve")
        self._sequence_index = {r: k for k, r in enumerate(atlas.map.sequence)}
        self._root_keys = list(self._single)
        member = np.zeros((len(self.hyp.kind), len(self._root_keys)))
        position = {key: j for j, key in enumerate(self._root_keys)}
        for k, (kd, names, sd) in enumerate(zip(self.hyp.kind, self.hyp.names, self.hyp.sides)):
            if kd in ("root", "pair"):
                for r in names:
                    member[k, position[(r, sd)]] = 1.0
        self._membership = member
        self._root_hyp = np.array([self._single[key] for key in self._root_keys])
        self._root_seq_rank = np.array([self._sequence_index.get(r, 99) for r, _ in self._root_keys])
        self._root_side_rank = np.array([0 if sd == "left" else 1 for _, sd in self._root_keys])
        self._build_aux()

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

    def _build_aux(self) -> None:
        """Per-vertex helpers: min(W_r, W_n) for every neighbour pair, and saddle skin per side."""
        w = self.atlas.weights.tocsc()
        tmap = self.atlas.map
        cols, self._neighbour_aux = [], {}
        for (r, side) in self._root_keys:
            pairs = []
            for n in sorted(tmap.neighbours(r), key=lambda x: self._sequence_index.get(x, 99)):
                if (n, side) not in self._single:
                    continue
                pairs.append((n, len(cols)))
                cols.append(w[:, self.atlas.column(r, side)].minimum(w[:, self.atlas.column(n, side)]))
            self._neighbour_aux[(r, side)] = pairs
        self._aux = sp.hstack(cols).tocsr() if cols else sp.csr_matrix((self.body.n_vertices, 0))
        saddle = np.zeros((self.body.n_vertices, 2))
        for j, side in enumerate(("left", "right")):
            for r in ("S3", "S4-5"):
                if (r, side) in self._single:
                    saddle[:, j] = np.maximum(saddle[:, j], np.asarray(
                        w[:, self.atlas.column(r, side)].todense()).ravel() >= 0.5)
        self._saddle = saddle

    # ----------------------------------------------------------- findings
    def _finding_columns(self, table: dict[str, float], kind: str) -> np.ndarray:
        """Per hypothesis: its share c in 0..1 of a movement's / reflex's supply ``table`` (memoised)."""
        key = (kind, tuple(sorted(table.items())))
        cached = self._finding_cache.get(key)
        if cached is None:
            cached = self._finding_cache[key] = self._finding_columns_uncached(table, kind)
        return cached.copy()

    def _finding_columns_uncached(self, table: dict[str, float], kind: str) -> np.ndarray:
        out = np.zeros(len(self.hyp.kind))
        for k, (knd, names) in enumerate(zip(self.hyp.kind, self.hyp.names)):
            if knd in ("root", "pair") and kind == "root":
                out[k] = max(table.get(n, 0.0) for n in names)
            elif knd == "nerve" and kind == "nerve":
                out[k] = table.get(names[0], 0.0)
        return out

    def _findings_loglik(self, findings: Findings) -> np.ndarray:
        """Log-likelihood of the findings under every hypothesis (memoised: batches repeat them)."""
        key = repr(findings.to_dict())
        cached = self._findings_cache.get(key)
        if cached is None:
            if len(self._findings_cache) > 4096:
                self._findings_cache.clear()
            cached = self._findings_cache[key] = self._findings_loglik_uncached(findings)
        return cached

    def _findings_loglik_uncached(self, findings: Findings) -> np.ndarray:
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
    def contribution(self, vertices: np.ndarray, mass: np.ndarray, eps: np.ndarray) -> "DrawingSums":
        """What painted ``vertices`` (area x intensity ``mass``, background share ``eps``) add.

        Sums are additive, so a stroke only adds (new) and subtracts (old) its own vertices:
        the cost of a click follows the brush, not the drawing or the mesh.
        """
        vertices = np.asarray(vertices, dtype=np.int64)
        n_h = len(self.hyp.kind)
        sums = DrawingSums.empty(n_h, self._aux.shape[1])
        if not len(vertices):
            return sums
        mass = np.asarray(mass, dtype=float)
        row, col, data = _gather_rows(self.hyp.supply, vertices)
        base = np.log(eps / self.total_area)  # log q/a outside every territory
        gain = np.log((1 - eps[row]) * data / self.hyp.norm[col] + eps[row] / self.total_area) - base[row]
        sums.gain += np.bincount(col, mass[row] * gain, minlength=n_h)
        sums.explained += np.bincount(col, mass[row] * data, minlength=n_h)
        row, col, data = _gather_rows(self._aux, vertices)
        sums.overlap += np.bincount(col, mass[row] * data, minlength=len(sums.overlap))
        present = np.sign(mass)
        sums.mass = float(mass.sum())
        sums.base = float(mass @ base)
        sums.area = float(present @ self.area[vertices])
        side = self.body.side[vertices]
        sums.left, sums.right = float(mass[side > 0].sum()), float(mass[side < 0].sum())
        sums.saddle = present @ self._saddle[vertices]
        return sums

    def contribution_many(self, drawings: list[tuple[np.ndarray, np.ndarray, float]]) -> list["DrawingSums"]:
        """Sums of many drawings at once, each (vertices, mass, eps): sparse products, no Python
        loop over vertices (``radviz locate --batch``)."""
        n_d = len(drawings)
        lengths = [len(v) for v, _, _ in drawings]
        rows = np.repeat(np.arange(n_d), lengths)
        cols = np.concatenate([np.asarray(v, dtype=np.int64) for v, _, _ in drawings]) if n_d else np.zeros(0, int)
        vals = np.concatenate([np.asarray(m, dtype=float) for _, m, _ in drawings]) if n_d else np.zeros(0)
        mass = sp.csr_matrix((vals, (rows, cols)), shape=(n_d, self.body.n_vertices))
        present = mass.copy()
        present.data[:] = 1.0
        eps = np.array([e for _, _, e in drawings])
        gain = np.zeros((n_d, self.hyp.supply.shape[1]))
        for e in np.unique(eps):
            sel = np.flatnonzero(eps == e)
            gain[sel] = (mass[sel] @ self._gain_table(float(e))).toarray()
        explained = (mass @ self.hyp.supply).toarray()
        overlap = (mass @ self._aux).toarray()
        saddle = present @ self._saddle
        area = present @ self.area
        total = np.asarray(mass.sum(axis=1)).ravel()
        left = mass @ (self.body.side > 0).astype(float)
        right = mass @ (self.body.side < 0).astype(float)
        base = total * np.log(eps / self.total_area)
        out = []
        for i in range(n_d):
            sums = DrawingSums(np.r_[gain[i], 0.0], np.r_[explained[i], 0.0], overlap[i], saddle[i],
                               float(total[i]), float(base[i]), float(area[i]), float(left[i]), float(right[i]))
            out.append(sums)
        return out

    def _gain_table(self, eps: float) -> sp.csr_matrix:
        """log q_H/a minus the background's, at every non-zero supply entry, for one eps."""
        if eps not in self._gain_tables:
            s = self.hyp.supply.tocoo()
            base = np.log(eps / self.total_area)
            data = np.log((1 - eps) * s.data / self.hyp.norm[s.col] + eps / self.total_area) - base
            self._gain_tables[eps] = sp.csr_matrix((data, (s.row, s.col)), shape=s.shape)
        return self._gain_tables[eps]

    def score(self, vertices: np.ndarray, values: np.ndarray, symptom_rows: np.ndarray | None = None,
              findings: Findings | None = None) -> Result:
        """Rank explanations for painted ``vertices`` with intensities ``values`` (0..10).

        ``symptom_rows`` (3, k), if given, sets each vertex's background share by its symptom.
        """
        vertices = np.asarray(vertices, dtype=np.int64)
        mass = self.area[vertices] * np.asarray(values, dtype=float)
        keep = mass > 0
        eps = self.epsilon(symptom_rows, len(vertices))
        sums = self.contribution(vertices[keep], mass[keep], eps[keep])
        return self.result(sums, findings or Findings())

    def epsilon(self, rows: np.ndarray | None, k: int) -> np.ndarray:
        """Per painted vertex: the share of such symptoms felt outside any territory.

        A vertex with several symptoms counts by its most specific one (numbness fits best).
        """
        if rows is None or not np.any(rows):
            return np.full(k, EPSILON["pain"])
        table = np.array([EPSILON[name] for name in SYMPTOMS])
        present = np.asarray(rows, dtype=float) > 0
        return np.where(present, table[:, None], 1.0).min(axis=0)

    def result(self, sums: "DrawingSums", findings: Findings) -> Result:
        """Posterior over all hypotheses from a drawing's sums and the findings."""
        hyp = self.hyp
        ll = hyp.log_prior + self._findings_loglik(findings)
        drawn = sums.mass > 1e-12
        explained = np.zeros(len(hyp.kind))
        if drawn:
            draw = (sums.base + sums.gain) / sums.mass
            draw[-1] = -np.log(self.total_area)  # uniform skin
            n_eff = float(np.clip(sums.area / (np.pi * 0.25 ** 2), 2.0, 25.0))
            ll = ll + n_eff * draw
            # A length-dependent polyneuropathy is symmetric: a one-sided drawing is unlikely under it.
            ll[self._kinds == "poly"] += n_eff * np.log(0.05 + 0.95 * sums.balance)
            explained = sums.explained / sums.mass
            explained[-1] = 1.0
        post = np.exp(ll - ll.max())
        post /= post.sum()
        scores = np.minimum(post @ self._membership, 1.0)  # probability that each (root, side) is involved
        k = self._root_hyp
        painted = np.minimum(sums.explained[k] / hyp.norm[k], 1.0) if drawn else np.zeros(len(k))
        overlap = sums.overlap / sums.mass if drawn else np.zeros(len(sums.overlap))
        order = np.lexsort((self._root_side_rank, self._root_seq_rank, -explained[k], -scores))
        table = RootTable(self._root_keys, order, scores, explained[k], painted,
                          np.asarray(overlap), self._neighbour_aux)
        nerves = [NerveScore(hyp.names[j][0], hyp.sides[j], float(post[j])) for j in self._nerve_idx]
        nerves.sort(key=lambda x: -x.score)
        kind_mass = {kd: float(post[idx].sum()) for kd, idx in self._kind_index.items()}
        flags = self._flags(explained, sums, findings, kind_mass, float(scores.max(initial=0.0)), nerves)
        from radviz.explain import explain

        text = explain(self, table.top(8), nerves, flags, kind_mass, findings, drawn,
                       best_explained=float(explained[k].max(initial=0.0)))
        return Result(self.atlas.map.name, table, nerves, flags, text,
                      {"roots": kind_mass["root"] + kind_mass["pair"], "nerve": kind_mass["nerve"],
                       "polyneuropathy": kind_mass["poly"], "not_anatomical": kind_mass["background"]})

    def _flags(self, explained, sums, findings, kind_mass, best_root: float, nerves) -> list[str]:
        flags = []
        drawn = sums.mass > 1e-12
        radicular = (self._kinds == "root") | (self._kinds == "pair")
        if (drawn and kind_mass["poly"] > max(kind_mass["root"] + kind_mass["pair"], kind_mass["nerve"], 0.3)
                and sums.balance >= 0.3):
            flags.append("stocking_glove")
        if drawn and "stocking_glove" not in flags and explained[radicular].max(initial=0.0) < 0.5:
            flags.append("non_dermatomal")
        if nerves and nerves[0].score > best_root and (drawn or not findings.is_empty()):
            flags.append("peripheral_nerve")
        if (sums.saddle > 0).all() or {"saddle_numbness", "bladder_bowel", "bilateral_weakness"} & findings.signs:
            flags.append("cauda_equina")
        increased = any(s == "increased" for side in findings.reflexes.values() for s in side.values())
        if increased or set(_UMN_SIGNS) & findings.signs:
            flags.append("upper_motor_neuron")
        return flags


@dataclass
class DrawingSums:
    """Additive summaries of a drawing: everything scoring needs, updated stroke by stroke."""

    gain: np.ndarray  # per hypothesis: sum of m * (log q_H/a - log q_bg/a)
    explained: np.ndarray  # per hypothesis: sum of m * S_H
    overlap: np.ndarray  # per neighbour pair and side: sum of m * min(W_r, W_n)
    saddle: np.ndarray = field(default_factory=lambda: np.zeros(2))  # painted S3/S4-5 vertices per side
    mass: float = 0.0
    base: float = 0.0
    area: float = 0.0
    left: float = 0.0
    right: float = 0.0

    @classmethod
    def empty(cls, n_h: int, n_aux: int) -> "DrawingSums":
        return cls(np.zeros(n_h), np.zeros(n_h), np.zeros(n_aux))

    @property
    def balance(self) -> float:
        """1 when the drawing is split evenly between the sides, 0 when it is all on one side."""
        return 2.0 * min(self.left, self.right) / max(self.left + self.right, 1e-12)

    def add(self, other: "DrawingSums", sign: float = 1.0) -> None:
        for name in ("gain", "explained", "overlap", "saddle"):
            getattr(self, name).__iadd__(sign * getattr(other, name))
        for name in ("mass", "base", "area", "left", "right"):
            setattr(self, name, getattr(self, name) + sign * getattr(other, name))


class LiveScorer:
    """Keeps a drawing's sums up to date stroke by stroke (the app's click-to-result path)."""

    def __init__(self, localizer: Localizer):
        self.loc = localizer
        self.detach = lambda: None  # set by Engine.live: stop following the drawing
        n = localizer.body.n_vertices
        self.mass = np.zeros(n)
        self.eps = np.full(n, EPSILON["pain"])
        self.sums = DrawingSums.empty(len(localizer.hyp.kind), localizer._aux.shape[1])

    def update(self, vertices: np.ndarray, values: np.ndarray) -> None:
        """Take the drawing's new rows (3, k) at ``vertices`` (a stroke's diff)."""
        vertices = np.asarray(vertices, dtype=np.int64)
        old_mass, old_eps = self.mass[vertices], self.eps[vertices]
        intensity = np.asarray(values, dtype=float).max(axis=0)
        self.mass[vertices] = self.loc.area[vertices] * intensity
        self.eps[vertices] = self.loc.epsilon(values, len(vertices))
        # sums are linear in mass: take the old values out and put the new ones in, in one pass
        delta = self.loc.contribution(np.concatenate((vertices, vertices)),
                                      np.concatenate((-old_mass, self.mass[vertices])),
                                      np.concatenate((old_eps, self.eps[vertices])))
        self.sums.add(delta, 1.0)
        if self.sums.mass < 1e-9:  # drawing cleared: drop rounding residue
            self.sums = DrawingSums.empty(len(self.loc.hyp.kind), self.loc._aux.shape[1])

    def result(self, findings: Findings | None = None) -> Result:
        return self.loc.result(self.sums, findings or Findings())


def _gather_rows(csr: sp.csr_matrix, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Entries of some rows of a CSR matrix as (row position, column, value), in plain numpy.

    The click path calls this twice per stroke; scipy's fancy indexing costs more than the work.
    """
    start = csr.indptr[rows]
    count = csr.indptr[rows + 1] - start
    total = int(count.sum())
    position = np.repeat(np.arange(len(rows)), count)
    offsets = np.arange(total) - np.repeat(np.cumsum(count) - count, count) + np.repeat(start, count)
    return position, csr.indices[offsets], csr.data[offsets]


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
