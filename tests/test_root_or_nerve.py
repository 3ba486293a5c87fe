"""Root or nerve? The same drawing and findings scored as roots, single nerves and polyneuropathy."""
import pytest

from tests.conftest import region_points
from tests.test_locate import locate


def _nerve_rank(result, nerve, side="left"):
    return next(n.score for n in result.nerves if n.nerve == nerve and n.side == side)


def _root_score(result, root, side="left"):
    return next(r.score for r in result.roots if r.root == root and r.side == side)


@pytest.fixture
def foot_dorsum(body, coords):
    return [region_points(body, coords, k=4, segment="foot", t=[0.3, 0.8], angle=[340, 40])]


def test_foot_drop_sparing_inversion_and_hip_abduction_is_peroneal(engine, body, foot_dorsum):
    result = locate(engine, body, foot_dorsum, symptom="numbness",
                    weak=["ankle_dorsiflexion", "ankle_eversion", "great_toe_extension"],
                    normal=["ankle_inversion", "hip_abduction"])
    assert result.nerves[0].nerve in ("common_peroneal", "superficial_peroneal", "deep_peroneal")
    assert _nerve_rank(result, "common_peroneal") > _root_score(result, "L5")
    assert "peripheral_nerve" in result.flags
    assert "nerve conduction" in result.explanation.lower()


def test_the_same_foot_drop_with_weak_inversion_and_hip_abduction_is_l5(engine, body, foot_dorsum):
    result = locate(engine, body, foot_dorsum, symptom="numbness",
                    weak=["ankle_dorsiflexion", "ankle_eversion", "great_toe_extension",
                          "ankle_inversion", "hip_abduction"])
    assert result.roots[0].root == "L5"
    assert "peripheral_nerve" not in result.flags


def test_palmar_thumb_index_middle_tingling_is_median(engine, body, coords):
    regions = [region_points(body, coords, k=3, segment="hand", digit=d, t=[0.4, 1.0], angle=[320, 40])
               for d in (1, 2, 3)]
    result = locate(engine, body, regions, symptom="tingling")
    assert result.nerves[0].nerve == "median"
    assert "peripheral_nerve" in result.flags


def test_anterolateral_thigh_burning_without_weakness_is_meralgia(engine, body, coords):
    regions = [region_points(body, coords, k=5, segment="thigh", t=[0.25, 0.75], angle=[40, 100])]
    result = locate(engine, body, regions, symptom="pain")
    assert result.nerves[0].nerve == "lateral_femoral_cutaneous"
    assert "peripheral_nerve" in result.flags


def test_bilateral_saddle_numbness_is_an_emergency(engine, body):
    lm = body.landmarks
    regions = [[body.vertices[lm["l-ischial-tuberosity"]], body.vertices[lm["r-ischial-tuberosity"]],
                body.vertices[lm["anus"]]]]
    result = locate(engine, body, regions, symptom="numbness")
    assert "cauda_equina" in result.flags
    assert "emergency" in result.explanation.lower() or "urgent" in result.explanation.lower()
    # a one-sided buttock patch is not saddle anaesthesia
    one_side = locate(engine, body, [[body.vertices[lm["l-ischial-tuberosity"]]]], symptom="numbness",
                      radius=0.15)
    assert "cauda_equina" not in one_side.flags


def test_brisk_reflexes_point_above_the_roots(engine, body):
    result = locate(engine, body, [], reflexes=[("patellar", "increased")])
    assert "upper_motor_neuron" in result.flags
    result = locate(engine, body, [], signs=["babinski"])
    assert "upper_motor_neuron" in result.flags
    assert "spinal cord" in result.explanation.lower()
