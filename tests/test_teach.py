"""Teaching mode: what a student or teacher would notice about scoring, quizzes, cases and the tour."""
import json
import warnings

import numpy as np
import pytest

from radviz import teach


def _border(lee):
    """Vertices on the shared left L4/L5 border (both weights between 0.3 and 0.7)."""
    w4, w5 = lee.column_weights("L4", "left"), lee.column_weights("L5", "left")
    return np.flatnonzero((w4 >= 0.3) & (w4 <= 0.7) & (w5 >= 0.3) & (w5 <= 0.7))


# ------------------------------------------------------------------- show me
def test_painting_the_core_scores_near_full_marks(lee, body):
    core = np.flatnonzero(lee.column_weights("L5", "left") >= 0.9)
    fb = teach.score_show_me(lee, body, "L5", "left", core)
    assert fb.score >= 0.8, fb.text
    assert fb.wrong_roots == [] and len(fb.hits) == len(core)
    assert fb.text.startswith("Well done")


def test_painting_the_wrong_limb_scores_near_zero(lee, body):
    arm = {body.part_names.index(p) for p in ("upper arm", "forearm", "hand")}
    right_arm = np.flatnonzero((body.side < 0) & np.isin(body.part, list(arm)))
    fb = teach.score_show_me(lee, body, "L5", "left", right_arm)
    assert fb.score <= 0.1
    assert fb.wrong_roots and all(s == "right" for _, s in fb.wrong_roots)
    assert "Not quite" in fb.text and "counts against" in fb.text


def test_the_shared_border_gets_partial_credit(lee, body):
    border = _border(lee)
    assert len(border) > 20
    fb = teach.score_show_me(lee, body, "L5", "left", border)
    assert 0.2 <= fb.score <= 0.75, fb.score
    assert "L4" in fb.text  # it says with whom the skin is shared


def test_one_dot_is_not_full_marks_and_a_neighbours_core_costs(lee, body):
    w = lee.column_weights("L5", "left")
    dot = [int(np.argmax(w))]
    assert teach.score_show_me(lee, body, "L5", "left", dot).score < 0.85
    s1_core = np.flatnonzero(lee.column_weights("S1", "left") >= 0.9)
    fb = teach.score_show_me(lee, body, "L5", "left", s1_core)
    assert fb.score <= 0.1 and fb.wrong_roots[0] == ("S1", "left")
    assert teach.score_show_me(lee, body, "L5", "left", []).score == 0.0


# ------------------------------------------------------------------- which root
def test_an_overlap_spot_accepts_both_roots(lee):
    spot = int(_border(lee)[0])
    assert {"L4", "L5"} <= set(teach.accepted_roots(lee, spot))
    for answer in ("L4", "left L5"):
        ok, text = teach.check_which_root(lee, spot, answer)
        assert ok and "L4" in text and "L5" in text and "overlap" in text
    ok, text = teach.check_which_root(lee, spot, "C6")
    assert not ok and "radial" in text  # says where C6 really is


def test_a_key_point_accepts_its_own_root(lee):
    for root in ("C6", "C7", "L4", "S1"):
        assert root in teach.accepted_roots(lee, lee.key_points[(root, "left")], "left")


# ------------------------------------------------------------------- cases
def test_generated_cases_are_ranked_correctly_by_the_engine(engine):
    rng = np.random.default_rng(7)
    hits, misses = 0, []
    for root in teach.CASE_ROOTS:
        for side in ("left", "right"):
            case = teach.make_case(engine, root, side, rng)
            assert case.findings.motor[side] or root == "T1"
            top = engine.locate(case.drawing(engine.body.n_vertices), case.findings).roots[0]
            if (top.root, top.side) == (root, side):
                hits += 1
            else:
                misses.append((root, side, top.root, top.side))
    assert hits == 2 * len(teach.CASE_ROOTS), misses  # the engine ranks every case's own root first


def test_case_feedback_uses_the_engine_explanation(engine):
    case = teach.make_case(engine, "S1", "left", np.random.default_rng(1))
    assert "achilles" in case.text and "left" in case.text
    ok, text = teach.check_case(engine, case, "S1")
    assert ok and "S1 root fits best" in text
    ok, text = teach.check_case(engine, case, "L4")
    assert not ok and text.startswith("Not quite")


