"""Teaching: quizzes on dermatomes, myotomes and reflexes, a dermatome tour and map comparison.

Qt-free model for the teaching panel.  Every question is made from the maps' data (never typed
by hand per question), so a corrected map corrects the quiz too.

Scoring "show me" answers fairly with respect to overlap
--------------------------------------------------------
A dermatome weight w in 0..1 reads as "share of people in whom this skin belongs to the root".
Painted skin earns credit ``clip((w - 0.3) / 0.4, 0, 1)``: full credit where w >= 0.7 (the root's
core, where most people agree), partial credit in border zones (a graded border, where w is
about 0.5, earns half) and none below 0.3 (the threshold at which :func:`accepted_roots` accepts a
root).  The answer's credit is the mean over the painted skin, weighted by area and intensity, so
an answer cannot gain by painting more.  Skin that is another root's core (weight >= 0.7 there,
< 0.3 for the target) costs half its share again, so painting a neighbour's core is worse than
painting a border.  Finally the share of the target's core that is painted scales the result
from 0.8 (one dot) to 1 (half the core or more): painting one correct dot is not full marks.

Nothing here touches the network; progress is a small JSON file written atomically.
"""
from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from radviz.files import write_atomic
from radviz.atlas import SIDES, Atlas, get_atlas
from radviz.drawing import SYMPTOMS, Drawing, brush
from radviz.findings import Findings
from radviz.keypoints import load_key_points

__all__ = ["ShowMeFeedback", "Case", "Question", "Answer", "Quiz", "ProgressStore", "TourStep",
           "score_show_me", "accepted_roots", "check_which_root", "make_case", "check_case",
           "key_muscle_questions", "tour_steps", "map_differences", "FULL", "ZERO", "PASS_SCORE",
           "KINDS", "CASE_ROOTS"]

FULL = 0.7
"""Weight from which painted skin counts fully (the core: most people agree)."""
ZERO = 0.3
"""Weight below which skin earns no credit (and a root is not 'substantial' at a spot)."""
MAIN = 0.9
"""Myotome/reflex weight of a *main* root (the data's ``main`` = 1.0; ``secondary`` = 0.6)."""
COVERAGE_FULL = 0.5
"""Share of the core that must be painted for the full coverage factor."""
PASS_SCORE = 0.5
"""A "show me" answer scoring at least this counts as correct for accuracy statistics."""
KINDS = ("show_me", "which_root", "case", "muscle")
CASE_ROOTS = ("C5", "C6", "C7", "C8", "T1", "L2", "L3", "L4", "L5", "S1")
"""Roots with a limb territory and motor findings: cases about them are tellable apart."""
_SCHEMA = "radviz-teach-progress/1"


def _pct(x: float) -> str:
    return f"{round(100 * x)}%"


def _words(name: str) -> str:
    return name.replace("_", " ")


def _credit(w: np.ndarray) -> np.ndarray:
    return np.clip((w - ZERO) / (FULL - ZERO), 0.0, 1.0)


def _where(body, vertices: np.ndarray, k: int = 2) -> str:
    """Plain words for where a set of vertices mostly lies ('left foot and left lower leg')."""
    vertices = np.asarray(vertices, dtype=np.int64)
    if not len(vertices):
        return ""
    names = [body.describe(int(v)) for v in vertices]
    area: dict[str, float] = {}
    for n, a in zip(names, body.vertex_areas[vertices]):
        area[n] = area.get(n, 0.0) + float(a)
    return " and ".join(sorted(area, key=lambda n: -area[n])[:k])


def _root_name(answer: str) -> str:
    """'left L5', 'l5 ', 'S4-5' -> the root name as the maps spell it."""
    return str(answer).strip().split()[-1].upper() if str(answer).strip() else ""


def _spinal(atlas: Atlas) -> list[str]:
    return [r for r in atlas.map.sequence if atlas.map.territories[r].kind == "spinal"]


# ------------------------------------------------------------------- show me
@dataclass
class ShowMeFeedback:
    """How well a painted answer matches a root's territory.

    ``hits``: painted vertices that earn credit (w > 0.3); ``misses``: core vertices (w >= 0.7)
    left unpainted; ``extra``: painted vertices earning nothing; ``wrong_roots``: (root, side) whose
    core was painted, most painted first.  ``credit``, ``coverage`` and ``penalty`` are the parts
    of ``score`` (see the module docstring), kept so the panel can show why.
    """

    score: float
    hits: np.ndarray
    misses: np.ndarray
    wrong_roots: list[tuple[str, str]]
    text: str
    extra: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    credit: float = 0.0
    coverage: float = 0.0
    penalty: float = 0.0


