"""From a drawing and findings to ranked explanations: roots, nerves, polyneuropathy, spinal cord.

The model (one explicit likelihood, no special cases)
-----------------------------------------------------
Every hypothesis H has a *supply* S_H(v) in 0..1 per skin vertex: a root's compiled weights, the
union of two adjacent roots, a peripheral nerve's territory (or a lesion site's: the nerve's skin
less what its branches above the site supply), the length-dependent (stocking-glove) template on
both sides, the spinal cord at a level (every dermatome at and below it, both sides), or uniform
skin ("not anatomical").

* Drawing.  Symptoms are read as a sample from a density over the skin:
  q_H(v) = (1 - eps) * a_v S_H(v) / Z_H + eps * a_v / A,  with Z_H = sum a S_H and A the skin area.
  ``eps`` is the share of symptoms outside any territory: radicular pain is often not dermatomal
  (Murphy et al. 2009: 64-70 % of drawings), sensory loss fits better, so eps is 0.35 for pain,
  0.25 for tingling and 0.15 for numbness.  The drawing's log-likelihood is
  N_eff * sum_v m_v log q_H(v), where m_v is the drawing's area-and-intensity share at v and
  N_eff ~ the number of independent brush-sized patches (2..25), so a larger drawing carries more
  evidence.  A smaller territory that holds the whole drawing beats a larger one.
* A length-dependent polyneuropathy is symmetric and starts in the feet: a one-sided drawing, or
  one whose feet (toes and soles) are less affected than the legs above them, is unlikely under it.
* Findings multiply in as independent terms.  A movement weakens under H with probability
  p = 0.05 + 0.70 c, where c is H's share of that movement's supply (myotome table: main 1.0,
  secondary 0.6, minor 0.25; 0.85 instead of 0.70 for movements, because a root lesion that weakens
  one prime mover usually weakens its others); a tested-normal movement counts 1 - p, so a spared
  movement is as telling as a weak one.  Reflexes likewise (decreased/absent: 0.05 + 0.65 c).  Brisk reflexes and
  upper-motor-neuron signs are nearly impossible under a root, nerve or polyneuropathy (p = 0.02)
  and likely under the spinal cord above the reflex's segment (0.7).
* Priors: how common each condition is (``maps/priors.yaml``, with sources).
* Honesty: pain drawings alone often cannot tell neighbouring roots apart (Albert et al. 2019;
  Murphy et al. 2009), so a share of each single root's probability (15 % without examination
  findings, 5 % with them) goes to its neighbours, and without findings no root scores above 0.85.

A root's score is the probability that it is involved: its single-root hypothesis plus the pairs
that contain it (each in 0..1).  Overlap with a neighbour n is the share of the drawing both
explain: sum a D min(W_r, W_n) / sum a D.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import orjson
import scipy.sparse as sp

from radviz.atlas import Atlas
from radviz.atlas.patterns import REGION
from radviz.atlas.priors import Priors, load_priors
from radviz.body import Body
from radviz.drawing import SYMPTOMS
from radviz.findings import Findings
from radviz.vocabulary import BANDS, FLAG_TEXT, UMN_SIGNS

__all__ = ["Localizer", "LiveScorer", "DrawingSums", "Result", "RootTable", "RootScore", "NerveScore", "NerveTable",
           "EPSILON",
           "RED_FLAG_TEXT", "NO_FINDINGS_CAP", "CORD_LEVELS"]

EPSILON = {"pain": 0.35, "tingling": 0.25, "numbness": 0.15}
STROKE_TABLE_MAX = 1_500_000
"""The live scorer's per-share table (:class:`_StrokeTable`, 13 bytes an entry) is made only up to this
many entries (the shipped body needs about half a million); finer meshes use the sums' own gathers."""
_ROW_BITS = 1 << np.arange(len(SYMPTOMS))  # a vertex's symptoms as one code: bit k for drawing row k
_EPSILON_OF_CODE = np.array([min((EPSILON[name] for k, name in enumerate(SYMPTOMS) if code >> k & 1), default=1.0)
                             for code in range(1 << len(SYMPTOMS))])
"""Per symptom code: the most specific symptom's eps (1.0, no symptom: that vertex adds nothing)."""
RED_FLAG_TEXT = FLAG_TEXT  # emergency text per flag (maps/vocabulary.yaml)
NO_FINDINGS_CAP = 0.85
"""No root scores above this from a drawing alone (pain drawings cannot separate neighbours)."""
_SPREAD = {False: 0.15, True: 0.05}  # share of a root's probability given to its neighbours (told apart?)
_TELLS_APART = 1e-9  # findings fit one root better than its neighbour (log-likelihood, beyond rounding)
_DELTA = 0.05
_MOTOR_GAIN = 0.85  # P(weak) = 0.05 + 0.85 c: a root lesion that weakens one of its prime movers
# usually weakens its others too, so a spared prime mover counts clearly against it
_UMN_UNDER_OTHERS = 0.002  # P(brisk reflex or UMN sign) under a root, nerve or polyneuropathy:
# they are signs of the spinal cord or brain (clinical-facts.md section 7), not of a root or nerve
CORD_LEVELS = tuple([f"C{n}" for n in range(2, 9)] + [f"T{n}" for n in range(1, 13)])
_CERVICAL_CORD_SHARE = 0.7  # of myelopathies (Nouri et al. 2015: degenerative cervical myelopathy dominates)
_REGIONS = ("soles", "toes", "feet", "legs_above_feet", "legs", "hands")
_FACE_SHARE = 0.5  # the face (V1-V3) holds at least this share of a drawing: the trigeminal nerve is named
_FACE_BRANCH_SHARE = 0.25  # a branch or side named with it holds at least this share
_NERVE_SHAPE_GAIN = np.log(4.0)
"""How much the drawing's shape alone may favour a peripheral nerve over the roots that feed it.
Dermatomes and cutaneous nerve territories both vary between people and overlap (Nitta et al. 1993;
Lee et al. 2008), so a drawing that sits inside a nerve's skin is at most four times likelier under
the nerve than under its best root: how common each is and the examination (a spared root muscle, a
nerve-only motor pattern) then decide, as a clinician would."""
_N_EFF_MAX = 25.0  # the most independent brush-sized patches a drawing counts as
_NERVE_FLAG = 0.25  # a nerve must reach this probability to be flagged as fitting better than a root
_LEGS_MIN_AREA = 0.2  # dm^2 painted on a leg (about one brush patch) to count as "symptoms in that leg"
_FEET_MIN_COVER = 0.1  # share of the toes, and of the soles, painted for a feet-first picture
_POLY_MOTOR = {"ankle_dorsiflexion": 0.5, "great_toe_extension": 0.6, "ankle_eversion": 0.4,
               "ankle_plantarflexion": 0.3, "finger_abduction": 0.35, "thumb_abduction": 0.3}


@dataclass(slots=True)  # slots: a batch makes thousands of these
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


@dataclass(slots=True)
class NerveScore:
    nerve: str  # a nerve of maps/nerves.yaml or a lesion site of maps/myotomes.yaml (median_wrist)
    side: str
    score: float
    explained: float = 0.0

    def to_json(self) -> dict:
        return {"nerve": self.nerve, "side": self.side, "score": round(self.score, 4)}


class RootTable:
    """One drawing's (root, side) scores: row ``index`` of its batch's arrays (:class:`_Printed`),
    sliced when read; RootScore objects are made only when asked for (the best few for the whole
    batch at once)."""

    __slots__ = ("keys", "neighbours", "printed", "index")

    def __init__(self, keys: list[tuple[str, str]], neighbours: dict[tuple[str, str], list[tuple[str, int]]],
                 printed: "_Printed", index: int):
        self.keys, self.neighbours, self.printed, self.index = keys, neighbours, printed, index

    scores = property(lambda self: self.printed.arrays[0][self.index])
    explained = property(lambda self: self.printed.arrays[1][self.index])  # share of the drawing
    painted = property(lambda self: self.printed.arrays[2][self.index])  # share of the root's skin
    overlap = property(lambda self: self.printed.arrays[3][self.index])  # per neighbour pair
    order = property(lambda self: self.printed.arrays[4][self.index])  # best first

    def top(self, n: int) -> list[RootScore]:
        if n <= _Printed.ROOT_HEAD:
            return self.printed.root_head()[self.index][:n]
        j, keys, near, overlap = self.order[:n], self.keys, self.neighbours, self.overlap
        return [RootScore(*keys[k], s, e, p, {name: float(overlap[a]) for name, a in near[keys[k]]})
                for k, s, e, p in zip(j.tolist(), self.scores[j].tolist(), self.explained[j].tolist(),
                                      self.painted[j].tolist())]


class NerveTable:
    """One drawing's nerve scores: row ``index`` of its batch's arrays, sliced when read; NerveScore
    objects are made only when asked for (the best few for the whole batch at once)."""

    __slots__ = ("names", "sides", "printed", "index")

    def __init__(self, names: list[str], sides: list[str], printed: "_Printed", index: int):
        self.names, self.sides, self.printed, self.index = names, sides, printed, index

    scores = property(lambda self: self.printed.nerve_arrays[0][self.index])
    order = property(lambda self: self.printed.nerve_arrays[1][self.index])  # best first
    explained = property(lambda self: self.printed.nerve_arrays[2][self.index])

    def top(self, n: int) -> list[NerveScore]:
        if n <= _Printed.NERVE_HEAD:
            return self.printed.nerve_head()[self.index][:n]
        j = self.order[:n]
        return [NerveScore(self.names[k], self.sides[k], s, e)
                for k, s, e in zip(j.tolist(), self.scores[j].tolist(), self.explained[j].tolist())]

    @property
    def best(self) -> float:
        return float(self.scores[self.order[0]]) if len(self.order) else 0.0


