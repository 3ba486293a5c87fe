"""Myotome map: behaviour a clinician would notice, and errors an editor of the YAML would see."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from radviz.atlas.myotomes import (MOVEMENTS, ROOTS, compile_muscle_skin, load_myotomes,
                                   load_root_summaries)
from radviz.errors import InputError

SHIPPED = Path(__file__).resolve().parent.parent / "maps" / "myotomes.yaml"


@pytest.fixture(scope="module")
def mmap():
    return load_myotomes()


@pytest.fixture(scope="module")
def body():
    from radviz.body import default_body

    return default_body()


@pytest.fixture(scope="module")
def skin(mmap, body):
    names, w = compile_muscle_skin(mmap, body)
    return names, w.toarray()


# ------------------------------------------------------------------- movements and roots
def test_every_movement_has_a_root(mmap):
    assert mmap.movements == MOVEMENTS
    for mv in MOVEMENTS:
        assert mmap.movement_roots(mv), mv


KEY = {"elbow_flexion": "C5", "wrist_extension": "C6", "elbow_extension": "C7",
       "finger_flexion": "C8", "finger_abduction": "T1", "hip_flexion": "L2",
       "knee_extension": "L3", "ankle_dorsiflexion": "L4", "great_toe_extension": "L5",
       "ankle_plantarflexion": "S1"}


@pytest.mark.parametrize("movement,root", KEY.items())
def test_isncsci_key_movements_have_their_root_as_main(mmap, movement, root):
    roots = mmap.movement_roots(movement)
    assert roots[root] == pytest.approx(1.0)
    assert roots[root] == max(roots.values())
    assert any(m.key_muscle and m.movements.get(movement, 0) >= 0.5 and m.roots.get(root) == 1.0
               for m in mmap.muscles.values()), "a key muscle carries the key movement"


@pytest.mark.parametrize("reflex,root", [("biceps", "C5"), ("brachioradialis", "C6"),
                                         ("triceps", "C7"), ("patellar", "L4"),
                                         ("medial_hamstring", "L5"), ("achilles", "S1")])
def test_reflex_main_roots(mmap, reflex, root):
    roots = mmap.reflex_roots(reflex)
    assert roots[root] == max(roots.values()) == pytest.approx(1.0)
    assert mmap.root_reflexes(root)[reflex] == pytest.approx(1.0)


def test_patellar_reflex_also_l3(mmap):
    roots = mmap.reflex_roots("patellar")
    assert 0 < roots["L3"] < roots["L4"]


def test_tibialis_anterior_l4_at_least_l5(mmap):
    ta = mmap.muscles["tibialis_anterior"]
    assert ta.roots["L4"] >= ta.roots["L5"] and ta.key_muscle
    assert ta.nerve == "deep_peroneal"


def test_peroneal_lesion_spares_inversion(mmap):
    inv = mmap.movement_nerves("ankle_inversion")
    assert "tibial" in inv and "common_peroneal" not in inv and "deep_peroneal" not in inv
    assert "common_peroneal" in mmap.movement_nerves("ankle_dorsiflexion")  # via deep peroneal
    assert "common_peroneal" in mmap.movement_nerves("ankle_eversion")  # via superficial peroneal
    assert "sciatic" in mmap.movement_nerves("ankle_dorsiflexion")  # the trunk above both


def test_hip_abduction_is_superior_gluteal_and_l5(mmap):
    assert set(mmap.movement_nerves("hip_abduction")) == {"superior_gluteal"}
    roots = mmap.movement_roots("hip_abduction")
    assert roots["L5"] == max(roots.values()) == pytest.approx(1.0)


def test_l5_weakens_the_classic_movements(mmap):
    moves = mmap.root_movements("L5")
    for mv in ("great_toe_extension", "ankle_dorsiflexion", "ankle_inversion", "ankle_eversion",
               "hip_abduction"):
        assert moves.get(mv, 0) >= 0.6, mv
    muscles = [m.name for m, _ in mmap.root_muscles("L5")]
    assert muscles[0] in {m.name for m, w in mmap.root_muscles("L5") if w == 1.0}


def test_root_summaries_cover_every_root(mmap):
    summaries = load_root_summaries()
    assert list(summaries) == list(ROOTS)
    for root, rec in summaries.items():
        assert len(rec["summary"]) > 80, root
        if rec["key_muscle"]:
            assert mmap.movement_roots(rec["key_muscle"])[root] == pytest.approx(1.0)
        if rec["reflex"]:
            assert root in mmap.reflex_roots(rec["reflex"])
    assert {r: summaries[r]["key_muscle"] for r in KEY.values()} == {r: m for m, r in KEY.items()}
    for r in ("T3", "T10"):
        assert r in summaries[r]["summary"]


# ------------------------------------------------------------------- malformed files
def _broken(tmp_path, edit) -> Path:
    raw = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    edit(raw)
    path = tmp_path / "myotomes.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("edit,place,words", [
    (lambda r: r["muscles"]["tibialis_anterior"]["roots"].update(L9="main"),
     "muscles.tibialis_anterior.roots.L9", "C2..C8"),
    (lambda r: r["muscles"]["deltoid"]["movements"].update(shoulder_shrug=1.0),
     "muscles.deltoid.movements.shoulder_shrug", "ankle_inversion"),
    (lambda r: r["muscles"]["deltoid"]["movements"].update(shoulder_abduction=1.5),
     "muscles.deltoid.movements.shoulder_abduction", "0..1"),
    (lambda r: r["muscles"]["biceps"]["roots"].update(C5="major"),
     "muscles.biceps.roots.C5", "secondary"),
    (lambda r: r["muscles"]["biceps"].pop("nerve"), "muscles.biceps.nerve", "missing"),
    (lambda r: r["reflexes"]["achilles"].update(muscle="soleus"), "reflexes.achilles.muscle",
     "gastrocnemius_soleus"),
    (lambda r: r["muscles"]["deltoid"]["skin"][0].update(segment="wing"),
     "muscles.deltoid.skin[0].segment", "forearm"),
])
def test_malformed_files_name_the_place(tmp_path, edit, place, words):
    with pytest.raises(InputError) as err:
        load_myotomes(_broken(tmp_path, edit))
    assert err.value.place == place
    assert words in err.value.reason


def test_yaml_syntax_error_gives_line_and_column(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("schema: radviz-myotomes/1\nmuscles: {deltoid: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_myotomes(path)
    assert err.value.place.startswith("line ") and "column" in err.value.place


def test_non_mapping_yaml(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(InputError, match="mapping"):
        load_myotomes(path)


# ------------------------------------------------------------------- skin regions
def test_every_region_on_both_sides(mmap, body, skin):
    names, w = skin
    assert names == list(mmap.muscles)
    x = body.vertices[:, 0]
    for k, name in enumerate(names):
        on = w[:, k] > 0
        assert (on & (x > 0)).any() and (on & (x < 0)).any(), name


def test_regions_mirror(body, skin):
    names, w = skin
    for k, name in enumerate(names):
        agree = np.mean((w[:, k] > 0) == (w[body.mirror, k] > 0))
        assert agree > 0.995, name


def test_tibialis_anterior_on_the_front_of_the_leg(body, skin):
    names, w = skin
    v = body.vertices
    for side in ("l", "r"):
        knee, ankle = body.joints[f"{side}-knee"], body.joints[f"{side}-ankle"]
        sel = (w[:, names.index("tibialis_anterior")] > 0) & (np.sign(v[:, 0]) == np.sign(knee[0]))
        p = v[sel]
        frac = (p[:, 1] - knee[1]) / (ankle[1] - knee[1])
        axis_z = knee[2] + frac * (ankle[2] - knee[2])
        assert p[:, 2].mean() > axis_z.mean()
        assert 0 <= frac.mean() <= 0.7  # upper two thirds of the leg


def test_deltoid_on_the_shoulder(body, skin):
    names, w = skin
    v = body.vertices
    for side in ("l", "r"):
        shoulder, elbow = body.joints[f"{side}-shoulder"], body.joints[f"{side}-elbow"]
        sel = (w[:, names.index("deltoid")] > 0) & (np.sign(v[:, 0]) == np.sign(shoulder[0]))
        u = elbow - shoulder
        t = (v[sel] - shoulder) @ u / (u @ u)
        assert -0.6 < t.mean() < 0.5  # the shoulder cap and upper half of the arm
        assert np.linalg.norm(v[sel].mean(0) - shoulder) < np.linalg.norm(v[sel].mean(0) - elbow)