def score_show_me(atlas: Atlas, body, root: str, side: str, painted_vertices,
                  painted_values=None) -> ShowMeFeedback:
    """Score a student's drawing of ``side root`` against the map (rule in the module docstring).

    Parameters
    ----------
    painted_vertices : int array
        Vertices the student painted.
    painted_values : array or None
        Their intensities (any scale; only relative values matter); None means all equal.
    """
    verts = np.asarray(painted_vertices, dtype=np.int64).ravel()
    vals = np.ones(len(verts)) if painted_values is None else np.asarray(painted_values, float).ravel()
    verts, vals = verts[vals > 0], vals[vals > 0]
    order = np.lexsort((-vals, verts))  # a vertex painted twice counts once, at its highest value
    verts, first = np.unique(verts[order], return_index=True)
    vals = vals[order][first]
    w_all = atlas.column_weights(root, side)
    core = w_all >= FULL
    terr = atlas.map.territories[root]
    label = f"{side} {root}"
    if not len(verts):
        return ShowMeFeedback(0.0, verts, np.flatnonzero(core), [], f"Nothing is painted yet: paint "
                              f"where you think the {label} dermatome is ({terr.description}).")
    mass = body.vertex_areas[verts] * vals
    mass = mass / mass.sum()
    w = w_all[verts]
    credit = float(mass @ _credit(w))
    sub = atlas.weights[verts].toarray()
    sub[:, atlas.column(root, side)] = 0.0
    wrong = (sub.max(axis=1) >= FULL) & (w < ZERO)
    penalty = 0.5 * float(mass[wrong].sum())
    area = body.vertex_areas
    painted = np.zeros(len(w_all), dtype=bool)
    painted[verts] = True
    coverage = float(area[core & painted].sum() / max(area[core].sum(), 1e-12))
    factor = 0.8 + 0.2 * min(coverage / COVERAGE_FULL, 1.0)
    score = float(np.clip(credit * factor - penalty, 0.0, 1.0))

    owner = sub.argmax(axis=1)
    counts: dict[tuple[str, str], float] = {}
    for c, m in zip(owner[wrong], mass[wrong]):
        counts[atlas.columns[c]] = counts.get(atlas.columns[c], 0.0) + float(m)
    wrong_roots = sorted(counts, key=lambda k: -counts[k])
    misses = np.flatnonzero(core & ~painted)
    lead = "Well done" if score >= 0.8 else "Partly right" if score >= PASS_SCORE else "Not quite"
    text = [f"{lead}: the {label} dermatome is the {terr.description}."]
    border = (w >= ZERO) & (w < FULL)
    outside = (w < ZERO) & ~wrong
    if wrong_roots and mass[wrong].sum() >= 0.1:
        r, s = wrong_roots[0]
        text.append(f"{_pct(mass[wrong].sum())} of your drawing is {s} {r} skin "
                    f"({atlas.map.territories[r].description}), which counts against it.")
    if mass[border].sum() >= 0.2:
        nbrs = sorted({n for v in verts[border] for n in accepted_roots(atlas, v, side) if n != root})
        shared = f" shares with {' and '.join(nbrs)}" if nbrs else " shades off"
        text.append(f"{_pct(mass[border].sum())} of it lies on skin {root}{shared}, which counts "
                    f"partly because people differ there.")
    if mass[outside].sum() >= 0.1:
        text.append(f"{_pct(mass[outside].sum())} of it lies outside {root} skin, on the "
                    f"{_where(body, verts[outside])}.")
    if coverage < COVERAGE_FULL / 2 and len(misses):
        text.append(f"You painted {_pct(coverage)} of its core, which lies mostly on the "
                    f"{_where(body, misses)}.")
    return ShowMeFeedback(score, verts[w > ZERO], misses, wrong_roots, " ".join(text[:3]),
                          verts[w <= ZERO], credit, coverage, penalty)