@dataclass
class Evidence:
    """What the explanation needs beyond the scores: the drawing's shape and the findings."""

    findings: Findings
    drawn: bool
    sides: tuple[str, ...]  # sides with symptoms
    both_legs: bool
    feet_first: float  # 0..1: feet (toes and soles) more affected than the legs above, on both sides
    best_explained: float  # the most one root explains
    cord_level: str | None
    cord_score: float
    cap: float | None  # the highest root score a drawing alone may reach (None once examined)
    bilateral: tuple[str, float] | None = None  # a root whose dermatomes on both sides hold the drawing
    face: tuple[float, tuple[str, ...], tuple[str, ...]] | None = None  # most of it on the face (trigeminal)


class Result:
    """Ranked explanations of one drawing and its findings; the explanation is built on demand."""

    def __init__(self, map: str, table: RootTable, nerve_table: NerveTable, flags: list[str],
                 kinds: dict[str, float], evidence: Evidence, myotomes=None,
                 nerve_labels: dict[str, str] | None = None, nerve_sites: dict[str, str] | None = None):
        self.map, self.table, self.nerve_table, self.flags, self.kinds = map, table, nerve_table, flags, kinds
        self._nerves: list[NerveScore] | None = None
        self.evidence, self.myotomes = evidence, myotomes
        self.nerve_labels = nerve_labels or {}
        self.nerve_sites = nerve_sites or {}  # lesion site -> its nerve
        self.nerve_limbs: dict[str, str] = {}  # nerve -> 'arm' or 'leg'
        self.nerve_words: dict[str, str] = {}  # nerve or lesion site -> a patient's words (its map's ``words``)
        self._roots: list[RootScore] | None = None
        self._first_roots: list[RootScore] = []  # the best few, made when first asked for
        self._first_nerves: list[NerveScore] = []
        self._statements = None
        self._text: dict[str, str] = {}

    @property
    def roots(self) -> list[RootScore]:
        """All roots, best first."""
        if self._roots is None:
            self._roots = self.table.top(len(self.table.keys))
        return self._roots

    def top_roots(self, n: int) -> list[RootScore]:
        """The best ``n`` roots (cheaper than :attr:`roots` when only the first few are needed)."""
        if self._roots is not None:
            return self._roots[:n]
        if n > len(self._first_roots):
            self._first_roots = self.table.top(n)
        return self._first_roots[:n]

    @property
    def nerves(self) -> list[NerveScore]:
        """All nerves and lesion sites, best first."""
        if self._nerves is None:
            self._nerves = self.nerve_table.top(len(self.nerve_table.names))
        return self._nerves

    def top_nerves(self, n: int) -> list[NerveScore]:
        if self._nerves is not None:
            return self._nerves[:n]
        if n > len(self._first_nerves):
            self._first_nerves = self.nerve_table.top(max(n, 4))  # the explanation asks for up to four
        return self._first_nerves[:n]

    @property
    def spinal_cord(self) -> dict | None:
        """The most likely cord level and its probability, when the cord is a candidate."""
        ev = self.evidence
        return None if ev.cord_level is None else {"level": ev.cord_level, "score": ev.cord_score}

    @property
    def statements(self):
        """The explanation as typed statements (``radviz.explain``), which views render."""
        if self._statements is None:
            from radviz.explain import explain

            self._statements = explain(self, self.myotomes)
        return self._statements

    def text(self, register: str = "clinician", skip: tuple[str, ...] = ()) -> str:
        """The explanation in plain words for ``register`` ('clinician' or 'patient')."""
        key = register + "|" + ",".join(skip)
        if key not in self._text:
            from radviz.explain import render

            self._text[key] = render(self.statements, register, skip)
        return self._text[key]

    @property
    def explanation(self) -> str:
        return self.text("clinician")

    def to_json(self, min_score: float = 1e-3, keep: int = 5) -> dict:
        """The CLI contract.  Roots and nerves below ``min_score`` are left out (at least ``keep``
        roots and 3 nerves stay), so a line stays readable and batch output small."""
        roots, nerves = self.table.printed.lines(self.table.index, min_score, keep)
        cord = self.spinal_cord
        return {"map": self.map, "roots": roots, "nerves": nerves,
                "flags": list(self.flags), "explanation": self.explanation,
                "kinds": {k: round(v, 4) for k, v in self.kinds.items()},
                "spinal_cord": None if cord is None else {"level": cord["level"], "score": round(cord["score"], 4)}}

    def json_line(self, min_score: float = 1e-3, keep: int = 5) -> str:
        """``orjson.dumps(self.to_json())`` as text, made faster for batches: the roots and nerves are
        filled into templates for the whole batch at once (``tests/test_batch_golden.py`` pins the bytes)."""
        roots, nerves = self.table.printed.lines(self.table.index, min_score, keep, text=True)  # joined texts
        cord = self.spinal_cord
        rest = orjson.dumps({"flags": list(self.flags), "explanation": self.explanation,
                             "kinds": {k: round(v, 4) for k, v in self.kinds.items()},
                             "spinal_cord": None if cord is None else {"level": cord["level"],
                                                                       "score": round(cord["score"], 4)}})
        return (f'{{"map":{orjson.dumps(self.map).decode()},"roots":[{roots}],"nerves":[{nerves}],'
                + rest[1:].decode())


class _Printed:
    """The JSON rows of a batch of results (roots and nerves, numbers rounded to 4 decimals), made for
    the whole batch when the first of them is printed: arrays per batch, not objects per root, and
    nothing at all for callers that never print (the app, ``radviz cohort``).  Rows come as dicts
    (:meth:`Result.to_json`) or as JSON text made of per-root pieces (:meth:`Result.json_line`, the
    batch's writer: the same bytes orjson writes for the dicts).  ``layout``: per root, its
    neighbours' names and overlap columns (:func:`_overlap_layout`)."""

    def __init__(self, keys: list[tuple[str, str]], layout: tuple, roots: tuple, nerve_names: list[str],
                 nerve_sides: list[str], nerves: tuple):
        self.keys, self.layout, self.nerve_names, self.nerve_sides = keys, layout, nerve_names, nerve_sides
        self.arrays = roots  # (scores, explained, painted, overlap, order), one row per result
        self.nerve_arrays = nerves  # (scores, order, explained)
        self._made: dict[tuple[float, int, bool], list] = {}
        self._root_head: list[list[RootScore]] | None = None
        self._nerve_head: list[list[NerveScore]] | None = None

    ROOT_HEAD, NERVE_HEAD = 2, 4  # the best roots and nerves made as objects for every row at once (the
    # explanation reads the best two roots and up to four nerves)

    def root_head(self) -> list[list[RootScore]]:
        """Per row: its best :data:`ROOT_HEAD` roots as RootScore objects (numbers as :meth:`RootTable.top`
        reads them)."""
        if self._root_head is None:
            scores, explained, painted, overlap, order = self.arrays
            j = order[:, :self.ROOT_HEAD]
            names, columns = self.layout
            ov = np.take_along_axis(overlap[:, None, :], np.maximum(columns[j], 0), axis=2).tolist()
            keys = self.keys
            self._root_head = [
                [RootScore(*keys[k], s, e, p, dict(zip(names[k], o))) for k, s, e, p, o in zip(*row)]
                for row in zip(j.tolist(), np.take_along_axis(scores, j, axis=1).tolist(),
                               np.take_along_axis(explained, j, axis=1).tolist(),
                               np.take_along_axis(painted, j, axis=1).tolist(), ov)]
        return self._root_head

    def nerve_head(self) -> list[list[NerveScore]]:
        """Per row: its best :data:`NERVE_HEAD` nerves as NerveScore objects."""
        if self._nerve_head is None:
            scores, order, explained = self.nerve_arrays
            j = order[:, :self.NERVE_HEAD]
            names, sides = self.nerve_names, self.nerve_sides
            self._nerve_head = [[NerveScore(names[k], sides[k], s, e) for k, s, e in zip(*row)]
                                for row in zip(j.tolist(), np.take_along_axis(scores, j, axis=1).tolist(),
                                               np.take_along_axis(explained, j, axis=1).tolist())]
        return self._nerve_head

    def lines(self, row: int, min_score: float, keep: int, text: bool = False) -> tuple:
        """Row ``row``'s roots and nerves: lists of dicts, or (``text``) the JSON texts of the two
        lists' items, each joined with commas."""
        key = (min_score, keep, text)
        if key not in self._made:
            self._made = {key: list(zip(self._roots(min_score, keep, text), self._nerves(min_score, text)))}
        return self._made[key][row]

    def _roots(self, min_score: float, keep: int, text: bool) -> list:
        scores, explained, painted, overlap, order = self.arrays
        n, width = order.shape
        sc = np.take_along_axis(np.round(scores, 4), order, axis=1)
        count = np.maximum(min(keep, width), (sc >= min_score).sum(axis=1))  # scores fall along the order
        i, rank = np.nonzero(np.arange(width)[None, :] < count[:, None])
        j = order[i, rank]
        sc = sc[i, rank]
        words = _band_index(sc)
        names, columns = self.layout
        ov = np.take_along_axis(overlap[i], np.maximum(columns[j], 0), axis=1)
        if text:
            return _per_row(self._root_texts(names, j, sc, words, explained[i, j], painted[i, j], ov), count, ",".join)
        keys, j = self.keys, j.tolist()
        sc, ex, pa = sc.tolist(), np.round(explained[i, j], 4).tolist(), np.round(painted[i, j], 4).tolist()
        ov = np.round(ov, 4).tolist()
        entries = [{"root": keys[jj][0], "side": keys[jj][1], "score": s, "explained": e, "painted": p,
                    "overlap": dict(zip(names[jj], o)), "band": BANDS[b][1]}
                   for jj, s, e, p, o, b in zip(j, sc, ex, pa, ov, words.tolist())]
        return _per_row(entries, count, list)

    def _root_texts(self, names: list[tuple[str, ...]], j: np.ndarray, sc: np.ndarray, words: np.ndarray,
                    ex: np.ndarray, pa: np.ndarray, ov: np.ndarray) -> list[str]:
        """The JSON text of each root entry (root ``j[k]``, its numbers and band), with orjson's keys
        and order, made by adding whole arrays of text pieces.  Most entries are roots the drawing does
        not touch, whose shares are written 0.0 in one piece."""
        head, zero, near = _root_pieces(tuple(self.keys), names)
        blank = _zero(ex) & _zero(pa) & _zero(ov).all(axis=1)
        out = np.empty(len(j), dtype=object)
        jb, js, some = j[blank], j[~blank], ~blank
        out[blank] = head[jb] + _text_array(sc[blank]) + zero[jb] + _BAND_TAIL[words[blank]]
        shares = _text_array(ov[some])
        overlap = np.full(len(js), ',"overlap":{', dtype=object)
        for m in range(near.shape[1]):  # each neighbour's name and share; "" past a root's last neighbour
            overlap += near[js, m] + np.where(near[js, m] != "", shares[:, m], "")
        out[some] = (head[js] + _text_array(sc[some]) + ',"explained":' + _text_array(ex[some]) + ',"painted":'
                     + _text_array(pa[some]) + overlap + "}" + _BAND_TAIL[words[some]])
        return out.tolist()

    def _nerves(self, min_score: float, text: bool) -> list:
        scores, order, _ = self.nerve_arrays
        n, width = order.shape
        if not width:
            return [("" if text else []) for _ in range(n)]
        ranked = np.take_along_axis(scores, order, axis=1)
        count = np.maximum(min(3, width), (ranked >= min_score).sum(axis=1))  # scores fall along the order
        i, rank = np.nonzero(np.arange(width)[None, :] < count[:, None])
        j = order[i, rank]
        nsc = np.round(ranked[i, rank], 4)
        words = _band_index(nsc)
        if text:
            head = _nerve_pieces(tuple(self.nerve_names), tuple(self.nerve_sides))
            return _per_row((head[j] + _text_array(nsc) + _BAND_TAIL[words]).tolist(), count, ",".join)
        names, sides = self.nerve_names, self.nerve_sides
        entries = [{"nerve": names[jj], "side": sides[jj], "score": s, "band": BANDS[b][1]}
                   for jj, s, b in zip(j.tolist(), nsc.tolist(), words.tolist())]
        return _per_row(entries, count, list)