def test_key_muscle_questions_come_from_the_data(engine):
    qs = teach.key_muscle_questions(engine.myotomes)
    by_prompt = {q.prompt: q for q in qs}
    assert by_prompt["Which root does the achilles (ankle jerk) reflex test?"].accepted == ("S1",)
    assert {"L4", "L5"} <= set(by_prompt["Which root mainly drives ankle dorsiflexion?"].accepted)
    assert "elbow_extension" in by_prompt["Which movement does C7 mainly drive?"].accepted
    assert all(set(q.accepted) <= set(q.choices) for q in qs)


# ------------------------------------------------------------------- quiz
def test_the_seed_reproduces_the_question_order(engine):
    keys = [[q.key for q in teach.Quiz(n=12, seed=s, engine=engine).questions] for s in (3, 3, 4)]
    assert keys[0] == keys[1]
    assert keys[0] != keys[2]
    assert len(keys[0]) == 12


def test_a_session_scores_and_reviews_its_mistakes(engine, lee):
    quiz = teach.Quiz(kinds=("which_root", "muscle", "show_me"), n=8, seed=11, engine=engine)
    for k, q in enumerate(quiz.questions):
        wrong = k % 2 == 1
        if q.kind == "show_me":
            painted = np.flatnonzero(lee.column_weights(q.root, q.side) >= (2.0 if wrong else 0.7))
            quiz.answer(painted)
        else:
            quiz.answer("nonsense" if wrong else q.accepted[0])
    assert quiz.finished and quiz.n_correct == 4
    assert sum(r["asked"] for r in quiz.per_root.values()) == 8
    review = quiz.review_mistakes()
    assert [q.key for q in review.questions] == [q.key for q in quiz.questions[1::2]]
    with pytest.raises(IndexError):
        quiz.answer("L5")


def test_progress_round_trips_and_a_corrupt_file_starts_fresh(tmp_path):
    path = tmp_path / "progress.json"
    store = teach.ProgressStore(path)
    store.add({"L5": {"asked": 3, "correct": 2}})
    store.save()
    again = teach.ProgressStore(path)
    again.add({"L5": {"asked": 1, "correct": 1}})
    assert again.accuracy() == {"L5": 0.75}
    assert json.loads(path.read_text())["roots"]["L5"] == {"asked": 3, "correct": 2}
    assert [p.name for p in tmp_path.iterdir()] == ["progress.json"]  # no temporary left over
    for junk in ("{not json", '{"roots": {"L5": {"asked": 1, "correct": 5}}}', "[1, 2]"):
        path.write_text(junk)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert teach.ProgressStore(path).roots == {}
        assert caught


# ------------------------------------------------------------------- teacher
def test_the_tour_runs_from_c2_to_s4_5_in_order(lee, engine):
    from radviz.atlas.myotomes import load_root_summaries

    steps = teach.tour_steps(lee, engine.myotomes, load_root_summaries())
    names = [s.root for s in steps]
    assert names[0] == "C2" and names[-1] == "S4-5"
    assert names == [r for r in lee.map.sequence if lee.map.territories[r].kind == "spinal"]
    l5 = steps[names.index("L5")]
    assert l5.key_point == lee.key_points[("L5", "left")]
    assert l5.summary and l5.description and l5.muscles
    assert any("ankle" in r.lower() or "achilles" in r.lower() for r in steps[names.index("S1")].reflexes)


def test_map_differences_name_the_hand_and_the_foot(lee, body):
    from radviz.atlas import get_atlas

    diffs = teach.map_differences(lee, get_atlas(body, "keegan1948"), body)
    assert diffs
    regions = " ".join(d["region"] for d in diffs)
    assert "hand" in regions and "foot" in regions
    stated = [d for d in diffs if d["kind"] == "stated"]
    assert all("lee2008" in d and "keegan1948" in d for d in stated)
    computed = [d for d in diffs if d["kind"] == "computed"]
    assert computed and all(0 <= d["jaccard"] < 1 for d in computed)
    assert [d["jaccard"] for d in computed] == sorted(d["jaccard"] for d in computed)