# ------------------------------------------------------------------- which root
def accepted_roots(atlas: Atlas, vertex: int, side: str | None = None,
                   threshold: float = ZERO) -> list[str]:
    """All territories with a substantial weight at a spot, heaviest first.

    Where dermatomes overlap, several roots supply the same skin in different people, so every
    root with weight >= ``threshold`` is a right answer: that is what overlap means.
    """
    out: list[str] = []
    for name, s, _ in atlas.at_vertex(int(vertex), min_weight=threshold):
        if (side is None or s == side) and name not in out:
            out.append(name)
    return out


def check_which_root(atlas: Atlas, vertex: int, answer: str, side: str | None = None) -> tuple[bool, str]:
    """Is ``answer`` (e.g. 'L5' or 'left L5') a root supplying the spot?  Returns (correct, text)."""
    here = [(n, s, w) for n, s, w in atlas.at_vertex(int(vertex), min_weight=0.05)
            if side is None or s == side]
    accepted = accepted_roots(atlas, vertex, side) or [n for n, _, _ in here[:1]]
    name = _root_name(answer)
    named = [f"{n} ({_pct(w)})" for n, _, w in here if n in accepted]
    weights = ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else "".join(named)
    correct = name in accepted
    if correct and len(accepted) > 1:
        both = "both" if len(accepted) == 2 else "all"
        text = (f"Right: {weights} {both} supply this spot, so each is accepted. Neighbouring "
                f"dermatomes overlap, and people differ in which root supplies it.")
    elif correct:
        text = f"Right: this spot is {name} skin ({weights})."
    else:
        terr = atlas.map.territories.get(name)
        theirs = f" {name} supplies the {terr.description}." if terr and terr.description else ""
        text = f"Not quite: this spot is supplied by {weights}.{theirs}"
    return correct, text


# ------------------------------------------------------------------- cases
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
    exam = [f"weak {_words(m)}" for m in weak] + [f"a decreased {_words(r)} reflex" for r in reflexes]
    text = (f"{symptom.capitalize()} over the marked skin ({_where(body, verts)})."
            + (f" On examination: {', '.join(exam)} on the {side}." if exam else
               " The examination of strength and reflexes is normal."))
    return Case(root, side, verts, vals[verts], symptom, findings, text)


def check_case(engine, case: Case, answer: str) -> tuple[bool, str]:
    """Check a root picked for a case; the feedback is the localization engine's explanation."""
    result = engine.locate(case.drawing(engine.body.n_vertices), case.findings)
    name = _root_name(answer)
    correct = name == case.root
    top = result.roots[0]
    head = (f"Right: the case was built from the {case.side} {case.root} root. " if correct else
            f"Not quite: the case was built from the {case.side} {case.root} root, not {name}. ")
    if (top.root, top.side) != (case.root, case.side):
        head += (f"(The engine itself ranks {top.side} {top.root} first here: neighbouring roots "
                 f"overlap.) ")
    return correct, head + result.explanation


# ------------------------------------------------------------------- questions
@dataclass
class Question:
    """One quiz question.  ``accepted``: every right answer; ``root``: what accuracy is kept for."""

    kind: str
    prompt: str
    root: str
    side: str | None
    accepted: tuple[str, ...]
    choices: tuple[str, ...] = ()
    vertex: int | None = None
    case: Case | None = None

    @property
    def key(self) -> tuple:
        """What makes two questions the same (for reproducibility checks and de-duplication)."""
        extra = None if self.case is None else tuple(self.case.vertices[:5].tolist())
        return (self.kind, self.prompt, self.root, self.side, self.vertex, extra)


def _window(sequence: list[str], names, reach: int = 2) -> tuple[str, ...]:
    """Choices: the accepted roots and up to ``reach`` neighbours each side, in sequence order."""
    idx = [sequence.index(n) for n in names if n in sequence]
    if not idx:
        return tuple(sequence)
    return tuple(sequence[max(min(idx) - reach, 0):max(idx) + reach + 1])