def _overlap_layout(keys: list[tuple[str, str]], neighbours: dict) -> tuple[tuple[tuple[str, ...], ...], np.ndarray]:
    """Per root: its neighbours' names and their overlap columns (padded with -1)."""
    roots = [neighbours[key] for key in keys]
    columns = np.full((len(roots), max((len(r) for r in roots), default=0)), -1, dtype=np.int64)
    for k, pairs in enumerate(roots):
        columns[k, :len(pairs)] = [a for _, a in pairs]
    return tuple(tuple(name for name, _ in pairs) for pairs in roots), columns


def _per_row(entries: list, count: np.ndarray, make) -> list:
    """``entries`` cut into consecutive runs of ``count[i]`` items, each made into ``make(run)``."""
    ends = np.cumsum(count).tolist()
    return [make(entries[a:b]) for a, b in zip([0] + ends[:-1], ends)]


@functools.lru_cache(maxsize=8)
def _root_pieces(keys: tuple, names: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per root, the JSON text of its entry in pieces: up to its score; after the score when every
    share is 0.0 (up to the band); and per neighbour slot, its name before its share ("" past the last)."""
    head = np.array([f'{{"root":{_raw_js(r)},"side":{_raw_js(side)},"score":' for r, side in keys], dtype=object)
    zero = np.array([',"explained":0.0,"painted":0.0,"overlap":{' + ",".join(f"{_raw_js(n)}:0.0" for n in near) + "}"
                     for near in names], dtype=object)
    near = np.full((len(names), max((len(n) for n in names), default=0)), "", dtype=object)
    for r, neighbours in enumerate(names):
        near[r, :len(neighbours)] = [("," if m else "") + f"{_raw_js(n)}:" for m, n in enumerate(neighbours)]
    return head, zero, near


@functools.lru_cache(maxsize=8)
def _nerve_pieces(names: tuple, sides: tuple) -> np.ndarray:
    """Per nerve, the JSON text of its entry up to its score."""
    return np.array([f'{{"nerve":{_raw_js(n)},"side":{_raw_js(side)},"score":' for n, side in zip(names, sides)],
                    dtype=object)


_FOUR_DECIMALS = np.array([repr(k / 10000.0) for k in range(10001)], dtype=object)


def _text_array(values: np.ndarray) -> np.ndarray:
    """``repr(float(np.round(v, 4)))`` of each value (orjson writes such numbers alike), as an array
    of str objects; by look-up for values in 0..1: ``np.round(v, 4)`` is ``rint(v * 1e4) / 1e4``."""
    k = np.rint(np.asarray(values, dtype=float) * 1e4)
    if not (np.all(k >= 0) and np.all(k <= 10000)) or np.signbit(k).any():  # NaN, -0.0, out of range
        return np.vectorize(lambda v: orjson.dumps(v).decode(), otypes=[object])(np.round(values, 4))
    return _FOUR_DECIMALS[k.astype(np.int64)]


def _zero(values: np.ndarray) -> np.ndarray:
    """Where :func:`_text_array` writes 0.0."""
    k = np.rint(values * 1e4)
    return (k == 0) & ~np.signbit(k)


def _raw_js(value) -> str:
    """``value`` as JSON text (orjson's bytes)."""
    return orjson.dumps(value).decode()


_BAND_TAIL = np.array([f',"band":{_raw_js(words)}}}' for _, words in BANDS], dtype=object)


def _band_index(scores: np.ndarray) -> np.ndarray:
    """Per score, the index in BANDS of :func:`radviz.vocabulary.band`: the first band (highest
    first) the score reaches, else the last."""
    lows = np.array([low for low, _ in BANDS])
    hit = np.asarray(scores, dtype=float)[:, None] >= lows[None, :]
    return np.where(hit.any(axis=1), hit.argmax(axis=1), len(BANDS) - 1)


@dataclass
class _Hypotheses:
    kind: list[str]  # root | pair | nerve | poly | cord | background
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
        Muscles, movements, reflexes and lesion sites per root and nerve (``radviz.atlas.myotomes``).
    nerves : Atlas or None
        Compiled peripheral-nerve map.
    patterns : dict of str to array, optional
        Non-radicular templates (``"length_dependent"``) and named regions (``"region.feet"``, ...),
        per vertex, both sides (``radviz.atlas.patterns``).
    priors : Priors, optional
        How common each condition is (default: ``maps/priors.yaml``).
    """

    def __init__(self, body: Body, atlas: Atlas, myotomes=None, nerves: Atlas | None = None,
                 patterns: dict[str, np.ndarray] | None = None, priors: Priors | None = None):
        self.body, self.atlas, self.myotomes, self.nerves = body, atlas, myotomes, nerves
        self.priors = priors or load_priors()
        self.patterns = patterns or {}
        self.area = body.vertex_areas
        self.total_area = float(self.area.sum())
        self._cord_levels: list[str] = []
        self._sites: dict[int, object] = {}
        self.hyp = self._build()
        self._kinds = np.array(self.hyp.kind)
        self._sides = np.array(self.hyp.sides)
        self._finding_cache: dict = {}
        self._findings_cache: dict[str, np.ndarray] = {}
        self._kind_index = {kd: np.flatnonzero(self._kinds == kd)
                            for kd in ("root", "pair", "nerve", "poly", "cord", "background")}
        self._gain_tables: dict[float, sp.csr_matrix] = {}
        self._stroke_tables: dict[float, _StrokeTable] = {}
        self._single = {(n[0], sd): k for k, (kd, n, sd) in
                        enumerate(zip(self.hyp.kind, self.hyp.names, self.hyp.sides)) if kd == "root"}
        self._nerve_idx = self._kind_index["nerve"]
        self._cord_idx = self._kind_index["cord"]
        self._sequence_index = {r: k for k, r in enumerate(atlas.map.sequence)}
        self._root_keys = list(self._single)
        self._build_membership()
        self._build_aux()
        self._overlap_layout = _overlap_layout(self._root_keys, self._neighbour_aux)  # for every batch's rows
        self._cord_below = self._patterns_below_levels()
        self._nerve_feeds = self._nerve_feed_columns()
        self.nerve_labels = self._nerve_labels()
        self.nerve_sites = {site.name: site.nerve for site in self._sites.values()}
        self.nerve_words = self._nerve_words()
        self.nerve_limbs = self._nerve_limbs()
        self._nerve_names = [self.hyp.names[k][0] for k in self._nerve_idx]
        self._nerve_sides = [self.hyp.sides[k] for k in self._nerve_idx]
        self._nerve_is_site = np.array([k in self._sites for k in self._nerve_idx])
        self._build_batch_matrices()

    def _build_batch_matrices(self) -> None:
        """Constant matrices that turn a batch of posteriors into kind, nerve and both-sides sums."""
        n_h = len(self.hyp.kind)
        self._kind_names = list(self._kind_index)
        self._kind_matrix = np.zeros((len(self._kind_names), n_h))
        for row, name in enumerate(self._kind_names):
            self._kind_matrix[row, self._kind_index[name]] = 1.0
        self._radicular = np.flatnonzero(np.isin(self._kinds, ("root", "pair")))
        # a lesion site's probability counts towards its whole nerve (same side)
        column = {k: j for j, k in enumerate(self._nerve_idx)}
        whole = {(n[0], sd): k for k, (kd, n, sd) in enumerate(zip(self.hyp.kind, self.hyp.names, self.hyp.sides))
                 if kd == "nerve" and k not in self._sites}
        self._site_to_nerve = np.zeros((n_h, len(self._nerve_idx)))
        for k, site in self._sites.items():
            parent = whole.get((site.nerve, self.hyp.sides[k]))
            if parent is not None:
                self._site_to_nerve[k, column[parent]] = 1.0
        self._root_names = list(dict.fromkeys(r for r, _ in self._root_keys))
        self._root_name_matrix = np.zeros((len(self._root_keys), len(self._root_names)))
        for j, (r, _) in enumerate(self._root_keys):
            self._root_name_matrix[j, self._root_names.index(r)] = 1.0

    def _nerve_feed_columns(self) -> tuple[np.ndarray, np.ndarray]:
        """The nerve hypotheses with roots listed (the others are not capped by their roots) and, per
        such nerve, the root and pair hypotheses that feed it, padded by repeating its first one (a
        repeat leaves their maximum alone)."""
        feeds = [np.flatnonzero(cols) for cols in self._roots_of_nerves()]
        fed = [k for k, hits in enumerate(feeds) if len(hits)]
        width = max((len(feeds[k]) for k in fed), default=1)
        padded = np.array([np.r_[feeds[k], np.full(width - len(feeds[k]), feeds[k][0])] for k in fed],
                          dtype=np.int64).reshape(len(fed), width)
        return self._nerve_idx[fed], padded

    def _roots_of_nerves(self) -> np.ndarray:
        """(nerve hypotheses, hypotheses): the root and pair hypotheses on the same side that feed each
        nerve (``roots`` in maps/nerves.yaml)."""
        out = np.zeros((len(self._nerve_idx), len(self.hyp.kind)), dtype=bool)
        radicular = np.flatnonzero(np.isin(self._kinds, ("root", "pair")))
        for row, k in enumerate(self._nerve_idx):
            site = self._sites.get(k)
            terr = self.nerves.map.territories.get(site.nerve if site else self.hyp.names[k][0])
            roots = set(getattr(terr, "roots", ()) or ())
            for j in radicular:
                out[row, j] = self.hyp.sides[j] == self.hyp.sides[k] and bool(roots & set(self.hyp.names[j]))
        return out

    def _patterns_below_levels(self) -> np.ndarray:
        """(cord levels, hypotheses): True where a pattern lies wholly at or below the cord level.

        A cord lesion can give symptoms in the pattern of a root, a nerve or a distal (glove and
        stocking) picture below it (myeloradiculopathy), so with upper-motor-neuron findings the cord
        at a level may explain the drawing as well as the best such pattern.
        """
        seq = self._sequence_index
        top = np.full(len(self.hyp.kind), -1)
        for k, (kind, names) in enumerate(zip(self.hyp.kind, self.hyp.names)):
            if kind in ("root", "pair"):
                top[k] = min(seq.get(n, -1) for n in names)
            elif kind == "nerve":
                site = self._sites.get(k)
                terr = self.nerves.map.territories.get(site.nerve if site else names[0])
                roots = getattr(terr, "roots", ()) or ()
                top[k] = min((seq.get(r, -1) for r in roots), default=-1)
            elif kind == "poly":
                top[k] = 99
        levels = np.array([seq.get(self.hyp.names[k][0], 0) for k in self._cord_idx])
        return (top[None, :] >= levels[:, None]) & (top[None, :] >= 0)

    def _nerve_labels(self) -> dict[str, str]:
        """Readable names of the nerve hypotheses ('Median nerve at the wrist (carpal tunnel syndrome)')."""
        out = {}
        if self.nerves is not None:
            for name, terr in self.nerves.map.territories.items():
                text = str(getattr(terr, "label", "") or name.replace("_", " ").capitalize())
                out[name] = text if "nerve" in text.lower() else f"{text} nerve"
        for site in self._sites.values():
            out[site.name] = site.label
        return out

    def _nerve_words(self) -> dict[str, str]:
        """A patient's words for each nerve hypothesis that its map gives (``words``: nerves and lesion sites)."""
        out = {}
        if self.nerves is not None:
            out.update({name: terr.words for name, terr in self.nerves.map.territories.items() if terr.words})
        out.update({site.name: site.words for site in self._sites.values() if site.words})
        return out

    def _nerve_limbs(self) -> dict[str, str]:
        """'arm' or 'leg' per nerve hypothesis, from the roots that feed it (patients read it)."""
        out = {}
        for k in self._nerve_idx:
            site = self._sites.get(k)
            terr = self.nerves.map.territories.get(site.nerve if site else self.hyp.names[k][0])
            roots = getattr(terr, "roots", ()) or ()
            out[self.hyp.names[k][0]] = "arm" if any(r[0] == "C" or r == "T1" for r in roots) else "leg"
        return out

    # ----------------------------------------------------------- hypotheses
    def _build(self) -> _Hypotheses:
        """Sparse supply columns and priors for every hypothesis except 'not anatomical'."""
        h = _Builder()
        tmap, pri = self.atlas.map, self.priors
        w = self.atlas.weights.tocsc()
        spinal = [t for t in self.atlas.territories if tmap.territories[t].kind == "spinal"]
        seq = [r for r in tmap.sequence if r in spinal]
        for side in ("left", "right"):
            col = {r: w[:, self.atlas.column(r, side)] for r in spinal}
            for r in spinal:
                h.add("root", (r,), side, col[r], pri.root(r) / 2)
            for a, b in zip(seq[:-1], seq[1:]):
                h.add("pair", (a, b), side, col[a].maximum(col[b]), pri.pair_share * (pri.root(a) + pri.root(b)) / 4)
        if self.nerves is not None:
            self._add_nerves(h)
        if "length_dependent" in self.patterns:
            h.add("poly", ("length_dependent",), "both",
                  sp.csc_matrix(np.asarray(self.patterns["length_dependent"], dtype=float)[:, None]),
                  pri.patterns["polyneuropathy"])
        self._add_cord(h, w, seq)
        supply = sp.hstack(h.cols).tocsr()
        norm = np.asarray(supply.T @ self.area).ravel()
        h.kinds.append("background"); h.names.append(("not anatomical",)); h.sides.append("both")
        h.rates.append(pri.patterns["not_anatomical"])
        norm = np.r_[norm, self.total_area]
        log_prior = np.log(np.asarray(h.rates) / np.sum(h.rates))
        return _Hypotheses(h.kinds, h.names, h.sides, supply, np.maximum(norm, 1e-12), log_prior)

    def _add_nerves(self, h: "_Builder") -> None:
        """Whole nerves (their branches' skin included) and lesion sites, both sides."""
        nw = self.nerves.weights.tocsc()
        sites = self.myotomes.lesion_sites if self.myotomes is not None else {}
        for side in ("left", "right"):
            for nerve in self.nerves.territories:
                h.add("nerve", (nerve,), side, nw[:, self.nerves.column(nerve, side)], self.priors.nerve(nerve) / 2)
            for site in sites.values():
                if not all(t in self.nerves.territories for t in site.skin):
                    continue
                col = nw[:, self.nerves.column(site.skin[0], side)]
                for t in site.skin[1:]:
                    col = col.maximum(nw[:, self.nerves.column(t, side)])
                spared = self.patterns.get(REGION + site.spares_skin) if site.spares_skin else None
                if spared is not None:
                    col = sp.csc_matrix(col.multiply(1.0 - np.asarray(spared, dtype=float)[:, None]))
                self._sites[len(h.kinds)] = site
                h.add("nerve", (site.name,), side, col, self.priors.nerve(site.name) / 2)

    def _add_cord(self, h: "_Builder", w: sp.csc_matrix, seq: list[str]) -> None:
        """The spinal cord at each level: every dermatome at and below it, on both sides."""
        levels = [lv for lv in CORD_LEVELS if lv in seq]
        if not levels:
            return
        rate = self.priors.patterns["spinal_cord"]
        n_cerv = sum(lv.startswith("C") for lv in levels)
        below, cols = None, {}
        for r in reversed(seq):  # accumulate from the sacrum upwards
            both = w[:, self.atlas.column(r, "left")].maximum(w[:, self.atlas.column(r, "right")])
            below = both if below is None else below.maximum(both)
            if r in levels:
                cols[r] = below.copy()
        for lv in levels:
            share = _CERVICAL_CORD_SHARE / n_cerv if lv.startswith("C") else \
                (1 - _CERVICAL_CORD_SHARE) / max(len(levels) - n_cerv, 1)
            self._cord_levels.append(lv)
            h.add("cord", (lv,), "both", cols[lv], rate * share)

    def _build_membership(self) -> None:
        """Which root each hypothesis involves, and each single root's neighbours (honesty spread)."""
        member = np.zeros((len(self.hyp.kind), len(self._root_keys)))
        position = {key: j for j, key in enumerate(self._root_keys)}
        for k, (kd, names, sd) in enumerate(zip(self.hyp.kind, self.hyp.names, self.hyp.sides)):
            if kd in ("root", "pair"):
                for r in names:
                    member[k, position[(r, sd)]] = 1.0
        self._membership = member
        self._root_hyp = np.array([self._single[key] for key in self._root_keys])
        seq_rank = np.array([self._sequence_index.get(r, 99) for r, _ in self._root_keys])
        side_rank = np.array([0 if sd == "left" else 1 for _, sd in self._root_keys])
        # one tie-break key: each root's place in the map's order (sequence, then left before right)
        self._root_map_rank = np.argsort(np.lexsort((side_rank, seq_rank)))
        spread = np.zeros((len(self._root_keys), len(self._root_keys)))
        for j, (r, sd) in enumerate(self._root_keys):
            near = [position[(n, sd)] for n in self.atlas.map.neighbours(r) if (n, sd) in position
                    and n in self._sequence_index]
            for i in near:
                spread[j, i] = 1.0 / len(near)
        src, dst = np.nonzero(spread)
        balance = np.zeros((len(src), len(self._root_keys)))  # an edge's share leaves src and reaches dst
        balance[np.arange(len(src)), src] -= 1.0
        balance[np.arange(len(src)), dst] += 1.0
        self._edge_balance = balance
        width = max(np.count_nonzero(spread, axis=1).max(initial=0), 1)
        nearest = np.full((len(self._root_keys), width), -1)
        for j in range(len(self._root_keys)):
            near = np.flatnonzero(spread[j])
            nearest[j, :len(near)] = near
        self._spread_edges = (src, dst, spread[src, dst], nearest)

    @cached_property
    def _face_branches(self) -> list[str]:
        """The map's trigeminal branches (V1-V3): the face, which no spinal root supplies."""
        tmap = self.atlas.map
        return [n for n in self.atlas.territories if tmap.territories[n].kind == "trigeminal"]

    def _build_aux(self) -> None:
        """Per-vertex helpers: min(W_r, W_n) for every neighbour pair, and named regions per side."""
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
        n = self.body.n_vertices
        left = self.body.side > 0
        regions = []
        for name in _REGIONS:
            mask = np.asarray(self.patterns.get(REGION + name, np.zeros(n))) > 0
            regions += [mask & left, mask & ~left]
        saddle = [np.zeros(n, bool), np.zeros(n, bool)]
        for j, side in enumerate(("left", "right")):
            for r in ("S3", "S4-5"):
                if (r, side) in self._single:
                    saddle[j] |= np.asarray(w[:, self.atlas.column(r, side)].todense()).ravel() >= 0.5
        face = [np.asarray(w[:, self.atlas.column(name, side)].todense()).ravel() >= 0.5
                for name in self._face_branches for side in ("left", "right")]
        self._regions = np.column_stack(regions + saddle + face).astype(float)
        self._region_area = np.maximum(self.area @ self._regions, 1e-12)
        self._region_index = {f"{name}.{side}": 2 * k + s for k, name in enumerate(_REGIONS)
                              for s, side in enumerate(("left", "right"))}
        self._region_index.update({"saddle.left": 2 * len(_REGIONS), "saddle.right": 2 * len(_REGIONS) + 1})
        self._face_columns = 2 * len(_REGIONS) + 2 + np.arange(len(face))  # branch by branch, left then right
        pairs = {r: [self._region_index[f"{r}.{s}"] for s in ("left", "right")]
                 for r in ("soles", "toes", "feet", "legs_above_feet", "legs", "saddle")}
        cover, depth = np.array(pairs["soles"] + pairs["toes"]), np.array(pairs["feet"] + pairs["legs_above_feet"])
        # region columns (left, right for each region in turn) and their areas, as _shapes reads them
        self._shape_columns = (cover, self._region_area[cover], depth, self._region_area[depth],
                               np.array(pairs["legs"]), np.array(pairs["saddle"]))

    # ----------------------------------------------------------- findings
    def _columns(self, key: tuple) -> np.ndarray:
        """Per hypothesis: its share c in 0..1 of a movement's or reflex's supply (memoised)."""
        cached = self._finding_cache.get(key)
        if cached is None:
            cached = self._finding_cache[key] = self._columns_uncached(*key)
        return cached

    def _columns_uncached(self, what: str, name: str) -> np.ndarray:
        my = self.myotomes
        if what == "movement":
            roots, nerves = my.movement_roots(name), my.movement_nerves(name)
            sites = my.movement_sites(name)
        else:
            roots, nerves, sites = my.reflex_roots(name), {}, dict.fromkeys(my.reflex_sites(name), 1.0)
            parents = _nerve_and_parents(my, my.reflexes[name].nerve)
            nerves = dict.fromkeys(parents, 1.0)
        out = np.zeros(len(self.hyp.kind))
        for k, (kind, names) in enumerate(zip(self.hyp.kind, self.hyp.names)):
            if kind in ("root", "pair"):
                out[k] = max(roots.get(n, 0.0) for n in names)
            elif kind == "nerve":
                out[k] = sites.get(names[0], 0.0) if k in self._sites else nerves.get(names[0], 0.0)
            elif kind == "poly":
                out[k] = _POLY_MOTOR.get(name, 0.1) if what == "movement" else (0.6 if name == "achilles" else 0.15)
            elif kind == "cord" and what == "movement":
                level = self._sequence_index.get(names[0], 0)
                out[k] = 0.6 * max((v for r, v in roots.items() if self._sequence_index.get(r, -1) >= level),
                                   default=0.0)
        return out

    def _cord_reflex(self, reflex: str) -> np.ndarray:
        """Per cord hypothesis: -1 if the reflex's main root lies above the level, 0 at it, 1 below it."""
        key = ("cord-reflex", reflex)
        if key not in self._finding_cache:
            roots = self.myotomes.reflex_roots(reflex)
            main = self._sequence_index.get(max(roots, key=roots.get), 0)
            rel = np.zeros(len(self.hyp.kind))
            for k in self._cord_idx:
                rel[k] = np.sign(main - self._sequence_index.get(self.hyp.names[k][0], 0))
            self._finding_cache[key] = rel
        return self._finding_cache[key]

    def _findings_terms(self, findings: Findings) -> tuple[bool, bool, np.ndarray]:
        """Upper-motor-neuron signs?, examined?, and the findings' log-likelihood per hypothesis."""
        if findings.is_empty():  # the usual live click: nothing examined yet
            return False, False, self._no_findings
        return findings.upper_motor_neuron(), findings.has_examination(), self._findings_loglik(findings)

    @cached_property
    def _no_findings(self) -> np.ndarray:
        return self._findings_loglik(Findings())

    def _findings_loglik(self, findings: Findings) -> np.ndarray:
        """Log-likelihood of the findings under every hypothesis (memoised: batches repeat them)."""
        key = findings.key()
        cached = self._findings_cache.get(key)
        if cached is None:
            if len(self._findings_cache) > 4096:
                self._findings_cache.clear()
            cached = self._findings_cache[key] = self._findings_loglik_uncached(findings)
        return cached

    def _findings_loglik_uncached(self, findings: Findings) -> np.ndarray:
        ll = np.zeros(len(self.hyp.kind))
        cord = self._kinds == "cord"
        if self.myotomes is not None:
            for side in ("left", "right"):
                same = (self._sides == side) | (self._sides == "both")
                for movement, state in findings.motor.get(side, {}).items():
                    c = np.where(same, self._columns(("movement", movement)), 0.0)
                    p = _DELTA + _MOTOR_GAIN * np.clip(c, 0, 1)
                    ll += np.log(p if state == "weak" else 1.0 - p)
                for reflex, state in findings.reflexes.get(side, {}).items():
                    ll += np.log(self._reflex_probability(reflex, state, same, cord))
        for sign in findings.signs:
            if sign in UMN_SIGNS:
                p = np.full(len(ll), _UMN_UNDER_OTHERS)
                p[cord] = self._cord_sign_probability(sign)
                ll += np.log(p)
        return ll

    def _reflex_probability(self, reflex: str, state: str, same: np.ndarray, cord: np.ndarray) -> np.ndarray:
        """P(reflex state) per hypothesis.  Under the cord: brisk below the level, reduced at it."""
        rel = self._cord_reflex(reflex)
        below, at = rel > 0, rel == 0
        if state == "increased":
            p = np.full(len(same), _UMN_UNDER_OTHERS)
            p[cord] = np.where(below, 0.7, np.where(at, 0.1, 0.05))[cord]
            return p
        c = np.where(same, self._columns(("reflex", reflex)), 0.0)
        reduced = _DELTA + 0.65 * np.clip(c, 0, 1)
        reduced[cord] = np.where(at, 0.4, 0.05)[cord]
        if state in ("decreased", "absent"):
            return reduced
        p = 1.0 - reduced
        p[cord] = np.where(below, 0.25, np.where(at, 0.5, 0.9))[cord]
        return p

    def _cord_sign_probability(self, sign: str) -> np.ndarray:
        """P(sign) per cord level: Hoffmann needs a lesion above C8, Babinski and clonus any level."""
        levels = [self._sequence_index.get(self.hyp.names[k][0], 0) for k in self._cord_idx]
        if sign == "hoffmann":
            c8 = self._sequence_index.get("C8", 99)
            return np.where(np.array(levels) < c8, 0.6, 0.05)
        return np.full(len(levels), 0.7 if sign == "babinski" else 0.6)

    # ----------------------------------------------------------- scoring
    def contribution(self, vertices: np.ndarray, mass: np.ndarray, eps: np.ndarray,
                     present: np.ndarray | None = None) -> "DrawingSums":
        """What painted ``vertices`` (area x intensity ``mass``, background share ``eps``) add.

        Sums are additive, so a stroke only adds (new) and subtracts (old) its own vertices:
        the cost of a click follows the brush, not the drawing or the mesh.  ``present`` (default
        the sign of ``mass``) weighs each vertex's area: a change of mass passes new minus old.
        """
        vertices = np.asarray(vertices, dtype=np.int64)
        n_h = len(self.hyp.kind)
        if not len(vertices):
            return DrawingSums.empty(n_h, self._aux.shape[1], self._regions.shape[1])
        mass = np.asarray(mass, dtype=float)
        row, col, data = _gather_rows(self.hyp.supply, vertices)
        base = np.log(eps / self.total_area)  # log q/a outside every territory
        gain = np.log((1 - eps[row]) * data / self.hyp.norm[col] + eps[row] / self.total_area) - base[row]
        weight = mass[row]
        gain, explained = (np.bincount(col, weight * x, minlength=n_h) for x in (gain, data))
        row, col, data = _gather_rows(self._aux, vertices)
        overlap = np.bincount(col, mass[row] * data, minlength=self._aux.shape[1])
        present = np.sign(mass) if present is None else present
        area, side, regions = self.area[vertices], self.body.side[vertices], self._regions[vertices]
        return DrawingSums(gain, explained, overlap, mass @ regions, (present * area) @ regions,
                           float(mass.sum()), float(mass @ base), float(present @ area),
                           float(mass[side > 0].sum()), float(mass[side < 0].sum()))

    def contribution_many(self, drawings: list[tuple[np.ndarray, np.ndarray, float]]) -> list["DrawingSums"]:
        """Sums of many drawings at once, each (vertices, mass, eps): sparse products, no Python
        loop over vertices (``radviz locate --batch``)."""
        n_d = len(drawings)
        lengths = [len(v) for v, _, _ in drawings]
        rows = np.repeat(np.arange(n_d), lengths)
        cols = np.concatenate([np.asarray(v, dtype=np.int64) for v, _, _ in drawings]) if n_d else np.zeros(0, int)
        vals = np.concatenate([np.asarray(m, dtype=float) for _, m, _ in drawings]) if n_d else np.zeros(0)
        stacked = self.contribution_flat(rows, cols, vals, np.array([e for _, _, e in drawings]))
        r = stacked.rows
        batch = SumsBatch(DrawingSums(r.gain[i], r.explained[i], r.overlap[i], r.region_mass[i], r.region_area[i],
                                      float(r.mass[i]), float(r.base[i]), float(r.area[i]), float(r.left[i]),
                                      float(r.right[i])) for i in range(n_d))
        batch.rows = r
        return batch

    def contribution_flat(self, rows: np.ndarray, vertices: np.ndarray, mass: np.ndarray,
                          eps: np.ndarray) -> "StackedSums":
        """The sums of many drawings as stacked arrays (what :meth:`results` reads), from flat
        arrays: drawing ``rows[i]`` has ``mass[i]`` at ``vertices[i]``; ``eps`` per drawing."""
        n_d = len(eps)
        mass = sp.csr_matrix((mass, (rows, vertices)), shape=(n_d, self.body.n_vertices))
        present = mass.copy()
        present.data[:] = 1.0
        gain = np.zeros((n_d, self.hyp.supply.shape[1] + 1))
        for e in np.unique(eps):
            sel = np.flatnonzero(eps == e)
            gain[sel, :-1] = (mass[sel] @ self._gain_table(float(e))).toarray()
        explained = np.zeros((n_d, self.hyp.supply.shape[1] + 1))
        explained[:, :-1] = (mass @ self.hyp.supply).toarray()
        region_weights, left_of, right_of = self._flat_weights
        total = np.asarray(mass.sum(axis=1)).ravel()
        return StackedSums(_Rows.from_arrays(gain, explained, (mass @ self._aux).toarray(), mass @ self._regions,
                                             present @ region_weights, total, total * np.log(eps / self.total_area),
                                             present @ self.area, mass @ left_of, mass @ right_of))

    @cached_property
    def _flat_weights(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per vertex: named-region areas, and 1 on the left / right side (for the batch sums)."""
        return (self._regions * self.area[:, None], (self.body.side > 0).astype(float),
                (self.body.side < 0).astype(float))

    def _gain_table(self, eps: float) -> sp.csr_matrix:
        """log q_H/a minus the background's, at every non-zero supply entry, for one eps."""
        if eps not in self._gain_tables:
            s = self.hyp.supply.tocoo()
            self._gain_tables[eps] = sp.csr_matrix((self._gain_values(eps, s.data, s.col), (s.row, s.col)),
                                                   shape=s.shape)
        return self._gain_tables[eps]

    def _gain_values(self, eps: float, supply: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """log q_H/a minus the background's, at supply values ``supply`` of hypotheses ``columns``."""
        base = np.log(eps / self.total_area)
        return np.log((1 - eps) * supply / self.hyp.norm[columns] + eps / self.total_area) - base

    @cached_property
    def sums_layout(self) -> "_SumsLayout":
        """Where each sum sits in the live scorer's flat vector."""
        return _SumsLayout(len(self.hyp.kind), self._aux.shape[1], self._regions.shape[1])

    def stroke_table(self, eps: float) -> "_StrokeTable | None":
        """What painting adds to the sums, per vertex, for one background share (made when first used);
        None on a mesh whose table would hold more than :data:`STROKE_TABLE_MAX` entries."""
        if eps not in self._stroke_tables:
            entries = (2 * self.hyp.supply.nnz + self._aux.nnz + 2 * np.count_nonzero(self._regions)
                       + len(_SumsLayout.SCALAR_FIELDS) * self.body.n_vertices)
            self._stroke_tables[eps] = (_StrokeTable(self, eps, self.sums_layout)
                                        if entries <= STROKE_TABLE_MAX else None)
        return self._stroke_tables[eps]

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
        codes = None if rows is None else _ROW_BITS @ (np.asarray(rows) > 0)  # which symptoms, as bits
        if codes is None or not codes.any():
            return np.full(k, EPSILON["pain"])
        return _EPSILON_OF_CODE[codes]

    def result(self, sums: "DrawingSums", findings: Findings) -> Result:
        """Posterior over all hypotheses from a drawing's sums and the findings."""
        return self.results([sums], [findings])[0]

    def results(self, many: list["DrawingSums"], findings: list[Findings]) -> list[Result]:
        """Posteriors of many drawings at once: one set of array operations for the whole batch.

        The single-drawing path is this with one row, so batch and single results are identical.
        """
        hyp, n = self.hyp, len(many)
        rows = getattr(many, "rows", None) or _Rows(many)
        drawn = rows.mass > 1e-12
        mass = np.where(drawn, rows.mass, 1.0)
        distinct = {id(f): f for f in findings}  # batch lines often share one Findings
        known = {key: self._findings_terms(f) for key, f in distinct.items()}
        per_line = [known[id(f)] for f in findings]
        umn = np.array([u for u, _, _ in per_line], dtype=bool)
        examined = np.array([e for _, e, _ in per_line], dtype=bool)
        shape = self._shapes(rows, mass)
        draw = (rows.base[:, None] + rows.gain) / mass[:, None]
        draw[:, -1] = -np.log(self.total_area)  # uniform skin
        n_eff = np.minimum(np.maximum(rows.area / (np.pi * 0.25 ** 2), 2.0), _N_EFF_MAX)  # np.clip's wrapper costs more
        fit = n_eff[:, None] * draw
        # A length-dependent polyneuropathy is symmetric and starts in the feet.
        fit[:, self._kind_index["poly"]] += (n_eff * (np.log(0.05 + 0.95 * shape["balance"])
                                                      + np.log(0.02 + 0.98 * shape["feet_first"])))[:, None]
        capped, feeds = self._nerve_feeds  # the skin alone favours a nerve over its roots only so much
        if len(capped):
            fit[:, capped] = np.minimum(fit[:, capped], fit[:, feeds].max(axis=2) + _NERVE_SHAPE_GAIN)
        cord_rows = (umn & drawn).nonzero()[0]
        if len(cord_rows) and len(self._cord_idx):  # the cord may give any pattern below its level
            d = draw[cord_rows]
            below = np.where(self._cord_below[None], d[:, None, :], -np.inf).max(axis=2)
            fit[np.ix_(cord_rows, self._cord_idx)] += n_eff[cord_rows, None] * np.maximum(
                0.0, below - d[:, self._cord_idx])
        found = np.array([ll for _, _, ll in per_line])  # the findings' log-likelihood per hypothesis
        ll = hyp.log_prior + found + np.where(drawn[:, None], fit, 0.0)
        post = np.exp(ll - ll.max(axis=1, keepdims=True))
        post /= post.sum(axis=1, keepdims=True)
        explained = np.where(drawn[:, None], rows.explained / mass[:, None], 0.0)
        explained[:, -1] = drawn
        k = self._root_hyp
        scores = self._root_scores(post, examined, found[:, k]).round(12)  # equal roots tie in batch and single
        root_explained = explained[:, k]
        painted = np.where(drawn[:, None], np.minimum(rows.explained[:, k] / hyp.norm[k], 1.0), 0.0)
        overlap = np.where(drawn[:, None], rows.overlap / mass[:, None], 0.0)
        # ties (the same root on both sides) fall to the map's order, not to rounding noise
        order = np.lexsort((self._root_map_rank[None].repeat(n, axis=0), -root_explained.round(12), -scores),
                           axis=-1)
        nerve_scores, nerve_order, nerve_explained = self._nerve_arrays(post, explained, examined)
        printed = _Printed(self._root_keys, self._overlap_layout, (scores, root_explained, painted, overlap, order),
                           self._nerve_names, self._nerve_sides, (nerve_scores, nerve_order, nerve_explained))
        nerve_best = nerve_scores.max(axis=1, initial=0.0).tolist()  # the first in each row's order
        kind_mass = post @ self._kind_matrix.T
        both = root_explained @ self._root_name_matrix  # each root's share on both sides together
        best = list(zip(scores.max(axis=1, initial=0.0).tolist(), root_explained.max(axis=1, initial=0.0).tolist(),
                        explained[:, self._radicular].max(axis=1, initial=0.0).tolist()))
        both_best = both.argmax(axis=1) if both.shape[1] else np.zeros(n, dtype=int)
        bilateral = [(self._root_names[j], min(float(both[i, j]), 1.0)) if both.shape[1] and both[i, j] >= 0.5
                     and shape["sides"][i].all() else None for i, j in enumerate(both_best.tolist())]
        shape_rows = [dict(zip(shape, row)) for row in zip(*(value.tolist() for value in shape.values()))]
        face = rows.region_mass[:, self._face_columns] / mass[:, None]  # share per trigeminal branch and side
        on_face = (drawn & (face.sum(axis=1) >= _FACE_SHARE)).tolist()
        out = []
        names = self._kind_names
        for i, (masses, is_drawn, is_examined, is_umn) in enumerate(zip(kind_mass.tolist(), drawn.tolist(),
                                                                       examined.tolist(), umn.tolist())):
            table = RootTable(self._root_keys, self._neighbour_aux, printed, i)
            nerves = NerveTable(self._nerve_names, self._nerve_sides, printed, i)
            out.append(self._assemble(table, nerves, dict(zip(names, masses)), post[i], [*best[i], nerve_best[i]],
                                      bilateral[i], shape_rows[i], is_drawn, findings[i], is_examined, is_umn,
                                      self._face(face[i]) if on_face[i] else None))
        return out

    def _assemble(self, table: RootTable, nerves: "NerveTable", km: dict, post: np.ndarray, best: list,
                  bilateral, shape: dict, drawn: bool, findings: Findings, examined: bool, umn: bool,
                  face: tuple | None = None) -> Result:
        """One drawing's result from its rows of the batch arrays (``best``: top root score, top root
        share of the drawing, top single-or-pair share, top nerve score)."""
        cord_level, cord_score = None, km["cord"]
        if len(self._cord_idx) and cord_score >= 0.05:  # the most caudal level that fits about as well as any
            cord_post = post[self._cord_idx]
            cord_level = self.hyp.names[self._cord_idx[np.flatnonzero(cord_post >= 0.5 * cord_post.max())[-1]]][0]
        sides = tuple(s for s, present in zip(("left", "right"), shape["sides"]) if present)
        evidence = Evidence(findings, drawn, sides, shape["both_legs"], shape["feet_first"], best[1], cord_level,
                            cord_score, None if examined else NO_FINDINGS_CAP, bilateral, face)
        flags = self._flags(km, shape, drawn, findings, umn, bilateral, best[2], best[0], best[3])
        kinds = {"roots": km["root"] + km["pair"], "nerve": km["nerve"], "polyneuropathy": km["poly"],
                 "spinal_cord": km["cord"], "not_anatomical": km["background"]}
        result = Result(self.atlas.map.name, table, nerves, flags, kinds, evidence, self.myotomes,
                        self.nerve_labels, self.nerve_sites)
        result.nerve_limbs, result.nerve_words = self.nerve_limbs, self.nerve_words
        return result

    def _nerve_arrays(self, post: np.ndarray, explained: np.ndarray,
                      examined: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Nerve scores, their order (best first) and shares of the drawing, one row per drawing.

        A whole nerve's score is the probability that it is caught anywhere (its lesion sites
        included); a site's is the probability that it is caught there.  A drawing alone proves no
        nerve either: without examination findings the same cap as for roots holds."""
        idx = self._nerve_idx
        if not len(idx):
            empty = np.zeros((len(post), 0))
            return empty, empty.astype(int), empty
        whole = post[:, idx] + post @ self._site_to_nerve
        scores = np.minimum(whole, np.where(examined, 1.0, NO_FINDINGS_CAP)[:, None]).round(12)
        order = np.lexsort((self._nerve_is_site[None].repeat(len(scores), axis=0), -scores), axis=-1)
        return scores, order, explained[:, idx]

    def _root_scores(self, post: np.ndarray, examined: np.ndarray, root_ll: np.ndarray | None = None) -> np.ndarray:
        """P(root involved), after giving a share of each single root to its neighbours (rows: drawings).

        Pain drawings alone often cannot tell neighbouring roots apart (Albert et al. 2019), so a
        root gives each neighbour the larger share and scores no higher than the cap, unless the
        examination tells them apart: the share to a neighbour shrinks only where the findings
        (``root_ll``, their log-likelihood under each single root) fit the root better than that
        neighbour, and the cap lifts only where no neighbour fits them better.  A finding that
        points to a neighbour (weak hip flexion beside an L1 drawing) must not make L1 surer.
        """
        single = post[:, self._root_hyp]
        src, dst, weight, nearest = self._spread_edges
        share, cap = _SPREAD[False], NO_FINDINGS_CAP  # drawings alone (every live click before an examination)
        if examined.any():
            if root_ll is None:
                root_ll = np.zeros_like(single)
            apart = examined[:, None] & (root_ll[:, src] > root_ll[:, dst] + _TELLS_APART)
            share = np.where(apart, _SPREAD[True], _SPREAD[False])
            best_neighbour = np.where(nearest >= 0, root_ll[:, nearest], -np.inf).max(axis=2, initial=-np.inf)
            cap = np.where(examined[:, None] & (root_ll >= best_neighbour - _TELLS_APART), 1.0, NO_FINDINGS_CAP)
        moved = share * weight * single[:, src]
        scores = post @ self._membership + moved @ self._edge_balance
        return np.minimum(np.maximum(scores, 0.0), cap)

    def _shapes(self, rows: "_Rows", mass: np.ndarray) -> dict[str, np.ndarray]:
        """Where each drawing lies: which sides, both legs, feet first (toes and soles before the legs)."""
        ra, rm = rows.region_area, rows.region_mass
        cover, cover_area, depth, depth_area, legs, saddle = self._shape_columns
        share = ra[:, cover] / cover_area  # soles (left, right), then toes
        covered = np.minimum(share[:, :2], share[:, 2:])  # the lesser of toes and soles, per side
        density = rm[:, depth] / depth_area  # mass per area: feet (left, right), then the legs above
        d_feet, d_above = density[:, :2], density[:, 2:]
        # both feet, the toes and the soles, more than the legs above
        each = np.minimum(1.0, covered / _FEET_MIN_COVER) * np.where(
            d_feet >= d_above, 1.0, d_feet / np.maximum(d_above, 1e-12))
        first = each[:, 0] * each[:, 1]
        return {"sides": np.array((rows.left, rows.right)).T > 0.02 * mass[:, None],
                "both_legs": (ra[:, legs] >= _LEGS_MIN_AREA).all(axis=1),
                "feet_first": first,
                "saddle": (ra[:, saddle] > 0).all(axis=1),
                "balance": 2.0 * np.minimum(rows.left, rows.right) / np.maximum(rows.left + rows.right, 1e-12)}

    def _face(self, shares: np.ndarray) -> tuple[float, tuple[str, ...], tuple[str, ...]]:
        """(share, branch labels, sides) of a drawing that lies mostly on the face: the trigeminal nerve's."""
        per = shares.reshape(-1, 2)  # branches x (left, right)
        tmap = self.atlas.map
        by_branch = per.sum(axis=1)
        branches = tuple(tmap.territories[self._face_branches[j]].label for j in np.argsort(-by_branch, kind="stable")
                         if by_branch[j] >= _FACE_BRANCH_SHARE)  # the branch holding most first
        sides = tuple(side for side, v in zip(("left", "right"), per.sum(axis=0)) if v >= _FACE_BRANCH_SHARE)
        return min(float(per.sum()), 1.0), branches, sides  # border skin belongs to two branches

    def _flags(self, km: dict, shape: dict, drawn: bool, findings: Findings, umn: bool, bilateral,
               best_radicular: float, best_root: float, best_nerve: float) -> list[str]:
        flags = []
        roots = km["root"] + km["pair"]
        length_dependent = shape["feet_first"] >= 0.5 and shape["balance"] >= 0.3
        if drawn and not umn and length_dependent and km["poly"] > max(roots, km["nerve"], km["cord"], 0.3):
            flags.append("stocking_glove")
        cord_explains = km["cord"] > max(roots, km["nerve"], km["poly"], 0.5)
        if (drawn and "stocking_glove" not in flags and not cord_explains and bilateral is None
                and best_radicular < 0.5):
            flags.append("non_dermatomal")
        localised = drawn or findings.has_examination()
        if (not umn and localised and "stocking_glove" not in flags and best_nerve > best_root
                and best_nerve >= _NERVE_FLAG and km["nerve"] >= max(km["poly"], km["cord"])):
            flags.append("peripheral_nerve")
        both_legs = drawn and shape["both_legs"] and not length_dependent
        if shape["saddle"] or both_legs or {"saddle_numbness", "bladder_bowel", "bilateral_weakness"} & findings.signs:
            flags.append("cauda_equina")
        if umn:
            flags.append("upper_motor_neuron")
        return flags


class _Rows:
    """A batch of DrawingSums as stacked arrays (one row per drawing)."""

    _MATRICES = ("gain", "explained", "overlap", "region_mass", "region_area")
    _SCALARS = ("mass", "base", "area", "left", "right")

    def __init__(self, many: list["DrawingSums"] | None = None):
        stack = (lambda arrays: arrays[0][None]) if many is not None and len(many) == 1 else np.vstack
        for name in self._MATRICES if many is not None else ():  # one drawing (the app's click): views
            setattr(self, name, stack([getattr(s, name) for s in many]))
        for name in self._SCALARS if many is not None else ():
            setattr(self, name, np.array([getattr(s, name) for s in many], dtype=float))

    @classmethod
    def from_arrays(cls, *arrays) -> "_Rows":
        rows = cls()
        for name, value in zip(cls._MATRICES + cls._SCALARS, arrays):
            setattr(rows, name, np.asarray(value, dtype=float))
        return rows


class StackedSums:
    """The sums of many drawings, only as stacked arrays (batch scoring makes no per-drawing objects)."""

    def __init__(self, rows: "_Rows"):
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows.mass)


class SumsBatch(list):
    """DrawingSums of many drawings, with the same numbers stacked as arrays for :meth:`Localizer.results`."""

    rows: _Rows | None = None


class _Builder:
    """Hypotheses as they are added: kind, name, side, supply column and prior rate."""

    def __init__(self):
        self.kinds, self.names, self.sides, self.cols, self.rates = [], [], [], [], []

    def add(self, kind: str, name: tuple[str, ...], side: str, col, rate: float) -> None:
        self.kinds.append(kind); self.names.append(name); self.sides.append(side)
        self.cols.append(col); self.rates.append(rate)


@dataclass
class DrawingSums:
    """Additive summaries of a drawing: everything scoring needs, updated stroke by stroke."""

    gain: np.ndarray  # per hypothesis: sum of m * (log q_H/a - log q_bg/a)
    explained: np.ndarray  # per hypothesis: sum of m * S_H
    overlap: np.ndarray  # per neighbour pair and side: sum of m * min(W_r, W_n)
    region_mass: np.ndarray  # per named region and side: sum of m
    region_area: np.ndarray  # per named region and side: painted area
    mass: float = 0.0
    base: float = 0.0
    area: float = 0.0
    left: float = 0.0
    right: float = 0.0

    @classmethod
    def empty(cls, n_h: int, n_aux: int, n_regions: int) -> "DrawingSums":
        return cls(np.zeros(n_h), np.zeros(n_h), np.zeros(n_aux), np.zeros(n_regions), np.zeros(n_regions))

    @property
    def balance(self) -> float:
        """1 when the drawing is split evenly between the sides, 0 when it is all on one side."""
        return 2.0 * min(self.left, self.right) / max(self.left + self.right, 1e-12)


class _SumsLayout:
    """Where each of :class:`DrawingSums`' fields sits in one flat vector (the live scorer's sums)."""

    FIELDS = _Rows._MATRICES + _Rows._SCALARS
    SCALAR_FIELDS = _Rows._SCALARS  # mass, base, area, left, right

    def __init__(self, n_h: int, n_aux: int, n_regions: int):
        sizes = (n_h, n_h, n_aux, n_regions, n_regions, 1, 1, 1, 1, 1)
        self.start = dict(zip(self.FIELDS, np.cumsum((0,) + sizes).tolist()))
        self.width = int(sum(sizes))
        self.ends = dict(zip(self.FIELDS, (self.start[f] + k for f, k in zip(self.FIELDS, sizes))))

    def rows(self, flat: np.ndarray) -> _Rows:
        """One-row views into ``flat``: scoring reads the running sums where they are kept."""
        return _Rows.from_arrays(*(flat[self.start[f]:self.ends[f]][None] for f in _Rows._MATRICES),
                                 *(flat[self.start[f]:self.ends[f]] for f in _Rows._SCALARS))


class _StrokeTable:
    """Per vertex, what one unit of painted mass adds to each of a drawing's sums, for one eps, as
    one CSR table laid out like :class:`_SumsLayout`: a stroke's change is one gather and one
    bincount (the app's click path).  Entries of the painted-area columns are weighed by the change
    of presence (painted or not), all others by the change of mass."""

    def __init__(self, loc: "Localizer", eps: float, layout: _SumsLayout):
        n, n_h, s = loc.body.n_vertices, len(loc.hyp.kind), loc.hyp.supply  # supply: no uniform-skin column
        regions = sp.csr_matrix(loc._regions)
        side = loc.body.side
        scalars = np.column_stack((np.ones(n), np.full(n, np.log(eps / loc.total_area)), loc.area, side > 0,
                                   side < 0)).astype(float)  # as _SumsLayout.SCALAR_FIELDS
        table = sp.hstack([sp.csr_matrix((d, s.indices, s.indptr), shape=(n, n_h))
                           for d in (loc._gain_values(eps, s.data, s.indices), s.data)]
                          + [loc._aux, regions, regions.multiply(loc.area[:, None]), sp.csr_matrix(scalars)],
                          format="csr")
        self.indptr, self.columns, self.data = table.indptr, table.indices, table.data
        at = layout.start
        self.by_presence = (((self.columns >= at["region_area"]) & (self.columns < at["mass"]))
                            | (self.columns == at["area"]))

    def add_to(self, flat: np.ndarray, vertices: np.ndarray, mass: np.ndarray, present: np.ndarray) -> None:
        """Add ``mass`` (and ``present``, the change of presence) at ``vertices`` to the sums ``flat``."""
        start = self.indptr[vertices]
        count = self.indptr[vertices + 1] - start
        at = np.repeat(start - count.cumsum() + count, count) + np.arange(int(count.sum()))
        weight = np.where(self.by_presence[at], np.repeat(present, count), np.repeat(mass, count))
        flat += np.bincount(self.columns[at], weight * self.data[at], minlength=len(flat))


class LiveScorer:
    """Keeps a drawing's sums up to date stroke by stroke (the app's click-to-result path).

    The sums are one flat vector (:class:`_SumsLayout`): a stroke adds one bincount per background
    share it touches (:class:`_StrokeTable`), and scoring reads one-row views of it.
    """

    def __init__(self, localizer: Localizer):
        self.loc = localizer
        self.detach = lambda: None  # set by Engine.live: stop following the drawing
        n = localizer.body.n_vertices
        self.mass = np.zeros(n)
        self.eps = np.full(n, EPSILON["pain"])
        layout = localizer.sums_layout
        self._flat = np.zeros(layout.width)
        self._sums = StackedSums(layout.rows(self._flat))
        self._mass_at = layout.start["mass"]

    def update(self, vertices: np.ndarray, values: np.ndarray) -> None:
        """Take the drawing's new rows (3, k) at ``vertices`` (a stroke's diff)."""
        vertices = np.asarray(vertices, dtype=np.int64)
        old_mass, old_eps = self.mass[vertices], self.eps[vertices]
        new_mass = self.loc.area[vertices] * np.asarray(values, dtype=float).max(axis=0)
        new_eps = self.loc.epsilon(values, len(vertices))
        self.mass[vertices], self.eps[vertices] = new_mass, new_eps
        # sums are linear in mass: take the old values out and put the new ones in
        if (old_eps == new_eps).all():  # the usual stroke: one pass (a vertex that kept its value adds 0)
            self._add(vertices, new_mass - old_mass, np.sign(new_mass) - np.sign(old_mass), new_eps)
        else:  # a symptom added or erased changes the background share: old and new apart
            self._add(vertices, -old_mass, -np.sign(old_mass), old_eps)
            self._add(vertices, new_mass, np.sign(new_mass), new_eps)
        if self._flat[self._mass_at] < 1e-9:  # drawing cleared: drop rounding residue
            self._flat[:] = 0.0

    def _add(self, vertices: np.ndarray, mass: np.ndarray, present: np.ndarray, eps: np.ndarray) -> None:
        if not len(vertices):
            return
        if (eps == eps[0]).all():  # one symptom's share (the usual stroke)
            groups = [(float(eps[0]), slice(None))]
        else:
            groups = [(e, eps == e) for e in np.unique(eps).tolist()]
        for e, sel in groups:
            if e >= 1.0:  # eps 1: a vertex without symptoms, no mass to add (and no table to build)
                continue
            table = self.loc.stroke_table(e)
            if table is not None:
                table.add_to(self._flat, vertices[sel], mass[sel], present[sel])
            else:  # a mesh too fine for a table: the sums' own gathers
                delta = self.loc.contribution(vertices[sel], mass[sel], np.full(len(mass[sel]), e), present[sel])
                self._flat += np.concatenate([np.atleast_1d(getattr(delta, f)) for f in _SumsLayout.FIELDS])

    def result(self, findings: Findings | None = None) -> Result:
        return self.loc.results(self._sums, [findings or Findings()])[0]


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


def _nerve_and_parents(myotomes, nerve: str) -> set[str]:
    """``nerve`` and the trunks above it: a lesion of a parent reaches its branches' reflexes."""
    out, node = {nerve}, nerve
    while node in myotomes.nerve_branches:
        node = myotomes.nerve_branches[node]
        out.add(node)
    return out
