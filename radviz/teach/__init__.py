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

One job per module: :mod:`~radviz.teach.answers` (checking an answer), :mod:`~radviz.teach.cases`,
:mod:`~radviz.teach.questions`, :mod:`~radviz.teach.quiz`, :mod:`~radviz.teach.progress` and
:mod:`~radviz.teach.tour`; this package re-exports their public names.
"""
from __future__ import annotations

from radviz.teach.answers import ShowMeFeedback, accepted_roots, check_which_root, score_show_me
from radviz.teach.cases import Case, check_case, make_case
from radviz.teach.common import CASE_ROOTS, FULL, KINDS, PASS_SCORE, ZERO
from radviz.teach.progress import ProgressStore
from radviz.teach.questions import Question, key_muscle_questions
from radviz.teach.quiz import Answer, Quiz
from radviz.teach.tour import TourStep, map_differences, tour_steps

__all__ = ["ShowMeFeedback", "Case", "Question", "Answer", "Quiz", "ProgressStore", "TourStep",
           "score_show_me", "accepted_roots", "check_which_root", "make_case", "check_case",
           "key_muscle_questions", "tour_steps", "map_differences", "FULL", "ZERO", "PASS_SCORE",
           "KINDS", "CASE_ROOTS"]