def key_muscle_questions(myotomes, roots: list[str] | None = None) -> list[Question]:
    """Movement -> root, reflex -> root, root -> movement and root -> reflex questions.

    Only main roots (weight >= 0.9) are asked and accepted: a root that merely helps a movement
    would make the question a matter of which textbook one read.
    """
    from radviz.atlas.myotomes import ROOTS

    roots = list(roots or ROOTS)
    out: list[Question] = []
    for mv in myotomes.movements:
        main = [r for r, c in myotomes.movement_roots(mv).items() if c >= MAIN and r in roots]
        if main:
            out.append(Question("muscle", f"Which root mainly drives {_words(mv)}?", main[0], None,
                                tuple(main), _window(roots, main)))
    for name, reflex in myotomes.reflexes.items():
        main = [r for r, c in myotomes.reflex_roots(name).items() if c >= MAIN and r in roots]
        if main:
            out.append(Question("muscle", f"Which root does the {reflex.label.lower()} reflex test?", main[0],
                                None, tuple(main), _window(roots, main)))
    for k, root in enumerate(roots):
        moves = [m for m, c in myotomes.root_movements(root).items() if c >= MAIN]
        if moves:
            near = set(roots[max(k - 2, 0):k + 3])
            choices = [m for m in myotomes.movements
                       if any(myotomes.movement_roots(m).get(r, 0) >= MAIN for r in near)]
            out.append(Question("muscle", f"Which movement does {root} mainly drive?", root, None,
                                tuple(moves), tuple(choices)))
        refl = [r for r, c in myotomes.root_reflexes(root).items() if c >= MAIN]
        if refl:
            out.append(Question("muscle", f"Which reflex tests {root}?", root, None, tuple(refl),
                                tuple(myotomes.reflexes)))
    return out


# ------------------------------------------------------------------- quiz
@dataclass
class Answer:
    question: Question
    response: object
    correct: bool
    score: float
    text: str


