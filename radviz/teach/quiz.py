"""A quiz: questions in a seeded order, answers, score and per-root accuracy."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from radviz.atlas import SIDES, Atlas
from radviz.teach.answers import accepted_roots, check_which_root, score_show_me
from radviz.teach.cases import check_case, make_case
from radviz.teach.common import CASE_ROOTS, KINDS, PASS_SCORE, ZERO, root_name, spinal_roots, words
from radviz.teach.questions import Question, choice_window, key_muscle_questions

__all__ = ["Answer", "Quiz"]


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
        self.roots = list(roots) if roots else spinal_roots(self.atlas)
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
                        accepted[0], side, accepted, choice_window(self.roots, accepted), vertex)

    def _case(self, root: str, side: str, rng) -> Question:
        case = make_case(self.engine, root, side, rng)
        return Question("case", f"Which root? {case.text}", root, side, (root,),
                        choice_window(self.roots, [root]), case=case)

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
            correct = given in q.accepted or root_name(given) in q.accepted
            score = float(correct)
            names = " or ".join(words(a) for a in q.accepted)
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