class Quiz:
    """N questions in a random order that the seed reproduces; answers, score, per-root accuracy.

    Parameters
    ----------
    kinds : iterable of str
        Any of ``show_me``, ``which_root``, ``case``, ``muscle``.
    n : int
        Number of questions.
    seed : int
        Same seed, same questions in the same order (cases included).
    atlas, engine : the map to quiz on and the engine (needed for ``case``; gives the atlas and
        body when ``atlas`` is None).
    questions : list of Question, optional
        Ask these instead of generating (used by :meth:`review_mistakes`).
    """

    def __init__(self, kinds=KINDS, n: int = 10, seed: int = 0, atlas: Atlas | None = None,
                 engine=None, myotomes=None, body=None, side: str | None = None,
                 roots=None, questions: list[Question] | None = None):
        self.engine = engine
        self.atlas = atlas if atlas is not None else engine.atlas
        if body is None:
            from radviz.body import default_body

            body = engine.body if engine is not None else default_body()
        self.body = body
        if myotomes is None and engine is not None:
            myotomes = engine.myotomes
        if myotomes is None and "muscle" in kinds:
            from radviz.atlas.myotomes import load_myotomes

            myotomes = load_myotomes()
        self.myotomes, self.kinds, self.seed = myotomes, tuple(kinds), seed
        if "case" in self.kinds and engine is None:
            raise ValueError("'case' questions need an engine")
        self.roots = list(roots) if roots else _spinal(self.atlas)
        self.questions = list(questions) if questions is not None else self._generate(n, seed, side)
        self.answers: list[Answer] = []

    # -------------------------------------------------------------- generation
    def _generate(self, n: int, seed: int, side: str | None) -> list[Question]:
        rng = np.random.default_rng(seed)
        muscle = key_muscle_questions(self.myotomes) if "muscle" in self.kinds else []
        out: list[Question] = []
        for _ in range(n):
            kind = self.kinds[int(rng.integers(len(self.kinds)))]
            s = side or SIDES[int(rng.integers(2))]
            if kind == "muscle":
                out.append(muscle[int(rng.integers(len(muscle)))])
                continue
            pool = [r for r in self.roots if r in CASE_ROOTS] if kind == "case" else self.roots
            root = pool[int(rng.integers(len(pool)))]
            out.append(getattr(self, f"_{kind}")(root, s, rng))
        return out

    def _show_me(self, root: str, side: str, rng) -> Question:
        return Question("show_me", f"Paint the {side} {root} dermatome.", root, side, (root,))

    def _which_root(self, root: str, side: str, rng) -> Question:
        key = self.atlas.key_points.get((root, side))
        if key is None or rng.random() < 0.5:  # any skin point the root substantially supplies
            cand = np.flatnonzero(self.atlas.column_weights(root, side) >= ZERO)
            vertex, what = int(rng.choice(cand)), "the marked spot"
        else:
            vertex, what = int(key), "the marked key sensory point"
        accepted = tuple(accepted_roots(self.atlas, vertex, side)) or (root,)
        return Question("which_root", f"Which root supplies {what} ({self.body.describe(vertex)})?",
                        accepted[0], side, accepted, _window(self.roots, accepted), vertex)

    def _case(self, root: str, side: str, rng) -> Question:
        case = make_case(self.engine, root, side, rng)
        return Question("case", f"Which root? {case.text}", root, side, (root,),
                        _window(self.roots, [root]), case=case)

    # -------------------------------------------------------------- answering
    @property
    def current(self) -> Question | None:
        """The next unanswered question (None when the quiz is over)."""
        k = len(self.answers)
        return self.questions[k] if k < len(self.questions) else None

    @property
    def finished(self) -> bool:
        return self.current is None

    def answer(self, response) -> Answer:
        """Answer the current question.

        ``response``: painted vertices, or (vertices, values), for ``show_me``; a root or movement
        or reflex name for the others.
        """
        q = self.current
        if q is None:
            raise IndexError("the quiz is over")
        if q.kind == "show_me":
            verts, vals = response if isinstance(response, tuple) else (response, None)
            fb = score_show_me(self.atlas, self.body, q.root, q.side, verts, vals)
            correct, score, text = fb.score >= PASS_SCORE, fb.score, fb.text
        elif q.kind == "which_root":
            correct, text = check_which_root(self.atlas, q.vertex, str(response), q.side)
            score = float(correct)
        elif q.kind == "case":
            correct, text = check_case(self.engine, q.case, str(response))
            score = float(correct)
        else:
            given = str(response).strip()
            correct = given in q.accepted or _root_name(given) in q.accepted
            score = float(correct)
            names = " or ".join(_words(a) for a in q.accepted)
            text = f"Right: {names}." if correct else f"Not quite: the answer is {names}."
        ans = Answer(q, response, bool(correct), float(score), text)
        self.answers.append(ans)
        return ans

    @property
    def score(self) -> float:
        """Mean score over the answered questions (a "show me" answer counts its 0..1 score)."""
        return float(np.mean([a.score for a in self.answers])) if self.answers else 0.0

    @property
    def n_correct(self) -> int:
        return sum(a.correct for a in self.answers)

    @property
    def per_root(self) -> dict[str, dict[str, int]]:
        """``{root: {"asked": n, "correct": k}}`` over the answered questions."""
        out: dict[str, dict[str, int]] = {}
        for a in self.answers:
            rec = out.setdefault(a.question.root, {"asked": 0, "correct": 0})
            rec["asked"] += 1
            rec["correct"] += int(a.correct)
        return out

    def mistakes(self) -> list[Question]:
        return [a.question for a in self.answers if not a.correct]

    def review_mistakes(self) -> "Quiz":
        """A new quiz of the questions answered wrongly, in the same order."""
        return Quiz(self.kinds, 0, self.seed, self.atlas, self.engine, self.myotomes, self.body,
                    roots=self.roots, questions=self.mistakes())


# ------------------------------------------------------------------- progress
class ProgressStore:
    """Per-root accuracy across sessions, in a small local JSON file (nothing is sent anywhere).

    A missing file starts empty; a damaged one starts empty with a warning (progress is a
    convenience, never a reason to crash).  Saves are atomic: write a temporary file, flush,
    fsync, rename.
    """

    def __init__(self, path: str | Path | None = None):
        if path is None:
            from radviz.paths import cache_dir

            path = cache_dir() / "teach-progress.json"
        self.path = Path(path)
        self.roots: dict[str, dict[str, int]] = self._load()

    def _load(self) -> dict[str, dict[str, int]]:
        if not self.path.exists():
            return {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            roots = raw["roots"]
            out = {str(r): {"asked": int(v["asked"]), "correct": int(v["correct"])} for r, v in roots.items()}
            if any(v["asked"] < 0 or not 0 <= v["correct"] <= v["asked"] for v in out.values()):
                raise ValueError("counts out of range")
            return out
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            warnings.warn(f"teaching progress in {self.path} could not be read ({exc}); starting afresh",
                          stacklevel=2)
            return {}

    def add(self, per_root: dict[str, dict[str, int]]) -> None:
        """Merge one quiz's :attr:`Quiz.per_root`."""
        for root, rec in per_root.items():
            mine = self.roots.setdefault(root, {"asked": 0, "correct": 0})
            mine["asked"] += int(rec["asked"])
            mine["correct"] += int(rec["correct"])

    def accuracy(self) -> dict[str, float]:
        """Share answered correctly per root (roots never asked are absent)."""
        return {r: v["correct"] / v["asked"] for r, v in self.roots.items() if v["asked"]}

    def save(self) -> None:
        write_atomic(self.path, json.dumps({"schema": _SCHEMA, "roots": self.roots}, indent=1, sort_keys=True))


# ------------------------------------------------------------------- teacher
@dataclass
class TourStep:
    """One stop of the dermatome tour."""

    root: str
    side: str
    key_point: int | None
    muscles: list[str]
    reflexes: list[str]
    summary: str
    description: str
    key_point_text: str = ""
    key_movement: str | None = None


def tour_steps(atlas: Atlas, myotomes, summaries: dict[str, dict], side: str = "left") -> list[TourStep]:
    """C2 -> S4-5 in the map's sequence: key point, main muscles and reflexes, summary, territory."""
    steps = []
    for root in _spinal(atlas):
        terr = atlas.map.territories[root]
        muscles = [m.label for m, w in myotomes.root_muscles(root) if w >= MAIN] if myotomes else []
        reflexes = [myotomes.reflexes[r].label for r, w in myotomes.root_reflexes(root).items()
                    if w >= MAIN] if myotomes else []
        rec = summaries.get(root, {})
        steps.append(TourStep(root, side, atlas.key_points.get((root, side)), muscles, reflexes,
                              rec.get("summary", ""), terr.description,
                              load_key_points().description(root), rec.get("key_muscle")))
    return steps


def _resolve(m, body) -> Atlas:
    if isinstance(m, Atlas):
        return m
    if body is None:
        from radviz.body import default_body

        body = default_body()
    return get_atlas(body, m if isinstance(m, str) else (m.path or m.name))


def map_differences(map_a, map_b, body=None, top: int = 6, side: str = "left") -> list[dict]:
    """Where two maps disagree: the differences both files state, then the roots whose cores differ most.

    Parameters
    ----------
    map_a, map_b : Atlas, map name or TerritoryMap
        Names and maps are compiled on ``body`` (default: the shipped body).
    top : int
        How many computed root differences to list.

    Returns
    -------
    list of dict
        Stated: ``{"kind": "stated", "region", "text", <map name>: description, ...}``.
        Computed: ``{"kind": "computed", "root", "jaccard", "region", "text", <map name>: ...}``;
        jaccard is |core_a & core_b| / |core_a | core_b| over core vertices (weight >= 0.7) on
        one side (the sides mirror), lowest first.
    """
    a, b = _resolve(map_a, body), _resolve(map_b, body)
    na, nb = a.map.name, b.map.name
    out: list[dict] = []
    regions: dict[str, dict] = {}
    for m in (a.map, b.map):
        for d in m.differences:
            region = str(d.get("region", ""))
            rec = regions.setdefault(region, {"kind": "stated", "region": region})
            for name in (na, nb):
                if name in d and name not in rec:
                    rec[name] = str(d[name])
    for rec in regions.values():
        rec["text"] = f"{rec['region'].capitalize()}: " + "; ".join(
            f"{n}: {rec[n]}" for n in (na, nb) if n in rec)
        out.append(rec)
    if body is None:
        from radviz.body import default_body

        body = default_body()
    computed = []
    for root in _spinal(a):
        if root not in b.map.territories:
            continue
        ca, cb = a.column_weights(root, side) >= FULL, b.column_weights(root, side) >= FULL
        union = (ca | cb).sum()
        if not union:
            continue
        jac = float((ca & cb).sum() / union)
        where = _where(body, np.flatnonzero(ca ^ cb)).replace(f"{side} ", "")
        computed.append({"kind": "computed", "root": root, "jaccard": round(jac, 3), "region": where,
                         na: a.map.territories[root].description, nb: b.map.territories[root].description,
                         "text": f"{root}: the two maps' cores share {_pct(jac)} of their skin; they "
                                 f"disagree most on the {where}."})
    computed.sort(key=lambda d: d["jaccard"])
    return out + computed[:top]
